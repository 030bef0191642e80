import { and, asc, desc, eq, inArray, or, sql, getTableColumns, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { assertVersion } from '../../../platform/concurrency.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { dec, qty } from '../../../platform/money.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../../platform/pagination.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { getRequisitionForOrdering } from '../../procurement/index.ts';
import { actorOrgId, actorUserId, isoTime, publish, scheduleInvalid, serverNow } from '../common.ts';
import { assertInvitable, matchSuppliers } from '../eligibility.ts';
import { RFQ_TRANSITIONS, transitionRfq, type RfqStatus } from '../rfq.state.ts';
import { rfqInvitations, rfqLines, rfqQuestions, rfqQuotes, rfqs, type RfqLineRow, type RfqRow } from '../schema.ts';
import { accessRfq, closeRfqIfDue, invitedOrgIds, quotesVisible, rfqAudience, type RfqParty } from './rfq-access.ts';
import { findOwnQuote, type QuoteWithLines } from './rfq-quotes.ts';

export const RFQ_CLOSE_JOB = 'sourcing.rfq.close';

export interface RfqLineInput {
  skuId?: string | null;
  categoryCode?: string | null;
  name: string;
  spec?: string | null;
  quantity: string;
  uom: string;
  allowAlternatives?: boolean;
}

export interface RfqInput {
  title: string;
  description?: string | null;
  audience: 'invited' | 'category' | 'all';
  supplierOrgIds?: string[];
  categoryCodes?: string[];
  deadline: string;
  requisitionId?: string | null;
  requisitionLineIds?: string[];
  lines?: RfqLineInput[];
  deliveryAddress?: string | null;
  deliveryRegion?: string | null;
  needBy?: string | null;
  paymentMethod?: 'escrow' | 'credit';
  creditDays?: number | null;
  budgetLineId?: string | null;
}

type RfqLineValues = Omit<typeof rfqLines.$inferInsert, 'rfqId' | 'lineNo' | 'id'>;

async function linesFromInput(tx: Tx, ctx: Ctx, orgId: string, input: Pick<RfqInput, 'requisitionId' | 'requisitionLineIds' | 'lines'>): Promise<RfqLineValues[]> {
  if (input.requisitionId) {
    const { lines } = await getRequisitionForOrdering(tx, ctx, { requisitionId: input.requisitionId, orgId });
    const wanted = input.requisitionLineIds?.length ? new Set(input.requisitionLineIds) : null;
    if (wanted) {
      for (const [i, id] of input.requisitionLineIds!.entries()) {
        if (!lines.some((l) => l.id === id)) throw invalidField(`/requisitionLineIds/${i}`, 'is not a line of the requisition');
      }
    }
    const chosen = lines.filter((l) => (!wanted || wanted.has(l.id)) && dec(l.remainingQuantity).gt(0));
    if (!chosen.length) throw invalidField('/requisitionId', 'the requisition has no line left to source');
    return chosen.map((l) => ({
      skuId: l.skuId,
      requisitionLineId: l.id,
      categoryCode: l.categoryCode,
      name: l.description,
      spec: l.spec,
      quantity: l.remainingQuantity,
      uom: l.uom,
      allowAlternatives: !l.skuId,
    }));
  }
  if (!input.lines?.length) throw invalidField('/lines', 'give lines, or a requisitionId to copy them from');
  return input.lines.map((l, i) => {
    if (!dec(l.quantity).gt(0)) throw invalidField(`/lines/${i}/quantity`, 'must be positive');
    return { skuId: l.skuId ?? null, categoryCode: l.categoryCode ?? null, name: l.name, spec: l.spec ?? null, quantity: qty(l.quantity), uom: l.uom, allowAlternatives: l.allowAlternatives ?? false };
  });
}

function validateTerms(input: Partial<RfqInput>): void {
  if (input.paymentMethod === 'credit' && !input.creditDays) throw invalidField('/creditDays', 'is required for credit terms');
  if (input.paymentMethod === 'escrow' && input.creditDays) throw invalidField('/creditDays', 'is only for credit terms');
}

function parseDeadline(value: string, now: Date, pointer = '/deadline'): Date {
  const deadline = new Date(value);
  if (Number.isNaN(deadline.getTime())) throw invalidField(pointer, 'is not a date-time');
  if (deadline <= now) throw scheduleInvalid(`The deadline ${isoTime(deadline)} is not in the future (server time ${isoTime(now)}).`, `截止时间 ${isoTime(deadline)} 不晚于当前服务器时间 ${isoTime(now)}。`, pointer);
  return deadline;
}

async function insertLines(tx: Tx, rfqId: string, lines: RfqLineValues[]): Promise<RfqLineRow[]> {
  const rows = await tx.insert(rfqLines).values(lines.map((l, i) => ({ ...l, id: newId('rfql'), rfqId, lineNo: i + 1 }))).returning();
  return rows.sort((a, b) => a.lineNo - b.lineNo);
}

/** Creates a draft RFQ from scratch or from the open lines of an approved requisition. */
export async function createRfq(ctx: Ctx, input: RfqInput): Promise<RfqRow> {
  const orgId = actorOrgId(ctx);
  validateTerms(input);
  return ctx.db.transaction(async (tx) => {
    const now = await serverNow(tx);
    const deadline = parseDeadline(input.deadline, now);
    const lines = await linesFromInput(tx, ctx, orgId, input);
    const chosen = input.supplierOrgIds?.length ? await assertInvitable(tx, input.supplierOrgIds, orgId, '/supplierOrgIds') : [];
    const categoryCodes = input.categoryCodes?.length ? input.categoryCodes : [...new Set(lines.map((l) => l.categoryCode).filter((c): c is string => Boolean(c)))];
    const id = newId('rfq');
    const number = await nextDocumentNumber(tx, orgId, 'RFQ');
    const [rfq] = await tx
      .insert(rfqs)
      .values({
        id,
        orgId,
        number,
        title: input.title,
        description: input.description ?? null,
        status: 'draft',
        audience: input.audience,
        categoryCodes,
        requisitionId: input.requisitionId ?? null,
        deadline,
        deliveryAddress: input.deliveryAddress ?? null,
        deliveryRegion: input.deliveryRegion ?? null,
        needBy: input.needBy ?? null,
        paymentMethod: input.paymentMethod ?? 'escrow',
        creditDays: input.paymentMethod === 'credit' ? (input.creditDays ?? null) : null,
        budgetLineId: input.budgetLineId ?? null,
        createdBy: actorUserId(ctx),
      })
      .returning();
    await insertLines(tx, id, lines);
    if (chosen.length) await tx.insert(rfqInvitations).values(chosen.map((supplierOrgId) => ({ rfqId: id, supplierOrgId, source: 'chosen' })));
    await publish(tx, 'sourcing.rfq.created', { rfqId: id, number }, orgId);
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.created', targetType: 'rfq', targetId: id, data: { number, lines: lines.length, audience: input.audience, requisitionId: input.requisitionId ?? null } });
    return rfq!;
  });
}

/** Edits a draft (version / If-Match checked): fields given replace the old ones; `lines` replaces all lines. */
export async function updateRfq(ctx: Ctx, rfqId: string, input: Partial<RfqInput> & { version?: number; ifMatch?: string }): Promise<RfqRow> {
  validateTerms(input);
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    assertVersion('RFQ', rfq.version, { version: input.version, ifMatch: input.ifMatch });
    transitionRfq(rfq.status, 'edit');
    const now = await serverNow(tx);
    const patch: Partial<typeof rfqs.$inferInsert> = {};
    if (input.title !== undefined) patch.title = input.title;
    if (input.description !== undefined) patch.description = input.description;
    if (input.audience !== undefined) patch.audience = input.audience;
    if (input.categoryCodes !== undefined) patch.categoryCodes = input.categoryCodes;
    if (input.deadline !== undefined) patch.deadline = parseDeadline(input.deadline, now);
    if (input.deliveryAddress !== undefined) patch.deliveryAddress = input.deliveryAddress;
    if (input.deliveryRegion !== undefined) patch.deliveryRegion = input.deliveryRegion;
    if (input.needBy !== undefined) patch.needBy = input.needBy;
    if (input.paymentMethod !== undefined) {
      patch.paymentMethod = input.paymentMethod;
      patch.creditDays = input.paymentMethod === 'credit' ? (input.creditDays ?? null) : null;
    }
    if (input.budgetLineId !== undefined) patch.budgetLineId = input.budgetLineId;
    if (input.lines !== undefined || input.requisitionId !== undefined) {
      const lines = await linesFromInput(tx, ctx, rfq.orgId, { requisitionId: input.requisitionId ?? null, requisitionLineIds: input.requisitionLineIds, lines: input.lines });
      patch.requisitionId = input.requisitionId ?? null;
      await tx.delete(rfqLines).where(eq(rfqLines.rfqId, rfq.id));
      await insertLines(tx, rfq.id, lines);
    }
    if (input.supplierOrgIds !== undefined) {
      const chosen = await assertInvitable(tx, input.supplierOrgIds, rfq.orgId, '/supplierOrgIds');
      await tx.delete(rfqInvitations).where(eq(rfqInvitations.rfqId, rfq.id));
      if (chosen.length) await tx.insert(rfqInvitations).values(chosen.map((supplierOrgId) => ({ rfqId: rfq.id, supplierOrgId, source: 'chosen' })));
    }
    const [updated] = await tx
      .update(rfqs)
      .set({ ...patch, updatedAt: new Date(), version: sql`${rfqs.version} + 1` })
      .where(eq(rfqs.id, rfq.id))
      .returning();
    await publish(tx, 'sourcing.rfq.updated', { rfqId: rfq.id, number: rfq.number }, rfq.orgId);
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.updated', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, fields: Object.keys(input).filter((k) => k !== 'version' && k !== 'ifMatch') } });
    return updated!;
  });
}

