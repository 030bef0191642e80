import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem, type FieldError } from '../../platform/problem.ts';
import { getOrganization, listOrganizations, organizationsByIds } from '../identity/index.ts';
import { transitionAgreement, type AgreementCommand } from './listing.state.ts';
import { agreementItems, agreements, priceHistory, priceTiers, products, skus } from './schema.ts';

export type Agreement = typeof agreements.$inferSelect;
export type AgreementItem = typeof agreementItems.$inferSelect;
export type PriceHistoryEntry = typeof priceHistory.$inferSelect;

export interface TierInput {
  minQty: string;
  unitPrice: string;
}

/** Money shown to people: cents, half up. */
export const cents = (d: Decimal.Value) => new Decimal(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Tax-inclusive unit price from a tax-exclusive one. */
export function inclTax(unitPrice: Decimal.Value, taxRate: Decimal.Value): Decimal {
  return cents(new Decimal(unitPrice).times(new Decimal(1).plus(taxRate)));
}

export async function recordPriceChange(
  tx: Tx,
  input: { sku: { id: string; supplierOrgId: string }; categoryCode: string; kind: 'list' | 'tier' | 'contract'; unitPrice: string; minQty?: string | null; agreementId?: string | null; buyerOrgId?: string | null; recordedBy: string | null },
): Promise<void> {
  await tx.insert(priceHistory).values({
    skuId: input.sku.id,
    categoryCode: input.categoryCode,
    supplierOrgId: input.sku.supplierOrgId,
    kind: input.kind,
    unitPrice: new Decimal(input.unitPrice).toFixed(4),
    minQty: input.minQty ?? null,
    agreementId: input.agreementId ?? null,
    buyerOrgId: input.buyerOrgId ?? null,
    recordedBy: input.recordedBy,
  });
}

/** Replaces a SKU's volume breaks: ascending quantities, each price positive. */
export async function replaceTiers(tx: Tx, sku: { id: string; supplierOrgId: string }, categoryCode: string, tiers: TierInput[], actorId: string | null): Promise<void> {
  const errors: FieldError[] = [];
  const parsed = tiers.map((t, i) => {
    try {
      const minQty = new Decimal(t.minQty);
      const unitPrice = new Decimal(t.unitPrice);
      if (minQty.lte(0)) errors.push({ pointer: `/tiers/${i}/minQty`, in: 'body', message: 'must be positive' });
      if (unitPrice.lte(0)) errors.push({ pointer: `/tiers/${i}/unitPrice`, in: 'body', message: 'must be positive' });
      return { minQty, unitPrice };
    } catch {
      errors.push({ pointer: `/tiers/${i}`, in: 'body', message: 'must be decimal numbers' });
      return { minQty: new Decimal(0), unitPrice: new Decimal(0) };
    }
  });
  const seen = new Set<string>();
  parsed.forEach((t, i) => {
    if (seen.has(t.minQty.toString())) errors.push({ pointer: `/tiers/${i}/minQty`, in: 'body', message: 'duplicate quantity break' });
    seen.add(t.minQty.toString());
  });
  if (errors.length) throw new Problem('request.invalid', { count: errors.length }, {}, errors);
  const old = await tx.select().from(priceTiers).where(eq(priceTiers.skuId, sku.id));
  await tx.delete(priceTiers).where(eq(priceTiers.skuId, sku.id));
  if (parsed.length) {
    await tx.insert(priceTiers).values(parsed.map((t) => ({ skuId: sku.id, minQty: t.minQty.toFixed(3), unitPrice: t.unitPrice.toFixed(4) })));
  }
  for (const t of parsed) {
    const before = old.find((o) => new Decimal(o.minQty).eq(t.minQty));
    if (!before || !new Decimal(before.unitPrice).eq(t.unitPrice)) {
      await recordPriceChange(tx, { sku, categoryCode, kind: 'tier', unitPrice: t.unitPrice.toFixed(4), minQty: t.minQty.toFixed(3), recordedBy: actorId });
    }
  }
}

export interface BuyerPrice {
  unitPrice: Decimal;
  unitPriceInclTax: Decimal;
  taxRate: Decimal;
  currency: 'CNY';
  source: 'contract' | 'tier' | 'list';
  agreementId?: string;
  agreementItemId?: string;
  /** The list price, to show what the buyer saves. */
  listPrice: Decimal;
}

/**
 * The best price that applies to this buyer for this quantity: the list price, a volume break,
 * or a contract price of an active framework agreement of that buyer valid at `at` with enough
 * quantity left under its cap. Tax-exclusive and tax-inclusive (VAT rounded to cents).
 */
export async function priceForBuyer(tx: Tx, input: { skuId: string; buyerOrgId: string | null; quantity: Decimal.Value; at?: Date }): Promise<BuyerPrice> {
  const quantity = new Decimal(input.quantity);
  const [row] = await tx
    .select({ sku: skus, taxRate: products.taxRate })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(skus.id, input.skuId));
  if (!row) throw notFound('sku', input.skuId);
  const taxRate = new Decimal(row.taxRate);
  const listPrice = new Decimal(row.sku.listPrice);
  let best: Omit<BuyerPrice, 'unitPriceInclTax' | 'taxRate' | 'currency' | 'listPrice'> = { unitPrice: listPrice, source: 'list' };
  const tiers = await tx.select().from(priceTiers).where(and(eq(priceTiers.skuId, input.skuId), lte(priceTiers.minQty, quantity.toFixed(3)))).orderBy(desc(priceTiers.minQty)).limit(1);
  if (tiers[0] && new Decimal(tiers[0].unitPrice).lt(best.unitPrice)) best = { unitPrice: new Decimal(tiers[0].unitPrice), source: 'tier' };
  if (input.buyerOrgId) {
    const at = input.at ?? new Date();
    const contracts = await tx
      .select({ item: agreementItems, agreement: agreements })
      .from(agreementItems)
      .innerJoin(agreements, eq(agreements.id, agreementItems.agreementId))
      .where(
        and(
          eq(agreementItems.skuId, input.skuId),
          eq(agreements.buyerOrgId, input.buyerOrgId),
          eq(agreements.status, 'active'),
          lte(agreements.validFrom, at),
          gte(agreements.validTo, at),
        ),
      );
    for (const c of contracts) {
      const price = new Decimal(c.item.unitPrice);
      if (c.item.quantityCap !== null && new Decimal(c.item.usedQty).plus(quantity).gt(c.item.quantityCap)) continue;
      if (price.lte(best.unitPrice)) best = { unitPrice: price, source: 'contract', agreementId: c.agreement.id, agreementItemId: c.item.id };
    }
  }
  return { ...best, unitPriceInclTax: inclTax(best.unitPrice, taxRate), taxRate, currency: 'CNY', listPrice };
}

