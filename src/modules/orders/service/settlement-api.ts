import { and, eq, notInArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Decimal, dec, qty } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { purchaseOrderLines, purchaseOrders } from '../schema.ts';
import { applyTransition, getOrderForOrg, linesOf, type Order, type OrderWithLines } from './common.ts';

/** An order with its lines for an organisation that is a party to it (404 otherwise). */
export async function getOrderForParty(tx: Tx, orgId: string, orderId: string): Promise<OrderWithLines> {
  const order = await getOrderForOrg(tx, orgId, orderId);
  return { ...order, lines: await linesOf(tx, order.id) };
}

/** An order with its lines, no party check (system jobs, settlement's own checks); `lock` takes the row lock. */
export async function getOrderWithLines(tx: Tx, orderId: string, lock = false): Promise<OrderWithLines> {
  const q = tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId));
  const [order] = lock ? await q.for('update') : await q;
  if (!order) throw notFound('order', orderId);
  return { ...order, lines: await linesOf(tx, order.id, lock) };
}

/** Per line: ordered, accepted, rejected, already invoiced, and what may still be invoiced. */
export async function invoiceableQuantities(tx: Tx, orderId: string) {
  const lines = await linesOf(tx, orderId);
  return lines.map((l) => ({
    orderLineId: l.id,
    lineNo: l.lineNo,
    name: l.name,
    uom: l.uom,
    unitPrice: l.unitPrice,
    taxRate: l.taxRate,
    quantity: qty(l.quantity),
    acceptedQuantity: qty(l.acceptedQuantity),
    rejectedQuantity: qty(l.rejectedQuantity),
    invoicedQuantity: qty(l.invoicedQuantity),
    invoiceable: qty(dec(l.acceptedQuantity).minus(l.invoicedQuantity)),
  }));
}

/**
 * Adds (or, negative, gives back) invoiced quantities in settlement's transaction; never past the
 * accepted quantity (422 `orders.quantity_exceeded`) nor below zero.
 */
export async function recordInvoicedQuantities(tx: Tx, _ctx: Ctx, input: { orderId: string; lines: Array<{ orderLineId: string; quantity: Decimal.Value }> }): Promise<void> {
  for (const l of input.lines) {
    const q = dec(l.quantity);
    const rows = await tx
      .update(purchaseOrderLines)
      .set({ invoicedQuantity: sql`${purchaseOrderLines.invoicedQuantity} + ${q.toFixed(3)}::numeric` })
      .where(
        and(
          eq(purchaseOrderLines.id, l.orderLineId),
          eq(purchaseOrderLines.orderId, input.orderId),
          sql`${purchaseOrderLines.invoicedQuantity} + ${q.toFixed(3)}::numeric between 0 and ${purchaseOrderLines.acceptedQuantity}`,
        ),
      )
      .returning({ id: purchaseOrderLines.id });
    if (!rows.length) {
      const [line] = await tx.select().from(purchaseOrderLines).where(and(eq(purchaseOrderLines.id, l.orderLineId), eq(purchaseOrderLines.orderId, input.orderId)));
      if (!line) throw new Problem('orders.line_not_in_order', { orderLineId: l.orderLineId, number: input.orderId });
      const remaining = dec(line.acceptedQuantity).minus(line.invoicedQuantity);
      throw new Problem('orders.quantity_exceeded', { lineNo: line.lineNo, action: 'invoice', actionZh: '开票', remaining: qty(remaining), requested: qty(q) }, { orderLineId: line.id, remaining: qty(remaining) });
    }
  }
}

async function lockById(tx: Tx, orderId: string): Promise<Order> {
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId)).for('update');
  if (!order) throw notFound('order', orderId);
  return order;
}

/** accepted / partially accepted → invoiced (settlement, once the accepted goods are invoiced). No-op when already invoiced. */
export async function markOrderInvoiced(tx: Tx, ctx: Ctx, orderId: string): Promise<Order> {
  const order = await lockById(tx, orderId);
  if (order.status === 'invoiced') return order;
  const updated = await applyTransition(tx, ctx, order, 'invoice');
  await recordAudit(tx, ctx, { action: 'orders.order.invoiced', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number } });
  return updated;
}

/** invoiced → settled (settlement, when the invoices are paid). No-op when already settled. */
export async function markOrderSettled(tx: Tx, ctx: Ctx, orderId: string): Promise<Order> {
  const order = await lockById(tx, orderId);
  if (order.status === 'settled') return order;
  const updated = await applyTransition(tx, ctx, order, 'settle', { patch: { settledAt: new Date() } });
  await recordAudit(tx, ctx, { action: 'orders.order.settled', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number } });
  return updated;
}

/**
 * Moves `purchase_orders.escrow_held` by `delta` (payment in: positive; release or refund:
 * negative), in settlement's transaction, never below zero. Returns the new amount held.
 */
export async function adjustEscrowHeld(tx: Tx, orderId: string, delta: Decimal.Value): Promise<string> {
  const d = dec(delta);
  const [row] = await tx
    .update(purchaseOrders)
    .set({ escrowHeld: sql`${purchaseOrders.escrowHeld} + ${d.toFixed(4)}::numeric`, updatedAt: new Date() })
    .where(and(eq(purchaseOrders.id, orderId), sql`${purchaseOrders.escrowHeld} + ${d.toFixed(4)}::numeric >= 0`))
    .returning({ escrowHeld: purchaseOrders.escrowHeld });
  if (!row) {
    const [order] = await tx.select({ escrowHeld: purchaseOrders.escrowHeld }).from(purchaseOrders).where(eq(purchaseOrders.id, orderId));
    if (!order) throw notFound('order', orderId);
    throw new Error(`adjustEscrowHeld: order ${orderId} holds ${order.escrowHeld}, cannot move by ${d.toFixed(2)}`);
  }
  return row.escrowHeld;
}

/**
 * Open orders (not closed, cancelled, rejected or settled) with this document number. Numbers are
 * unique per buyer only: settlement matches bank transfers by the number they quote, then narrows
 * by amount and payer.
 */
export async function findOrdersByNumber(tx: Tx, number: string): Promise<Order[]> {
  return tx
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.number, number), notInArray(purchaseOrders.status, ['closed', 'cancelled', 'rejected', 'settled'])))
    .limit(20);
}
