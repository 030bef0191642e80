import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type AuditInput } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import { hasPermission, type Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { cents, Decimal, dec, qty, sum } from '../../platform/money.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { toPage } from '../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { findCategory, getPurchasableSku, isOrderableQuantity, priceForBuyer } from '../catalog/index.ts';
import { listOrgUsers } from '../identity/index.ts';
import { approvalTrail, closeOpenTasks, registerApprovalDocument, startApproval, type ApprovalSubject, type TaskView } from './approvals.ts';
import { amountText, assertLineFunds, commitBudget, committedFor, releaseBudget, type BudgetLine } from './budget.ts';
import { actorUserId, buyerOrgOf, cursorKey, idOf, parseDate, today } from './common.ts';
import { COMMITTING_STATUSES, transitionRequisition, type RequisitionCommand, type RequisitionStatus } from './requisition.state.ts';
import { budgetLines, requisitionLines, requisitions } from './schema.ts';

export type Requisition = typeof requisitions.$inferSelect;
export type RequisitionLine = typeof requisitionLines.$inferSelect;

/** Who may edit, submit, withdraw or cancel someone else's requisition. */
export const MANAGE_REQUISITIONS = 'procurement.requisitions.manage';
export const REQUISITION = 'requisition';

/** A line is a catalog SKU (priced for this buyer), or a free-text need with its category code. */
export interface RequisitionLineInput {
  skuId?: string | null;
  description?: string;
  spec?: string | null;
  categoryCode?: string | null;
  quantity: string;
  uom?: string;
  /** Free-text lines: estimated unit price including tax. */
  estimatedUnitPrice?: string;
  needBy?: string | null;
}

export interface RequisitionInput {
  title: string;
  orgUnit?: string | null;
  deliverySite?: string | null;
  needBy?: string | null;
  budgetLineId?: string | null;
  justification?: string | null;
  lines: RequisitionLineInput[];
}

type LineRow = Omit<typeof requisitionLines.$inferInsert, 'requisitionId'>;

async function resolveLines(tx: Tx, ctx: Ctx, orgId: string, lines: RequisitionLineInput[]): Promise<LineRow[]> {
  const rows: LineRow[] = [];
  for (const [i, line] of lines.entries()) {
    const at = `/lines/${i}`;
    const quantity = dec(line.quantity);
    if (quantity.lte(0)) throw invalidField(`${at}/quantity`, 'must be greater than 0');
    if (line.needBy) parseDate(line.needBy, `${at}/needBy`);
    if (line.skuId) {
      const sku = await getPurchasableSku(tx, { skuId: line.skuId, buyerOrgId: orgId }).catch((error: unknown) => {
        if (error instanceof Problem && error.status === 404) throw invalidField(`${at}/skuId`, 'is not a SKU this organisation can buy');
        throw error;
      });
      if (!isOrderableQuantity(quantity, sku.moq, sku.increment)) {
        throw invalidField(`${at}/quantity`, `must be at least ${qty(sku.moq)} ${sku.uom}, in steps of ${qty(sku.increment)}`);
      }
      const price = await priceForBuyer(tx, { skuId: sku.sku.id, buyerOrgId: orgId, quantity });
      const name = ctx.lang === 'en' && sku.product.nameEn ? sku.product.nameEn : sku.product.nameZh;
      const spec = [sku.product.brand, sku.product.model, sku.sku.skuCode, ...Object.values(sku.sku.specs ?? {}).map(String)].filter(Boolean).join(' ');
      rows.push({
        id: newId('rql'),
        lineNo: i + 1,
        skuId: sku.sku.id,
        supplierOrgId: sku.supplierOrgId,
        categoryCode: sku.product.categoryCode,
        description: name,
        spec: line.spec?.trim() || spec || null,
        quantity: quantity.toFixed(3),
        uom: sku.uom,
        estimatedUnitPrice: price.unitPriceInclTax.toFixed(4),
        amount: cents(price.unitPriceInclTax.times(quantity)).toFixed(4),
        needBy: line.needBy ?? null,
      });
      continue;
    }
    if (!line.description?.trim()) throw invalidField(`${at}/description`, 'describe the need (or choose a catalog SKU)');
    if (!line.categoryCode) throw invalidField(`${at}/categoryCode`, 'a non-standard line needs its category code');
    if (!(await findCategory(tx, line.categoryCode))) throw invalidField(`${at}/categoryCode`, `category ${line.categoryCode} is not in the commodity coding`);
    if (!line.uom?.trim()) throw invalidField(`${at}/uom`, 'a non-standard line needs its unit');
    if (line.estimatedUnitPrice === undefined) throw invalidField(`${at}/estimatedUnitPrice`, 'a non-standard line needs an estimated unit price');
    const unit = dec(line.estimatedUnitPrice);
    if (unit.isNeg()) throw invalidField(`${at}/estimatedUnitPrice`, 'must not be negative');
    rows.push({
      id: newId('rql'),
      lineNo: i + 1,
      skuId: null,
      supplierOrgId: null,
      categoryCode: line.categoryCode,
      description: line.description.trim(),
      spec: line.spec?.trim() || null,
      quantity: quantity.toFixed(3),
      uom: line.uom.trim(),
      estimatedUnitPrice: unit.toFixed(4),
      amount: cents(unit.times(quantity)).toFixed(4),
      needBy: line.needBy ?? null,
    });
  }
  return rows;
}

async function assertBudgetLineExists(tx: Tx, orgId: string, budgetLineId: string | null | undefined): Promise<void> {
  if (!budgetLineId) return;
  const [line] = await tx.select({ id: budgetLines.id }).from(budgetLines).where(and(eq(budgetLines.id, budgetLineId), eq(budgetLines.orgId, orgId)));
  if (!line) throw invalidField('/budgetLineId', 'is not a budget line of this organisation');
}

export async function lockRequisition(tx: Tx, orgId: string, requisitionId: string): Promise<Requisition> {
  const [row] = await tx.select().from(requisitions).where(and(eq(requisitions.id, requisitionId), eq(requisitions.orgId, orgId))).for('update');
  if (!row) throw notFound('requisition', requisitionId);
  return row;
}

function assertRequesterOrManager(ctx: Ctx, requisition: Requisition): void {
  if (requisition.requesterId !== actorUserId(ctx) && !hasPermission(ctx.actor, MANAGE_REQUISITIONS)) {
    throw new Problem('procurement.not_requester', { number: requisition.number });
  }
}

async function linesOf(tx: Tx, requisitionId: string): Promise<RequisitionLine[]> {
  return tx.select().from(requisitionLines).where(eq(requisitionLines.requisitionId, requisitionId)).orderBy(asc(requisitionLines.lineNo));
}

function eventPayload(r: Requisition, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { requisitionId: r.id, number: r.number, requesterId: r.requesterId, totalAmount: amountText(r.totalAmount), currency: r.currency, budgetLineId: r.budgetLineId, ...extra };
}

/** Creates a draft requisition (需求提报); SKU lines are priced for this buyer as estimates. */
export async function createRequisition(ctx: Ctx, input: RequisitionInput): Promise<Requisition> {
  const orgId = buyerOrgOf(ctx);
  if (input.needBy) parseDate(input.needBy, '/needBy');
  return ctx.db.transaction(async (tx) => {
    await assertBudgetLineExists(tx, orgId, input.budgetLineId);
    const lines = await resolveLines(tx, ctx, orgId, input.lines);
    const id = newId('req');
    const [requisition] = await tx
      .insert(requisitions)
      .values({
        id,
        orgId,
        number: await nextDocumentNumber(tx, orgId, 'REQ'),
        title: input.title.trim(),
        requesterId: actorUserId(ctx),
        orgUnit: input.orgUnit?.trim() || null,
        deliverySite: input.deliverySite?.trim() || null,
        needBy: input.needBy ?? null,
        budgetLineId: input.budgetLineId || null,
        status: 'draft',
        totalAmount: sum(lines.map((l) => l.amount!)).toFixed(4),
        justification: input.justification?.trim() || null,
      })
      .returning();
    if (lines.length) await tx.insert(requisitionLines).values(lines.map((l) => ({ ...l, requisitionId: id })));
    await emitEvent(tx, 'procurement.requisition.created', eventPayload(requisition!), orgId);
    await recordAudit(tx, ctx, { action: 'procurement.requisition.created', targetType: 'requisition', targetId: id, data: { number: requisition!.number, title: input.title, lines: lines.length, totalAmount: amountText(requisition!.totalAmount) } });
    return requisition!;
  });
}

/** Edits a draft (send the version read); `lines`, when given, replace all lines. */
export async function updateRequisition(ctx: Ctx, requisitionId: string, input: Partial<RequisitionInput> & { version?: number; ifMatch?: string }): Promise<Requisition> {
  const orgId = buyerOrgOf(ctx);
  if (input.needBy) parseDate(input.needBy, '/needBy');
  return ctx.db.transaction(async (tx) => {
    const current = await lockRequisition(tx, orgId, requisitionId);
    assertRequesterOrManager(ctx, current);
    assertVersion('requisition', current.version, input);
    transitionRequisition(current.status, 'edit');
    if (input.budgetLineId !== undefined) await assertBudgetLineExists(tx, orgId, input.budgetLineId);
    let total: Decimal | null = null;
    if (input.lines) {
      const lines = await resolveLines(tx, ctx, orgId, input.lines);
      await tx.delete(requisitionLines).where(eq(requisitionLines.requisitionId, current.id));
      if (lines.length) await tx.insert(requisitionLines).values(lines.map((l) => ({ ...l, requisitionId: current.id })));
      total = sum(lines.map((l) => l.amount!));
    }
    const [updated] = await tx
      .update(requisitions)
      .set({
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
        ...(input.orgUnit !== undefined ? { orgUnit: input.orgUnit?.trim() || null } : {}),
        ...(input.deliverySite !== undefined ? { deliverySite: input.deliverySite?.trim() || null } : {}),
        ...(input.needBy !== undefined ? { needBy: input.needBy } : {}),
        ...(input.budgetLineId !== undefined ? { budgetLineId: input.budgetLineId || null } : {}),
        ...(input.justification !== undefined ? { justification: input.justification?.trim() || null } : {}),
        ...(total ? { totalAmount: total.toFixed(4) } : {}),
        updatedAt: new Date(),
        version: current.version + 1,
      })
      .where(eq(requisitions.id, current.id))
      .returning();
    await emitEvent(tx, 'procurement.requisition.updated', eventPayload(updated!), orgId);
    const { lines: newLines, version: _v, ifMatch: _i, ...fields } = input;
    await recordAudit(tx, ctx, { action: 'procurement.requisition.updated', targetType: 'requisition', targetId: current.id, data: { ...fields, lines: newLines?.length, totalAmount: amountText(updated!.totalAmount) } });
    return updated!;
  });
}

function subjectOf(r: Requisition): ApprovalSubject {
  return {
    documentType: REQUISITION,
    documentId: r.id,
    orgId: r.orgId,
    requesterId: r.requesterId,
    number: r.number,
    title: r.title,
    amount: amountText(r.totalAmount),
    currency: r.currency,
    status: r.status,
  };
}

/**
 * The final approval: commits the budget (422 when the line has too little left, and then
 * nothing of the approval is kept) and marks the requisition approved.
 */
async function approveRequisition(tx: Tx, ctx: Ctx, requisition: Requisition, via: 'rule' | 'no_rule'): Promise<{ approved: Requisition; audit: AuditInput }> {
  const status = transitionRequisition(requisition.status, 'approve');
  const lines = await linesOf(tx, requisition.id);
  if (requisition.budgetLineId) {
    await commitBudget(tx, ctx, {
      budgetLineId: requisition.budgetLineId,
      orgId: requisition.orgId,
      amount: requisition.totalAmount,
      categoryCodes: lines.map((l) => l.categoryCode),
      reference: { type: REQUISITION, id: requisition.id },
      dedupeKey: `requisition:${requisition.id}:approval`,
    });
  }
  const [updated] = await tx.update(requisitions).set({ status, decidedAt: new Date(), updatedAt: new Date(), version: requisition.version + 1 }).where(eq(requisitions.id, requisition.id)).returning();
  await emitEvent(tx, 'procurement.requisition.approved', eventPayload(updated!, { via }), requisition.orgId);
  // Audited by the caller, after its other locks: the audit chain lock is always taken last.
  const audit: AuditInput = { action: 'procurement.requisition.approved', targetType: 'requisition', targetId: requisition.id, data: { number: requisition.number, via, committed: requisition.budgetLineId ? amountText(requisition.totalAmount) : '0.00', budgetLineId: requisition.budgetLineId } };
  return { approved: updated!, audit };
}

async function requisitionById(tx: Tx, orgId: string, id: string): Promise<Requisition> {
  const [row] = await tx.select().from(requisitions).where(and(eq(requisitions.id, id), eq(requisitions.orgId, orgId)));
  if (!row) throw notFound('requisition', id);
  return row;
}

registerApprovalDocument({
  documentType: REQUISITION,
  async lock(tx, orgId, documentId) {
    const [row] = await tx.select().from(requisitions).where(and(eq(requisitions.id, documentId), eq(requisitions.orgId, orgId))).for('update');
    return row ? subjectOf(row) : null;
  },
  async describe(tx, orgId, documentIds) {
    if (!documentIds.length) return new Map();
    const rows = await tx.select().from(requisitions).where(and(eq(requisitions.orgId, orgId), inArray(requisitions.id, documentIds)));
    return new Map(rows.map((r) => [r.id, subjectOf(r)]));
  },
  async onApproved(tx, ctx, subject) {
    const { audit } = await approveRequisition(tx, ctx, await requisitionById(tx, subject.orgId, subject.documentId), 'rule');
    await recordAudit(tx, ctx, audit);
  },
  async onRejected(tx, ctx, subject, comment) {
    const requisition = await requisitionById(tx, subject.orgId, subject.documentId);
    const status = transitionRequisition(requisition.status, 'reject');
    const [updated] = await tx.update(requisitions).set({ status, decidedAt: new Date(), updatedAt: new Date(), version: requisition.version + 1 }).where(eq(requisitions.id, requisition.id)).returning();
    await emitEvent(tx, 'procurement.requisition.rejected', eventPayload(updated!, { comment }), requisition.orgId);
    await recordAudit(tx, ctx, { action: 'procurement.requisition.rejected', targetType: 'requisition', targetId: requisition.id, data: { number: requisition.number, comment } });
  },
});

/** Checks, at submission, that the chosen budget line can fund this requisition. */
async function checkBudgetLine(tx: Tx, requisition: Requisition, lines: RequisitionLine[]): Promise<BudgetLine | null> {
  if (!requisition.budgetLineId) return null;
  const line = await assertLineFunds(tx, { budgetLineId: requisition.budgetLineId, orgId: requisition.orgId, categoryCodes: lines.map((l) => l.categoryCode) });
  const date = requisition.needBy ?? today();
  if (date < line.periodStart || date > line.periodEnd) {
    throw new Problem('procurement.budget_line_mismatch', {
      budgetLine: line.code,
      reason: `its period ${line.periodStart} – ${line.periodEnd} does not cover ${date}.`,
      reasonZh: `其期间 ${line.periodStart} 至 ${line.periodEnd} 不包含 ${date}。`,
    });
  }
  if (line.currency !== requisition.currency) {
    throw new Problem('procurement.budget_line_mismatch', { budgetLine: line.code, reason: `it is in ${line.currency}.`, reasonZh: `其币种为 ${line.currency}。` });
  }
  return line;
}

/**
 * Submits a draft: matches the approval rules (amount, category, budget remaining) and creates
 * the approval tasks. When no rule applies the requisition is approved at once, budget committed.
 */
export async function submitRequisition(ctx: Ctx, requisitionId: string, given: { version?: number; ifMatch?: string } = {}): Promise<Requisition> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockRequisition(tx, orgId, requisitionId);
    if (current.requesterId !== actorUserId(ctx)) throw new Problem('procurement.not_requester', { number: current.number });
    assertVersion('requisition', current.version, given);
    const status = transitionRequisition(current.status, 'submit');
    const lines = await linesOf(tx, current.id);
    if (!lines.length) throw new Problem('procurement.requisition_empty');
    const budget = await checkBudgetLine(tx, current, lines);
    const [submitted] = await tx.update(requisitions).set({ status, submittedAt: new Date(), decidedAt: null, updatedAt: new Date(), version: current.version + 1 }).where(eq(requisitions.id, current.id)).returning();
    const approval = await startApproval(tx, ctx, subjectOf(submitted!), {
      amount: submitted!.totalAmount,
      categoryCodes: lines.map((l) => l.categoryCode),
      budget: budget ? { amount: budget.amount, committed: budget.committed, spent: budget.spent } : null,
    });
    await emitEvent(tx, 'procurement.requisition.submitted', eventPayload(submitted!, { ruleId: approval?.rule.id ?? null, assignees: approval?.tasks.filter((t) => t.status === 'pending').map((t) => t.assigneeId) ?? [] }), orgId);
    // The budget row lock must come before the audit chain lock (taken by recordAudit), never after.
    const auto = approval ? null : await approveRequisition(tx, ctx, submitted!, 'no_rule');
    await recordAudit(tx, ctx, { action: 'procurement.requisition.submitted', targetType: 'requisition', targetId: current.id, data: { number: current.number, ruleId: approval?.rule.id ?? null, tasks: approval?.tasks.length ?? 0 } });
    if (auto) await recordAudit(tx, ctx, auto.audit);
    return auto?.approved ?? submitted!;
  });
}