async function scheduleClose(tx: Tx, rfq: Pick<RfqRow, 'id' | 'deadline'>): Promise<void> {
  await enqueueJob(tx, RFQ_CLOSE_JOB, { rfqId: rfq.id }, { runAt: rfq.deadline, dedupeKey: `rfq-close:${rfq.id}:${rfq.deadline.getTime()}` });
}

/**
 * Publishes a draft: category audiences get the matched suppliers invited (with any chosen ones);
 * invited and category audiences need at least one invitee. Schedules the close at the deadline.
 */
export async function publishRfq(ctx: Ctx, rfqId: string, given: { version?: number; ifMatch?: string } = {}): Promise<RfqRow> {
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    assertVersion('RFQ', rfq.version, given);
    const next = transitionRfq(rfq.status, 'publish');
    const now = await serverNow(tx);
    if (rfq.deadline <= now) throw scheduleInvalid(`The deadline ${isoTime(rfq.deadline)} has passed; set a later one first.`, `截止时间 ${isoTime(rfq.deadline)} 已过，请先修改截止时间。`, '/deadline');
    if (rfq.audience === 'category') {
      if (!rfq.categoryCodes.length) throw invalidField('/categoryCodes', 'a category audience needs category codes');
      const matched = await matchSuppliers(tx, { categoryCodes: rfq.categoryCodes, buyerOrgId: rfq.orgId });
      if (matched.length) await tx.insert(rfqInvitations).values(matched.map((supplierOrgId) => ({ rfqId: rfq.id, supplierOrgId, source: 'category' }))).onConflictDoNothing();
    }
    const invited = await invitedOrgIds(tx, rfq.id);
    if (rfq.audience !== 'all' && !invited.length) throw invalidField('/supplierOrgIds', 'no supplier is invited (none chosen, none matched by category)');
    const [published] = await tx
      .update(rfqs)
      .set({ status: next, publishedAt: now, updatedAt: now, version: sql`${rfqs.version} + 1` })
      .where(eq(rfqs.id, rfq.id))
      .returning();
    await scheduleClose(tx, published!);
    await publish(tx, 'sourcing.rfq.published', { rfqId: rfq.id, number: rfq.number, deadline: rfq.deadline.toISOString() }, rfq.orgId, await rfqAudience(tx, published!));
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.published', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, invited: invited.length, audience: rfq.audience, deadline: rfq.deadline.toISOString() } });
    return published!;
  });
}

