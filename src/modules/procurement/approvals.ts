import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec } from '../../platform/money.ts';
import { toPage } from '../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { listOrgUsers, rolesForKinds, type DirectoryUser } from '../identity/index.ts';
import { actorUserId, buyerOrgOf, CURSOR_INT, cursorKey, idOf } from './common.ts';
import { PERM } from './permissions.ts';
import { transitionTask } from './requisition.state.ts';
import { approvalDelegations, approvalRules, approvalTasks } from './schema.ts';

export type ApprovalRule = typeof approvalRules.$inferSelect;
export type ApprovalTask = typeof approvalTasks.$inferSelect;
/** One level: who may approve, any one or all of them, and after how many hours to remind (jsonb, so no column). */
export type ApprovalStep = ApprovalRule['steps'][number] & { remindAfterHours?: number };

/**
 * The approval engine is generic over documents: a document type (requisition today; orders or
 * sourcing awards later) registers how to lock and describe its documents and what happens when
 * the last level approves or someone rejects. Both callbacks run inside the decision's
 * transaction, so e.g. the budget commitment and the final approval commit together or not at all.
 */
export interface ApprovalSubject {
  documentType: string;
  documentId: string;
  orgId: string;
  requesterId: string;
  number: string;
  title: string;
  amount: string;
  currency: string;
  status: string;
}

export interface ApprovalDocumentHandler {
  documentType: string;
  /** Locks the document row (SELECT … FOR UPDATE); null when it is not this organisation's. */
  lock(tx: Tx, orgId: string, documentId: string): Promise<ApprovalSubject | null>;
  describe(tx: Tx, orgId: string, documentIds: string[]): Promise<Map<string, ApprovalSubject>>;
  onApproved(tx: Tx, ctx: Ctx, subject: ApprovalSubject): Promise<void>;
  onRejected(tx: Tx, ctx: Ctx, subject: ApprovalSubject, comment: string | null): Promise<void>;
}

const handlers = new Map<string, ApprovalDocumentHandler>();

export function registerApprovalDocument(handler: ApprovalDocumentHandler): void {
  handlers.set(handler.documentType, handler);
}

function handlerFor(documentType: string): ApprovalDocumentHandler {
  const handler = handlers.get(documentType);
  if (!handler) throw new Error(`no approval handler for ${documentType}`);
  return handler;
}

export function approvalDocumentTypes(): string[] {
  return [...handlers.keys()];
}

/** Hours a task may wait before its assignee is reminded, when the step does not say. */
export function defaultReminderHours(): number {
  const hours = Number(process.env.COTRADE_APPROVAL_REMINDER_HOURS ?? 24);
  return Number.isFinite(hours) && hours >= 0 ? hours : 24;
}

// --- rules ------------------------------------------------------------------------------------

/** What a rule is matched against. */
export interface ApprovalFacts {
  amount: Decimal.Value;
  categoryCodes: Array<string | null>;
  /** The budget line the document draws on, or null when it has none. */
  budget: { amount: Decimal.Value; committed: Decimal.Value; spent: Decimal.Value } | null;
}

/**
 * True when a rule applies: amount in [minAmount, maxAmount) (so "< 50,000" and "≥ 50,000"
 * never overlap), any line's category under the rule's prefix, and — when the rule has a
 * budget threshold — the share of the budget line left after this document below it.
 */
export function ruleMatches(rule: Pick<ApprovalRule, 'minAmount' | 'maxAmount' | 'categoryCode' | 'budgetRemainingBelow'>, facts: ApprovalFacts): boolean {
  const amount = dec(facts.amount);
  if (rule.minAmount !== null && amount.lt(rule.minAmount)) return false;
  if (rule.maxAmount !== null && amount.gte(rule.maxAmount)) return false;
  if (rule.categoryCode && !facts.categoryCodes.some((c) => c?.startsWith(rule.categoryCode!))) return false;
  if (rule.budgetRemainingBelow !== null) {
    if (!facts.budget || dec(facts.budget.amount).lte(0)) return false;
    const left = dec(facts.budget.amount).minus(facts.budget.committed).minus(facts.budget.spent).minus(amount);
    if (!left.div(facts.budget.amount).lt(rule.budgetRemainingBelow)) return false;
  }
  return true;
}

