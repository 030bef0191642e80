import { and, eq, lte, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import { query, type Db, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { Decimal, dec, money } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { organizationsByIds } from '../identity/index.ts';
import { createOrder } from '../orders/index.ts';
import { LOT_REFERENCE, lotForActor, lotForOwner } from './common.ts';
import './errors.ts';
import { payableTo, receiveFunds, transferHeld } from './funds.ts';
import { transition } from './lot.state.ts';
import { rankOfParticipant, toLotView, type LotView } from './lots.ts';
import { refundAllDeposits, settleDeposit } from './participants.ts';
import { auctionLots, auctionParticipants, type AuctionLotRow, type AuctionParticipantRow } from './schema.ts';

/**
 * The best bidder that may win: ranked (not disqualified), its organisation still active, and
 * its price within the reserve. Participants are walked in rank order, so a suspended leader
 * passes the award to the next one.
 */
async function awardCandidate(tx: Tx, lot: AuctionLotRow): Promise<{ winner: AuctionParticipantRow | null; reason: 'no_bids' | 'reserve_not_met' | 'no_eligible_bidder' | null }> {
  const order = lot.kind === 'reverse' ? sql`best_price asc` : sql`best_price desc`;
  const ranked = await tx
    .select()
    .from(auctionParticipants)
    .where(and(eq(auctionParticipants.lotId, lot.id), sql`${auctionParticipants.status} <> 'disqualified'`, sql`${auctionParticipants.bestPrice} is not null`))
    .orderBy(order, sql`best_seq asc`);
  if (!ranked.length) return { winner: null, reason: 'no_bids' };
  const active = new Set((await organizationsByIds(tx, ranked.map((p) => p.orgId))).filter((o) => o.status === 'active').map((o) => o.id));
  const meetsReserve = (p: AuctionParticipantRow) =>
    lot.reservePrice === null || (lot.kind === 'reverse' ? dec(p.bestPrice!).lte(lot.reservePrice) : dec(p.bestPrice!).gte(lot.reservePrice));
  const eligible = ranked.filter((p) => active.has(p.orgId));
  if (!eligible.length) return { winner: null, reason: 'no_eligible_bidder' };
  const winner = eligible[0]!;
  return meetsReserve(winner) ? { winner, reason: null } : { winner: null, reason: 'reserve_not_met' };
}

async function hasEnded(tx: Tx, lotId: string): Promise<boolean> {
  const [row] = await query<{ ended: boolean }>(tx, sql`select ends_at <= clock_timestamp() as ended from auction_lots where id = ${lotId}`);
  return row!.ended;
}

/**
 * published → closed (an eligible bid meets the reserve: ready to award) or failed (流拍; every
 * deposit refunded). Only once the end has passed by the database clock, under the lot lock, so
 * no bid can slip in after: the bid batches take the same lock and check the same clock.
 */
async function closeLocked(tx: Tx, ctx: Ctx, lot: AuctionLotRow): Promise<AuctionLotRow> {
  if (!(await hasEnded(tx, lot.id))) throw new Problem('auctions.lot_running', { lotId: lot.id, endsAt: lot.endsAt.toISOString() }, { endsAt: lot.endsAt.toISOString() });
  const { winner, reason } = await awardCandidate(tx, lot);
  const next = transition(lot.status, winner ? 'close' : 'fail');
  const refunded = winner ? 0 : await refundAllDeposits(tx, ctx, lot, reason ?? 'failed');
  const now = new Date();
  const [updated] = await tx
    .update(auctionLots)
    .set({ status: next, closedAt: now, outcomeReason: reason, updatedAt: now, version: sql`${auctionLots.version} + 1` })
    .where(eq(auctionLots.id, lot.id))
    .returning();
  const data = { number: lot.number, seq: lot.seq, bidCount: lot.bidCount, bestPrice: lot.bestPrice === null ? null : money(lot.bestPrice), endsAt: lot.endsAt, extensions: lot.extensions, chainHash: lot.chainHash, reason, depositsRefunded: refunded };
  await emitEvent(tx, `auctions.lot.${next}`, { lotId: lot.id, ...data }, lot.ownerOrgId);
  // The bid chain's head goes into the global audit chain: the lot's whole bid history is anchored.
  await recordAudit(tx, ctx, { action: `auctions.lot.${next}`, targetType: 'auction_lot', targetId: lot.id, orgId: lot.ownerOrgId, data });
  return updated!;
}

/** The owner closes an ended lot now instead of waiting for the sweep (idempotent once closed). */
export async function closeLot(ctx: Ctx, lotId: string): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    const closed = lot.status === 'published' ? await closeLocked(tx, ctx, lot) : lot;
    return toLotView(closed, { lot: closed, role: 'owner', participant: null }, null);
  });
}

