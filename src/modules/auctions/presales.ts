import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import { hasPermission, systemCtx, type Ctx } from '../../platform/context.ts';
import { query, type Db, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec, money, qty } from '../../platform/money.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { getPurchasableSku } from '../catalog/index.ts';
import { createOrder } from '../orders/index.ts';
import { applyPayment } from '../settlement/index.ts';
import { toCents } from './engine.ts';
import './errors.ts';
import { payableTo, receiveFunds, refundHeld, transferHeld } from './funds.ts';
import { PERM } from './permissions.ts';
import { transitionPresale, transitionPresaleOrder } from './presale.state.ts';
import { presaleOrders, presales, type PresaleOrderRow, type PresaleRow } from './schema.ts';

const PRESALE_REFERENCE = 'presale_order';

export interface PresaleInput {
  skuId: string;
  title: string;
  description?: string | null;
  unitPrice: string;
  depositPerUnit: string;
  quantityCap?: string | null;
  minQuantity?: string;
  startsAt: string;
  endsAt: string;
  deliveryFrom: string;
  deliveryTo: string;
  balanceDueBy: string;
}

export interface PresaleView {
  id: string;
  supplierOrgId: string;
  skuId: string;
  title: string;
  description: string | null;
  itemName: string;
  uom: string;
  unitPrice: string;
  taxRate: string;
  depositPerUnit: string;
  quantityCap: string | null;
  quantityTaken: string;
  quantityAvailable: string | null;
  minQuantity: string;
  startsAt: Date;
  endsAt: Date;
  deliveryFrom: string;
  deliveryTo: string;
  balanceDueBy: Date;
  status: string;
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface PresaleOrderView {
  id: string;
  presaleId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  total: string;
  depositAmount: string;
  balanceAmount: string;
  status: string;
  deliveryAddress: string | null;
  orderId: string | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

function toPresaleView(p: PresaleRow, orgId: string | null | undefined): PresaleView {
  return {
    id: p.id,
    supplierOrgId: p.supplierOrgId,
    skuId: p.skuId,
    title: p.title,
    description: p.description,
    itemName: p.itemName,
    uom: p.uom,
    unitPrice: money(p.unitPrice),
    taxRate: dec(p.taxRate).toFixed(4),
    depositPerUnit: money(p.depositPerUnit),
    quantityCap: p.quantityCap === null ? null : qty(p.quantityCap),
    quantityTaken: qty(p.quantityTaken),
    quantityAvailable: p.quantityCap === null ? null : qty(dec(p.quantityCap).minus(p.quantityTaken)),
    minQuantity: qty(p.minQuantity),
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    deliveryFrom: p.deliveryFrom,
    deliveryTo: p.deliveryTo,
    balanceDueBy: p.balanceDueBy,
    status: p.status,
    mine: p.supplierOrgId === orgId,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

function toPresaleOrderView(o: PresaleOrderRow): PresaleOrderView {
  return {
    id: o.id,
    presaleId: o.presaleId,
    buyerOrgId: o.buyerOrgId,
    supplierOrgId: o.supplierOrgId,
    quantity: qty(o.quantity),
    unitPrice: money(o.unitPrice),
    taxRate: dec(o.taxRate).toFixed(4),
    total: money(o.total),
    depositAmount: money(o.depositAmount),
    balanceAmount: money(o.balanceAmount),
    status: o.status,
    deliveryAddress: o.deliveryAddress,
    orderId: o.orderId,
    reason: o.reason,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    completedAt: o.completedAt,
  };
}

function presaleValues(input: PresaleInput) {
  const positive = (pointer: string, value: string) => {
    const c = toCents(value);
    if (c === null || c <= 0n) throw invalidField(pointer, 'must be a positive amount with at most 2 decimals');
    return c;
  };
  const price = positive('/unitPrice', input.unitPrice);
  const deposit = positive('/depositPerUnit', input.depositPerUnit);
  if (deposit > price) throw invalidField('/depositPerUnit', 'must not exceed the unit price');
  const minQuantity = dec(input.minQuantity ?? '1');
  if (minQuantity.lte(0)) throw invalidField('/minQuantity', 'must be positive');
  const cap = input.quantityCap == null ? null : dec(input.quantityCap);
  if (cap !== null && cap.lt(minQuantity)) throw invalidField('/quantityCap', 'must be at least the minimum quantity');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const balanceDueBy = new Date(input.balanceDueBy);
  for (const [pointer, d] of [['/startsAt', startsAt], ['/endsAt', endsAt], ['/balanceDueBy', balanceDueBy]] as const) {
    if (Number.isNaN(d.getTime())) throw invalidField(pointer, 'must be a date-time');
  }
  if (endsAt <= startsAt) throw invalidField('/endsAt', 'must be after startsAt');
  if (balanceDueBy < endsAt) throw invalidField('/balanceDueBy', 'must not be before endsAt');
  if (input.deliveryTo < input.deliveryFrom) throw invalidField('/deliveryTo', 'must not be before deliveryFrom');
  return {
    title: input.title,
    description: input.description ?? null,
    unitPrice: money(input.unitPrice, 4),
    depositPerUnit: money(input.depositPerUnit),
    quantityCap: cap === null ? null : cap.toFixed(3),
    minQuantity: minQuantity.toFixed(3),
    startsAt,
    endsAt,
    deliveryFrom: input.deliveryFrom,
    deliveryTo: input.deliveryTo,
    balanceDueBy,
  };
}

/** A supplier opens a presale draft on one of its listed SKUs. */
export async function createPresale(ctx: Ctx, input: PresaleInput): Promise<PresaleView> {
  const orgId = ctx.actor!.orgId!;
  const values = presaleValues(input);
  return ctx.db.transaction(async (tx) => {
    // Any organisation but the supplier may buy it, so ask as "nobody in particular".
    const sku = await getPurchasableSku(tx, { skuId: input.skuId, buyerOrgId: '' }).catch(() => null);
    if (!sku || sku.supplierOrgId !== orgId) throw notFound('sku', input.skuId);
    const product = sku.product;
    const [row] = await tx
      .insert(presales)
      .values({
        id: newId('psl'),
        supplierOrgId: orgId,
        skuId: input.skuId,
        itemName: (product.nameEn ? `${product.nameZh} / ${product.nameEn}` : product.nameZh).slice(0, 300),
        uom: sku.uom,
        taxRate: sku.taxRate.toFixed(4),
        status: 'draft',
        ...values,
      })
      .returning();
    await emitEvent(tx, 'auctions.presale.created', { presaleId: row!.id, supplierOrgId: orgId, skuId: input.skuId }, orgId);
    await recordAudit(tx, ctx, { action: 'auctions.presale.created', targetType: 'presale', targetId: row!.id, data: { skuId: input.skuId, unitPrice: values.unitPrice, depositPerUnit: values.depositPerUnit } });
    return toPresaleView(row!, orgId);
  });
}

async function lockOwnPresale(tx: Tx, ctx: Ctx, presaleId: string): Promise<PresaleRow> {
  const [row] = await tx.select().from(presales).where(eq(presales.id, presaleId)).for('update');
  if (!row || row.supplierOrgId !== ctx.actor?.orgId) throw notFound('presale', presaleId);
  return row;
}

/** Replaces a draft presale's terms (the version read must still be current). */
export async function updatePresale(ctx: Ctx, presaleId: string, input: Omit<PresaleInput, 'skuId'> & { version?: number }): Promise<PresaleView> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockOwnPresale(tx, ctx, presaleId);
    assertVersion('presale', row.version, { version: input.version });
    transitionPresale(row.status, 'edit');
    const values = presaleValues({ ...input, skuId: row.skuId });
    const [updated] = await tx.update(presales).set({ ...values, updatedAt: new Date(), version: sql`${presales.version} + 1` }).where(eq(presales.id, presaleId)).returning();
    await emitEvent(tx, 'auctions.presale.updated', { presaleId }, row.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.presale.updated', targetType: 'presale', targetId: presaleId, data: { version: updated!.version } });
    return toPresaleView(updated!, ctx.actor!.orgId);
  });
}

/** open (buyers may pay deposits between startsAt and endsAt), close (no new deposits), cancel (deposits refunded). */
export async function changePresaleStatus(ctx: Ctx, presaleId: string, command: 'open' | 'close' | 'cancel', reason: string | null = null): Promise<PresaleView> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockOwnPresale(tx, ctx, presaleId);
    const next = transitionPresale(row.status, command);
    let refunded = 0;
    if (command === 'cancel') {
      const pending = await tx.select().from(presaleOrders).where(and(eq(presaleOrders.presaleId, presaleId), eq(presaleOrders.status, 'deposit_paid'))).for('update');
      for (const o of pending) {
        await settlePresaleDeposit(tx, ctx, o, 'refund', reason ?? 'presale cancelled');
        refunded++;
      }
    }
    const [updated] = await tx.update(presales).set({ status: next, updatedAt: new Date(), version: sql`${presales.version} + 1` }).where(eq(presales.id, presaleId)).returning();
    const action = { open: 'opened', close: 'closed', cancel: 'cancelled' }[command];
    await emitEvent(tx, `auctions.presale.${action}`, { presaleId, supplierOrgId: row.supplierOrgId, depositsRefunded: refunded }, row.supplierOrgId);
    await recordAudit(tx, ctx, { action: `auctions.presale.${action}`, targetType: 'presale', targetId: presaleId, data: { reason, depositsRefunded: refunded } });
    return toPresaleView(updated!, ctx.actor!.orgId);
  });
}

