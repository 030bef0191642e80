import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { dec, money, qty } from '../../../platform/money.ts';
import { DateTime, IdParam, Money, NonEmpty, Nullable, problems, Str } from '../../../platform/schemas.ts';
import { PERM } from '../permissions.ts';
import type { TenderLineRow, TenderRegistrationRow, TenderRow } from '../schema.ts';
import { forfeitForBreach, listDeposits, payDeposit } from '../service/deposits.ts';
import { confirmAward, declineAward, listAwards, awardTender } from '../service/tender-award.ts';
import { reconfirmBid, submitBid, withdrawBid } from '../service/tender-bids.ts';
import { declareConflict, getEvaluation, saveScores } from '../service/tender-evaluation.ts';
import { getNotice, listNotices } from '../service/tender-notices.ts';
import { confirmOpening, getOpening, rescheduleOpening } from '../service/tender-opening.ts';
import { getTenderForPlatform, listTendersForPlatform } from '../service/tender-supervision.ts';
import {
  acceptOpenerRole,
  amendTender,
  cancelTender,
  createTender,
  decideQualification,
  getTenderDocument,
  getTenderView,
  listRegistrations,
  listTenders,
  publishTender,
  registerForTender,
  updateTender,
  type TenderView,
} from '../service/tenders.ts';
import { TENDER_STATUSES } from '../tender.state.ts';
import { CategoryCodes, DateOnly, DateTimeIn, ifMatch, OrgIds, PaymentMethod, Quantity, sendFile, tags, TaxRate, UnitPrice, Version, VersionBody, withEtag } from './shared.ts';

// --- schemas -------------------------------------------------------------------------------------------

const Score = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3})?$', maxLength: 7 });
const Weight = Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', maxLength: 6 });
const DocumentIn = {
  title: NonEmpty(200),
  body: Type.Optional(Nullable(Str(20_000))),
  filename: Type.Optional(Nullable(Str(200))),
  mimeType: Type.Optional(Nullable(Str(100))),
  contentBase64: Type.Optional(Nullable(Str(820_000))),
};
const TenderLineIn = Type.Object({
  categoryCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2,12}$', maxLength: 12 }))),
  name: NonEmpty(300),
  spec: Type.Optional(Nullable(Str(1000))),
  quantity: Quantity,
  uom: NonEmpty(20),
});
const UserIds = (min: number, max: number) => Type.Array(IdParam, { minItems: min, maxItems: max });

const tenderBody = {
  title: NonEmpty(200),
  description: Type.Optional(Nullable(Str(10_000))),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('invited')]),
  supplierOrgIds: Type.Optional(OrgIds),
  categoryCodes: Type.Optional(CategoryCodes),
  method: Type.Union([Type.Literal('lowest_price'), Type.Literal('comprehensive')]),
  priceWeight: Type.Optional(Weight),
  technicalWeight: Type.Optional(Weight),
  commercialWeight: Type.Optional(Weight),
  technicalPassScore: Type.Optional(Weight),
  qualificationRequirements: Type.Optional(Nullable(Str(5000))),
  depositAmount: Type.Optional(Money),
  registrationDeadline: DateTimeIn,
  bidDeadline: DateTimeIn,
  openingAt: DateTimeIn,
  openingWindowMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 })),
  amendmentNoticeMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 * 24 * 60 })),
  awardConfirmMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 60 })),
  openerUserIds: UserIds(1, 5),
  openerQuorum: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  evaluatorUserIds: UserIds(1, 9),
  lines: Type.Array(TenderLineIn, { minItems: 1, maxItems: 500 }),
  documents: Type.Optional(Type.Array(Type.Object(DocumentIn), { maxItems: 10 })),
  deliveryAddress: Type.Optional(Nullable(Str(300))),
  deliveryRegion: Type.Optional(Nullable(Str(40))),
  needBy: Type.Optional(Nullable(DateOnly)),
  paymentMethod: Type.Optional(PaymentMethod),
  creditDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 180 }))),
  budgetLineId: Type.Optional(Nullable(IdParam)),
};

