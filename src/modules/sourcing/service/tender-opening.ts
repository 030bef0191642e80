import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { Decimal, dec, money, qty } from '../../../platform/money.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { listOrgUsers, organizationsByIds } from '../../identity/index.ts';
import { isoTime, publish, serverNow } from '../common.ts';
import { tenderBids, tenderLines, tenderOpenings, tenderOpeners, tenders, type TenderOpenerRow, type TenderRow } from '../schema.ts';
import { combineShares } from '../sealing/shamir.ts';
import { openSealed, publicKeyOf, sha256Hex, unlockOpenerKey, unwrapReleasedShare, wrapReleasedShare } from '../sealing/envelope.ts';
import { transitionBid, transitionTender } from '../tender.state.ts';
import { refundDeposits } from './deposits.ts';
import { bidAad } from './tender-bids.ts';
import { accessTender, assertDesignated, closeTenderIfDue, tenderAudience } from './tender-access.ts';
import { addNotice, openerContext, shareAad, TENDER_JOBS } from './tenders.ts';

export const MAX_PASSPHRASE_FAILURES = 5;
const releasedContext = (tenderId: string, userId: string) => `tender:${tenderId}|opener:${userId}|released`;

const windowEnd = (tender: Pick<TenderRow, 'openingAt' | 'openingWindowMinutes'>) => new Date(tender.openingAt.getTime() + tender.openingWindowMinutes * 60_000);

function outsideWindow(tender: TenderRow): Problem {
  return new Problem('sourcing.opening_window', { number: tender.number, from: isoTime(tender.openingAt), to: isoTime(windowEnd(tender)) }, { openingAt: tender.openingAt.toISOString(), windowEndsAt: windowEnd(tender).toISOString() });
}

export interface OpeningResult {
  opened: boolean;
  confirmed: number;
  quorum: number;
}

/**
 * A designated opener confirms the opening (开标确认) with their passphrase, inside the opening
 * window [openingAt, openingAt + window] by the server clock. Their share of the tender key is
 * unsealed in memory and kept, wrapped under the server secret, until the quorum is reached; the
 * confirmation that reaches it opens every bid in the same transaction. Five wrong passphrases
 * lock that opener out for this tender.
 */
export async function confirmOpening(ctx: Ctx, tenderId: string, passphrase: string): Promise<OpeningResult> {
  const first = await ctx.db.transaction((tx) => accessTender(tx, ctx, tenderId, { as: 'buyer' }));
  if (first.tender.status === 'published') await closeTenderIfDue(ctx, tenderId);
  const outcome = await ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    await assertDesignated(tx, ctx, tender, 'opener');
    const now = await serverNow(tx);
    if (tender.status === 'published') throw outsideWindow(tender);
    if (tender.status !== 'closed') throw new Problem('state.transition_not_allowed', { command: 'confirm the opening', resource: 'tender', state: tender.status });
    if (now < tender.openingAt || now > windowEnd(tender)) throw outsideWindow(tender);
    const userId = ctx.actor!.userId!;
    const [opener] = await tx.select().from(tenderOpeners).where(and(eq(tenderOpeners.tenderId, tender.id), eq(tenderOpeners.userId, userId))).for('update');
    if (opener!.failedAttempts >= MAX_PASSPHRASE_FAILURES) throw new Problem('sourcing.opener_locked', { number: tender.number });
    if (!opener!.releasedShare) {
      const privateKey = unlockOpenerKey(passphrase, openerContext(tender.id, userId), { salt: opener!.keySalt!, protectedPrivateKey: opener!.protectedPrivateKey! });
      if (!privateKey) return { wrong: true as const, tender, failures: opener!.failedAttempts + 1 };
      const share = openSealed(privateKey, opener!.sealedShare!, shareAad(tender.id, userId));
      privateKey.fill(0);
      await tx.update(tenderOpeners).set({ releasedShare: wrapReleasedShare(share, releasedContext(tender.id, userId)), confirmedAt: now }).where(and(eq(tenderOpeners.tenderId, tender.id), eq(tenderOpeners.userId, userId)));
      share.fill(0);
    }
    const released = await tx.select().from(tenderOpeners).where(and(eq(tenderOpeners.tenderId, tender.id), isNotNull(tenderOpeners.releasedShare))).orderBy(asc(tenderOpeners.position));
    let opening: Awaited<ReturnType<typeof performOpening>> | null = null;
    if (released.length >= tender.openerQuorum) opening = await performOpening(tx, ctx, tender, released, now);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.opening_confirmed', targetType: 'tender', targetId: tender.id, data: { number: tender.number, confirmed: released.length, quorum: tender.openerQuorum } });
    if (opening) {
      await recordAudit(tx, ctx, {
        action: 'sourcing.tender.opened',
        targetType: 'tender',
        targetId: tender.id,
        data: { number: tender.number, openers: released.map((o) => o.userId), bidsOpened: opening.opened, bidsExcluded: opening.excluded, failed: opening.failed, depositsRefunded: opening.refunded },
      });
    }
    return { wrong: false as const, result: { opened: Boolean(opening), confirmed: released.length, quorum: tender.openerQuorum } };
  });
  if (!outcome.wrong) return outcome.result;
  // A wrong passphrase is counted in its own transaction: the refusal must not roll it back.
  await ctx.db.transaction(async (tx) => {
    await tx.update(tenderOpeners).set({ failedAttempts: sql`${tenderOpeners.failedAttempts} + 1` }).where(and(eq(tenderOpeners.tenderId, tenderId), eq(tenderOpeners.userId, ctx.actor!.userId!)));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.opening_passphrase_failed', targetType: 'tender', targetId: tenderId, data: { number: outcome.tender.number, failures: outcome.failures } });
  });
  throw new Problem('sourcing.passphrase_wrong', { remaining: Math.max(0, MAX_PASSPHRASE_FAILURES - outcome.failures) }, { remaining: Math.max(0, MAX_PASSPHRASE_FAILURES - outcome.failures) }, [{ pointer: '/passphrase', in: 'body', message: 'does not unlock your opening key' }]);
}