/** The first active rule (lowest priority number, then oldest) that matches, or null. */
export async function matchRule(tx: Tx, orgId: string, documentType: string, facts: ApprovalFacts): Promise<ApprovalRule | null> {
  const rules = await tx
    .select()
    .from(approvalRules)
    .where(and(eq(approvalRules.orgId, orgId), eq(approvalRules.documentType, documentType), eq(approvalRules.active, true)))
    .orderBy(asc(approvalRules.priority), asc(approvalRules.createdAt), asc(approvalRules.id));
  return rules.find((r) => ruleMatches(r, facts)) ?? null;
}

export interface RuleInput {
  name: string;
  documentType?: string;
  priority?: number;
  minAmount?: string | null;
  maxAmount?: string | null;
  categoryCode?: string | null;
  budgetRemainingBelow?: string | null;
  steps: ApprovalStep[];
  active?: boolean;
}

/** Roles a rule may name: buyer roles that may decide approvals (the org admin holds every buyer permission). */
export function approverRoles(): string[] {
  return rolesForKinds(['buyer'])
    .filter((r) => r.key === 'org_admin' || r.permissions.has(PERM.approvalsDecide))
    .map((r) => r.key);
}

async function validateRule(tx: Tx, orgId: string, input: Partial<RuleInput>): Promise<void> {
  if (input.documentType !== undefined && !handlers.has(input.documentType)) invalid('/documentType', `must be one of ${approvalDocumentTypes().join(', ')}`);
  if (input.minAmount && input.maxAmount && !dec(input.minAmount).lt(input.maxAmount)) invalid('/maxAmount', 'must be greater than minAmount');
  if (input.budgetRemainingBelow && (dec(input.budgetRemainingBelow).lte(0) || dec(input.budgetRemainingBelow).gt(1))) invalid('/budgetRemainingBelow', 'must be a share between 0 and 1');
  for (const [i, step] of (input.steps ?? []).entries()) {
    for (const role of step.roles) if (!approverRoles().includes(role)) invalid(`/steps/${i}/roles`, `role ${role} cannot approve (one of ${approverRoles().join(', ')})`);
    if (!step.roles.length && !step.userIds?.length) invalid(`/steps/${i}/roles`, 'name at least one role or user');
    if (step.userIds?.length) {
      const found = await listOrgUsers(tx, orgId, { ids: step.userIds });
      const missing = step.userIds.filter((id) => !found.some((u) => u.id === id));
      if (missing.length) invalid(`/steps/${i}/userIds`, `no user ${missing[0]} in this organisation`);
    }
  }
}

function invalid(pointer: string, message: string): never {
  throw invalidField(pointer, message);
}

function normaliseSteps(steps: ApprovalStep[]): ApprovalStep[] {
  return steps.map((s) => ({
    roles: [...new Set(s.roles)],
    mode: s.mode,
    ...(s.userIds?.length ? { userIds: [...new Set(s.userIds)] } : {}),
    ...(s.remindAfterHours !== undefined ? { remindAfterHours: s.remindAfterHours } : {}),
  }));
}

/** Adds an approval rule of the organisation. */
export async function createRule(ctx: Ctx, input: RuleInput): Promise<ApprovalRule> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    await validateRule(tx, orgId, { ...input, documentType: input.documentType ?? 'requisition' });
    const [rule] = await tx
      .insert(approvalRules)
      .values({
        id: newId('arule'),
        orgId,
        name: input.name.trim(),
        documentType: input.documentType ?? 'requisition',
        priority: input.priority ?? 100,
        minAmount: input.minAmount ?? null,
        maxAmount: input.maxAmount ?? null,
        categoryCode: input.categoryCode || null,
        budgetRemainingBelow: input.budgetRemainingBelow ?? null,
        steps: normaliseSteps(input.steps),
        active: input.active ?? true,
      })
      .returning();
    await emitEvent(tx, 'procurement.approval_rule.created', { ruleId: rule!.id }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.approval_rule.created', targetType: 'approval_rule', targetId: rule!.id, data: { ...input } });
    return rule!;
  });
}