/** Invites more suppliers while the RFQ is open. */
export async function inviteToRfq(ctx: Ctx, rfqId: string, supplierOrgIds: string[]): Promise<{ invited: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    const state = effectiveStatus(rfq, await serverNow(tx));
    if (state !== 'draft') transitionRfq(state, 'invite');
    const chosen = await assertInvitable(tx, supplierOrgIds, rfq.orgId, '/supplierOrgIds');
    const inserted = await tx.insert(rfqInvitations).values(chosen.map((supplierOrgId) => ({ rfqId: rfq.id, supplierOrgId, source: 'chosen' }))).onConflictDoNothing().returning();
    const invited = inserted.map((r) => r.supplierOrgId);
    if (invited.length && rfq.status === 'open') await publish(tx, 'sourcing.rfq.invited', { rfqId: rfq.id, number: rfq.number }, rfq.orgId, invited);
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.suppliers_invited', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, invited } });
    return { invited };
  });
}

/** Moves the deadline of an open RFQ later (never earlier: suppliers plan against it). */
export async function extendRfqDeadline(ctx: Ctx, rfqId: string, input: { deadline: string; version?: number; ifMatch?: string }): Promise<RfqRow> {
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    assertVersion('RFQ', rfq.version, input);
    const now = await serverNow(tx);
    transitionRfq(rfq.status === 'open' && rfq.deadline <= now ? 'closed' : rfq.status, 'extend');
    const deadline = parseDeadline(input.deadline, now);
    if (deadline <= rfq.deadline) throw scheduleInvalid(`The new deadline must be after the current one (${isoTime(rfq.deadline)}).`, `新截止时间须晚于当前截止时间（${isoTime(rfq.deadline)}）。`, '/deadline');
    const [updated] = await tx.update(rfqs).set({ deadline, updatedAt: now, version: sql`${rfqs.version} + 1` }).where(eq(rfqs.id, rfq.id)).returning();
    await scheduleClose(tx, updated!);
    await publish(tx, 'sourcing.rfq.deadline_extended', { rfqId: rfq.id, number: rfq.number, deadline: deadline.toISOString() }, rfq.orgId, await rfqAudience(tx, rfq));
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.deadline_extended', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, from: rfq.deadline.toISOString(), to: deadline.toISOString() } });
    return updated!;
  });
}

