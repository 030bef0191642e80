import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, buildUrl, type ApiQuery } from '../../platform/api.ts';
import { useI18n, type Lang } from '../../platform/i18n.tsx';
import type { SearchHit, SearchResult } from './api.ts';

export type SortKey = 'relevance' | 'price_asc' | 'price_desc' | 'sales' | 'rating' | 'newest';
export const SORTS: readonly SortKey[] = ['relevance', 'price_asc', 'price_desc', 'sales', 'rating', 'newest'];

/** The search as the URL carries it (shareable, survives reloads and the back button). */
export interface SearchState {
  q?: string;
  category?: string;
  supplier?: string;
  /** `key:value`; several values of one key are OR-ed, different keys AND-ed. */
  attr: string[];
  priceMin?: string;
  priceMax?: string;
  inStock?: boolean;
  region?: string;
  sort?: SortKey;
}

export function readSearchState(params: URLSearchParams): SearchState {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const sort = get('sort');
  return {
    q: get('q'),
    category: get('category'),
    supplier: get('supplier'),
    attr: params.getAll('attr').filter(Boolean),
    priceMin: get('priceMin'),
    priceMax: get('priceMax'),
    inStock: params.get('inStock') === '1' || undefined,
    region: get('region'),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : undefined,
  };
}

export function writeSearchState(state: SearchState, keep?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of keep ?? []) if (!['q', 'category', 'supplier', 'attr', 'priceMin', 'priceMax', 'inStock', 'region', 'sort'].includes(k)) out.append(k, v);
  const set = (k: string, v: string | undefined) => {
    if (v) out.set(k, v);
  };
  set('q', state.q);
  set('category', state.category);
  set('supplier', state.supplier);
  for (const a of state.attr) out.append('attr', a);
  set('priceMin', state.priceMin);
  set('priceMax', state.priceMax);
  if (state.inStock) out.set('inStock', '1');
  set('region', state.region);
  if (state.sort && state.sort !== 'relevance') out.set('sort', state.sort);
  return out;
}

/**
 * GET /catalog/search with repeated `attr` parameters (the shared client joins arrays, the route
 * wants one parameter per value).
 */
async function fetchSearch(state: SearchState, extra: { cursor?: string; limit: number; standardItem?: string }, lang: Lang, signal: AbortSignal): Promise<SearchResult> {
  const query: Partial<ApiQuery<'/catalog/search'>> = {
    q: state.q,
    category: state.category,
    supplier: state.supplier,
    priceMin: state.priceMin,
    priceMax: state.priceMax,
    inStock: state.inStock,
    region: state.region,
    sort: state.sort,
    limit: extra.limit,
    cursor: extra.cursor,
    standardItem: extra.standardItem,
  };
  let url = buildUrl('/catalog/search', undefined, query);
  if (state.attr.length) url += `${url.includes('?') ? '&' : '?'}${state.attr.map((a) => `attr=${encodeURIComponent(a)}`).join('&')}`;
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': lang }, signal });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiProblem(body, response.status);
  return body as unknown as SearchResult;
}

export interface CatalogSearch {
  /** The first page: total, facets, ads, match mode. */
  result: SearchResult | undefined;
  items: SearchHit[];
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/** The search results of a state: the first page on change, then "load more" cursor pages. */
export function useCatalogSearch(state: SearchState, options: { limit?: number; standardItem?: string } = {}): CatalogSearch {
  const { lang } = useI18n();
  const limit = options.limit ?? 20;
  const key = JSON.stringify([state, limit, options.standardItem, lang]);
  const [result, setResult] = useState<SearchResult>();
  const [items, setItems] = useState<SearchHit[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    fetchSearch(stateRef.current, { limit, standardItem: options.standardItem }, lang, controller.signal).then(
      (page) => {
        if (mine !== generation.current) return;
        setResult(page);
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== generation.current || controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    fetchSearch(stateRef.current, { limit, cursor, standardItem: options.standardItem }, lang, new AbortController().signal).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err);
        setLoadingMore(false);
      },
    );
  }, [cursor, loadingMore, limit, options.standardItem, lang]);

  return { result, items, loading, loadingMore, error, hasMore: Boolean(cursor), loadMore, reload: useCallback(() => setTick((t) => t + 1), []) };
}
