import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });

/** Annual, quarterly or monthly procurement plan of a buyer organisation. */
export const procurementPlans = pgTable(
  'procurement_plans',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    status: text('status').notNull(),
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('procurement_plans_org_idx').on(t.orgId, t.periodStart)],
);

/**
 * Money a unit may spend on a category in a period. committed + spent never exceed amount:
 * commitments are conditional updates, and the check is the backstop.
 */
export const budgetLines = pgTable(
  'budget_lines',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    planId: text('plan_id').notNull().references(() => procurementPlans.id),
    code: text('code').notNull(),
    orgUnit: text('org_unit').notNull(),
    /** Category code prefix the line funds; null funds any category. */
    categoryCode: text('category_code'),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    currency: text('currency').notNull().default('CNY'),
    amount: amount('amount').notNull(),
    committed: amount('committed').notNull().default('0'),
    spent: amount('spent').notNull().default('0'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('budget_lines_org_code_idx').on(t.orgId, t.code),
    index('budget_lines_plan_idx').on(t.planId),
    check('budget_lines_within_amount', sql`${t.committed} >= 0 and ${t.spent} >= 0 and ${t.committed} + ${t.spent} <= ${t.amount}`),
  ],
);

/** Every change of a budget line's committed or spent amount, for statements and exact replays. */
export const budgetMovements = pgTable(
  'budget_movements',
  {
    id: text('id').primaryKey(),
    budgetLineId: text('budget_line_id').notNull().references(() => budgetLines.id),
    kind: text('kind').notNull(),
    committedDelta: amount('committed_delta').notNull().default('0'),
    spentDelta: amount('spent_delta').notNull().default('0'),
    referenceType: text('reference_type').notNull(),
    referenceId: text('reference_id').notNull(),
    /** Exactly-once: the same commitment or release never applies twice. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('budget_movements_dedupe_idx').on(t.dedupeKey), index('budget_movements_line_idx').on(t.budgetLineId, t.createdAt)],
);

export const requisitions = pgTable(
  'requisitions',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    requesterId: text('requester_id').notNull(),
    orgUnit: text('org_unit'),
    deliverySite: text('delivery_site'),
    needBy: date('need_by'),
    budgetLineId: text('budget_line_id'),
    status: text('status').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** Estimated total including tax. */
    totalAmount: amount('total_amount').notNull().default('0'),
    justification: text('justification'),
    submittedAt: ts('submitted_at'),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('requisitions_org_number_idx').on(t.orgId, t.number), index('requisitions_org_status_idx').on(t.orgId, t.status, t.createdAt)],
);

export const requisitionLines = pgTable(
  'requisition_lines',
  {
    id: text('id').primaryKey(),
    requisitionId: text('requisition_id').notNull().references(() => requisitions.id),
    lineNo: integer('line_no').notNull(),
    /** A catalog SKU, or null for a non-standard need described by spec and category. */
    skuId: text('sku_id'),
    supplierOrgId: text('supplier_org_id'),
    categoryCode: text('category_code'),
    description: text('description').notNull(),
    spec: text('spec'),
    quantity: quantity('quantity').notNull(),
    uom: text('uom').notNull(),
    estimatedUnitPrice: amount('estimated_unit_price').notNull().default('0'),
    amount: amount('amount').notNull().default('0'),
    needBy: date('need_by'),
    orderedQuantity: quantity('ordered_quantity').notNull().default('0'),
  },
  (t) => [uniqueIndex('requisition_lines_no_idx').on(t.requisitionId, t.lineNo)],
);

/**
 * An approval rule of a buyer organisation: when a document matches (amount range, category
 * prefix, budget remaining below a share), its steps apply in order. Each step names roles and
 * whether any one approver or all of them must approve.
 */
export const approvalRules = pgTable(
  'approval_rules',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    name: text('name').notNull(),
    documentType: text('document_type').notNull().default('requisition'),
    priority: integer('priority').notNull().default(100),
    minAmount: amount('min_amount'),
    maxAmount: amount('max_amount'),
    categoryCode: text('category_code'),
    /** Applies when the budget line would have less than this share (0–1) left after the document. */
    budgetRemainingBelow: numeric('budget_remaining_below', { precision: 5, scale: 4 }),
    steps: jsonb('steps').notNull().$type<Array<{ roles: string[]; mode: 'any' | 'all'; userIds?: string[] }>>(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('approval_rules_org_idx').on(t.orgId, t.documentType, t.priority)],
);

/** One approver's task on one step of a document's approval. */
export const approvalTasks = pgTable(
  'approval_tasks',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    documentType: text('document_type').notNull(),
    documentId: text('document_id').notNull(),
    step: integer('step').notNull(),
    mode: text('mode').notNull(),
    ruleId: text('rule_id'),
    /** The user who must act, after delegation. */
    assigneeId: text('assignee_id').notNull(),
    /** The user the rule named, when a delegate acts for them. */
    delegatedFromId: text('delegated_from_id'),
    status: text('status').notNull(),
    comment: text('comment'),
    decidedAt: ts('decided_at'),
    dueAt: ts('due_at'),
    remindedAt: ts('reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('approval_tasks_document_idx').on(t.documentType, t.documentId, t.step),
    index('approval_tasks_assignee_idx').on(t.assigneeId, t.status),
  ],
);

/** While a user is away, a delegate decides their approval tasks. */
export const approvalDelegations = pgTable(
  'approval_delegations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    fromUserId: text('from_user_id').notNull(),
    toUserId: text('to_user_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('approval_delegations_from_idx').on(t.fromUserId, t.startsAt)],
);
