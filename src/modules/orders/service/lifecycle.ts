import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { newId } from '../../../platform/ids.ts';
import { dec, money } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { recordSale, releaseAgreementQuantity } from '../../catalog/index.ts';
import { getOrganization, listOrgUsers, recheckMfa, type Organization } from '../../identity/index.ts';
import { extendReservations, releaseReservations } from '../../inventory/index.ts';
import { orderCancelled } from '../hooks.ts';
import type { OrderCommand } from '../order.state.ts';
import { renderContractPdf, type ContractData, type ContractParty } from '../pdf.ts';
import { contracts, purchaseOrders } from '../schema.ts';
import { applyTransition, getOrderForOrg, linesOf, lockOrder, orderRef, partiesOf, partyOf, recordOrderEvent, type Order, type OrderLine } from './common.ts';
import { performSubmission, auditSubmitted } from './create-order.ts';
import { releaseBudget } from '../../procurement/index.ts';

export type Contract = typeof contracts.$inferSelect;

/**
 * Gives back what an order that will never ship still holds: unshipped stock reservations,
 * the budget commitment, the framework-agreement quantity. Each part is safe to run twice.
 */
export async function releaseOrderCommitments(tx: Tx, ctx: Ctx, order: Order, lines: OrderLine[], kind: 'released' | 'expired' = 'released'): Promise<void> {
  await releaseReservations(tx, ctx, orderRef(order.id), kind);
  if (order.budgetLineId || order.requisitionId) await releaseBudget(tx, ctx, { reference: orderRef(order.id) });
  for (const line of lines) {
    const unshipped = dec(line.quantity).minus(line.shippedQuantity);
    if (line.agreementItemId && line.priceSource === 'contract' && unshipped.gt(0)) {
      await releaseAgreementQuantity(tx, { agreementItemId: line.agreementItemId, quantity: unshipped });
    }
  }
}

async function cancelLocked(tx: Tx, ctx: Ctx, order: Order, command: OrderCommand, reason: string, via: 'buyer' | 'supplier_rejection' | 'reservation_expiry' | 'dispute'): Promise<Order> {
  const lines = await linesOf(tx, order.id);
  const updated = await applyTransition(tx, ctx, order, command, { patch: { cancelReason: reason, reservationExpiresAt: null }, data: { reason } });
  await releaseOrderCommitments(tx, ctx, order, lines, via === 'reservation_expiry' ? 'expired' : 'released');
  await orderCancelled.run(tx, ctx, { ...partiesOf(order), reason, via, escrowHeld: money(order.escrowHeld) });
  return updated;
}

/** The buyer cancels an order before the contract is signed; stock, budget and agreement quantity go back. */
export async function cancelOrder(ctx: Ctx, orderId: string, input: { reason: string; version?: number }): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'buyer', 'cancel it');
    assertVersion(order, input.version);
    const updated = await cancelLocked(tx, ctx, order, 'cancel', input.reason, 'buyer');
    await recordAudit(tx, ctx, { action: 'orders.order.cancelled', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number, from: order.status, reason: input.reason } });
    return updated;
  });
}

/** The supplier refuses a submitted order with a reason; everything it held is released. */
export async function rejectOrder(ctx: Ctx, orderId: string, input: { reason: string; version?: number }): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'supplier', 'reject it');
    assertVersion(order, input.version);
    const updated = await cancelLocked(tx, ctx, order, 'reject', input.reason, 'supplier_rejection');
    await recordAudit(tx, ctx, { action: 'orders.order.rejected', targetType: 'order', targetId: order.id, orgId: order.supplierOrgId, data: { number: order.number, reason: input.reason } });
    return updated;
  });
}

/**
 * Reaction to `inventory.reservation.expired`: an order still waiting for the supplier is
 * cancelled (its budget and agreement quantity released); any other status keeps going.
 */
export async function expireOrder(ctx: Ctx, orderId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId)).for('update');
    if (!order || order.status !== 'submitted') return false;
    await cancelLocked(tx, ctx, order, 'expire', 'reservation_expired', 'reservation_expiry');
    await recordAudit(tx, ctx, { action: 'orders.order.expired', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number } });
    return true;
  });
}

/** Submits a draft order (created with status 'draft' by createOrder). */
export async function submitOrder(ctx: Ctx, orderId: string): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'buyer', 'submit it');
    if (order.status !== 'draft') throw new Problem('state.transition_not_allowed', { command: 'submit', resource: 'order', state: order.status });
    const submitted = await performSubmission(tx, ctx, order, await linesOf(tx, order.id));
    await auditSubmitted(tx, ctx, submitted);
    return submitted;
  });
}

