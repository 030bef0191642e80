import { createHash } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, lt, or, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem, type FieldError } from '../../platform/problem.ts';
import { effectiveTemplate, getCategoryByCode } from './coding.ts';
import { transitionListing } from './listing.state.ts';
import { recordPriceChange, replaceTiers, type TierInput } from './pricing.ts';
import { files, priceTiers, products, reviews, skus, standardItems, type Specs } from './schema.ts';
import { refreshSearchRows } from './search-rows.ts';
import { validateSpecs, type SpecInput, type TemplateAttribute } from './specs.ts';
import { isUnit } from './units.ts';

export type Product = typeof products.$inferSelect;
export type Sku = typeof skus.$inferSelect;
export type Tier = typeof priceTiers.$inferSelect;
export type ProductFile = Omit<typeof files.$inferSelect, 'content'>;
export type Review = typeof reviews.$inferSelect;

export const DEFAULT_TAX_RATE = '0.13';

export interface SkuInput {
  skuCode: string;
  specs?: Record<string, SpecInput>;
  standardItemId?: string | null;
  listPrice: string;
  tiers?: TierInput[];
  moq?: string;
  increment?: string;
  availableQty?: string;
  leadTimeDays?: number | null;
  active?: boolean;
}

export interface ProductInput {
  categoryCode: string;
  nameZh: string;
  nameEn?: string | null;
  brand?: string | null;
  model?: string | null;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  specs?: Record<string, SpecInput>;
  uom: string;
  packSize?: number | null;
  taxRate?: string;
  leadTimeDays: number;
  warrantyMonths?: number | null;
  origin?: string | null;
  deliveryRegions?: string[];
  skus: SkuInput[];
}

export interface ProductDetail {
  product: Product;
  skus: Array<Sku & { tiers: Tier[] }>;
  files: ProductFile[];
}

/** The acting organisation, which must be a supplier. */
export function supplierOrgOf(ctx: Ctx): string {
  const actor = ctx.actor;
  if (!actor?.orgId || !actor.orgKinds.includes('supplier')) throw new Problem('catalog.party_required', { kind: 'supplier' });
  return actor.orgId;
}

function specsProblem(errors: FieldError[]): Problem {
  return new Problem('catalog.specs_invalid', { count: errors.length }, {}, errors);
}

/** Checks product + SKU specs against the template; returns the normalised specs or throws. */
function checkSpecs(template: TemplateAttribute[], productSpecs: Record<string, SpecInput>, skuInputs: Array<{ specs?: Record<string, SpecInput> }>, skuPointer: (i: number) => string) {
  const product = validateSpecs(template, productSpecs, '/specs', false);
  const errors = [...product.errors];
  const skuSpecs: Specs[] = [];
  skuInputs.forEach((s, i) => {
    const v = validateSpecs(template, s.specs ?? {}, skuPointer(i), false);
    errors.push(...v.errors);
    skuSpecs.push(v.specs);
    for (const a of template) {
      if (a.required && productSpecs[a.key] === undefined && (s.specs ?? {})[a.key] === undefined) {
        errors.push({ pointer: `${skuPointer(i)}/${a.key}`, in: 'body', message: 'is required by the category template' });
      }
    }
  });
  if (errors.length) throw specsProblem(errors);
  return { productSpecs: product.specs, skuSpecs };
}

function checkNumbers(input: { listPrice?: string; moq?: string; increment?: string; availableQty?: string }, pointer: string): void {
  const errors: FieldError[] = [];
  const positive = (v: string | undefined, name: string, allowZero = false) => {
    if (v === undefined) return;
    let d: Decimal;
    try {
      d = new Decimal(v);
    } catch {
      errors.push({ pointer: `${pointer}/${name}`, in: 'body', message: 'must be a decimal number' });
      return;
    }
    if (d.isNaN() || (allowZero ? d.lt(0) : d.lte(0))) errors.push({ pointer: `${pointer}/${name}`, in: 'body', message: allowZero ? 'must not be negative' : 'must be positive' });
  };
  positive(input.listPrice, 'listPrice');
  positive(input.moq, 'moq');
  positive(input.increment, 'increment');
  positive(input.availableQty, 'availableQty', true);
  if (errors.length) throw new Problem('request.invalid', { count: errors.length }, {}, errors);
}

