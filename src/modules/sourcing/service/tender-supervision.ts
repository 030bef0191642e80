import { and, asc, desc, eq, or, sql, getTableColumns, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../../platform/pagination.ts';
import { notFound } from '../../../platform/problem.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { serverNow } from '../common.ts';
import { tenderBids, tenderDeposits, tenderOpenings, tenderRegistrations, tenders, type TenderRow } from '../schema.ts';
import { effectiveTenderStatus } from './tender-access.ts';

/**
 * Platform supervision (监督) of tenders: every tender's metadata, registrations and deposits, and
 * — once the bid deadline has passed — who bid when with which envelope hash. Never bid content
 * before the opening (there is nothing readable to show), and every detail read is audited.
 */
export async function listTendersForPlatform(ctx: Ctx, filter: { status?: string; q?: string; limit: number; cursor?: string }): Promise<{ items: Array<{ tender: TenderRow; status: string; buyerName: string | null }>; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  return ctx.db.transaction(async (tx) => {
    const now = await serverNow(tx);
    const conditions: SQL[] = [sql`${tenders.status} <> 'draft'`];
    if (filter.status) conditions.push(sql`${tenders.status} = any(${`{${filter.status}}`}::text[])`);
    if (filter.q) conditions.push(or(sql`${tenders.title} ilike ${`%${filter.q}%`}`, sql`${tenders.number} ilike ${`%${filter.q}%`}`)!);
    if (after) conditions.push(beforeCursor(tenders.createdAt, tenders.id, after));
    const rows = await tx.select({ ...getTableColumns(tenders), cursorAt: cursorTime(tenders.createdAt) }).from(tenders).where(and(...conditions)).orderBy(desc(tenders.createdAt), desc(tenders.id)).limit(filter.limit + 1);
    const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
    const names = new Map((await organizationsByIds(tx, [...new Set(page.items.map((r) => r.orgId))])).map((o) => [o.id, o.name]));
    return { items: page.items.map(({ cursorAt: _c, ...t }) => ({ tender: t, status: effectiveTenderStatus(t, now), buyerName: names.get(t.orgId) ?? null })), nextCursor: page.nextCursor };
  });
}

export interface SupervisionView {
  tender: TenderRow;
  status: string;
  buyerName: string | null;
  registrations: Array<{ supplierOrgId: string; supplierName: string; status: string; registeredAt: Date }>;
  deposits: Array<{ supplierOrgId: string; status: string; amount: string; paidAt: Date; settledAt: Date | null }>;
  /** Null before the bid deadline; then bidder, times, revision and envelope hash — never content. */
  bids: Array<{ supplierOrgId: string; supplierName: string; status: string; revision: number; submittedAt: Date; sealedSha256: string | null; totalPrice: string | null }> | null;
  opening: { openedAt: Date; openers: unknown[]; bids: unknown[]; excluded: unknown[] } | null;
}

export async function getTenderForPlatform(ctx: Ctx, tenderId: string): Promise<SupervisionView> {
  return ctx.db.transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId));
    if (!tender || tender.status === 'draft') throw notFound('tender', tenderId);
    const now = await serverNow(tx);
    const status = effectiveTenderStatus(tender, now);
    const regs = await tx.select().from(tenderRegistrations).where(eq(tenderRegistrations.tenderId, tender.id)).orderBy(asc(tenderRegistrations.registeredAt));
    const deposits = await tx.select().from(tenderDeposits).where(eq(tenderDeposits.tenderId, tender.id));
    const closed = status !== 'published';
    const bids = closed ? await tx.select().from(tenderBids).where(eq(tenderBids.tenderId, tender.id)).orderBy(asc(tenderBids.submittedAt)) : [];
    const [opening] = await tx.select().from(tenderOpenings).where(eq(tenderOpenings.tenderId, tender.id));
    const names = new Map((await organizationsByIds(tx, [tender.orgId, ...regs.map((r) => r.supplierOrgId), ...bids.map((b) => b.supplierOrgId)])).map((o) => [o.id, o.name]));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.supervised', targetType: 'tender', targetId: tender.id, orgId: tender.orgId, data: { number: tender.number, status } });
    return {
      tender,
      status,
      buyerName: names.get(tender.orgId) ?? null,
      registrations: regs.map((r) => ({ supplierOrgId: r.supplierOrgId, supplierName: names.get(r.supplierOrgId) ?? r.supplierOrgId, status: r.status, registeredAt: r.registeredAt })),
      deposits: deposits.map((d) => ({ supplierOrgId: d.supplierOrgId, status: d.status, amount: d.amount, paidAt: d.paidAt, settledAt: d.settledAt })),
      bids: closed ? bids.map((b) => ({ supplierOrgId: b.supplierOrgId, supplierName: names.get(b.supplierOrgId) ?? b.supplierOrgId, status: b.status, revision: b.revision, submittedAt: b.submittedAt, sealedSha256: b.sealedSha256, totalPrice: b.totalPrice })) : null,
      opening: opening ? { openedAt: opening.openedAt, openers: opening.openers, bids: opening.bids, excluded: opening.excluded } : null,
    };
  });
}