/** Changes a rule (send the version read). Documents already in approval keep their tasks. */
export async function updateRule(ctx: Ctx, ruleId: string, input: Partial<RuleInput> & { version?: number; ifMatch?: string }): Promise<ApprovalRule> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [rule] = await tx.select().from(approvalRules).where(and(eq(approvalRules.id, ruleId), eq(approvalRules.orgId, orgId))).for('update');
    if (!rule) throw notFound('approval rule', ruleId);
    assertVersion('approval rule', rule.version, input);
    const min = input.minAmount !== undefined ? input.minAmount : rule.minAmount;
    const max = input.maxAmount !== undefined ? input.maxAmount : rule.maxAmount;
    await validateRule(tx, orgId, { ...input, minAmount: min, maxAmount: max });
    const [updated] = await tx
      .update(approvalRules)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.minAmount !== undefined ? { minAmount: input.minAmount } : {}),
        ...(input.maxAmount !== undefined ? { maxAmount: input.maxAmount } : {}),
        ...(input.categoryCode !== undefined ? { categoryCode: input.categoryCode || null } : {}),
        ...(input.budgetRemainingBelow !== undefined ? { budgetRemainingBelow: input.budgetRemainingBelow } : {}),
        ...(input.steps !== undefined ? { steps: normaliseSteps(input.steps) } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        version: rule.version + 1,
      })
      .where(eq(approvalRules.id, rule.id))
      .returning();
    const { version: _v, ifMatch: _i, ...changes } = input;
    await emitEvent(tx, 'procurement.approval_rule.updated', { ruleId }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.approval_rule.updated', targetType: 'approval_rule', targetId: ruleId, data: changes });
    return updated!;
  });
}

export async function getRule(ctx: Ctx, ruleId: string): Promise<ApprovalRule> {
  const orgId = buyerOrgOf(ctx);
  const [rule] = await ctx.db.select().from(approvalRules).where(and(eq(approvalRules.id, ruleId), eq(approvalRules.orgId, orgId)));
  if (!rule) throw notFound('approval rule', ruleId);
  return rule;
}

/** The organisation's rules in matching order (priority, then age). */
export async function listRules(ctx: Ctx, filter: { documentType?: string; includeInactive?: boolean; limit: number; cursor?: string }): Promise<{ items: ApprovalRule[]; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const conditions: SQL[] = [eq(approvalRules.orgId, orgId)];
  if (filter.documentType) conditions.push(eq(approvalRules.documentType, filter.documentType));
  if (!filter.includeInactive) conditions.push(eq(approvalRules.active, true));
  const after = cursorKey(filter.cursor, [CURSOR_INT, idOf('arule')]);
  if (after) {
    const priority = Number(after[0]);
    conditions.push(or(gt(approvalRules.priority, priority), and(eq(approvalRules.priority, priority), gt(approvalRules.id, after[1]!)))!);
  }
  const rows = await ctx.db.select().from(approvalRules).where(and(...conditions)).orderBy(asc(approvalRules.priority), asc(approvalRules.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [String(r.priority), r.id]);
}

// --- starting an approval -----------------------------------------------------------------------

/** The delegate deciding for `userId` at `at`, if an active delegation names one (never the requester). */
async function delegateFor(tx: Tx, orgId: string, userId: string, requesterId: string, at: Date): Promise<string | null> {
  const rows = await activeDelegatesOf(tx, orgId, userId, at);
  for (const toUserId of rows) {
    if (toUserId === requesterId || toUserId === userId) continue;
    const [user] = await listOrgUsers(tx, orgId, { ids: [toUserId] });
    if (user?.active) return toUserId;
  }
  return null;
}

async function activeDelegatesOf(tx: Tx, orgId: string, userId: string, at: Date): Promise<string[]> {
  const rows = await tx
    .select({ toUserId: approvalDelegations.toUserId })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.orgId, orgId),
        eq(approvalDelegations.fromUserId, userId),
        isNull(approvalDelegations.revokedAt),
        lte(approvalDelegations.startsAt, at),
        gt(approvalDelegations.endsAt, at),
      ),
    )
    .orderBy(desc(approvalDelegations.createdAt));
  return rows.map((r) => r.toUserId);
}

