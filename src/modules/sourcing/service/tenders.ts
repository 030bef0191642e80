import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql, getTableColumns, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { assertVersion } from '../../../platform/concurrency.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { dec, money, qty } from '../../../platform/money.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../../platform/problem.ts';
import { getOrganization, listOrgUsers, organizationsByIds, permissionsFor } from '../../identity/index.ts';
import { actorOrgId, actorUserId, deadlinePassed, decodeAttachment, isoTime, publish, scheduleInvalid, serverNow, wrongParty } from '../common.ts';
import { assertInvitable } from '../eligibility.ts';
import { PERM } from '../permissions.ts';
import {
  tenderBids,
  tenderDeposits,
  tenderDocuments,
  tenderEvaluators,
  tenderInvitations,
  tenderLines,
  tenderNotices,
  tenderOpeners,
  tenderRegistrations,
  tenders,
  type TenderDocumentRow,
  type TenderLineRow,
  type TenderRegistrationRow,
  type TenderRow,
} from '../schema.ts';
import { createOpenerKey, generateKeyPair, sealTo } from '../sealing/envelope.ts';
import { splitSecret } from '../sealing/shamir.ts';
import { transitionTender } from '../tender.state.ts';
import { refundDeposits } from './deposits.ts';
import { accessTender, assertDesignated, effectiveTenderStatus, tenderAudience, type TenderParty } from './tender-access.ts';

export const TENDER_JOBS = {
  close: 'sourcing.tender.close',
  openingStart: 'sourcing.tender.opening_start',
  openingLapse: 'sourcing.tender.opening_lapse',
  awardTimeout: 'sourcing.tender.award_timeout',
} as const;

export const DOCUMENT_MAX_BYTES = 600 * 1024;
export const PASSPHRASE_MIN = 12;

export interface TenderLineInput {
  categoryCode?: string | null;
  name: string;
  spec?: string | null;
  quantity: string;
  uom: string;
}

export interface TenderDocumentInput {
  title: string;
  body?: string | null;
  filename?: string | null;
  mimeType?: string | null;
  contentBase64?: string | null;
}

export interface TenderInput {
  title: string;
  description?: string | null;
  visibility: 'public' | 'invited';
  supplierOrgIds?: string[];
  categoryCodes?: string[];
  method: 'lowest_price' | 'comprehensive';
  priceWeight?: string;
  technicalWeight?: string;
  commercialWeight?: string;
  technicalPassScore?: string;
  qualificationRequirements?: string | null;
  depositAmount?: string;
  registrationDeadline: string;
  bidDeadline: string;
  openingAt: string;
  openingWindowMinutes?: number;
  amendmentNoticeMinutes?: number;
  awardConfirmMinutes?: number;
  openerUserIds: string[];
  openerQuorum?: number;
  evaluatorUserIds: string[];
  lines: TenderLineInput[];
  documents?: TenderDocumentInput[];
  deliveryAddress?: string | null;
  deliveryRegion?: string | null;
  needBy?: string | null;
  paymentMethod?: 'escrow' | 'credit';
  creditDays?: number | null;
  budgetLineId?: string | null;
}

// --- validation ---------------------------------------------------------------------------------

function parseTime(value: string, pointer: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidField(pointer, 'is not a date-time');
  return at;
}

interface Schedule {
  registrationDeadline: Date;
  bidDeadline: Date;
  openingAt: Date;
}

function checkSchedule(s: Schedule, now: Date): void {
  if (s.registrationDeadline <= now) throw scheduleInvalid(`The registration deadline must be in the future (server time ${isoTime(now)}).`, `报名截止时间须晚于当前服务器时间 ${isoTime(now)}。`, '/registrationDeadline');
  if (s.bidDeadline < s.registrationDeadline) throw scheduleInvalid('The bid deadline cannot be before the registration deadline.', '投标截止时间不能早于报名截止时间。', '/bidDeadline');
  if (s.openingAt < s.bidDeadline) throw scheduleInvalid('The opening cannot be before the bid deadline.', '开标时间不能早于投标截止时间。', '/openingAt');
}

function checkWeights(method: string, weights: { price: string; technical: string; commercial: string }): void {
  const sum = dec(weights.price).plus(weights.technical).plus(weights.commercial);
  if (!sum.eq(100)) throw invalidField('/priceWeight', `price, technical and commercial weights must add up to 100 (they add up to ${sum.toString()})`);
  if (method === 'comprehensive' && dec(weights.price).lte(0)) throw invalidField('/priceWeight', 'comprehensive scoring needs a price weight');
}

/** Designated people must be active users of the buyer organisation holding the permission. */
async function assertPeople(tx: Tx, orgId: string, userIds: string[], permission: string, pointer: string): Promise<void> {
  if (new Set(userIds).size !== userIds.length) throw invalidField(pointer, 'names the same user twice');
  const org = await getOrganization(tx, orgId);
  const users = new Map((await listOrgUsers(tx, orgId, { ids: userIds })).map((u) => [u.id, u]));
  for (const [i, id] of userIds.entries()) {
    const user = users.get(id);
    if (!user || !user.active || !permissionsFor(org.kinds, user.roles).has(permission)) throw invalidField(`${pointer}/${i}`, `is not an active user of your organisation with the permission ${permission}`);
  }
}

function documentValues(doc: TenderDocumentInput, pointer: string) {
  const hasFile = Boolean(doc.contentBase64);
  if (hasFile && (!doc.filename || !doc.mimeType)) throw invalidField(`${pointer}/filename`, 'a file needs filename and mimeType');
  const content = hasFile ? decodeAttachment(doc.contentBase64!, DOCUMENT_MAX_BYTES, `${pointer}/contentBase64`) : null;
  return {
    title: doc.title,
    body: doc.body ?? null,
    filename: hasFile ? doc.filename! : null,
    mimeType: hasFile ? doc.mimeType! : null,
    sizeBytes: content?.length ?? null,
    sha256: content ? createHash('sha256').update(content).digest('hex') : null,
    content,
  };
}