export interface AwardInput {
  /** Reverse: how the buyer pays the order (default escrow). */
  paymentMethod?: 'escrow' | 'credit';
  creditDays?: number | null;
  budgetLineId?: string | null;
  deliveryAddress?: string | null;
  needBy?: string | null;
  /** Forward: days the winner has to pay (default 3). */
  paymentDays?: number;
}

/** The sale value of a price: quantity × price, then tax, rounded like order lines. */
export function saleTotalOf(lot: Pick<AuctionLotRow, 'quantity' | 'taxRate'>, price: Decimal.Value): Decimal {
  const subtotal = dec(price).times(lot.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return subtotal.plus(subtotal.times(lot.taxRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

/**
 * closed → awarded, to the best eligible bidder. Reverse: the purchase order is created through
 * orders' createOrder (source 'auction', price source 'bid') in the same transaction, and every
 * deposit is refunded. Forward: the winner owes the sale total by `payBy`; the other deposits are
 * refunded, the winner's stays held and counts towards the price.
 */
export async function awardLot(ctx: Ctx, lotId: string, input: AwardInput): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    let current = lot;
    if (lot.status === 'published') current = await closeLocked(tx, ctx, lot);
    const next = transition(current.status, 'award');
    const { winner } = await awardCandidate(tx, current);
    if (!winner) throw new Problem('auctions.no_award', { lotId });
    const price = dec(winner.bestPrice!);
    const now = new Date();
    let set: Partial<AuctionLotRow>;
    if (current.kind === 'reverse') {
      const order = await createOrder(tx, ctx, {
        source: 'auction',
        sourceRef: lotId,
        buyerOrgId: current.ownerOrgId,
        supplierOrgId: winner.orgId,
        lines: [{ name: current.itemName, spec: current.itemSpec, uom: current.uom, quantity: current.quantity, unitPrice: price, taxRate: current.taxRate, priceSource: 'bid', categoryCode: current.categoryCode }],
        paymentMethod: input.paymentMethod ?? 'escrow',
        creditDays: input.paymentMethod === 'credit' ? (input.creditDays ?? 30) : null,
        budgetLineId: input.budgetLineId ?? null,
        deliveryAddress: input.deliveryAddress ?? current.deliveryAddress,
        deliveryRegion: current.deliveryRegion,
        needBy: input.needBy ?? null,
        notes: `Reverse auction ${current.number}`,
      });
      await refundAllDeposits(tx, ctx, current, 'awarded');
      set = { orderId: order.id };
    } else {
      await refundAllDeposits(tx, ctx, current, 'not the winner', winner.orgId);
      const days = input.paymentDays ?? 3;
      set = { saleTotal: money(saleTotalOf(current, price), 4), payBy: new Date(now.getTime() + days * 86_400_000) };
    }
    const [updated] = await tx
      .update(auctionLots)
      .set({ ...set, status: next, winnerOrgId: winner.orgId, winningPrice: money(price, 4), awardedAt: now, updatedAt: now, version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    const data = { number: current.number, winnerOrgId: winner.orgId, price: money(price), orderId: updated!.orderId, saleTotal: updated!.saleTotal === null ? null : money(updated!.saleTotal), payBy: updated!.payBy };
    await emitEvent(tx, 'auctions.lot.awarded', { lotId, kind: current.kind, ...data }, winner.orgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.awarded', targetType: 'auction_lot', targetId: lotId, data });
    return toLotView(updated!, { lot: updated!, role: 'owner', participant: null }, null);
  });
}

async function lotForWinner(tx: Tx, ctx: Ctx, lotId: string): Promise<{ lot: AuctionLotRow; winner: AuctionParticipantRow }> {
  const { lot, role, participant } = await lotForActor(tx, ctx.actor, lotId, { lock: true });
  if (role === 'owner' || role === 'operator' || role === 'observer') {
    if (role === 'observer') throw notFound('auction lot', lotId);
    throw new Problem('auctions.not_winner', { lotId });
  }
  if (lot.kind !== 'forward') throw new Problem('state.transition_not_allowed', { command: 'pay', resource: 'reverse auction lot', state: lot.status });
  if (!participant || lot.winnerOrgId !== participant.orgId) throw new Problem('auctions.not_winner', { lotId });
  return { lot, winner: participant };
}

/**
 * Forward auction: the winner pays the balance (sale total less its held deposit) by `payBy`.
 * The money waits in the winner's deposits-held account until it collects the goods.
 */
export async function paySale(ctx: Ctx, lotId: string, input: { amount: string; bankReference: string }): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const { lot, winner } = await lotForWinner(tx, ctx, lotId);
    const next = transition(lot.status, 'pay');
    const [late] = await query<{ late: boolean }>(tx, sql`select pay_by < clock_timestamp() as late from auction_lots where id = ${lotId}`);
    if (late!.late) throw new Problem('state.transition_not_allowed', { command: 'pay', resource: 'auction lot past its payment deadline', state: lot.status });
    const deposit = winner.depositStatus === 'held' ? dec(winner.depositAmount) : dec(0);
    const due = dec(lot.saleTotal!).minus(deposit);
    if (!dec(input.amount).eq(due)) {
      throw new Problem('auctions.amount_mismatch', { due: money(due), amount: input.amount, currency: lot.currency }, { due: money(due) }, [{ pointer: '/amount', in: 'body', message: `must be ${money(due)}` }]);
    }
    if (due.gt(0)) {
      await receiveFunds(tx, ctx, { orgId: winner.orgId, amount: due, bankReference: input.bankReference, purpose: 'auction_sale', referenceType: LOT_REFERENCE, referenceId: lotId, memo: `Payment for lot ${lot.number}` });
    }
    if (winner.depositStatus === 'held') {
      await tx.update(auctionParticipants).set({ depositStatus: 'applied', updatedAt: new Date() }).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, winner.orgId), eq(auctionParticipants.depositStatus, 'held')));
    }
    const now = new Date();
    const [updated] = await tx
      .update(auctionLots)
      .set({ status: next, paidAt: now, paymentReference: input.bankReference, updatedAt: now, version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    await emitEvent(tx, 'auctions.lot.paid', { lotId, winnerOrgId: winner.orgId, saleTotal: money(lot.saleTotal!), depositApplied: money(deposit), paid: money(due) }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.paid', targetType: 'auction_lot', targetId: lotId, orgId: lot.ownerOrgId, data: { saleTotal: money(lot.saleTotal!), depositApplied: money(deposit), paid: money(due), bankReference: input.bankReference } });
    const [p] = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, winner.orgId)));
    return toLotView(updated!, { lot: updated!, role: 'bidder', participant: p! }, await rankOfParticipant(tx, updated!, p!));
  });
}