/** Contract prices of many SKUs for one buyer at quantity 1 (search result overlays). */
export async function contractPricesFor(tx: Tx, buyerOrgId: string, skuIds: string[]): Promise<Map<string, { unitPrice: string; agreementId: string }>> {
  const out = new Map<string, { unitPrice: string; agreementId: string }>();
  if (!skuIds.length) return out;
  const rows = await query<{ sku_id: string; unit_price: string; agreement_id: string }>(
    tx,
    sql`select i.sku_id, i.unit_price::text, a.id as agreement_id from catalog_agreement_items i
        join catalog_agreements a on a.id = i.agreement_id
        where a.buyer_org_id = ${buyerOrgId} and a.status = 'active' and a.valid_from <= now() and a.valid_to >= now()
          and (i.quantity_cap is null or i.used_qty < i.quantity_cap)
          and i.sku_id in (${sql.join(skuIds.map((id) => sql`${id}`), sql`, `)})`,
  );
  for (const r of rows) {
    const cur = out.get(r.sku_id);
    if (!cur || new Decimal(r.unit_price).lt(cur.unitPrice)) out.set(r.sku_id, { unitPrice: r.unit_price, agreementId: r.agreement_id });
  }
  return out;
}

// --- framework agreements -------------------------------------------------------------------

export interface AgreementInput {
  buyerOrgId: string;
  title: string;
  validFrom: string;
  validTo: string;
  note?: string | null;
  items: Array<{ skuId: string; unitPrice: string; quantityCap?: string | null }>;
}