// --- draft --------------------------------------------------------------------------------------

/** Creates a draft tender with lines, schedule, designated openers (2 of 3 by default) and evaluators. */
export async function createTender(ctx: Ctx, input: TenderInput): Promise<TenderRow> {
  const orgId = actorOrgId(ctx);
  const weights = { price: input.priceWeight ?? (input.method === 'lowest_price' ? '100' : '60'), technical: input.technicalWeight ?? (input.method === 'lowest_price' ? '0' : '30'), commercial: input.commercialWeight ?? (input.method === 'lowest_price' ? '0' : '10') };
  checkWeights(input.method, weights);
  const quorum = input.openerQuorum ?? Math.min(2, input.openerUserIds.length);
  if (quorum < 1 || quorum > input.openerUserIds.length) throw invalidField('/openerQuorum', `must be between 1 and the number of openers (${input.openerUserIds.length})`);
  if (input.paymentMethod === 'credit' && !input.creditDays) throw invalidField('/creditDays', 'is required for credit terms');
  if (input.visibility === 'invited' && !input.supplierOrgIds?.length) throw invalidField('/supplierOrgIds', 'an invitation tender needs invited suppliers');
  const schedule = {
    registrationDeadline: parseTime(input.registrationDeadline, '/registrationDeadline'),
    bidDeadline: parseTime(input.bidDeadline, '/bidDeadline'),
    openingAt: parseTime(input.openingAt, '/openingAt'),
  };
  for (const [i, l] of input.lines.entries()) if (!dec(l.quantity).gt(0)) throw invalidField(`/lines/${i}/quantity`, 'must be positive');
  const documents = (input.documents ?? []).map((d, i) => documentValues(d, `/documents/${i}`));
  return ctx.db.transaction(async (tx) => {
    checkSchedule(schedule, await serverNow(tx));
    await assertPeople(tx, orgId, input.openerUserIds, PERM.open, '/openerUserIds');
    await assertPeople(tx, orgId, input.evaluatorUserIds, PERM.evaluate, '/evaluatorUserIds');
    const invited = input.visibility === 'invited' ? await assertInvitable(tx, input.supplierOrgIds!, orgId, '/supplierOrgIds') : [];
    const id = newId('tnd');
    const number = await nextDocumentNumber(tx, orgId, 'TND');
    const [tender] = await tx
      .insert(tenders)
      .values({
        id,
        orgId,
        number,
        title: input.title,
        description: input.description ?? null,
        visibility: input.visibility,
        categoryCodes: input.categoryCodes ?? [...new Set(input.lines.map((l) => l.categoryCode).filter((c): c is string => Boolean(c)))],
        method: input.method,
        priceWeight: weights.price,
        technicalWeight: weights.technical,
        commercialWeight: weights.commercial,
        technicalPassScore: input.technicalPassScore ?? '60',
        qualificationRequirements: input.qualificationRequirements ?? null,
        depositAmount: money(input.depositAmount ?? '0', 4),
        ...schedule,
        openingWindowMinutes: input.openingWindowMinutes ?? 60,
        amendmentNoticeMinutes: input.amendmentNoticeMinutes ?? 15 * 24 * 60,
        awardConfirmMinutes: input.awardConfirmMinutes ?? 2 * 24 * 60,
        openerQuorum: quorum,
        status: 'draft',
        deliveryAddress: input.deliveryAddress ?? null,
        deliveryRegion: input.deliveryRegion ?? null,
        needBy: input.needBy ?? null,
        paymentMethod: input.paymentMethod ?? 'escrow',
        creditDays: input.paymentMethod === 'credit' ? (input.creditDays ?? null) : null,
        budgetLineId: input.budgetLineId ?? null,
        createdBy: actorUserId(ctx),
      })
      .returning();
    await tx.insert(tenderLines).values(input.lines.map((l, i) => ({ id: newId('tndl'), tenderId: id, lineNo: i + 1, categoryCode: l.categoryCode ?? null, name: l.name, spec: l.spec ?? null, quantity: qty(l.quantity), uom: l.uom })));
    await tx.insert(tenderOpeners).values(input.openerUserIds.map((userId, i) => ({ tenderId: id, userId, position: i + 1 })));
    await tx.insert(tenderEvaluators).values(input.evaluatorUserIds.map((userId) => ({ tenderId: id, userId })));
    if (invited.length) await tx.insert(tenderInvitations).values(invited.map((supplierOrgId) => ({ tenderId: id, supplierOrgId })));
    if (documents.length) await tx.insert(tenderDocuments).values(documents.map((d) => ({ ...d, id: newId('tdoc'), tenderId: id, revision: 0, kind: 'document', createdBy: actorUserId(ctx) })));
    await publish(tx, 'sourcing.tender.created', { tenderId: id, number }, orgId);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.created', targetType: 'tender', targetId: id, data: { number, method: input.method, visibility: input.visibility, openers: input.openerUserIds.length, quorum, evaluators: input.evaluatorUserIds.length } });
    return tender!;
  });
}

