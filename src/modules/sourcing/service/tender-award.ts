import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { assertVersion } from '../../../platform/concurrency.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { money } from '../../../platform/money.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { createOrder, type OrderWithLines } from '../../orders/index.ts';
import { actorOrgId, publish, serverNow, wrongParty } from '../common.ts';
import { isActiveSupplier } from '../eligibility.ts';
import { tenderAwards, tenderBids, tenderLines, tenderResults, tenders, type TenderAwardRow, type TenderRow } from '../schema.ts';
import { transitionAward, transitionTender } from '../tender.state.ts';
import { forfeitDeposit, refundDeposits } from './deposits.ts';
import { accessTender, bidderOrgIds, tenderAudience } from './tender-access.ts';
import { addNotice, TENDER_JOBS } from './tenders.ts';

/**
 * Award (定标): the buyer awards to the first candidate (or another ranked one, with a reason);
 * the winner has `awardConfirmMinutes` to confirm, which creates the order through createOrder
 * and refunds every deposit. A winner who declines or lets the time lapse forfeits its deposit
 * and the award passes to the next-ranked active candidate; with none left the tender fails.
 */

async function offer(tx: Tx, tender: TenderRow, result: { bidId: string; supplierOrgId: string; rank: number }, now: Date, reason: string | null): Promise<TenderAwardRow> {
  const confirmBy = new Date(now.getTime() + tender.awardConfirmMinutes * 60_000);
  const [award] = await tx.insert(tenderAwards).values({ id: newId('tawd'), tenderId: tender.id, bidId: result.bidId, supplierOrgId: result.supplierOrgId, rank: result.rank, status: 'offered', reason, offeredAt: now, confirmBy }).returning();
  await enqueueJob(tx, TENDER_JOBS.awardTimeout, { tenderId: tender.id, awardId: award!.id }, { runAt: confirmBy, dedupeKey: `tender-award:${award!.id}` });
  await publish(tx, 'sourcing.tender.award_offered', { tenderId: tender.id, number: tender.number, awardId: award!.id, supplierOrgId: result.supplierOrgId, rank: result.rank, confirmBy: confirmBy.toISOString() }, tender.orgId, [tender.orgId, result.supplierOrgId]);
  return award!;
}

/** The buyer's award decision (定标) on an evaluated tender. */
export async function awardTender(ctx: Ctx, tenderId: string, input: { bidId?: string; reason?: string | null; version?: number; ifMatch?: string }): Promise<TenderAwardRow> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    assertVersion('tender', tender.version, input);
    const next = transitionTender(tender.status, 'award');
    const ranked = (await tx.select().from(tenderResults).where(eq(tenderResults.tenderId, tender.id))).filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
    const orgs = new Map((await organizationsByIds(tx, ranked.map((r) => r.supplierOrgId))).map((o) => [o.id, o]));
    const eligible = ranked.filter((r) => isActiveSupplier(orgs.get(r.supplierOrgId)));
    const chosen = input.bidId ? ranked.find((r) => r.bidId === input.bidId) : eligible[0];
    if (!chosen) {
      if (input.bidId) throw new Problem('sourcing.not_a_candidate', { bidId: input.bidId, number: tender.number }, {}, [{ pointer: '/bidId', in: 'body', message: 'is not a ranked candidate' }]);
      throw new Problem('sourcing.not_a_candidate', { bidId: '-', number: tender.number });
    }
    if (!isActiveSupplier(orgs.get(chosen.supplierOrgId))) throw new Problem('sourcing.not_a_candidate', { bidId: chosen.bidId, number: tender.number }, { reason: 'supplier not active' }, [{ pointer: '/bidId', in: 'body', message: 'the supplier is not active' }]);
    if (chosen !== eligible[0] && !input.reason) throw invalidField('/reason', 'awarding other than the first eligible candidate needs a reason');
    const now = await serverNow(tx);
    const award = await offer(tx, tender, { bidId: chosen.bidId, supplierOrgId: chosen.supplierOrgId, rank: chosen.rank! }, now, input.reason ?? null);
    await tx.update(tenders).set({ status: next, awardedAt: now, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.awarded', targetType: 'tender', targetId: tender.id, data: { number: tender.number, bidId: chosen.bidId, supplierOrgId: chosen.supplierOrgId, rank: chosen.rank, reason: input.reason ?? null, confirmBy: award.confirmBy.toISOString() } });
    return award;
  });
}

async function currentOffer(tx: Tx, tenderId: string): Promise<TenderAwardRow | null> {
  const [row] = await tx.select().from(tenderAwards).where(and(eq(tenderAwards.tenderId, tenderId), eq(tenderAwards.status, 'offered'))).for('update');
  return row ?? null;
}