async function checkStandardItem(tx: Tx, standardItemId: string | null | undefined, categoryCode: string): Promise<void> {
  if (!standardItemId) return;
  const [item] = await tx.select().from(standardItems).where(eq(standardItems.id, standardItemId));
  if (!item || item.status !== 'active') throw notFound('standard item', standardItemId);
  if (!item.categoryCode.startsWith(categoryCode) && !categoryCode.startsWith(item.categoryCode)) {
    throw new Problem('catalog.standard_item_mismatch', { code: item.code, itemCategory: item.categoryCode, productCategory: categoryCode });
  }
}

async function insertSku(tx: Tx, product: Product, input: SkuInput, specs: Specs, actorId: string | null): Promise<Sku> {
  checkNumbers(input, '/skus');
  await checkStandardItem(tx, input.standardItemId, product.categoryCode);
  const inserted = await tx
    .insert(skus)
    .values({
      id: newId('sku'),
      productId: product.id,
      supplierOrgId: product.supplierOrgId,
      skuCode: input.skuCode.trim(),
      standardItemId: input.standardItemId ?? null,
      specs,
      listPrice: new Decimal(input.listPrice).toFixed(4),
      moq: new Decimal(input.moq ?? '1').toFixed(3),
      increment: new Decimal(input.increment ?? '1').toFixed(3),
      availableQty: new Decimal(input.availableQty ?? '0').toFixed(3),
      leadTimeDays: input.leadTimeDays ?? null,
      active: input.active ?? true,
    })
    .onConflictDoNothing()
    .returning();
  const sku = inserted[0];
  if (!sku) throw new Problem('catalog.sku_code_taken', { skuCode: input.skuCode }, {}, [{ pointer: '/skus/skuCode', in: 'body', message: 'already used by your organisation' }]);
  await recordPriceChange(tx, { sku, categoryCode: product.categoryCode, kind: 'list', unitPrice: sku.listPrice, recordedBy: actorId });
  if (input.tiers?.length) await replaceTiers(tx, sku, product.categoryCode, input.tiers, actorId);
  return sku;
}

/**
 * Creates a product with its SKUs for a supplier, in the caller's transaction (used by the API,
 * the bulk import and the demo data). Starts as draft unless `submit`.
 */
