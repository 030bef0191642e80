import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { etagOf } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import { money, qty } from '../../platform/money.ts';
import { DateTime, IdParam, Money, NonEmpty, Nullable, Page, PageQuery, problems, Str } from '../../platform/schemas.ts';
import { PLATFORM, seesAll, settingsFor, actorOrg } from './common.ts';
import type { InvoiceStatus } from './invoice.state.ts';
import { approveInvoice, cancelInvoice, createInvoice, getInvoice, listInvoices, rejectInvoice, type InvoiceWithLines } from './invoices.ts';
import { getPayment, listPayments } from './payments.ts';
import { createPayout, getPayout, listPayouts } from './payouts.ts';
import { PERM } from './permissions.ts';
import { recordPayment } from './record-payment.ts';
import { createCommissionRule, getCommissionRule, listCommissionRules, previewCommission, updateCommissionRule } from './rules.ts';
import type { BankStatement, BankStatementLine, CommissionRule, Invoice, Payment, Payout } from './schema.ts';
import { orderSettlementSummary, updateSettings } from './settings.ts';
import { getStatement, importStatement, listStatementLines, listStatements, matchStatementLine, MAX_STATEMENT_BYTES, type StatementReport } from './statements.ts';

// --- schemas --------------------------------------------------------------------------------

const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });
const PositiveMoney = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,2})?$', maxLength: 20 });
const UnitPrice = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,4})?$', maxLength: 20 });
const TaxRate = Type.String({ pattern: '^0(\\.\\d{1,4})?$', maxLength: 6 });
const Rate = Type.String({ pattern: '^0(\\.\\d{1,4})?$', maxLength: 6 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const VatNumber = NonEmpty(40, { pattern: '^[0-9A-Za-z-]+$' });
const BankReference = NonEmpty(64, { pattern: '^[0-9A-Za-z_./-]+$' });
const Reason = NonEmpty(500);
const CategoryCode = Type.String({ pattern: '^\\d{2,12}$', maxLength: 12 });
const Tier = Str(40, { pattern: '^[a-z_]*$' });
const Version = Type.Optional(Type.Integer({ minimum: 0 }));
const InvoiceStatusSchema = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('matched'),
  Type.Literal('exception'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('paid'),
  Type.Literal('cancelled'),
]);
const IfMatch = Type.Object({ 'if-match': Type.Optional(Str(100)) });

const MatchLineSchema = Type.Object(
  {
    orderLineId: Type.String(),
    quantity: Type.String(),
    acceptedQuantity: Type.String(),
    availableQuantity: Type.String(),
    orderUnitPrice: Type.String(),
    invoiceUnitPrice: Type.String(),
    expectedSubtotal: Type.String(),
    invoicedSubtotal: Type.String(),
    variance: Type.String(),
    tolerance: Type.String(),
    issues: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);
const MatchResultSchema = Type.Object(
  {
    ok: Type.Boolean(),
    issues: Type.Array(Type.String()),
    lines: Type.Array(MatchLineSchema),
    expectedTotal: Type.String(),
    invoicedTotal: Type.String(),
    totalVariance: Type.String(),
    totalTolerance: Type.String(),
  },
  { additionalProperties: true },
);

const InvoiceLineSchema = Type.Object({
  id: Type.String(),
  orderLineId: Type.String(),
  description: Type.String(),
  quantity: Type.String(),
  unitPrice: Type.String(),
  taxRate: Type.String(),
  lineSubtotal: Money,
  lineTax: Money,
  lineTotal: Money,
});

const InvoiceSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  vatInvoiceNumber: Type.String(),
  orderId: Type.String(),
  orderNumber: Nullable(Type.String()),
  supplierOrgId: Type.String(),
  buyerOrgId: Type.String(),
  issueDate: Type.String(),
  currency: Type.String(),
  subtotal: Money,
  taxTotal: Money,
  total: Money,
  paidAmount: Money,
  status: InvoiceStatusSchema,
  paymentMethod: Type.String(),
  matchResult: Nullable(MatchResultSchema),
  exceptionReason: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  overdue: Type.Boolean(),
  commission: Nullable(Money),
  approvedAt: Nullable(DateTime),
  paidAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
  lines: Type.Optional(Type.Array(InvoiceLineSchema)),
});