/** Edits a draft (version / If-Match). Changing the openers resets their acceptance. */
export async function updateTender(ctx: Ctx, tenderId: string, input: Partial<TenderInput> & { version?: number; ifMatch?: string }): Promise<TenderRow> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    assertVersion('tender', tender.version, input);
    transitionTender(tender.status, 'edit');
    const now = await serverNow(tx);
    const patch: Partial<typeof tenders.$inferInsert> = {};
    for (const key of ['title', 'description', 'visibility', 'categoryCodes', 'method', 'qualificationRequirements', 'openingWindowMinutes', 'amendmentNoticeMinutes', 'awardConfirmMinutes', 'deliveryAddress', 'deliveryRegion', 'needBy', 'budgetLineId', 'technicalPassScore'] as const) {
      if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
    }
    if (input.depositAmount !== undefined) patch.depositAmount = money(input.depositAmount, 4);
    if (input.paymentMethod !== undefined) {
      patch.paymentMethod = input.paymentMethod;
      patch.creditDays = input.paymentMethod === 'credit' ? (input.creditDays ?? null) : null;
    }
    const weights = { price: input.priceWeight ?? tender.priceWeight, technical: input.technicalWeight ?? tender.technicalWeight, commercial: input.commercialWeight ?? tender.commercialWeight };
    checkWeights(input.method ?? tender.method, weights);
    Object.assign(patch, { priceWeight: weights.price, technicalWeight: weights.technical, commercialWeight: weights.commercial });
    const schedule = {
      registrationDeadline: input.registrationDeadline ? parseTime(input.registrationDeadline, '/registrationDeadline') : tender.registrationDeadline,
      bidDeadline: input.bidDeadline ? parseTime(input.bidDeadline, '/bidDeadline') : tender.bidDeadline,
      openingAt: input.openingAt ? parseTime(input.openingAt, '/openingAt') : tender.openingAt,
    };
    if (input.registrationDeadline || input.bidDeadline || input.openingAt) {
      checkSchedule(schedule, now);
      Object.assign(patch, schedule);
    }
    if (input.lines) {
      for (const [i, l] of input.lines.entries()) if (!dec(l.quantity).gt(0)) throw invalidField(`/lines/${i}/quantity`, 'must be positive');
      await tx.delete(tenderLines).where(eq(tenderLines.tenderId, tender.id));
      await tx.insert(tenderLines).values(input.lines.map((l, i) => ({ id: newId('tndl'), tenderId: tender.id, lineNo: i + 1, categoryCode: l.categoryCode ?? null, name: l.name, spec: l.spec ?? null, quantity: qty(l.quantity), uom: l.uom })));
    }
    if (input.openerUserIds) {
      await assertPeople(tx, tender.orgId, input.openerUserIds, PERM.open, '/openerUserIds');
      await tx.delete(tenderOpeners).where(eq(tenderOpeners.tenderId, tender.id));
      await tx.insert(tenderOpeners).values(input.openerUserIds.map((userId, i) => ({ tenderId: tender.id, userId, position: i + 1 })));
    }
    const openerCount = input.openerUserIds?.length ?? (await tx.select({ n: sql<number>`count(*)::int` }).from(tenderOpeners).where(eq(tenderOpeners.tenderId, tender.id)))[0]!.n;
    const quorum = input.openerQuorum ?? Math.min(tender.openerQuorum, openerCount);
    if (quorum < 1 || quorum > openerCount) throw invalidField('/openerQuorum', `must be between 1 and the number of openers (${openerCount})`);
    patch.openerQuorum = quorum;
    if (input.evaluatorUserIds) {
      await assertPeople(tx, tender.orgId, input.evaluatorUserIds, PERM.evaluate, '/evaluatorUserIds');
      await tx.delete(tenderEvaluators).where(eq(tenderEvaluators.tenderId, tender.id));
      await tx.insert(tenderEvaluators).values(input.evaluatorUserIds.map((userId) => ({ tenderId: tender.id, userId })));
    }
    if (input.supplierOrgIds) {
      const invited = await assertInvitable(tx, input.supplierOrgIds, tender.orgId, '/supplierOrgIds');
      await tx.delete(tenderInvitations).where(eq(tenderInvitations.tenderId, tender.id));
      if (invited.length) await tx.insert(tenderInvitations).values(invited.map((supplierOrgId) => ({ tenderId: tender.id, supplierOrgId })));
    }
    if (input.documents) {
      const documents = input.documents.map((d, i) => documentValues(d, `/documents/${i}`));
      await tx.delete(tenderDocuments).where(eq(tenderDocuments.tenderId, tender.id));
      if (documents.length) await tx.insert(tenderDocuments).values(documents.map((d) => ({ ...d, id: newId('tdoc'), tenderId: tender.id, revision: 0, kind: 'document', createdBy: actorUserId(ctx) })));
    }
    const [updated] = await tx.update(tenders).set({ ...patch, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id)).returning();
    await publish(tx, 'sourcing.tender.updated', { tenderId: tender.id, number: tender.number }, tender.orgId);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.updated', targetType: 'tender', targetId: tender.id, data: { number: tender.number, fields: Object.keys(input).filter((k) => k !== 'version' && k !== 'ifMatch' && k !== 'documents') } });
    return updated!;
  });
}

/**
 * A designated opener accepts the role by choosing an opening passphrase: the server creates the
 * opener's key pair for this tender and keeps the private half only encrypted under the
 * passphrase and the server secret. The passphrase itself is never stored.
 */
export async function acceptOpenerRole(ctx: Ctx, tenderId: string, passphrase: string): Promise<{ acceptedAt: Date }> {
  if (passphrase.length < PASSPHRASE_MIN) throw invalidField('/passphrase', `must be at least ${PASSPHRASE_MIN} characters`);
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    await assertDesignated(tx, ctx, tender, 'opener');
    if (tender.status !== 'draft') throw new Problem('state.transition_not_allowed', { command: 'accept the opener role', resource: 'tender', state: tender.status });
    const userId = ctx.actor!.userId!;
    const key = createOpenerKey(passphrase, openerContext(tender.id, userId));
    const acceptedAt = await serverNow(tx);
    await tx.update(tenderOpeners).set({ acceptedAt, publicKey: key.publicKey, keySalt: key.salt, protectedPrivateKey: key.protectedPrivateKey }).where(and(eq(tenderOpeners.tenderId, tender.id), eq(tenderOpeners.userId, userId)));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.opener_accepted', targetType: 'tender', targetId: tender.id, data: { number: tender.number, publicKeySha256: createHash('sha256').update(key.publicKey).digest('hex') } });
    return { acceptedAt };
  });
}