export async function insertProduct(tx: Tx, supplierOrgId: string, input: ProductInput, options: { actorId: string | null; submit?: boolean; approve?: boolean }): Promise<Product> {
  const category = await getCategoryByCode(tx, input.categoryCode);
  if (category.status !== 'active') throw new Problem('catalog.category_invalid', { reason: `category ${category.code} is retired` });
  if (!isUnit(input.uom)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/uom', in: 'body', message: `unknown unit ${input.uom}` }]);
  if (!input.skus.length) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/skus', in: 'body', message: 'a product needs at least one SKU' }]);
  const template = await effectiveTemplate(tx, category.code);
  const { productSpecs, skuSpecs } = checkSpecs(template, input.specs ?? {}, input.skus, (i) => `/skus/${i}/specs`);
  const now = new Date();
  const status = options.approve ? 'approved' : options.submit ? 'pending_review' : 'draft';
  const [product] = await tx
    .insert(products)
    .values({
      id: newId('prd'),
      supplierOrgId,
      categoryCode: category.code,
      nameZh: input.nameZh.trim(),
      nameEn: input.nameEn?.trim() || null,
      brand: input.brand ?? null,
      model: input.model ?? null,
      descriptionZh: input.descriptionZh ?? null,
      descriptionEn: input.descriptionEn ?? null,
      specs: productSpecs,
      uom: input.uom,
      packSize: input.packSize ?? null,
      taxRate: new Decimal(input.taxRate ?? DEFAULT_TAX_RATE).toFixed(4),
      leadTimeDays: input.leadTimeDays,
      warrantyMonths: input.warrantyMonths ?? null,
      origin: input.origin ?? null,
      deliveryRegions: input.deliveryRegions ?? [],
      reviewStatus: status,
      submittedAt: status === 'draft' ? null : now,
      reviewedAt: options.approve ? now : null,
      reviewedBy: options.approve ? options.actorId : null,
    })
    .returning();
  for (let i = 0; i < input.skus.length; i++) await insertSku(tx, product!, input.skus[i]!, skuSpecs[i]!, options.actorId);
  if (status !== 'draft') await tx.insert(reviews).values({ productId: product!.id, action: 'submitted', actorId: options.actorId });
  if (options.approve) await tx.insert(reviews).values({ productId: product!.id, action: 'approved', actorId: options.actorId });
  await refreshSearchRows(tx, product!.id);
  return product!;
}

/** A supplier creates a product (draft, or straight into the review queue with `submit`). */
export async function createProduct(ctx: Ctx, input: ProductInput & { submit?: boolean }): Promise<ProductDetail> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const product = await insertProduct(tx, supplierOrgId, input, { actorId: ctx.actor!.id, submit: input.submit });
    await emitEvent(tx, 'catalog.product.created', { productId: product.id, status: product.reviewStatus }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.product.created', targetType: 'product', targetId: product.id, data: { nameZh: product.nameZh, categoryCode: product.categoryCode, skus: input.skus.length, status: product.reviewStatus } });
    return loadDetail(tx, product.id);
  });
}

export async function loadDetail(tx: Tx, productId: string): Promise<ProductDetail> {
  const [product] = await tx.select().from(products).where(eq(products.id, productId));
  if (!product) throw notFound('product', productId);
  const skuRows = await tx.select().from(skus).where(eq(skus.productId, productId)).orderBy(asc(skus.skuCode));
  const tierRows = skuRows.length ? await tx.select().from(priceTiers).where(inArray(priceTiers.skuId, skuRows.map((s) => s.id))) : [];
  const { content: _content, ...fileColumns } = getTableColumns(files);
  const fileRows = await tx.select(fileColumns).from(files).where(eq(files.productId, productId)).orderBy(asc(files.sortOrder), asc(files.createdAt));
  return {
    product,
    skus: skuRows.map((s) => ({ ...s, tiers: tierRows.filter((t) => t.skuId === s.id).sort((a, b) => new Decimal(a.minQty).cmp(b.minQty)) })),
    files: fileRows,
  };
}

async function lockOwnProduct(tx: Tx, supplierOrgId: string, productId: string): Promise<Product> {
  const [product] = await tx.select().from(products).where(and(eq(products.id, productId), eq(products.supplierOrgId, supplierOrgId))).for('update');
  if (!product) throw notFound('product', productId);
  return product;
}

/** The supplier's own product, whatever its state. */
export async function getOwnProduct(ctx: Ctx, productId: string): Promise<ProductDetail & { reviews: Review[] }> {
  const supplierOrgId = supplierOrgOf(ctx);
  const [own] = await ctx.db.select({ id: products.id }).from(products).where(and(eq(products.id, productId), eq(products.supplierOrgId, supplierOrgId)));
  if (!own) throw notFound('product', productId);
  const detail = await loadDetail(ctx.db, productId);
  const trail = await ctx.db.select().from(reviews).where(eq(reviews.productId, productId)).orderBy(desc(reviews.occurredAt));
  return { ...detail, reviews: trail };
}