/** Takes a pending requisition back to draft (withdraw) or reopens a rejected one (revise). */
export async function reopenRequisition(ctx: Ctx, requisitionId: string, command: Extract<RequisitionCommand, 'withdraw' | 'revise'>, given: { version?: number; ifMatch?: string } = {}): Promise<Requisition> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockRequisition(tx, orgId, requisitionId);
    assertRequesterOrManager(ctx, current);
    assertVersion('requisition', current.version, given);
    const status = transitionRequisition(current.status, command);
    const skipped = await closeOpenTasks(tx, REQUISITION, current.id);
    const [updated] = await tx.update(requisitions).set({ status, decidedAt: null, updatedAt: new Date(), version: current.version + 1 }).where(eq(requisitions.id, current.id)).returning();
    const verb = command === 'withdraw' ? 'withdrawn' : 'revised';
    await emitEvent(tx, `procurement.requisition.${verb}`, eventPayload(updated!), orgId);
    await recordAudit(tx, ctx, { action: `procurement.requisition.${verb}`, targetType: 'requisition', targetId: current.id, data: { number: current.number, from: current.status, skippedTasks: skipped } });
    return updated!;
  });
}

/**
 * Cancels a requisition: open approval tasks are skipped, and whatever it still commits is
 * released (exactly once, whatever the concurrency).
 */