function dueAt(step: ApprovalStep | undefined, from: Date): Date {
  const hours = (step as ApprovalStep | undefined)?.remindAfterHours ?? defaultReminderHours();
  return new Date(from.getTime() + hours * 3600_000);
}

/**
 * Starts the approval of a document: matches the organisation's rules and creates every level's
 * tasks at once (the route is visible from the start); level 1 is pending, later levels wait
 * queued. The requester is never an approver; a level with nobody else is a 422. Returns null
 * when no rule matches (the document needs no approval).
 */
export async function startApproval(tx: Tx, _ctx: Ctx, subject: ApprovalSubject, facts: ApprovalFacts): Promise<{ rule: ApprovalRule; tasks: ApprovalTask[] } | null> {
  const rule = await matchRule(tx, subject.orgId, subject.documentType, facts);
  if (!rule) return null;
  const now = new Date();
  const rows: Array<typeof approvalTasks.$inferInsert> = [];
  for (const [i, step] of rule.steps.entries()) {
    const candidates = await listOrgUsers(tx, subject.orgId, { roles: step.roles, ids: step.userIds });
    const eligible = candidates.filter((u) => u.active && u.id !== subject.requesterId);
    if (!eligible.length) throw new Problem('procurement.no_eligible_approver', { step: i + 1, rule: rule.name, roles: [...step.roles, ...(step.userIds ?? [])].join(', ') }, { ruleId: rule.id, step: i + 1 });
    for (const user of eligible) {
      const first = i === 0;
      const delegate = first ? await delegateFor(tx, subject.orgId, user.id, subject.requesterId, now) : null;
      rows.push({
        id: newId('atask'),
        orgId: subject.orgId,
        documentType: subject.documentType,
        documentId: subject.documentId,
        step: i + 1,
        mode: step.mode,
        ruleId: rule.id,
        assigneeId: delegate ?? user.id,
        delegatedFromId: delegate ? user.id : null,
        status: first ? 'pending' : 'queued',
        dueAt: first ? dueAt(step, now) : null,
      });
    }
  }
  const tasks = await tx.insert(approvalTasks).values(rows).returning();
  return { rule, tasks };
}

/** Skips every open task of a document (withdrawn, cancelled). Returns how many. */
export async function closeOpenTasks(tx: Tx, documentType: string, documentId: string): Promise<number> {
  const rows = await tx
    .update(approvalTasks)
    .set({ status: 'skipped', decidedAt: new Date() })
    .where(and(eq(approvalTasks.documentType, documentType), eq(approvalTasks.documentId, documentId), inArray(approvalTasks.status, ['queued', 'pending'])))
    .returning({ id: approvalTasks.id });
  return rows.length;
}

/** Activates the next level's queued tasks (delegation applied now); false when there is none. */
async function activateNextStep(tx: Tx, subject: ApprovalSubject, afterStep: number, ruleId: string | null): Promise<ApprovalTask[] | null> {
  const queued = await tx
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.documentType, subject.documentType), eq(approvalTasks.documentId, subject.documentId), eq(approvalTasks.status, 'queued'), gt(approvalTasks.step, afterStep)))
    .orderBy(asc(approvalTasks.step), asc(approvalTasks.id));
  if (!queued.length) return null;
  const next = queued[0]!.step;
  const rule = ruleId ? (await tx.select().from(approvalRules).where(eq(approvalRules.id, ruleId)))[0] : undefined;
  const now = new Date();
  const activated: ApprovalTask[] = [];
  for (const task of queued.filter((t) => t.step === next)) {
    const delegate = await delegateFor(tx, subject.orgId, task.assigneeId, subject.requesterId, now);
    const [row] = await tx
      .update(approvalTasks)
      .set({
        status: transitionTask(task.status, 'activate'),
        dueAt: dueAt(rule?.steps[next - 1], now),
        ...(delegate ? { assigneeId: delegate, delegatedFromId: task.assigneeId } : {}),
      })
      .where(eq(approvalTasks.id, task.id))
      .returning();
    activated.push(row!);
  }
  return activated;
}

