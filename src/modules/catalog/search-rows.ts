import { eq, inArray, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { query, type Tx } from '../../platform/db.ts';
import { getOrganization } from '../identity/index.ts';
import { ancestorCodes, effectiveTemplate } from './coding.ts';
import { categories, products, searchRows, skus, standardItems } from './schema.ts';
import { facetValue } from './specs.ts';
import { documentTokens, latinText } from './tokens.ts';

/**
 * Rewrites the search rows of one product's SKUs from the catalog tables, in the caller's
 * transaction: search never shows a state that was not committed with it.
 */
export async function refreshSearchRows(tx: Tx, productId: string): Promise<void> {
  const [product] = await tx.select().from(products).where(eq(products.id, productId));
  if (!product) return;
  const skuRows = await tx.select().from(skus).where(eq(skus.productId, productId));
  await tx.delete(searchRows).where(eq(searchRows.productId, productId));
  if (!skuRows.length) {
    await bumpSearchGeneration(tx);
    return;
  }
  const supplier = await getOrganization(tx, product.supplierOrgId);
  const cats = await tx.select().from(categories).where(inArray(categories.code, ancestorCodes(product.categoryCode)));
  const template = await effectiveTemplate(tx, product.categoryCode);
  const filterable = template.filter((a) => a.filterable);
  const itemIds = [...new Set(skuRows.map((s) => s.standardItemId).filter((x): x is string => Boolean(x)))];
  const items = itemIds.length ? await tx.select().from(standardItems).where(inArray(standardItems.id, itemIds)) : [];
  const itemById = new Map(items.map((i) => [i.id, i]));
  const categoryText = cats.map((c) => `${c.nameZh} ${c.nameEn}`).join(' ');
  const productListed = product.reviewStatus === 'approved' && product.active;
  const rows = skuRows.map((sku) => {
    const specs = { ...product.specs, ...sku.specs };
    const attrs: Record<string, string> = {};
    for (const a of filterable) if (specs[a.key] !== undefined) attrs[a.key] = facetValue(specs[a.key]!);
    const specText = template
      .filter((a) => specs[a.key] !== undefined)
      .map((a) => {
        const v = specs[a.key]!;
        if (a.type === 'enum') {
          const o = a.options?.find((x) => x.code === v);
          return o ? `${o.zh} ${o.en} ${o.code}` : String(v);
        }
        return a.type === 'boolean' ? (v ? a.nameZh : '') : `${v}${a.unit ?? ''}`;
      })
      .join(' ');
    const variant = Object.entries(sku.specs)
      .map(([k, v]) => {
        const a = template.find((x) => x.key === k);
        return a?.type === 'number' ? `${v}${a.unit ?? ''}` : String(v);
      })
      .join(' ');
    const titleZh = variant ? `${product.nameZh} ${variant}` : product.nameZh;
    const titleEn = product.nameEn ? (variant ? `${product.nameEn} ${variant}` : product.nameEn) : null;
    const item = sku.standardItemId ? itemById.get(sku.standardItemId) : undefined;
    const available = new Decimal(sku.availableQty);
    return {
      skuId: sku.id,
      productId: product.id,
      supplierOrgId: product.supplierOrgId,
      standardItemId: sku.standardItemId,
      categoryCode: product.categoryCode,
      titleZh,
      titleEn,
      brand: product.brand,
      model: product.model,
      skuCode: sku.skuCode,
      price: sku.listPrice,
      taxRate: product.taxRate,
      uom: product.uom,
      availableQty: sku.availableQty,
      inStock: available.gt(0),
      leadTimeDays: sku.leadTimeDays ?? product.leadTimeDays,
      regions: product.deliveryRegions,
      attrs,
      salesCount: product.salesCount,
      rating: product.rating,
      listed: productListed && sku.active,
      supplierActive: supplier.status === 'active',
      tokensA: documentTokens(titleZh, titleEn, product.brand, product.model, sku.skuCode, item?.nameZh, item?.nameEn, item?.code),
      tokensB: documentTokens(specText, categoryText, supplier.name, supplier.nameEn, product.origin),
      latin: latinText(titleEn, product.brand, product.model, sku.skuCode, item?.nameEn),
      updatedAt: new Date(),
    };
  });
  await tx.insert(searchRows).values(rows);
  await bumpSearchGeneration(tx);
}

/** Marks every search row of a supplier as (in)active: the handler of identity's status events. */
export async function setSupplierActive(tx: Tx, supplierOrgId: string, active: boolean): Promise<number> {
  const rows = await query<{ n: number }>(
    tx,
    sql`with u as (update catalog_search_rows set supplier_active = ${active}, updated_at = now()
        where supplier_org_id = ${supplierOrgId} and supplier_active <> ${active} returning 1) select count(*)::int as n from u`,
  );
  await bumpSearchGeneration(tx);
  return rows[0]?.n ?? 0;
}

/**
 * Cached search answers carry the generation they were computed at; any change to what search
 * shows moves it on, in the writer's transaction (readers see the bump only with the rows).
 */
export async function bumpSearchGeneration(tx: Tx): Promise<void> {
  await query(tx, sql`update catalog_search_state set generation = generation + 1 where id = 1`);
}