/** Cancels an RFQ that has not been awarded; quotes of an RFQ cancelled before its deadline stay sealed. */
export async function cancelRfq(ctx: Ctx, rfqId: string, input: { reason: string; version?: number; ifMatch?: string }): Promise<RfqRow> {
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    assertVersion('RFQ', rfq.version, input);
    const next = transitionRfq(rfq.status, 'cancel');
    const now = await serverNow(tx);
    const [cancelled] = await tx
      .update(rfqs)
      .set({ status: next, cancelledAt: now, cancelReason: input.reason, updatedAt: now, version: sql`${rfqs.version} + 1` })
      .where(eq(rfqs.id, rfq.id))
      .returning();
    await publish(tx, 'sourcing.rfq.cancelled', { rfqId: rfq.id, number: rfq.number }, rfq.orgId, rfq.status === 'draft' ? [rfq.orgId] : await rfqAudience(tx, rfq));
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.cancelled', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, reason: input.reason, from: rfq.status } });
    return cancelled!;
  });
}

// --- reads ----------------------------------------------------------------------------------------

/** What each side may do next, for the web's buttons. */
export function rfqActions(rfq: RfqRow, party: RfqParty, now: Date, myQuoteStatus: string | null): string[] {
  const status = effectiveStatus(rfq, now);
  const allowed = Object.keys(RFQ_TRANSITIONS[status] ?? {});
  if (party === 'buyer') return allowed.filter((c) => c !== 'close');
  if (status !== 'open') return [];
  return myQuoteStatus === 'submitted' ? ['revise_quote', 'withdraw_quote', 'ask'] : ['quote', 'ask'];
}

/** The status a reader sees: an open RFQ past its deadline is closed, whether or not the job ran yet. */
export function effectiveStatus(rfq: Pick<RfqRow, 'status' | 'deadline'>, now: Date): RfqStatus {
  return rfq.status === 'open' && rfq.deadline <= now ? 'closed' : (rfq.status as RfqStatus);
}