// --- deciding -----------------------------------------------------------------------------------

export type Decision = 'approve' | 'reject';

export interface DecisionResult {
  task: ApprovalTask;
  /** Where the document stands after this decision. */
  outcome: 'pending' | 'approved' | 'rejected';
  subject: ApprovalSubject;
}

/**
 * An approver approves or rejects their task. The document is locked first (then the task), so
 * decisions on one document serialise and nothing is decided twice. A level completes when one
 * approver approved (any) or all did (all); the next level's tasks then become pending; after
 * the last level the document's `onApproved` runs in this transaction — when it refuses (e.g. the
 * budget would be overspent) nothing of the decision is kept. A rejection ends the approval.
 */
export async function decideApprovalTask(ctx: Ctx, input: { taskId: string; decision: Decision; comment?: string | null }): Promise<DecisionResult> {
  const orgId = buyerOrgOf(ctx);
  const userId = actorUserId(ctx);
  const comment = input.comment?.trim() || null;
  if (input.decision === 'reject' && !comment) throw invalidField('/comment', 'say why the request is rejected');
  return ctx.db.transaction(async (tx) => {
    const [peek] = await tx.select().from(approvalTasks).where(and(eq(approvalTasks.id, input.taskId), eq(approvalTasks.orgId, orgId)));
    if (!peek) throw notFound('approval task', input.taskId);
    const handler = handlerFor(peek.documentType);
    const subject = await handler.lock(tx, orgId, peek.documentId);
    if (!subject) throw notFound('approval task', input.taskId);
    const [task] = await tx.select().from(approvalTasks).where(eq(approvalTasks.id, peek.id)).for('update');
    if (task!.status !== 'pending') throw new Problem('procurement.task_not_pending', { taskId: task!.id, status: task!.status }, { taskStatus: task!.status });
    if (subject.requesterId === userId) throw new Problem('procurement.self_approval', { documentType: subject.documentType, documentId: subject.number });
    if (task!.assigneeId !== userId) throw new Problem('procurement.not_assignee', { taskId: task!.id });

    const now = new Date();
    const [decided] = await tx
      .update(approvalTasks)
      .set({ status: transitionTask(task!.status, input.decision), comment, decidedAt: now })
      .where(eq(approvalTasks.id, task!.id))
      .returning();
    let outcome: DecisionResult['outcome'] = 'pending';
    let activated: ApprovalTask[] | null = null;
    if (input.decision === 'reject') {
      await closeOpenTasks(tx, subject.documentType, subject.documentId);
      await handler.onRejected(tx, ctx, subject, comment);
      outcome = 'rejected';
    } else {
      const stepDone =
        task!.mode === 'any'
          ? true
          : (
              await tx
                .select({ id: approvalTasks.id })
                .from(approvalTasks)
                .where(and(eq(approvalTasks.documentType, subject.documentType), eq(approvalTasks.documentId, subject.documentId), eq(approvalTasks.step, task!.step), eq(approvalTasks.status, 'pending')))
            ).length === 0;
      if (stepDone) {
        // An any-of level is done with one approval: its other tasks are skipped.
        await tx
          .update(approvalTasks)
          .set({ status: 'skipped', decidedAt: now })
          .where(and(eq(approvalTasks.documentType, subject.documentType), eq(approvalTasks.documentId, subject.documentId), eq(approvalTasks.step, task!.step), eq(approvalTasks.status, 'pending')));
        activated = await activateNextStep(tx, subject, task!.step, task!.ruleId);
        if (!activated) {
          await handler.onApproved(tx, ctx, subject);
          outcome = 'approved';
        }
      }
    }
    await emitEvent(
      tx,
      `procurement.approval.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      { taskId: task!.id, documentType: subject.documentType, documentId: subject.documentId, step: task!.step, outcome, nextAssignees: activated?.map((t) => t.assigneeId) ?? [] },
      orgId,
    );
    await recordAudit(tx, ctx, {
      action: `procurement.approval_task.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      targetType: 'approval_task',
      targetId: task!.id,
      data: { documentType: subject.documentType, documentId: subject.documentId, step: task!.step, comment, outcome, delegatedFromId: task!.delegatedFromId },
    });
    return { task: decided!, outcome, subject };
  });
}

