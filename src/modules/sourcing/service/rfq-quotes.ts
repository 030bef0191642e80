import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { assertVersion } from '../../../platform/concurrency.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { dec, money } from '../../../platform/money.ts';
import { invalidField, notFound, Problem } from '../../../platform/problem.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { actorOrgId, actorUserId, deadlinePassed, decodeAttachment, isoTime, linesInvalid, publish, serverNow, wrongParty } from '../common.ts';
import { transitionQuote } from '../rfq.state.ts';
import { rfqAttachments, rfqLines, rfqQuestions, rfqQuoteLines, rfqQuotes, type RfqQuestionRow, type RfqQuoteLineRow, type RfqQuoteRow, type RfqRow } from '../schema.ts';
import { accessRfq, closeRfqIfDue, quotesVisible, rfqAudience } from './rfq-access.ts';

export const ATTACHMENT_MAX_BYTES = 600 * 1024;
const ATTACHMENTS_PER_QUOTE = 10;

export interface QuoteLineInput {
  rfqLineId: string;
  unitPrice: string;
  taxRate: string;
  leadTimeDays?: number | null;
  alternative?: string | null;
  notes?: string | null;
}

export interface QuoteInput {
  validUntil: string;
  leadTimeDays?: number | null;
  freight?: string | null;
  freightTaxRate?: string | null;
  notes?: string | null;
  lines: QuoteLineInput[];
}

export type QuoteAttachmentMeta = { id: string; filename: string; mimeType: string; sizeBytes: number; sha256: string; createdAt: Date };
export type QuoteWithLines = RfqQuoteRow & { lines: RfqQuoteLineRow[]; attachments: QuoteAttachmentMeta[] };

/** The RFQ must take quotes now: open, and the server clock before the deadline (checked under the share lock). */
async function assertTakingResponses(tx: Tx, rfq: RfqRow, what: 'quote' | 'question'): Promise<Date> {
  const now = await serverNow(tx);
  if (rfq.status === 'open' && now >= rfq.deadline) throw deadlinePassed(what, rfq.number, rfq.deadline);
  if (rfq.status !== 'open') {
    if (rfq.closedAt) throw deadlinePassed(what, rfq.number, rfq.deadline);
    throw new Problem('state.transition_not_allowed', { command: what, resource: 'RFQ', state: rfq.status });
  }
  return now;
}

async function supplierAccess(tx: Tx, ctx: Ctx, rfqId: string, action: string, actionZh: string) {
  const access = await accessRfq(tx, ctx, rfqId, { lock: 'share' });
  if (access.party === 'buyer') {
    if (ctx.actor?.orgKinds.includes('supplier')) throw new Problem('sourcing.own_event', { number: access.rfq.number });
    throw wrongParty('supplier', access.rfq.number, action, actionZh);
  }
  return access.rfq;
}

function validateLines(rfqLinesById: Map<string, { allowAlternatives: boolean }>, lines: QuoteLineInput[]): void {
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const rfqLine = rfqLinesById.get(line.rfqLineId);
    if (!rfqLine) throw linesInvalid(`Line ${i + 1} names a line that is not in this RFQ.`, `第 ${i + 1} 行不是本询价单的明细行。`, `/lines/${i}/rfqLineId`);
    if (seen.has(line.rfqLineId)) throw linesInvalid(`Line ${i + 1} quotes the same RFQ line twice.`, `第 ${i + 1} 行重复报价同一明细行。`, `/lines/${i}/rfqLineId`);
    seen.add(line.rfqLineId);
    if (line.alternative && !rfqLine.allowAlternatives) throw linesInvalid(`Line ${i + 1}: this RFQ line takes no alternatives.`, `第 ${i + 1} 行：该明细行不接受替代方案。`, `/lines/${i}/alternative`);
    const taxRate = dec(line.taxRate);
    if (taxRate.gte(1)) throw invalidField(`/lines/${i}/taxRate`, 'must be a fraction like 0.13');
  }
}

/**
 * Submits or revises the supplier's quote (one per supplier; revisions replace the lines) while
 * the RFQ is open. The RFQ row is share-locked: the close waits for this, and this refuses once
 * the server clock reaches the deadline. Nobody but the supplier learns of it before the deadline.
 */
