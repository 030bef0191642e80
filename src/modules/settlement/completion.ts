import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { dec, money, sum } from '../../platform/money.ts';
import { escrowHeldOf, updateSettlement } from './common.ts';
import { markOrderInvoiced, markOrderSettled, orderRef, releaseBudget, spendBudget, type SettlementOrder } from './ports.ts';
import { invoiceLines, invoices, type Invoice, type OrderSettlement } from './schema.ts';

/** Order states from which invoicing can complete the order (inspection finished). */
const INSPECTED = ['accepted', 'partially_accepted', 'invoiced'];

/**
 * Moves the order on once the money is done: when approved invoices cover every accepted
 * quantity the order is `invoiced`; when those invoices are paid (and escrow neither holds nor
 * lacks anything) it is `settled`, and the budget commitment becomes spending. Runs in the
 * transaction of whatever completed the last step (an approval, a payment).
 */
export async function maybeCompleteOrder(tx: Tx, ctx: Ctx, order: SettlementOrder, s: OrderSettlement): Promise<'open' | 'invoiced' | 'settled'> {
  if (s.settledAt) return 'settled';
  if (!INSPECTED.includes(order.status)) return 'open';
  const lines = order.lines;
  const approved = await tx.select().from(invoices).where(and(eq(invoices.orderId, order.id), inArray(invoices.status, ['approved', 'paid'])));
  if (!approved.length) return 'open';
  const approvedLines = await tx.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, approved.map((i) => i.id)));
  const invoicedByLine = new Map<string, ReturnType<typeof dec>>();
  for (const l of approvedLines) invoicedByLine.set(l.orderLineId, (invoicedByLine.get(l.orderLineId) ?? dec(0)).plus(l.quantity));
  const fullyInvoiced = lines.every((l) => (invoicedByLine.get(l.id) ?? dec(0)).eq(l.acceptedQuantity));
  if (!fullyInvoiced) return 'open';
  const paid = approved.every((i) => i.status === 'paid') && dec(s.receivableOpen).isZero() && escrowHeldOf(s).isZero();
  if (!paid) {
    if (order.status !== 'invoiced') await markOrderInvoiced(tx, ctx, order.id);
    return 'invoiced';
  }

  // Row locks first (budget line, settlement row), the orders transitions after: they append to
  // the audit chain, whose lock is held to commit, and taking a row lock after it can deadlock.
  const settledAmount = order.paymentMethod === 'escrow' ? dec(s.acceptedValue) : sum(approved.map((i: Invoice) => i.total));
  if (order.budgetLineId) {
    await spendBudget(tx, ctx, { reference: orderRef(order.id), amount: settledAmount, dedupeKey: `settlement:${order.id}` });
    await releaseBudget(tx, ctx, { reference: orderRef(order.id) });
  }
  await updateSettlement(tx, order.id, { settledAt: new Date() });
  if (order.status !== 'invoiced') await markOrderInvoiced(tx, ctx, order.id);
  await markOrderSettled(tx, ctx, order.id);
  const payload = { orderId: order.id, number: order.number, buyerOrgId: order.buyerOrgId, supplierOrgId: order.supplierOrgId, amount: money(settledAmount), invoiceIds: approved.map((i) => i.id) };
  await emitEvent(tx, 'settlement.order.settled', payload, order.buyerOrgId);
  await recordAudit(tx, ctx, { action: 'settlement.order.settled', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: payload });
  return 'settled';
}
