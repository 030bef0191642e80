import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../../platform/pagination.ts';
import { notFound } from '../../../platform/problem.ts';
import { getTableColumns } from 'drizzle-orm';
import { organizationsByIds } from '../../identity/index.ts';
import { tenderNotices, tenders, type TenderNoticeRow } from '../schema.ts';
import { supplierMaySeeTender } from './tender-access.ts';

export interface NoticeView extends TenderNoticeRow {
  buyerName: string | null;
}

/**
 * Public notices (公告) of public tenders for everyone, signed in or not; a signed-in party also
 * sees the notices of invitation tenders it takes part in (buyer, invited supplier).
 */
export async function listNotices(ctx: Ctx, filter: { kind?: string; tenderId?: string; q?: string; limit: number; cursor?: string }): Promise<{ items: NoticeView[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  const orgId = ctx.actor?.orgId ?? null;
  return ctx.db.transaction(async (tx) => {
    const visible: SQL[] = [eq(tenderNotices.visibility, 'public')];
    if (orgId) {
      visible.push(sql`exists (select 1 from tenders t where t.id = ${tenderNotices.tenderId} and t.org_id = ${orgId})`);
      visible.push(sql`exists (select 1 from tender_invitations i where i.tender_id = ${tenderNotices.tenderId} and i.supplier_org_id = ${orgId})`);
    }
    const conditions: SQL[] = [or(...visible)!];
    if (filter.kind) conditions.push(eq(tenderNotices.kind, filter.kind));
    if (filter.tenderId) conditions.push(eq(tenderNotices.tenderId, filter.tenderId));
    if (filter.q) conditions.push(sql`(${tenderNotices.data}->>'title' ilike ${`%${filter.q}%`} or ${tenderNotices.data}->>'number' ilike ${`%${filter.q}%`})`);
    if (after) conditions.push(beforeCursor(tenderNotices.publishedAt, tenderNotices.id, after));
    const rows = await tx
      .select({ ...getTableColumns(tenderNotices), cursorAt: cursorTime(tenderNotices.publishedAt), buyerOrgId: tenders.orgId })
      .from(tenderNotices)
      .innerJoin(tenders, eq(tenders.id, tenderNotices.tenderId))
      .where(and(...conditions))
      .orderBy(desc(tenderNotices.publishedAt), desc(tenderNotices.id))
      .limit(filter.limit + 1);
    const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
    const names = new Map((await organizationsByIds(tx, [...new Set(page.items.map((r) => r.buyerOrgId))])).map((o) => [o.id, o.name]));
    return { items: page.items.map(({ cursorAt: _c, buyerOrgId, ...n }) => ({ ...n, buyerName: names.get(buyerOrgId) ?? null })), nextCursor: page.nextCursor };
  });
}

/** One notice: public ones for everyone; others only for the tender's parties (404 otherwise). */
export async function getNotice(ctx: Ctx, noticeId: string): Promise<NoticeView> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ notice: tenderNotices, tender: tenders }).from(tenderNotices).innerJoin(tenders, eq(tenders.id, tenderNotices.tenderId)).where(eq(tenderNotices.id, noticeId));
    if (!row || !(await mayReadNotice(tx, ctx, row.notice, row.tender))) throw notFound('notice', noticeId);
    const [buyer] = await organizationsByIds(tx, [row.tender.orgId]);
    return { ...row.notice, buyerName: buyer?.name ?? null };
  });
}

async function mayReadNotice(tx: Tx, ctx: Ctx, notice: TenderNoticeRow, tender: typeof tenders.$inferSelect): Promise<boolean> {
  if (notice.visibility === 'public') return true;
  const orgId = ctx.actor?.orgId;
  if (!orgId) return false;
  return tender.orgId === orgId || supplierMaySeeTender(tx, ctx, tender);
}