export const openerContext = (tenderId: string, userId: string) => `tender:${tenderId}|opener:${userId}`;
export const shareAad = (tenderId: string, userId: string) => `tender:${tenderId}|opener:${userId}|share`;

async function scheduleTenderJobs(tx: Tx, tender: Pick<TenderRow, 'id' | 'bidDeadline' | 'openingAt' | 'openingWindowMinutes'>): Promise<void> {
  await enqueueJob(tx, TENDER_JOBS.close, { tenderId: tender.id }, { runAt: tender.bidDeadline, dedupeKey: `tender-close:${tender.id}:${tender.bidDeadline.getTime()}` });
  await enqueueJob(tx, TENDER_JOBS.openingStart, { tenderId: tender.id }, { runAt: tender.openingAt, dedupeKey: `tender-opening:${tender.id}:${tender.openingAt.getTime()}` });
  const lapseAt = new Date(tender.openingAt.getTime() + tender.openingWindowMinutes * 60_000);
  await enqueueJob(tx, TENDER_JOBS.openingLapse, { tenderId: tender.id, openingAt: tender.openingAt.toISOString() }, { runAt: lapseAt, dedupeKey: `tender-lapse:${tender.id}:${lapseAt.getTime()}` });
}

export { scheduleTenderJobs };

/**
 * Publishes a draft. Every designated opener must have accepted. A fresh X25519 key pair is made
 * for the tender: its public key seals the bids; its private key is split (Shamir, quorum of the
 * openers) and each share sealed to one opener's key — then the private key is wiped. From here
 * on nobody can read a bid until a quorum of openers releases their shares in the opening window.
 */
export async function publishTender(ctx: Ctx, tenderId: string, given: { version?: number; ifMatch?: string } = {}): Promise<TenderRow> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    assertVersion('tender', tender.version, given);
    const next = transitionTender(tender.status, 'publish');
    const now = await serverNow(tx);
    checkSchedule(tender, now);
    const openers = await tx.select().from(tenderOpeners).where(eq(tenderOpeners.tenderId, tender.id)).orderBy(asc(tenderOpeners.position)).for('update');
    const pending = openers.filter((o) => !o.acceptedAt || !o.publicKey);
    if (pending.length) throw new Problem('sourcing.openers_not_ready', { number: tender.number, pending: pending.length }, { pendingUserIds: pending.map((o) => o.userId) });
    const lineCount = (await tx.select({ n: sql<number>`count(*)::int` }).from(tenderLines).where(eq(tenderLines.tenderId, tender.id)))[0]!.n;
    if (!lineCount) throw invalidField('/lines', 'a tender needs lines');
    const pair = generateKeyPair();
    const shares = splitSecret(pair.privateKey, openers.length, tender.openerQuorum);
    pair.privateKey.fill(0);
    for (const [i, opener] of openers.entries()) {
      await tx
        .update(tenderOpeners)
        .set({ sealedShare: sealTo(opener.publicKey!, shares[i]!, shareAad(tender.id, opener.userId)), releasedShare: null, confirmedAt: null, failedAttempts: 0 })
        .where(and(eq(tenderOpeners.tenderId, tender.id), eq(tenderOpeners.userId, opener.userId)));
      shares[i]!.fill(0);
    }
    const [published] = await tx
      .update(tenders)
      .set({ status: next, sealingPublicKey: pair.publicKey, documentRevision: 1, publishedAt: now, updatedAt: now, version: sql`${tenders.version} + 1` })
      .where(eq(tenders.id, tender.id))
      .returning();
    await tx.update(tenderDocuments).set({ revision: 1 }).where(eq(tenderDocuments.tenderId, tender.id));
    await scheduleTenderJobs(tx, published!);
    await addNotice(tx, published!, 'publication', { title: tender.title, registrationDeadline: tender.registrationDeadline.toISOString(), bidDeadline: tender.bidDeadline.toISOString(), openingAt: tender.openingAt.toISOString(), depositAmount: money(tender.depositAmount) });
    await publish(tx, 'sourcing.tender.published', { tenderId: tender.id, number: tender.number, visibility: tender.visibility, bidDeadline: tender.bidDeadline.toISOString() }, tender.orgId, await tenderAudience(tx, published!, { allSuppliers: true }));
    await recordAudit(tx, ctx, {
      action: 'sourcing.tender.published',
      targetType: 'tender',
      targetId: tender.id,
      data: { number: tender.number, sealingPublicKeySha256: createHash('sha256').update(pair.publicKey).digest('hex'), openers: openers.length, quorum: tender.openerQuorum, bidDeadline: tender.bidDeadline.toISOString(), openingAt: tender.openingAt.toISOString() },
    });
    return published!;
  });
}

export async function addNotice(tx: Tx, tender: TenderRow, kind: string, data: Record<string, unknown>): Promise<string> {
  const id = newId('tntc');
  await tx.insert(tenderNotices).values({ id, tenderId: tender.id, kind, visibility: tender.visibility, data: { number: tender.number, title: tender.title, ...data } });
  return id;
}

/**
 * Amends the tender documents (澄清/修改). A material amendment needs bidders to reconfirm their
 * bids; if it comes later than `amendmentNoticeMinutes` before the bid deadline, the deadline (and
 * the opening) move so that bidders get that long again.
 */