// --- reading ------------------------------------------------------------------------------------

export interface TaskView extends ApprovalTask {
  assigneeName: string | null;
  delegatedFromName: string | null;
}

async function namesOf(tx: Tx, orgId: string, ids: Array<string | null>): Promise<Map<string, DirectoryUser>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!unique.length) return new Map();
  return new Map((await listOrgUsers(tx, orgId, { ids: unique })).map((u) => [u.id, u]));
}

/** Every task of a document, level by level: the approval route and its decisions. */
export async function approvalTrail(tx: Tx, orgId: string, documentType: string, documentId: string): Promise<TaskView[]> {
  const tasks = await tx
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.orgId, orgId), eq(approvalTasks.documentType, documentType), eq(approvalTasks.documentId, documentId)))
    .orderBy(asc(approvalTasks.step), asc(approvalTasks.id));
  const names = await namesOf(tx, orgId, tasks.flatMap((t) => [t.assigneeId, t.delegatedFromId]));
  return tasks.map((t) => ({ ...t, assigneeName: names.get(t.assigneeId)?.name ?? null, delegatedFromName: t.delegatedFromId ? (names.get(t.delegatedFromId)?.name ?? null) : null }));
}

/** Describes the documents of tasks, keyed `type:id`. */
export async function describeSubjects(tx: Tx, orgId: string, tasks: Array<Pick<ApprovalTask, 'documentType' | 'documentId'>>): Promise<Map<string, ApprovalSubject>> {
  const out = new Map<string, ApprovalSubject>();
  for (const type of new Set(tasks.map((t) => t.documentType))) {
    const ids = [...new Set(tasks.filter((t) => t.documentType === type).map((t) => t.documentId))];
    for (const [id, s] of await handlerFor(type).describe(tx, orgId, ids)) out.set(`${type}:${id}`, s);
  }
  return out;
}

export interface InboxItem extends TaskView {
  subject: ApprovalSubject | null;
  requesterName: string | null;
}

/**
 * The approval inbox of the signed-in user: tasks assigned to them (also as a delegate),
 * `pending` (default) or already `decided`, newest first.
 */
export async function listInbox(ctx: Ctx, filter: { status?: 'pending' | 'decided'; documentType?: string; limit: number; cursor?: string }): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const userId = actorUserId(ctx);
  const conditions: SQL[] = [eq(approvalTasks.orgId, orgId), eq(approvalTasks.assigneeId, userId)];
  conditions.push(filter.status === 'decided' ? inArray(approvalTasks.status, ['approved', 'rejected']) : eq(approvalTasks.status, 'pending'));
  if (filter.documentType) conditions.push(eq(approvalTasks.documentType, filter.documentType));
  const after = cursorKey(filter.cursor, [idOf('atask')]);
  if (after) conditions.push(lt(approvalTasks.id, after[0]!));
  const rows = await ctx.db.select().from(approvalTasks).where(and(...conditions)).orderBy(desc(approvalTasks.id)).limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (r) => [r.id]);
  const subjects = await describeSubjects(ctx.db, orgId, page.items);
  const names = await namesOf(ctx.db, orgId, [...page.items.flatMap((t) => [t.assigneeId, t.delegatedFromId]), ...[...subjects.values()].map((s) => s.requesterId)]);
  return {
    items: page.items.map((t) => {
      const subject = subjects.get(`${t.documentType}:${t.documentId}`) ?? null;
      return {
        ...t,
        assigneeName: names.get(t.assigneeId)?.name ?? null,
        delegatedFromName: t.delegatedFromId ? (names.get(t.delegatedFromId)?.name ?? null) : null,
        subject,
        requesterName: subject ? (names.get(subject.requesterId)?.name ?? null) : null,
      };
    }),
    nextCursor: page.nextCursor,
  };
}

export async function countPendingTasks(tx: Tx, orgId: string, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalTasks)
    .where(and(eq(approvalTasks.orgId, orgId), eq(approvalTasks.assigneeId, userId), eq(approvalTasks.status, 'pending')));
  return row?.n ?? 0;
}
