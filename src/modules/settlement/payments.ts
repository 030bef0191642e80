import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec, money } from '../../platform/money.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { postEntry, type PostingInput } from '../ledger/index.ts';
import { actorOrg, escrowDueOf, lockSettlement, seesAll, updateSettlement, PLATFORM } from './common.ts';
import { maybeCompleteOrder } from './completion.ts';
import { transitionInvoice } from './invoice.state.ts';
import { adjustEscrowHeld, lockOrder, type SettlementOrder } from './ports.ts';
import { invoices, payments, type Invoice, type OrderSettlement, type Payment } from './schema.ts';

export interface PaymentInput {
  buyerOrgId: string;
  purpose: 'escrow' | 'invoice';
  orderId?: string;
  invoiceId?: string;
  amount: Decimal.Value;
  currency?: string;
  bankReference: string;
  receivedAt?: Date;
  statementLineId?: string;
  /** The money was parked in suspense by a bank statement import and is now matched by hand. */
  fromSuspense?: boolean;
  note?: string;
}

/** Order states that take escrow money: placed and not yet finished or dead. */
const CLOSED_ORDER_STATES = ['draft', 'rejected', 'cancelled', 'settled', 'closed'];

const notPayable = (resource: string, id: string, state: string, reason: string) => new Problem('settlement.not_payable', { resource, id, state, reason });

/** The target of a payment: an escrow order, or an approved credit-terms invoice, and what is due. */
export interface PaymentTarget {
  order: SettlementOrder;
  invoice: Invoice | null;
  due: Decimal;
}

/**
 * Checks what a payment would pay without changing anything: the order (escrow) or invoice
 * (credit terms) belongs to the buyer, takes payments now, and how much is due. Locks the order
 * row (then the invoice), the same order every money move on the order takes them in.
 */
export async function lockPaymentTarget(tx: Tx, ctx: Ctx, input: Pick<PaymentInput, 'buyerOrgId' | 'purpose' | 'orderId' | 'invoiceId'>): Promise<PaymentTarget & { settlement: OrderSettlement }> {
  if (input.purpose === 'invoice') {
    const [peek] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId ?? ''));
    if (!peek || peek.buyerOrgId !== input.buyerOrgId) throw notFound('invoice', input.invoiceId ?? '');
    const order = await lockOrder(tx, peek.orderId);
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, peek.id)).for('update');
    const settlement = await lockSettlement(tx, order);
    if (invoice!.paymentMethod !== 'credit') throw notPayable('invoice', invoice!.id, invoice!.status, `the order is paid through escrow; pay into escrow for order ${order.number}`);
    if (invoice!.status !== 'approved') throw notPayable('invoice', invoice!.id, invoice!.status, 'only approved, unpaid invoices take payments');
    return { order, invoice: invoice!, settlement, due: dec(invoice!.total).minus(invoice!.paidAmount) };
  }
  const order = await lockOrder(tx, input.orderId ?? '');
  if (order.buyerOrgId !== input.buyerOrgId) throw notFound('order', input.orderId ?? '');
  if (order.paymentMethod !== 'escrow') throw notPayable('order', order.id, order.status, 'the order is on credit terms; pay its approved invoices');
  if (CLOSED_ORDER_STATES.includes(order.status)) throw notPayable('order', order.id, order.status, 'the order takes no more payments');
  const settlement = await lockSettlement(tx, order);
  return { order, invoice: null, settlement, due: escrowDueOf(order, settlement) };
}

/**
 * Books money received from a buyer, in the caller's transaction: into escrow for an order
 * (first clearing any accepted value escrow did not cover), or against a credit-terms invoice.
 * The payment row is inserted first: its unique (buyer, bank reference) makes a second booking
 * of the same transfer — concurrent or later, by hand or from a statement — a 409.
 */