export async function amendTender(ctx: Ctx, tenderId: string, input: TenderDocumentInput & { material: boolean; version?: number; ifMatch?: string }): Promise<{ tender: TenderRow; document: Omit<TenderDocumentRow, 'content'>; deadlineExtended: boolean; bidsToReconfirm: number }> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    assertVersion('tender', tender.version, input);
    const now = await serverNow(tx);
    transitionTender(tender.status === 'published' && now >= tender.bidDeadline ? 'closed' : tender.status, 'amend');
    const values = documentValues(input, '');
    const revision = tender.documentRevision + 1;
    const patch: Partial<typeof tenders.$inferInsert> = { documentRevision: revision };
    let deadlineExtended = false;
    let bidsToReconfirm = 0;
    if (input.material) {
      const minimumDeadline = new Date(now.getTime() + tender.amendmentNoticeMinutes * 60_000);
      if (tender.bidDeadline < minimumDeadline) {
        const shift = minimumDeadline.getTime() - tender.bidDeadline.getTime();
        patch.bidDeadline = minimumDeadline;
        patch.openingAt = new Date(tender.openingAt.getTime() + shift);
        if (tender.registrationDeadline > now) patch.registrationDeadline = new Date(Math.min(tender.registrationDeadline.getTime() + shift, minimumDeadline.getTime()));
        deadlineExtended = true;
      }
      const flagged = await tx
        .update(tenderBids)
        .set({ needsReconfirmation: true })
        .where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.status, 'submitted')))
        .returning({ id: tenderBids.id });
      bidsToReconfirm = flagged.length;
    }
    const [document] = await tx
      .insert(tenderDocuments)
      .values({ ...values, id: newId('tdoc'), tenderId: tender.id, revision, kind: 'amendment', material: input.material, deadlineBefore: tender.bidDeadline, deadlineAfter: patch.bidDeadline ?? tender.bidDeadline, createdBy: actorUserId(ctx) })
      .returning();
    const [updated] = await tx.update(tenders).set({ ...patch, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id)).returning();
    if (deadlineExtended) await scheduleTenderJobs(tx, updated!);
    await addNotice(tx, updated!, 'amendment', { revision, material: input.material, amendmentTitle: input.title, deadlineBefore: tender.bidDeadline.toISOString(), bidDeadline: updated!.bidDeadline.toISOString(), openingAt: updated!.openingAt.toISOString() });
    await publish(tx, 'sourcing.tender.amended', { tenderId: tender.id, number: tender.number, revision, material: input.material, deadlineExtended, bidDeadline: updated!.bidDeadline.toISOString() }, tender.orgId, await tenderAudience(tx, tender));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.amended', targetType: 'tender', targetId: tender.id, data: { number: tender.number, revision, material: input.material, deadlineBefore: tender.bidDeadline.toISOString(), deadlineAfter: updated!.bidDeadline.toISOString(), bidsToReconfirm } });
    const { content: _c, ...meta } = document!;
    return { tender: updated!, document: meta, deadlineExtended, bidsToReconfirm };
  });
}

/** Cancels a tender before the award; every held deposit is refunded; sealed bids stay sealed forever. */
export async function cancelTender(ctx: Ctx, tenderId: string, input: { reason: string; version?: number; ifMatch?: string }): Promise<TenderRow> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { lock: 'update', as: 'buyer' });
    assertVersion('tender', tender.version, input);
    const next = transitionTender(tender.status, 'cancel');
    const now = await serverNow(tx);
    const refunded = await refundDeposits(tx, ctx, tender, `招标取消 / tender cancelled: ${input.reason}`);
    const [cancelled] = await tx.update(tenders).set({ status: next, cancelledAt: now, endReason: input.reason, updatedAt: now, version: sql`${tenders.version} + 1` }).where(eq(tenders.id, tender.id)).returning();
    if (tender.status !== 'draft') await addNotice(tx, cancelled!, 'cancellation', { reason: input.reason });
    await publish(tx, 'sourcing.tender.cancelled', { tenderId: tender.id, number: tender.number }, tender.orgId, tender.status === 'draft' ? [tender.orgId] : await tenderAudience(tx, tender));
    await recordAudit(tx, ctx, { action: 'sourcing.tender.cancelled', targetType: 'tender', targetId: tender.id, data: { number: tender.number, reason: input.reason, from: tender.status, depositsRefunded: refunded.map((d) => ({ supplierOrgId: d.supplierOrgId, amount: money(d.amount) })) } });
    return cancelled!;
  });
}

// --- registration and qualification ------------------------------------------------------------------

/** A supplier registers (报名) for a published tender it may see, before the registration deadline. */
export async function registerForTender(ctx: Ctx, tenderId: string, input: { statement?: string | null; contactName?: string | null; contactPhone?: string | null }): Promise<TenderRegistrationRow> {
  const supplierOrgId = actorOrgId(ctx);
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId, { lock: 'share' });
    if (party === 'buyer') throw new Problem('sourcing.own_event', { number: tender.number });
    const now = await serverNow(tx);
    if (tender.status !== 'published' || now >= tender.registrationDeadline) {
      if (tender.status === 'published' || tender.closedAt) throw deadlinePassed('registration', tender.number, tender.registrationDeadline);
      throw new Problem('state.transition_not_allowed', { command: 'register', resource: 'tender', state: tender.status });
    }
    const [existing] = await tx.select().from(tenderRegistrations).where(and(eq(tenderRegistrations.tenderId, tender.id), eq(tenderRegistrations.supplierOrgId, supplierOrgId)));
    if (existing) throw new Problem('sourcing.already_registered', { number: tender.number, status: existing.status, statusZh: REG_ZH[existing.status] ?? existing.status });
    const [registration] = await tx
      .insert(tenderRegistrations)
      .values({ id: newId('treg'), tenderId: tender.id, supplierOrgId, status: 'pending', statement: input.statement ?? null, contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null, registeredBy: actorUserId(ctx), registeredAt: now })
      .onConflictDoNothing()
      .returning();
    if (!registration) throw new Problem('sourcing.already_registered', { number: tender.number, status: 'pending', statusZh: REG_ZH.pending });
    await publish(tx, 'sourcing.tender.registered', { tenderId: tender.id, number: tender.number, registrationId: registration.id }, tender.orgId, [tender.orgId, supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.registered', targetType: 'tender', targetId: tender.id, data: { number: tender.number, registrationId: registration.id } });
    return registration;
  });
}