export async function listOwnProducts(
  ctx: Ctx,
  filter: { reviewStatus?: string; q?: string; categoryCode?: string; limit: number; cursor?: string },
): Promise<{ items: Array<Product & { skuCount: number }>; nextCursor: string | null }> {
  const supplierOrgId = supplierOrgOf(ctx);
  const conditions = [eq(products.supplierOrgId, supplierOrgId)];
  if (filter.reviewStatus) conditions.push(eq(products.reviewStatus, filter.reviewStatus));
  if (filter.categoryCode) conditions.push(sql`${products.categoryCode} like ${`${filter.categoryCode}%`}`);
  if (filter.q) {
    const q = `%${filter.q.replace(/[%_\\]/g, '')}%`;
    conditions.push(sql`(${products.nameZh} ilike ${q} or ${products.nameEn} ilike ${q} or ${products.model} ilike ${q})`);
  }
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  if (after) conditions.push(beforeCursor(products.createdAt, products.id, after));
  const rows = await ctx.db
    .select({ product: products, cursorAt: cursorTime(products.createdAt), skuCount: sql<number>`(select count(*)::int from catalog_skus s where s.product_id = ${products.id})` })
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.product.id]);
  return { items: page.items.map((r) => ({ ...r.product, skuCount: r.skuCount })), nextCursor: page.nextCursor };
}

/** Fields whose change sends an approved product back to review (名称、分类、规格、描述…). */
const MATERIAL_FIELDS = ['categoryCode', 'nameZh', 'nameEn', 'brand', 'model', 'descriptionZh', 'descriptionEn', 'specs', 'uom', 'packSize', 'origin'] as const;

export type ProductPatch = Partial<Omit<ProductInput, 'skus'>> & { version?: number; ifMatch?: string };

/** Edits a product; a material change of an approved product returns it to the review queue. */
export async function updateProduct(ctx: Ctx, productId: string, patch: ProductPatch): Promise<ProductDetail> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockOwnProduct(tx, supplierOrgId, productId);
    assertVersion('product', current.version, { version: patch.version, ifMatch: patch.ifMatch });
    const categoryCode = patch.categoryCode ?? current.categoryCode;
    if (patch.categoryCode) {
      const category = await getCategoryByCode(tx, patch.categoryCode);
      if (category.status !== 'active') throw new Problem('catalog.category_invalid', { reason: `category ${category.code} is retired` });
    }
    if (patch.uom && !isUnit(patch.uom)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/uom', in: 'body', message: `unknown unit ${patch.uom}` }]);
    let specs = current.specs;
    if (patch.specs || patch.categoryCode) {
      const template = await effectiveTemplate(tx, categoryCode);
      const skuRows = await tx.select().from(skus).where(eq(skus.productId, productId));
      const checked = checkSpecs(template, patch.specs ?? current.specs, skuRows.map((s) => ({ specs: s.specs })), (i) => `/skus/${i}/specs`);
      specs = checked.productSpecs;
    }
    const changed = MATERIAL_FIELDS.filter((f) => patch[f] !== undefined && JSON.stringify(patch[f]) !== JSON.stringify(current[f]));
    const reviewStatus = changed.length ? transitionListing(current.reviewStatus, 'change') : current.reviewStatus;
    const [updated] = await tx
      .update(products)
      .set({
        categoryCode,
        nameZh: patch.nameZh?.trim() ?? current.nameZh,
        nameEn: patch.nameEn === undefined ? current.nameEn : patch.nameEn,
        brand: patch.brand === undefined ? current.brand : patch.brand,
        model: patch.model === undefined ? current.model : patch.model,
        descriptionZh: patch.descriptionZh === undefined ? current.descriptionZh : patch.descriptionZh,
        descriptionEn: patch.descriptionEn === undefined ? current.descriptionEn : patch.descriptionEn,
        specs,
        uom: patch.uom ?? current.uom,
        packSize: patch.packSize === undefined ? current.packSize : patch.packSize,
        taxRate: patch.taxRate ? new Decimal(patch.taxRate).toFixed(4) : current.taxRate,
        leadTimeDays: patch.leadTimeDays ?? current.leadTimeDays,
        warrantyMonths: patch.warrantyMonths === undefined ? current.warrantyMonths : patch.warrantyMonths,
        origin: patch.origin === undefined ? current.origin : patch.origin,
        deliveryRegions: patch.deliveryRegions ?? current.deliveryRegions,
        reviewStatus,
        submittedAt: reviewStatus === 'pending_review' && current.reviewStatus !== 'pending_review' ? new Date() : current.submittedAt,
        updatedAt: new Date(),
        version: current.version + 1,
      })
      .where(eq(products.id, productId))
      .returning();
    if (reviewStatus !== current.reviewStatus) await tx.insert(reviews).values({ productId, action: 'submitted', changes: [...changed], actorId: ctx.actor!.id });
    await refreshSearchRows(tx, productId);
    await emitEvent(tx, 'catalog.product.updated', { productId, changed, reviewStatus }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.product.updated', targetType: 'product', targetId: productId, data: { changed, reviewStatus, version: updated!.version } });
    return loadDetail(tx, productId);
  });
}

