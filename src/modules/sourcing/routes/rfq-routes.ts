import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dec, money, qty } from '../../../platform/money.ts';
import { DateTime, IdParam, NonEmpty, Nullable, problems, Str } from '../../../platform/schemas.ts';
import { PERM } from '../permissions.ts';
import { RFQ_STATUSES } from '../rfq.state.ts';
import type { RfqLineRow, RfqQuoteLineRow, RfqQuoteRow, RfqRow } from '../schema.ts';
import { awardRfq, compareQuotes } from '../service/rfq-award.ts';
import {
  addQuoteAttachment,
  answerRfqQuestion,
  askRfqQuestion,
  getQuoteAttachment,
  listQuotesForBuyer,
  listRfqQuestions,
  submitQuote,
  withdrawQuote,
  type QuoteWithLines,
} from '../service/rfq-quotes.ts';
import { cancelRfq, createRfq, extendRfqDeadline, getRfqView, inviteToRfq, listRfqs, publishRfq, updateRfq, type RfqView } from '../service/rfqs.ts';
import { Attachment, AttachmentMeta, sendFile, CategoryCodes, DateOnly, DateTimeIn, ifMatch, OrgIds, PaymentMethod, Quantity, tags, TaxRate, UnitPrice, Version, VersionBody, withEtag } from './shared.ts';

// --- schemas ----------------------------------------------------------------------------------------

const RfqLineIn = Type.Object({
  skuId: Type.Optional(Nullable(IdParam)),
  categoryCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2,12}$', maxLength: 12 }))),
  name: NonEmpty(300),
  spec: Type.Optional(Nullable(Str(1000))),
  quantity: Quantity,
  uom: NonEmpty(20),
  allowAlternatives: Type.Optional(Type.Boolean()),
});

const rfqBodyFields = {
  title: NonEmpty(200),
  description: Type.Optional(Nullable(Str(5000))),
  audience: Type.Union([Type.Literal('invited'), Type.Literal('category'), Type.Literal('all')]),
  supplierOrgIds: Type.Optional(OrgIds),
  categoryCodes: Type.Optional(CategoryCodes),
  deadline: DateTimeIn,
  requisitionId: Type.Optional(Nullable(IdParam)),
  requisitionLineIds: Type.Optional(Type.Array(IdParam, { maxItems: 500 })),
  lines: Type.Optional(Type.Array(RfqLineIn, { minItems: 1, maxItems: 500 })),
  deliveryAddress: Type.Optional(Nullable(Str(300))),
  deliveryRegion: Type.Optional(Nullable(Str(40))),
  needBy: Type.Optional(Nullable(DateOnly)),
  paymentMethod: Type.Optional(PaymentMethod),
  creditDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 180 }))),
  budgetLineId: Type.Optional(Nullable(IdParam)),
};

const RfqLineSchema = Type.Object({
  id: Type.String(),
  lineNo: Type.Integer(),
  skuId: Nullable(Type.String()),
  requisitionLineId: Nullable(Type.String()),
  categoryCode: Nullable(Type.String()),
  name: Type.String(),
  spec: Nullable(Type.String()),
  quantity: Type.String(),
  uom: Type.String(),
  allowAlternatives: Type.Boolean(),
  awardedQuoteId: Nullable(Type.String()),
  awardedSupplierOrgId: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
});

const rfqFields = {
  id: Type.String(),
  orgId: Type.String(),
  number: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: Type.String(),
  audience: Type.String(),
  categoryCodes: Type.Array(Type.String()),
  requisitionId: Nullable(Type.String()),
  currency: Type.String(),
  deadline: DateTime,
  deliveryAddress: Nullable(Type.String()),
  deliveryRegion: Nullable(Type.String()),
  needBy: Nullable(Type.String()),
  paymentMethod: Type.String(),
  creditDays: Nullable(Type.Integer()),
  budgetLineId: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  awardedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
};
const RfqSchema = Type.Object(rfqFields);