interface OpenedBidRecord {
  bidId: string;
  supplierOrgId: string;
  supplierName: string;
  submittedAt: string;
  revision: number;
  sealedSha256: string;
  subtotal: string;
  tax: string;
  totalPrice: string;
  leadTimeDays: number;
  warrantyMonths: number | null;
  validityDays: number;
  lines: Array<{ tenderLineId: string; lineNo: number; name: string; quantity: string; uom: string; unitPrice: string; taxRate: string; amount: string; tax: string }>;
}

/**
 * Opens the bids with the quorum's released shares: rebuilds the tender's private key, checks it
 * against the published public key, verifies each envelope's hash, decrypts, and writes the
 * opening record (who, when, which bids, the prices read out). Bids never reconfirmed after a
 * material amendment are excluded. Registrants without an opened bid get their deposit back; with
 * no bid opened the tender fails. Key material is wiped afterwards. The caller audits.
 */
async function performOpening(tx: Tx, ctx: Ctx, tender: TenderRow, released: TenderOpenerRow[], now: Date) {
  const shares = released.slice(0, tender.openerQuorum).map((o) => unwrapReleasedShare(o.releasedShare!, releasedContext(tender.id, o.userId)));
  const privateKey = combineShares(shares);
  for (const s of shares) s.fill(0);
  if (!publicKeyOf(privateKey).equals(tender.sealingPublicKey!)) throw new Error(`tender ${tender.id}: the rebuilt opening key does not match the published key`);
  const lines = await tx.select().from(tenderLines).where(eq(tenderLines.tenderId, tender.id)).orderBy(asc(tenderLines.lineNo));
  const bids = await tx.select().from(tenderBids).where(eq(tenderBids.tenderId, tender.id)).orderBy(asc(tenderBids.submittedAt), asc(tenderBids.id)).for('update');
  const names = new Map((await organizationsByIds(tx, bids.map((b) => b.supplierOrgId))).map((o) => [o.id, o.name]));
  const opened: OpenedBidRecord[] = [];
  const excluded: Array<Record<string, unknown>> = [];
  try {
    for (const bid of bids) {
      if (bid.status !== 'submitted') continue;
      if (bid.needsReconfirmation) {
        await tx.update(tenderBids).set({ status: transitionBid(bid.status, 'exclude'), rejectReason: 'not reconfirmed after a material amendment' }).where(eq(tenderBids.id, bid.id));
        excluded.push({ bidId: bid.id, supplierOrgId: bid.supplierOrgId, supplierName: names.get(bid.supplierOrgId) ?? bid.supplierOrgId, reason: 'not_reconfirmed' });
        continue;
      }
      if (!bid.sealed || sha256Hex(bid.sealed) !== bid.sealedSha256) throw new Error(`bid ${bid.id}: the sealed envelope does not match its recorded hash`);
      const content = JSON.parse(openSealed(privateKey, bid.sealed, bidAad(bid, bid.revision)).toString('utf8')) as {
        lines: Array<{ tenderLineId: string; unitPrice: string; taxRate: string }>;
        leadTimeDays: number;
        warrantyMonths: number | null;
        validityDays: number;
        technicalProposal: string;
        commercialTerms: string | null;
        attachments: unknown[];
      };
      let subtotal = dec(0);
      let tax = dec(0);
      const priced = lines.map((line) => {
        const offer = content.lines.find((l) => l.tenderLineId === line.id)!;
        const amount = dec(offer.unitPrice).times(line.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        const lineTax = amount.times(offer.taxRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        subtotal = subtotal.plus(amount);
        tax = tax.plus(lineTax);
        return { tenderLineId: line.id, lineNo: line.lineNo, name: line.name, quantity: qty(line.quantity), uom: line.uom, unitPrice: money(offer.unitPrice, 4), taxRate: dec(offer.taxRate).toString(), amount: money(amount), tax: money(lineTax) };
      });
      const total = subtotal.plus(tax);
      await tx
        .update(tenderBids)
        .set({ status: transitionBid(bid.status, 'open'), openedAt: now, totalPrice: money(total, 4), openedContent: { ...content, lines: priced, subtotal: money(subtotal), tax: money(tax), totalPrice: money(total) } })
        .where(eq(tenderBids.id, bid.id));
      opened.push({
        bidId: bid.id,
        supplierOrgId: bid.supplierOrgId,
        supplierName: names.get(bid.supplierOrgId) ?? bid.supplierOrgId,
        submittedAt: bid.submittedAt.toISOString(),
        revision: bid.revision,
        sealedSha256: bid.sealedSha256!,
        subtotal: money(subtotal),
        tax: money(tax),
        totalPrice: money(total),
        leadTimeDays: content.leadTimeDays,
        warrantyMonths: content.warrantyMonths,
        validityDays: content.validityDays,
        lines: priced,
      });
    }
  } finally {
    privateKey.fill(0);
  }
  // The opening key is no longer needed by anyone: its shares go.
  await tx.update(tenderOpeners).set({ sealedShare: null, releasedShare: null }).where(eq(tenderOpeners.tenderId, tender.id));
  const people = new Map((await listOrgUsers(tx, tender.orgId, { ids: released.map((o) => o.userId) })).map((u) => [u.id, u.name]));
  await tx.insert(tenderOpenings).values({
    tenderId: tender.id,
    openedAt: now,
    openers: released.map((o) => ({ userId: o.userId, name: people.get(o.userId) ?? o.userId, confirmedAt: (o.confirmedAt ?? now).toISOString() })),
    bids: opened as unknown as Array<Record<string, unknown>>,
    excluded,
  });
  const failed = opened.length === 0;
  const next = failed ? transitionTender(transitionTender(tender.status, 'open'), 'fail') : transitionTender(tender.status, 'open');
  const refunded = await refundDeposits(tx, ctx, tender, failed ? '无有效投标，招标失败 / no valid bid' : '未投标或投标未开启 / no bid opened', failed ? {} : { except: opened.map((b) => b.supplierOrgId) });
  await tx.update(tenders).set({ status: next, openedAt: now, endReason: failed ? 'no valid bid at the opening' : null, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id));
  if (failed) await addNotice(tx, { ...tender, status: next }, 'failure', { reason: 'no_valid_bid' });
  await publish(tx, 'sourcing.tender.opened', { tenderId: tender.id, number: tender.number, bidsOpened: opened.length, failed }, tender.orgId, [tender.orgId, ...bids.filter((b) => b.status !== 'withdrawn').map((b) => b.supplierOrgId)]);
  return { opened: opened.length, excluded: excluded.length, failed, refunded: refunded.length };
}

export interface OpeningView {
  status: string;
  openingAt: Date;
  windowEndsAt: Date;
  quorum: number;
  confirmed: number;
  /** Buyer only: which openers confirmed in this window. */
  openers: Array<{ userId: string; name: string; confirmedAt: Date | null; locked: boolean }> | null;
  record: { openedAt: Date; openers: unknown[]; bids: unknown[]; excluded: unknown[] } | null;
  serverTime: Date;
}

/**
 * The opening (开标) page: before it, the schedule and how many openers confirmed; after it, the
 * opening record for the buyer and for the bidders (prices read out), nothing for anyone else.
 */
export async function getOpening(ctx: Ctx, tenderId: string): Promise<OpeningView> {
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId);
    const now = await serverNow(tx);
    const openers = await tx.select().from(tenderOpeners).where(eq(tenderOpeners.tenderId, tender.id)).orderBy(asc(tenderOpeners.position));
    const [record] = await tx.select().from(tenderOpenings).where(eq(tenderOpenings.tenderId, tender.id));
    let mayReadRecord = party === 'buyer';
    if (party === 'supplier' && record) {
      const [bid] = await tx.select({ status: tenderBids.status }).from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, ctx.actor!.orgId!)));
      mayReadRecord = Boolean(bid && bid.status !== 'withdrawn');
    }
    const names = party === 'buyer' ? new Map((await listOrgUsers(tx, tender.orgId, { ids: openers.map((o) => o.userId) })).map((u) => [u.id, u.name])) : new Map<string, string>();
    return {
      status: tender.status === 'published' && now >= tender.bidDeadline ? 'closed' : tender.status,
      openingAt: tender.openingAt,
      windowEndsAt: windowEnd(tender),
      quorum: tender.openerQuorum,
      confirmed: record ? (record.openers as unknown[]).length : openers.filter((o) => o.confirmedAt).length,
      openers: party === 'buyer' ? openers.map((o) => ({ userId: o.userId, name: names.get(o.userId) ?? o.userId, confirmedAt: o.confirmedAt, locked: o.failedAttempts >= MAX_PASSPHRASE_FAILURES })) : null,
      record: record && mayReadRecord ? { openedAt: record.openedAt, openers: record.openers, bids: record.bids, excluded: record.excluded } : null,
      serverTime: now,
    };
  });
}