export interface RfqView {
  rfq: RfqRow;
  party: RfqParty;
  status: RfqStatus;
  serverTime: Date;
  lines: RfqLineRow[];
  /** Buyer only: invited suppliers (a supplier never learns who else is invited). */
  invitations: Array<{ supplierOrgId: string; name: string; nameEn: string | null; source: string; invitedAt: Date; quoted: boolean | null }> | null;
  /** Buyer only, once quotes are visible; null before the deadline. */
  quoteCount: number | null;
  questionCount: number;
  /** Supplier only: its own quote with lines and attachments. */
  myQuote: QuoteWithLines | null;
  /** Supplier only: the issuing buyer's name. */
  buyerName: string | null;
  actions: string[];
}

/** An RFQ as the acting organisation may see it (404 for anyone else). */
export async function getRfqView(ctx: Ctx, rfqId: string): Promise<RfqView> {
  // A buyer's read after the deadline first closes the RFQ, so the quote count is final.
  const first = await ctx.db.transaction((tx) => accessRfq(tx, ctx, rfqId));
  if (first.party === 'buyer' && first.rfq.status === 'open') await closeRfqIfDue(ctx, rfqId);
  return ctx.db.transaction(async (tx) => {
    const { rfq, party } = await accessRfq(tx, ctx, rfqId);
    const now = await serverNow(tx);
    const lines = await tx.select().from(rfqLines).where(eq(rfqLines.rfqId, rfq.id)).orderBy(asc(rfqLines.lineNo));
    const [{ n: questionCount } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(rfqQuestions).where(eq(rfqQuestions.rfqId, rfq.id));
    let invitations: RfqView['invitations'] = null;
    let quoteCount: number | null = null;
    let myQuote: RfqView['myQuote'] = null;
    let buyerName: string | null = null;
    if (party === 'buyer') {
      const visible = quotesVisible(rfq);
      const rows = await tx.select().from(rfqInvitations).where(eq(rfqInvitations.rfqId, rfq.id)).orderBy(asc(rfqInvitations.invitedAt));
      const quoted = visible ? new Set((await tx.select({ org: rfqQuotes.supplierOrgId }).from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), sql`${rfqQuotes.status} <> 'withdrawn'`))).map((q) => q.org)) : null;
      const orgs = new Map((await organizationsByIds(tx, rows.map((r) => r.supplierOrgId))).map((o) => [o.id, o]));
      invitations = rows.map((r) => ({ supplierOrgId: r.supplierOrgId, name: orgs.get(r.supplierOrgId)?.name ?? r.supplierOrgId, nameEn: orgs.get(r.supplierOrgId)?.nameEn ?? null, source: r.source, invitedAt: r.invitedAt, quoted: quoted ? quoted.has(r.supplierOrgId) : null }));
      if (visible) {
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), sql`${rfqQuotes.status} <> 'withdrawn'`));
        quoteCount = row?.n ?? 0;
      }
    } else {
      myQuote = await findOwnQuote(tx, rfq.id, ctx.actor!.orgId!);
      buyerName = (await organizationsByIds(tx, [rfq.orgId]))[0]?.name ?? null;
    }
    return { rfq, party, status: effectiveStatus(rfq, now), serverTime: now, lines, invitations, quoteCount, questionCount, myQuote, buyerName, actions: rfqActions(rfq, party, now, myQuote?.status ?? null) };
  });
}

export interface RfqListItem {
  rfq: RfqRow;
  party: RfqParty;
  status: RfqStatus;
  buyerName: string | null;
  lineCount: number;
  quoteCount: number | null;
  myQuoteStatus: string | null;
}

/**
 * RFQs of the acting organisation as buyer, or those it may quote on as a supplier (invited, or
 * open to all), newest first. Quote counts only once quotes are visible.
 */