/** The buyer closes a settled order (its file is complete). */
export async function closeOrder(ctx: Ctx, orderId: string): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'buyer', 'close it');
    const updated = await applyTransition(tx, ctx, order, 'close', { patch: { closedAt: new Date() } });
    await recordAudit(tx, ctx, { action: 'orders.order.closed', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number } });
    return updated;
  });
}

function assertVersion(order: Order, version: number | undefined): void {
  if (version !== undefined && version !== order.version) {
    throw new Problem('resource.version_conflict', { resource: 'order', expected: version, actual: order.version });
  }
}

// --- confirmation and the e-contract ---------------------------------------------------------

const contractNumberOf = (order: Order) => order.number.replace(/^PO-/, 'CT-');
const toParty = (org: Organization): ContractParty => ({ name: org.name, nameEn: org.nameEn, uscc: org.uscc, address: org.address, contactName: org.contactName });

async function contractData(tx: Tx, order: Order, lines: OrderLine[], issuedAt: Date): Promise<ContractData> {
  const [buyer, supplier] = await Promise.all([getOrganization(tx, order.buyerOrgId), getOrganization(tx, order.supplierOrgId)]);
  return {
    contractNumber: contractNumberOf(order),
    orderNumber: order.number,
    issuedAt,
    buyer: toParty(buyer),
    supplier: toParty(supplier),
    lines: lines.map((l) => ({ lineNo: l.lineNo, name: l.name, spec: l.spec, uom: l.uom, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate, lineSubtotal: l.lineSubtotal, lineTax: l.lineTax, lineTotal: l.lineTotal })),
    subtotal: order.subtotal,
    taxTotal: order.taxTotal,
    total: order.total,
    currency: order.currency,
    paymentMethod: order.paymentMethod as 'escrow' | 'credit',
    creditDays: order.creditDays,
    deliveryAddress: order.deliveryAddress,
    deliveryRegion: order.deliveryRegion,
    needBy: order.needBy,
  };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The supplier confirms a submitted order: its reservations are kept until shipped (refused
 * with 409 when they already expired), and the e-contract PDF is generated — rendered before
 * the transaction so the row lock is short — with its SHA-256 written to the audit chain.
 */
export async function confirmOrder(ctx: Ctx, orderId: string, input: { note?: string | null; version?: number } = {}): Promise<{ order: Order; contract: Contract }> {
  const preview = await getOrderForOrg(ctx.db, ctx.actor?.orgId, orderId);
  if (partyOf(preview, ctx.actor?.orgId) !== 'supplier') throw new Problem('orders.wrong_party', { party: 'supplier', partyZh: '供应商', number: preview.number, action: 'confirm it' });
  if (preview.status !== 'submitted') throw new Problem('state.transition_not_allowed', { command: 'confirm', resource: 'order', state: preview.status });
  const issuedAt = new Date();
  const lines = await linesOf(ctx.db, orderId);
  const pdf = await renderContractPdf(await contractData(ctx.db, preview, lines, issuedAt));
  const digest = sha256(pdf);
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'supplier', 'confirm it');
    assertVersion(order, input.version);
    if (order.reservationExpiresAt && order.status === 'submitted') {
      const active = await extendReservations(tx, orderRef(order.id), null);
      if (active === 0) throw new Problem('orders.reservation_expired', { number: order.number });
    }
    const updated = await applyTransition(tx, ctx, order, 'confirm', { patch: { confirmedAt: issuedAt, reservationExpiresAt: null }, data: { note: input.note ?? null } });
    const [contract] = await tx
      .insert(contracts)
      .values({ id: newId('ctr'), orderId: order.id, number: contractNumberOf(order), status: 'pending_signatures', pdf, sha256: digest, createdAt: issuedAt })
      .returning();
    for (const line of lines) if (line.skuId) await recordSale(tx, line.skuId);
    await recordOrderEvent(tx, ctx, order.id, 'contract_generated', { contractId: contract!.id, number: contract!.number, sha256: digest });
    await emitEvent(tx, 'orders.contract.generated', { orderId: order.id, contractId: contract!.id, sha256: digest, buyerOrgId: order.buyerOrgId, supplierOrgId: order.supplierOrgId }, order.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'orders.order.confirmed', targetType: 'order', targetId: order.id, orgId: order.supplierOrgId, data: { number: order.number, note: input.note ?? null } });
    await recordAudit(tx, ctx, { action: 'orders.contract.generated', targetType: 'contract', targetId: contract!.id, orgId: order.buyerOrgId, data: { orderId: order.id, number: contract!.number, sha256: digest, bytes: pdf.length } });
    return { order: updated, contract: contract! };
  });
}

