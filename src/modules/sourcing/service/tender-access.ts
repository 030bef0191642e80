import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { publish, serverNow } from '../common.ts';
import { tenderBids, tenderEvaluators, tenderInvitations, tenderOpeners, tenderRegistrations, tenders, type TenderRow } from '../schema.ts';
import { transitionTender } from '../tender.state.ts';

export type TenderParty = 'buyer' | 'supplier';

export interface TenderAccess {
  tender: TenderRow;
  party: TenderParty;
}

/**
 * The tender as the acting organisation may see it: the buyer always; any supplier once a public
 * tender is published; only invited suppliers for an invitation tender. Anyone else gets the same
 * 404 as for a tender that does not exist. `lock`: 'update' for state changes, 'share' for bid,
 * registration and deposit writes (so the close at the deadline waits for them).
 */
export async function accessTender(tx: Tx, ctx: Ctx, tenderId: string, options: { lock?: 'update' | 'share'; as?: TenderParty } = {}): Promise<TenderAccess> {
  const base = tx.select().from(tenders).where(eq(tenders.id, tenderId));
  const [tender] = options.lock === 'update' ? await base.for('update') : options.lock === 'share' ? await base.for('share') : await base;
  const orgId = ctx.actor?.orgId;
  if (!tender || !orgId) throw notFound('tender', tenderId);
  if (tender.orgId === orgId) {
    if (options.as === 'supplier') throw notFound('tender', tenderId);
    return { tender, party: 'buyer' };
  }
  if (options.as === 'buyer' || !(await supplierMaySeeTender(tx, ctx, tender))) throw notFound('tender', tenderId);
  return { tender, party: 'supplier' };
}

export async function supplierMaySeeTender(tx: Tx, ctx: Ctx, tender: TenderRow): Promise<boolean> {
  const orgId = ctx.actor?.orgId;
  if (!orgId || tender.status === 'draft' || !ctx.actor?.orgKinds.includes('supplier')) return false;
  if (tender.visibility === 'public') return true;
  const [row] = await tx.select({ one: sql`1` }).from(tenderInvitations).where(and(eq(tenderInvitations.tenderId, tender.id), eq(tenderInvitations.supplierOrgId, orgId)));
  return Boolean(row);
}

export const OPENER = 'opener';
export const EVALUATOR = 'evaluator';

/** The acting user must be a designated opener / evaluator of this (own organisation's) tender. */
export async function assertDesignated(tx: Tx, ctx: Ctx, tender: TenderRow, role: 'opener' | 'evaluator'): Promise<void> {
  const userId = ctx.actor?.userId;
  const table = role === 'opener' ? tenderOpeners : tenderEvaluators;
  const [row] = userId ? await tx.select({ one: sql`1` }).from(table).where(and(eq(table.tenderId, tender.id), eq(table.userId, userId))) : [];
  if (!row) throw new Problem('sourcing.not_designated', { role, roleZh: role === 'opener' ? '开标人' : '评标委员', number: tender.number });
}

/**
 * Who hears about a tender on the live channel: the buyer and the suppliers involved (invited,
 * registered). Public tenders also reach every supplier at publication (`suppliers`).
 */
export async function tenderAudience(tx: Tx, tender: TenderRow, options: { allSuppliers?: boolean } = {}): Promise<string[]> {
  const invited = await tx.select({ id: tenderInvitations.supplierOrgId }).from(tenderInvitations).where(eq(tenderInvitations.tenderId, tender.id));
  const registered = await tx.select({ id: tenderRegistrations.supplierOrgId }).from(tenderRegistrations).where(eq(tenderRegistrations.tenderId, tender.id));
  return [tender.orgId, ...invited.map((r) => r.id), ...registered.map((r) => r.id), ...(options.allSuppliers && tender.visibility === 'public' ? ['suppliers'] : [])];
}

export async function bidderOrgIds(tx: Tx, tenderId: string): Promise<string[]> {
  const rows = await tx.select({ id: tenderBids.supplierOrgId }).from(tenderBids).where(and(eq(tenderBids.tenderId, tenderId), sql`${tenderBids.status} <> 'withdrawn'`));
  return rows.map((r) => r.id);
}

/**
 * Closes a published tender whose bid deadline has passed (the deadline job, and whatever needs
 * it closed first). The row lock waits for bid writes in flight (they hold a share lock), and
 * every bid write checks `status = 'published'` and the clock under that lock: once this commits
 * no bid can be added, changed or withdrawn.
 */
export async function closeTenderIfDue(ctx: Ctx, tenderId: string): Promise<TenderRow | null> {
  const job = ctx.actor?.type === 'system' ? ctx : systemCtx(ctx.db, 'sourcing.tender.close', ctx.lang);
  return ctx.db.transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
    if (!tender) return null;
    if (tender.status !== 'published') return tender;
    if ((await serverNow(tx)) < tender.bidDeadline) return tender;
    const next = transitionTender(tender.status, 'close');
    const [closed] = await tx
      .update(tenders)
      .set({ status: next, closedAt: sql`clock_timestamp()`, updatedAt: new Date(), version: sql`${tenders.version} + 1` })
      .where(eq(tenders.id, tender.id))
      .returning();
    await publish(tx, 'sourcing.tender.closed', { tenderId: tender.id, number: tender.number, openingAt: tender.openingAt.toISOString() }, tender.orgId, await tenderAudience(tx, tender));
    await recordAudit(tx, job, { action: 'sourcing.tender.closed', targetType: 'tender', targetId: tender.id, orgId: tender.orgId, data: { number: tender.number, bidDeadline: tender.bidDeadline.toISOString() } });
    return closed!;
  });
}

/** The status a reader sees: a published tender past its bid deadline is closed, whether or not the job ran yet. */
export function effectiveTenderStatus(tender: Pick<TenderRow, 'status' | 'bidDeadline'>, now: Date): string {
  return tender.status === 'published' && tender.bidDeadline <= now ? 'closed' : tender.status;
}