const QuoteLineSchema = Type.Object({
  id: Type.String(),
  rfqLineId: Type.String(),
  unitPrice: Type.String(),
  taxRate: Type.String(),
  leadTimeDays: Nullable(Type.Integer()),
  alternative: Nullable(Type.String()),
  notes: Nullable(Type.String()),
});
const quoteFields = {
  id: Type.String(),
  rfqId: Type.String(),
  supplierOrgId: Type.String(),
  status: Type.String(),
  revision: Type.Integer(),
  validUntil: Type.String(),
  leadTimeDays: Nullable(Type.Integer()),
  freight: Type.String(),
  freightTaxRate: Type.String(),
  notes: Nullable(Type.String()),
  submittedAt: DateTime,
  version: Type.Integer(),
  lines: Type.Array(QuoteLineSchema),
  attachments: Type.Array(AttachmentMeta),
};
const QuoteSchema = Type.Object(quoteFields);

const RfqDetailSchema = Type.Object({
  ...rfqFields,
  party: Type.String(),
  buyerName: Nullable(Type.String()),
  serverTime: DateTime,
  lines: Type.Array(RfqLineSchema),
  invitations: Nullable(
    Type.Array(Type.Object({ supplierOrgId: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), source: Type.String(), invitedAt: DateTime, quoted: Nullable(Type.Boolean()) })),
  ),
  quoteCount: Nullable(Type.Integer()),
  questionCount: Type.Integer(),
  myQuote: Nullable(QuoteSchema),
  actions: Type.Array(Type.String()),
});

const RfqListItemSchema = Type.Object({
  ...rfqFields,
  party: Type.String(),
  buyerName: Nullable(Type.String()),
  lineCount: Type.Integer(),
  quoteCount: Nullable(Type.Integer()),
  myQuoteStatus: Nullable(Type.String()),
});

const QuestionSchema = Type.Object({ id: Type.String(), rfqId: Type.String(), question: Type.String(), answer: Nullable(Type.String()), answeredAt: Nullable(DateTime), createdAt: DateTime, askedByMe: Type.Boolean() });

const OfferSchema = Type.Object({
  quoteId: Type.String(),
  supplierOrgId: Type.String(),
  unitPrice: Type.String(),
  taxRate: Type.String(),
  lineSubtotal: Type.String(),
  lineTax: Type.String(),
  lineTotal: Type.String(),
  leadTimeDays: Nullable(Type.Integer()),
  alternative: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  rank: Type.Integer(),
});
const ComparisonSchema = Type.Object({
  rfq: RfqSchema,
  lines: Type.Array(Type.Object({ line: RfqLineSchema, offers: Type.Array(OfferSchema), bestQuoteId: Nullable(Type.String()) })),
  suppliers: Type.Array(
    Type.Object({
      quoteId: Type.String(),
      supplierOrgId: Type.String(),
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      rating: Type.Object({ overall: Nullable(Type.String()), count: Type.Integer() }),
      tier: Nullable(Type.String()),
      linesQuoted: Type.Integer(),
      complete: Type.Boolean(),
      subtotal: Type.String(),
      tax: Type.String(),
      freight: Type.String(),
      freightTax: Type.String(),
      landedTotal: Type.String(),
      leadTimeDays: Nullable(Type.Integer()),
      validUntil: Type.String(),
      revision: Type.Integer(),
      submittedAt: DateTime,
      alternatives: Type.Integer(),
      rank: Nullable(Type.Integer()),
    }),
  ),
  bestSplit: Nullable(Type.Object({ landedTotal: Type.String(), assignments: Type.Array(Type.Object({ rfqLineId: Type.String(), quoteId: Type.String() })) })),
});

const OrderSummary = Type.Object({ id: Type.String(), number: Type.String(), supplierOrgId: Type.String(), status: Type.String(), subtotal: Type.String(), taxTotal: Type.String(), total: Type.String(), lines: Type.Integer() });

// --- mappers ------------------------------------------------------------------------------------------

