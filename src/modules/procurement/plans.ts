import { and, asc, desc, eq, gt, isNull, lt, lte, gte, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec } from '../../platform/money.ts';
import { toPage } from '../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { findCategory } from '../catalog/index.ts';
import { amountText, type BudgetLine, type BudgetMovement } from './budget.ts';
import { actorUserId, buyerOrgOf, CURSOR_CODE, CURSOR_DATE, cursorKey, idOf, parseDate, periodEnd, PERIOD_MONTHS, type PeriodType } from './common.ts';
import { transitionPlan, type PlanCommand } from './requisition.state.ts';
import { budgetLines, budgetMovements, procurementPlans } from './schema.ts';

export type Plan = typeof procurementPlans.$inferSelect;

export interface BudgetLineInput {
  code: string;
  orgUnit: string;
  categoryCode?: string | null;
  amount: string;
  periodStart?: string;
  periodEnd?: string;
}

export interface PlanInput {
  name: string;
  periodType: PeriodType;
  periodStart: string;
  notes?: string | null;
  budgetLines?: BudgetLineInput[];
}

export interface PlanTotals {
  amount: string;
  committed: string;
  spent: string;
  remaining: string;
}

async function assertCategory(tx: Tx, code: string | null | undefined, pointer: string): Promise<void> {
  if (!code) return;
  if (!(await findCategory(tx, code))) throw invalidField(pointer, `category ${code} is not in the commodity coding`);
}

async function lockPlan(tx: Tx, orgId: string, planId: string): Promise<Plan> {
  const [plan] = await tx.select().from(procurementPlans).where(and(eq(procurementPlans.id, planId), eq(procurementPlans.orgId, orgId))).for('update');
  if (!plan) throw notFound('plan', planId);
  return plan;
}

async function insertBudgetLine(tx: Tx, plan: Plan, input: BudgetLineInput, pointer: string): Promise<BudgetLine> {
  const start = input.periodStart ?? plan.periodStart;
  const end = input.periodEnd ?? plan.periodEnd;
  parseDate(start, `${pointer}/periodStart`);
  parseDate(end, `${pointer}/periodEnd`);
  if (start > end) throw invalidField(`${pointer}/periodEnd`, 'must not be before periodStart');
  if (start < plan.periodStart || end > plan.periodEnd) throw invalidField(`${pointer}/periodStart`, `must lie within the plan's period ${plan.periodStart} – ${plan.periodEnd}`);
  if (dec(input.amount).lte(0)) throw invalidField(`${pointer}/amount`, 'must be greater than 0');
  await assertCategory(tx, input.categoryCode, `${pointer}/categoryCode`);
  const [line] = await tx
    .insert(budgetLines)
    .values({
      id: newId('bl'),
      orgId: plan.orgId,
      planId: plan.id,
      code: input.code.trim(),
      orgUnit: input.orgUnit.trim(),
      categoryCode: input.categoryCode || null,
      periodStart: start,
      periodEnd: end,
      amount: dec(input.amount).toFixed(4),
    })
    .onConflictDoNothing()
    .returning();
  if (!line) throw new Problem('procurement.budget_code_taken', { code: input.code }, {}, [{ pointer: `${pointer}/code`, in: 'body', message: 'is already used' }]);
  return line;
}

/** Creates a procurement plan for a period (annual, quarterly, monthly), with its budget lines. */
export async function createPlan(ctx: Ctx, input: PlanInput): Promise<{ plan: Plan; lines: BudgetLine[] }> {
  const orgId = buyerOrgOf(ctx);
  parseDate(input.periodStart, '/periodStart');
  return ctx.db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(procurementPlans)
      .values({
        id: newId('plan'),
        orgId,
        name: input.name.trim(),
        periodType: input.periodType,
        periodStart: input.periodStart,
        periodEnd: periodEnd(input.periodStart, PERIOD_MONTHS[input.periodType]),
        status: 'active',
        notes: input.notes ?? null,
        createdBy: actorUserId(ctx),
      })
      .returning();
    const lines: BudgetLine[] = [];
    for (const [i, line] of (input.budgetLines ?? []).entries()) lines.push(await insertBudgetLine(tx, plan!, line, `/budgetLines/${i}`));
    await emitEvent(tx, 'procurement.plan.created', { planId: plan!.id, budgetLines: lines.length }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.plan.created', targetType: 'procurement_plan', targetId: plan!.id, data: { ...input } });
    return { plan: plan!, lines };
  });
}

