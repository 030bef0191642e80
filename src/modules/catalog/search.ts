import { sql, type SQL } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import type { Lang } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { organizationsByIds } from '../identity/index.ts';
import { effectiveTemplate, findCategory } from './coding.ts';
import { contractPricesFor, inclTax } from './pricing.ts';
import { displaySpec, type TemplateAttribute } from './specs.ts';
import { normalizeText, parseQuery, toTsQuery, toTsQueryAny } from './tokens.ts';

/**
 * Suspension must hide a supplier at once, before the event handler has flipped its search rows:
 * this reads identity's organisations table directly (a small, indexed set evaluated once per
 * query as a hashed subplan). The only place the catalog reads another module's table; the
 * denormalised `supplier_active` flag keeps indexes and counts right once the handler has run.
 */
const LIVE_SUPPLIER = sql`r.supplier_org_id not in (select o.id from organizations o where o.status = 'suspended')`;

export type SortKey = 'relevance' | 'price_asc' | 'price_desc' | 'sales' | 'rating' | 'newest';

export interface SearchParams {
  q?: string;
  category?: string;
  supplier?: string;
  standardItem?: string;
  /** `key:value` pairs; several values of one key are OR-ed, different keys AND-ed. */
  attr?: string[];
  priceMin?: string;
  priceMax?: string;
  inStock?: boolean;
  region?: string;
  sort?: SortKey;
  limit?: number;
  cursor?: string;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchHit {
  skuId: string;
  productId: string;
  supplierOrgId: string;
  supplierName: string;
  standardItemId: string | null;
  categoryCode: string;
  title: string;
  titleZh: string;
  titleEn: string | null;
  brand: string | null;
  model: string | null;
  skuCode: string;
  uom: string;
  listPrice: string;
  listPriceInclTax: string;
  /** The signed-in buyer's contract price when one applies, else null. */
  contractPrice: string | null;
  contractPriceInclTax: string | null;
  taxRate: string;
  currency: 'CNY';
  availableQty: string;
  inStock: boolean;
  leadTimeDays: number;
  salesCount: number;
  rating: string | null;
  regions: string[];
  attrs: Record<string, string>;
  /** How many suppliers offer the same standard item (price comparison), when linked. */
  offerCount: number | null;
  imageFileId: string | null;
}

export interface AdHit extends SearchHit {
  ad: true;
  label: string;
  placementId: string;
}

export interface SearchResult {
  total: number;
  items: SearchHit[];
  nextCursor: string | null;
  ads: AdHit[];
  facets: {
    categories: FacetValue[];
    suppliers: FacetValue[];
    attributes: Array<{ key: string; name: string; unit: string | null; values: FacetValue[] }>;
    priceRanges: Array<FacetValue & { min: string | null; max: string | null }>;
    inStock: number;
    regions: FacetValue[];
  };
  /** How the query matched: exact tokens, or the typo-tolerant fallback. */
  matchMode: 'all' | 'fuzzy' | 'browse';
  took_ms: number;
  cached: boolean;
}

const PRICE_BUCKETS: Array<[number | null, number | null]> = [
  [null, 100],
  [100, 1000],
  [1000, 10000],
  [10000, 100000],
  [100000, null],
];

interface CachedAnswer {
  key: string;
  generation: string;
  suspended: string;
  at: number;
  result: Omit<SearchResult, 'ads' | 'took_ms' | 'cached'> & { rawItems: RawRow[] };
}

/**
 * An in-process cache of search answers. An answer is reused only while the catalog's search
 * generation and the set of suspended suppliers are what they were when it was computed, and for
 * at most `ttlMs`; both are read from the database on every request (one small query), so a
 * change committed anywhere — in any process — is seen by the next request.
 */
export class SearchCache {
  private readonly entries = new Map<string, CachedAnswer>();
  constructor(
    readonly maxEntries = 5000,
    readonly ttlMs = 300_000,
  ) {}
  get(key: string, generation: string, suspended: string): CachedAnswer | null {
    const hit = this.entries.get(key);
    if (!hit) return null;
    if (hit.generation !== generation || hit.suspended !== suspended || Date.now() - hit.at > this.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }
  set(answer: CachedAnswer): void {
    this.entries.set(answer.key, answer);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

/**
 * Listing, content and supplier changes invalidate cached answers at once (generation); stock
 * levels change with every order and only age them out: in-stock figures may lag by this much.
 */
export const STOCK_STALENESS_MS = 15_000;
export const searchCache = new SearchCache(5000, STOCK_STALENESS_MS);

interface RawRow {
  sku_id: string;
  product_id: string;
  supplier_org_id: string;
  standard_item_id: string | null;
  category_code: string;
  title_zh: string;
  title_en: string | null;
  brand: string | null;
  model: string | null;
  sku_code: string;
  uom: string;
  price: string;
  tax_rate: string;
  available_qty: string;
  in_stock: boolean;
  lead_time_days: number;
  sales_count: number;
  rating: string | null;
  regions: string[];
  attrs: Record<string, string>;
}

const ROW_COLUMNS = sql`r.sku_id, r.product_id, r.supplier_org_id, r.standard_item_id, r.category_code, r.title_zh, r.title_en, r.brand, r.model,
  r.sku_code, r.uom, r.price::text as price, r.tax_rate::text as tax_rate, r.available_qty::text as available_qty, r.in_stock,
  r.lead_time_days, r.sales_count, r.rating::text as rating, r.regions, r.attrs`;

function filterConditions(p: SearchParams): SQL[] {
  const c: SQL[] = [sql`r.visible`, LIVE_SUPPLIER];
  if (p.category) c.push(sql`r.category_code like ${`${p.category}%`}`);
  if (p.supplier) c.push(sql`r.supplier_org_id = ${p.supplier}`);
  if (p.standardItem) c.push(sql`r.standard_item_id = ${p.standardItem}`);
  if (p.priceMin) c.push(sql`r.price >= ${new Decimal(p.priceMin).toFixed(4)}::numeric`);
  if (p.priceMax) c.push(sql`r.price < ${new Decimal(p.priceMax).toFixed(4)}::numeric`);
  if (p.inStock) c.push(sql`r.in_stock`);
  if (p.region) c.push(sql`(${p.region} = any(r.regions) or '全国' = any(r.regions))`);
  const byKey = new Map<string, string[]>();
  for (const pair of p.attr ?? []) {
    const i = pair.indexOf(':');
    if (i <= 0) continue;
    const key = pair.slice(0, i);
    byKey.set(key, [...(byKey.get(key) ?? []), pair.slice(i + 1)]);
  }
  for (const [key, values] of byKey) {
    c.push(sql`(${sql.join(values.map((v) => sql`r.attrs @> ${JSON.stringify({ [key]: v })}::jsonb`), sql` or `)})`);
  }
  return c;
}

/** Public catalog search: visible SKUs only, with facets, cursor pagination and labelled ads. */
export async function searchCatalog(ctx: Ctx, params: SearchParams): Promise<SearchResult> {
  const started = performance.now();
  const limit = Math.min(params.limit ?? 20, 100);
  const offset = Math.max(0, Number(decodeCursor(params.cursor, ['integer'])?.[0] ?? 0));
  const q = (params.q ?? '').trim();
  const key = JSON.stringify({ ...params, q: normalizeText(q), limit, cursor: undefined, offset, lang: ctx.lang });
  const [state] = await query<{ g: string; s: string | null }>(
    ctx.db,
    sql`select generation::text as g, (select string_agg(id, ',' order by id) from organizations where status = 'suspended') as s from catalog_search_state where id = 1`,
  );
  const generation = state?.g ?? '0';
  const suspended = state?.s ?? '';
  let cached = true;
  let answer = searchCache.get(key, generation, suspended);
  if (!answer) {
    cached = false;
    answer = { key, generation, suspended, at: Date.now(), result: await runSearch(ctx.db, ctx.lang, params, q, limit, offset) };
    searchCache.set(answer);
  }
  const buyerOrgId = ctx.actor?.orgKinds.includes('buyer') ? ctx.actor.orgId : null;
  const { rawItems, ...rest } = answer.result;
  const items = buyerOrgId ? await overlayContractPrices(ctx.db, buyerOrgId, rest.items) : rest.items;
  const ads = offset === 0 ? await placeAds(ctx, params, q) : [];
  void rawItems;
  return { ...rest, items, ads, took_ms: Math.round((performance.now() - started) * 100) / 100, cached };
}

async function overlayContractPrices(tx: Tx, buyerOrgId: string, items: SearchHit[]): Promise<SearchHit[]> {
  const contracts = await contractPricesFor(tx, buyerOrgId, items.map((i) => i.skuId));
  if (!contracts.size) return items;
  return items.map((i) => {
    const c = contracts.get(i.skuId);
    return c ? { ...i, contractPrice: new Decimal(c.unitPrice).toFixed(2), contractPriceInclTax: inclTax(c.unitPrice, i.taxRate).toFixed(2) } : i;
  });
}

function orderBy(sort: SortKey, ranked: boolean): SQL {
  switch (sort) {
    case 'price_asc':
      return sql`r.price asc, r.sku_id asc`;
    case 'price_desc':
      return sql`r.price desc, r.sku_id asc`;
    case 'sales':
      return sql`r.sales_count desc, r.sku_id asc`;
    case 'rating':
      return sql`r.rating desc nulls last, r.sales_count desc, r.sku_id asc`;
    case 'newest':
      return sql`r.created_at desc, r.sku_id asc`;
    default:
      return ranked ? sql`rank desc, r.sales_count desc, r.sku_id asc` : sql`r.sales_count desc, r.sku_id asc`;
  }
}

async function runSearch(tx: Tx, lang: Lang, params: SearchParams, q: string, limit: number, offset: number): Promise<CachedAnswer['result']> {
  const parsed = q ? parseQuery(q) : null;
  const base = filterConditions(params);
  let matchMode: SearchResult['matchMode'] = 'browse';
  let where = base;
  let rank: SQL = sql`0`;
  if (parsed && parsed.groups.length) {
    matchMode = 'all';
    const tsq = toTsQuery(parsed.groups);
    where = [...base, sql`r.tsv @@ to_tsquery('simple', ${tsq})`];
    rank = sql`ts_rank(r.tsv, to_tsquery('simple', ${toTsQueryAny(parsed.groups, parsed.boost)}))`;
  }
  let result = await page(tx, where, rank, params, limit, offset, lang);
  if (parsed && result.total === 0 && parsed.latin) {
    // Typo tolerance: no exact token match, so match Latin words by trigram word similarity.
    matchMode = 'fuzzy';
    const cjkGroups = parsed.groups.filter((g) => g.some((alt) => alt.some((t) => /[\u3400-\u9fff]/.test(t))));
    const fuzzy = [...base, sql`${parsed.latin} <% r.latin`];
    if (cjkGroups.length) fuzzy.push(sql`r.tsv @@ to_tsquery('simple', ${toTsQuery(cjkGroups)})`);
    result = await tx.transaction(async (t) => {
      await query(t, sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
      return page(t, fuzzy, sql`word_similarity(${parsed.latin}, r.latin)`, params, limit, offset, lang);
    });
  }
  return { ...result, matchMode };
}

async function page(tx: Tx, where: SQL[], rank: SQL, params: SearchParams, limit: number, offset: number, lang: Lang) {
  const condition = sql.join(where, sql` and `);
  const sort = params.sort ?? 'relevance';
  const rows = await query<RawRow>(
    tx,
    sql`select ${ROW_COLUMNS}, ${rank} as rank from catalog_search_rows r where ${condition}
        order by ${orderBy(sort, true)} limit ${limit + 1} offset ${offset}`,
  );
  const facets = await computeFacets(tx, condition, params, lang);
  const pageRows = rows.slice(0, limit);
  const items = await hydrate(tx, pageRows, lang);
  return {
    total: facets.total,
    items,
    rawItems: pageRows,
    nextCursor: rows.length > limit ? encodeCursor([offset + limit]) : null,
    facets: facets.facets,
  };
}

async function computeFacets(tx: Tx, condition: SQL, params: SearchParams, lang: Lang) {
  const level = params.category ? params.category.length + 2 : 2;
  const template = params.category ? (await effectiveTemplate(tx, params.category)).filter((a) => a.filterable) : [];
  const attrKeys = template.map((a) => a.key);
  const bucketCase = sql.join(
    PRICE_BUCKETS.map(([min, max], i) => {
      const lo = min === null ? sql`true` : sql`r.price >= ${min}`;
      const hi = max === null ? sql`true` : sql`r.price < ${max}`;
      return sql`when ${lo} and ${hi} then ${i}`;
    }),
    sql` `,
  );
  const [row] = await query<{
    total: number;
    in_stock: number;
    categories: Array<{ v: string; n: number }> | null;
    suppliers: Array<{ v: string; n: number }> | null;
    prices: Array<{ v: number; n: number }> | null;
    regions: Array<{ v: string; n: number }> | null;
    attrs: Array<{ k: string; v: string; n: number }> | null;
  }>(
    tx,
    sql`with m as materialized (
          select r.category_code, r.supplier_org_id, r.price, r.in_stock, r.regions, r.attrs from catalog_search_rows r where ${condition}
        )
        select (select count(*)::int from m) as total,
               (select count(*)::int from m where in_stock) as in_stock,
               (select json_agg(x) from (select substr(category_code, 1, ${level}) as v, count(*)::int as n from m
                  where length(category_code) >= ${level} group by 1 order by 2 desc, 1 limit 50) x) as categories,
               (select json_agg(x) from (select supplier_org_id as v, count(*)::int as n from m group by 1 order by 2 desc, 1 limit 30) x) as suppliers,
               (select json_agg(x) from (select case ${bucketCase} end as v, count(*)::int as n from m as r group by 1 order by 1) x) as prices,
               (select json_agg(x) from (select unnest(regions) as v, count(*)::int as n from m group by 1 order by 2 desc, 1 limit 40) x) as regions,
               ${
                 attrKeys.length
                   ? sql`(select json_agg(x) from (select e.key as k, e.value as v, count(*)::int as n from m, jsonb_each_text(m.attrs) e
                          where e.key in (${sql.join(attrKeys.map((k) => sql`${k}`), sql`, `)}) group by 1, 2 order by 1, 3 desc, 2) x)`
                   : sql`null`
               } as attrs`,
  );
  const categoryCodes = (row?.categories ?? []).map((c) => c.v);
  const names = categoryCodes.length
    ? await query<{ code: string; name_zh: string; name_en: string }>(tx, sql`select code, name_zh, name_en from catalog_categories where code in (${sql.join(categoryCodes.map((c) => sql`${c}`), sql`, `)})`)
    : [];
  const nameOf = new Map(names.map((n) => [n.code, lang === 'en' ? n.name_en : n.name_zh]));
  const supplierIds = (row?.suppliers ?? []).map((s) => s.v);
  const orgs = await organizationsByIds(tx, supplierIds);
  const orgName = new Map(orgs.map((o) => [o.id, lang === 'en' ? (o.nameEn ?? o.name) : o.name]));
  const attrByKey = new Map(template.map((a) => [a.key, a]));
  const attributes = template
    .map((a) => ({
      key: a.key,
      name: lang === 'en' ? a.nameEn : a.nameZh,
      unit: a.unit,
      values: (row?.attrs ?? [])
        .filter((x) => x.k === a.key)
        .map((x) => ({ value: x.v, label: displaySpec(attrByKey.get(x.k), parseFacet(a, x.v), lang), count: x.n })),
    }))
    .filter((a) => a.values.length);
  return {
    total: row?.total ?? 0,
    facets: {
      categories: (row?.categories ?? []).map((c) => ({ value: c.v, label: nameOf.get(c.v) ?? c.v, count: c.n })),
      suppliers: (row?.suppliers ?? []).map((s) => ({ value: s.v, label: orgName.get(s.v) ?? s.v, count: s.n })),
      attributes,
      priceRanges: (row?.prices ?? []).map((p) => {
        const [min, max] = PRICE_BUCKETS[p.v]!;
        const label = max === null ? `≥ ${min}` : min === null ? `< ${max}` : `${min} – ${max}`;
        return { value: `${min ?? ''}-${max ?? ''}`, label, min: min === null ? null : String(min), max: max === null ? null : String(max), count: p.n };
      }),
      inStock: row?.in_stock ?? 0,
      regions: (row?.regions ?? []).map((r) => ({ value: r.v, label: r.v, count: r.n })),
    },
  };
}

function parseFacet(a: TemplateAttribute, v: string) {
  if (a.type === 'number') return Number(v);
  if (a.type === 'boolean') return v === 'true';
  return v;
}

/** Turns search rows into hits: supplier names, offer counts of standard items, first image. */
export async function hydrate(tx: Tx, rows: RawRow[], lang: Lang): Promise<SearchHit[]> {
  if (!rows.length) return [];
  const orgs = await organizationsByIds(tx, [...new Set(rows.map((r) => r.supplier_org_id))]);
  const orgName = new Map(orgs.map((o) => [o.id, lang === 'en' ? (o.nameEn ?? o.name) : o.name]));
  const itemIds = [...new Set(rows.map((r) => r.standard_item_id).filter((x): x is string => Boolean(x)))];
  const productIds = [...new Set(rows.map((r) => r.product_id))];
  const [offers, images] = await Promise.all([
    itemIds.length
      ? query<{ id: string; n: number }>(
          tx,
          sql`select r.standard_item_id as id, count(distinct r.supplier_org_id)::int as n from catalog_search_rows r
              where r.visible and ${LIVE_SUPPLIER} and r.standard_item_id in (${sql.join(itemIds.map((i) => sql`${i}`), sql`, `)}) group by 1`,
        )
      : Promise.resolve([]),
    query<{ product_id: string; id: string }>(
      tx,
      sql`select distinct on (product_id) product_id, id from catalog_files where kind = 'image'
          and product_id in (${sql.join(productIds.map((i) => sql`${i}`), sql`, `)}) order by product_id, sort_order, created_at`,
    ),
  ]);
  const offerCount = new Map(offers.map((o) => [o.id, o.n]));
  const imageOf = new Map(images.map((i) => [i.product_id, i.id]));
  return rows.map((r) => ({
    skuId: r.sku_id,
    productId: r.product_id,
    supplierOrgId: r.supplier_org_id,
    supplierName: orgName.get(r.supplier_org_id) ?? '',
    standardItemId: r.standard_item_id,
    categoryCode: r.category_code,
    title: lang === 'en' ? (r.title_en ?? r.title_zh) : r.title_zh,
    titleZh: r.title_zh,
    titleEn: r.title_en,
    brand: r.brand,
    model: r.model,
    skuCode: r.sku_code,
    uom: r.uom,
    listPrice: new Decimal(r.price).toFixed(2),
    listPriceInclTax: inclTax(r.price, r.tax_rate).toFixed(2),
    contractPrice: null,
    contractPriceInclTax: null,
    taxRate: new Decimal(r.tax_rate).toString(),
    currency: 'CNY' as const,
    availableQty: new Decimal(r.available_qty).toString(),
    inStock: r.in_stock,
    leadTimeDays: r.lead_time_days,
    salesCount: r.sales_count,
    rating: r.rating,
    regions: r.regions,
    attrs: r.attrs,
    offerCount: r.standard_item_id ? (offerCount.get(r.standard_item_id) ?? 0) : null,
    imageFileId: imageOf.get(r.product_id) ?? null,
  }));
}

/**
 * Paid ranking (竞价排名): up to two active bids on the query's keyword or the browsed category
 * (or an ancestor), highest bid first, for products buyers may see. Each shown ad is recorded as
 * a placement and counts an impression; the hit is labelled 广告/Ad.
 */
async function placeAds(ctx: Ctx, params: SearchParams, q: string): Promise<AdHit[]> {
  const keyword = q ? normalizeText(q).replace(/\s+/g, ' ').trim() : null;
  const cats = params.category ? ancestorList(params.category) : [];
  if (!keyword && !cats.length) return [];
  const targets: SQL[] = [];
  if (keyword) targets.push(sql`(b.target_type = 'keyword' and b.target = ${keyword})`);
  if (cats.length) targets.push(sql`(b.target_type = 'category' and b.target in (${sql.join(cats.map((c) => sql`${c}`), sql`, `)}))`);
  const winners = await query<{ bid_id: string; bid_amount: string; sku_id: string } & RawRow>(
    ctx.db,
    sql`select distinct on (b.product_id) b.id as bid_id, b.bid_amount::text as bid_amount, ${ROW_COLUMNS}
        from catalog_ad_bids b
        join lateral (select * from catalog_search_rows r where r.product_id = b.product_id and r.visible and ${LIVE_SUPPLIER} order by r.price limit 1) r on true
        where b.status = 'active' and (${sql.join(targets, sql` or `)})
        order by b.product_id, b.bid_amount desc`,
  );
  if (!winners.length) return [];
  const top = winners.sort((a, b) => new Decimal(b.bid_amount).cmp(a.bid_amount) || a.bid_id.localeCompare(b.bid_id)).slice(0, 2);
  const hits = await hydrate(ctx.db, top, ctx.lang);
  const viewerOrgId = ctx.actor?.orgId ?? null;
  const placements = top.map((w, i) => ({ id: newId('adp'), bid: w, slot: i + 1 }));
  await ctx.db.transaction(async (tx) => {
    for (const p of placements) {
      await query(
        tx,
        sql`insert into catalog_ad_placements (id, bid_id, supplier_org_id, product_id, query, category_code, slot, bid_amount, viewer_org_id)
            values (${p.id}, ${p.bid.bid_id}, ${p.bid.supplier_org_id}, ${p.bid.product_id}, ${keyword}, ${params.category ?? null}, ${p.slot}, ${p.bid.bid_amount}::numeric, ${viewerOrgId})`,
      );
      await query(tx, sql`update catalog_ad_bids set impressions = impressions + 1 where id = ${p.bid.bid_id}`);
    }
  });
  return hits.map((h, i) => ({ ...h, ad: true as const, label: ctx.lang === 'en' ? 'Ad' : '广告', placementId: placements[i]!.id }));
}

function ancestorList(code: string): string[] {
  const out: string[] = [];
  for (let i = 2; i <= code.length; i += 2) out.push(code.slice(0, i));
  return out;
}

/** Records a click on a shown ad (once per placement). */
export async function recordAdClick(ctx: Ctx, placementId: string): Promise<{ productId: string } | null> {
  return ctx.db.transaction(async (tx) => {
    const rows = await query<{ bid_id: string; product_id: string }>(
      tx,
      sql`update catalog_ad_placements set clicked_at = now() where id = ${placementId} and clicked_at is null returning bid_id, product_id`,
    );
    if (!rows[0]) {
      const [seen] = await query<{ product_id: string }>(tx, sql`select product_id from catalog_ad_placements where id = ${placementId}`);
      return seen ? { productId: seen.product_id } : null;
    }
    await query(tx, sql`update catalog_ad_bids set clicks = clicks + 1 where id = ${rows[0].bid_id}`);
    return { productId: rows[0].product_id };
  });
}

export { findCategory };