export function toRfqJson(r: RfqRow, party: 'buyer' | 'supplier' = 'buyer', status?: string) {
  return {
    ...r,
    status: status ?? r.status,
    // Internal to the buyer: suppliers see neither the budget line nor the requisition.
    budgetLineId: party === 'buyer' ? r.budgetLineId : null,
    requisitionId: party === 'buyer' ? r.requisitionId : null,
  };
}
const toLineJson = (l: RfqLineRow) => ({ ...l, quantity: qty(l.quantity) });
const toQuoteLineJson = (l: RfqQuoteLineRow) => ({ ...l, unitPrice: money(l.unitPrice, 4), taxRate: dec(l.taxRate).toString() });
export function toQuoteJson(q: RfqQuoteRow & { lines: RfqQuoteLineRow[]; attachments: QuoteWithLines['attachments'] }) {
  return { ...q, freight: money(q.freight), freightTaxRate: dec(q.freightTaxRate).toString(), lines: q.lines.map(toQuoteLineJson), attachments: q.attachments };
}

function detailJson(view: RfqView) {
  return {
    ...toRfqJson(view.rfq, view.party, view.status),
    party: view.party,
    buyerName: view.buyerName,
    serverTime: view.serverTime,
    lines: view.lines.map(toLineJson),
    invitations: view.invitations,
    quoteCount: view.quoteCount,
    questionCount: view.questionCount,
    myQuote: view.myQuote ? toQuoteJson(view.myQuote) : null,
    actions: view.actions,
  };
}

// --- routes ---------------------------------------------------------------------------------------------