export const REG_ZH: Record<string, string> = { pending: '待审查', qualified: '合格', rejected: '不合格' };

/** The buyer's qualification decision (资格审查) on a registration; a rejected supplier's deposit is refunded. */
export async function decideQualification(ctx: Ctx, tenderId: string, registrationId: string, input: { decision: 'qualified' | 'rejected'; note?: string | null }): Promise<TenderRegistrationRow> {
  return ctx.db.transaction(async (tx) => {
    const access = await accessTender(tx, ctx, tenderId, { lock: 'update' });
    const [registration] = await tx.select().from(tenderRegistrations).where(and(eq(tenderRegistrations.id, registrationId), eq(tenderRegistrations.tenderId, access.tender.id))).for('update');
    if (!registration || (access.party === 'supplier' && registration.supplierOrgId !== ctx.actor?.orgId)) throw notFound('registration', registrationId);
    if (access.party !== 'buyer') throw wrongParty('buyer', access.tender.number, 'decide qualifications', '进行资格审查');
    const { tender } = access;
    const now = await serverNow(tx);
    if (tender.status !== 'published' || now >= tender.bidDeadline) throw new Problem('state.transition_not_allowed', { command: 'decide a qualification', resource: 'tender', state: effectiveTenderStatus(tender, now) });
    if (registration.status === input.decision) return registration;
    const [decided] = await tx.update(tenderRegistrations).set({ status: input.decision, note: input.note ?? null, decidedBy: actorUserId(ctx), decidedAt: now }).where(eq(tenderRegistrations.id, registration.id)).returning();
    const refunded = input.decision === 'rejected' ? await refundDeposits(tx, ctx, tender, '资格审查未通过 / not qualified', { only: [registration.supplierOrgId] }) : [];
    await publish(tx, 'sourcing.tender.qualification_decided', { tenderId: tender.id, number: tender.number, registrationId, decision: input.decision }, tender.orgId, [tender.orgId, registration.supplierOrgId]);
    await recordAudit(tx, ctx, { action: 'sourcing.tender.qualification_decided', targetType: 'tender', targetId: tender.id, data: { number: tender.number, registrationId, supplierOrgId: registration.supplierOrgId, decision: input.decision, from: registration.status, depositRefunded: refunded.length > 0 } });
    return decided!;
  });
}

export interface RegistrationView extends TenderRegistrationRow {
  supplierName: string;
  supplierNameEn: string | null;
  deposit: { status: string; amount: string; paidAt: Date } | null;
}

/** Registrations of a tender for its buyer (names and numbers of potential bidders are the buyer's alone). */
export async function listRegistrations(ctx: Ctx, tenderId: string): Promise<RegistrationView[]> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId, { as: 'buyer' });
    const rows = await tx.select().from(tenderRegistrations).where(eq(tenderRegistrations.tenderId, tender.id)).orderBy(asc(tenderRegistrations.registeredAt), asc(tenderRegistrations.id));
    const orgs = new Map((await organizationsByIds(tx, rows.map((r) => r.supplierOrgId))).map((o) => [o.id, o]));
    const deposits = new Map((await tx.select().from(tenderDeposits).where(eq(tenderDeposits.tenderId, tender.id))).map((d) => [d.supplierOrgId, d]));
    return rows.map((r) => {
      const d = deposits.get(r.supplierOrgId);
      return { ...r, supplierName: orgs.get(r.supplierOrgId)?.name ?? r.supplierOrgId, supplierNameEn: orgs.get(r.supplierOrgId)?.nameEn ?? null, deposit: d ? { status: d.status, amount: money(d.amount), paidAt: d.paidAt } : null };
    });
  });
}

// --- reads ---------------------------------------------------------------------------------------------

export type DocumentMeta = Omit<TenderDocumentRow, 'content'>;

export interface TenderView {
  tender: TenderRow;
  party: TenderParty;
  status: string;
  serverTime: Date;
  buyerName: string | null;
  lines: TenderLineRow[];
  documents: DocumentMeta[];
  /** Buyer only. */
  openers: Array<{ userId: string; name: string; position: number; accepted: boolean; confirmedAt: Date | null }> | null;
  evaluators: Array<{ userId: string; name: string; declared: boolean; conflict: boolean | null; submitted: boolean }> | null;
  invitations: Array<{ supplierOrgId: string; name: string }> | null;
  registrationCount: number | null;
  /** Null until the opening: before it even the number of bids is sealed. */
  bidCount: number | null;
  /** Supplier only. */
  myRegistration: TenderRegistrationRow | null;
  myDeposit: { status: string; amount: string; paidAt: Date; settledAt: Date | null } | null;
  myBid: { id: string; status: string; revision: number; sealedSha256: string | null; submittedAt: Date; documentRevision: number; needsReconfirmation: boolean; totalPrice: string | null } | null;
  myRoles: string[];
  actions: string[];
}

