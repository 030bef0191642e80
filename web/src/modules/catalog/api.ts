import { useMemo } from 'react';
import { api, ApiProblem, buildUrl, type ApiPath, type ApiResponse } from '../../platform/api.ts';
import { useI18n, type Lang } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';

// Types of the catalog API, named once for the pages (all generated from the route schemas).
export type Category = ApiResponse<'/catalog/categories'>['items'][number];
export type CategoryDetail = ApiResponse<'/catalog/categories/{code}'>;
export type Attribute = CategoryDetail['attributes'][number];
export type SearchResult = ApiResponse<'/catalog/search'>;
export type SearchHit = SearchResult['items'][number];
export type AdHit = SearchResult['ads'][number];
export type Facets = SearchResult['facets'];
export type PublicProduct = ApiResponse<'/catalog/products/{productId}'>;
export type PublicSku = PublicProduct['skus'][number];
export type PriceView = PublicSku['price'];
export type SkuPrice = ApiResponse<'/catalog/skus/{skuId}/price'>;
export type Comparison = ApiResponse<'/catalog/standard-items/{itemId}/offers'>;
export type Offer = Comparison['offers'][number];
export type StandardItem = ApiResponse<'/catalog/standard-items/{itemId}'>;
export type Storefront = ApiResponse<'/catalog/storefronts/{supplierId}'>;
export type OwnStorefront = ApiResponse<'/catalog/my/storefront'>;
export type OwnProductRow = ApiResponse<'/catalog/my/products'>['items'][number];
export type ProductDetail = ApiResponse<'/catalog/my/products/{productId}'>;
export type OwnProduct = ProductDetail['product'];
export type OwnSku = ProductDetail['skus'][number];
export type ProductFile = ProductDetail['files'][number];
export type ReviewEntry = NonNullable<ProductDetail['reviews']>[number];
export type Agreement = ApiResponse<'/catalog/agreements/{agreementId}'>;
export type AgreementItem = NonNullable<Agreement['items']>[number];
export type AdBid = ApiResponse<'/catalog/my/ad-bids'>['items'][number];
export type ImportReport = ApiResponse<'/catalog/coding/import', 'post'>;
export type PriceHistoryEntry = ApiResponse<'/catalog/my/skus/{skuId}/price-history'>['items'][number];
export type SpecValue = string | number | boolean;
export type SpecInput = SpecValue | { value: number | string; unit: string };

/** A node of the category tree built from the flat, code-ordered list. */
export interface CategoryNode {
  code: string;
  name: string;
  category: Category;
  children: CategoryNode[];
}

export interface CategoryTree {
  roots: CategoryNode[];
  byCode: Map<string, CategoryNode>;
  /** The category and its ancestors, root first. */
  pathOf(code: string): CategoryNode[];
  /** `电线电缆 / 电力电缆 / …` in the UI language. */
  pathName(code: string, separator?: string): string;
}

export function buildCategoryTree(items: readonly Category[]): CategoryTree {
  const byCode = new Map<string, CategoryNode>();
  const roots: CategoryNode[] = [];
  const sorted = [...items].sort((a, b) => a.code.length - b.code.length || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  for (const c of sorted) {
    const node: CategoryNode = { code: c.code, name: c.name, category: c, children: [] };
    byCode.set(c.code, node);
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const pathOf = (code: string) => {
    const out: CategoryNode[] = [];
    for (let i = 2; i <= code.length; i += 2) {
      const node = byCode.get(code.slice(0, i));
      if (node) out.push(node);
    }
    return out;
  };
  return {
    roots,
    byCode,
    pathOf,
    pathName: (code, separator = ' / ') => pathOf(code).map((n) => n.name).join(separator) || code,
  };
}

const treeCache = new Map<string, Promise<Category[]>>();

/** The whole coding tree in the UI language, loaded once per language (and again after `reload`). */
export function useCategoryTree(options: { includeRetired?: boolean } = {}) {
  const { lang } = useI18n();
  const key = `${lang}:${options.includeRetired ? 'all' : 'active'}`;
  const data = useApiData(() => {
    let pending = treeCache.get(key);
    if (!pending) {
      pending = api.get('/catalog/categories', { query: { includeRetired: options.includeRetired } }).then((r) => r.items);
      pending.catch(() => treeCache.delete(key));
      treeCache.set(key, pending);
    }
    return pending;
  }, [key]);
  const tree = useMemo(() => buildCategoryTree(data.data ?? []), [data.data]);
  return {
    tree,
    loading: data.loading,
    error: data.error,
    /** Forgets the cached tree (after an edit) and loads it again. */
    reload() {
      for (const k of [...treeCache.keys()]) treeCache.delete(k);
      data.reload();
    },
  };
}

/** A product's name in the UI language (English falls back to Chinese). */
export function productName(p: { nameZh: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && p.nameEn ? p.nameEn : p.nameZh;
}

export function fileUrl(fileId: string): string {
  return buildUrl('/catalog/files/{fileId}', { fileId });
}

/**
 * Downloads a file (export, template) through the session, with a query string, and hands it to
 * the browser as a file save. Problems come back as `ApiProblem` like every other call.
 */
export async function downloadWithQuery(path: ApiPath, query: Record<string, string>, fallbackName: string, lang: Lang): Promise<void> {
  const response = await fetch(buildUrl(path, undefined, query), { credentials: 'same-origin', headers: { 'accept-language': lang } });
  if (!response.ok) {
    let body: Record<string, unknown> = {};
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      body = { title: `HTTP ${response.status}` };
    }
    throw new ApiProblem(body, response.status);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="([^"]+)"/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** A fresh Idempotency-Key for one user action (a retry of the same action reuses it). */
export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const templateCache = new Map<string, Promise<Attribute[]>>();

/** The effective templates of several categories (for naming spec values), cached per language. */
export function useTemplates(codes: readonly string[]): Map<string, Attribute[]> {
  const { lang } = useI18n();
  const key = [...new Set(codes)].sort().join(',');
  const data = useApiData(async () => {
    const unique = key ? key.split(',') : [];
    const pairs = await Promise.all(
      unique.map(async (code) => {
        const k = `${lang}:${code}`;
        let pending = templateCache.get(k);
        if (!pending) {
          pending = api.get('/catalog/categories/{code}', { params: { code } }).then((r) => r.attributes);
          pending.catch(() => templateCache.delete(k));
          templateCache.set(k, pending);
        }
        return [code, await pending.catch(() => [] as Attribute[])] as const;
      }),
    );
    return new Map(pairs);
  }, [key, lang]);
  return data.data ?? EMPTY_TEMPLATES;
}
const EMPTY_TEMPLATES = new Map<string, Attribute[]>();