const tenderFields = {
  id: Type.String(),
  orgId: Type.String(),
  number: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  visibility: Type.String(),
  categoryCodes: Type.Array(Type.String()),
  method: Type.String(),
  priceWeight: Type.String(),
  technicalWeight: Type.String(),
  commercialWeight: Type.String(),
  technicalPassScore: Type.String(),
  qualificationRequirements: Nullable(Type.String()),
  depositAmount: Type.String(),
  currency: Type.String(),
  registrationDeadline: DateTime,
  bidDeadline: DateTime,
  openingAt: DateTime,
  openingWindowMinutes: Type.Integer(),
  amendmentNoticeMinutes: Type.Integer(),
  awardConfirmMinutes: Type.Integer(),
  openerQuorum: Type.Integer(),
  status: Type.String(),
  documentRevision: Type.Integer(),
  sealingPublicKeySha256: Nullable(Type.String()),
  deliveryAddress: Nullable(Type.String()),
  deliveryRegion: Nullable(Type.String()),
  needBy: Nullable(Type.String()),
  paymentMethod: Type.String(),
  creditDays: Nullable(Type.Integer()),
  budgetLineId: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  openedAt: Nullable(DateTime),
  evaluatedAt: Nullable(DateTime),
  awardedAt: Nullable(DateTime),
  concludedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  endReason: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
};
const TenderSchema = Type.Object(tenderFields);
const TenderLineSchema = Type.Object({ id: Type.String(), lineNo: Type.Integer(), categoryCode: Nullable(Type.String()), name: Type.String(), spec: Nullable(Type.String()), quantity: Type.String(), uom: Type.String() });
const DocumentSchema = Type.Object({
  id: Type.String(),
  revision: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Nullable(Type.String()),
  material: Type.Boolean(),
  filename: Nullable(Type.String()),
  mimeType: Nullable(Type.String()),
  sizeBytes: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()),
  deadlineBefore: Nullable(DateTime),
  deadlineAfter: Nullable(DateTime),
  createdAt: DateTime,
});
const RegistrationSchema = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  supplierOrgId: Type.String(),
  status: Type.String(),
  statement: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  registeredAt: DateTime,
  decidedAt: Nullable(DateTime),
  note: Nullable(Type.String()),
});
const TenderDetailSchema = Type.Object({
  ...tenderFields,
  party: Type.String(),
  buyerName: Nullable(Type.String()),
  serverTime: DateTime,
  lines: Type.Array(TenderLineSchema),
  documents: Type.Array(DocumentSchema),
  openers: Nullable(Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), position: Type.Integer(), accepted: Type.Boolean(), confirmedAt: Nullable(DateTime) }))),
  evaluators: Nullable(Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), declared: Type.Boolean(), conflict: Nullable(Type.Boolean()), submitted: Type.Boolean() }))),
  invitations: Nullable(Type.Array(Type.Object({ supplierOrgId: Type.String(), name: Type.String() }))),
  registrationCount: Nullable(Type.Integer()),
  bidCount: Nullable(Type.Integer()),
  myRegistration: Nullable(RegistrationSchema),
  myDeposit: Nullable(Type.Object({ status: Type.String(), amount: Type.String(), paidAt: DateTime, settledAt: Nullable(DateTime) })),
  myBid: Nullable(
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      revision: Type.Integer(),
      sealedSha256: Nullable(Type.String()),
      submittedAt: DateTime,
      documentRevision: Type.Integer(),
      needsReconfirmation: Type.Boolean(),
      totalPrice: Nullable(Type.String()),
    }),
  ),
  myRoles: Type.Array(Type.String()),
  actions: Type.Array(Type.String()),
});
const TenderListItem = Type.Object({ ...tenderFields, party: Type.String(), buyerName: Nullable(Type.String()), registrationStatus: Nullable(Type.String()), myBidStatus: Nullable(Type.String()) });
const ReceiptSchema = Type.Object({
  bidId: Type.String(),
  tenderId: Type.String(),
  status: Type.String(),
  revision: Type.Integer(),
  sealedSha256: Nullable(Type.String()),
  submittedAt: DateTime,
  documentRevision: Type.Integer(),
  needsReconfirmation: Type.Boolean(),
  replayed: Type.Boolean(),
});
const DepositSchema = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  supplierOrgId: Type.String(),
  supplierName: Type.Optional(Type.String()),
  amount: Type.String(),
  currency: Type.String(),
  status: Type.String(),
  bankReference: Type.String(),
  reason: Nullable(Type.String()),
  paidAt: DateTime,
  settledAt: Nullable(DateTime),
});
const AwardSchema = Type.Object({
  id: Type.String(),
  tenderId: Type.String(),
  bidId: Type.String(),
  supplierOrgId: Type.String(),
  supplierName: Type.Optional(Type.String()),
  rank: Type.Integer(),
  status: Type.String(),
  reason: Nullable(Type.String()),
  offeredAt: DateTime,
  confirmBy: DateTime,
  decidedAt: Nullable(DateTime),
  orderId: Nullable(Type.String()),
});
const Anything = Type.Unknown();
const OpeningSchema = Type.Object({
  status: Type.String(),
  openingAt: DateTime,
  windowEndsAt: DateTime,
  quorum: Type.Integer(),
  confirmed: Type.Integer(),
  openers: Nullable(Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), confirmedAt: Nullable(DateTime), locked: Type.Boolean() }))),
  record: Nullable(Type.Object({ openedAt: DateTime, openers: Type.Array(Anything), bids: Type.Array(Anything), excluded: Type.Array(Anything) })),
  serverTime: DateTime,
});
const ResultSchema = Type.Object({
  bidId: Type.String(),
  supplierOrgId: Type.String(),
  supplierName: Type.String(),
  evaluatedPrice: Type.String(),
  priceScore: Type.String(),
  technicalScore: Type.String(),
  commercialScore: Type.String(),
  totalScore: Type.String(),
  passed: Type.Boolean(),
  rank: Nullable(Type.Integer()),
});
const ScoreOut = Type.Object({ bidId: Type.String(), technical: Type.String(), commercial: Type.String(), comment: Nullable(Type.String()) });
const EvaluationSchema = Type.Object({
  status: Type.String(),
  method: Type.String(),
  weights: Type.Object({ price: Type.String(), technical: Type.String(), commercial: Type.String() }),
  technicalPassScore: Type.String(),
  me: Nullable(Type.Object({ declared: Type.Boolean(), conflict: Nullable(Type.Boolean()), submitted: Type.Boolean() })),
  committee: Nullable(Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), declared: Type.Boolean(), conflict: Nullable(Type.Boolean()), submitted: Type.Boolean() }))),
  bids: Nullable(Type.Array(Type.Object({ bidId: Type.String(), supplierOrgId: Type.String(), supplierName: Type.String(), totalPrice: Type.String(), submittedAt: DateTime, content: Type.Record(Type.String(), Type.Unknown()) }))),
  myScores: Type.Array(ScoreOut),
  otherScores: Nullable(Type.Array(Type.Object({ evaluatorId: Type.String(), bidId: Type.String(), technical: Type.String(), commercial: Type.String(), comment: Nullable(Type.String()) }))),
  results: Nullable(Type.Array(ResultSchema)),
});
const NoticeSchema = Type.Object({ id: Type.String(), tenderId: Type.String(), kind: Type.String(), visibility: Type.String(), data: Type.Record(Type.String(), Type.Unknown()), publishedAt: DateTime, buyerName: Nullable(Type.String()) });

