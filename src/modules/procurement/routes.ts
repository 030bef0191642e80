import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { etagOf } from '../../platform/concurrency.ts';
import { dec, qty } from '../../platform/money.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { Problem } from '../../platform/problem.ts';
import { DateTime, IdParam, NonEmpty, Nullable, Page, PageQuery, problems, Str } from '../../platform/schemas.ts';
import { listOrgUsers } from '../identity/index.ts';
import { createRule, decideApprovalTask, getRule, listInbox, listRules, updateRule, type ApprovalRule, type InboxItem, type TaskView } from './approvals.ts';
import { amountText, remainingOf, type BudgetLine, type BudgetMovement } from './budget.ts';
import { buyerOrgOf, CURSOR_INT, cursorKey } from './common.ts';
import { createDelegation, listDelegations, revokeDelegation, type Delegation } from './delegations.ts';
import { PERM } from './permissions.ts';
import { addBudgetLine, changePlanStatus, createPlan, getBudgetLine, getPlan, listBudgetLines, listBudgetMovements, listPlans, updateBudgetLine, updatePlan, type Plan, type PlanTotals } from './plans.ts';
import { REQUISITION_STATUSES } from './requisition.state.ts';
import {
  cancelRequisition,
  createRequisition,
  getRequisition,
  listRequisitions,
  reopenRequisition,
  submitRequisition,
  updateRequisition,
  type Requisition,
  type RequisitionDetail,
  type RequisitionLine,
} from './requisitions.ts';

// --- shared schema pieces -------------------------------------------------------------------------

/** Amounts a client sends: non-negative decimal strings (never floats). */
const Amount = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,4})?$', maxLength: 20 });
const MoneyOut = Type.String();
/** Quantities travel as decimal strings (cable by the metre, steel by the tonne). */
const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 16 });
const DateOnly = Type.String({ format: 'date', maxLength: 10 });
const CategoryCode = Type.String({ pattern: '^(\\d{2}){1,6}$', maxLength: 12 });
const BudgetCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', maxLength: 40 });
const Share = Type.String({ pattern: '^(0(\\.\\d{1,4})?|1(\\.0{1,4})?)$', maxLength: 6 });
const Version = Type.Optional(Type.Integer({ minimum: 1 }));
const VersionBody = Type.Object({ version: Version });
const tags = ['procurement'];

function badQuery(pointer: string, message: string): Problem {
  return new Problem('request.invalid', { count: 1 }, {}, [{ pointer, in: 'querystring', message }]);
}

function withEtag<T extends { version: number }>(reply: FastifyReply, row: T): T {
  void reply.header('etag', etagOf(row.version));
  return row;
}

// --- plans and budget lines -----------------------------------------------------------------------

const TotalsSchema = Type.Object({ amount: MoneyOut, committed: MoneyOut, spent: MoneyOut, remaining: MoneyOut });
const PlanSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  periodType: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  status: Type.String(),
  notes: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
  totals: TotalsSchema,
});
const BudgetLineSchema = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  code: Type.String(),
  orgUnit: Type.String(),
  categoryCode: Nullable(Type.String()),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  currency: Type.String(),
  amount: MoneyOut,
  committed: MoneyOut,
  spent: MoneyOut,
  remaining: MoneyOut,
  updatedAt: DateTime,
  version: Type.Integer(),
});
const MovementSchema = Type.Object({
  id: Type.String(),
  budgetLineId: Type.String(),
  kind: Type.String(),
  committedDelta: MoneyOut,
  spentDelta: MoneyOut,
  referenceType: Type.String(),
  referenceId: Type.String(),
  createdAt: DateTime,
});
const BudgetLineBody = {
  code: BudgetCode,
  orgUnit: NonEmpty(100),
  categoryCode: Type.Optional(Nullable(CategoryCode)),
  amount: Amount,
  periodStart: Type.Optional(DateOnly),
  periodEnd: Type.Optional(DateOnly),
};

const toPlan = (plan: Plan, totals: PlanTotals) => ({ ...plan, totals });
const toBudgetLine = (l: BudgetLine) => ({
  id: l.id,
  planId: l.planId,
  code: l.code,
  orgUnit: l.orgUnit,
  categoryCode: l.categoryCode,
  periodStart: l.periodStart,
  periodEnd: l.periodEnd,
  currency: l.currency,
  amount: amountText(l.amount),
  committed: amountText(l.committed),
  spent: amountText(l.spent),
  remaining: amountText(remainingOf(l)),
  updatedAt: l.updatedAt,
  version: l.version,
});
const toMovement = (m: BudgetMovement) => ({ ...m, committedDelta: amountText(m.committedDelta), spentDelta: amountText(m.spentDelta) });