export const rfqRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: PERM.read } };
  const manage = { access: { permission: PERM.manage } };
  const respond = { access: { permission: PERM.respond } };
  const RfqParams = Type.Object({ rfqId: IdParam });

  app.post('/rfqs', {
    config: manage,
    schema: {
      tags,
      summary: 'Create a draft RFQ (询价) from scratch (`lines`) or from an approved requisition (`requisitionId`, optionally `requisitionLineIds`)',
      body: Type.Object(rfqBodyFields),
      response: { 201: RfqSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const rfq = await createRfq(req.ctx, req.body);
    withEtag(reply, rfq);
    return reply.code(201).send(toRfqJson(rfq));
  });

  app.get('/rfqs', {
    config: read,
    schema: {
      tags,
      summary: 'RFQs of own organisation (role=buyer) or those it may quote on (role=supplier: invited or open to all), newest first. Quote counts only after the deadline.',
      querystring: Type.Object({
        role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('supplier')])),
        status: Type.Optional(Str(200, { pattern: `^((${RFQ_STATUSES.join('|')}),?)+$` })),
        q: Type.Optional(Str(60)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: Type.Object({ items: Type.Array(RfqListItemSchema), nextCursor: Nullable(Type.String()) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listRfqs(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return {
      items: page.items.map((i) => ({ ...toRfqJson(i.rfq, i.party, i.status), party: i.party, buyerName: i.buyerName, lineCount: i.lineCount, quoteCount: i.quoteCount, myQuoteStatus: i.myQuoteStatus })),
      nextCursor: page.nextCursor,
    };
  });

  app.get('/rfqs/:rfqId', {
    config: read,
    schema: {
      tags,
      summary: 'One RFQ as the caller may see it: the buyer (with invitees; quote count after the deadline) or an invited supplier (with its own quote). 404 for anyone else.',
      params: RfqParams,
      response: { 200: RfqDetailSchema, ...problems(401, 403, 404) },
    },
  }, async (req, reply) => {
    const view = await getRfqView(req.ctx, req.params.rfqId);
    withEtag(reply, view.rfq);
    return detailJson(view);
  });

  app.patch('/rfqs/:rfqId', {
    config: manage,
    schema: {
      tags,
      summary: 'Edit a draft RFQ (send version or If-Match); `lines` or `requisitionId` replaces all lines, `supplierOrgIds` all chosen invitees',
      params: RfqParams,
      body: Type.Object({ ...Type.Partial(Type.Object(rfqBodyFields)).properties, version: Version }),
      response: { 200: RfqSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const rfq = await updateRfq(req.ctx, req.params.rfqId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, rfq);
    return toRfqJson(rfq);
  });

  app.post('/rfqs/:rfqId/publish', {
    config: manage,
    schema: { tags, summary: 'Publish a draft: invites category matches (category audience), opens quoting until the deadline', params: RfqParams, body: Type.Optional(VersionBody), response: { 200: RfqSchema, ...problems(401, 403, 404, 409, 412, 422) } },
  }, async (req, reply) => {
    const rfq = await publishRfq(req.ctx, req.params.rfqId, { version: req.body?.version, ifMatch: ifMatch(req.headers) });
    withEtag(reply, rfq);
    return toRfqJson(rfq);
  });

  app.post('/rfqs/:rfqId/invitations', {
    config: manage,
    schema: {
      tags,
      summary: 'Invite more suppliers (draft or open RFQ)',
      params: RfqParams,
      body: Type.Object({ supplierOrgIds: Type.Array(IdParam, { minItems: 1, maxItems: 200 }) }),
      response: { 200: Type.Object({ invited: Type.Array(Type.String()) }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => inviteToRfq(req.ctx, req.params.rfqId, req.body.supplierOrgIds));

  app.post('/rfqs/:rfqId/deadline', {
    config: manage,
    schema: { tags, summary: 'Extend the deadline of an open RFQ (later only)', params: RfqParams, body: Type.Object({ deadline: DateTimeIn, version: Version }), response: { 200: RfqSchema, ...problems(401, 403, 404, 409, 412, 422) } },
  }, async (req, reply) => {
    const rfq = await extendRfqDeadline(req.ctx, req.params.rfqId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, rfq);
    return toRfqJson(rfq);
  });

  app.post('/rfqs/:rfqId/cancel', {
    config: manage,
    schema: { tags, summary: 'Cancel an RFQ that has not been awarded', params: RfqParams, body: Type.Object({ reason: NonEmpty(500), version: Version }), response: { 200: RfqSchema, ...problems(401, 403, 404, 409, 412) } },
  }, async (req, reply) => {
    const rfq = await cancelRfq(req.ctx, req.params.rfqId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, rfq);
    return toRfqJson(rfq);
  });

  // Supplier: quote, revise, withdraw, attach.
  app.put('/rfqs/:rfqId/quote', {
    config: respond,
    schema: {
      tags,
      summary: "Submit or revise own quote until the deadline (send the quote's version when revising). Only the supplier sees it before the deadline.",
      params: RfqParams,
      body: Type.Object({
        validUntil: DateOnly,
        leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
        freight: Type.Optional(Nullable(UnitPrice)),
        freightTaxRate: Type.Optional(Nullable(TaxRate)),
        notes: Type.Optional(Nullable(Str(2000))),
        lines: Type.Array(
          Type.Object({
            rfqLineId: IdParam,
            unitPrice: UnitPrice,
            taxRate: TaxRate,
            leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
            alternative: Type.Optional(Nullable(Str(1000))),
            notes: Type.Optional(Nullable(Str(1000))),
          }),
          { minItems: 1, maxItems: 500 },
        ),
        version: Version,
      }),
      response: { 200: QuoteSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const quote = await submitQuote(req.ctx, req.params.rfqId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, quote);
    return toQuoteJson(quote);
  });

  app.post('/rfqs/:rfqId/quote/withdraw', {
    config: respond,
    schema: { tags, summary: 'Withdraw own quote before the deadline', params: RfqParams, body: Type.Optional(VersionBody), response: { 200: Type.Object({ id: Type.String(), status: Type.String(), version: Type.Integer() }), ...problems(401, 403, 404, 409, 412) } },
  }, async (req) => {
    const quote = await withdrawQuote(req.ctx, req.params.rfqId, { version: req.body?.version, ifMatch: ifMatch(req.headers) });
    return { id: quote.id, status: quote.status, version: quote.version };
  });

  app.post('/rfqs/:rfqId/quote/attachments', {
    config: respond,
    schema: { tags, summary: 'Attach a file (base64, up to 600 KiB) to own submitted quote', params: RfqParams, body: Attachment, response: { 201: AttachmentMeta, ...problems(401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.code(201).send(await addQuoteAttachment(req.ctx, req.params.rfqId, req.body)));

  app.get('/rfqs/:rfqId/attachments/:attachmentId', {
    config: read,
    schema: { tags, summary: 'Download a quote attachment (its supplier; the buyer after the deadline)', params: Type.Object({ rfqId: IdParam, attachmentId: IdParam }), response: { ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    return sendFile(reply, await getQuoteAttachment(req.ctx, req.params.rfqId, req.params.attachmentId));
  });

  // Q&A: anonymous to everyone.
  app.get('/rfqs/:rfqId/questions', {
    config: read,
    schema: { tags, summary: 'Clarification questions and answers (never who asked)', params: RfqParams, response: { 200: Type.Object({ items: Type.Array(QuestionSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => ({ items: await listRfqQuestions(req.ctx, req.params.rfqId) }));

  app.post('/rfqs/:rfqId/questions', {
    config: respond,
    schema: { tags, summary: 'Ask a clarification question (invited supplier, before the deadline)', params: RfqParams, body: Type.Object({ question: NonEmpty(2000) }), response: { 201: QuestionSchema, ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(await askRfqQuestion(req.ctx, req.params.rfqId, req.body.question)));

  app.post('/rfqs/:rfqId/questions/:questionId/answer', {
    config: manage,
    schema: { tags, summary: 'Answer a question; every invitee sees it', params: Type.Object({ rfqId: IdParam, questionId: IdParam }), body: Type.Object({ answer: NonEmpty(5000) }), response: { 200: QuestionSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => answerRfqQuestion(req.ctx, req.params.rfqId, req.params.questionId, req.body.answer));

  // Buyer after the deadline: quotes, comparison, award.
  app.get('/rfqs/:rfqId/quotes', {
    config: manage,
    schema: { tags, summary: 'All quotes (buyer, after the deadline; 409 sourcing.quotes_sealed before)', params: RfqParams, response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...quoteFields, supplierName: Type.String(), supplierNameEn: Nullable(Type.String()) })) }), ...problems(401, 403, 404, 409) } },
  }, async (req) => {
    const { quotes } = await listQuotesForBuyer(req.ctx, req.params.rfqId);
    return { items: quotes.map((q) => ({ ...toQuoteJson(q), supplierName: q.supplierName, supplierNameEn: q.supplierNameEn })) };
  });

  app.get('/rfqs/:rfqId/comparison', {
    config: manage,
    schema: { tags, summary: 'Comparison table (比价): per line and per supplier, landed cost incl. tax and freight, lead time, rating, best split (buyer, after the deadline)', params: RfqParams, response: { 200: ComparisonSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => {
    const c = await compareQuotes(req.ctx, req.params.rfqId);
    return { ...c, rfq: toRfqJson(c.rfq), lines: c.lines.map((l) => ({ ...l, line: toLineJson(l.line) })) };
  });

  app.post('/rfqs/:rfqId/award', {
    config: manage,
    schema: {
      tags,
      summary: 'Award the RFQ whole (`quoteId`) or split by line (`lines`): one order per awarded supplier through createOrder, all in one transaction',
      params: RfqParams,
      body: Type.Object({
        quoteId: Type.Optional(IdParam),
        lines: Type.Optional(Type.Array(Type.Object({ rfqLineId: IdParam, quoteId: IdParam }), { minItems: 1, maxItems: 500 })),
        version: Version,
      }),
      response: { 201: Type.Object({ rfq: RfqSchema, orders: Type.Array(OrderSummary) }), ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const { rfq, orders } = await awardRfq(req.ctx, req.params.rfqId, { ...req.body, ifMatch: ifMatch(req.headers) });
    withEtag(reply, rfq);
    return reply.code(201).send({
      rfq: toRfqJson(rfq),
      orders: orders.map((o) => ({ id: o.id, number: o.number, supplierOrgId: o.supplierOrgId, status: o.status, subtotal: money(o.subtotal), taxTotal: money(o.taxTotal), total: money(o.total), lines: o.lines.length })),
    });
  });
};