export async function submitQuote(ctx: Ctx, rfqId: string, input: QuoteInput & { version?: number; ifMatch?: string }): Promise<QuoteWithLines> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const rfq = await supplierAccess(tx, ctx, rfqId, 'quote', '报价');
    const now = await assertTakingResponses(tx, rfq, 'quote');
    const lines = await tx.select().from(rfqLines).where(eq(rfqLines.rfqId, rfq.id));
    validateLines(new Map(lines.map((l) => [l.id, l])), input.lines);
    if (input.validUntil < rfq.deadline.toISOString().slice(0, 10)) throw invalidField('/validUntil', `must not end before the RFQ deadline (${isoTime(rfq.deadline)})`);
    const values = {
      validUntil: input.validUntil,
      leadTimeDays: input.leadTimeDays ?? null,
      freight: money(input.freight ?? '0', 4),
      freightTaxRate: input.freightTaxRate ?? '0.09',
      notes: input.notes ?? null,
      submittedBy: actorUserId(ctx),
      submittedAt: now,
    };
    let [existing] = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), eq(rfqQuotes.supplierOrgId, supplierOrgId))).for('update');
    let quote: RfqQuoteRow;
    if (!existing) {
      const [inserted] = await tx.insert(rfqQuotes).values({ id: newId('rfqq'), rfqId: rfq.id, supplierOrgId, status: 'submitted', ...values }).onConflictDoNothing().returning();
      if (inserted) quote = inserted;
      else {
        // A concurrent first submission won the insert: this one becomes a revision of it.
        [existing] = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), eq(rfqQuotes.supplierOrgId, supplierOrgId))).for('update');
      }
    }
    if (existing) {
      assertVersion('quote', existing.version, input);
      const next = transitionQuote(existing.status, existing.status === 'withdrawn' ? 'resubmit' : 'revise');
      [quote] = await tx
        .update(rfqQuotes)
        .set({ ...values, status: next, revision: sql`${rfqQuotes.revision} + 1`, version: sql`${rfqQuotes.version} + 1` })
        .where(eq(rfqQuotes.id, existing.id))
        .returning() as [RfqQuoteRow];
      await tx.delete(rfqQuoteLines).where(eq(rfqQuoteLines.quoteId, existing.id));
    }
    const saved = await tx
      .insert(rfqQuoteLines)
      .values(input.lines.map((l) => ({ id: newId('rfqql'), quoteId: quote!.id, rfqLineId: l.rfqLineId, unitPrice: money(l.unitPrice, 4), taxRate: l.taxRate, leadTimeDays: l.leadTimeDays ?? null, alternative: l.alternative ?? null, notes: l.notes ?? null })))
      .returning();
    // Only the supplier hears of its quote before the deadline: not even a count reaches the buyer.
    await publish(tx, 'sourcing.quote.submitted', { rfqId: rfq.id, number: rfq.number, quoteId: quote!.id, revision: quote!.revision }, supplierOrgId, [supplierOrgId]);
    await recordAudit(tx, ctx, { action: existing ? 'sourcing.quote.revised' : 'sourcing.quote.submitted', targetType: 'rfq_quote', targetId: quote!.id, data: { rfqId: rfq.id, number: rfq.number, revision: quote!.revision, lines: saved.length } });
    return { ...quote!, lines: saved, attachments: await attachmentsOf(tx, [quote!.id]).then((m) => m.get(quote!.id) ?? []) };
  });
}

/** Withdraws the supplier's quote before the deadline (it may submit again until then). */
export async function withdrawQuote(ctx: Ctx, rfqId: string, given: { version?: number; ifMatch?: string } = {}): Promise<RfqQuoteRow> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const rfq = await supplierAccess(tx, ctx, rfqId, 'withdraw a quote', '撤回报价');
    const now = await assertTakingResponses(tx, rfq, 'quote');
    const [quote] = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), eq(rfqQuotes.supplierOrgId, supplierOrgId))).for('update');
    if (!quote) throw notFound('quote', rfq.id);
    assertVersion('quote', quote.version, given);
    const next = transitionQuote(quote.status, 'withdraw');
    const [updated] = await tx.update(rfqQuotes).set({ status: next, submittedAt: now, version: sql`${rfqQuotes.version} + 1` }).where(eq(rfqQuotes.id, quote.id)).returning();
    await publish(tx, 'sourcing.quote.withdrawn', { rfqId: rfq.id, number: rfq.number, quoteId: quote.id }, supplierOrgId, [supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.quote.withdrawn', targetType: 'rfq_quote', targetId: quote.id, data: { rfqId: rfq.id, number: rfq.number } });
    return updated!;
  });
}

async function attachmentsOf(tx: Tx, quoteIds: string[]): Promise<Map<string, QuoteAttachmentMeta[]>> {
  const out = new Map<string, QuoteAttachmentMeta[]>();
  if (!quoteIds.length) return out;
  const rows = await tx
    .select({ id: rfqAttachments.id, quoteId: rfqAttachments.quoteId, filename: rfqAttachments.filename, mimeType: rfqAttachments.mimeType, sizeBytes: rfqAttachments.sizeBytes, sha256: rfqAttachments.sha256, createdAt: rfqAttachments.createdAt })
    .from(rfqAttachments)
    .where(inArray(rfqAttachments.quoteId, quoteIds))
    .orderBy(asc(rfqAttachments.createdAt));
  for (const { quoteId, ...meta } of rows) out.set(quoteId, [...(out.get(quoteId) ?? []), meta]);
  return out;
}