/**
 * The opening window passed without a quorum: the confirmations of that window lapse (released
 * shares are wiped) and the buyer must reschedule. Run by the job at the window's end.
 */
export async function lapseOpening(ctx: Ctx, tenderId: string, openingAt: string | null): Promise<boolean> {
  const tender0 = await closeTenderIfDue(ctx, tenderId);
  if (!tender0) return false;
  return ctx.db.transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for('update');
    if (!tender || tender.status !== 'closed') return false;
    if (openingAt && tender.openingAt.toISOString() !== openingAt) return false; // rescheduled since
    if ((await serverNow(tx)) <= windowEnd(tender)) return false;
    const wiped = await tx.update(tenderOpeners).set({ releasedShare: null, confirmedAt: null }).where(and(eq(tenderOpeners.tenderId, tender.id), isNotNull(tenderOpeners.confirmedAt))).returning({ userId: tenderOpeners.userId });
    await publish(tx, 'sourcing.tender.opening_lapsed', { tenderId: tender.id, number: tender.number, confirmed: wiped.length, quorum: tender.openerQuorum }, tender.orgId, [tender.orgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.opening_lapsed', targetType: 'tender', targetId: tender.id, orgId: tender.orgId, data: { number: tender.number, confirmed: wiped.map((w) => w.userId), quorum: tender.openerQuorum } });
    return true;
  });
}