/**
 * Forward auction: the winner confirms it collected the goods; the whole sale total moves from
 * its held money to what the platform owes the seller (paid out like any supplier payable).
 */
export async function confirmCollection(ctx: Ctx, lotId: string): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const { lot, winner } = await lotForWinner(tx, ctx, lotId);
    const next = transition(lot.status, 'collect');
    await transferHeld(tx, ctx, {
      orgId: winner.orgId,
      amount: lot.saleTotal!,
      to: payableTo(lot.ownerOrgId),
      kind: 'auctions.sale.settled',
      dedupeKey: `auction-sale:${lotId}:settled`,
      referenceType: LOT_REFERENCE,
      referenceId: lotId,
      memo: `Lot ${lot.number} collected: sale proceeds to the seller`,
    });
    const now = new Date();
    const [updated] = await tx
      .update(auctionLots)
      .set({ status: next, collectedAt: now, updatedAt: now, version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    await emitEvent(tx, 'auctions.lot.completed', { lotId, winnerOrgId: winner.orgId, sellerOrgId: lot.ownerOrgId, saleTotal: money(lot.saleTotal!) }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.completed', targetType: 'auction_lot', targetId: lotId, orgId: lot.ownerOrgId, data: { saleTotal: money(lot.saleTotal!) } });
    const [p] = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, winner.orgId)));
    return toLotView(updated!, { lot: updated!, role: 'bidder', participant: p! }, await rankOfParticipant(tx, updated!, p!));
  });
}