async function documentsOf(tx: Tx, tenderId: string): Promise<DocumentMeta[]> {
  const { content: _c, ...columns } = getTableColumns(tenderDocuments);
  return tx.select(columns).from(tenderDocuments).where(eq(tenderDocuments.tenderId, tenderId)).orderBy(asc(tenderDocuments.revision), asc(tenderDocuments.createdAt));
}

function actionsFor(view: Omit<TenderView, 'actions'>, now: Date): string[] {
  const t = view.tender;
  const status = view.status;
  const out: string[] = [];
  if (view.party === 'buyer') {
    if (status === 'draft') out.push('edit', 'publish', 'cancel');
    if (status === 'published') out.push('amend', 'cancel', 'qualify');
    if (status === 'closed') out.push('reschedule_opening', 'cancel');
    if (status === 'opened' || status === 'evaluated') out.push('cancel');
    if (status === 'evaluated') out.push('award');
    if (view.myRoles.includes('opener') && status === 'draft') out.push('accept_opener');
    if (view.myRoles.includes('opener') && status === 'closed' && now >= t.openingAt) out.push('confirm_opening');
    if (view.myRoles.includes('evaluator') && status === 'opened') out.push('evaluate');
    return out;
  }
  if (status === 'published') {
    if (!view.myRegistration && now < t.registrationDeadline) out.push('register');
    if (view.myRegistration && view.myRegistration.status !== 'rejected' && dec(t.depositAmount).gt(0) && !view.myDeposit) out.push('pay_deposit');
    if (view.myRegistration?.status === 'qualified') {
      out.push(view.myBid && view.myBid.status === 'submitted' ? 'revise_bid' : 'bid');
      if (view.myBid?.status === 'submitted') out.push('withdraw_bid');
      if (view.myBid?.needsReconfirmation) out.push('reconfirm_bid');
    }
  }
  return out;
}

/** A tender as the acting organisation may see it (404 for anyone else); never anything sealed. */
export async function getTenderView(ctx: Ctx, tenderId: string): Promise<TenderView> {
  return ctx.db.transaction(async (tx) => {
    const { tender, party } = await accessTender(tx, ctx, tenderId);
    const now = await serverNow(tx);
    const lines = await tx.select().from(tenderLines).where(eq(tenderLines.tenderId, tender.id)).orderBy(asc(tenderLines.lineNo));
    const documents = await documentsOf(tx, tender.id);
    const opened = tender.openedAt !== null;
    const bidCount = opened ? (await tx.select({ n: sql<number>`count(*)::int` }).from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), inArray(tenderBids.status, ['opened', 'rejected']))))[0]!.n : null;
    const base = { tender, party, status: effectiveTenderStatus(tender, now), serverTime: now, lines, documents, bidCount };
    let view: Omit<TenderView, 'actions'>;
    if (party === 'buyer') {
      const openerRows = await tx.select().from(tenderOpeners).where(eq(tenderOpeners.tenderId, tender.id)).orderBy(asc(tenderOpeners.position));
      const evaluatorRows = await tx.select().from(tenderEvaluators).where(eq(tenderEvaluators.tenderId, tender.id));
      const people = new Map((await listOrgUsers(tx, tender.orgId, { ids: [...openerRows.map((o) => o.userId), ...evaluatorRows.map((e) => e.userId)] })).map((u) => [u.id, u.name]));
      const invitedRows = await tx.select().from(tenderInvitations).where(eq(tenderInvitations.tenderId, tender.id));
      const names = new Map((await organizationsByIds(tx, invitedRows.map((r) => r.supplierOrgId))).map((o) => [o.id, o.name]));
      const userId = ctx.actor?.userId;
      view = {
        ...base,
        buyerName: null,
        openers: openerRows.map((o) => ({ userId: o.userId, name: people.get(o.userId) ?? o.userId, position: o.position, accepted: Boolean(o.acceptedAt), confirmedAt: o.confirmedAt })),
        // Who has declared and submitted is progress; scores are in the evaluation workspace.
        evaluators: evaluatorRows.map((e) => ({ userId: e.userId, name: people.get(e.userId) ?? e.userId, declared: Boolean(e.declaredAt), conflict: e.conflict, submitted: Boolean(e.submittedAt) })),
        invitations: invitedRows.map((r) => ({ supplierOrgId: r.supplierOrgId, name: names.get(r.supplierOrgId) ?? r.supplierOrgId })),
        registrationCount: (await tx.select({ n: sql<number>`count(*)::int` }).from(tenderRegistrations).where(eq(tenderRegistrations.tenderId, tender.id)))[0]!.n,
        myRegistration: null,
        myDeposit: null,
        myBid: null,
        myRoles: [...(openerRows.some((o) => o.userId === userId) ? ['opener'] : []), ...(evaluatorRows.some((e) => e.userId === userId) ? ['evaluator'] : [])],
      };
    } else {
      const orgId = ctx.actor!.orgId!;
      const [registration] = await tx.select().from(tenderRegistrations).where(and(eq(tenderRegistrations.tenderId, tender.id), eq(tenderRegistrations.supplierOrgId, orgId)));
      const [deposit] = await tx.select().from(tenderDeposits).where(and(eq(tenderDeposits.tenderId, tender.id), eq(tenderDeposits.supplierOrgId, orgId)));
      const [bid] = await tx.select().from(tenderBids).where(and(eq(tenderBids.tenderId, tender.id), eq(tenderBids.supplierOrgId, orgId)));
      view = {
        ...base,
        buyerName: (await organizationsByIds(tx, [tender.orgId]))[0]?.name ?? null,
        openers: null,
        evaluators: null,
        invitations: null,
        registrationCount: null,
        myRegistration: registration ?? null,
        myDeposit: deposit ? { status: deposit.status, amount: money(deposit.amount), paidAt: deposit.paidAt, settledAt: deposit.settledAt } : null,
        // The bidder's own bid: metadata and the envelope hash only (the server cannot read it either).
        myBid: bid
          ? { id: bid.id, status: bid.status, revision: bid.revision, sealedSha256: bid.sealedSha256, submittedAt: bid.submittedAt, documentRevision: bid.documentRevision, needsReconfirmation: bid.needsReconfirmation, totalPrice: bid.totalPrice === null ? null : money(bid.totalPrice) }
          : null,
        myRoles: [],
      };
    }
    return { ...view, actions: actionsFor(view, now) };
  });
}

