import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { dec, money } from '../../../platform/money.ts';
import { Problem } from '../../../platform/problem.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { PLATFORM_OWNER, postEntry } from '../../ledger/index.ts';
import { actorOrgId, deadlinePassed, publish, serverNow, wrongParty } from '../common.ts';
import { tenderDeposits, tenderRegistrations, type TenderDepositRow, type TenderRow } from '../schema.ts';
import { accessTender } from './tender-access.ts';

/**
 * Bid deposits (投标保证金) in the platform's books (docs/p2p.md, ledger section):
 * - received: Dr platform:cash / Cr supplier:deposits_held
 * - refunded (non-winners after the award, the winner once the order exists, everyone when the
 *   tender fails or is cancelled, registrants who did not bid at the opening):
 *   Dr supplier:deposits_held / Cr platform:cash
 * - forfeited on a rule breach (winner declines or lets the confirmation lapse; the buyer's
 *   finding of a breach): Dr supplier:deposits_held / Cr buyer:wallet — the tenderer keeps it.
 * Each move is one entry with a dedupe key and a conditional status change (held → refunded |
 * forfeited), so it happens exactly once whatever retries or races.
 */

export const DEPOSIT_REFERENCE = 'tender';
const dedupe = (tenderId: string, supplierOrgId: string, step: 'received' | 'refunded' | 'forfeited') => `tender-deposit:${tenderId}:${supplierOrgId}:${step}`;

/** The supplier records the deposit transfer it made (amount must be the tender's deposit). */
export async function payDeposit(ctx: Ctx, tenderId: string, input: { amount: string; bankReference: string }): Promise<TenderDepositRow> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId, { lock: 'share' });
    if (party === 'buyer') throw wrongParty('supplier', tender.number, 'pay a bid deposit', '缴纳投标保证金');
    const now = await serverNow(tx);
    if (tender.status !== 'published' || now >= tender.bidDeadline) {
      if (tender.status === 'published' || tender.closedAt) throw deadlinePassed('deposit', tender.number, tender.bidDeadline);
      throw new Problem('state.transition_not_allowed', { command: 'pay a deposit', resource: 'tender', state: tender.status });
    }
    const [registration] = await tx.select().from(tenderRegistrations).where(and(eq(tenderRegistrations.tenderId, tender.id), eq(tenderRegistrations.supplierOrgId, supplierOrgId)));
    if (!registration) throw new Problem('sourcing.not_registered', { number: tender.number, action: 'pay the deposit', actionZh: '缴纳保证金' });
    if (registration.status === 'rejected') throw new Problem('sourcing.not_qualified', { number: tender.number, status: 'rejected', statusZh: '资格审查未通过', action: 'pay the deposit', actionZh: '缴纳保证金' });
    if (!dec(tender.depositAmount).gt(0)) throw new Problem('sourcing.deposit_not_due', { reason: `${tender.number} takes no bid deposit.`, reasonZh: `${tender.number} 无需投标保证金。` });
    if (!dec(input.amount).eq(tender.depositAmount)) {
      throw new Problem('sourcing.deposit_amount', { number: tender.number, amount: money(tender.depositAmount), currency: tender.currency }, { amount: money(tender.depositAmount), currency: tender.currency }, [{ pointer: '/amount', in: 'body', message: `must be ${money(tender.depositAmount)}` }]);
    }
    // The row first: its unique index makes a concurrent second payment wait for this one and then
    // find it, so the money is booked once (the entry's dedupe key would refuse it as an error).
    const [claimed] = await tx
      .insert(tenderDeposits)
      .values({ id: newId('tdep'), tenderId: tender.id, supplierOrgId, amount: tender.depositAmount, currency: tender.currency, status: 'held', bankReference: input.bankReference, receivedEntryId: 'pending', paidAt: now })
      .onConflictDoNothing()
      .returning();
    if (!claimed) {
      const existing = await depositOf(tx, tender.id, supplierOrgId);
      throw new Problem('sourcing.deposit_not_due', { reason: `Your deposit for ${tender.number} was recorded on ${existing?.paidAt.toISOString() ?? 'an earlier request'}.`, reasonZh: `贵单位已缴纳 ${tender.number} 的保证金（${existing?.paidAt.toISOString() ?? '此前'}）。` });
    }
    const entryId = await postEntry(tx, ctx, {
      kind: 'sourcing.deposit.received',
      memo: `投标保证金 ${tender.number} / bid deposit`,
      reference: { type: DEPOSIT_REFERENCE, id: tender.id },
      dedupeKey: dedupe(tender.id, supplierOrgId, 'received'),
      postings: [
        { account: { owner: PLATFORM_OWNER, purpose: 'cash' }, debit: tender.depositAmount },
        { account: { owner: supplierOrgId, purpose: 'deposits_held' }, credit: tender.depositAmount },
      ],
    });
    const [deposit] = await tx.update(tenderDeposits).set({ receivedEntryId: entryId }).where(eq(tenderDeposits.id, claimed.id)).returning();
    await publish(tx, 'sourcing.tender.deposit_received', { tenderId: tender.id, number: tender.number, supplierOrgId }, tender.orgId, [tender.orgId, supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.deposit_paid', targetType: 'tender', targetId: tender.id, data: { number: tender.number, amount: money(tender.depositAmount), bankReference: input.bankReference, entryId } });
    return deposit!;
  });
}

