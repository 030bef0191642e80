import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import './errors.ts';
import { budgetLines, budgetMovements, procurementPlans } from './schema.ts';

export type BudgetLine = typeof budgetLines.$inferSelect;
export type BudgetMovement = typeof budgetMovements.$inferSelect;

/** The document a commitment belongs to: a requisition, an order, … */
export interface BudgetReference {
  type: string;
  id: string;
}

/** What a change did: `applied` is false when its dedupe key had already been applied (a replay). */
export interface BudgetResult {
  applied: boolean;
  budgetLineId: string;
}

/** Amounts in problems and messages: two decimals unless the value carries more. */
export function amountText(value: Decimal.Value): string {
  const d = dec(value);
  return d.decimalPlaces() > 2 ? d.toFixed(4) : d.toFixed(2);
}

export function remainingOf(line: Pick<BudgetLine, 'amount' | 'committed' | 'spent'>): Decimal {
  return dec(line.amount).minus(line.committed).minus(line.spent);
}

function budgetExceeded(line: BudgetLine, requested: Decimal.Value): Problem {
  const remaining = amountText(remainingOf(line));
  return new Problem(
    'procurement.budget_exceeded',
    { budgetLine: line.code, remaining, requested: amountText(requested), currency: line.currency },
    { budgetLineId: line.id, budgetLineCode: line.code, requested: amountText(requested), remaining, currency: line.currency },
  );
}

async function readLine(tx: Tx, budgetLineId: string): Promise<BudgetLine> {
  const [line] = await tx.select().from(budgetLines).where(eq(budgetLines.id, budgetLineId));
  if (!line) throw notFound('budget line', budgetLineId);
  return line;
}

/** True when a budget line funds this category: no category on the line funds everything. */
export function fundsCategory(line: Pick<BudgetLine, 'categoryCode'>, categoryCode: string | null | undefined): boolean {
  if (!line.categoryCode) return true;
  return Boolean(categoryCode && categoryCode.startsWith(line.categoryCode));
}

/**
 * Checks that a line of `orgId` can take a new commitment for these categories: it exists (else
 * 404), its plan is active, and it funds every category.
 */
export async function assertLineFunds(tx: Tx, input: { budgetLineId: string; orgId: string; categoryCodes?: Array<string | null> }): Promise<BudgetLine> {
  const [row] = await tx
    .select({ line: budgetLines, planStatus: procurementPlans.status })
    .from(budgetLines)
    .innerJoin(procurementPlans, eq(procurementPlans.id, budgetLines.planId))
    .where(and(eq(budgetLines.id, input.budgetLineId), eq(budgetLines.orgId, input.orgId)));
  if (!row) throw notFound('budget line', input.budgetLineId);
  if (row.planStatus !== 'active') throw new Problem('procurement.plan_closed', { planId: row.line.planId });
  for (const code of input.categoryCodes ?? []) {
    if (!fundsCategory(row.line, code)) {
      throw new Problem('procurement.budget_line_mismatch', {
        budgetLine: row.line.code,
        reason: `it funds category ${row.line.categoryCode}, not ${code ?? '(none)'}.`,
        reasonZh: `该预算行用于品类 ${row.line.categoryCode}，不适用于 ${code ?? '（无品类）'}。`,
      });
    }
  }
  return row.line;
}

/** Inserts a movement unless its dedupe key exists; returns its id, or null for a replay. */
async function insertMovement(
  tx: Tx,
  input: { budgetLineId: string; kind: string; committedDelta?: Decimal; spentDelta?: Decimal; reference: BudgetReference; dedupeKey: string },
): Promise<string | null> {
  const id = newId('bmv');
  const rows = await tx
    .insert(budgetMovements)
    .values({
      id,
      budgetLineId: input.budgetLineId,
      kind: input.kind,
      committedDelta: (input.committedDelta ?? dec(0)).toFixed(4),
      spentDelta: (input.spentDelta ?? dec(0)).toFixed(4),
      referenceType: input.reference.type,
      referenceId: input.reference.id,
      dedupeKey: input.dedupeKey,
    })
    .onConflictDoNothing({ target: budgetMovements.dedupeKey })
    .returning({ id: budgetMovements.id });
  return rows.length ? id : null;
}

async function deleteMovement(tx: Tx, id: string): Promise<void> {
  await tx.delete(budgetMovements).where(eq(budgetMovements.id, id));
}

/**
 * Adds `extra` to a line's committed amount only while the line has that much left: the
 * conditional update is the guard (under concurrency the row lock re-evaluates it), the CHECK
 * constraint the backstop. Returns false when the line has too little left.
 */
