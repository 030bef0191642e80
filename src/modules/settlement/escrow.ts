import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { Decimal, cents, dec, money } from '../../platform/money.ts';
import { postEntry, type PostingInput } from '../ledger/index.ts';
import { chargeCommission } from './commission.ts';
import { escrowHeldOf, lockSettlement, supplierTierOf, updateSettlement, PLATFORM } from './common.ts';
import { adjustEscrowHeld, readOrder, type OrderAcceptedPayload, type OrderCancelledPayload, type OrderDisputeResolvedPayload, type OrderParties } from './ports.ts';
import { activeCommissionRules } from './rules.ts';

function asOrder(p: OrderParties) {
  return { id: p.orderId, buyerOrgId: p.buyerOrgId, supplierOrgId: p.supplierOrgId, paymentMethod: p.paymentMethod, currency: p.currency };
}

/**
 * Acceptance (orders' `orderAccepted` hook, inside the acceptance transaction). Escrow orders:
 * the accepted value leaves the buyer's escrow — to the supplier net of commission and to the
 * platform as commission; whatever escrow did not cover becomes the buyer's receivable; rejected
 * value (and, once the whole order is inspected, anything still held) goes back to the buyer.
 * Credit orders: nothing moves until the invoice is approved; the values are recorded.
 */
export async function onOrderAccepted(tx: Tx, ctx: Ctx, p: OrderAcceptedPayload): Promise<void> {
  const s = await lockSettlement(tx, asOrder(p));
  const accepted = dec(p.acceptedValue);
  const rejected = dec(p.rejectedValue);
  const totals = { acceptedValue: money(dec(s.acceptedValue).plus(accepted), 4), reducedValue: money(dec(s.reducedValue).plus(rejected), 4) };
  if (p.paymentMethod !== 'escrow') {
    await updateSettlement(tx, p.orderId, totals);
    return;
  }
  const held = escrowHeldOf(s);
  const release = Decimal.min(accepted, held);
  const shortfall = accepted.minus(release);

  // Commission is charged on the tax-exclusive part of the accepted value, line by line.
  const orderLines = new Map((await readOrder(tx, p.orderId)).lines.map((l) => [l.id, l]));
  const charge = chargeCommission(
    await activeCommissionRules(tx),
    await supplierTierOf(tx, p.supplierOrgId),
    p.lines.map((l) => {
      const line = orderLines.get(l.orderLineId);
      return { categoryCode: line?.categoryCode ?? null, base: cents(dec(l.acceptedValue).div(dec(1).plus(line?.taxRate ?? 0))) };
    }),
    s.commissionDetail,
  );
  const commission = Decimal.min(charge.amount, accepted);

  if (accepted.gt(0)) {
    const postings: PostingInput[] = [];
    if (release.gt(0)) postings.push({ account: { owner: p.buyerOrgId, purpose: 'escrow' }, debit: release });
    if (shortfall.gt(0)) postings.push({ account: { owner: p.buyerOrgId, purpose: 'buyer_receivable' }, debit: shortfall });
    if (accepted.minus(commission).gt(0)) postings.push({ account: { owner: p.supplierOrgId, purpose: 'supplier_payable' }, credit: accepted.minus(commission) });
    if (commission.gt(0)) postings.push({ account: { owner: PLATFORM, purpose: 'commission_revenue' }, credit: commission });
    await postEntry(tx, ctx, {
      kind: 'settlement.escrow.released',
      memo: `Accepted goods of order ${p.number} (receipt ${p.receiptId})`,
      reference: { type: 'order', id: p.orderId },
      dedupeKey: `escrow-release:${p.receiptId}`,
      postings,
    });
  }
  const left = held.minus(release);
  const refund = p.final ? left : Decimal.min(rejected, left);
  if (refund.gt(0)) {
    await postEntry(tx, ctx, {
      kind: 'settlement.escrow.refunded',
      memo: `Refund of ${p.final ? 'rejected and unused' : 'rejected'} value of order ${p.number} (receipt ${p.receiptId})`,
      reference: { type: 'order', id: p.orderId },
      dedupeKey: `escrow-refund:${p.receiptId}`,
      postings: [
        { account: { owner: p.buyerOrgId, purpose: 'escrow' }, debit: refund },
        { account: { owner: PLATFORM, purpose: 'cash' }, credit: refund },
      ],
    });
  }
  const out = release.plus(refund);
  if (out.gt(0)) await adjustEscrowHeld(tx, p.orderId, out.neg());
  await updateSettlement(tx, p.orderId, {
    ...totals,
    escrowReleased: money(dec(s.escrowReleased).plus(release), 4),
    escrowRefunded: money(dec(s.escrowRefunded).plus(refund), 4),
    receivableOpen: money(dec(s.receivableOpen).plus(shortfall), 4),
    commissionCharged: money(dec(s.commissionCharged).plus(commission), 4),
    commissionDetail: charge.detail,
  });
  const payload = {
    orderId: p.orderId,
    receiptId: p.receiptId,
    buyerOrgId: p.buyerOrgId,
    supplierOrgId: p.supplierOrgId,
    accepted: money(accepted),
    released: money(release),
    shortfall: money(shortfall),
    commission: money(commission),
    refunded: money(refund),
  };
  await emitEvent(tx, 'settlement.escrow.released', payload, p.supplierOrgId);
  if (refund.gt(0)) await emitEvent(tx, 'settlement.escrow.refunded', { orderId: p.orderId, buyerOrgId: p.buyerOrgId, amount: money(refund), reason: 'rejected' }, p.buyerOrgId);
  await recordAudit(tx, ctx, { action: 'settlement.escrow.released', targetType: 'order', targetId: p.orderId, orgId: p.buyerOrgId, data: payload });
}