/** The supplier's own quote with lines and attachments, or null. */
export async function findOwnQuote(tx: Tx, rfqId: string, supplierOrgId: string): Promise<QuoteWithLines | null> {
  const [quote] = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfqId), eq(rfqQuotes.supplierOrgId, supplierOrgId)));
  if (!quote) return null;
  const lines = await tx.select().from(rfqQuoteLines).where(eq(rfqQuoteLines.quoteId, quote.id));
  return { ...quote, lines, attachments: (await attachmentsOf(tx, [quote.id])).get(quote.id) ?? [] };
}

/** Attaches a file to the supplier's submitted quote while the RFQ is open. */
export async function addQuoteAttachment(ctx: Ctx, rfqId: string, input: { filename: string; mimeType: string; contentBase64: string }): Promise<QuoteAttachmentMeta> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const rfq = await supplierAccess(tx, ctx, rfqId, 'attach files to a quote', '上传报价附件');
    const content = decodeAttachment(input.contentBase64, ATTACHMENT_MAX_BYTES, '/contentBase64');
    await assertTakingResponses(tx, rfq, 'quote');
    const [quote] = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), eq(rfqQuotes.supplierOrgId, supplierOrgId))).for('update');
    if (!quote || quote.status !== 'submitted') throw new Problem('state.transition_not_allowed', { command: 'attach a file', resource: 'quote', state: quote?.status ?? 'not submitted' });
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(rfqAttachments).where(eq(rfqAttachments.quoteId, quote.id));
    if (n >= ATTACHMENTS_PER_QUOTE) throw new Problem('sourcing.attachment_invalid', { reason: `A quote takes at most ${ATTACHMENTS_PER_QUOTE} files.`, reasonZh: `每份报价最多 ${ATTACHMENTS_PER_QUOTE} 个附件。` });
    const [row] = await tx
      .insert(rfqAttachments)
      .values({ id: newId('rfqa'), rfqId: rfq.id, quoteId: quote.id, supplierOrgId, filename: input.filename, mimeType: input.mimeType, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), content })
      .returning();
    await recordAudit(tx, ctx, { action: 'sourcing.quote.attachment_added', targetType: 'rfq_quote', targetId: quote.id, data: { rfqId: rfq.id, attachmentId: row!.id, filename: input.filename, sizeBytes: content.length } });
    const { content: _c, ...meta } = row!;
    return meta;
  });
}

/** A quote attachment: for the supplier that uploaded it, and for the buyer once quotes are visible; 404 otherwise. */
export async function getQuoteAttachment(ctx: Ctx, rfqId: string, attachmentId: string): Promise<{ filename: string; mimeType: string; content: Buffer }> {
  return ctx.db.transaction(async (tx) => {
    const { rfq, party } = await accessRfq(tx, ctx, rfqId);
    const [row] = await tx.select().from(rfqAttachments).where(and(eq(rfqAttachments.id, attachmentId), eq(rfqAttachments.rfqId, rfq.id)));
    const mayRead = row && (party === 'buyer' ? quotesVisible(rfq) : row.supplierOrgId === ctx.actor!.orgId);
    if (!row || !mayRead) throw notFound('attachment', attachmentId);
    await recordAudit(tx, ctx, { action: 'sourcing.quote.attachment_read', targetType: 'rfq_quote', targetId: row.quoteId, data: { rfqId: rfq.id, attachmentId } });
    return { filename: row.filename, mimeType: row.mimeType, content: row.content };
  });
}

export interface QuoteForBuyer extends QuoteWithLines {
  supplierName: string;
  supplierNameEn: string | null;
}

