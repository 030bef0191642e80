import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import { query, type Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { Decimal, dec, money } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import '../errors.ts';
import type { OrderParties } from '../hooks.ts';
import { transition, type OrderCommand, type OrderStatus } from '../order.state.ts';
import { orderEvents, purchaseOrderLines, purchaseOrders } from '../schema.ts';

export type Order = typeof purchaseOrders.$inferSelect;
export type OrderLine = typeof purchaseOrderLines.$inferSelect;
export type OrderWithLines = Order & { lines: OrderLine[] };
export type Party = 'buyer' | 'supplier';

export const ORDER_REFERENCE = 'order';
export const orderRef = (orderId: string) => ({ type: ORDER_REFERENCE, id: orderId });

/** Which side of the order the acting organisation is on, or null when it is neither. */
export function partyOf(order: Pick<Order, 'buyerOrgId' | 'supplierOrgId'>, orgId: string | null | undefined): Party | null {
  if (!orgId) return null;
  if (order.buyerOrgId === orgId) return 'buyer';
  if (order.supplierOrgId === orgId) return 'supplier';
  return null;
}

const PARTY_ZH: Record<Party, string> = { buyer: '采购方', supplier: '供应商' };

export function wrongParty(order: Order, party: Party, action: string): Problem {
  return new Problem('orders.wrong_party', { party, partyZh: PARTY_ZH[party], number: order.number, action });
}

/**
 * Reads an order under a row lock for the acting organisation. Anyone who is not a party gets
 * the same 404 as for an order that does not exist; `as` restricts which side may act.
 */
export async function lockOrder(tx: Tx, ctx: Ctx, orderId: string, as: Party | 'either', action: string): Promise<Order> {
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId)).for('update');
  const orgId = ctx.actor?.orgId;
  const isSystem = ctx.actor?.type === 'system';
  const party = order ? partyOf(order, orgId) : null;
  if (!order || (!party && !isSystem)) throw notFound('order', orderId);
  if (!isSystem && as !== 'either' && party !== as) throw wrongParty(order, as, action);
  return order;
}

/** Reads an order the acting organisation is a party to (404 otherwise). */
export async function getOrderForOrg(tx: Tx, orgId: string | null | undefined, orderId: string): Promise<Order> {
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId));
  if (!order || !partyOf(order, orgId)) throw notFound('order', orderId);
  return order;
}

export async function linesOf(tx: Tx, orderId: string, lock = false): Promise<OrderLine[]> {
  const q = tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.orderId, orderId)).orderBy(asc(purchaseOrderLines.lineNo));
  return lock ? q.for('update') : q;
}

export function partiesOf(order: Order): OrderParties {
  return {
    orderId: order.id,
    number: order.number,
    buyerOrgId: order.buyerOrgId,
    supplierOrgId: order.supplierOrgId,
    paymentMethod: order.paymentMethod as 'escrow' | 'credit',
    creditDays: order.creditDays,
    currency: order.currency,
    total: money(order.total),
  };
}

/** Appends a timeline entry (order page). */
export async function recordOrderEvent(
  tx: Tx,
  ctx: Ctx,
  orderId: string,
  type: string,
  data: Record<string, unknown> = {},
  change?: { from: string; to: string },
): Promise<void> {
  await tx.insert(orderEvents).values({
    orderId,
    type,
    fromStatus: change?.from ?? null,
    toStatus: change?.to ?? null,
    actorId: ctx.actor?.userId ?? ctx.actor?.id ?? null,
    actorOrgId: ctx.actor?.orgId ?? null,
    data,
  });
}

const PAST: Partial<Record<OrderCommand, string>> = {
  submit: 'submitted',
  cancel: 'cancelled',
  expire: 'expired',
  confirm: 'confirmed',
  reject: 'rejected',
  start_fulfilment: 'fulfilment_started',
  ship_partial: 'partially_shipped',
  ship_all: 'shipped',
  deliver: 'delivered',
  receive: 'received',
  accept_partial: 'partially_accepted',
  accept_all: 'accepted',
  invoice: 'invoiced',
  settle: 'settled',
  close: 'closed',
  open_dispute: 'disputed',
  resolve_dispute: 'dispute_resolved',
  cancel_by_dispute: 'cancelled',
};

/**
 * Moves a locked order along the state table: conditional update on the status it was read
 * with, timeline entry, domain event `orders.order.<past tense>`. The caller audits last.
 */
export async function applyTransition(
  tx: Tx,
  ctx: Ctx,
  order: Order,
  command: OrderCommand,
  options: { patch?: Partial<typeof purchaseOrders.$inferInsert>; data?: Record<string, unknown>; resumeTo?: string | null } = {},
): Promise<Order> {
  const next: OrderStatus = transition(order.status, command, options.resumeTo);
  const [updated] = await tx
    .update(purchaseOrders)
    .set({ ...options.patch, status: next, updatedAt: new Date(), version: sql`${purchaseOrders.version} + 1` })
    .where(and(eq(purchaseOrders.id, order.id), eq(purchaseOrders.status, order.status)))
    .returning();
  if (!updated) throw new Problem('state.transition_not_allowed', { command, resource: 'order', state: 'changed meanwhile' });
  const past = PAST[command] ?? command;
  if (next !== order.status || command === 'receive') {
    await recordOrderEvent(tx, ctx, order.id, past, options.data ?? {}, { from: order.status, to: next });
  }
  await emitEvent(
    tx,
    `orders.order.${past}`,
    { orderId: order.id, number: order.number, buyerOrgId: order.buyerOrgId, supplierOrgId: order.supplierOrgId, from: order.status, to: next, ...options.data },
    order.supplierOrgId,
  );
  return updated;
}

/** Value incl. tax of `quantity` of a line, in cents, proportional to the line total. */
export function lineValue(line: Pick<OrderLine, 'lineTotal' | 'quantity'>, quantity: Decimal.Value): Decimal {
  const q = dec(quantity);
  if (q.isZero()) return dec(0);
  if (q.eq(line.quantity)) return dec(line.lineTotal);
  return dec(line.lineTotal).times(q).div(line.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export async function orderTotalsMatchLines(tx: Tx, orderId: string): Promise<boolean> {
  const [row] = await query<{ ok: boolean }>(
    tx,
    sql`select (o.subtotal = coalesce(sum(l.line_subtotal), 0) and o.tax_total = coalesce(sum(l.line_tax), 0) and o.total = coalesce(sum(l.line_total), 0)) as ok
        from purchase_orders o left join purchase_order_lines l on l.order_id = o.id where o.id = ${orderId} group by o.id`,
  );
  return Boolean(row?.ok);
}