// --- requisitions -----------------------------------------------------------------------------------

const LineSchema = Type.Object({
  id: Type.String(),
  lineNo: Type.Integer(),
  skuId: Nullable(Type.String()),
  supplierOrgId: Nullable(Type.String()),
  categoryCode: Nullable(Type.String()),
  description: Type.String(),
  spec: Nullable(Type.String()),
  quantity: Type.String(),
  uom: Type.String(),
  estimatedUnitPrice: MoneyOut,
  amount: MoneyOut,
  needBy: Nullable(Type.String()),
  orderedQuantity: Type.String(),
  remainingQuantity: Type.String(),
});
const TaskSchema = Type.Object({
  id: Type.String(),
  documentType: Type.String(),
  documentId: Type.String(),
  step: Type.Integer(),
  mode: Type.String(),
  ruleId: Nullable(Type.String()),
  assigneeId: Type.String(),
  assigneeName: Nullable(Type.String()),
  delegatedFromId: Nullable(Type.String()),
  delegatedFromName: Nullable(Type.String()),
  status: Type.String(),
  comment: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  dueAt: Nullable(DateTime),
  remindedAt: Nullable(DateTime),
  createdAt: DateTime,
});
const RequisitionFields = {
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  requesterId: Type.String(),
  requesterName: Nullable(Type.String()),
  orgUnit: Nullable(Type.String()),
  deliverySite: Nullable(Type.String()),
  needBy: Nullable(Type.String()),
  budgetLineId: Nullable(Type.String()),
  currency: Type.String(),
  totalAmount: MoneyOut,
  justification: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
};
const RequisitionSummarySchema = Type.Object({ ...RequisitionFields, lineCount: Type.Integer() });
const RequisitionSchema = Type.Object({
  ...RequisitionFields,
  lines: Type.Array(LineSchema),
  budgetLine: Nullable(BudgetLineSchema),
  approval: Type.Array(TaskSchema),
  commitment: Type.Array(Type.Object({ budgetLineId: Type.String(), committed: MoneyOut, spent: MoneyOut })),
  released: Type.Optional(MoneyOut),
});
const LineInput = Type.Object({
  skuId: Type.Optional(Nullable(IdParam)),
  description: Type.Optional(Str(200)),
  spec: Type.Optional(Nullable(Str(1000))),
  categoryCode: Type.Optional(Nullable(CategoryCode)),
  quantity: Quantity,
  uom: Type.Optional(Str(20)),
  estimatedUnitPrice: Type.Optional(Amount),
  needBy: Type.Optional(Nullable(DateOnly)),
});
const RequisitionBody = {
  title: NonEmpty(200),
  orgUnit: Type.Optional(Nullable(Str(100))),
  deliverySite: Type.Optional(Nullable(Str(300))),
  needBy: Type.Optional(Nullable(DateOnly)),
  budgetLineId: Type.Optional(Nullable(IdParam)),
  justification: Type.Optional(Nullable(Str(2000))),
  lines: Type.Array(LineInput, { maxItems: 200 }),
};

const toTask = (t: TaskView) => ({ ...t });
const toLine = (l: RequisitionLine) => ({
  ...l,
  quantity: qty(l.quantity),
  estimatedUnitPrice: amountText(l.estimatedUnitPrice),
  amount: amountText(l.amount),
  orderedQuantity: qty(l.orderedQuantity),
  remainingQuantity: qty(dec(l.quantity).minus(l.orderedQuantity)),
});
const requisitionFields = (r: Requisition, requesterName: string | null) => ({ ...r, requesterName, totalAmount: amountText(r.totalAmount) });
const toRequisition = (d: RequisitionDetail) => ({
  ...requisitionFields(d.requisition, d.requesterName),
  lines: d.lines.map(toLine),
  budgetLine: d.budgetLine ? toBudgetLine(d.budgetLine) : null,
  approval: d.approval.map(toTask),
  commitment: d.commitment,
});

// --- approvals ----------------------------------------------------------------------------------------