// --- mappers -------------------------------------------------------------------------------------------

export function toTenderJson(t: TenderRow, party: 'buyer' | 'supplier' | 'platform' = 'buyer', status?: string) {
  const { sealingPublicKey, ...rest } = t;
  return {
    ...rest,
    status: status ?? t.status,
    priceWeight: dec(t.priceWeight).toString(),
    technicalWeight: dec(t.technicalWeight).toString(),
    commercialWeight: dec(t.commercialWeight).toString(),
    technicalPassScore: dec(t.technicalPassScore).toString(),
    depositAmount: money(t.depositAmount),
    sealingPublicKeySha256: sealingPublicKey ? createHash('sha256').update(sealingPublicKey).digest('hex') : null,
    budgetLineId: party === 'supplier' ? null : t.budgetLineId,
  };
}
const toLineJson = (l: TenderLineRow) => ({ ...l, quantity: qty(l.quantity) });
const toRegistrationJson = (r: TenderRegistrationRow) => r;

function detailJson(view: TenderView) {
  return {
    ...toTenderJson(view.tender, view.party, view.status),
    party: view.party,
    buyerName: view.buyerName,
    serverTime: view.serverTime,
    lines: view.lines.map(toLineJson),
    documents: view.documents,
    openers: view.openers,
    evaluators: view.evaluators,
    invitations: view.invitations,
    registrationCount: view.registrationCount,
    bidCount: view.bidCount,
    myRegistration: view.myRegistration ? toRegistrationJson(view.myRegistration) : null,
    myDeposit: view.myDeposit,
    myBid: view.myBid,
    myRoles: view.myRoles,
    actions: view.actions,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key of a sealed-bid request, kept away from the generic idempotency store. */
    sealedRequestKey?: string;
  }
}