/** The winner confirms (中标确认): the order is created from its bid prices, all deposits are refunded, the result notice is published. */
export async function confirmAward(ctx: Ctx, tenderId: string): Promise<{ award: TenderAwardRow; order: OrderWithLines }> {
  const orgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId, { lock: 'update' });
    const current = await currentOffer(tx, tender.id);
    if (party === 'buyer' || !current || current.supplierOrgId !== orgId) {
      if (party === 'buyer') throw wrongParty('winner', tender.number, 'confirm the award', '确认中标');
      throw new Problem('state.transition_not_allowed', { command: 'confirm an award', resource: 'tender', state: current ? 'awarded to another bidder' : tender.status });
    }
    const now = await serverNow(tx);
    if (now > current.confirmBy) throw new Problem('sourcing.deadline_passed', { what: 'award confirmation', whatZh: '中标确认', number: tender.number, deadline: current.confirmBy.toISOString() });
    const status = transitionAward(current.status, 'confirm');
    const next = transitionTender(tender.status, 'conclude');
    const [bid] = await tx.select().from(tenderBids).where(eq(tenderBids.id, current.bidId));
    const lines = await tx.select().from(tenderLines).where(eq(tenderLines.tenderId, tender.id)).orderBy(asc(tenderLines.lineNo));
    const content = bid!.openedContent as { lines: Array<{ tenderLineId: string; unitPrice: string; taxRate: string }> };
    const order = await createOrder(
      tx,
      ctx,
      {
        source: 'tender',
        sourceRef: tender.id,
        buyerOrgId: tender.orgId,
        buyerUserId: tender.createdBy,
        supplierOrgId: current.supplierOrgId,
        lines: lines.map((line) => {
          const priced = content.lines.find((l) => l.tenderLineId === line.id)!;
          return { quantity: line.quantity, unitPrice: priced.unitPrice, taxRate: priced.taxRate, priceSource: 'bid' as const, name: line.name, spec: line.spec, uom: line.uom, categoryCode: line.categoryCode };
        }),
        paymentMethod: tender.paymentMethod as 'escrow' | 'credit',
        creditDays: tender.creditDays,
        budgetLineId: tender.budgetLineId,
        deliveryAddress: tender.deliveryAddress,
        deliveryRegion: tender.deliveryRegion,
        needBy: tender.needBy,
        notes: `招标 ${tender.number} / tender ${tender.number}`,
      },
      { audit: false },
    );
    const [award] = await tx.update(tenderAwards).set({ status, decidedAt: now, orderId: order.id }).where(eq(tenderAwards.id, current.id)).returning();
    await tx.update(tenders).set({ status: next, concludedAt: now, orderId: order.id, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
    const refunded = await refundDeposits(tx, ctx, tender, '定标完成，退还保证金 / tender concluded');
    const [winner] = await organizationsByIds(tx, [current.supplierOrgId]);
    await addNotice(tx, tender, 'result', { supplierName: winner?.name ?? current.supplierOrgId, totalPrice: money(bid!.totalPrice!), orderNumber: order.number, rank: current.rank });
    await publish(tx, 'sourcing.tender.concluded', { tenderId: tender.id, number: tender.number, supplierOrgId: current.supplierOrgId, orderId: order.id }, tender.orgId, [tender.orgId, ...(await bidderOrgIds(tx, tender.id))]);
    await recordAudit(tx, ctx, { action: 'orders.order.submitted', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number, source: order.source, supplierOrgId: order.supplierOrgId, total: money(order.total), lines: order.lines.length } });
    await recordAudit(tx, ctx, { action: 'sourcing.tender.award_confirmed', targetType: 'tender', targetId: tender.id, orgId: tender.orgId, data: { number: tender.number, awardId: current.id, orderId: order.id, orderNumber: order.number, depositsRefunded: refunded.length } });
    return { award: award!, order };
  });
}

/**
 * Ends the current offer (declined by the winner, or lapsed) — a rule breach: the deposit is
 * forfeited to the buyer — and offers the award to the next-ranked active candidate that has not
 * had it; with none left the tender fails and every remaining deposit is refunded. The caller audits.
 */