/** Sends a draft or rejected product to the platform's review queue. */
export async function submitProduct(ctx: Ctx, productId: string): Promise<Product> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockOwnProduct(tx, supplierOrgId, productId);
    const next = transitionListing(current.reviewStatus, 'submit');
    const [updated] = await tx.update(products).set({ reviewStatus: next, submittedAt: new Date(), updatedAt: new Date(), version: current.version + 1 }).where(eq(products.id, productId)).returning();
    await tx.insert(reviews).values({ productId, action: 'submitted', actorId: ctx.actor!.id });
    await refreshSearchRows(tx, productId);
    await emitEvent(tx, 'catalog.product.submitted', { productId }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.product.submitted', targetType: 'product', targetId: productId });
    return updated!;
  });
}

/** The platform approves or rejects (with a reason) a product in the review queue. */
export async function reviewProduct(ctx: Ctx, productId: string, decision: 'approve' | 'reject', note: string | null): Promise<Product> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(products).where(eq(products.id, productId)).for('update');
    if (!current) throw notFound('product', productId);
    const next = transitionListing(current.reviewStatus, decision);
    const [updated] = await tx
      .update(products)
      .set({ reviewStatus: next, reviewNote: note, reviewedAt: new Date(), reviewedBy: ctx.actor!.id, updatedAt: new Date(), version: current.version + 1 })
      .where(eq(products.id, productId))
      .returning();
    const action = decision === 'approve' ? 'approved' : 'rejected';
    await tx.insert(reviews).values({ productId, action, note, actorId: ctx.actor!.id });
    await refreshSearchRows(tx, productId);
    await emitEvent(tx, `catalog.product.${action}`, { productId, note }, current.supplierOrgId);
    await recordAudit(tx, ctx, { action: `catalog.product.${action}`, targetType: 'product', targetId: productId, orgId: current.supplierOrgId, data: { note } });
    return updated!;
  });
}

/** The review queue, oldest submission first. */
export async function listReviewQueue(tx: Tx, filter: { status?: string; limit: number; cursor?: string }): Promise<{ items: Product[]; nextCursor: string | null }> {
  const status = filter.status ?? 'pending_review';
  const conditions = [eq(products.reviewStatus, status)];
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  if (after) conditions.push(sql`(coalesce(${products.submittedAt}, ${products.createdAt}), ${products.id}) > (${after[0]}::timestamptz, ${after[1]})`);
  const rows = await tx.select().from(products).where(and(...conditions)).orderBy(sql`coalesce(${products.submittedAt}, ${products.createdAt})`, asc(products.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [(r.submittedAt ?? r.createdAt).toISOString(), r.id]);
}

/** The platform's view of any product with its review trail. */
export async function getProductForReview(tx: Tx, productId: string): Promise<ProductDetail & { reviews: Review[] }> {
  const detail = await loadDetail(tx, productId);
  const trail = await tx.select().from(reviews).where(eq(reviews.productId, productId)).orderBy(desc(reviews.occurredAt));
  return { ...detail, reviews: trail };
}

/** The supplier's shelf switch (上架/下架): only active, approved products are visible. */
export async function setProductActive(ctx: Ctx, productId: string, active: boolean): Promise<Product> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockOwnProduct(tx, supplierOrgId, productId);
    const [updated] = await tx.update(products).set({ active, updatedAt: new Date(), version: current.version + 1 }).where(eq(products.id, productId)).returning();
    await refreshSearchRows(tx, productId);
    const action = active ? 'catalog.product.activated' : 'catalog.product.deactivated';
    await emitEvent(tx, action, { productId }, supplierOrgId);
    await recordAudit(tx, ctx, { action, targetType: 'product', targetId: productId });
    return updated!;
  });
}

