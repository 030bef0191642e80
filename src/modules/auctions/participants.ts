import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { dec, money } from '../../platform/money.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { organizationsByIds } from '../identity/index.ts';
import { findParticipant, LOT_REFERENCE, lotForActor, lotForOwner, mayTakePart, notEligible } from './common.ts';
import './errors.ts';
import { FEE_REVENUE, receiveFunds, refundHeld, transferHeld } from './funds.ts';
import { auctionParticipants, type AuctionLotRow, type AuctionParticipantRow } from './schema.ts';

export interface ParticipantView {
  orgId: string;
  orgName: string | null;
  status: string;
  depositStatus: string;
  depositAmount: string;
  price: string | null;
  rank: number | null;
  bidCount: number;
  proxyLimit: string | null;
  reason: string | null;
  invitedAt: Date | null;
  registeredAt: Date | null;
  approvedAt: Date | null;
}

function toParticipantView(p: AuctionParticipantRow, name: string | null, rank: number | null, showProxy: boolean): ParticipantView {
  return {
    orgId: p.orgId,
    orgName: name,
    status: p.status,
    depositStatus: p.depositStatus,
    depositAmount: money(p.depositAmount),
    price: p.bestPrice === null ? null : money(p.bestPrice),
    rank,
    bidCount: p.bidCount,
    proxyLimit: showProxy && p.proxyLimit !== null ? money(p.proxyLimit) : null,
    reason: p.reason,
    invitedAt: p.invitedAt,
    registeredAt: p.registeredAt,
    approvedAt: p.approvedAt,
  };
}

/** Running or not yet started: participants may still join, pay deposits, be invited. */
async function assertOpenForEntry(tx: Tx, lot: AuctionLotRow): Promise<void> {
  if (lot.status === 'draft') return;
  if (lot.status !== 'published') throw new Problem('auctions.lot_closed', { lotId: lot.id, endsAt: lot.endsAt.toISOString() }, { endsAt: lot.endsAt.toISOString() });
  const [row] = await query<{ ended: boolean }>(tx, sql`select ends_at <= clock_timestamp() as ended from auction_lots where id = ${lot.id}`);
  if (row!.ended) throw new Problem('auctions.lot_closed', { lotId: lot.id, endsAt: lot.endsAt.toISOString() }, { endsAt: lot.endsAt.toISOString() });
}

/** The owner invites organisations (suppliers for a reverse auction); an invitation is the qualification. */
export async function inviteParticipants(ctx: Ctx, lotId: string, orgIds: string[]): Promise<ParticipantView[]> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    await assertOpenForEntry(tx, lot);
    const unique = [...new Set(orgIds)];
    const orgs = new Map((await organizationsByIds(tx, unique)).map((o) => [o.id, o]));
    unique.forEach((id, i) => {
      const org = orgs.get(id);
      if (!org || org.status !== 'active' || id === lot.ownerOrgId || !mayTakePart(lot.kind, org.kinds)) {
        throw invalidField(`/orgIds/${orgIds.indexOf(id) >= 0 ? orgIds.indexOf(id) : i}`, lot.kind === 'reverse' ? 'is not an active supplier organisation' : 'is not an active organisation that may buy');
      }
    });
    const now = new Date();
    const inserted = await tx
      .insert(auctionParticipants)
      .values(unique.map((orgId) => ({ lotId, orgId, status: 'invited', invitedAt: now })))
      .onConflictDoNothing()
      .returning();
    for (const p of inserted) {
      await emitEvent(tx, 'auctions.participant.invited', { lotId, orgId: p.orgId, number: lot.number, kind: lot.kind, published: lot.status === 'published' }, p.orgId);
    }
    await recordAudit(tx, ctx, { action: 'auctions.participants.invited', targetType: 'auction_lot', targetId: lotId, data: { orgIds: inserted.map((p) => p.orgId) } });
    return inserted.map((p) => toParticipantView(p, orgs.get(p.orgId)?.name ?? null, null, false));
  });
}

