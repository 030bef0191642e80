import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { dec } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { actorOrgId, actorUserId, deadlinePassed, decodeAttachment, linesInvalid, publish, serverNow } from '../common.ts';
import { tenderBids, tenderLines, tenderRegistrations, type TenderBidRow, type TenderRow } from '../schema.ts';
import { sealTo, sha256Hex } from '../sealing/envelope.ts';
import { transitionBid } from '../tender.state.ts';
import { depositOf } from './deposits.ts';
import { REG_ZH } from './tenders.ts';
import { accessTender } from './tender-access.ts';

export const BID_ATTACHMENT_MAX_BYTES = 400 * 1024;

export interface BidInput {
  /** The document revision the bidder read: a bid against outdated documents is refused. */
  documentRevision: number;
  lines: Array<{ tenderLineId: string; unitPrice: string; taxRate: string }>;
  leadTimeDays: number;
  warrantyMonths?: number | null;
  validityDays: number;
  technicalProposal: string;
  commercialTerms?: string | null;
  attachments?: Array<{ filename: string; mimeType: string; contentBase64: string }>;
}

/** What the bidder gets back: a receipt, never the content (the server cannot read it either). */
export interface BidReceipt {
  bidId: string;
  tenderId: string;
  status: string;
  revision: number;
  sealedSha256: string | null;
  submittedAt: Date;
  documentRevision: number;
  needsReconfirmation: boolean;
  replayed: boolean;
}

export const toReceipt = (bid: TenderBidRow, replayed = false): BidReceipt => ({
  bidId: bid.id,
  tenderId: bid.tenderId,
  status: bid.status,
  revision: bid.revision,
  sealedSha256: bid.sealedSha256,
  submittedAt: bid.submittedAt,
  documentRevision: bid.documentRevision,
  needsReconfirmation: bid.needsReconfirmation,
  replayed,
});

/** Additional data bound into the bid envelope: a ciphertext cannot be moved to another bid, bidder or revision. */
export const bidAad = (bid: { tenderId: string; supplierOrgId: string; id: string }, revision: number) => `tender:${bid.tenderId}|supplier:${bid.supplierOrgId}|bid:${bid.id}|rev:${revision}`;

/**
 * Checks everything a bid write needs, under the tender's share lock: published, the server clock
 * before the bid deadline, registered and qualified, deposit held (when the tender asks for one).
 * A supplier not registered / not qualified gets 403; one that may not see the tender got 404.
 */
async function assertMayBid(tx: Tx, ctx: Ctx, tenderId: string, action: string, actionZh: string): Promise<{ tender: TenderRow; now: Date }> {
  const supplierOrgId = actorOrgId(ctx);
  const { tender, party } = await accessTender(tx, ctx, tenderId, { lock: 'share' });
  if (party === 'buyer') throw new Problem('sourcing.own_event', { number: tender.number });
  const now = await serverNow(tx);
  if (tender.status !== 'published' || now >= tender.bidDeadline) {
    if (tender.status === 'published' || tender.closedAt) throw deadlinePassed('bid', tender.number, tender.bidDeadline);
    throw new Problem('state.transition_not_allowed', { command: action, resource: 'tender', state: tender.status });
  }
  const [registration] = await tx.select().from(tenderRegistrations).where(and(eq(tenderRegistrations.tenderId, tender.id), eq(tenderRegistrations.supplierOrgId, supplierOrgId)));
  if (!registration) throw new Problem('sourcing.not_registered', { number: tender.number, action, actionZh });
  if (registration.status !== 'qualified') throw new Problem('sourcing.not_qualified', { number: tender.number, status: registration.status, statusZh: REG_ZH[registration.status] ?? registration.status, action, actionZh });
  if (dec(tender.depositAmount).gt(0)) {
    const deposit = await depositOf(tx, tender.id, supplierOrgId);
    if (!deposit || deposit.status !== 'held') throw new Problem('sourcing.deposit_required', { number: tender.number, amount: dec(tender.depositAmount).toFixed(2), currency: tender.currency }, { amount: dec(tender.depositAmount).toFixed(2), currency: tender.currency });
  }
  return { tender, now };
}