export async function cancelRequisition(ctx: Ctx, requisitionId: string, input: { reason?: string | null; version?: number; ifMatch?: string } = {}): Promise<Requisition & { released: string }> {
  const orgId = buyerOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await lockRequisition(tx, orgId, requisitionId);
    assertRequesterOrManager(ctx, current);
    assertVersion('requisition', current.version, input);
    const status = transitionRequisition(current.status, 'cancel');
    const skipped = await closeOpenTasks(tx, REQUISITION, current.id);
    const released = COMMITTING_STATUSES.includes(current.status as RequisitionStatus) ? await releaseBudget(tx, ctx, { reference: { type: REQUISITION, id: current.id } }) : dec(0);
    const [updated] = await tx.update(requisitions).set({ status, updatedAt: new Date(), version: current.version + 1 }).where(eq(requisitions.id, current.id)).returning();
    await emitEvent(tx, 'procurement.requisition.cancelled', eventPayload(updated!, { reason: input.reason ?? null, released: amountText(released) }), orgId);
    await recordAudit(tx, ctx, { action: 'procurement.requisition.cancelled', targetType: 'requisition', targetId: current.id, data: { number: current.number, from: current.status, reason: input.reason ?? null, released: amountText(released), skippedTasks: skipped } });
    return { ...updated!, released: amountText(released) };
  });
}