/**
 * The caller's organisation registers for a lot: an invitee accepts (approved at once); on a
 * public lot anyone who may take part registers, approved at once unless the lot asks the owner
 * to qualify registrations first.
 */
export async function registerForLot(ctx: Ctx, lotId: string): Promise<ParticipantView> {
  const actor = ctx.actor!;
  return ctx.db.transaction(async (tx) => {
    const { lot, role, participant } = await lotForActor(tx, actor, lotId, { lock: true });
    if (role === 'owner') throw notEligible(lotId, 'owner');
    if (role === 'operator') throw notFound('auction lot', lotId);
    if (!mayTakePart(lot.kind, actor.orgKinds)) throw notEligible(lotId, 'wrong_party');
    await assertOpenForEntry(tx, lot);
    const now = new Date();
    let row: AuctionParticipantRow;
    if (participant) {
      if (participant.status === 'rejected' || participant.status === 'disqualified') throw notEligible(lotId, participant.status as 'rejected' | 'disqualified');
      if (participant.status !== 'invited') return toParticipantView(participant, null, null, true);
      [row] = (await tx
        .update(auctionParticipants)
        .set({ status: 'approved', registeredAt: now, approvedAt: now, updatedAt: now })
        .where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, actor.orgId!)))
        .returning()) as [AuctionParticipantRow];
    } else {
      const status = lot.requiresApproval ? 'registered' : 'approved';
      [row] = (await tx
        .insert(auctionParticipants)
        .values({ lotId, orgId: actor.orgId!, status, registeredAt: now, approvedAt: status === 'approved' ? now : null })
        .returning()) as [AuctionParticipantRow];
    }
    await emitEvent(tx, 'auctions.participant.registered', { lotId, orgId: row.orgId, status: row.status }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.participant.registered', targetType: 'auction_lot', targetId: lotId, orgId: lot.ownerOrgId, data: { orgId: row.orgId, status: row.status } });
    return toParticipantView(row, null, null, true);
  });
}

/** The owner approves (qualifies) or rejects a registration on a public lot; a rejected deposit goes back. */
export async function decideRegistration(ctx: Ctx, lotId: string, orgId: string, decision: 'approve' | 'reject', reason: string | null): Promise<ParticipantView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    const p = await findParticipant(tx, lotId, orgId, true);
    if (!p) throw notFound('participant', orgId);
    const allowed = decision === 'approve' ? p.status === 'registered' : p.status === 'registered' || (p.status === 'approved' && p.bidCount === 0);
    if (!allowed) throw new Problem('state.transition_not_allowed', { command: decision, resource: 'registration', state: p.status });
    await assertOpenForEntry(tx, lot);
    const now = new Date();
    const [row] = await tx
      .update(auctionParticipants)
      .set(decision === 'approve' ? { status: 'approved', approvedAt: now, updatedAt: now } : { status: 'rejected', reason, updatedAt: now })
      .where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, orgId)))
      .returning();
    if (decision === 'reject') await settleDeposit(tx, ctx, lot, row!, 'refund', 'registration rejected');
    const [after] = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, orgId)));
    await emitEvent(tx, `auctions.participant.${decision === 'approve' ? 'approved' : 'rejected'}`, { lotId, orgId, reason }, orgId);
    await recordAudit(tx, ctx, { action: `auctions.participant.${decision === 'approve' ? 'approved' : 'rejected'}`, targetType: 'auction_lot', targetId: lotId, data: { orgId, reason } });
    return toParticipantView(after!, null, null, false);
  });
}

/**
 * The owner disqualifies a participant for a rule breach: it stops ranking and bidding; its
 * deposit is forfeited to the platform (or refunded when `forfeitDeposit` is false).
 */