function validateBid(lines: Array<{ id: string; lineNo: number }>, input: BidInput): void {
  const byId = new Set(lines.map((l) => l.id));
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    // Problems never echo a price back: they name the line, not the value.
    if (!byId.has(line.tenderLineId)) throw linesInvalid(`Line ${i + 1} names a line that is not in this tender.`, `第 ${i + 1} 行不是本招标项目的明细行。`, `/lines/${i}/tenderLineId`);
    if (seen.has(line.tenderLineId)) throw linesInvalid(`Line ${i + 1} prices the same tender line twice.`, `第 ${i + 1} 行重复报价同一明细行。`, `/lines/${i}/tenderLineId`);
    seen.add(line.tenderLineId);
  }
  if (seen.size !== lines.length) throw linesInvalid(`A bid must price every line of the tender (${lines.length}); ${seen.size} priced.`, `投标须对全部 ${lines.length} 个明细行报价；当前 ${seen.size} 行。`);
}

/**
 * Submits or replaces the supplier's sealed bid until the deadline. The content is sealed in this
 * process to the tender's public key (ECIES: X25519 + AES-256-GCM) before anything is written;
 * the row holds the envelope and its SHA-256, nothing else about prices. The plaintext never
 * reaches the database, the log, the audit trail or an event, and nothing here can decrypt it.
 * Retries: a request carrying the Idempotency-Key of the revision on record returns its receipt.
 */
export async function submitBid(ctx: Ctx, tenderId: string, input: BidInput, requestKey?: string): Promise<BidReceipt> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, now } = await assertMayBid(tx, ctx, tenderId, 'bid', '投标');
    let [existing] = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, supplierOrgId))).for('update');
    if (requestKey && existing?.requestKey === requestKey && existing.status === 'submitted') return toReceipt(existing, true);
    if (input.documentRevision !== tender.documentRevision) {
      throw new Problem('resource.version_conflict', { resource: 'tender documents', expected: input.documentRevision, actual: tender.documentRevision }, { documentRevision: tender.documentRevision }, [
        { pointer: '/documentRevision', in: 'body', message: `the documents are at revision ${tender.documentRevision}: read the amendments, then bid against it` },
      ]);
    }
    const lines = await tx.select({ id: tenderLines.id, lineNo: tenderLines.lineNo }).from(tenderLines).where(eq(tenderLines.tenderId, tender.id));
    validateBid(lines, input);
    const attachments = (input.attachments ?? []).map((a, i) => ({ filename: a.filename, mimeType: a.mimeType, sha256: sha256Hex(decodeAttachment(a.contentBase64, BID_ATTACHMENT_MAX_BYTES, `/attachments/${i}/contentBase64`)), contentBase64: a.contentBase64 }));
    const plaintext = Buffer.from(
      JSON.stringify({
        lines: input.lines,
        leadTimeDays: input.leadTimeDays,
        warrantyMonths: input.warrantyMonths ?? null,
        validityDays: input.validityDays,
        technicalProposal: input.technicalProposal,
        commercialTerms: input.commercialTerms ?? null,
        attachments,
      }),
      'utf8',
    );
    if (!existing) {
      const [inserted] = await tx
        .insert(tenderBids)
        .values({ id: newId('tbid'), tenderId: tender.id, supplierOrgId, status: 'submitted', revision: 0, documentRevision: tender.documentRevision, submittedBy: actorUserId(ctx), submittedAt: now })
        .onConflictDoNothing()
        .returning();
      existing = inserted ?? (await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, supplierOrgId))).for('update'))[0]!;
    } else {
      transitionBid(existing.status, existing.status === 'withdrawn' ? 'resubmit' : 'revise');
    }
    const revision = existing.revision + 1;
    const sealed = sealTo(tender.sealingPublicKey!, plaintext, bidAad(existing, revision));
    plaintext.fill(0);
    const [bid] = await tx
      .update(tenderBids)
      .set({ status: 'submitted', revision, sealed, sealedSha256: sha256Hex(sealed), documentRevision: tender.documentRevision, needsReconfirmation: false, requestKey: requestKey ?? null, submittedBy: actorUserId(ctx), submittedAt: now, reconfirmedAt: null, withdrawnAt: null })
      .where(eq(tenderBids.id, existing.id))
      .returning();
    // Only the bidder hears of its bid: before the opening not even a count reaches the buyer.
    await publish(tx, 'sourcing.tender.bid_submitted', { tenderId: tender.id, number: tender.number, bidId: bid!.id, revision }, supplierOrgId, [supplierOrgId]);
    await recordAudit(tx, ctx, { action: revision === 1 ? 'sourcing.tender.bid_submitted' : 'sourcing.tender.bid_revised', targetType: 'tender_bid', targetId: bid!.id, data: { tenderId: tender.id, number: tender.number, revision, sealedSha256: bid!.sealedSha256, documentRevision: tender.documentRevision } });
    return toReceipt(bid!);
  });
}