export interface RequisitionDetail {
  requisition: Requisition;
  lines: RequisitionLine[];
  requesterName: string | null;
  budgetLine: BudgetLine | null;
  approval: TaskView[];
  commitment: Array<{ budgetLineId: string; committed: string; spent: string }>;
}

/** One requisition with lines, budget line, approval route and commitment; other orgs' are 404. */
export async function getRequisition(ctx: Ctx, requisitionId: string): Promise<RequisitionDetail> {
  const orgId = buyerOrgOf(ctx);
  const requisition = await requisitionById(ctx.db, orgId, requisitionId);
  const [lines, users, budget, approval, commitment] = await Promise.all([
    linesOf(ctx.db, requisition.id),
    listOrgUsers(ctx.db, orgId, { ids: [requisition.requesterId] }),
    requisition.budgetLineId ? ctx.db.select().from(budgetLines).where(eq(budgetLines.id, requisition.budgetLineId)) : Promise.resolve([]),
    approvalTrail(ctx.db, orgId, REQUISITION, requisition.id),
    committedFor(ctx.db, { type: REQUISITION, id: requisition.id }),
  ]);
  return { requisition, lines, requesterName: users[0]?.name ?? null, budgetLine: budget[0] ?? null, approval, commitment };
}

/** Requisitions of the organisation, newest first: by status, only the caller's, or matching text. */
export async function listRequisitions(
  ctx: Ctx,
  filter: { status?: string[]; mine?: boolean; q?: string; budgetLineId?: string; limit: number; cursor?: string },
): Promise<{ items: Array<Requisition & { requesterName: string | null; lineCount: number }>; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const conditions: SQL[] = [eq(requisitions.orgId, orgId)];
  if (filter.status?.length) conditions.push(inArray(requisitions.status, filter.status));
  if (filter.mine) conditions.push(eq(requisitions.requesterId, actorUserId(ctx)));
  if (filter.budgetLineId) conditions.push(eq(requisitions.budgetLineId, filter.budgetLineId));
  if (filter.q?.trim()) {
    const pattern = `%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(requisitions.number, pattern), ilike(requisitions.title, pattern))!);
  }
  const after = cursorKey(filter.cursor, [idOf('req')]);
  if (after) conditions.push(lt(requisitions.id, after[0]!));
  const rows = await ctx.db.select().from(requisitions).where(and(...conditions)).orderBy(desc(requisitions.id)).limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (r) => [r.id]);
  const ids = page.items.map((r) => r.id);
  const counts = ids.length
    ? await ctx.db
        .select({ id: requisitionLines.requisitionId, n: sql<number>`count(*)::int` })
        .from(requisitionLines)
        .where(inArray(requisitionLines.requisitionId, ids))
        .groupBy(requisitionLines.requisitionId)
    : [];
  const names = new Map((await listOrgUsers(ctx.db, orgId, { ids: [...new Set(page.items.map((r) => r.requesterId))] })).map((u) => [u.id, u.name]));
  return {
    items: page.items.map((r) => ({ ...r, requesterName: names.get(r.requesterId) ?? null, lineCount: counts.find((c) => c.id === r.id)?.n ?? 0 })),
    nextCursor: page.nextCursor,
  };
}

// --- for orders -----------------------------------------------------------------------------------

export interface OrderableRequisition {
  requisition: Requisition;
  lines: Array<RequisitionLine & { remainingQuantity: string }>;
}

/**
 * An approved (or partially ordered) requisition of `orgId`, locked for the caller's transaction,
 * with what each line has left to order. 404 for another organisation's; 409 when it cannot be
 * ordered in its state.
 */
export async function getRequisitionForOrdering(tx: Tx, ctx: Ctx, input: { requisitionId: string; orgId?: string }): Promise<OrderableRequisition> {
  const orgId = input.orgId ?? buyerOrgOf(ctx);
  const requisition = await lockRequisition(tx, orgId, input.requisitionId);
  transitionRequisition(requisition.status, 'order_part');
  const lines = await linesOf(tx, requisition.id);
  return { requisition, lines: lines.map((l) => ({ ...l, remainingQuantity: qty(dec(l.quantity).minus(l.orderedQuantity)) })) };
}

/**
 * Records that an order took quantities from requisition lines (in the order's transaction).
 * Each line's ordered quantity never passes its quantity (409). When every line is fully
 * ordered the requisition is `ordered` and whatever it still commits is released — call
 * `transferCommitment` for the order first, so the order's share has moved over. Emits the
 * event; returns the audit entry for the caller to record last in its transaction.
 */
export async function markRequisitionLinesOrdered(
  tx: Tx,
  ctx: Ctx,
  input: { requisitionId: string; orgId?: string; orderId: string; lines: Array<{ lineId: string; quantity: Decimal.Value }> },
): Promise<Requisition & { released: string; audit: AuditInput }> {
  const orgId = input.orgId ?? buyerOrgOf(ctx);
  const requisition = await lockRequisition(tx, orgId, input.requisitionId);
  transitionRequisition(requisition.status, 'order_part');
  for (const line of input.lines) {
    const quantity = dec(line.quantity);
    if (quantity.lte(0)) throw new Error('markRequisitionLinesOrdered: quantity must be positive');
    const q = quantity.toFixed(3);
    const updated = await tx
      .update(requisitionLines)
      .set({ orderedQuantity: sql`${requisitionLines.orderedQuantity} + ${q}::numeric` })
      .where(and(eq(requisitionLines.id, line.lineId), eq(requisitionLines.requisitionId, requisition.id), sql`${requisitionLines.orderedQuantity} + ${q}::numeric <= ${requisitionLines.quantity}`))
      .returning({ id: requisitionLines.id });
    if (!updated.length) {
      const [current] = await tx.select().from(requisitionLines).where(and(eq(requisitionLines.id, line.lineId), eq(requisitionLines.requisitionId, requisition.id)));
      if (!current) throw notFound('requisition line', line.lineId);
      throw new Problem('procurement.order_quantity_exceeded', { lineNo: current.lineNo, remaining: qty(dec(current.quantity).minus(current.orderedQuantity)), requested: qty(quantity) }, { lineId: current.id });
    }
  }
  const lines = await linesOf(tx, requisition.id);
  const complete = lines.every((l) => dec(l.orderedQuantity).gte(l.quantity));
  const status = transitionRequisition(requisition.status, complete ? 'order_all' : 'order_part');
  const released = complete ? await releaseBudget(tx, ctx, { reference: { type: REQUISITION, id: requisition.id } }) : dec(0);
  const [updated] = await tx.update(requisitions).set({ status, updatedAt: new Date(), version: requisition.version + 1 }).where(eq(requisitions.id, requisition.id)).returning();
  const verb = complete ? 'ordered' : 'partially_ordered';
  await emitEvent(tx, `procurement.requisition.${verb}`, eventPayload(updated!, { orderId: input.orderId, released: amountText(released) }), orgId);
  // Not audited here: the order's transaction goes on taking row locks, and the audit chain lock
  // must come last. The caller records `audit` at its end (recordAudit(tx, ctx, result.audit)).
  const audit: AuditInput = { action: `procurement.requisition.${verb}`, targetType: 'requisition', targetId: requisition.id, orgId, data: { orderId: input.orderId, lines: input.lines.map((l) => ({ lineId: l.lineId, quantity: qty(l.quantity) })), released: amountText(released) } };
  return { ...updated!, released: amountText(released), audit };
}