export async function applyPayment(tx: Tx, ctx: Ctx, input: PaymentInput, target?: PaymentTarget & { settlement: OrderSettlement }): Promise<Payment> {
  const amount = dec(input.amount);
  if (amount.lte(0)) throw new Error('payment amount must be positive');
  const { order, invoice, settlement: s, due } = target ?? (await lockPaymentTarget(tx, ctx, input));
  const [booked] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.buyerOrgId, input.buyerOrgId), eq(payments.bankReference, input.bankReference)));
  if (booked) throw duplicatePayment(input.bankReference, booked.id);
  if (amount.gt(due)) {
    throw new Problem('settlement.payment_exceeds_due', { amount: money(amount), currency: order.currency, due: money(due) }, { due: money(due) }, [
      { pointer: '/amount', in: 'body', message: `at most ${money(due)}` },
    ]);
  }
  const id = newId('pay');
  const [inserted] = await tx
    .insert(payments)
    .values({
      id,
      buyerOrgId: input.buyerOrgId,
      purpose: input.purpose,
      orderId: order.id,
      invoiceId: invoice?.id ?? null,
      amount: money(amount, 4),
      currency: input.currency ?? order.currency,
      bankReference: input.bankReference,
      status: 'booked',
      receivedAt: input.receivedAt ?? new Date(),
      recordedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null,
      statementLineId: input.statementLineId ?? null,
      note: input.note ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    const [existing] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.buyerOrgId, input.buyerOrgId), eq(payments.bankReference, input.bankReference)));
    throw duplicatePayment(input.bankReference, existing?.id ?? '?');
  }

  const toReceivable = invoice ? amount : Decimal.min(amount, s.receivableOpen);
  const toEscrow = amount.minus(toReceivable);
  const postings: PostingInput[] = [{ account: { owner: PLATFORM, purpose: input.fromSuspense ? 'suspense' : 'cash' }, debit: amount }];
  if (toEscrow.gt(0)) postings.push({ account: { owner: order.buyerOrgId, purpose: 'escrow' }, credit: toEscrow });
  if (toReceivable.gt(0)) postings.push({ account: { owner: order.buyerOrgId, purpose: 'buyer_receivable' }, credit: toReceivable });
  const entryId = await postEntry(tx, ctx, {
    kind: invoice ? 'settlement.payment.invoice' : 'settlement.payment.escrow',
    memo: `Payment ${input.bankReference} for ${invoice ? `invoice ${invoice.number}` : `order ${order.number}`}`,
    reference: invoice ? { type: 'invoice', id: invoice.id } : { type: 'order', id: order.id },
    dedupeKey: `payment:${input.buyerOrgId}:${input.bankReference}`,
    postings,
  });
  const allocation = { escrow: money(toEscrow), receivable: money(toReceivable) };
  const [payment] = await tx.update(payments).set({ ledgerEntryId: entryId, allocation }).where(eq(payments.id, id)).returning();

  let settlement = s;
  if (invoice) {
    const paidAmount = dec(invoice.paidAmount).plus(amount);
    const full = paidAmount.eq(invoice.total);
    const now = new Date();
    await tx
      .update(invoices)
      .set({
        paidAmount: money(paidAmount, 4),
        ...(full ? { status: transitionInvoice(invoice.status, 'pay'), paidAt: now, overdue: false } : {}),
        updatedAt: now,
        version: sql`${invoices.version} + 1`,
      })
      .where(eq(invoices.id, invoice.id));
    if (full) await emitEvent(tx, 'settlement.invoice.paid', { invoiceId: invoice.id, number: invoice.number, orderId: order.id, supplierOrgId: invoice.supplierOrgId, buyerOrgId: invoice.buyerOrgId, total: money(invoice.total) }, invoice.supplierOrgId);
  } else {
    if (toEscrow.gt(0)) await adjustEscrowHeld(tx, order.id, toEscrow);
    settlement = await updateSettlement(tx, order.id, {
      escrowPaid: money(dec(s.escrowPaid).plus(toEscrow), 4),
      receivableOpen: money(dec(s.receivableOpen).minus(toReceivable), 4),
    });
    if (toReceivable.gt(0) && dec(settlement.receivableOpen).isZero()) await markEscrowInvoicesPaid(tx, order.id);
  }
  await emitEvent(
    tx,
    'settlement.payment.recorded',
    { paymentId: id, buyerOrgId: input.buyerOrgId, supplierOrgId: order.supplierOrgId, orderId: order.id, invoiceId: invoice?.id ?? null, purpose: input.purpose, amount: money(amount), allocation },
    input.buyerOrgId,
  );
  await maybeCompleteOrder(tx, ctx, order, settlement);
  await recordAudit(tx, ctx, {
    action: 'settlement.payment.recorded',
    targetType: 'payment',
    targetId: id,
    orgId: input.buyerOrgId,
    data: { purpose: input.purpose, orderId: order.id, invoiceId: invoice?.id ?? null, amount: money(amount), bankReference: input.bankReference, allocation, statementLineId: input.statementLineId ?? null },
  });
  return payment!;
}

export function duplicatePayment(bankReference: string, paymentId: string): Problem {
  return new Problem('settlement.payment_duplicate', { bankReference, paymentId }, { paymentId }, [{ pointer: '/bankReference', in: 'body', message: 'already booked' }]);
}

/** Escrow-order invoices approved while escrow fell short are paid once the shortfall is. */
async function markEscrowInvoicesPaid(tx: Tx, orderId: string): Promise<void> {
  const now = new Date();
  const paid = await tx
    .update(invoices)
    .set({ status: 'paid', paidAmount: sql`${invoices.total}`, paidAt: now, updatedAt: now, version: sql`${invoices.version} + 1` })
    .where(and(eq(invoices.orderId, orderId), eq(invoices.status, 'approved'), eq(invoices.paymentMethod, 'escrow')))
    .returning();
  for (const invoice of paid) {
    await emitEvent(tx, 'settlement.invoice.paid', { invoiceId: invoice.id, number: invoice.number, orderId, supplierOrgId: invoice.supplierOrgId, buyerOrgId: invoice.buyerOrgId, total: money(invoice.total) }, invoice.supplierOrgId);
  }
}

export async function getPayment(tx: Tx, ctx: Ctx, paymentId: string): Promise<Payment> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment || (payment.buyerOrgId !== actorOrg(ctx) && !seesAll(ctx))) throw notFound('payment', paymentId);
  return payment;
}

export async function listPayments(tx: Tx, ctx: Ctx, filter: { orderId?: string; invoiceId?: string; buyerOrgId?: string; limit: number; cursor?: string }) {
  const conditions: SQL[] = [];
  if (!seesAll(ctx)) conditions.push(eq(payments.buyerOrgId, actorOrg(ctx)));
  else if (filter.buyerOrgId) conditions.push(eq(payments.buyerOrgId, filter.buyerOrgId));
  if (filter.orderId) conditions.push(eq(payments.orderId, filter.orderId));
  if (filter.invoiceId) conditions.push(eq(payments.invoiceId, filter.invoiceId));
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(lt(payments.id, String(after[0])));
  const rows = await tx.select().from(payments).where(and(...conditions)).orderBy(desc(payments.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}