async function addCommitted(tx: Tx, budgetLineId: string, extra: Decimal): Promise<boolean> {
  const x = extra.toFixed(4);
  const rows = await query(
    tx,
    sql`update budget_lines set committed = committed + ${x}::numeric, updated_at = now()
        where id = ${budgetLineId} and amount - committed - spent >= ${x}::numeric
        returning id`,
  );
  return rows.length > 0;
}

/**
 * Commits budget for a document, exactly once per `dedupeKey`: 422 `procurement.budget_exceeded`
 * (naming line, requested and remaining) when the line has less left, with nothing written.
 * A zero amount commits nothing.
 */
export async function commitBudget(
  tx: Tx,
  _ctx: Ctx,
  input: { budgetLineId: string; orgId: string; amount: Decimal.Value; categoryCode?: string | null; categoryCodes?: Array<string | null>; reference: BudgetReference; dedupeKey: string },
): Promise<BudgetResult> {
  const amount = dec(input.amount);
  if (amount.isNeg()) throw new Error('commitBudget: negative amount');
  const codes = input.categoryCodes ?? (input.categoryCode !== undefined ? [input.categoryCode] : []);
  const line = await assertLineFunds(tx, { budgetLineId: input.budgetLineId, orgId: input.orgId, categoryCodes: codes });
  if (amount.isZero()) return { applied: false, budgetLineId: line.id };
  // The movement goes in first: its unique dedupe key makes a concurrent duplicate wait, then no-op.
  const movementId = await insertMovement(tx, { budgetLineId: line.id, kind: 'commit', committedDelta: amount, reference: input.reference, dedupeKey: input.dedupeKey });
  if (!movementId) return { applied: false, budgetLineId: line.id };
  if (!(await addCommitted(tx, line.id, amount))) {
    // Leave nothing behind even if a caller catches the problem and commits its transaction.
    await deleteMovement(tx, movementId);
    throw budgetExceeded(await readLine(tx, line.id), amount);
  }
  return { applied: true, budgetLineId: line.id };
}

/**
 * What a reference still holds per budget line (sum of its committed deltas), with those lines
 * locked so that concurrent releases, transfers and spends of the same reference serialise.
 */
async function lockHeld(tx: Tx, reference: BudgetReference): Promise<Array<{ budgetLineId: string; held: Decimal; moves: number }>> {
  const lines = await query<{ budget_line_id: string }>(
    tx,
    sql`select distinct budget_line_id from budget_movements where reference_type = ${reference.type} and reference_id = ${reference.id}`,
  );
  if (!lines.length) return [];
  const ids = lines.map((l) => l.budget_line_id).sort();
  await query(tx, sql`select id from budget_lines where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) order by id for update`);
  // A fresh statement after the lock: under READ COMMITTED it sees what the lock holder committed.
  const rows = await query<{ budget_line_id: string; held: string; moves: string }>(
    tx,
    sql`select budget_line_id, sum(committed_delta)::text as held, count(*)::text as moves from budget_movements
        where reference_type = ${reference.type} and reference_id = ${reference.id}
        group by budget_line_id order by sum(committed_delta) desc, budget_line_id`,
  );
  return rows.map((r) => ({ budgetLineId: r.budget_line_id, held: dec(r.held), moves: Number(r.moves) }));
}

/** What a reference holds now, per budget line (no lock): for displays and checks. */
export async function committedFor(tx: Tx, reference: BudgetReference): Promise<Array<{ budgetLineId: string; committed: string; spent: string }>> {
  const rows = await query<{ budget_line_id: string; committed: string; spent: string }>(
    tx,
    sql`select budget_line_id, sum(committed_delta)::text as committed, sum(spent_delta)::text as spent from budget_movements
        where reference_type = ${reference.type} and reference_id = ${reference.id} group by budget_line_id order by budget_line_id`,
  );
  return rows.map((r) => ({ budgetLineId: r.budget_line_id, committed: amountText(r.committed), spent: amountText(r.spent) }));
}

/**
 * Releases whatever `reference` still has committed, on every line, exactly once: a second call
 * (or a concurrent one) finds nothing left. Returns the amount released.
 */
export async function releaseBudget(tx: Tx, _ctx: Ctx, input: { reference: BudgetReference }): Promise<Decimal> {
  let released = dec(0);
  for (const line of await lockHeld(tx, input.reference)) {
    if (!line.held.gt(0)) continue;
    const key = `release:${input.reference.type}:${input.reference.id}:${line.budgetLineId}:${line.moves}`;
    const movementId = await insertMovement(tx, { budgetLineId: line.budgetLineId, kind: 'release', committedDelta: line.held.neg(), reference: input.reference, dedupeKey: key });
    if (!movementId) continue;
    await query(tx, sql`update budget_lines set committed = committed - ${line.held.toFixed(4)}::numeric, updated_at = now() where id = ${line.budgetLineId}`);
    released = released.plus(line.held);
  }
  return released;
}