export async function disqualifyParticipant(ctx: Ctx, lotId: string, orgId: string, input: { reason: string; forfeitDeposit: boolean }): Promise<ParticipantView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    if (!['draft', 'published', 'closed'].includes(lot.status)) throw new Problem('state.transition_not_allowed', { command: 'disqualify', resource: 'auction lot', state: lot.status });
    const p = await findParticipant(tx, lotId, orgId, true);
    if (!p) throw notFound('participant', orgId);
    if (p.status === 'disqualified') throw new Problem('state.transition_not_allowed', { command: 'disqualify', resource: 'participant', state: p.status });
    const now = new Date();
    await tx.update(auctionParticipants).set({ status: 'disqualified', reason: input.reason, proxyLimit: null, updatedAt: now }).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, orgId)));
    await settleDeposit(tx, ctx, lot, p, input.forfeitDeposit ? 'forfeit' : 'refund', input.reason);
    await recomputeBest(tx, lot);
    const [after] = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, orgId)));
    await emitEvent(tx, 'auctions.participant.disqualified', { lotId, orgId, reason: input.reason, forfeited: input.forfeitDeposit && p.depositStatus === 'held' }, orgId);
    await recordAudit(tx, ctx, { action: 'auctions.participant.disqualified', targetType: 'auction_lot', targetId: lotId, data: { orgId, reason: input.reason, deposit: after!.depositStatus } });
    return toParticipantView(after!, null, null, false);
  });
}

/** The lot's best bid among those still ranked (after a disqualification). */
export async function recomputeBest(tx: Tx, lot: AuctionLotRow): Promise<void> {
  const order = lot.kind === 'reverse' ? sql`best_price asc` : sql`best_price desc`;
  await query(
    tx,
    sql`update auction_lots set (best_price, best_org_id, best_seq) =
          (select best_price, org_id, best_seq from auction_participants
           where lot_id = ${lot.id} and status <> 'disqualified' and best_price is not null
           order by ${order}, best_seq asc limit 1)
        where id = ${lot.id}`,
  );
}

/** The caller pays the lot's deposit (a bank transfer it made); held until the lot's outcome. */
export async function payDeposit(ctx: Ctx, lotId: string, input: { amount: string; bankReference: string }): Promise<ParticipantView> {
  const actor = ctx.actor!;
  return ctx.db.transaction(async (tx) => {
    const { lot, role, participant } = await lotForActor(tx, actor, lotId, { lock: true });
    if (role === 'owner') throw notEligible(lotId, 'owner');
    if (role !== 'bidder' || !participant) throw notEligible(lotId, 'not_registered');
    const deposit = dec(lot.depositAmount);
    if (deposit.lte(0)) throw new Problem('auctions.deposit_not_due', { lotId, reason: 'none required' });
    if (participant.depositStatus !== 'none') throw new Problem('auctions.deposit_not_due', { lotId, reason: participant.depositStatus });
    if (participant.status === 'rejected' || participant.status === 'disqualified') throw notEligible(lotId, participant.status as 'rejected' | 'disqualified');
    await assertOpenForEntry(tx, lot);
    if (!dec(input.amount).eq(deposit)) {
      throw new Problem('auctions.amount_mismatch', { due: money(deposit), amount: input.amount, currency: lot.currency }, { due: money(deposit) }, [{ pointer: '/amount', in: 'body', message: `must be ${money(deposit)}` }]);
    }
    await receiveFunds(tx, ctx, { orgId: actor.orgId!, amount: deposit, bankReference: input.bankReference, purpose: 'auction_deposit', referenceType: LOT_REFERENCE, referenceId: lotId, memo: `Deposit for lot ${lot.number}` });
    const [row] = await tx
      .update(auctionParticipants)
      .set({ depositStatus: 'held', depositAmount: money(deposit, 4), depositReference: input.bankReference, updatedAt: new Date() })
      .where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, actor.orgId!), eq(auctionParticipants.depositStatus, 'none')))
      .returning();
    await emitEvent(tx, 'auctions.deposit.received', { lotId, orgId: actor.orgId, amount: money(deposit) }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.deposit.received', targetType: 'auction_lot', targetId: lotId, data: { amount: money(deposit), bankReference: input.bankReference } });
    return toParticipantView(row!, null, null, true);
  });
}

