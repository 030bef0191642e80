import { and, eq, inArray, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import type { Lang } from '../../platform/i18n.ts';
import { notFound } from '../../platform/problem.ts';
import { getOrganization, type Organization } from '../identity/index.ts';
import { ancestorCodes, effectiveTemplate, getStandardItem, type StandardItem } from './coding.ts';
import { priceForBuyer, type BuyerPrice } from './pricing.ts';
import { loadDetail, type ProductDetail, type Product, type Sku } from './products.ts';
import { categories, products, skus, storefronts } from './schema.ts';
import { bumpSearchGeneration } from './search-rows.ts';
import { displaySpec, type TemplateAttribute } from './specs.ts';

export type Storefront = typeof storefronts.$inferSelect;

/** Buyers see a product only when it is approved, on the shelf and its supplier is active. */
export function isProductVisible(product: Product, supplier: Organization): boolean {
  return product.reviewStatus === 'approved' && product.active && supplier.status === 'active';
}

async function visibleSupplier(tx: Tx, orgId: string): Promise<Organization | null> {
  const org = await getOrganization(tx, orgId).catch(() => null);
  return org && org.status === 'active' && org.kinds.includes('supplier') ? org : null;
}

export interface PriceView {
  quantity: string;
  unitPrice: string;
  unitPriceInclTax: string;
  taxRate: string;
  currency: 'CNY';
  source: BuyerPrice['source'];
  agreementId: string | null;
  agreementItemId: string | null;
  listPrice: string;
  listPriceInclTax: string;
  lineTotal: string;
  lineTotalInclTax: string;
}

export function toPriceView(p: BuyerPrice, quantity: Decimal.Value): PriceView {
  const q = new Decimal(quantity);
  const lineTotal = p.unitPrice.times(q).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return {
    quantity: q.toString(),
    unitPrice: p.unitPrice.toFixed(2),
    unitPriceInclTax: p.unitPriceInclTax.toFixed(2),
    taxRate: p.taxRate.toString(),
    currency: 'CNY',
    source: p.source,
    agreementId: p.agreementId ?? null,
    agreementItemId: p.agreementItemId ?? null,
    listPrice: p.listPrice.toFixed(2),
    listPriceInclTax: p.listPrice.times(p.taxRate.plus(1)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    lineTotal: lineTotal.toFixed(2),
    lineTotalInclTax: lineTotal.times(p.taxRate.plus(1)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
  };
}

export interface SpecLine {
  key: string;
  name: string;
  value: string | number | boolean;
  display: string;
  unit: string | null;
}

export function specLines(template: TemplateAttribute[], specs: Record<string, string | number | boolean>, lang: Lang): SpecLine[] {
  return template
    .filter((a) => specs[a.key] !== undefined)
    .map((a) => ({ key: a.key, name: lang === 'en' ? a.nameEn : a.nameZh, value: specs[a.key]!, display: displaySpec(a, specs[a.key]!, lang), unit: a.unit }));
}

export interface PublicProduct {
  product: Product;
  category: { code: string; path: Array<{ code: string; name: string }> };
  supplier: { id: string; name: string; region: string | null; tier: string | null; rating: string | null };
  specs: SpecLine[];
  template: TemplateAttribute[];
  skus: Array<Sku & { tiers: ProductDetail['skus'][number]['tiers']; specLines: SpecLine[]; price: PriceView; standardItem: { id: string; code: string; name: string; offerCount: number } | null }>;
  files: ProductDetail['files'];
}

/** A product as a buyer sees it, with the price for the buyer's organisation at each SKU's MOQ. */
export async function getPublicProduct(tx: Tx, productId: string, viewer: { buyerOrgId: string | null; lang: Lang }): Promise<PublicProduct> {
  const [product] = await tx.select().from(products).where(eq(products.id, productId));
  const supplier = product ? await visibleSupplier(tx, product.supplierOrgId) : null;
  if (!product || !supplier || !isProductVisible(product, supplier)) throw notFound('product', productId);
  const detail = await loadDetail(tx, productId);
  const template = await effectiveTemplate(tx, product.categoryCode);
  const path = await tx.select().from(categories).where(inArray(categories.code, ancestorCodes(product.categoryCode)));
  const [front] = await tx.select().from(storefronts).where(eq(storefronts.supplierOrgId, supplier.id));
  const activeSkus = detail.skus.filter((s) => s.active);
  const itemIds = [...new Set(activeSkus.map((s) => s.standardItemId).filter((x): x is string => Boolean(x)))];
  const offerCounts = itemIds.length
    ? await query<{ id: string; code: string; name_zh: string; name_en: string; n: number }>(
        tx,
        sql`select i.id, i.code, i.name_zh, i.name_en, (select count(distinct r.supplier_org_id)::int from catalog_search_rows r
              where r.standard_item_id = i.id and r.visible and r.supplier_org_id not in (select o.id from organizations o where o.status = 'suspended')) as n
            from catalog_standard_items i where i.id in (${sql.join(itemIds.map((i) => sql`${i}`), sql`, `)})`,
      )
    : [];
  const itemInfo = new Map(offerCounts.map((o) => [o.id, { id: o.id, code: o.code, name: viewer.lang === 'en' ? o.name_en : o.name_zh, offerCount: o.n }]));
  const lang = viewer.lang;
  return {
    product,
    category: {
      code: product.categoryCode,
      path: path.sort((a, b) => a.code.length - b.code.length).map((c) => ({ code: c.code, name: lang === 'en' ? c.nameEn : c.nameZh })),
    },
    supplier: { id: supplier.id, name: lang === 'en' ? (supplier.nameEn ?? supplier.name) : supplier.name, region: supplier.region, tier: front?.tier ?? null, rating: front?.rating ?? null },
    specs: specLines(template, product.specs, lang),
    template,
    skus: await Promise.all(
      activeSkus.map(async (s) => ({
        ...s,
        specLines: specLines(template, s.specs, lang),
        price: toPriceView(await priceForBuyer(tx, { skuId: s.id, buyerOrgId: viewer.buyerOrgId, quantity: s.moq }), s.moq),
        standardItem: s.standardItemId ? (itemInfo.get(s.standardItemId) ?? null) : null,
      })),
    ),
    files: detail.files,
  };
}

export interface Offer {
  skuId: string;
  productId: string;
  supplierOrgId: string;
  supplierName: string;
  supplierTier: string | null;
  rating: string | null;
  skuCode: string;
  title: string;
  uom: string;
  moq: string;
  increment: string;
  availableQty: string;
  inStock: boolean;
  leadTimeDays: number;
  price: PriceView;
}

/** Same-item price comparison: every visible offer on a standard item, cheapest for this buyer first. */
export async function compareOffers(tx: Tx, standardItemId: string, viewer: { buyerOrgId: string | null; lang: Lang; quantity?: string }): Promise<{ item: StandardItem; specs: SpecLine[]; offers: Offer[] }> {
  const item = await getStandardItem(tx, standardItemId);
  const rows = await query<{ sku_id: string; product_id: string; supplier_org_id: string; sku_code: string; title_zh: string; title_en: string | null; uom: string; available_qty: string; in_stock: boolean; lead_time_days: number; rating: string | null; moq: string; increment: string }>(
    tx,
    sql`select r.sku_id, r.product_id, r.supplier_org_id, r.sku_code, r.title_zh, r.title_en, r.uom, r.available_qty::text, r.in_stock, r.lead_time_days,
          r.rating::text, s.moq::text, s.increment::text
        from catalog_search_rows r join catalog_skus s on s.id = r.sku_id
        where r.standard_item_id = ${standardItemId} and r.visible
          and r.supplier_org_id not in (select o.id from organizations o where o.status = 'suspended')`,
  );
  const template = await effectiveTemplate(tx, item.categoryCode);
  const offers: Offer[] = [];
  for (const r of rows) {
    const supplier = await visibleSupplier(tx, r.supplier_org_id);
    if (!supplier) continue;
    const [front] = await tx.select().from(storefronts).where(eq(storefronts.supplierOrgId, supplier.id));
    const quantity = viewer.quantity && new Decimal(viewer.quantity).gte(r.moq) ? viewer.quantity : r.moq;
    const price = await priceForBuyer(tx, { skuId: r.sku_id, buyerOrgId: viewer.buyerOrgId, quantity });
    offers.push({
      skuId: r.sku_id,
      productId: r.product_id,
      supplierOrgId: supplier.id,
      supplierName: viewer.lang === 'en' ? (supplier.nameEn ?? supplier.name) : supplier.name,
      supplierTier: front?.tier ?? null,
      rating: r.rating ?? front?.rating ?? null,
      skuCode: r.sku_code,
      title: viewer.lang === 'en' ? (r.title_en ?? r.title_zh) : r.title_zh,
      uom: r.uom,
      moq: new Decimal(r.moq).toString(),
      increment: new Decimal(r.increment).toString(),
      availableQty: new Decimal(r.available_qty).toString(),
      inStock: r.in_stock,
      leadTimeDays: r.lead_time_days,
      price: toPriceView(price, quantity),
    });
  }
  offers.sort((a, b) => new Decimal(a.price.unitPrice).cmp(b.price.unitPrice) || a.leadTimeDays - b.leadTimeDays);
  return { item, specs: specLines(template, item.specs, viewer.lang), offers };
}

export interface StorefrontView {
  supplier: { id: string; name: string; nameEn: string | null; region: string | null };
  profile: { displayName: string; intro: string | null; tier: string | null; rating: string | null; badges: string[] };
  productCount: number;
  skuCount: number;
  categories: Array<{ code: string; name: string; count: number }>;
}

/** A supplier's storefront (店中店): profile, badges, and what it sells by category. */
export async function getStorefront(tx: Tx, supplierOrgId: string, lang: Lang): Promise<StorefrontView> {
  const supplier = await visibleSupplier(tx, supplierOrgId);
  if (!supplier) throw notFound('storefront', supplierOrgId);
  const [front] = await tx.select().from(storefronts).where(eq(storefronts.supplierOrgId, supplier.id));
  const stats = await query<{ code: string; name_zh: string; name_en: string; products: number; skus: number }>(
    tx,
    sql`select c.code, c.name_zh, c.name_en, count(distinct r.product_id)::int as products, count(*)::int as skus
        from catalog_search_rows r join catalog_categories c on c.code = substr(r.category_code, 1, 4)
        where r.supplier_org_id = ${supplier.id} and r.visible group by 1, 2, 3 order by 4 desc, 1`,
  );
  const tier = front?.tier ?? 'registered';
  const badges = [tier, ...(front?.rating && new Decimal(front.rating).gte(4.5) ? ['top_rated'] : [])];
  return {
    supplier: { id: supplier.id, name: supplier.name, nameEn: supplier.nameEn, region: supplier.region },
    profile: {
      displayName: (lang === 'en' ? (front?.displayNameEn ?? supplier.nameEn) : front?.displayNameZh) ?? supplier.name,
      intro: (lang === 'en' ? front?.introEn : front?.introZh) ?? null,
      tier,
      rating: front?.rating ?? null,
      badges,
    },
    productCount: stats.reduce((n, s) => n + s.products, 0),
    skuCount: stats.reduce((n, s) => n + s.skus, 0),
    categories: stats.map((s) => ({ code: s.code, name: lang === 'en' ? s.name_en : s.name_zh, count: s.products })),
  };
}

export async function getOwnStorefront(tx: Tx, supplierOrgId: string): Promise<Storefront> {
  const [front] = await tx.select().from(storefronts).where(eq(storefronts.supplierOrgId, supplierOrgId));
  return front ?? { supplierOrgId, displayNameZh: null, displayNameEn: null, introZh: null, introEn: null, tier: null, rating: null, updatedAt: new Date(0), version: 0 };
}

/** The supplier edits its storefront profile (tier and rating come from supplier management). */
export async function updateStorefront(ctx: Ctx, supplierOrgId: string, input: { displayNameZh?: string | null; displayNameEn?: string | null; introZh?: string | null; introEn?: string | null; version?: number }): Promise<Storefront> {
  return ctx.db.transaction(async (tx) => {
    const current = await getOwnStorefront(tx, supplierOrgId);
    assertVersion('storefront', current.version, { version: input.version });
    const values = {
      displayNameZh: input.displayNameZh === undefined ? current.displayNameZh : input.displayNameZh,
      displayNameEn: input.displayNameEn === undefined ? current.displayNameEn : input.displayNameEn,
      introZh: input.introZh === undefined ? current.introZh : input.introZh,
      introEn: input.introEn === undefined ? current.introEn : input.introEn,
      updatedAt: new Date(),
      version: current.version + 1,
    };
    const [row] = await tx.insert(storefronts).values({ supplierOrgId, ...values }).onConflictDoUpdate({ target: storefronts.supplierOrgId, set: values }).returning();
    await recordAudit(tx, ctx, { action: 'catalog.storefront.updated', targetType: 'storefront', targetId: supplierOrgId, data: { ...input } });
    return row!;
  });
}

/** Sets a supplier's badge tier and rating (supplier management will call this). */
export async function setStorefrontStanding(tx: Tx, supplierOrgId: string, standing: { tier?: string | null; rating?: string | null }): Promise<void> {
  await tx
    .insert(storefronts)
    .values({ supplierOrgId, tier: standing.tier ?? null, rating: standing.rating ?? null })
    .onConflictDoUpdate({ target: storefronts.supplierOrgId, set: { ...(standing.tier !== undefined ? { tier: standing.tier } : {}), ...(standing.rating !== undefined ? { rating: standing.rating } : {}), updatedAt: new Date() } });
  if (standing.rating !== undefined) {
    await query(tx, sql`update catalog_products set rating = ${standing.rating} where supplier_org_id = ${supplierOrgId} and rating is null`);
    await query(tx, sql`update catalog_search_rows set rating = ${standing.rating} where supplier_org_id = ${supplierOrgId} and rating is null`);
    await bumpSearchGeneration(tx);
  }
}

export interface PurchasableSku {
  sku: Sku;
  product: Product;
  supplierOrgId: string;
  uom: string;
  moq: Decimal;
  increment: Decimal;
  leadTimeDays: number;
  taxRate: Decimal;
  status: 'purchasable';
}

/**
 * A SKU a buyer may order now (for checkout): approved, active, of an active supplier, not the
 * buyer's own. 404 otherwise, the same answer as for a SKU that does not exist.
 */
export async function getPurchasableSku(tx: Tx, input: { skuId: string; buyerOrgId: string }): Promise<PurchasableSku> {
  const [row] = await tx.select({ sku: skus, product: products }).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(eq(skus.id, input.skuId));
  const supplier = row ? await visibleSupplier(tx, row.product.supplierOrgId) : null;
  if (!row || !supplier || !row.sku.active || !isProductVisible(row.product, supplier) || supplier.id === input.buyerOrgId) throw notFound('sku', input.skuId);
  return {
    sku: row.sku,
    product: row.product,
    supplierOrgId: supplier.id,
    uom: row.product.uom,
    moq: new Decimal(row.sku.moq),
    increment: new Decimal(row.sku.increment),
    leadTimeDays: row.sku.leadTimeDays ?? row.product.leadTimeDays,
    taxRate: new Decimal(row.product.taxRate),
    status: 'purchasable',
  };
}

/** True when `quantity` respects the SKU's MOQ and increments. */
export function isOrderableQuantity(quantity: Decimal.Value, moq: Decimal.Value, increment: Decimal.Value): boolean {
  const q = new Decimal(quantity);
  if (q.lt(moq)) return false;
  return q.minus(moq).mod(increment).eq(0);
}

/** The inventory module's hook: the available quantity shown and used by the in-stock facet. */
export async function setSkuAvailability(tx: Tx, skuId: string, availableQty: Decimal.Value): Promise<void> {
  const qty = new Decimal(availableQty);
  const updated = await tx.update(skus).set({ availableQty: qty.toFixed(3), updatedAt: new Date() }).where(eq(skus.id, skuId)).returning({ id: skus.id });
  if (!updated.length) throw notFound('sku', skuId);
  await query(tx, sql`update catalog_search_rows set available_qty = ${qty.toFixed(3)}::numeric, in_stock = ${qty.gt(0)}, updated_at = now() where sku_id = ${skuId}`);
  // No generation bump: stock moves with every order, and flushing every cached search per order
  // would make the cache useless. Cached stock figures are instead bounded by STOCK_STALENESS_MS.
}

/** Adds sold quantity to a product's sales count (the sales sort); called by orders. */
export async function recordSale(tx: Tx, skuId: string, count = 1): Promise<void> {
  const [sku] = await tx.select({ productId: skus.productId }).from(skus).where(eq(skus.id, skuId));
  if (!sku) return;
  await query(tx, sql`update catalog_products set sales_count = sales_count + ${count} where id = ${sku.productId}`);
  await query(tx, sql`update catalog_search_rows set sales_count = sales_count + ${count} where product_id = ${sku.productId}`);
}