/**
 * Moves a commitment from one document to the next (requisition → order), exactly once per
 * `to`: up to what `from` still holds moves over; anything beyond (the order costs more than
 * estimated, or the requisition's commitment was already released) is committed anew on the same
 * line, and refused with 422 when the line has too little left. `from` must have committed on a
 * line at some point (else 409 `procurement.nothing_committed`).
 */
export async function transferCommitment(
  tx: Tx,
  _ctx: Ctx,
  input: { from: BudgetReference; to: BudgetReference; amount: Decimal.Value; dedupeKey?: string },
): Promise<BudgetResult & { transferred: string; committedExtra: string }> {
  const amount = dec(input.amount);
  if (amount.isNeg()) throw new Error('transferCommitment: negative amount');
  const [line] = await lockHeld(tx, input.from);
  if (!line) throw new Problem('procurement.nothing_committed', { referenceType: input.from.type, referenceId: input.from.id });
  const key = input.dedupeKey ?? `transfer:${input.from.type}:${input.from.id}>${input.to.type}:${input.to.id}`;
  const moved = Decimal.min(amount, Decimal.max(line.held, 0));
  const extra = amount.minus(moved);
  const inId = await insertMovement(tx, { budgetLineId: line.budgetLineId, kind: 'transfer_in', committedDelta: moved, reference: input.to, dedupeKey: `${key}:in` });
  if (!inId) return { applied: false, budgetLineId: line.budgetLineId, transferred: '0.00', committedExtra: '0.00' };
  if (extra.gt(0) && !(await addCommitted(tx, line.budgetLineId, extra))) {
    await deleteMovement(tx, inId);
    throw budgetExceeded(await readLine(tx, line.budgetLineId), extra);
  }
  if (moved.gt(0)) await insertMovement(tx, { budgetLineId: line.budgetLineId, kind: 'transfer_out', committedDelta: moved.neg(), reference: input.from, dedupeKey: `${key}:out` });
  if (extra.gt(0)) await insertMovement(tx, { budgetLineId: line.budgetLineId, kind: 'commit', committedDelta: extra, reference: input.to, dedupeKey: `${key}:extra` });
  return { applied: true, budgetLineId: line.budgetLineId, transferred: amountText(moved), committedExtra: amountText(extra) };
}

/**
 * Turns commitment into spending when a document is settled, exactly once per `dedupeKey`
 * (e.g. the invoice id): up to what `reference` still holds leaves committed, `amount` is added
 * to spent; anything beyond the commitment needs room on the line (else 422).
 */
export async function spendBudget(
  tx: Tx,
  _ctx: Ctx,
  input: { reference: BudgetReference; amount: Decimal.Value; dedupeKey: string },
): Promise<BudgetResult & { fromCommitment: string }> {
  const amount = dec(input.amount);
  if (amount.isNeg()) throw new Error('spendBudget: negative amount');
  const [line] = await lockHeld(tx, input.reference);
  if (!line) throw new Problem('procurement.nothing_committed', { referenceType: input.reference.type, referenceId: input.reference.id });
  const fromCommitment = Decimal.min(amount, Decimal.max(line.held, 0));
  const extra = amount.minus(fromCommitment);
  const movementId = await insertMovement(tx, {
    budgetLineId: line.budgetLineId,
    kind: 'spend',
    committedDelta: fromCommitment.neg(),
    spentDelta: amount,
    reference: input.reference,
    dedupeKey: input.dedupeKey,
  });
  if (!movementId) return { applied: false, budgetLineId: line.budgetLineId, fromCommitment: '0.00' };
  const rows = await query(
    tx,
    sql`update budget_lines set committed = committed - ${fromCommitment.toFixed(4)}::numeric, spent = spent + ${amount.toFixed(4)}::numeric, updated_at = now()
        where id = ${line.budgetLineId} and amount - committed - spent >= ${extra.toFixed(4)}::numeric returning id`,
  );
  if (!rows.length) {
    await deleteMovement(tx, movementId);
    throw budgetExceeded(await readLine(tx, line.budgetLineId), extra);
  }
  return { applied: true, budgetLineId: line.budgetLineId, fromCommitment: amountText(fromCommitment) };
}