/** All quotes of an RFQ for the buyer, only once the deadline has passed (409 before, even for the count). */
export async function listQuotesForBuyer(ctx: Ctx, rfqId: string): Promise<{ rfq: RfqRow; quotes: QuoteForBuyer[] }> {
  const first = await ctx.db.transaction((tx) => accessRfq(tx, ctx, rfqId, { as: 'buyer' }));
  if (first.rfq.status === 'open') await closeRfqIfDue(ctx, rfqId);
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { as: 'buyer' });
    if (!quotesVisible(rfq)) throw new Problem('sourcing.quotes_sealed', { number: rfq.number, deadline: isoTime(rfq.deadline) }, { visibleFrom: rfq.deadline.toISOString() });
    const quotes = await tx.select().from(rfqQuotes).where(and(eq(rfqQuotes.rfqId, rfq.id), sql`${rfqQuotes.status} <> 'withdrawn'`)).orderBy(asc(rfqQuotes.submittedAt), asc(rfqQuotes.id));
    const ids = quotes.map((q) => q.id);
    const lines = ids.length ? await tx.select().from(rfqQuoteLines).where(inArray(rfqQuoteLines.quoteId, ids)) : [];
    const files = await attachmentsOf(tx, ids);
    const orgs = new Map((await organizationsByIds(tx, quotes.map((q) => q.supplierOrgId))).map((o) => [o.id, o]));
    await recordAudit(tx, ctx, { action: 'sourcing.quotes.read', targetType: 'rfq', targetId: rfq.id, data: { number: rfq.number, quotes: quotes.length } });
    return {
      rfq,
      quotes: quotes.map((q) => ({
        ...q,
        lines: lines.filter((l) => l.quoteId === q.id),
        attachments: files.get(q.id) ?? [],
        supplierName: orgs.get(q.supplierOrgId)?.name ?? q.supplierOrgId,
        supplierNameEn: orgs.get(q.supplierOrgId)?.nameEn ?? null,
      })),
    };
  });
}

// --- clarification Q&A --------------------------------------------------------------------------

export type QuestionView = Omit<RfqQuestionRow, 'askedByOrgId' | 'answeredBy'> & { askedByMe: boolean };

function toQuestionView(q: RfqQuestionRow, orgId: string | null | undefined): QuestionView {
  const { askedByOrgId, answeredBy: _a, ...rest } = q;
  return { ...rest, askedByMe: askedByOrgId === orgId };
}

/** An invited supplier asks a clarification question; the buyer hears of it, nobody learns who asked. */
export async function askRfqQuestion(ctx: Ctx, rfqId: string, question: string): Promise<QuestionView> {
  const orgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const rfq = await supplierAccess(tx, ctx, rfqId, 'ask a question', '提问');
    await assertTakingResponses(tx, rfq, 'question');
    const [row] = await tx.insert(rfqQuestions).values({ id: newId('rfqqa'), rfqId: rfq.id, askedByOrgId: orgId, question }).returning();
    await publish(tx, 'sourcing.rfq.question_asked', { rfqId: rfq.id, number: rfq.number, questionId: row!.id }, rfq.orgId, [rfq.orgId]);
    // Audited under the asker's organisation: the buyer's audit view must not reveal who asked.
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.question_asked', targetType: 'rfq', targetId: rfq.id, data: { questionId: row!.id } });
    return toQuestionView(row!, orgId);
  });
}

/** The buyer answers (or corrects its answer); every invitee sees the question and the answer. */
export async function answerRfqQuestion(ctx: Ctx, rfqId: string, questionId: string, answer: string): Promise<QuestionView> {
  return ctx.db.transaction(async (tx) => {
    const access = await accessRfq(tx, ctx, rfqId, { lock: 'update' });
    const [question] = await tx.select().from(rfqQuestions).where(and(eq(rfqQuestions.id, questionId), eq(rfqQuestions.rfqId, access.rfq.id))).for('update');
    if (!question) throw notFound('question', questionId);
    if (access.party !== 'buyer') throw wrongParty('buyer', access.rfq.number, 'answer questions', '答复提问');
    if (!['open', 'closed'].includes(access.rfq.status)) throw new Problem('state.transition_not_allowed', { command: 'answer', resource: 'RFQ', state: access.rfq.status });
    const [row] = await tx.update(rfqQuestions).set({ answer, answeredBy: actorUserId(ctx), answeredAt: await serverNow(tx) }).where(eq(rfqQuestions.id, question.id)).returning();
    await publish(tx, 'sourcing.rfq.question_answered', { rfqId: access.rfq.id, number: access.rfq.number, questionId }, access.rfq.orgId, await rfqAudience(tx, access.rfq));
    await recordAudit(tx, ctx, { action: 'sourcing.rfq.question_answered', targetType: 'rfq', targetId: access.rfq.id, data: { questionId } });
    return toQuestionView(row!, ctx.actor?.orgId);
  });
}

/** Questions and answers of an RFQ for the buyer and every supplier that may see it; never who asked. */
export async function listRfqQuestions(ctx: Ctx, rfqId: string): Promise<QuestionView[]> {
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId);
    const rows = await tx.select().from(rfqQuestions).where(eq(rfqQuestions.rfqId, rfq.id)).orderBy(asc(rfqQuestions.createdAt), asc(rfqQuestions.id));
    return rows.map((q) => toQuestionView(q, ctx.actor?.orgId));
  });
}