/** Any active organisation sees open and closed presales; drafts and cancelled ones only their supplier. */
async function visiblePresale(tx: Tx, ctx: Ctx, presaleId: string, lock = false): Promise<PresaleRow> {
  const q = tx.select().from(presales).where(eq(presales.id, presaleId));
  const [row] = lock ? await q.for('update') : await q;
  const mine = row?.supplierOrgId === ctx.actor?.orgId;
  if (!row || (!mine && !['open', 'closed'].includes(row.status) && !hasPermission(ctx.actor, PERM.supervise))) throw notFound('presale', presaleId);
  return row;
}

export async function getPresale(ctx: Ctx, presaleId: string): Promise<PresaleView> {
  return toPresaleView(await visiblePresale(ctx.db, ctx, presaleId), ctx.actor?.orgId);
}

export async function listPresales(ctx: Ctx, filter: { scope: 'open' | 'mine'; limit: number; cursor?: string }): Promise<{ items: PresaleView[]; nextCursor: string | null }> {
  const orgId = ctx.actor!.orgId!;
  const after = timeCursor(filter.cursor);
  const conditions: SQL[] = [filter.scope === 'mine' ? sql`supplier_org_id = ${orgId}` : sql`status = 'open' and supplier_org_id <> ${orgId}`];
  if (after) conditions.push(sql`(created_at, id) < (${after[0]}::timestamptz, ${after[1]})`);
  const rows = await query<{ id: string; created_text: string }>(
    ctx.db,
    sql`select id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_text from presales
        where ${sql.join(conditions, sql` and `)} order by created_at desc, id desc limit ${filter.limit + 1}`,
  );
  const page = toPage(rows, filter.limit, (r) => [r.created_text, r.id]);
  const ids = page.items.map((r) => r.id);
  const full = ids.length ? new Map((await ctx.db.select().from(presales).where(inArray(presales.id, ids))).map((p) => [p.id, p])) : new Map<string, PresaleRow>();
  return { items: ids.map((id) => toPresaleView(full.get(id)!, orgId)), nextCursor: page.nextCursor };
}

function timeCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor);
  if (!key) return null;
  if (key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string' || Number.isNaN(Date.parse(key[0])) || key[1].length > 64) {
    throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/cursor', in: 'querystring', message: 'is not a cursor this API issued' }]);
  }
  return [key[0], key[1]];
}

/** Line amounts as an order would compute them: subtotal and tax rounded to cents. */
function totalOf(unitPrice: Decimal.Value, quantity: Decimal.Value, taxRate: Decimal.Value): Decimal {
  const subtotal = dec(unitPrice).times(quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return subtotal.plus(subtotal.times(taxRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

/**
 * A buyer reserves presale quantity by paying its deposit (a bank transfer it made). The presale
 * row lock keeps the quantity cap exact under concurrent reservations.
 */
export async function reservePresale(ctx: Ctx, presaleId: string, input: { quantity: string; amount: string; bankReference: string; deliveryAddress?: string | null }): Promise<PresaleOrderView> {
  const buyerOrgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const presale = await visiblePresale(tx, ctx, presaleId, true);
    if (presale.supplierOrgId === buyerOrgId) throw notFound('presale', presaleId);
    const [window] = await query<{ open: boolean }>(tx, sql`select starts_at <= clock_timestamp() and clock_timestamp() < ends_at as open from presales where id = ${presaleId}`);
    if (presale.status !== 'open' || !window!.open) {
      throw new Problem('auctions.presale_closed', { presaleId, startsAt: presale.startsAt.toISOString(), endsAt: presale.endsAt.toISOString() });
    }
    const quantity = dec(input.quantity);
    const available = presale.quantityCap === null ? null : dec(presale.quantityCap).minus(presale.quantityTaken);
    if (quantity.lt(presale.minQuantity) || (available !== null && quantity.gt(available))) {
      throw new Problem('auctions.presale_quantity', { available: available === null ? '∞' : qty(available), minQuantity: qty(presale.minQuantity), requested: qty(quantity) }, { available: available === null ? null : qty(available) });
    }
    const total = totalOf(presale.unitPrice, quantity, presale.taxRate);
    const deposit = dec(presale.depositPerUnit).times(quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (!dec(input.amount).eq(deposit)) {
      throw new Problem('auctions.amount_mismatch', { due: money(deposit), amount: input.amount, currency: 'CNY' }, { due: money(deposit) }, [{ pointer: '/amount', in: 'body', message: `must be ${money(deposit)}` }]);
    }
    const id = newId('pso');
    await receiveFunds(tx, ctx, { orgId: buyerOrgId, amount: deposit, bankReference: input.bankReference, purpose: 'presale_deposit', referenceType: PRESALE_REFERENCE, referenceId: id, memo: `Presale deposit for ${presale.title}` });
    await tx.update(presales).set({ quantityTaken: sql`${presales.quantityTaken} + ${quantity.toFixed(3)}::numeric`, updatedAt: new Date() }).where(eq(presales.id, presaleId));
    const [row] = await tx
      .insert(presaleOrders)
      .values({
        id,
        presaleId,
        buyerOrgId,
        supplierOrgId: presale.supplierOrgId,
        buyerUserId: ctx.actor!.userId,
        quantity: quantity.toFixed(3),
        unitPrice: presale.unitPrice,
        taxRate: presale.taxRate,
        total: money(total, 4),
        depositAmount: money(deposit, 4),
        balanceAmount: money(total.minus(deposit), 4),
        status: 'deposit_paid',
        deliveryAddress: input.deliveryAddress ?? null,
      })
      .returning();
    await emitEvent(tx, 'auctions.presale_order.deposit_paid', { presaleOrderId: id, presaleId, buyerOrgId, quantity: qty(quantity), deposit: money(deposit) }, presale.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.presale_order.deposit_paid', targetType: 'presale_order', targetId: id, data: { presaleId, quantity: qty(quantity), deposit: money(deposit), bankReference: input.bankReference } });
    return toPresaleOrderView(row!);
  });
}

async function lockPresaleOrder(tx: Tx, ctx: Ctx, presaleOrderId: string, as: 'buyer' | 'either'): Promise<PresaleOrderRow> {
  const [row] = await tx.select().from(presaleOrders).where(eq(presaleOrders.id, presaleOrderId)).for('update');
  const orgId = ctx.actor?.orgId;
  const party = row ? (row.buyerOrgId === orgId ? 'buyer' : row.supplierOrgId === orgId ? 'supplier' : null) : null;
  if (!row || !party || (as === 'buyer' && party !== 'buyer')) throw notFound('presale order', presaleOrderId);
  return row;
}

/**
 * The buyer pays the balance: the purchase order is created (source 'presale'), and the deposit
 * plus the balance are booked as its escrow payment through settlement, in one transaction.
 */
export async function payPresaleBalance(ctx: Ctx, presaleOrderId: string, input: { amount: string; bankReference: string }): Promise<PresaleOrderView> {
  return ctx.db.transaction(async (tx) => {
    const pso = await lockPresaleOrder(tx, ctx, presaleOrderId, 'buyer');
    const next = transitionPresaleOrder(pso.status, 'complete');
    const [presale] = await tx.select().from(presales).where(eq(presales.id, pso.presaleId));
    const [late] = await query<{ late: boolean }>(tx, sql`select balance_due_by < clock_timestamp() as late from presales where id = ${pso.presaleId}`);
    if (late!.late) throw new Problem('state.transition_not_allowed', { command: 'complete', resource: 'presale order past its balance date', state: pso.status });
    if (!dec(input.amount).eq(pso.balanceAmount)) {
      throw new Problem('auctions.amount_mismatch', { due: money(pso.balanceAmount), amount: input.amount, currency: 'CNY' }, { due: money(pso.balanceAmount) }, [{ pointer: '/amount', in: 'body', message: `must be ${money(pso.balanceAmount)}` }]);
    }
    const order = await createOrder(tx, ctx, {
      source: 'presale',
      sourceRef: pso.id,
      buyerOrgId: pso.buyerOrgId,
      supplierOrgId: pso.supplierOrgId,
      lines: [{ skuId: presale!.skuId, quantity: pso.quantity, unitPrice: pso.unitPrice, taxRate: pso.taxRate, priceSource: 'list' }],
      paymentMethod: 'escrow',
      deliveryAddress: pso.deliveryAddress,
      needBy: presale!.deliveryTo,
      notes: `Presale ${presale!.title}`,
    });
    if (!dec(order.total).eq(pso.total)) throw new Error(`presale order ${pso.id}: order total ${order.total} differs from ${pso.total}`);
    // The held deposit leaves the deposits account and enters the order's escrow as a payment.
    await refundHeld(tx, ctx, { orgId: pso.buyerOrgId, amount: pso.depositAmount, kind: 'auctions.presale_deposit.applied', dedupeKey: `presale-deposit:${pso.id}:settled`, referenceType: PRESALE_REFERENCE, referenceId: pso.id, memo: `Presale deposit applied to order ${order.number}` });
    await applyPayment(tx, ctx, { buyerOrgId: pso.buyerOrgId, purpose: 'escrow', orderId: order.id, amount: pso.depositAmount, bankReference: `presale-deposit:${pso.id}`, note: 'presale deposit' });
    if (dec(pso.balanceAmount).gt(0)) {
      await applyPayment(tx, ctx, { buyerOrgId: pso.buyerOrgId, purpose: 'escrow', orderId: order.id, amount: pso.balanceAmount, bankReference: input.bankReference, note: 'presale balance' });
    }
    const now = new Date();
    const [updated] = await tx.update(presaleOrders).set({ status: next, orderId: order.id, completedAt: now, updatedAt: now }).where(eq(presaleOrders.id, pso.id)).returning();
    await emitEvent(tx, 'auctions.presale_order.completed', { presaleOrderId: pso.id, orderId: order.id, buyerOrgId: pso.buyerOrgId }, pso.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.presale_order.completed', targetType: 'presale_order', targetId: pso.id, data: { orderId: order.id, balance: money(pso.balanceAmount), bankReference: input.bankReference } });
    return toPresaleOrderView(updated!);
  });
}

/**
 * Deposit of a presale order, once: refunded (supplier cancelled) or forfeited to the supplier
 * (the buyer withdrew or missed the balance date, as 定金 does). Quantity goes back to the presale.
 */
async function settlePresaleDeposit(tx: Tx, ctx: Ctx, o: PresaleOrderRow, how: 'refund' | 'forfeit', why: string, command: 'refund' | 'cancel' | 'lapse' = how === 'refund' ? 'refund' : 'cancel'): Promise<PresaleOrderRow> {
  const next = transitionPresaleOrder(o.status, command);
  const [taken] = await tx
    .update(presaleOrders)
    .set({ status: next, reason: why, updatedAt: new Date() })
    .where(and(eq(presaleOrders.id, o.id), eq(presaleOrders.status, 'deposit_paid')))
    .returning();
  if (!taken) return o;
  const common = { orgId: o.buyerOrgId, amount: o.depositAmount, referenceType: PRESALE_REFERENCE, referenceId: o.id, dedupeKey: `presale-deposit:${o.id}:settled` };
  if (how === 'refund') await refundHeld(tx, ctx, { ...common, kind: 'auctions.presale_deposit.refunded', memo: `Presale deposit refunded (${why})` });
  else await transferHeld(tx, ctx, { ...common, to: payableTo(o.supplierOrgId), kind: 'auctions.presale_deposit.forfeited', memo: `Presale deposit forfeited to the supplier (${why})` });
  await tx.update(presales).set({ quantityTaken: sql`${presales.quantityTaken} - ${o.quantity}::numeric`, updatedAt: new Date() }).where(eq(presales.id, o.presaleId));
  await emitEvent(tx, `auctions.presale_order.${next}`, { presaleOrderId: o.id, presaleId: o.presaleId, buyerOrgId: o.buyerOrgId, deposit: money(o.depositAmount), reason: why }, o.buyerOrgId);
  return taken;
}

/** The buyer withdraws before paying the balance: the deposit goes to the supplier. */
export async function cancelPresaleOrder(ctx: Ctx, presaleOrderId: string, reason: string): Promise<PresaleOrderView> {
  return ctx.db.transaction(async (tx) => {
    const pso = await lockPresaleOrder(tx, ctx, presaleOrderId, 'buyer');
    transitionPresaleOrder(pso.status, 'cancel');
    const updated = await settlePresaleDeposit(tx, ctx, pso, 'forfeit', reason, 'cancel');
    await recordAudit(tx, ctx, { action: 'auctions.presale_order.cancelled', targetType: 'presale_order', targetId: pso.id, data: { reason, depositForfeited: money(pso.depositAmount) } });
    return toPresaleOrderView(updated);
  });
}

export async function getPresaleOrder(ctx: Ctx, presaleOrderId: string): Promise<PresaleOrderView> {
  const [row] = await ctx.db.select().from(presaleOrders).where(eq(presaleOrders.id, presaleOrderId));
  const orgId = ctx.actor?.orgId;
  if (!row || (row.buyerOrgId !== orgId && row.supplierOrgId !== orgId)) throw notFound('presale order', presaleOrderId);
  return toPresaleOrderView(row);
}

/** The caller's presale orders: as buyer, or as the supplier (optionally of one presale). */
export async function listPresaleOrders(ctx: Ctx, filter: { presaleId?: string; limit: number }): Promise<{ items: PresaleOrderView[]; nextCursor: string | null }> {
  const orgId = ctx.actor!.orgId!;
  const party = sql`(${presaleOrders.buyerOrgId} = ${orgId} or ${presaleOrders.supplierOrgId} = ${orgId})`;
  const rows = await ctx.db
    .select()
    .from(presaleOrders)
    .where(filter.presaleId ? and(party, eq(presaleOrders.presaleId, filter.presaleId)) : party)
    .orderBy(asc(presaleOrders.createdAt))
    .limit(filter.limit);
  return { items: rows.map(toPresaleOrderView), nextCursor: null };
}

/** Scheduled: presale orders whose balance date passed unpaid lapse, their deposits forfeited to the supplier. */
export async function lapsePresaleOrders(db: Db): Promise<number> {
  const ctx = systemCtx(db, 'auctions.presale-lapse');
  const due = await db
    .select({ id: presaleOrders.id })
    .from(presaleOrders)
    .innerJoin(presales, eq(presales.id, presaleOrders.presaleId))
    .where(and(eq(presaleOrders.status, 'deposit_paid'), lte(presales.balanceDueBy, sql`clock_timestamp()`)))
    .limit(200);
  let n = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [o] = await tx.select().from(presaleOrders).where(eq(presaleOrders.id, id)).for('update');
      if (o?.status !== 'deposit_paid') return;
      await settlePresaleDeposit(tx, ctx, o, 'forfeit', 'balance not paid by the due date', 'lapse');
      await recordAudit(tx, ctx, { action: 'auctions.presale_order.lapsed', targetType: 'presale_order', targetId: id, orgId: o.buyerOrgId, data: { depositForfeited: money(o.depositAmount) } });
      n++;
    });
  }
  return n;
}