/** Adds a variant; new variants are material, so an approved product goes back to review. */
export async function addSku(ctx: Ctx, productId: string, input: SkuInput): Promise<ProductDetail> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockOwnProduct(tx, supplierOrgId, productId);
    const template = await effectiveTemplate(tx, current.categoryCode);
    const { skuSpecs } = checkSpecs(template, current.specs, [input], () => '/specs');
    const sku = await insertSku(tx, current, input, skuSpecs[0]!, ctx.actor!.id);
    const next = transitionListing(current.reviewStatus, 'change');
    await tx.update(products).set({ reviewStatus: next, submittedAt: next !== current.reviewStatus ? new Date() : current.submittedAt, updatedAt: new Date(), version: current.version + 1 }).where(eq(products.id, productId));
    if (next !== current.reviewStatus) await tx.insert(reviews).values({ productId, action: 'submitted', changes: ['skus'], actorId: ctx.actor!.id });
    await refreshSearchRows(tx, productId);
    await emitEvent(tx, 'catalog.sku.created', { productId, skuId: sku.id }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.sku.created', targetType: 'sku', targetId: sku.id, data: { productId, skuCode: sku.skuCode } });
    return loadDetail(tx, productId);
  });
}

export interface SkuPatch {
  listPrice?: string;
  tiers?: TierInput[];
  moq?: string;
  increment?: string;
  availableQty?: string;
  leadTimeDays?: number | null;
  active?: boolean;
  specs?: Record<string, SpecInput>;
  standardItemId?: string | null;
  version?: number;
}

/**
 * Edits a SKU. Price, stock, MOQ and lead time are commercial and take effect at once (each price
 * change is kept in the history); specs or the standard item are material and go to review.
 */
export async function updateSku(ctx: Ctx, skuId: string, patch: SkuPatch): Promise<ProductDetail> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(skus).where(and(eq(skus.id, skuId), eq(skus.supplierOrgId, supplierOrgId))).for('update');
    if (!current) throw notFound('sku', skuId);
    assertVersion('sku', current.version, { version: patch.version });
    checkNumbers(patch, '');
    const product = await lockOwnProduct(tx, supplierOrgId, current.productId);
    let specs = current.specs;
    if (patch.specs) {
      const template = await effectiveTemplate(tx, product.categoryCode);
      specs = checkSpecs(template, product.specs, [{ specs: patch.specs }], () => '/specs').skuSpecs[0]!;
    }
    if (patch.standardItemId !== undefined) await checkStandardItem(tx, patch.standardItemId, product.categoryCode);
    const material = (patch.specs !== undefined && JSON.stringify(specs) !== JSON.stringify(current.specs)) || (patch.standardItemId !== undefined && patch.standardItemId !== current.standardItemId);
    const listPrice = patch.listPrice !== undefined ? new Decimal(patch.listPrice).toFixed(4) : current.listPrice;
    const [updated] = await tx
      .update(skus)
      .set({
        listPrice,
        moq: patch.moq !== undefined ? new Decimal(patch.moq).toFixed(3) : current.moq,
        increment: patch.increment !== undefined ? new Decimal(patch.increment).toFixed(3) : current.increment,
        availableQty: patch.availableQty !== undefined ? new Decimal(patch.availableQty).toFixed(3) : current.availableQty,
        leadTimeDays: patch.leadTimeDays === undefined ? current.leadTimeDays : patch.leadTimeDays,
        active: patch.active ?? current.active,
        specs,
        standardItemId: patch.standardItemId === undefined ? current.standardItemId : patch.standardItemId,
        updatedAt: new Date(),
        version: current.version + 1,
      })
      .where(eq(skus.id, skuId))
      .returning();
    if (!new Decimal(listPrice).eq(current.listPrice)) {
      await recordPriceChange(tx, { sku: updated!, categoryCode: product.categoryCode, kind: 'list', unitPrice: listPrice, recordedBy: ctx.actor!.id });
    }
    if (patch.tiers) await replaceTiers(tx, updated!, product.categoryCode, patch.tiers, ctx.actor!.id);
    if (material) {
      const next = transitionListing(product.reviewStatus, 'change');
      await tx.update(products).set({ reviewStatus: next, submittedAt: next !== product.reviewStatus ? new Date() : product.submittedAt, updatedAt: new Date(), version: product.version + 1 }).where(eq(products.id, product.id));
      if (next !== product.reviewStatus) await tx.insert(reviews).values({ productId: product.id, action: 'submitted', changes: ['sku.specs'], actorId: ctx.actor!.id });
    }
    await refreshSearchRows(tx, product.id);
    await emitEvent(tx, 'catalog.sku.updated', { productId: product.id, skuId, material }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.sku.updated', targetType: 'sku', targetId: skuId, data: { ...patch, material } });
    return loadDetail(tx, product.id);
  });
}