/**
 * Releases one participant's held deposit exactly once: refunded, or forfeited to the platform.
 * The conditional update (deposit_status = 'held') and the entry's dedupe key both stop a second
 * settlement, whatever races.
 */
export async function settleDeposit(tx: Tx, ctx: Ctx, lot: AuctionLotRow, p: AuctionParticipantRow, how: 'refund' | 'forfeit', why: string): Promise<boolean> {
  const [taken] = await tx
    .update(auctionParticipants)
    .set({ depositStatus: how === 'refund' ? 'refunded' : 'forfeited', updatedAt: new Date() })
    .where(and(eq(auctionParticipants.lotId, lot.id), eq(auctionParticipants.orgId, p.orgId), eq(auctionParticipants.depositStatus, 'held')))
    .returning({ amount: auctionParticipants.depositAmount });
  if (!taken) return false;
  const common = { orgId: p.orgId, amount: taken.amount, referenceType: LOT_REFERENCE, referenceId: lot.id };
  if (how === 'refund') {
    await refundHeld(tx, ctx, { ...common, kind: 'auctions.deposit.refunded', dedupeKey: `auction-deposit:${lot.id}:${p.orgId}:settled`, memo: `Deposit for lot ${lot.number} refunded (${why})` });
  } else {
    await transferHeld(tx, ctx, { ...common, to: FEE_REVENUE, kind: 'auctions.deposit.forfeited', dedupeKey: `auction-deposit:${lot.id}:${p.orgId}:settled`, memo: `Deposit for lot ${lot.number} forfeited (${why})` });
  }
  await emitEvent(tx, `auctions.deposit.${how === 'refund' ? 'refunded' : 'forfeited'}`, { lotId: lot.id, orgId: p.orgId, amount: money(taken.amount), reason: why }, p.orgId);
  return true;
}

/** Refunds every deposit still held on the lot (cancel, fail, award), except `keep`'s. Returns how many. */
export async function refundAllDeposits(tx: Tx, ctx: Ctx, lot: AuctionLotRow, why: string, keep: string | null = null): Promise<number> {
  const held = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lot.id), eq(auctionParticipants.depositStatus, 'held'))).orderBy(asc(auctionParticipants.orgId));
  let n = 0;
  for (const p of held) if (p.orgId !== keep && (await settleDeposit(tx, ctx, lot, p, 'refund', why))) n++;
  return n;
}

/** Participants with names and ranks, for the owner and supervisors. */
export async function listParticipants(ctx: Ctx, lotId: string): Promise<ParticipantView[]> {
  const access = await lotForActor(ctx.db, ctx.actor, lotId);
  if (access.role !== 'owner' && access.role !== 'operator') throw notFound('auction lot', lotId);
  const rows = await ctx.db.select().from(auctionParticipants).where(eq(auctionParticipants.lotId, lotId)).orderBy(asc(auctionParticipants.createdAt), asc(auctionParticipants.orgId));
  const names = new Map((await organizationsByIds(ctx.db, rows.map((r) => r.orgId))).map((o) => [o.id, o.name]));
  const ranked = rows
    .filter((r) => r.bestPrice !== null && r.status !== 'disqualified')
    .sort((a, b) => {
      const c = dec(a.bestPrice!).cmp(b.bestPrice!);
      return c !== 0 ? (access.lot.kind === 'reverse' ? c : -c) : a.bestSeq! - b.bestSeq!;
    });
  const rankOf = new Map(ranked.map((r, i) => [r.orgId, i + 1]));
  return rows.map((r) => toParticipantView(r, names.get(r.orgId) ?? null, rankOf.get(r.orgId) ?? null, false));
}