/** Edits a plan's name or notes (send the version read). */
export async function updatePlan(ctx: Ctx, planId: string, input: { name?: string; notes?: string | null; version?: number; ifMatch?: string }): Promise<Plan> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(tx, orgId, planId);
    assertVersion('plan', plan.version, input);
    const [updated] = await tx
      .update(procurementPlans)
      .set({ ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...(input.notes !== undefined ? { notes: input.notes } : {}), updatedAt: new Date(), version: plan.version + 1 })
      .where(eq(procurementPlans.id, plan.id))
      .returning();
    await emitEvent(tx, 'procurement.plan.updated', { planId }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.plan.updated', targetType: 'procurement_plan', targetId: planId, data: { name: input.name, notes: input.notes } });
    return updated!;
  });
}

/** Closes a plan (its lines take no new commitments) or reopens it. */
export async function changePlanStatus(ctx: Ctx, planId: string, command: PlanCommand, given: { version?: number; ifMatch?: string } = {}): Promise<Plan> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(tx, orgId, planId);
    assertVersion('plan', plan.version, given);
    const status = transitionPlan(plan.status, command);
    const [updated] = await tx.update(procurementPlans).set({ status, updatedAt: new Date(), version: plan.version + 1 }).where(eq(procurementPlans.id, plan.id)).returning();
    const verb = command === 'close' ? 'closed' : 'reopened';
    await emitEvent(tx, `procurement.plan.${verb}`, { planId }, orgId);
    await recordAudit(tx, ctx, { action: `procurement.plan.${verb}`, targetType: 'procurement_plan', targetId: planId, data: { from: plan.status, to: status } });
    return updated!;
  });
}

async function totalsOf(tx: Tx, planIds: string[]): Promise<Map<string, PlanTotals>> {
  const out = new Map<string, PlanTotals>();
  if (!planIds.length) return out;
  const rows = await tx
    .select({
      planId: budgetLines.planId,
      amount: sql<string>`sum(${budgetLines.amount})::text`,
      committed: sql<string>`sum(${budgetLines.committed})::text`,
      spent: sql<string>`sum(${budgetLines.spent})::text`,
    })
    .from(budgetLines)
    .where(sql`${budgetLines.planId} in (${sql.join(planIds.map((id) => sql`${id}`), sql`, `)})`)
    .groupBy(budgetLines.planId);
  for (const id of planIds) out.set(id, { amount: '0.00', committed: '0.00', spent: '0.00', remaining: '0.00' });
  for (const r of rows) {
    out.set(r.planId, { amount: amountText(r.amount), committed: amountText(r.committed), spent: amountText(r.spent), remaining: amountText(dec(r.amount).minus(r.committed).minus(r.spent)) });
  }
  return out;
}

/** The organisation's plans, newest period first, with totals over their budget lines. */
export async function listPlans(ctx: Ctx, filter: { status?: string; limit: number; cursor?: string }): Promise<{ items: Array<Plan & { totals: PlanTotals }>; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const after = cursorKey(filter.cursor, [CURSOR_DATE, idOf('plan')]);
  const conditions: SQL[] = [eq(procurementPlans.orgId, orgId)];
  if (filter.status) conditions.push(eq(procurementPlans.status, filter.status));
  if (after) conditions.push(or(lt(procurementPlans.periodStart, after[0]!), and(eq(procurementPlans.periodStart, after[0]!), lt(procurementPlans.id, after[1]!)))!);
  const rows = await ctx.db.select().from(procurementPlans).where(and(...conditions)).orderBy(desc(procurementPlans.periodStart), desc(procurementPlans.id)).limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (r) => [r.periodStart, r.id]);
  const totals = await totalsOf(ctx.db, page.items.map((p) => p.id));
  return { items: page.items.map((p) => ({ ...p, totals: totals.get(p.id)! })), nextCursor: page.nextCursor };
}

/** One plan with its budget lines and totals; another organisation's plan is a 404. */
export async function getPlan(ctx: Ctx, planId: string): Promise<{ plan: Plan; totals: PlanTotals; lines: BudgetLine[] }> {
  const orgId = buyerOrgOf(ctx);
  const [plan] = await ctx.db.select().from(procurementPlans).where(and(eq(procurementPlans.id, planId), eq(procurementPlans.orgId, orgId)));
  if (!plan) throw notFound('plan', planId);
  const lines = await ctx.db.select().from(budgetLines).where(eq(budgetLines.planId, plan.id)).orderBy(asc(budgetLines.code));
  return { plan, totals: (await totalsOf(ctx.db, [plan.id])).get(plan.id)!, lines };
}

/** Adds a budget line to a plan. */
export async function addBudgetLine(ctx: Ctx, planId: string, input: BudgetLineInput): Promise<BudgetLine> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const plan = await lockPlan(tx, orgId, planId);
    const line = await insertBudgetLine(tx, plan, input, '');
    await emitEvent(tx, 'procurement.budget_line.created', { planId, budgetLineId: line.id }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.budget_line.created', targetType: 'budget_line', targetId: line.id, data: { planId, ...input } });
    return line;
  });
}

/**
 * Changes a budget line's unit, category or amount. The amount cannot go below what is already
 * committed and spent (422): the conditional update checks it against the locked row.
 */
