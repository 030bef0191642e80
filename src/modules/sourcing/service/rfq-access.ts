import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { notFound } from '../../../platform/problem.ts';
import { publish, serverNow } from '../common.ts';
import { rfqInvitations, rfqs, type RfqRow } from '../schema.ts';
import { transitionRfq } from '../rfq.state.ts';

export type RfqParty = 'buyer' | 'supplier';

export interface RfqAccess {
  rfq: RfqRow;
  party: RfqParty;
}

/**
 * The RFQ as the acting organisation may see it: the buyer always; a supplier once it is
 * published and open to all suppliers or the supplier is invited. Anyone else gets the same 404
 * as for an RFQ that does not exist (no existence leak). `lock`: 'update' for the buyer's state
 * changes, 'share' for quote writes (so the close waits for quotes in flight).
 */
export async function accessRfq(tx: Tx, ctx: Ctx, rfqId: string, options: { lock?: 'update' | 'share'; as?: RfqParty } = {}): Promise<RfqAccess> {
  const base = tx.select().from(rfqs).where(eq(rfqs.id, rfqId));
  const [rfq] = options.lock === 'update' ? await base.for('update') : options.lock === 'share' ? await base.for('share') : await base;
  const orgId = ctx.actor?.orgId;
  if (!rfq || !orgId) throw notFound('RFQ', rfqId);
  if (rfq.orgId === orgId) {
    if (options.as === 'supplier') throw notFound('RFQ', rfqId);
    return { rfq, party: 'buyer' };
  }
  if (options.as === 'buyer' || !(await supplierMaySee(tx, ctx, rfq))) throw notFound('RFQ', rfqId);
  return { rfq, party: 'supplier' };
}

export async function supplierMaySee(tx: Tx, ctx: Ctx, rfq: RfqRow): Promise<boolean> {
  const orgId = ctx.actor?.orgId;
  if (!orgId || rfq.status === 'draft' || !ctx.actor?.orgKinds.includes('supplier')) return false;
  if (rfq.audience === 'all') return true;
  return isInvited(tx, rfq.id, orgId);
}

export async function isInvited(tx: Tx, rfqId: string, orgId: string): Promise<boolean> {
  const [row] = await tx.select({ one: sql`1` }).from(rfqInvitations).where(and(eq(rfqInvitations.rfqId, rfqId), eq(rfqInvitations.supplierOrgId, orgId)));
  return Boolean(row);
}

export async function invitedOrgIds(tx: Tx, rfqId: string): Promise<string[]> {
  const rows = await tx.select({ id: rfqInvitations.supplierOrgId }).from(rfqInvitations).where(eq(rfqInvitations.rfqId, rfqId));
  return rows.map((r) => r.id);
}

/** Who hears about an RFQ on the live channel: the buyer and the invitees, or all suppliers. */
export async function rfqAudience(tx: Tx, rfq: RfqRow): Promise<string[]> {
  return rfq.audience === 'all' ? [rfq.orgId, 'suppliers'] : [rfq.orgId, ...(await invitedOrgIds(tx, rfq.id))];
}

/** Quotes are readable by the buyer only once the RFQ was closed at (or after) its deadline. */
export const quotesVisible = (rfq: Pick<RfqRow, 'closedAt'>) => rfq.closedAt !== null;

/**
 * Closes an open RFQ whose deadline has passed (the deadline job, and any buyer read that needs
 * the quotes). The row lock waits for quote writes in flight (they hold a share lock), and every
 * quote write checks `status = 'open'` and the clock under that lock: after this commits, no
 * quote can be added or changed. Returns the RFQ as it is afterwards.
 */
export async function closeRfqIfDue(ctx: Ctx, rfqId: string): Promise<RfqRow | null> {
  const job = ctx.actor?.type === 'system' ? ctx : systemCtx(ctx.db, 'sourcing.rfq.close', ctx.lang);
  return ctx.db.transaction(async (tx) => {
    const [rfq] = await tx.select().from(rfqs).where(eq(rfqs.id, rfqId)).for('update');
    if (!rfq) return null;
    if (rfq.status !== 'open') return rfq;
    if ((await serverNow(tx)) < rfq.deadline) return rfq;
    const next = transitionRfq(rfq.status, 'close');
    const [closed] = await tx
      .update(rfqs)
      .set({ status: next, closedAt: sql`clock_timestamp()`, updatedAt: new Date(), version: sql`${rfqs.version} + 1` })
      .where(eq(rfqs.id, rfq.id))
      .returning();
    await publish(tx, 'sourcing.rfq.closed', { rfqId: rfq.id, number: rfq.number }, rfq.orgId, await rfqAudience(tx, rfq));
    await recordAudit(tx, job, { action: 'sourcing.rfq.closed', targetType: 'rfq', targetId: rfq.id, orgId: rfq.orgId, data: { number: rfq.number, deadline: rfq.deadline.toISOString() } });
    return closed!;
  });
}