/** A supplier drafts a framework agreement for a buyer; it applies once the buyer confirms. */
export async function createAgreement(ctx: Ctx, input: AgreementInput): Promise<Agreement & { items: AgreementItem[] }> {
  const actor = ctx.actor!;
  if (!actor.orgKinds.includes('supplier')) throw new Problem('catalog.party_required', { kind: 'supplier' });
  const supplierOrgId = actor.orgId!;
  const validFrom = new Date(input.validFrom);
  const validTo = new Date(input.validTo);
  if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime()) || validTo <= validFrom) {
    throw new Problem('catalog.agreement_invalid', { reason: 'validTo must be after validFrom' }, {}, [{ pointer: '/validTo', in: 'body', message: 'must be after validFrom' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const buyer = await getOrganization(tx, input.buyerOrgId).catch(() => null);
    if (!buyer || !buyer.kinds.includes('buyer') || buyer.status !== 'active') throw notFound('buyer organization', input.buyerOrgId);
    if (buyer.id === supplierOrgId) throw new Problem('catalog.agreement_invalid', { reason: 'an organisation cannot contract with itself' });
    const skuIds = input.items.map((i) => i.skuId);
    const own = skuIds.length ? await tx.select({ id: skus.id }).from(skus).where(and(inArray(skus.id, skuIds), eq(skus.supplierOrgId, supplierOrgId))) : [];
    const ownIds = new Set(own.map((s) => s.id));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.items.forEach((it, i) => {
      if (!ownIds.has(it.skuId)) errors.push({ pointer: `/items/${i}/skuId`, in: 'body', message: 'is not one of your SKUs' });
      if (seen.has(it.skuId)) errors.push({ pointer: `/items/${i}/skuId`, in: 'body', message: 'appears twice' });
      seen.add(it.skuId);
      if (new Decimal(it.unitPrice).lte(0)) errors.push({ pointer: `/items/${i}/unitPrice`, in: 'body', message: 'must be positive' });
      if (it.quantityCap != null && new Decimal(it.quantityCap).lte(0)) errors.push({ pointer: `/items/${i}/quantityCap`, in: 'body', message: 'must be positive' });
    });
    if (errors.length) throw new Problem('catalog.agreement_invalid', { reason: `${errors.length} item(s) are not valid` }, {}, errors);
    const id = newId('fa');
    const [{ n }] = (await query<{ n: number }>(tx, sql`select count(*)::int + 1 as n from catalog_agreements`)) as [{ n: number }];
    const code = `FA-${new Date().getFullYear()}-${String(n).padStart(5, '0')}-${id.slice(-4)}`;
    const [agreement] = await tx
      .insert(agreements)
      .values({ id, code, title: input.title, buyerOrgId: buyer.id, supplierOrgId, validFrom, validTo, status: 'draft', createdBy: actor.id, note: input.note ?? null })
      .returning();
    const items = input.items.length
      ? await tx
          .insert(agreementItems)
          .values(input.items.map((it) => ({ id: newId('fai'), agreementId: id, skuId: it.skuId, unitPrice: new Decimal(it.unitPrice).toFixed(4), quantityCap: it.quantityCap != null ? new Decimal(it.quantityCap).toFixed(3) : null })))
          .returning()
      : [];
    await emitEvent(tx, 'catalog.agreement.created', { agreementId: id, buyerOrgId: buyer.id }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.agreement.created', targetType: 'agreement', targetId: id, data: { buyerOrgId: buyer.id, items: items.length } });
    return { ...agreement!, items };
  });
}

/** An agreement the caller's organisation is party to (or any, for the platform); 404 otherwise. */
export async function getAgreement(ctx: Ctx, agreementId: string): Promise<Agreement & { items: AgreementItem[] }> {
  const [agreement] = await ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
  if (!agreement || !canSeeAgreement(ctx, agreement)) throw notFound('agreement', agreementId);
  const items = await ctx.db.select().from(agreementItems).where(eq(agreementItems.agreementId, agreementId)).orderBy(asc(agreementItems.id));
  return { ...agreement, items };
}

function canSeeAgreement(ctx: Ctx, a: Agreement): boolean {
  const orgId = ctx.actor?.orgId;
  return a.buyerOrgId === orgId || a.supplierOrgId === orgId || Boolean(ctx.actor?.orgKinds.includes('platform'));
}

export async function listAgreements(ctx: Ctx, filter: { status?: string; limit: number; cursor?: string }): Promise<{ items: Agreement[]; nextCursor: string | null }> {
  const orgId = ctx.actor!.orgId!;
  const conditions = ctx.actor!.orgKinds.includes('platform') ? [] : [sql`(${agreements.buyerOrgId} = ${orgId} or ${agreements.supplierOrgId} = ${orgId})`];
  if (filter.status) conditions.push(eq(agreements.status, filter.status));
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(sql`${agreements.id} < ${String(after[0])}`);
  const rows = await ctx.db.select().from(agreements).where(and(...conditions)).orderBy(desc(agreements.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}

/**
 * Moves an agreement through its lifecycle: the buyer confirms a draft; either party suspends,
 * resumes or terminates. Contract prices are recorded in the price history when they start.
 */
export async function transitionAgreementStatus(ctx: Ctx, agreementId: string, command: AgreementCommand, version?: number): Promise<Agreement> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(agreements).where(eq(agreements.id, agreementId)).for('update');
    const orgId = ctx.actor!.orgId;
    if (!current || (current.buyerOrgId !== orgId && current.supplierOrgId !== orgId)) throw notFound('agreement', agreementId);
    assertVersion('agreement', current.version, { version });
    if (command === 'confirm' && current.buyerOrgId !== orgId) throw new Problem('catalog.party_required', { kind: 'buyer (the agreement’s)' });
    const next = transitionAgreement(current.status, command);
    const [updated] = await tx
      .update(agreements)
      .set({
        status: next,
        updatedAt: new Date(),
        version: current.version + 1,
        ...(command === 'confirm' ? { confirmedBy: ctx.actor!.id, confirmedAt: new Date() } : {}),
      })
      .where(eq(agreements.id, agreementId))
      .returning();
    if (command === 'confirm') {
      const items = await tx
        .select({ item: agreementItems, categoryCode: products.categoryCode, supplierOrgId: skus.supplierOrgId })
        .from(agreementItems)
        .innerJoin(skus, eq(skus.id, agreementItems.skuId))
        .innerJoin(products, eq(products.id, skus.productId))
        .where(eq(agreementItems.agreementId, agreementId));
      for (const it of items) {
        await recordPriceChange(tx, { sku: { id: it.item.skuId, supplierOrgId: it.supplierOrgId }, categoryCode: it.categoryCode, kind: 'contract', unitPrice: it.item.unitPrice, agreementId, buyerOrgId: current.buyerOrgId, recordedBy: ctx.actor!.id });
      }
    }
    const past = { confirm: 'confirmed', suspend: 'suspended', resume: 'resumed', terminate: 'terminated' }[command];
    await emitEvent(tx, `catalog.agreement.${past}`, { agreementId, buyerOrgId: current.buyerOrgId, supplierOrgId: current.supplierOrgId }, current.supplierOrgId);
    await recordAudit(tx, ctx, { action: `catalog.agreement.${past}`, targetType: 'agreement', targetId: agreementId, data: { from: current.status, to: next } });
    return updated!;
  });
}

/**
 * Uses `quantity` of an agreement item's cap inside the caller's (order) transaction. The
 * conditional update is atomic: two orders racing for the last units cannot both get them.
 */
export async function consumeAgreementQuantity(tx: Tx, input: { agreementItemId: string; quantity: Decimal.Value }): Promise<AgreementItem> {
  const quantity = new Decimal(input.quantity);
  if (quantity.lte(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/quantity', in: 'body', message: 'must be positive' }]);
  const rows = await query<{ id: string }>(
    tx,
    sql`update catalog_agreement_items i set used_qty = i.used_qty + ${quantity.toFixed(3)}::numeric
        from catalog_agreements a
        where i.id = ${input.agreementItemId} and a.id = i.agreement_id and a.status = 'active'
          and a.valid_from <= now() and a.valid_to >= now()
          and (i.quantity_cap is null or i.used_qty + ${quantity.toFixed(3)}::numeric <= i.quantity_cap)
        returning i.id`,
  );
  const [item] = await tx.select().from(agreementItems).where(eq(agreementItems.id, input.agreementItemId));
  if (!item) throw notFound('agreement item', input.agreementItemId);
  if (!rows.length) {
    const [agreement] = await tx.select().from(agreements).where(eq(agreements.id, item.agreementId));
    const now = new Date();
    if (!agreement || agreement.status !== 'active' || agreement.validFrom > now || agreement.validTo < now) {
      throw new Problem('catalog.agreement_not_applicable', { agreementId: item.agreementId, status: agreement?.status ?? 'missing' });
    }
    const cap = new Decimal(item.quantityCap ?? 0);
    throw new Problem('catalog.agreement_cap_exceeded', { remaining: cap.minus(item.usedQty).toString(), cap: cap.toString() }, { remaining: cap.minus(item.usedQty).toString(), cap: cap.toString() });
  }
  return item;
}

/** Gives back quantity of a cancelled order line; never below zero. */
export async function releaseAgreementQuantity(tx: Tx, input: { agreementItemId: string; quantity: Decimal.Value }): Promise<AgreementItem> {
  const quantity = new Decimal(input.quantity);
  await query(tx, sql`update catalog_agreement_items set used_qty = greatest(0, used_qty - ${quantity.toFixed(3)}::numeric) where id = ${input.agreementItemId}`);
  const [item] = await tx.select().from(agreementItems).where(eq(agreementItems.id, input.agreementItemId));
  if (!item) throw notFound('agreement item', input.agreementItemId);
  return item;
}

/** Price history of a SKU or of a whole category (prefix) within [from, to]. */
export async function listPriceHistory(
  tx: Tx,
  filter: { skuId?: string; categoryCode?: string; supplierOrgId?: string; from?: Date; to?: Date; limit?: number },
): Promise<PriceHistoryEntry[]> {
  const conditions = [];
  if (filter.skuId) conditions.push(eq(priceHistory.skuId, filter.skuId));
  if (filter.categoryCode) conditions.push(sql`${priceHistory.categoryCode} like ${`${filter.categoryCode}%`}`);
  if (filter.supplierOrgId) conditions.push(eq(priceHistory.supplierOrgId, filter.supplierOrgId));
  if (filter.from) conditions.push(gte(priceHistory.effectiveAt, filter.from));
  if (filter.to) conditions.push(lte(priceHistory.effectiveAt, filter.to));
  return tx.select().from(priceHistory).where(and(...conditions)).orderBy(asc(priceHistory.effectiveAt), asc(priceHistory.id)).limit(filter.limit ?? 1000);
}

// --- agreements as people read them ---------------------------------------------------------

export interface AgreementItemView extends AgreementItem {
  skuCode: string;
  productId: string;
  productName: string;
  uom: string;
  listPrice: string;
}

export type AgreementView = Agreement & { buyerName: string; supplierName: string; items?: AgreementItemView[] };

/**
 * Agreements with the names of both parties (in the reader's language) and, for items, the SKU
 * code, product name, unit and list price: a buyer confirming a draft must see what it agrees to.
 */
export async function describeAgreements(tx: Tx, rows: Array<Agreement & { items?: AgreementItem[] }>, lang: 'zh-CN' | 'en'): Promise<AgreementView[]> {
  const orgIds = [...new Set(rows.flatMap((r) => [r.buyerOrgId, r.supplierOrgId]))];
  const orgs = new Map((await organizationsByIds(tx, orgIds)).map((o) => [o.id, lang === 'en' ? (o.nameEn ?? o.name) : o.name]));
  const skuIds = [...new Set(rows.flatMap((r) => (r.items ?? []).map((i) => i.skuId)))];
  const skuInfo = skuIds.length
    ? await tx
        .select({ id: skus.id, skuCode: skus.skuCode, listPrice: skus.listPrice, productId: products.id, nameZh: products.nameZh, nameEn: products.nameEn, uom: products.uom })
        .from(skus)
        .innerJoin(products, eq(products.id, skus.productId))
        .where(inArray(skus.id, skuIds))
    : [];
  const bySku = new Map(skuInfo.map((s) => [s.id, s]));
  return rows.map(({ items, ...r }) => ({
    ...r,
    buyerName: orgs.get(r.buyerOrgId) ?? r.buyerOrgId,
    supplierName: orgs.get(r.supplierOrgId) ?? r.supplierOrgId,
    ...(items
      ? {
          items: items.map((i) => {
            const s = bySku.get(i.skuId);
            return {
              ...i,
              skuCode: s?.skuCode ?? i.skuId,
              productId: s?.productId ?? '',
              productName: s ? (lang === 'en' ? (s.nameEn ?? s.nameZh) : s.nameZh) : '',
              uom: s?.uom ?? '',
              listPrice: s ? new Decimal(s.listPrice).toFixed(2) : '0.00',
            };
          }),
        }
      : {}),
  }));
}

/** Active buyer organisations a supplier may draft an agreement for, by name or credit code. */
export async function findContractBuyers(ctx: Ctx, q: string): Promise<Array<{ id: string; name: string; nameEn: string | null; region: string | null }>> {
  const actor = ctx.actor!;
  if (!actor.orgKinds.includes('supplier')) throw new Problem('catalog.party_required', { kind: 'supplier' });
  const page = await listOrganizations(ctx.db, { status: 'active', kind: 'buyer', q: q.trim().replace(/[%_\\]/g, ''), limit: 20 });
  return page.items.filter((o) => o.id !== actor.orgId).map((o) => ({ id: o.id, name: o.name, nameEn: o.nameEn, region: o.region }));
}