export async function updateBudgetLine(
  ctx: Ctx,
  budgetLineId: string,
  input: { orgUnit?: string; categoryCode?: string | null; amount?: string; version?: number; ifMatch?: string },
): Promise<BudgetLine> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [line] = await tx.select().from(budgetLines).where(and(eq(budgetLines.id, budgetLineId), eq(budgetLines.orgId, orgId))).for('update');
    if (!line) throw notFound('budget line', budgetLineId);
    assertVersion('budget line', line.version, input);
    await assertCategory(tx, input.categoryCode, '/categoryCode');
    const amount = input.amount !== undefined ? dec(input.amount) : null;
    if (amount && amount.lte(0)) throw invalidField('/amount', 'must be greater than 0');
    const used = dec(line.committed).plus(line.spent);
    if (amount && amount.lt(used)) throw new Problem('procurement.budget_below_used', { budgetLine: line.code, used: amountText(used), amount: amountText(amount) }, { used: amountText(used) });
    const [updated] = await tx
      .update(budgetLines)
      .set({
        ...(input.orgUnit !== undefined ? { orgUnit: input.orgUnit.trim() } : {}),
        ...(input.categoryCode !== undefined ? { categoryCode: input.categoryCode || null } : {}),
        ...(amount ? { amount: amount.toFixed(4) } : {}),
        updatedAt: new Date(),
        version: line.version + 1,
      })
      .where(eq(budgetLines.id, line.id))
      .returning();
    await emitEvent(tx, 'procurement.budget_line.updated', { budgetLineId, planId: line.planId }, orgId);
    await recordAudit(tx, ctx, {
      action: 'procurement.budget_line.updated',
      targetType: 'budget_line',
      targetId: budgetLineId,
      data: { orgUnit: input.orgUnit, categoryCode: input.categoryCode, amount: input.amount, previousAmount: amountText(line.amount) },
    });
    return updated!;
  });
}

export async function getBudgetLine(ctx: Ctx, budgetLineId: string): Promise<BudgetLine> {
  const orgId = buyerOrgOf(ctx);
  const [line] = await ctx.db.select().from(budgetLines).where(and(eq(budgetLines.id, budgetLineId), eq(budgetLines.orgId, orgId)));
  if (!line) throw notFound('budget line', budgetLineId);
  return line;
}

/**
 * Budget lines of the organisation, by code: of one plan, those that fund a category (no
 * category on the line funds all), those whose period covers a date, those of active plans.
 */
export async function listBudgetLines(
  ctx: Ctx,
  filter: { planId?: string; fundsCategory?: string; activeOn?: string; openOnly?: boolean; limit: number; cursor?: string },
): Promise<{ items: BudgetLine[]; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const after = cursorKey(filter.cursor, [CURSOR_CODE, idOf('bl')]);
  const conditions: SQL[] = [eq(budgetLines.orgId, orgId)];
  if (filter.planId) conditions.push(eq(budgetLines.planId, filter.planId));
  if (filter.fundsCategory) conditions.push(or(isNull(budgetLines.categoryCode), sql`${filter.fundsCategory} like ${budgetLines.categoryCode} || '%'`)!);
  if (filter.activeOn) {
    parseDate(filter.activeOn, '/activeOn');
    conditions.push(lte(budgetLines.periodStart, filter.activeOn), gte(budgetLines.periodEnd, filter.activeOn));
  }
  if (filter.openOnly) conditions.push(sql`exists (select 1 from procurement_plans p where p.id = ${budgetLines.planId} and p.status = 'active')`);
  if (after) conditions.push(or(gt(budgetLines.code, after[0]!), and(eq(budgetLines.code, after[0]!), gt(budgetLines.id, after[1]!)))!);
  const rows = await ctx.db.select().from(budgetLines).where(and(...conditions)).orderBy(asc(budgetLines.code), asc(budgetLines.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.code, r.id]);
}

/** A budget line's movements (commit, release, transfer, spend), newest first. */
export async function listBudgetMovements(ctx: Ctx, budgetLineId: string, page: { limit: number; cursor?: string }): Promise<{ items: BudgetMovement[]; nextCursor: string | null }> {
  const line = await getBudgetLine(ctx, budgetLineId);
  const after = cursorKey(page.cursor, [idOf('bmv')]);
  const conditions: SQL[] = [eq(budgetMovements.budgetLineId, line.id)];
  // Ids are ULIDs: ordered by creation, and exact (timestamps lose microseconds in JavaScript).
  if (after) conditions.push(lt(budgetMovements.id, after[0]!));
  const rows = await ctx.db.select().from(budgetMovements).where(and(...conditions)).orderBy(desc(budgetMovements.id)).limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.id]);
}

export function lineRemaining(line: BudgetLine): Decimal {
  return dec(line.amount).minus(line.committed).minus(line.spent);
}