// --- files ----------------------------------------------------------------------------------

const FILE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']);
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const FILE_KINDS = new Set(['image', 'datasheet', 'test_report', 'certificate', 'other']);

export async function addProductFile(ctx: Ctx, productId: string, input: { kind: string; filename: string; contentType: string; content: Buffer }): Promise<ProductFile> {
  const supplierOrgId = supplierOrgOf(ctx);
  if (!FILE_KINDS.has(input.kind)) throw new Problem('catalog.file_invalid', { reason: `kind must be one of ${[...FILE_KINDS].join(', ')}` });
  if (!FILE_TYPES.has(input.contentType)) throw new Problem('catalog.file_invalid', { reason: `type ${input.contentType} is not PNG, JPEG, WebP or PDF` });
  if (!input.content.length || input.content.length > MAX_FILE_BYTES) throw new Problem('catalog.file_invalid', { reason: `size must be 1 byte to ${MAX_FILE_BYTES} bytes` });
  return ctx.db.transaction(async (tx) => {
    await lockOwnProduct(tx, supplierOrgId, productId);
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(files).where(eq(files.productId, productId))) as [{ n: number }];
    const [row] = await tx
      .insert(files)
      .values({ id: newId('cfl'), productId, supplierOrgId, kind: input.kind, filename: input.filename.slice(0, 200), contentType: input.contentType, sizeBytes: input.content.length, sha256, content: input.content, sortOrder: n })
      .returning();
    await recordAudit(tx, ctx, { action: 'catalog.product.file_added', targetType: 'product', targetId: productId, data: { fileId: row!.id, kind: input.kind, sha256 } });
    const { content: _c, ...meta } = row!;
    return meta;
  });
}

export async function deleteProductFile(ctx: Ctx, fileId: string): Promise<void> {
  const supplierOrgId = supplierOrgOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ id: files.id, productId: files.productId }).from(files).where(and(eq(files.id, fileId), eq(files.supplierOrgId, supplierOrgId)));
    if (!row) throw notFound('file', fileId);
    await tx.delete(files).where(eq(files.id, fileId));
    await recordAudit(tx, ctx, { action: 'catalog.product.file_removed', targetType: 'product', targetId: row.productId, data: { fileId } });
  });
}

export async function readProductFile(tx: Tx, fileId: string): Promise<typeof files.$inferSelect | null> {
  const [row] = await tx.select().from(files).where(eq(files.id, fileId));
  return row ?? null;
}
