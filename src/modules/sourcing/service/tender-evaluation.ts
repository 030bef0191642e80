import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Decimal, dec, money } from '../../../platform/money.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { listOrgUsers, organizationsByIds } from '../../identity/index.ts';
import { actorUserId, publish, serverNow } from '../common.ts';
import { tenderBids, tenderEvaluators, tenderResults, tenderScores, tenders, type TenderRow } from '../schema.ts';
import { transitionTender } from '../tender.state.ts';
import { refundDeposits } from './deposits.ts';
import { accessTender, assertDesignated, bidderOrgIds } from './tender-access.ts';
import { addNotice } from './tenders.ts';

/**
 * Evaluation (评标) by the tender's committee. Each evaluator declares conflicts of interest first
 * (a conflict recuses them), then scores every opened bid alone: technical and commercial, 0–100.
 * Until an evaluator has submitted, they see only their own scores; the buyer sees scores only
 * once the committee is done. The price score is computed from the bids, never entered:
 * - comprehensive (综合评估法): price score = 100 × lowest evaluated price / this price, total =
 *   weighted sum of price, average technical and average commercial scores; rank by total.
 * - lowest_price (经评审的最低投标价法): bids whose average technical score reaches the pass mark
 *   are ranked by evaluated price, lowest first.
 * A bid whose average technical score is below the pass mark is not ranked. Ties: the earlier
 * submitted bid ranks first.
 */

const round3 = (d: Decimal) => d.toDecimalPlaces(3, Decimal.ROUND_HALF_UP);

async function lockEvaluation(tx: Tx, ctx: Ctx, tenderId: string) {
  const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
  await assertDesignated(tx, ctx, tender, 'evaluator');
  if (tender.status !== 'opened') throw new Problem('state.transition_not_allowed', { command: 'evaluate', resource: 'tender', state: tender.status });
  const [me] = await tx.select().from(tenderEvaluators).where(and(eq(tenderEvaluators.tenderId, tender.id), eq(tenderEvaluators.userId, ctx.actor!.userId!))).for('update');
  return { tender, me: me! };
}

/** An evaluator's declaration: final once made; a conflict recuses them from this tender. */
export async function declareConflict(ctx: Ctx, tenderId: string, input: { conflict: boolean; statement?: string | null }): Promise<{ declaredAt: Date; conflict: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const { tender, me } = await lockEvaluation(tx, ctx, tenderId);
    if (me.declaredAt) throw new Problem('state.transition_not_allowed', { command: 'declare again', resource: 'declaration', state: 'made' });
    const now = await serverNow(tx);
    await tx.update(tenderEvaluators).set({ declaredAt: now, conflict: input.conflict, declaration: input.statement ?? null }).where(and(eq(tenderEvaluators.tenderId, tender.id), eq(tenderEvaluators.userId, me.userId)));
    // A recusal may be what completes the committee.
    const completed = input.conflict ? await completeIfAllSubmitted(tx, ctx, tender) : null;
    await recordAudit(tx, ctx, { action: 'sourcing.tender.conflict_declared', targetType: 'tender', targetId: tender.id, data: { number: tender.number, conflict: input.conflict, evaluationCompleted: Boolean(completed) } });
    return { declaredAt: now, conflict: input.conflict };
  });
}

export interface ScoreInput {
  bidId: string;
  technical: string;
  commercial: string;
  comment?: string | null;
}