/** The buyer moves the opening (not while a window is running); earlier confirmations lapse. */
export async function rescheduleOpening(ctx: Ctx, tenderId: string, input: { openingAt: string; version?: number }): Promise<TenderRow> {
  const first = await ctx.db.transaction((tx) => accessTender(tx, ctx, tenderId, { as: 'buyer' }));
  if (first.tender.status === 'published') await closeTenderIfDue(ctx, tenderId);
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    const next = transitionTender(tender.status, 'reschedule_opening');
    const now = await serverNow(tx);
    const openingAt = new Date(input.openingAt);
    if (Number.isNaN(openingAt.getTime()) || openingAt < now) throw invalidField('/openingAt', 'must be a time from now on');
    if (now >= tender.openingAt && now <= windowEnd(tender)) throw outsideWindow(tender);
    await tx.update(tenderOpeners).set({ releasedShare: null, confirmedAt: null }).where(eq(tenderOpeners.tenderId, tender.id));
    const [updated] = await tx.update(tenders).set({ status: next, openingAt, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id)).returning();
    await enqueueJob(tx, TENDER_JOBS.openingStart, { tenderId: tender.id }, { runAt: openingAt, dedupeKey: `tender-opening:${tender.id}:${openingAt.getTime()}` });
    const lapseAt = windowEnd(updated!);
    await enqueueJob(tx, TENDER_JOBS.openingLapse, { tenderId: tender.id, openingAt: openingAt.toISOString() }, { runAt: lapseAt, dedupeKey: `tender-lapse:${tender.id}:${lapseAt.getTime()}` });
    await publish(tx, 'sourcing.tender.opening_rescheduled', { tenderId: tender.id, number: tender.number, openingAt: openingAt.toISOString() }, tender.orgId, await tenderAudience(tx, tender));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.opening_rescheduled', targetType: 'tender', targetId: tender.id, data: { number: tender.number, from: tender.openingAt.toISOString(), to: openingAt.toISOString() } });
    return updated!;
  });
}

/** At the opening time: close if the job did not yet, tell the buyer's openers the window is open. */
export async function startOpeningWindow(ctx: Ctx, tenderId: string): Promise<void> {
  const tender = await closeTenderIfDue(ctx, tenderId);
  if (!tender || tender.status !== 'closed') return;
  await ctx.db.transaction(async (tx) => {
    await publish(tx, 'sourcing.tender.opening_started', { tenderId: tender.id, number: tender.number, windowEndsAt: windowEnd(tender).toISOString() }, tender.orgId, [tender.orgId]);
  });
}