/**
 * Sealed-bid routes keep their own retry handling: the generic Idempotency-Key store would keep
 * a SHA-256 of the request body (prices included) in the database, which an attacker could test
 * candidate prices against. The key is taken off the request here, before that hook sees it, and
 * the bid service returns the receipt of the revision that key produced.
 */
async function takeSealedRequestKey(req: FastifyRequest): Promise<void> {
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string') {
    req.sealedRequestKey = key.slice(0, 200);
    delete req.headers['idempotency-key'];
  }
}

// --- routes ----------------------------------------------------------------------------------------------

export const tenderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: PERM.read } };
  const manage = { access: { permission: PERM.manage } };
  const respond = { access: { permission: PERM.respond } };
  const Params = Type.Object({ tenderId: IdParam });

  app.post('/tenders', {
    config: manage,
    schema: {
      tags,
      summary: 'Create a draft tender (招标): lines, schedule, deposit, method and weights, designated openers (quorum) and evaluation committee',
      body: Type.Object(tenderBody),
      response: { 201: TenderSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const tender = await createTender(req.ctx, req.body);
    withEtag(reply, tender);
    return reply.code(201).send(toTenderJson(tender));
  });

  app.get('/tenders', {
    config: read,
    schema: {
      tags,
      summary: "Tenders of own organisation (role=buyer) or the supplier inbox (role=supplier: invitations and public tenders; scope=mine: registered ones), newest first",
      querystring: Type.Object({
        role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('supplier')])),
        scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('all')])),
        status: Type.Optional(Str(200, { pattern: `^((${TENDER_STATUSES.join('|')}),?)+$` })),
        q: Type.Optional(Str(60)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: Type.Object({ items: Type.Array(TenderListItem), nextCursor: Nullable(Type.String()) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listTenders(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map((i) => ({ ...toTenderJson(i.tender, i.party, i.status), party: i.party, buyerName: i.buyerName, registrationStatus: i.registrationStatus, myBidStatus: i.myBidStatus })), nextCursor: page.nextCursor };
  });

  app.get('/tenders/:tenderId', {
    config: read,
    schema: { tags, summary: 'One tender as the caller may see it (buyer; any supplier for a public tender; invited suppliers otherwise). Nothing sealed, not even the number of bids, before the opening.', params: Params, response: { 200: TenderDetailSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const view = await getTenderView(req.ctx, req.params.tenderId);
    withEtag(reply, view.tender);
    return detailJson(view);
  });

  app.patch('/tenders/:tenderId', {
    config: manage,
    schema: { tags, summary: 'Edit a draft tender (version or If-Match)', params: Params, body: Type.Object({ ...Type.Partial(Type.Object(tenderBody)).properties, version: Version }), response: { 200: TenderSchema, ...problems(401, 403, 404, 409, 412, 422) } },
  }, async (req, reply) => {
    const tender = await updateTender(req.ctx, req.params.tenderId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, tender);
    return toTenderJson(tender);
  });

  app.post('/tenders/:tenderId/openers/accept', {
    config: { access: { permission: PERM.open } },
    schema: {
      tags,
      summary: 'A designated opener accepts and sets their opening passphrase (at least 12 characters; never stored; needed again to open the bids)',
      params: Params,
      body: Type.Object({ passphrase: Type.String({ minLength: 12, maxLength: 200 }) }),
      response: { 200: Type.Object({ acceptedAt: DateTime }), ...problems(401, 403, 404, 409) },
    },
  }, async (req) => acceptOpenerRole(req.ctx, req.params.tenderId, req.body.passphrase));

  app.post('/tenders/:tenderId/publish', {
    config: manage,
    schema: { tags, summary: 'Publish: creates the sealing key, splits it among the openers, publishes the notice', params: Params, body: Type.Optional(VersionBody), response: { 200: TenderSchema, ...problems(401, 403, 404, 409, 412, 422) } },
  }, async (req, reply) => {
    const tender = await publishTender(req.ctx, req.params.tenderId, { version: req.body?.version, ifMatch: ifMatch(req.headers) });
    withEtag(reply, tender);
    return toTenderJson(tender);
  });

  app.post('/tenders/:tenderId/amendments', {
    config: manage,
    schema: {
      tags,
      summary: 'Amend the tender documents (澄清/修改). A material amendment requires bidders to reconfirm, and extends the deadline when it comes later than the notice period before it.',
      params: Params,
      body: Type.Object({ ...DocumentIn, material: Type.Boolean(), version: Version }),
      response: { 201: Type.Object({ tender: TenderSchema, document: DocumentSchema, deadlineExtended: Type.Boolean(), bidsToReconfirm: Type.Integer() }), ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const result = await amendTender(req.ctx, req.params.tenderId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, result.tender);
    return reply.code(201).send({ ...result, tender: toTenderJson(result.tender) });
  });

  app.post('/tenders/:tenderId/cancel', {
    config: manage,
    schema: { tags, summary: 'Cancel before the award: deposits refunded, bids stay sealed', params: Params, body: Type.Object({ reason: NonEmpty(500), version: Version }), response: { 200: TenderSchema, ...problems(401, 403, 404, 409, 412) } },
  }, async (req, reply) => {
    const tender = await cancelTender(req.ctx, req.params.tenderId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, tender);
    return toTenderJson(tender);
  });

  app.get('/tenders/:tenderId/documents/:tenderDocumentId', {
    config: read,
    schema: { tags, summary: 'Download a tender document or amendment', params: Type.Object({ tenderId: IdParam, tenderDocumentId: IdParam }), response: problems(401, 403, 404) },
  }, async (req, reply) => sendFile(reply, await getTenderDocument(req.ctx, req.params.tenderId, req.params.tenderDocumentId)));

  // Registration, qualification, deposits.
  app.post('/tenders/:tenderId/registration', {
    config: respond,
    schema: {
      tags,
      summary: 'Register (报名) for the tender before the registration deadline',
      params: Params,
      body: Type.Object({ statement: Type.Optional(Nullable(Str(5000))), contactName: Type.Optional(Nullable(Str(100))), contactPhone: Type.Optional(Nullable(Str(40))) }),
      response: { 201: RegistrationSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toRegistrationJson(await registerForTender(req.ctx, req.params.tenderId, req.body))));

  app.get('/tenders/:tenderId/registrations', {
    config: manage,
    schema: { tags, summary: 'Registrations with qualification status and deposit (buyer)', params: Params, response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...RegistrationSchema.properties, supplierName: Type.String(), supplierNameEn: Nullable(Type.String()), deposit: Nullable(Type.Object({ status: Type.String(), amount: Type.String(), paidAt: DateTime })) })) }), ...problems(401, 403, 404) } },
  }, async (req) => ({ items: await listRegistrations(req.ctx, req.params.tenderId) }));

  app.post('/tenders/:tenderId/registrations/:registrationId/qualify', {
    config: manage,
    schema: {
      tags,
      summary: 'Qualification decision (资格审查) on a registration; a rejected supplier gets its deposit back',
      params: Type.Object({ tenderId: IdParam, registrationId: IdParam }),
      body: Type.Object({ decision: Type.Union([Type.Literal('qualified'), Type.Literal('rejected')]), note: Type.Optional(Nullable(Str(1000))) }),
      response: { 200: RegistrationSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => toRegistrationJson(await decideQualification(req.ctx, req.params.tenderId, req.params.registrationId, req.body)));

  app.post('/tenders/:tenderId/deposit', {
    config: { access: { permission: PERM.deposit } },
    schema: {
      tags,
      summary: 'Record the bid deposit transfer (投标保证金): Dr platform cash / Cr supplier deposits held, once',
      params: Params,
      body: Type.Object({ amount: Money, bankReference: NonEmpty(100) }),
      response: { 201: DepositSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const d = await payDeposit(req.ctx, req.params.tenderId, req.body);
    return reply.code(201).send({ ...d, amount: money(d.amount) });
  });

  app.get('/tenders/:tenderId/deposits', {
    config: manage,
    schema: { tags, summary: 'Bid deposits of the tender (buyer)', params: Params, response: { 200: Type.Object({ items: Type.Array(DepositSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => ({ items: (await listDeposits(req.ctx, req.params.tenderId)).map((d) => ({ ...d, amount: money(d.amount) })) }));

  app.post('/tenders/:tenderId/deposits/forfeit', {
    config: manage,
    schema: {
      tags,
      summary: "Forfeit a bidder's deposit for a rule breach found after the deadline (to the buyer's wallet)",
      params: Params,
      body: Type.Object({ supplierOrgId: IdParam, reason: NonEmpty(1000) }),
      response: { 200: DepositSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => {
    const d = await forfeitForBreach(req.ctx, req.params.tenderId, req.body);
    return { ...d, amount: money(d.amount) };
  });

  // Sealed bids.
  app.put('/tenders/:tenderId/bid', {
    config: respond,
    onRequest: takeSealedRequestKey,
    schema: {
      tags,
      summary: 'Submit or replace own sealed bid until the deadline: sealed on arrival to the tender key; the answer is a receipt (hash), never the content',
      params: Params,
      body: Type.Object({
        documentRevision: Type.Integer({ minimum: 1, maximum: 10_000 }),
        lines: Type.Array(Type.Object({ tenderLineId: IdParam, unitPrice: UnitPrice, taxRate: TaxRate }), { minItems: 1, maxItems: 500 }),
        leadTimeDays: Type.Integer({ minimum: 0, maximum: 3650 }),
        warrantyMonths: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 600 }))),
        validityDays: Type.Integer({ minimum: 1, maximum: 730 }),
        technicalProposal: NonEmpty(20_000),
        commercialTerms: Type.Optional(Nullable(Str(5000))),
        attachments: Type.Optional(Type.Array(Type.Object({ filename: NonEmpty(200), mimeType: NonEmpty(100), contentBase64: Type.String({ minLength: 4, maxLength: 560_000 }) }), { maxItems: 3 })),
      }),
      response: { 200: ReceiptSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => submitBid(req.ctx, req.params.tenderId, req.body, req.sealedRequestKey));

  app.post('/tenders/:tenderId/bid/withdraw', {
    config: respond,
    schema: { tags, summary: 'Withdraw own bid before the deadline (the envelope is deleted)', params: Params, body: Type.Optional(Type.Object({})), response: { 200: ReceiptSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => withdrawBid(req.ctx, req.params.tenderId));

  app.post('/tenders/:tenderId/bid/reconfirm', {
    config: respond,
    schema: { tags, summary: 'Reconfirm own sealed bid against the amended documents (after a material amendment)', params: Params, body: Type.Object({ documentRevision: Type.Integer({ minimum: 1, maximum: 10_000 }) }), response: { 200: ReceiptSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => reconfirmBid(req.ctx, req.params.tenderId, req.body.documentRevision));

  // Opening.
  app.get('/tenders/:tenderId/opening', {
    config: read,
    schema: { tags, summary: 'Bid opening (开标): schedule and confirmations before; the opening record (prices read out) after, for the buyer and the bidders', params: Params, response: { 200: OpeningSchema, ...problems(401, 403, 404) } },
  }, async (req) => getOpening(req.ctx, req.params.tenderId));

  app.post('/tenders/:tenderId/opening/confirm', {
    config: { access: { permission: PERM.open } },
    schema: {
      tags,
      summary: 'A designated opener confirms the opening with their passphrase, inside the opening window; the confirmation that reaches the quorum opens all bids',
      params: Params,
      body: Type.Object({ passphrase: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 200: Type.Object({ opened: Type.Boolean(), confirmed: Type.Integer(), quorum: Type.Integer() }), ...problems(401, 403, 404, 409, 422, 423) },
    },
  }, async (req) => confirmOpening(req.ctx, req.params.tenderId, req.body.passphrase));

  app.post('/tenders/:tenderId/opening/reschedule', {
    config: manage,
    schema: { tags, summary: 'Move the opening (after a window lapsed without a quorum, or before it starts)', params: Params, body: Type.Object({ openingAt: DateTimeIn, version: Version }), response: { 200: TenderSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req, reply) => {
    const tender = await rescheduleOpening(req.ctx, req.params.tenderId, req.body);
    withEtag(reply, tender);
    return toTenderJson(tender);
  });

  // Evaluation.
  app.get('/tenders/:tenderId/evaluation', {
    config: read,
    schema: { tags, summary: "Evaluation workspace (评标): an evaluator sees bids after declaring no conflict and others' scores only after submitting; the buyer sees scores once the committee is done; bidders see the ranked candidates", params: Params, response: { 200: EvaluationSchema, ...problems(401, 403, 404) } },
  }, async (req) => getEvaluation(req.ctx, req.params.tenderId));

  app.post('/tenders/:tenderId/evaluation/declaration', {
    config: { access: { permission: PERM.evaluate } },
    schema: { tags, summary: 'Conflict-of-interest declaration (final); a conflict recuses the evaluator', params: Params, body: Type.Object({ conflict: Type.Boolean(), statement: Type.Optional(Nullable(Str(2000))) }), response: { 200: Type.Object({ declaredAt: DateTime, conflict: Type.Boolean() }), ...problems(401, 403, 404, 409) } },
  }, async (req) => declareConflict(req.ctx, req.params.tenderId, req.body));

  app.put('/tenders/:tenderId/evaluation/scores', {
    config: { access: { permission: PERM.evaluate } },
    schema: {
      tags,
      summary: 'Save own technical and commercial scores (0–100) per opened bid; `submit` makes them final (needs every bid); the last submission completes the evaluation',
      params: Params,
      body: Type.Object({
        scores: Type.Array(Type.Object({ bidId: IdParam, technical: Score, commercial: Score, comment: Type.Optional(Nullable(Str(2000))) }), { maxItems: 500 }),
        submit: Type.Optional(Type.Boolean()),
      }),
      response: { 200: Type.Object({ submitted: Type.Boolean(), evaluationCompleted: Type.Boolean() }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => saveScores(req.ctx, req.params.tenderId, req.body));

  // Award.
  app.post('/tenders/:tenderId/award', {
    config: manage,
    schema: { tags, summary: 'Award (定标) to the first candidate, or another ranked one with a reason; the winner must confirm in time', params: Params, body: Type.Object({ bidId: Type.Optional(IdParam), reason: Type.Optional(Nullable(Str(1000))), version: Version }), response: { 201: AwardSchema, ...problems(401, 403, 404, 409, 412, 422) } },
  }, async (req, reply) => reply.code(201).send(await awardTender(req.ctx, req.params.tenderId, { ...req.body, ifMatch: ifMatch(req.headers) })));

  app.get('/tenders/:tenderId/awards', {
    config: read,
    schema: { tags, summary: 'Award offers: all for the buyer, own for a supplier', params: Params, response: { 200: Type.Object({ items: Type.Array(AwardSchema), current: Nullable(AwardSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => {
    const view = await listAwards(req.ctx, req.params.tenderId);
    return { items: view.awards, current: view.current };
  });

  app.post('/tenders/:tenderId/award/confirm', {
    config: respond,
    schema: { tags, summary: 'The winner confirms the award: the order is created from its bid (createOrder), deposits are refunded, the result notice is published', params: Params, body: Type.Optional(Type.Object({})), response: { 200: Type.Object({ award: AwardSchema, orderId: Type.String(), orderNumber: Type.String() }), ...problems(401, 403, 404, 409, 422) } },
  }, async (req) => {
    const { award, order } = await confirmAward(req.ctx, req.params.tenderId);
    return { award, orderId: order.id, orderNumber: order.number };
  });

  app.post('/tenders/:tenderId/award/decline', {
    config: respond,
    schema: { tags, summary: 'The winner declines: its deposit is forfeited and the award passes to the next-ranked bidder', params: Params, body: Type.Object({ reason: NonEmpty(1000) }), response: { 200: Type.Object({ passedTo: Nullable(AwardSchema), failed: Type.Boolean() }), ...problems(401, 403, 404, 409) } },
  }, async (req) => declineAward(req.ctx, req.params.tenderId, req.body.reason));

  // Public notices.
  app.get('/public/tender-notices', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Public notices (公告) of public tenders: publication, amendments, candidates, results, cancellations, failures; signed-in parties also see their invitation tenders’ notices',
      querystring: Type.Object({
        kind: Type.Optional(Type.Union(['publication', 'amendment', 'candidates', 'result', 'cancellation', 'failure'].map((k) => Type.Literal(k)))),
        tenderId: Type.Optional(IdParam),
        q: Type.Optional(Str(60)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: Type.Object({ items: Type.Array(NoticeSchema), nextCursor: Nullable(Type.String()) }), ...problems() },
    },
  }, async (req) => listNotices(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }));

  app.get('/public/tender-notices/:noticeId', {
    config: { access: { public: true } },
    schema: { tags, summary: 'One notice (public, or of an invitation tender the caller takes part in)', params: Type.Object({ noticeId: IdParam }), response: { 200: NoticeSchema, ...problems(404) } },
  }, async (req) => getNotice(req.ctx, req.params.noticeId));

  // Platform supervision.
  app.get('/platform/tenders', {
    config: { access: { permission: PERM.supervise } },
    schema: {
      tags: ['platform'],
      summary: 'All published tenders (supervision)',
      querystring: Type.Object({ status: Type.Optional(Str(200, { pattern: `^((${TENDER_STATUSES.join('|')}),?)+$` })), q: Type.Optional(Str(60)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Str(512)) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...tenderFields, buyerName: Nullable(Type.String()) })), nextCursor: Nullable(Type.String()) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listTendersForPlatform(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map((i) => ({ ...toTenderJson(i.tender, 'platform', i.status), buyerName: i.buyerName })), nextCursor: page.nextCursor };
  });

  app.get('/platform/tenders/:tenderId', {
    config: { access: { permission: PERM.supervise } },
    schema: {
      tags: ['platform'],
      summary: 'Supervision view of one tender (audited): registrations, deposits, and after the deadline who bid when with which envelope hash — never sealed content',
      params: Params,
      response: {
        200: Type.Object({
          tender: TenderSchema,
          buyerName: Nullable(Type.String()),
          registrations: Type.Array(Type.Object({ supplierOrgId: Type.String(), supplierName: Type.String(), status: Type.String(), registeredAt: DateTime })),
          deposits: Type.Array(Type.Object({ supplierOrgId: Type.String(), status: Type.String(), amount: Type.String(), paidAt: DateTime, settledAt: Nullable(DateTime) })),
          bids: Nullable(Type.Array(Type.Object({ supplierOrgId: Type.String(), supplierName: Type.String(), status: Type.String(), revision: Type.Integer(), submittedAt: DateTime, sealedSha256: Nullable(Type.String()), totalPrice: Nullable(Type.String()) }))),
          opening: Nullable(Type.Object({ openedAt: DateTime, openers: Type.Array(Anything), bids: Type.Array(Anything), excluded: Type.Array(Anything) })),
        }),
        ...problems(401, 403, 404),
      },
    },
  }, async (req) => {
    const v = await getTenderForPlatform(req.ctx, req.params.tenderId);
    return {
      tender: toTenderJson(v.tender, 'platform', v.status),
      buyerName: v.buyerName,
      registrations: v.registrations,
      deposits: v.deposits.map((d) => ({ ...d, amount: money(d.amount) })),
      bids: v.bids?.map((b) => ({ ...b, totalPrice: b.totalPrice === null ? null : money(b.totalPrice) })) ?? null,
      opening: v.opening,
    };
  });
};