const DocumentSchema = Type.Object({
  type: Type.String(),
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  amount: MoneyOut,
  currency: Type.String(),
  status: Type.String(),
  requesterId: Type.String(),
  requesterName: Nullable(Type.String()),
});
const InboxItemSchema = Type.Object({ ...TaskSchema.properties, document: Nullable(DocumentSchema) });
const toInboxItem = (t: InboxItem) => {
  const { subject, requesterName, ...task } = t;
  return {
    ...task,
    document: subject
      ? { type: subject.documentType, id: subject.documentId, number: subject.number, title: subject.title, amount: subject.amount, currency: subject.currency, status: subject.status, requesterId: subject.requesterId, requesterName }
      : null,
  };
};
const StepSchema = Type.Object({
  roles: Type.Array(Str(40), { maxItems: 10 }),
  mode: Type.Union([Type.Literal('any'), Type.Literal('all')]),
  userIds: Type.Optional(Type.Array(IdParam, { maxItems: 50 })),
  remindAfterHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
});
const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  documentType: Type.String(),
  priority: Type.Integer(),
  minAmount: Nullable(MoneyOut),
  maxAmount: Nullable(MoneyOut),
  categoryCode: Nullable(Type.String()),
  budgetRemainingBelow: Nullable(Type.String()),
  steps: Type.Array(StepSchema),
  active: Type.Boolean(),
  createdAt: DateTime,
  version: Type.Integer(),
});
const RuleBody = {
  name: NonEmpty(100),
  documentType: Type.Optional(Str(40)),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  minAmount: Type.Optional(Nullable(Amount)),
  maxAmount: Type.Optional(Nullable(Amount)),
  categoryCode: Type.Optional(Nullable(CategoryCode)),
  budgetRemainingBelow: Type.Optional(Nullable(Share)),
  steps: Type.Array(StepSchema, { minItems: 1, maxItems: 10 }),
  active: Type.Optional(Type.Boolean()),
};
const toRule = (r: ApprovalRule) => ({
  ...r,
  minAmount: r.minAmount === null ? null : amountText(r.minAmount),
  maxAmount: r.maxAmount === null ? null : amountText(r.maxAmount),
  budgetRemainingBelow: r.budgetRemainingBelow === null ? null : dec(r.budgetRemainingBelow).toString(),
});
const DelegationSchema = Type.Object({
  id: Type.String(),
  fromUserId: Type.String(),
  fromUserName: Nullable(Type.String()),
  toUserId: Type.String(),
  toUserName: Nullable(Type.String()),
  startsAt: DateTime,
  endsAt: DateTime,
  revokedAt: Nullable(DateTime),
  createdAt: DateTime,
  active: Type.Boolean(),
});
const UserSchema = Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()), active: Type.Boolean() });