async function settleDeposit(tx: Tx, ctx: Ctx, tender: TenderRow, deposit: TenderDepositRow, step: 'refunded' | 'forfeited', reason: string): Promise<TenderDepositRow | null> {
  // Conditional update first: a deposit leaves `held` exactly once, whatever races.
  const [claimed] = await tx
    .update(tenderDeposits)
    .set({ status: step, reason, settledAt: new Date() })
    .where(and(eq(tenderDeposits.id, deposit.id), eq(tenderDeposits.status, 'held')))
    .returning();
  if (!claimed) return null;
  const entryId = await postEntry(tx, ctx, {
    kind: `sourcing.deposit.${step}`,
    memo: `${step === 'refunded' ? '退还' : '没收'}投标保证金 ${tender.number}: ${reason}`.slice(0, 500),
    reference: { type: DEPOSIT_REFERENCE, id: tender.id },
    dedupeKey: dedupe(tender.id, deposit.supplierOrgId, step),
    postings: [
      { account: { owner: deposit.supplierOrgId, purpose: 'deposits_held' }, debit: deposit.amount },
      step === 'refunded' ? { account: { owner: PLATFORM_OWNER, purpose: 'cash' }, credit: deposit.amount } : { account: { owner: tender.orgId, purpose: 'wallet' }, credit: deposit.amount },
    ],
  });
  const [settled] = await tx.update(tenderDeposits).set({ settledEntryId: entryId }).where(eq(tenderDeposits.id, deposit.id)).returning();
  await publish(tx, `sourcing.tender.deposit_${step}`, { tenderId: tender.id, number: tender.number, supplierOrgId: deposit.supplierOrgId, amount: money(deposit.amount) }, tender.orgId, [tender.orgId, deposit.supplierOrgId]);
  return settled!;
}

/** Refunds every still-held deposit of the tender except `except` (suppliers); returns the refunded. The caller audits. */
export async function refundDeposits(tx: Tx, ctx: Ctx, tender: TenderRow, reason: string, filter: { only?: string[]; except?: string[] } = {}): Promise<TenderDepositRow[]> {
  const held = await tx.select().from(tenderDeposits).where(and(eq(tenderDeposits.tenderId, tender.id), eq(tenderDeposits.status, 'held'))).orderBy(asc(tenderDeposits.supplierOrgId)).for('update');
  const out: TenderDepositRow[] = [];
  for (const deposit of held) {
    if (filter.only && !filter.only.includes(deposit.supplierOrgId)) continue;
    if (filter.except?.includes(deposit.supplierOrgId)) continue;
    const settled = await settleDeposit(tx, ctx, tender, deposit, 'refunded', reason);
    if (settled) out.push(settled);
  }
  return out;
}

/** Forfeits one supplier's held deposit to the buyer (rule breach). Null when none is held. The caller audits. */
export async function forfeitDeposit(tx: Tx, ctx: Ctx, tender: TenderRow, supplierOrgId: string, reason: string): Promise<TenderDepositRow | null> {
  const [deposit] = await tx.select().from(tenderDeposits).where(and(eq(tenderDeposits.tenderId, tender.id), eq(tenderDeposits.supplierOrgId, supplierOrgId))).for('update');
  if (!deposit || deposit.status !== 'held') return null;
  return settleDeposit(tx, ctx, tender, deposit, 'forfeited', reason);
}

/** The buyer forfeits a bidder's deposit for a breach it found (e.g. collusion, false documents) after the deadline. */
export async function forfeitForBreach(ctx: Ctx, tenderId: string, input: { supplierOrgId: string; reason: string }): Promise<TenderDepositRow> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    if (!['closed', 'opened', 'evaluated', 'awarded'].includes(tender.status)) throw new Problem('state.transition_not_allowed', { command: 'forfeit a deposit', resource: 'tender', state: tender.status });
    const deposit = await forfeitDeposit(tx, ctx, tender, input.supplierOrgId, input.reason);
    if (!deposit) throw new Problem('sourcing.deposit_not_due', { reason: 'That supplier has no deposit held for this tender.', reasonZh: '该供应商在本项目没有在押保证金。' }, {}, [{ pointer: '/supplierOrgId', in: 'body', message: 'has no deposit held' }]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.deposit_forfeited', targetType: 'tender', targetId: tender.id, data: { number: tender.number, supplierOrgId: input.supplierOrgId, amount: money(deposit.amount), reason: input.reason } });
    return deposit;
  });
}

export interface DepositView extends TenderDepositRow {
  supplierName: string;
}

/** Deposits of a tender for its buyer. */
export async function listDeposits(ctx: Ctx, tenderId: string): Promise<DepositView[]> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { as: 'buyer' });
    const rows = await tx.select().from(tenderDeposits).where(eq(tenderDeposits.tenderId, tender.id)).orderBy(asc(tenderDeposits.paidAt));
    const names = new Map((await organizationsByIds(tx, rows.map((r) => r.supplierOrgId))).map((o) => [o.id, o.name]));
    return rows.map((r) => ({ ...r, supplierName: names.get(r.supplierOrgId) ?? r.supplierOrgId }));
  });
}

export async function depositOf(tx: Tx, tenderId: string, supplierOrgId: string): Promise<TenderDepositRow | null> {
  const [row] = await tx.select().from(tenderDeposits).where(and(eq(tenderDeposits.tenderId, tenderId), eq(tenderDeposits.supplierOrgId, supplierOrgId)));
  return row ?? null;
}

export async function heldDepositCount(tx: Tx, tenderId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(tenderDeposits).where(and(eq(tenderDeposits.tenderId, tenderId), eq(tenderDeposits.status, 'held')));
  return row?.n ?? 0;
}