/** Amount (incl. tax) from which signing needs a fresh MFA code; env COTRADE_CONTRACT_MFA_THRESHOLD. */
export function contractMfaThreshold(): string {
  const raw = process.env.COTRADE_CONTRACT_MFA_THRESHOLD;
  return raw && /^\d+(\.\d+)?$/.test(raw) ? raw : '50000';
}
export const signRequiresMfa = (order: Pick<Order, 'total'>) => dec(order.total).gte(contractMfaThreshold());

export async function getContract(tx: Tx, orgId: string | null | undefined, orderId: string): Promise<{ order: Order; contract: Contract }> {
  const order = await getOrderForOrg(tx, orgId, orderId);
  const [contract] = await tx.select().from(contracts).where(eq(contracts.orderId, order.id));
  if (!contract) throw notFound('contract', orderId);
  return { order, contract };
}

/**
 * A party signs the contract (a user, never an API key); above the threshold only with a valid
 * MFA code. When both have signed, the signature page is added, the signed PDF's SHA-256 goes to
 * the audit chain, and the order moves into fulfilment.
 */
export async function signContract(ctx: Ctx, orderId: string, input: { mfaCode?: string }): Promise<{ order: Order; contract: Contract }> {
  const preview = await getOrderForOrg(ctx.db, ctx.actor?.orgId, orderId);
  if (ctx.actor?.type !== 'user' || !ctx.actor.userId) throw new Problem('orders.contract_user_required');
  const userId = ctx.actor.userId;
  if (signRequiresMfa(preview)) {
    if (!input.mfaCode) throw new Problem('orders.contract_mfa_required', { threshold: money(contractMfaThreshold()) }, { threshold: money(contractMfaThreshold()) });
    await recheckMfa(ctx, input.mfaCode);
  }
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'either', 'sign');
    const party = partyOf(order, ctx.actor!.orgId)!;
    const [contract] = await tx.select().from(contracts).where(eq(contracts.orderId, order.id)).for('update');
    if (!contract || order.status !== 'confirmed' || contract.status !== 'pending_signatures') {
      throw new Problem('state.transition_not_allowed', { command: 'sign', resource: 'contract', state: contract?.status ?? `order ${order.status}` });
    }
    const already = party === 'buyer' ? contract.buyerSignedBy : contract.supplierSignedBy;
    if (already) throw new Problem('orders.contract_already_signed', { party, partyZh: party === 'buyer' ? '采购方' : '供应商', number: contract.number });
    const now = new Date();
    const patch: Partial<Contract> = party === 'buyer' ? { buyerSignedBy: userId, buyerSignedAt: now } : { supplierSignedBy: userId, supplierSignedAt: now };
    const merged = { ...contract, ...patch };
    let updatedOrder = order;
    if (merged.buyerSignedBy && merged.supplierSignedBy) {
      const [buyerUser] = await listOrgUsers(tx, order.buyerOrgId, { ids: [merged.buyerSignedBy] });
      const [supplierUser] = await listOrgUsers(tx, order.supplierOrgId, { ids: [merged.supplierSignedBy] });
      const signedPdf = await renderContractPdf(await contractData(tx, order, await linesOf(tx, order.id), contract.createdAt), {
        originalSha256: contract.sha256,
        buyer: { name: buyerUser?.name ?? merged.buyerSignedBy, at: merged.buyerSignedAt! },
        supplier: { name: supplierUser?.name ?? merged.supplierSignedBy, at: merged.supplierSignedAt! },
      });
      Object.assign(patch, { status: 'signed', signedPdf, signedSha256: sha256(signedPdf) });
      updatedOrder = await applyTransition(tx, ctx, order, 'start_fulfilment', { data: { contractId: contract.id } });
    }
    const [updated] = await tx.update(contracts).set(patch).where(and(eq(contracts.id, contract.id), eq(contracts.status, 'pending_signatures'))).returning();
    await recordOrderEvent(tx, ctx, order.id, 'contract_signed', { party, contractId: contract.id, mfa: signRequiresMfa(order), complete: updated!.status === 'signed' });
    await emitEvent(tx, `orders.contract.${updated!.status === 'signed' ? 'signed' : 'signed_by_party'}`, { orderId: order.id, contractId: contract.id, party, sha256: updated!.signedSha256 ?? contract.sha256 }, party === 'buyer' ? order.supplierOrgId : order.buyerOrgId);
    await recordAudit(tx, ctx, {
      action: 'orders.contract.signed',
      targetType: 'contract',
      targetId: contract.id,
      data: { orderId: order.id, party, sha256: contract.sha256, mfa: signRequiresMfa(order), ...(updated!.signedSha256 ? { signedSha256: updated!.signedSha256 } : {}) },
    });
    return { order: updatedOrder, contract: updated! };
  });
}