/** Saves the evaluator's scores (drafts until `submit`); submitting needs a score for every opened bid and is final. */
export async function saveScores(ctx: Ctx, tenderId: string, input: { scores: ScoreInput[]; submit?: boolean }): Promise<{ submitted: boolean; evaluationCompleted: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const { tender, me } = await lockEvaluation(tx, ctx, tenderId);
    if (!me.declaredAt) throw new Problem('sourcing.declaration_required', { number: tender.number });
    if (me.conflict) throw new Problem('sourcing.evaluator_recused', { number: tender.number });
    if (me.submittedAt) throw new Problem('sourcing.scores_submitted', { number: tender.number });
    const bids = await tx.select({ id: tenderBids.id }).from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.status, 'opened')));
    const bidIds = new Set(bids.map((b) => b.id));
    const now = await serverNow(tx);
    for (const [i, s] of input.scores.entries()) {
      if (!bidIds.has(s.bidId)) throw invalidField(`/scores/${i}/bidId`, 'is not an opened bid of this tender');
      for (const key of ['technical', 'commercial'] as const) {
        const v = dec(s[key]);
        if (v.lt(0) || v.gt(100)) throw invalidField(`/scores/${i}/${key}`, 'must be between 0 and 100');
      }
      await tx
        .insert(tenderScores)
        .values({ tenderId: tender.id, bidId: s.bidId, evaluatorId: me.userId, technical: s.technical, commercial: s.commercial, comment: s.comment ?? null, updatedAt: now })
        .onConflictDoUpdate({ target: [tenderScores.tenderId, tenderScores.bidId, tenderScores.evaluatorId], set: { technical: s.technical, commercial: s.commercial, comment: s.comment ?? null, updatedAt: now } });
    }
    let completed = false;
    if (input.submit) {
      const mine = await tx.select({ bidId: tenderScores.bidId }).from(tenderScores).where(and(eq(tenderScores.tenderId, tender.id), eq(tenderScores.evaluatorId, me.userId)));
      const missing = [...bidIds].filter((id) => !mine.some((m) => m.bidId === id)).length;
      if (missing) throw new Problem('sourcing.scores_incomplete', { number: tender.number, missing }, { missing });
      await tx.update(tenderEvaluators).set({ submittedAt: now }).where(and(eq(tenderEvaluators.tenderId, tender.id), eq(tenderEvaluators.userId, me.userId)));
      completed = Boolean(await completeIfAllSubmitted(tx, ctx, tender));
    }
    await recordAudit(tx, ctx, { action: input.submit ? 'sourcing.tender.scores_submitted' : 'sourcing.tender.scores_saved', targetType: 'tender', targetId: tender.id, data: { number: tender.number, bids: input.scores.length, evaluationCompleted: completed } });
    return { submitted: Boolean(input.submit), evaluationCompleted: completed };
  });
}

/**
 * When every evaluator who is not recused has submitted: computes the results and moves the tender
 * to `evaluated` (with the candidates notice), or to `failed` when no bid passes. The caller audits.
 */