/** Refunds what escrow holds for an order back to the buyer (cash leaves the platform). */
async function refundHeld(tx: Tx, ctx: Ctx, p: OrderParties, amount: Decimal, dedupeKey: string, reason: string): Promise<void> {
  if (amount.lte(0)) return;
  await postEntry(tx, ctx, {
    kind: 'settlement.escrow.refunded',
    memo: `Refund for order ${p.number}: ${reason}`,
    reference: { type: 'order', id: p.orderId },
    dedupeKey,
    postings: [
      { account: { owner: p.buyerOrgId, purpose: 'escrow' }, debit: amount },
      { account: { owner: PLATFORM, purpose: 'cash' }, credit: amount },
    ],
  });
  await adjustEscrowHeld(tx, p.orderId, amount.neg());
  await emitEvent(tx, 'settlement.escrow.refunded', { orderId: p.orderId, buyerOrgId: p.buyerOrgId, amount: money(amount), reason }, p.buyerOrgId);
}

/**
 * What a cancellation refunded, per order, in the transaction that cancelled it: a dispute that
 * cancels the order runs both hooks in one transaction, and its refund must not pay back twice.
 */
const refundedByCancellation = new WeakMap<Tx, Map<string, Decimal>>();

/** Cancellation (any route: buyer, supplier rejection, expiry, dispute): escrow goes back in full. */
export async function onOrderCancelled(tx: Tx, ctx: Ctx, p: OrderCancelledPayload): Promise<void> {
  const s = await lockSettlement(tx, asOrder(p));
  const held = escrowHeldOf(s);
  const refunded = refundedByCancellation.get(tx) ?? new Map<string, Decimal>();
  refunded.set(p.orderId, held);
  refundedByCancellation.set(tx, refunded);
  await refundHeld(tx, ctx, p, held, `escrow-refund:${p.orderId}:cancelled`, `cancelled (${p.via})`);
  const open = Decimal.max(dec(p.total).minus(s.acceptedValue).minus(s.reducedValue), 0);
  await updateSettlement(tx, p.orderId, { escrowRefunded: money(dec(s.escrowRefunded).plus(held), 4), reducedValue: money(dec(s.reducedValue).plus(open), 4) });
  if (held.gt(0)) {
    await recordAudit(tx, ctx, { action: 'settlement.escrow.refunded', targetType: 'order', targetId: p.orderId, orgId: p.buyerOrgId, data: { amount: money(held), reason: p.reason, via: p.via } });
  }
}

/**
 * A dispute resolved with a refund to the buyer: escrow still held pays first (when the dispute
 * cancelled the order, the cancellation already gave back everything held); the rest is taken
 * back from what the platform owes the supplier. (Credit-terms orders are corrected on their
 * invoices instead, so nothing moves here for them.)
 */
export async function onDisputeResolved(tx: Tx, ctx: Ctx, p: OrderDisputeResolvedPayload): Promise<void> {
  const alreadyRefunded = p.outcome === 'cancel_order' ? (refundedByCancellation.get(tx)?.get(p.orderId) ?? dec(0)) : dec(0);
  const amount = Decimal.max(dec(p.refundAmount).minus(alreadyRefunded), 0);
  if (amount.lte(0) || p.paymentMethod !== 'escrow') return;
  const s = await lockSettlement(tx, asOrder(p));
  const fromEscrow = Decimal.min(amount, escrowHeldOf(s));
  const fromSupplier = amount.minus(fromEscrow);
  await refundHeld(tx, ctx, p, fromEscrow, `escrow-refund:${p.caseId}`, `dispute ${p.caseId}`);
  if (fromSupplier.gt(0)) {
    await postEntry(tx, ctx, {
      kind: 'settlement.dispute.clawback',
      memo: `Dispute ${p.caseId} on order ${p.number}: refund beyond escrow taken from the supplier`,
      reference: { type: 'order', id: p.orderId },
      dedupeKey: `dispute-clawback:${p.caseId}`,
      postings: [
        { account: { owner: p.supplierOrgId, purpose: 'supplier_payable' }, debit: fromSupplier },
        { account: { owner: PLATFORM, purpose: 'cash' }, credit: fromSupplier },
      ],
    });
  }
  await updateSettlement(tx, p.orderId, { escrowRefunded: money(dec(s.escrowRefunded).plus(fromEscrow), 4), reducedValue: money(dec(s.reducedValue).plus(fromEscrow), 4) });
  await recordAudit(tx, ctx, { action: 'settlement.dispute.refunded', targetType: 'order', targetId: p.orderId, orgId: p.buyerOrgId, data: { caseId: p.caseId, fromEscrow: money(fromEscrow), fromSupplier: money(fromSupplier) } });
}