/** A tender document or amendment file, for everyone who may see the tender. */
export async function getTenderDocument(ctx: Ctx, tenderId: string, documentId: string): Promise<{ filename: string; mimeType: string; content: Buffer; sha256: string | null }> {
  return ctx.db.transaction(async (tx) => {
    const { tender } = await accessTender(tx, ctx, tenderId);
    const [doc] = await tx.select().from(tenderDocuments).where(and(eq(tenderDocuments.id, documentId), eq(tenderDocuments.tenderId, tender.id)));
    if (!doc) throw notFound('document', documentId);
    if (!doc.content) {
      return { filename: `${doc.title}.txt`, mimeType: 'text/plain; charset=utf-8', content: Buffer.from(doc.body ?? '', 'utf8'), sha256: null };
    }
    return { filename: doc.filename ?? 'document', mimeType: doc.mimeType ?? 'application/octet-stream', content: doc.content, sha256: doc.sha256 };
  });
}

export interface TenderListItem {
  tender: TenderRow;
  party: TenderParty;
  status: string;
  buyerName: string | null;
  registrationStatus: string | null;
  myBidStatus: string | null;
}

/**
 * Tenders of the acting organisation as buyer, or (role=supplier) its inbox: invitation tenders it
 * is invited to and public tenders; `scope=mine` narrows to those it registered for.
 */
export async function listTenders(ctx: Ctx, filter: { role?: TenderParty; scope?: 'mine' | 'all'; status?: string; q?: string; limit: number; cursor?: string }): Promise<{ items: TenderListItem[]; nextCursor: string | null }> {
  const orgId = actorOrgId(ctx);
  const role: TenderParty = filter.role ?? (ctx.actor?.orgKinds.includes('buyer') ? 'buyer' : 'supplier');
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  return ctx.db.transaction(async (tx) => {
    const now = await serverNow(tx);
    const conditions: SQL[] = [];
    if (role === 'buyer') conditions.push(eq(tenders.orgId, orgId));
    else {
      if (!ctx.actor?.orgKinds.includes('supplier')) return { items: [], nextCursor: null };
      conditions.push(sql`${tenders.status} <> 'draft'`, sql`${tenders.orgId} <> ${orgId}`);
      conditions.push(or(eq(tenders.visibility, 'public'), sql`exists (select 1 from tender_invitations i where i.tender_id = ${tenders.id} and i.supplier_org_id = ${orgId})`)!);
      if (filter.scope === 'mine') conditions.push(sql`exists (select 1 from tender_registrations r where r.tender_id = ${tenders.id} and r.supplier_org_id = ${orgId})`);
    }
    if (filter.status) {
      const parts: SQL[] = [];
      for (const s of filter.status.split(',').filter(Boolean)) {
        if (s === 'published') parts.push(sql`(${tenders.status} = 'published' and ${tenders.bidDeadline} > ${now.toISOString()}::timestamptz)`);
        else if (s === 'closed') parts.push(sql`(${tenders.status} = 'closed' or (${tenders.status} = 'published' and ${tenders.bidDeadline} <= ${now.toISOString()}::timestamptz))`);
        else parts.push(eq(tenders.status, s));
      }
      if (parts.length) conditions.push(or(...parts)!);
    }
    if (filter.q) conditions.push(or(sql`${tenders.title} ilike ${`%${filter.q}%`}`, sql`${tenders.number} ilike ${`%${filter.q}%`}`)!);
    if (after) conditions.push(beforeCursor(tenders.createdAt, tenders.id, after));
    const rows = await tx
      .select({ ...getTableColumns(tenders), cursorAt: cursorTime(tenders.createdAt) })
      .from(tenders)
      .where(and(...conditions))
      .orderBy(desc(tenders.createdAt), desc(tenders.id))
      .limit(filter.limit + 1);
    const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
    const ids = page.items.map((r) => r.id);
    const regs = new Map<string, string>();
    const bids = new Map<string, string>();
    const buyers = new Map<string, string>();
    if (role === 'supplier' && ids.length) {
      for (const r of await tx.select({ id: tenderRegistrations.tenderId, status: tenderRegistrations.status }).from(tenderRegistrations).where(and(inArray(tenderRegistrations.tenderId, ids), eq(tenderRegistrations.supplierOrgId, orgId)))) regs.set(r.id, r.status);
      for (const r of await tx.select({ id: tenderBids.tenderId, status: tenderBids.status }).from(tenderBids).where(and(inArray(tenderBids.tenderId, ids), eq(tenderBids.supplierOrgId, orgId)))) bids.set(r.id, r.status);
      for (const o of await organizationsByIds(tx, [...new Set(page.items.map((r) => r.orgId))])) buyers.set(o.id, o.name);
    }
    return {
      items: page.items.map(({ cursorAt: _c, ...tender }) => ({
        tender,
        party: role,
        status: effectiveTenderStatus(tender, now),
        buyerName: role === 'supplier' ? (buyers.get(tender.orgId) ?? null) : null,
        registrationStatus: regs.get(tender.id) ?? null,
        myBidStatus: bids.get(tender.id) ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  });
}