/** awarded → defaulted when the winner missed `payBy`: its deposit is forfeited to the platform. */
async function defaultLocked(tx: Tx, ctx: Ctx, lot: AuctionLotRow): Promise<void> {
  const next = transition(lot.status, 'default');
  const [winner] = await tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lot.id), eq(auctionParticipants.orgId, lot.winnerOrgId!)));
  const forfeited = winner ? await settleDeposit(tx, ctx, lot, winner, 'forfeit', 'payment deadline missed') : false;
  const now = new Date();
  await tx.update(auctionLots).set({ status: next, outcomeReason: 'payment_missed', updatedAt: now, version: sql`${auctionLots.version} + 1` }).where(eq(auctionLots.id, lot.id));
  await emitEvent(tx, 'auctions.lot.defaulted', { lotId: lot.id, winnerOrgId: lot.winnerOrgId, forfeited }, lot.ownerOrgId);
  await recordAudit(tx, ctx, { action: 'auctions.lot.defaulted', targetType: 'auction_lot', targetId: lot.id, orgId: lot.ownerOrgId, data: { winnerOrgId: lot.winnerOrgId, depositForfeited: forfeited } });
}

/**
 * The sweep (a scheduled job, every few seconds, in whichever process claims it): closes lots
 * whose end passed, and defaults forward sales whose payment deadline passed. Each lot in its own
 * transaction under its lock, re-checked there (an extension may have moved the end meanwhile).
 */
export async function sweepLots(db: Db): Promise<{ closed: number; defaulted: number }> {
  const ctx = systemCtx(db, 'auctions.sweep');
  const due = await db.select({ id: auctionLots.id }).from(auctionLots).where(and(eq(auctionLots.status, 'published'), lte(auctionLots.endsAt, sql`clock_timestamp()`))).limit(100);
  let closed = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, id)).for('update');
      if (lot?.status === 'published' && (await hasEnded(tx, id))) {
        await closeLocked(tx, ctx, lot);
        closed++;
      }
    });
  }
  const unpaid = await db.select({ id: auctionLots.id }).from(auctionLots).where(and(eq(auctionLots.status, 'awarded'), eq(auctionLots.kind, 'forward'), lte(auctionLots.payBy, sql`clock_timestamp()`))).limit(100);
  let defaulted = 0;
  for (const { id } of unpaid) {
    await db.transaction(async (tx) => {
      const [lot] = await tx.select().from(auctionLots).where(eq(auctionLots.id, id)).for('update');
      if (lot?.status === 'awarded' && lot.payBy && lot.payBy <= new Date()) {
        await defaultLocked(tx, ctx, lot);
        defaulted++;
      }
    });
  }
  return { closed, defaulted };
}