export async function listRfqs(ctx: Ctx, filter: { role?: RfqParty; status?: string; q?: string; limit: number; cursor?: string }): Promise<{ items: RfqListItem[]; nextCursor: string | null }> {
  const orgId = actorOrgId(ctx);
  const role: RfqParty = filter.role ?? (ctx.actor?.orgKinds.includes('buyer') ? 'buyer' : 'supplier');
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  return ctx.db.transaction(async (tx) => {
    const now = await serverNow(tx);
    const conditions: SQL[] = [];
    if (role === 'buyer') conditions.push(eq(rfqs.orgId, orgId));
    else {
      if (!ctx.actor?.orgKinds.includes('supplier')) return { items: [], nextCursor: null };
      conditions.push(sql`${rfqs.status} <> 'draft'`, sql`${rfqs.orgId} <> ${orgId}`);
      conditions.push(or(eq(rfqs.audience, 'all'), sql`exists (select 1 from rfq_invitations i where i.rfq_id = ${rfqs.id} and i.supplier_org_id = ${orgId})`)!);
    }
    if (filter.status) {
      const statuses = filter.status.split(',').filter(Boolean);
      // "open" and "closed" follow the server clock, not the job's progress.
      const parts: SQL[] = [];
      for (const s of statuses) {
        if (s === 'open') parts.push(sql`(${rfqs.status} = 'open' and ${rfqs.deadline} > ${now.toISOString()}::timestamptz)`);
        else if (s === 'closed') parts.push(sql`(${rfqs.status} = 'closed' or (${rfqs.status} = 'open' and ${rfqs.deadline} <= ${now.toISOString()}::timestamptz))`);
        else parts.push(eq(rfqs.status, s));
      }
      if (parts.length) conditions.push(or(...parts)!);
    }
    if (filter.q) conditions.push(or(sql`${rfqs.title} ilike ${`%${filter.q}%`}`, sql`${rfqs.number} ilike ${`%${filter.q}%`}`)!);
    if (after) conditions.push(beforeCursor(rfqs.createdAt, rfqs.id, after));
    const rows = await tx
      .select({ ...getTableColumns(rfqs), cursorAt: cursorTime(rfqs.createdAt) })
      .from(rfqs)
      .where(and(...conditions))
      .orderBy(desc(rfqs.createdAt), desc(rfqs.id))
      .limit(filter.limit + 1);
    const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
    const ids = page.items.map((r) => r.id);
    const lineCounts = new Map<string, number>();
    const quoteCounts = new Map<string, number>();
    const myQuotes = new Map<string, string>();
    if (ids.length) {
      for (const r of await tx.select({ id: rfqLines.rfqId, n: sql<number>`count(*)::int` }).from(rfqLines).where(inArray(rfqLines.rfqId, ids)).groupBy(rfqLines.rfqId)) lineCounts.set(r.id, r.n);
      if (role === 'buyer') {
        // Counted only for RFQs whose quotes are visible: before the deadline even "how many" is sealed.
        const visibleIds = page.items.filter((r) => quotesVisible(r)).map((r) => r.id);
        if (visibleIds.length) {
          for (const r of await tx.select({ id: rfqQuotes.rfqId, n: sql<number>`count(*)::int` }).from(rfqQuotes).where(and(inArray(rfqQuotes.rfqId, visibleIds), sql`${rfqQuotes.status} <> 'withdrawn'`)).groupBy(rfqQuotes.rfqId)) quoteCounts.set(r.id, r.n);
        }
      } else {
        for (const r of await tx.select({ id: rfqQuotes.rfqId, status: rfqQuotes.status }).from(rfqQuotes).where(and(inArray(rfqQuotes.rfqId, ids), eq(rfqQuotes.supplierOrgId, orgId)))) myQuotes.set(r.id, r.status);
      }
    }
    const buyers = role === 'supplier' ? new Map((await organizationsByIds(tx, [...new Set(page.items.map((r) => r.orgId))])).map((o) => [o.id, o.name])) : new Map<string, string>();
    return {
      items: page.items.map(({ cursorAt: _c, ...rfq }) => ({
        rfq,
        party: role,
        status: effectiveStatus(rfq, now),
        buyerName: role === 'supplier' ? (buyers.get(rfq.orgId) ?? null) : null,
        lineCount: lineCounts.get(rfq.id) ?? 0,
        quoteCount: role === 'buyer' && quotesVisible(rfq) ? (quoteCounts.get(rfq.id) ?? 0) : null,
        myQuoteStatus: role === 'supplier' ? (myQuotes.get(rfq.id) ?? null) : null,
      })),
      nextCursor: page.nextCursor,
    };
  });
}