async function passAward(tx: Tx, ctx: Ctx, tender: TenderRow, current: TenderAwardRow, command: 'decline' | 'lapse', reason: string, now: Date) {
  const status = transitionAward(current.status, command);
  await tx.update(tenderAwards).set({ status, decidedAt: now, reason }).where(eq(tenderAwards.id, current.id));
  const forfeited = await forfeitDeposit(tx, ctx, tender, current.supplierOrgId, command === 'decline' ? `中标人放弃中标 / winner declined: ${reason}` : '中标人逾期未确认 / winner did not confirm in time');
  const previous = await tx.select({ bidId: tenderAwards.bidId }).from(tenderAwards).where(eq(tenderAwards.tenderId, tender.id));
  const tried = new Set(previous.map((p) => p.bidId));
  const ranked = (await tx.select().from(tenderResults).where(eq(tenderResults.tenderId, tender.id))).filter((r) => r.rank !== null && r.rank > current.rank && !tried.has(r.bidId)).sort((a, b) => a.rank! - b.rank!);
  const orgs = new Map((await organizationsByIds(tx, ranked.map((r) => r.supplierOrgId))).map((o) => [o.id, o]));
  const nextCandidate = ranked.find((r) => isActiveSupplier(orgs.get(r.supplierOrgId)));
  if (nextCandidate) {
    transitionTender(tender.status, 'pass_award');
    const award = await offer(tx, tender, { bidId: nextCandidate.bidId, supplierOrgId: nextCandidate.supplierOrgId, rank: nextCandidate.rank! }, now, `passed on from rank ${current.rank} (${command})`);
    await tx.update(tenders).set({ updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
    return { passedTo: award, forfeited: Boolean(forfeited), failed: false };
  }
  const next = transitionTender(tender.status, 'fail');
  await tx.update(tenders).set({ status: next, endReason: 'no candidate confirmed the award', updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
  await refundDeposits(tx, ctx, tender, '无候选人确认中标，招标失败 / no candidate left');
  await addNotice(tx, tender, 'failure', { reason: 'no_candidate_confirmed' });
  await publish(tx, 'sourcing.tender.failed', { tenderId: tender.id, number: tender.number }, tender.orgId, [tender.orgId, ...(await bidderOrgIds(tx, tender.id))]);
  return { passedTo: null, forfeited: Boolean(forfeited), failed: true };
}

/** The winner declines the award: its deposit is forfeited and the award passes on. */
export async function declineAward(ctx: Ctx, tenderId: string, reason: string): Promise<{ passedTo: TenderAwardRow | null; failed: boolean }> {
  const orgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId, { lock: 'update' });
    const current = await currentOffer(tx, tender.id);
    if (party === 'buyer') throw wrongParty('winner', tender.number, 'decline the award', '放弃中标');
    if (!current || current.supplierOrgId !== orgId) throw new Problem('state.transition_not_allowed', { command: 'decline an award', resource: 'tender', state: current ? 'awarded to another bidder' : tender.status });
    const result = await passAward(tx, ctx, tender, current, 'decline', reason, await serverNow(tx));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.award_declined', targetType: 'tender', targetId: tender.id, data: { number: tender.number, awardId: current.id, reason, depositForfeited: result.forfeited, passedTo: result.passedTo?.supplierOrgId ?? null, failed: result.failed } });
    return { passedTo: result.passedTo, failed: result.failed };
  });
}

/** The award-confirmation job: an offer still open after its time lapses and passes on. */
export async function lapseAward(ctx: Ctx, tenderId: string, awardId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
    if (!tender) return false;
    const current = await currentOffer(tx, tender.id);
    if (!current || current.id !== awardId) return false;
    const now = await serverNow(tx);
    if (now <= current.confirmBy) return false;
    const result = await passAward(tx, ctx, tender, current, 'lapse', 'not confirmed in time', now);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.award_lapsed', targetType: 'tender', targetId: tender.id, orgId: tender.orgId, data: { number: tender.number, awardId: current.id, supplierOrgId: current.supplierOrgId, depositForfeited: result.forfeited, passedTo: result.passedTo?.supplierOrgId ?? null, failed: result.failed } });
    return true;
  });
}

export interface AwardView {
  awards: Array<TenderAwardRow & { supplierName: string }>;
  current: (TenderAwardRow & { supplierName: string }) | null;
}

/** The award offers of a tender: the buyer sees all; a supplier sees the offers made to it. */
export async function listAwards(ctx: Ctx, tenderId: string): Promise<AwardView> {
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId);
    const rows = await tx.select().from(tenderAwards).where(eq(tenderAwards.tenderId, tender.id)).orderBy(desc(tenderAwards.offeredAt));
    const visible = party === 'buyer' ? rows : rows.filter((r) => r.supplierOrgId === ctx.actor!.orgId);
    const names = new Map((await organizationsByIds(tx, visible.map((r) => r.supplierOrgId))).map((o) => [o.id, o.name]));
    const awards = visible.map((r) => ({ ...r, supplierName: names.get(r.supplierOrgId) ?? r.supplierOrgId }));
    return { awards, current: awards.find((a) => a.status === 'offered') ?? null };
  });
}

export async function awardsOf(tx: Tx, tenderId: string): Promise<TenderAwardRow[]> {
  return tx.select().from(tenderAwards).where(eq(tenderAwards.tenderId, tenderId)).orderBy(asc(tenderAwards.offeredAt));
}