const PaymentSchema = Type.Object({
  id: Type.String(),
  buyerOrgId: Type.String(),
  purpose: Type.String(),
  orderId: Nullable(Type.String()),
  invoiceId: Nullable(Type.String()),
  amount: Money,
  currency: Type.String(),
  bankReference: Type.String(),
  status: Type.String(),
  receivedAt: DateTime,
  statementLineId: Nullable(Type.String()),
  ledgerEntryId: Nullable(Type.String()),
  allocation: Nullable(Type.Object({ escrow: Money, receivable: Money })),
  note: Nullable(Type.String()),
  createdAt: DateTime,
});

const PayoutSchema = Type.Object({
  id: Type.String(),
  supplierOrgId: Type.String(),
  amount: Money,
  currency: Type.String(),
  status: Type.String(),
  reference: Nullable(Type.String()),
  ledgerEntryId: Nullable(Type.String()),
  createdAt: DateTime,
});

const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  categoryCode: Nullable(Type.String()),
  supplierTier: Nullable(Type.String()),
  rate: Type.String(),
  minAmount: Nullable(Money),
  maxAmount: Nullable(Money),
  priority: Type.Integer(),
  active: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

const StatementSchema = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  sha256: Type.String(),
  encoding: Type.String(),
  lineCount: Type.Integer(),
  matchedCount: Type.Integer(),
  unmatchedCount: Type.Integer(),
  duplicateCount: Type.Integer(),
  totalAmount: Money,
  createdAt: DateTime,
});