async function completeIfAllSubmitted(tx: Tx, ctx: Ctx, tender: TenderRow): Promise<'evaluated' | 'failed' | null> {
  const members = await tx.select().from(tenderEvaluators).where(eq(tenderEvaluators.tenderId, tender.id));
  const active = members.filter((m) => !m.conflict);
  if (!active.length || active.some((m) => !m.submittedAt) || members.some((m) => !m.declaredAt)) return null;
  const results = await computeResults(tx, tender, active.map((m) => m.userId));
  const now = await serverNow(tx);
  await tx.insert(tenderResults).values(results);
  const ranked = results.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  if (!ranked.length) {
    const next = transitionTender(tender.status, 'fail');
    await tx.update(tenders).set({ status: next, evaluatedAt: now, endReason: 'no bid passed the evaluation', updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
    await refundDeposits(tx, ctx, tender, '无合格投标，招标失败 / no bid passed');
    await addNotice(tx, tender, 'failure', { reason: 'no_bid_passed' });
    await publish(tx, 'sourcing.tender.failed', { tenderId: tender.id, number: tender.number }, tender.orgId, [tender.orgId, ...(await bidderOrgIds(tx, tender.id))]);
    return 'failed';
  }
  const next = transitionTender(tender.status, 'complete_evaluation');
  await tx.update(tenders).set({ status: next, evaluatedAt: now, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
  const names = new Map((await organizationsByIds(tx, ranked.map((r) => r.supplierOrgId))).map((o) => [o.id, o.name]));
  await addNotice(tx, tender, 'candidates', {
    method: tender.method,
    candidates: ranked.slice(0, 3).map((r) => ({ rank: r.rank, supplierName: names.get(r.supplierOrgId) ?? r.supplierOrgId, evaluatedPrice: money(r.evaluatedPrice), totalScore: dec(r.totalScore).toFixed(2) })),
  });
  await publish(tx, 'sourcing.tender.evaluated', { tenderId: tender.id, number: tender.number, candidates: ranked.length }, tender.orgId, [tender.orgId, ...(await bidderOrgIds(tx, tender.id))]);
  return 'evaluated';
}

type ResultRow = typeof tenderResults.$inferInsert & { rank: number | null; supplierOrgId: string; evaluatedPrice: string; totalScore: string };

/** The committee's result per opened bid. Pure arithmetic over the stored scores and prices. */
export async function computeResults(tx: Tx, tender: TenderRow, evaluatorIds: string[]): Promise<ResultRow[]> {
  const bids = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.status, 'opened'))).orderBy(asc(tenderBids.submittedAt), asc(tenderBids.id));
  const scores = bids.length && evaluatorIds.length ? await tx.select().from(tenderScores).where(and(eq(tenderScores.tenderId, tender.id), inArray(tenderScores.evaluatorId, evaluatorIds))) : [];
  const rows = bids.map((bid, order) => {
    const own = scores.filter((s) => s.bidId === bid.id);
    const avg = (key: 'technical' | 'commercial') => (own.length ? own.reduce((sum, s) => sum.plus(s[key]), dec(0)).div(own.length) : dec(0));
    const technical = round3(avg('technical'));
    const commercial = round3(avg('commercial'));
    return { bid, order, technical, commercial, price: dec(bid.totalPrice!), passed: technical.gte(tender.technicalPassScore) };
  });
  const passedPrices = rows.filter((r) => r.passed).map((r) => r.price);
  const lowest = passedPrices.length ? Decimal.min(...passedPrices) : null;
  const scored = rows.map((r) => {
    const priceScore = lowest && r.price.gt(0) ? round3(lowest.div(r.price).times(100)) : dec(0);
    const total = tender.method === 'comprehensive' ? round3(priceScore.times(tender.priceWeight).plus(r.technical.times(tender.technicalWeight)).plus(r.commercial.times(tender.commercialWeight)).div(100)) : priceScore;
    return { ...r, priceScore, total };
  });
  const ranked = scored
    .filter((r) => r.passed)
    .sort((a, b) => (tender.method === 'comprehensive' ? b.total.comparedTo(a.total) || a.price.comparedTo(b.price) : a.price.comparedTo(b.price) || b.technical.comparedTo(a.technical)) || a.order - b.order);
  const rankOf = new Map(ranked.map((r, i) => [r.bid.id, i + 1]));
  return scored.map((r) => ({
    tenderId: tender.id,
    bidId: r.bid.id,
    supplierOrgId: r.bid.supplierOrgId,
    evaluatedPrice: money(r.price, 4),
    priceScore: r.priceScore.toFixed(3),
    technicalScore: r.technical.toFixed(3),
    commercialScore: r.commercial.toFixed(3),
    totalScore: r.total.toFixed(3),
    passed: r.passed,
    rank: rankOf.get(r.bid.id) ?? null,
  }));
}

export interface EvaluationView {
  status: string;
  method: string;
  weights: { price: string; technical: string; commercial: string };
  technicalPassScore: string;
  /** The acting user's role in the committee, if any. */
  me: { declared: boolean; conflict: boolean | null; submitted: boolean } | null;
  committee: Array<{ userId: string; name: string; declared: boolean; conflict: boolean | null; submitted: boolean }> | null;
  /** Opened bids with their content: the buyer after the opening; an evaluator after declaring no conflict. */
  bids: Array<{ bidId: string; supplierOrgId: string; supplierName: string; totalPrice: string; submittedAt: Date; content: Record<string, unknown> }> | null;
  myScores: Array<{ bidId: string; technical: string; commercial: string; comment: string | null }>;
  /** Other evaluators' scores: for an evaluator only after submitting their own; for the buyer once the committee is done. */
  otherScores: Array<{ evaluatorId: string; bidId: string; technical: string; commercial: string; comment: string | null }> | null;
  results: Array<{ bidId: string; supplierOrgId: string; supplierName: string; evaluatedPrice: string; priceScore: string; technicalScore: string; commercialScore: string; totalScore: string; passed: boolean; rank: number | null }> | null;
}

/** The evaluation workspace as the caller may see it (see EvaluationView for who sees what when). */
export async function getEvaluation(ctx: Ctx, tenderId: string): Promise<EvaluationView> {
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId);
    const userId = actorUserId(ctx);
    const members = party === 'buyer' ? await tx.select().from(tenderEvaluators).where(eq(tenderEvaluators.tenderId, tender.id)) : [];
    const meRow = members.find((m) => m.userId === userId);
    const evaluated = ['evaluated', 'awarded', 'concluded'].includes(tender.status) || (tender.status === 'failed' && tender.evaluatedAt !== null);
    const opened = tender.openedAt !== null;
    const resultRows = evaluated ? await tx.select().from(tenderResults).where(eq(tenderResults.tenderId, tender.id)) : [];
    const orgNames = new Map((await organizationsByIds(tx, resultRows.map((r) => r.supplierOrgId))).map((o) => [o.id, o.name]));
    const view: EvaluationView = {
      status: tender.status,
      method: tender.method,
      weights: { price: dec(tender.priceWeight).toString(), technical: dec(tender.technicalWeight).toString(), commercial: dec(tender.commercialWeight).toString() },
      technicalPassScore: dec(tender.technicalPassScore).toString(),
      me: meRow ? { declared: Boolean(meRow.declaredAt), conflict: meRow.conflict, submitted: Boolean(meRow.submittedAt) } : null,
      committee: null,
      bids: null,
      myScores: [],
      otherScores: null,
      results: null,
    };
    if (party === 'supplier') {
      // Bidders see the ranked candidates once evaluated (as in the candidates notice) and their own result.
      if (evaluated) {
        const own = ctx.actor!.orgId!;
        view.results = resultRows
          .filter((r) => r.rank !== null || r.supplierOrgId === own)
          .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999))
          .map((r) => ({ bidId: r.bidId, supplierOrgId: r.supplierOrgId, supplierName: orgNames.get(r.supplierOrgId) ?? r.supplierOrgId, evaluatedPrice: money(r.evaluatedPrice), priceScore: dec(r.priceScore).toFixed(2), technicalScore: dec(r.technicalScore).toFixed(2), commercialScore: dec(r.commercialScore).toFixed(2), totalScore: dec(r.totalScore).toFixed(2), passed: r.passed, rank: r.rank }));
      }
      return view;
    }
    const names = new Map((await listOrgUsers(tx, tender.orgId, { ids: members.map((m) => m.userId) })).map((u) => [u.id, u.name]));
    view.committee = members.map((m) => ({ userId: m.userId, name: names.get(m.userId) ?? m.userId, declared: Boolean(m.declaredAt), conflict: m.conflict, submitted: Boolean(m.submittedAt) }));
    const mayReadBids = opened && (!meRow || (meRow.declaredAt && !meRow.conflict));
    if (mayReadBids) {
      const bids = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), inArray(tenderBids.status, ['opened', 'rejected']), isNotNull(tenderBids.openedAt))).orderBy(asc(tenderBids.submittedAt));
      const bidNames = new Map((await organizationsByIds(tx, bids.map((b) => b.supplierOrgId))).map((o) => [o.id, o.name]));
      view.bids = bids.map((b) => ({ bidId: b.id, supplierOrgId: b.supplierOrgId, supplierName: bidNames.get(b.supplierOrgId) ?? b.supplierOrgId, totalPrice: money(b.totalPrice!), submittedAt: b.submittedAt, content: b.openedContent ?? {} }));
    }
    const scores = opened ? await tx.select().from(tenderScores).where(eq(tenderScores.tenderId, tender.id)) : [];
    view.myScores = scores.filter((s) => s.evaluatorId === userId).map((s) => ({ bidId: s.bidId, technical: dec(s.technical).toString(), commercial: dec(s.commercial).toString(), comment: s.comment }));
    const mayReadOthers = meRow ? Boolean(meRow.submittedAt) : evaluated;
    if (mayReadOthers) {
      // Only submitted scores are ever shown to others; drafts stay private.
      const submitted = new Set(members.filter((m) => m.submittedAt).map((m) => m.userId));
      view.otherScores = scores.filter((s) => s.evaluatorId !== userId && submitted.has(s.evaluatorId)).map((s) => ({ evaluatorId: s.evaluatorId, bidId: s.bidId, technical: dec(s.technical).toString(), commercial: dec(s.commercial).toString(), comment: s.comment }));
    }
    if (evaluated) {
      view.results = resultRows
        .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999))
        .map((r) => ({ bidId: r.bidId, supplierOrgId: r.supplierOrgId, supplierName: orgNames.get(r.supplierOrgId) ?? r.supplierOrgId, evaluatedPrice: money(r.evaluatedPrice), priceScore: dec(r.priceScore).toFixed(2), technicalScore: dec(r.technicalScore).toFixed(2), commercialScore: dec(r.commercialScore).toFixed(2), totalScore: dec(r.totalScore).toFixed(2), passed: r.passed, rank: r.rank }));
    }
    return view;
  });
}