export const procurementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // --- plans ----------------------------------------------------------------------------------------
  app.get('/procurement/plans', {
    config: { access: { permission: PERM.plansRead } },
    schema: {
      tags,
      summary: 'Procurement plans, latest period first, with totals over their budget lines',
      querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed')])) }),
      response: { 200: Page(PlanSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listPlans(req.ctx, { status: req.query.status, limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map((p) => toPlan(p, p.totals)), nextCursor: page.nextCursor };
  });

  app.post('/procurement/plans', {
    config: { access: { permission: PERM.plansManage } },
    schema: {
      tags,
      summary: 'Create a plan (annual, quarterly or monthly from periodStart) with budget lines',
      body: Type.Object({
        name: NonEmpty(100),
        periodType: Type.Union([Type.Literal('annual'), Type.Literal('quarterly'), Type.Literal('monthly')]),
        periodStart: DateOnly,
        notes: Type.Optional(Nullable(Str(2000))),
        budgetLines: Type.Optional(Type.Array(Type.Object(BudgetLineBody), { maxItems: 500 })),
      }),
      response: { 201: Type.Object({ ...PlanSchema.properties, budgetLines: Type.Array(BudgetLineSchema) }), ...problems(401, 403, 409) },
    },
  }, async (req, reply) => {
    const { plan, lines } = await createPlan(req.ctx, req.body);
    const { totals } = await getPlan(req.ctx, plan.id);
    withEtag(reply, plan);
    return reply.code(201).send({ ...toPlan(plan, totals), budgetLines: lines.map(toBudgetLine) });
  });

  app.get('/procurement/plans/:planId', {
    config: { access: { permission: PERM.plansRead } },
    schema: {
      tags,
      summary: 'One plan with its budget lines (committed, spent, remaining)',
      params: Type.Object({ planId: IdParam }),
      response: { 200: Type.Object({ ...PlanSchema.properties, budgetLines: Type.Array(BudgetLineSchema) }), ...problems(401, 403, 404) },
    },
  }, async (req, reply) => {
    const { plan, totals, lines } = await getPlan(req.ctx, req.params.planId);
    withEtag(reply, plan);
    return { ...toPlan(plan, totals), budgetLines: lines.map(toBudgetLine) };
  });

  app.patch('/procurement/plans/:planId', {
    config: { access: { permission: PERM.plansManage } },
    schema: {
      tags,
      summary: "Rename a plan or edit its notes (send version or If-Match)",
      params: Type.Object({ planId: IdParam }),
      body: Type.Object({ name: Type.Optional(NonEmpty(100)), notes: Type.Optional(Nullable(Str(2000))), version: Version }),
      response: { 200: PlanSchema, ...problems(401, 403, 404, 409, 412) },
    },
  }, async (req, reply) => {
    const plan = await updatePlan(req.ctx, req.params.planId, { ...req.body, ifMatch: req.headers['if-match'] });
    withEtag(reply, plan);
    return toPlan(plan, (await getPlan(req.ctx, plan.id)).totals);
  });

  for (const command of ['close', 'reopen'] as const) {
    app.post(`/procurement/plans/:planId/${command}`, {
      config: { access: { permission: PERM.plansManage } },
      schema: {
        tags,
        summary: command === 'close' ? 'Close a plan: its budget lines take no new commitments' : 'Reopen a closed plan',
        params: Type.Object({ planId: IdParam }),
        body: Type.Optional(VersionBody),
        response: { 200: PlanSchema, ...problems(401, 403, 404, 409, 412) },
      },
    }, async (req, reply) => {
      const plan = await changePlanStatus(req.ctx, req.params.planId, command, { version: req.body?.version, ifMatch: req.headers['if-match'] });
      withEtag(reply, plan);
      return toPlan(plan, (await getPlan(req.ctx, plan.id)).totals);
    });
  }

  app.post('/procurement/plans/:planId/budget-lines', {
    config: { access: { permission: PERM.plansManage } },
    schema: {
      tags,
      summary: "Add a budget line (org unit, category prefix, amount; period within the plan's)",
      params: Type.Object({ planId: IdParam }),
      body: Type.Object(BudgetLineBody),
      response: { 201: BudgetLineSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const line = await addBudgetLine(req.ctx, req.params.planId, req.body);
    withEtag(reply, line);
    return reply.code(201).send(toBudgetLine(line));
  });

  app.get('/procurement/budget-lines', {
    config: { access: { permission: PERM.plansRead } },
    schema: {
      tags,
      summary: 'Budget lines by code: of a plan, funding a category, covering a date, of open plans',
      querystring: Type.Object({
        ...PageQuery.properties,
        planId: Type.Optional(IdParam),
        fundsCategory: Type.Optional(CategoryCode),
        activeOn: Type.Optional(DateOnly),
        open: Type.Optional(Type.Boolean()),
      }),
      response: { 200: Page(BudgetLineSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listBudgetLines(req.ctx, { ...req.query, openOnly: req.query.open, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toBudgetLine), nextCursor: page.nextCursor };
  });

  app.get('/procurement/budget-lines/:budgetLineId', {
    config: { access: { permission: PERM.plansRead } },
    schema: { tags, summary: 'One budget line', params: Type.Object({ budgetLineId: IdParam }), response: { 200: BudgetLineSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => toBudgetLine(withEtag(reply, await getBudgetLine(req.ctx, req.params.budgetLineId))));

  app.patch('/procurement/budget-lines/:budgetLineId', {
    config: { access: { permission: PERM.plansManage } },
    schema: {
      tags,
      summary: 'Change a budget line (not below what is committed and spent; send version or If-Match)',
      params: Type.Object({ budgetLineId: IdParam }),
      body: Type.Object({ orgUnit: Type.Optional(NonEmpty(100)), categoryCode: Type.Optional(Nullable(CategoryCode)), amount: Type.Optional(Amount), version: Version }),
      response: { 200: BudgetLineSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => toBudgetLine(withEtag(reply, await updateBudgetLine(req.ctx, req.params.budgetLineId, { ...req.body, ifMatch: req.headers['if-match'] }))));

  app.get('/procurement/budget-lines/:budgetLineId/movements', {
    config: { access: { permission: PERM.plansRead } },
    schema: {
      tags,
      summary: "A budget line's commitments, releases, transfers and spending, newest first",
      params: Type.Object({ budgetLineId: IdParam }),
      querystring: PageQuery,
      response: { 200: Page(MovementSchema), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const page = await listBudgetMovements(req.ctx, req.params.budgetLineId, { limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toMovement), nextCursor: page.nextCursor };
  });

  // --- requisitions -------------------------------------------------------------------------------
  app.get('/procurement/requisitions', {
    config: { access: { permission: PERM.requisitionsRead } },
    schema: {
      tags,
      summary: 'Requisitions, newest first (status: comma-separated; mine: only my own; q: number or title)',
      querystring: Type.Object({
        ...PageQuery.properties,
        status: Type.Optional(Str(200)),
        mine: Type.Optional(Type.Boolean()),
        q: Type.Optional(Str(100)),
        budgetLineId: Type.Optional(IdParam),
      }),
      response: { 200: Page(RequisitionSummarySchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const status = req.query.status ? req.query.status.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    for (const s of status ?? []) {
      if (!(REQUISITION_STATUSES as readonly string[]).includes(s)) {
        throw badQuery('/status', `must be among ${REQUISITION_STATUSES.join(', ')}`);
      }
    }
    const page = await listRequisitions(req.ctx, { ...req.query, status, limit: req.query.limit ?? 50 });
    return { items: page.items.map((r) => ({ ...requisitionFields(r, r.requesterName), lineCount: r.lineCount })), nextCursor: page.nextCursor };
  });

  app.post('/procurement/requisitions', {
    config: { access: { permission: PERM.requisitionsCreate } },
    schema: {
      tags,
      summary: 'Create a draft requisition: catalog SKU lines (priced for you) or free-text lines with a category code',
      body: Type.Object(RequisitionBody),
      response: { 201: RequisitionSchema, ...problems(401, 403, 404) },
    },
  }, async (req, reply) => {
    const created = await createRequisition(req.ctx, req.body);
    withEtag(reply, created);
    return reply.code(201).send(toRequisition(await getRequisition(req.ctx, created.id)));
  });

  app.get('/procurement/requisitions/:requisitionId', {
    config: { access: { permission: PERM.requisitionsRead } },
    schema: {
      tags,
      summary: 'One requisition with lines, budget line, approval route and commitment',
      params: Type.Object({ requisitionId: IdParam }),
      response: { 200: RequisitionSchema, ...problems(401, 403, 404) },
    },
  }, async (req, reply) => {
    const detail = await getRequisition(req.ctx, req.params.requisitionId);
    withEtag(reply, detail.requisition);
    return toRequisition(detail);
  });

  app.patch('/procurement/requisitions/:requisitionId', {
    config: { access: { permission: PERM.requisitionsCreate } },
    schema: {
      tags,
      summary: 'Edit a draft requisition; lines, when sent, replace all lines (send version or If-Match)',
      params: Type.Object({ requisitionId: IdParam }),
      body: Type.Object({ ...Type.Partial(Type.Object(RequisitionBody)).properties, version: Version }),
      response: { 200: RequisitionSchema, ...problems(401, 403, 404, 409, 412) },
    },
  }, async (req, reply) => {
    const updated = await updateRequisition(req.ctx, req.params.requisitionId, { ...req.body, ifMatch: req.headers['if-match'] });
    withEtag(reply, updated);
    return toRequisition(await getRequisition(req.ctx, updated.id));
  });

  const commands = {
    submit: { summary: 'Submit for approval: rules by amount, category and budget remaining pick the approvers (no rule: approved at once)', run: submitRequisition },
    withdraw: { summary: 'Withdraw a pending requisition back to draft (its open approval tasks are skipped)', run: (ctx: Parameters<typeof submitRequisition>[0], id: string, given: { version?: number; ifMatch?: string }) => reopenRequisition(ctx, id, 'withdraw', given) },
    revise: { summary: 'Reopen a rejected requisition as a draft to change and resubmit', run: (ctx: Parameters<typeof submitRequisition>[0], id: string, given: { version?: number; ifMatch?: string }) => reopenRequisition(ctx, id, 'revise', given) },
  } as const;
  for (const [command, { summary, run }] of Object.entries(commands)) {
    app.post(`/procurement/requisitions/:requisitionId/${command}`, {
      config: { access: { permission: PERM.requisitionsCreate } },
      schema: {
        tags,
        summary,
        params: Type.Object({ requisitionId: IdParam }),
        body: Type.Optional(VersionBody),
        response: { 200: RequisitionSchema, ...problems(401, 403, 404, 409, 412, 422) },
      },
    }, async (req, reply) => {
      const updated = await run(req.ctx, req.params.requisitionId, { version: req.body?.version, ifMatch: req.headers['if-match'] });
      withEtag(reply, updated);
      return toRequisition(await getRequisition(req.ctx, updated.id));
    });
  }

  app.post('/procurement/requisitions/:requisitionId/cancel', {
    config: { access: { permission: PERM.requisitionsCreate } },
    schema: {
      tags,
      summary: 'Cancel a requisition; what it commits of its budget line is released',
      params: Type.Object({ requisitionId: IdParam }),
      body: Type.Optional(Type.Object({ reason: Type.Optional(Nullable(Str(500))), version: Version })),
      response: { 200: RequisitionSchema, ...problems(401, 403, 404, 409, 412) },
    },
  }, async (req, reply) => {
    const cancelled = await cancelRequisition(req.ctx, req.params.requisitionId, { ...req.body, ifMatch: req.headers['if-match'] });
    withEtag(reply, cancelled);
    return { ...toRequisition(await getRequisition(req.ctx, cancelled.id)), released: cancelled.released };
  });

  // --- approvals ----------------------------------------------------------------------------------
  app.get('/procurement/approvals/inbox', {
    config: { access: { permission: PERM.approvalsDecide } },
    schema: {
      tags,
      summary: 'My approval tasks (also as a delegate): pending (default) or decided, newest first',
      querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('decided')])), documentType: Type.Optional(Str(40)) }),
      response: { 200: Page(InboxItemSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listInbox(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toInboxItem), nextCursor: page.nextCursor };
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/procurement/approval-tasks/:taskId/${decision}`, {
      config: { access: { permission: PERM.approvalsDecide } },
      schema: {
        tags,
        summary:
          decision === 'approve'
            ? 'Approve my task; the last level commits the budget (422 when the budget line would be overspent)'
            : 'Reject my task with a comment; the document is rejected',
        params: Type.Object({ taskId: IdParam }),
        body: decision === 'approve' ? Type.Optional(Type.Object({ comment: Type.Optional(Nullable(Str(1000))) })) : Type.Object({ comment: NonEmpty(1000) }),
        response: {
          200: Type.Object({ task: TaskSchema, outcome: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]), document: DocumentSchema }),
          ...problems(401, 403, 404, 409, 422),
        },
      },
    }, async (req) => {
      const body = req.body as { comment?: string | null } | undefined;
      const result = await decideApprovalTask(req.ctx, { taskId: req.params.taskId, decision, comment: body?.comment ?? null });
      const s = result.subject;
      return {
        task: { ...result.task, assigneeName: null, delegatedFromName: null },
        outcome: result.outcome,
        document: { type: s.documentType, id: s.documentId, number: s.number, title: s.title, amount: s.amount, currency: s.currency, status: result.outcome === 'pending' ? s.status : result.outcome, requesterId: s.requesterId, requesterName: null },
      };
    });
  }

  app.get('/procurement/approval-rules', {
    config: { access: { permission: PERM.requisitionsRead } },
    schema: {
      tags,
      summary: 'Approval rules in matching order (the first matching rule by priority applies)',
      querystring: Type.Object({ ...PageQuery.properties, documentType: Type.Optional(Str(40)), includeInactive: Type.Optional(Type.Boolean()) }),
      response: { 200: Page(RuleSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listRules(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toRule), nextCursor: page.nextCursor };
  });

  app.post('/procurement/approval-rules', {
    config: { access: { permission: PERM.rulesManage } },
    schema: {
      tags,
      summary: 'Add an approval rule: amount in [min, max), category prefix, budget share left below; levels of roles, any or all',
      body: Type.Object(RuleBody),
      response: { 201: RuleSchema, ...problems(401, 403) },
    },
  }, async (req, reply) => {
    const rule = await createRule(req.ctx, req.body);
    withEtag(reply, rule);
    return reply.code(201).send(toRule(rule));
  });

  app.get('/procurement/approval-rules/:ruleId', {
    config: { access: { permission: PERM.requisitionsRead } },
    schema: { tags, summary: 'One approval rule', params: Type.Object({ ruleId: IdParam }), response: { 200: RuleSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => toRule(withEtag(reply, await getRule(req.ctx, req.params.ruleId))));

  app.patch('/procurement/approval-rules/:ruleId', {
    config: { access: { permission: PERM.rulesManage } },
    schema: {
      tags,
      summary: 'Change or deactivate an approval rule (send version or If-Match); approvals under way keep their tasks',
      params: Type.Object({ ruleId: IdParam }),
      body: Type.Object({ ...Type.Partial(Type.Object(RuleBody)).properties, version: Version }),
      response: { 200: RuleSchema, ...problems(401, 403, 404, 409, 412) },
    },
  }, async (req, reply) => toRule(withEtag(reply, await updateRule(req.ctx, req.params.ruleId, { ...req.body, ifMatch: req.headers['if-match'] }))));

  // --- delegations and people ---------------------------------------------------------------------
  app.get('/procurement/approval-delegations', {
    config: { access: { permission: PERM.approvalsDecide } },
    schema: {
      tags,
      summary: 'Delegations I gave or received (admins: all=true for everyone), current and future unless includePast',
      querystring: Type.Object({ ...PageQuery.properties, all: Type.Optional(Type.Boolean()), includePast: Type.Optional(Type.Boolean()) }),
      response: { 200: Page(DelegationSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listDelegations(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: await delegationViews(req.ctx.db, buyerOrgOf(req.ctx), page.items), nextCursor: page.nextCursor };
  });

  app.post('/procurement/approval-delegations', {
    config: { access: { permission: PERM.approvalsDecide } },
    schema: {
      tags,
      summary: 'Delegate my approvals (admins: anyone’s) to a colleague for a period; pending tasks move now if it has begun',
      body: Type.Object({
        fromUserId: Type.Optional(IdParam),
        toUserId: IdParam,
        startsAt: Type.String({ format: 'date-time', maxLength: 40 }),
        endsAt: Type.String({ format: 'date-time', maxLength: 40 }),
      }),
      response: { 201: DelegationSchema, ...problems(401, 403) },
    },
  }, async (req, reply) => {
    const delegation = await createDelegation(req.ctx, { ...req.body, startsAt: new Date(req.body.startsAt), endsAt: new Date(req.body.endsAt) });
    return reply.code(201).send((await delegationViews(req.ctx.db, delegation.orgId, [delegation]))[0]!);
  });

  app.post('/procurement/approval-delegations/:delegationId/revoke', {
    config: { access: { permission: PERM.approvalsDecide } },
    schema: {
      tags,
      summary: 'End a delegation now; pending tasks it handed over return to the delegator',
      params: Type.Object({ delegationId: IdParam }),
      response: { 200: DelegationSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => {
    const delegation = await revokeDelegation(req.ctx, req.params.delegationId);
    return (await delegationViews(req.ctx.db, delegation.orgId, [delegation]))[0]!;
  });

  app.get('/procurement/users', {
    config: { access: { permission: PERM.requisitionsRead } },
    schema: {
      tags,
      summary: 'Colleagues who can take part in approvals (for delegations and rule levels), by name',
      querystring: Type.Object({ ...PageQuery.properties, role: Type.Optional(Str(40)) }),
      response: { 200: Page(UserSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const orgId = buyerOrgOf(req.ctx);
    const users = await listOrgUsers(req.ctx.db, orgId, req.query.role ? { roles: [req.query.role] } : {});
    const offset = Number(cursorKey(req.query.cursor, [CURSOR_INT])?.[0] ?? 0);
    const limit = req.query.limit ?? 50;
    const items = users.slice(offset, offset + limit).map((u) => ({ id: u.id, name: u.name, roles: u.roles, active: u.active }));
    return { items, nextCursor: offset + limit < users.length ? encodeCursor([String(offset + limit)]) : null };
  });
};

async function delegationViews(db: Parameters<typeof listOrgUsers>[0], orgId: string, rows: Delegation[]) {
  const users = new Map((await listOrgUsers(db, orgId, { ids: [...new Set(rows.flatMap((d) => [d.fromUserId, d.toUserId]))] })).map((u) => [u.id, u.name]));
  const now = Date.now();
  return rows.map((d) => ({
    ...d,
    fromUserName: users.get(d.fromUserId) ?? null,
    toUserName: users.get(d.toUserId) ?? null,
    active: !d.revokedAt && d.startsAt.getTime() <= now && d.endsAt.getTime() > now,
  }));
}