const StatementLineSchema = Type.Object({
  id: Type.String(),
  statementId: Type.String(),
  lineNo: Type.Integer(),
  valueDate: Type.String(),
  amount: Money,
  currency: Type.String(),
  payerName: Nullable(Type.String()),
  payerAccount: Nullable(Type.String()),
  bankReference: Type.String(),
  remittanceInfo: Nullable(Type.String()),
  status: Type.String(),
  matchedPaymentId: Nullable(Type.String()),
  matchedType: Nullable(Type.String()),
  matchedId: Nullable(Type.String()),
  buyerOrgId: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

const StatementReportSchema = Type.Object({ statement: StatementSchema, lines: Type.Array(StatementLineSchema), alreadyImported: Type.Boolean() });

const SettingsSchema = Type.Object({
  orgId: Type.String(),
  pricePercent: Type.String(),
  priceAmount: Money,
  totalAmount: Money,
  reminderDaysBefore: Type.Integer(),
  own: Type.Boolean(),
  version: Type.Integer(),
});

const SummarySchema = Type.Object({
  orderId: Type.String(),
  number: Type.String(),
  status: Type.String(),
  paymentMethod: Type.String(),
  creditDays: Nullable(Type.Integer()),
  currency: Type.String(),
  total: Money,
  escrowPaid: Money,
  escrowReleased: Money,
  escrowRefunded: Money,
  escrowHeld: Money,
  receivableOpen: Money,
  acceptedValue: Money,
  amountDue: Money,
  commissionCharged: Nullable(Money),
  settledAt: Nullable(DateTime),
  lines: Type.Array(
    Type.Object({
      orderLineId: Type.String(),
      lineNo: Type.Integer(),
      name: Type.String(),
      spec: Nullable(Type.String()),
      uom: Type.String(),
      categoryCode: Nullable(Type.String()),
      quantity: Type.String(),
      unitPrice: Type.String(),
      taxRate: Type.String(),
      receivedQuantity: Type.String(),
      acceptedQuantity: Type.String(),
      claimedQuantity: Type.String(),
      invoiceableQuantity: Type.String(),
    }),
  ),
  invoices: Type.Array(
    Type.Object({ id: Type.String(), number: Type.String(), vatInvoiceNumber: Type.String(), status: Type.String(), total: Money, paidAmount: Money, dueDate: Nullable(Type.String()), overdue: Type.Boolean() }),
  ),
});

// --- views ------------------------------------------------------------------------------------

function toInvoice(ctx: Ctx, invoice: Invoice | InvoiceWithLines): Static<typeof InvoiceSchema> {
  const match = invoice.matchResult as (Record<string, unknown> & { orderNumber?: string }) | null;
  const showCommission = invoice.supplierOrgId === ctx.actor?.orgId || seesAll(ctx);
  return {
    id: invoice.id,
    number: invoice.number,
    vatInvoiceNumber: invoice.vatInvoiceNumber,
    orderId: invoice.orderId,
    orderNumber: match?.orderNumber ?? null,
    supplierOrgId: invoice.supplierOrgId,
    buyerOrgId: invoice.buyerOrgId,
    issueDate: invoice.issueDate,
    currency: invoice.currency,
    subtotal: money(invoice.subtotal),
    taxTotal: money(invoice.taxTotal),
    total: money(invoice.total),
    paidAmount: money(invoice.paidAmount),
    status: invoice.status as InvoiceStatus,
    paymentMethod: invoice.paymentMethod,
    matchResult: match as never,
    exceptionReason: invoice.exceptionReason,
    decisionReason: invoice.decisionReason,
    dueDate: invoice.dueDate,
    overdue: invoice.overdue,
    commission: showCommission && invoice.commission !== null ? money(invoice.commission) : null,
    approvedAt: invoice.approvedAt,
    paidAt: invoice.paidAt,
    createdAt: invoice.createdAt,
    version: invoice.version,
    ...('lines' in invoice
      ? {
          lines: invoice.lines.map((l) => ({
            id: l.id,
            orderLineId: l.orderLineId,
            description: l.description,
            quantity: qty(l.quantity),
            unitPrice: money(l.unitPrice, 4),
            taxRate: money(l.taxRate, 4),
            lineSubtotal: money(l.lineSubtotal),
            lineTax: money(l.lineTax),
            lineTotal: money(l.lineTotal),
          })),
        }
      : {}),
  };
}

const toPayment = (p: Payment) => ({ ...p, amount: money(p.amount), allocation: p.allocation ?? null });
const toPayout = (p: Payout) => ({ ...p, amount: money(p.amount) });
const toRule = (r: CommissionRule) => ({
  ...r,
  rate: money(r.rate, 4),
  minAmount: r.minAmount === null ? null : money(r.minAmount),
  maxAmount: r.maxAmount === null ? null : money(r.maxAmount),
});
const toStatement = (s: BankStatement) => ({ ...s, totalAmount: money(s.totalAmount) });
const toLine = (l: BankStatementLine) => ({ ...l, amount: money(l.amount) });
const toReport = (r: StatementReport) => ({ statement: toStatement(r.statement), lines: r.lines.map(toLine), alreadyImported: r.alreadyImported });

const tags = ['settlement'];

export const settlementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // --- invoices ---------------------------------------------------------------------------------

  app.get('/invoices', {
    config: { access: { permission: PERM.invoicesRead } },
    schema: {
      tags,
      summary: 'Invoices the organisation issued (supplier) or received (buyer), newest first; platform readers see all',
      querystring: Type.Object({
        ...PageQuery.properties,
        status: Type.Optional(InvoiceStatusSchema),
        orderId: Type.Optional(Str(64)),
        overdue: Type.Optional(Type.Boolean()),
        side: Type.Optional(Type.Union([Type.Literal('issued'), Type.Literal('received')])),
      }),
      response: { 200: Page(InvoiceSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listInvoices(req.ctx.db, req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map((i) => toInvoice(req.ctx, i)), nextCursor: page.nextCursor };
  });

  app.post('/invoices', {
    config: { access: { permission: PERM.invoicesCreate } },
    schema: {
      tags,
      summary: 'Invoice accepted goods of an order (VAT lines; omit lines to invoice everything accepted and not invoiced)',
      body: Type.Object({
        orderId: IdParam,
        vatInvoiceNumber: VatNumber,
        issueDate: Type.Optional(DateOnly),
        lines: Type.Optional(
          Type.Array(Type.Object({ orderLineId: IdParam, quantity: Quantity, unitPrice: Type.Optional(UnitPrice), taxRate: Type.Optional(TaxRate) }), { minItems: 1, maxItems: 500 }),
        ),
      }),
      response: { 201: InvoiceSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const invoice = await createInvoice(req.ctx, req.body);
    return reply.code(201).header('etag', etagOf(invoice.version)).send(toInvoice(req.ctx, invoice));
  });

  app.get('/invoices/:invoiceId', {
    config: { access: { permission: PERM.invoicesRead } },
    schema: { tags, summary: 'An invoice with its lines and three-way match result', params: Type.Object({ invoiceId: IdParam }), response: { 200: InvoiceSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const invoice = await getInvoice(req.ctx.db, req.ctx, req.params.invoiceId);
    return reply.header('etag', etagOf(invoice.version)).send(toInvoice(req.ctx, invoice));
  });

  const decisionSchema = (summary: string) => ({
    tags,
    summary,
    params: Type.Object({ invoiceId: IdParam }),
    headers: IfMatch,
    body: Type.Object({ reason: Reason, version: Version }),
    response: { 200: InvoiceSchema, ...problems(401, 403, 404, 409, 412, 422) },
  });

  app.post('/invoices/:invoiceId/approve', {
    config: { access: { permission: PERM.invoicesDecide } },
    schema: decisionSchema('Approve an invoice from the exception queue, with a reason (buyer finance)'),
  }, async (req, reply) => {
    const invoice = await approveInvoice(req.ctx, req.params.invoiceId, { ...req.body, ifMatch: req.headers['if-match'] });
    return reply.header('etag', etagOf(invoice.version)).send(toInvoice(req.ctx, invoice));
  });

  app.post('/invoices/:invoiceId/reject', {
    config: { access: { permission: PERM.invoicesDecide } },
    schema: decisionSchema('Reject an invoice from the exception queue; the supplier issues a corrected one (buyer finance)'),
  }, async (req, reply) => {
    const invoice = await rejectInvoice(req.ctx, req.params.invoiceId, { ...req.body, ifMatch: req.headers['if-match'] });
    return reply.header('etag', etagOf(invoice.version)).send(toInvoice(req.ctx, invoice));
  });

  app.post('/invoices/:invoiceId/cancel', {
    config: { access: { permission: PERM.invoicesCreate } },
    schema: decisionSchema('Withdraw an invoice nobody has approved yet (supplier)'),
  }, async (req, reply) => {
    const invoice = await cancelInvoice(req.ctx, req.params.invoiceId, { ...req.body, ifMatch: req.headers['if-match'] });
    return reply.header('etag', etagOf(invoice.version)).send(toInvoice(req.ctx, invoice));
  });

  app.get('/settlement/orders/:orderId', {
    config: { access: { permission: PERM.invoicesRead } },
    schema: {
      tags,
      summary: "An order's money: escrow paid, released, refunded and held, amount due, invoiceable quantities and invoices",
      params: Type.Object({ orderId: IdParam }),
      response: { 200: SummarySchema, ...problems(401, 403, 404) },
    },
  }, async (req) => orderSettlementSummary(req.ctx.db, req.ctx, req.params.orderId));

  // --- payments ---------------------------------------------------------------------------------

  app.get('/payments', {
    config: { access: { permission: PERM.paymentsRead } },
    schema: {
      tags,
      summary: 'Payments of the organisation (buyer), newest first; platform readers see all',
      querystring: Type.Object({ ...PageQuery.properties, orderId: Type.Optional(Str(64)), invoiceId: Type.Optional(Str(64)), buyerOrgId: Type.Optional(Str(64)) }),
      response: { 200: Page(PaymentSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listPayments(req.ctx.db, req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toPayment), nextCursor: page.nextCursor };
  });

  app.post('/payments', {
    config: { access: { permission: PERM.paymentsRecord } },
    schema: {
      tags,
      summary: 'Record a transfer: into escrow for an order, or against an approved credit-terms invoice (buyer finance)',
      body: Type.Object({
        purpose: Type.Union([Type.Literal('escrow'), Type.Literal('invoice')]),
        orderId: Type.Optional(IdParam),
        invoiceId: Type.Optional(IdParam),
        amount: PositiveMoney,
        bankReference: BankReference,
        receivedAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        note: Type.Optional(Str(500)),
      }),
      response: { 201: PaymentSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toPayment(await recordPayment(req.ctx, req.body))));

  app.get('/payments/:paymentId', {
    config: { access: { permission: PERM.paymentsRead } },
    schema: { tags, summary: 'A payment', params: Type.Object({ paymentId: IdParam }), response: { 200: PaymentSchema, ...problems(401, 403, 404) } },
  }, async (req) => toPayment(await getPayment(req.ctx.db, req.ctx, req.params.paymentId)));

  // --- payouts ----------------------------------------------------------------------------------

  app.get('/payouts', {
    config: { access: { permission: PERM.payoutsRead } },
    schema: {
      tags,
      summary: 'Payouts to the organisation (supplier), newest first; platform readers see all',
      querystring: Type.Object({ ...PageQuery.properties, supplierOrgId: Type.Optional(Str(64)) }),
      response: { 200: Page(PayoutSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listPayouts(req.ctx.db, req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toPayout), nextCursor: page.nextCursor };
  });

  app.get('/payouts/:payoutId', {
    config: { access: { permission: PERM.payoutsRead } },
    schema: { tags, summary: 'A payout', params: Type.Object({ payoutId: IdParam }), response: { 200: PayoutSchema, ...problems(401, 403, 404) } },
  }, async (req) => toPayout(await getPayout(req.ctx.db, req.ctx, req.params.payoutId)));

  app.post('/platform/payouts', {
    config: { access: { permission: PERM.payoutsCreate } },
    schema: {
      tags,
      summary: "Pay a supplier out of its payable balance (platform finance); never more than the balance",
      body: Type.Object({ supplierOrgId: IdParam, amount: PositiveMoney, reference: Type.Optional(Str(100)) }),
      response: { 201: PayoutSchema, ...problems(401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toPayout(await createPayout(req.ctx, req.body))));

  // --- commission rules -------------------------------------------------------------------------

  const RuleBody = {
    name: NonEmpty(100),
    categoryCode: Type.Optional(Nullable(CategoryCode)),
    supplierTier: Type.Optional(Nullable(Tier)),
    rate: Rate,
    minAmount: Type.Optional(Nullable(PositiveMoney)),
    maxAmount: Type.Optional(Nullable(PositiveMoney)),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    active: Type.Optional(Type.Boolean()),
  };

  app.get('/platform/commission-rules', {
    config: { access: { permission: PERM.commissionManage } },
    schema: { tags, summary: 'Commission rules', querystring: Type.Object({ active: Type.Optional(Type.Boolean()) }), response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...problems(401, 403) } },
  }, async (req) => ({ items: (await listCommissionRules(req.ctx.db, req.query)).map(toRule) }));

  app.post('/platform/commission-rules', {
    config: { access: { permission: PERM.commissionManage } },
    schema: { tags, summary: 'Create a commission rule (category prefix, supplier tier, rate, min/max per order, priority)', body: Type.Object(RuleBody), response: { 201: RuleSchema, ...problems(401, 403, 422) } },
  }, async (req, reply) => {
    const rule = await createCommissionRule(req.ctx, req.body);
    return reply.code(201).header('etag', etagOf(rule.version)).send(toRule(rule));
  });

  app.get('/platform/commission-rules/:ruleId', {
    config: { access: { permission: PERM.commissionManage } },
    schema: { tags, summary: 'A commission rule', params: Type.Object({ ruleId: IdParam }), response: { 200: RuleSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const rule = await getCommissionRule(req.ctx.db, req.params.ruleId);
    return reply.header('etag', etagOf(rule.version)).send(toRule(rule));
  });

  app.patch('/platform/commission-rules/:ruleId', {
    config: { access: { permission: PERM.commissionManage } },
    schema: {
      tags,
      summary: 'Edit a commission rule (send the version read, or If-Match)',
      params: Type.Object({ ruleId: IdParam }),
      headers: IfMatch,
      body: Type.Object({ ...Type.Partial(Type.Object(RuleBody)).properties, version: Version }),
      response: { 200: RuleSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const rule = await updateCommissionRule(req.ctx, req.params.ruleId, { ...req.body, ifMatch: req.headers['if-match'] });
    return reply.header('etag', etagOf(rule.version)).send(toRule(rule));
  });

  app.get('/platform/commission-preview', {
    config: { access: { permission: PERM.commissionManage } },
    schema: {
      tags,
      summary: 'Which commission rule applies to a category and supplier tier, and what it charges on a subtotal',
      querystring: Type.Object({ categoryCode: Type.Optional(CategoryCode), supplierTier: Type.Optional(Tier), subtotal: PositiveMoney }),
      response: { 200: Type.Object({ rule: Nullable(RuleSchema), commission: Money }), ...problems(401, 403) },
    },
  }, async (req) => {
    const preview = await previewCommission(req.ctx.db, { categoryCode: req.query.categoryCode ?? null, supplierTier: req.query.supplierTier || null, subtotal: req.query.subtotal });
    return { rule: preview.rule ? toRule(preview.rule) : null, commission: preview.commission };
  });

  // --- bank statements --------------------------------------------------------------------------

  app.post('/platform/bank-statements', {
    config: { access: { permission: PERM.statementsManage } },
    bodyLimit: Math.ceil((MAX_STATEMENT_BYTES * 4) / 3) + 4096,
    schema: {
      tags,
      summary: 'Import a bank statement CSV (base64; UTF-8 or GBK): lines are matched to invoices/orders by reference and amount, the rest parked in suspense',
      body: Type.Object({ filename: NonEmpty(200), content: NonEmpty(Math.ceil((MAX_STATEMENT_BYTES * 4) / 3) + 4, { pattern: '^[A-Za-z0-9+/=\\s]+$' }) }),
      response: { 201: StatementReportSchema, 200: StatementReportSchema, ...problems(401, 403, 413, 422) },
    },
  }, async (req, reply) => {
    const report = await importStatement(req.ctx, req.body);
    return reply.code(report.alreadyImported ? 200 : 201).send(toReport(report));
  });

  app.get('/platform/bank-statements', {
    config: { access: { permission: PERM.statementsManage } },
    schema: { tags, summary: 'Imported bank statements, newest first', querystring: PageQuery, response: { 200: Page(StatementSchema), ...problems(401, 403) } },
  }, async (req) => {
    const page = await listStatements(req.ctx.db, { limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toStatement), nextCursor: page.nextCursor };
  });

  app.get('/platform/bank-statements/:statementId', {
    config: { access: { permission: PERM.statementsManage } },
    schema: { tags, summary: 'A statement and its matching report (every line with its status)', params: Type.Object({ statementId: IdParam }), response: { 200: StatementReportSchema, ...problems(401, 403, 404) } },
  }, async (req) => toReport(await getStatement(req.ctx.db, req.params.statementId)));

  app.get('/platform/bank-statement-lines', {
    config: { access: { permission: PERM.statementsManage } },
    schema: {
      tags,
      summary: 'Statement lines across statements (status=unmatched: the suspense queue), newest first',
      querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(Type.Union([Type.Literal('matched'), Type.Literal('unmatched'), Type.Literal('duplicate'), Type.Literal('ignored')])) }),
      response: { 200: Page(StatementLineSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listStatementLines(req.ctx.db, { status: req.query.status, limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toLine), nextCursor: page.nextCursor };
  });

  app.post('/platform/bank-statement-lines/:lineId/match', {
    config: { access: { permission: PERM.statementsManage } },
    schema: {
      tags,
      summary: 'Match a parked line by hand to an order (escrow) or an invoice; the money leaves suspense',
      params: Type.Object({ lineId: IdParam }),
      body: Type.Object({ type: Type.Union([Type.Literal('order'), Type.Literal('invoice')]), id: IdParam }),
      response: { 200: StatementLineSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => toLine(await matchStatementLine(req.ctx, req.params.lineId, req.body)));

  // --- settings ---------------------------------------------------------------------------------

  app.get('/settlement/settings', {
    config: { access: { permission: PERM.invoicesRead } },
    schema: {
      tags,
      summary: "Three-way match tolerance and reminder timing of the organisation (platform finance: ?orgId, 'platform' for the default)",
      querystring: Type.Object({ orgId: Type.Optional(Str(64)) }),
      response: { 200: SettingsSchema, ...problems(401, 403) },
    },
  }, async (req, reply) => {
    const orgId = req.query.orgId && seesAll(req.ctx) ? req.query.orgId : req.ctx.actor?.orgKinds.includes('platform') ? PLATFORM : actorOrg(req.ctx);
    const settings = await settingsFor(req.ctx.db, orgId);
    return reply.header('etag', etagOf(settings.version)).send(settings);
  });

  app.put('/settlement/settings', {
    config: { access: { permission: PERM.settingsManage } },
    schema: {
      tags,
      summary: 'Set the three-way match tolerance and reminder timing (buyer finance: own organisation; platform finance: the default)',
      headers: IfMatch,
      body: Type.Object({
        pricePercent: Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,4})?$', maxLength: 8 }),
        priceAmount: PositiveMoney,
        totalAmount: PositiveMoney,
        reminderDaysBefore: Type.Integer({ minimum: 0, maximum: 60 }),
        version: Version,
      }),
      response: { 200: SettingsSchema, ...problems(401, 403, 409, 412) },
    },
  }, async (req, reply) => {
    const orgId = req.ctx.actor?.orgKinds.includes('platform') ? PLATFORM : actorOrg(req.ctx);
    const settings = await updateSettings(req.ctx, orgId, { ...req.body, ifMatch: req.headers['if-match'] });
    return reply.header('etag', etagOf(settings.version)).send(settings);
  });
};