/** Withdraws the bid before the deadline: the envelope is deleted; the supplier may bid again until then. */
export async function withdrawBid(ctx: Ctx, tenderId: string): Promise<BidReceipt> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, now } = await assertMayBid(tx, ctx, tenderId, 'withdraw a bid', '撤回投标');
    const [bid] = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, supplierOrgId))).for('update');
    if (!bid) throw notFound('bid', tender.id);
    const next = transitionBid(bid.status, 'withdraw');
    const [updated] = await tx.update(tenderBids).set({ status: next, sealed: null, sealedSha256: null, withdrawnAt: now, requestKey: null }).where(eq(tenderBids.id, bid.id)).returning();
    await publish(tx, 'sourcing.tender.bid_withdrawn', { tenderId: tender.id, number: tender.number, bidId: bid.id }, supplierOrgId, [supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.bid_withdrawn', targetType: 'tender_bid', targetId: bid.id, data: { tenderId: tender.id, number: tender.number, revision: bid.revision } });
    return toReceipt(updated!);
  });
}

/**
 * After a material amendment the bidder confirms its sealed bid stands against the new documents
 * (or replaces it with `submitBid`). Unconfirmed bids are excluded at the opening.
 */
export async function reconfirmBid(ctx: Ctx, tenderId: string, documentRevision: number): Promise<BidReceipt> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, now } = await assertMayBid(tx, ctx, tenderId, 'reconfirm a bid', '重新确认投标');
    const [bid] = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, supplierOrgId))).for('update');
    if (!bid) throw notFound('bid', tender.id);
    transitionBid(bid.status, 'reconfirm');
    if (!bid.needsReconfirmation) throw new Problem('sourcing.reconfirmation_not_needed', { number: tender.number });
    if (documentRevision !== tender.documentRevision) {
      throw new Problem('resource.version_conflict', { resource: 'tender documents', expected: documentRevision, actual: tender.documentRevision }, { documentRevision: tender.documentRevision }, [{ pointer: '/documentRevision', in: 'body', message: `the documents are at revision ${tender.documentRevision}` }]);
    }
    const [updated] = await tx.update(tenderBids).set({ needsReconfirmation: false, documentRevision: tender.documentRevision, reconfirmedAt: now }).where(eq(tenderBids.id, bid.id)).returning();
    await publish(tx, 'sourcing.tender.bid_reconfirmed', { tenderId: tender.id, number: tender.number, bidId: bid.id }, supplierOrgId, [supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.bid_reconfirmed', targetType: 'tender_bid', targetId: bid.id, data: { tenderId: tender.id, number: tender.number, documentRevision } });
    return toReceipt(updated!);
  });
}

/** Count of bids that will go to the opening (for tests and the supervision view after the close). */
export async function sealedBidCount(tx: Tx, tenderId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(tenderBids).where(and(eq(tenderBids.tenderId, tenderId), eq(tenderBids.status, 'submitted')));
  return row?.n ?? 0;
}
