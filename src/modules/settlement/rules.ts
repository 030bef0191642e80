import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { cents, dec, money } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { chargeCommission, selectRule } from './commission.ts';
import { commissionRules, type CommissionRule } from './schema.ts';

export interface CommissionRuleInput {
  name: string;
  categoryCode?: string | null;
  supplierTier?: string | null;
  rate: string;
  minAmount?: string | null;
  maxAmount?: string | null;
  priority?: number;
  active?: boolean;
}

function checkBounds(input: { rate: string; minAmount?: string | null; maxAmount?: string | null }): void {
  const rate = dec(input.rate);
  if (rate.lt(0) || rate.gte(1)) throw new Problem('settlement.commission_rule_invalid', { reason: 'rate must be at least 0 and below 1 (0.015 = 1.5 %)' }, {}, [{ pointer: '/rate', in: 'body', message: 'must be >= 0 and < 1' }]);
  for (const field of ['minAmount', 'maxAmount'] as const) {
    const v = input[field];
    if (v !== null && v !== undefined && dec(v).lt(0)) throw new Problem('settlement.commission_rule_invalid', { reason: `${field} must not be negative` }, {}, [{ pointer: `/${field}`, in: 'body', message: 'must not be negative' }]);
  }
  if (input.minAmount != null && input.maxAmount != null && dec(input.minAmount).gt(input.maxAmount)) {
    throw new Problem('settlement.commission_rule_invalid', { reason: `minimum ${input.minAmount} is above maximum ${input.maxAmount}` }, {}, [{ pointer: '/minAmount', in: 'body', message: 'must not exceed maxAmount' }]);
  }
}

const amountOrNull = (v: string | null | undefined) => (v === null || v === undefined ? null : money(v, 4));

/** Creates a commission rule (platform finance). */
export async function createCommissionRule(ctx: Ctx, input: CommissionRuleInput): Promise<CommissionRule> {
  checkBounds(input);
  return ctx.db.transaction(async (tx) => {
    const [rule] = await tx
      .insert(commissionRules)
      .values({
        id: newId('crule'),
        name: input.name,
        categoryCode: input.categoryCode || null,
        supplierTier: input.supplierTier || null,
        rate: money(input.rate, 4),
        minAmount: amountOrNull(input.minAmount),
        maxAmount: amountOrNull(input.maxAmount),
        priority: input.priority ?? 100,
        active: input.active ?? true,
        createdBy: ctx.actor?.id ?? null,
      })
      .returning();
    await emitEvent(tx, 'settlement.commission_rule.created', { ruleId: rule!.id }, null);
    await recordAudit(tx, ctx, { action: 'settlement.commission_rule.created', targetType: 'commission_rule', targetId: rule!.id, data: { ...input } });
    return rule!;
  });
}

/** Edits a rule; the version read (body or If-Match) must be current. */
export async function updateCommissionRule(
  ctx: Ctx,
  ruleId: string,
  input: Partial<CommissionRuleInput> & { version?: number; ifMatch?: string },
): Promise<CommissionRule> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(commissionRules).where(eq(commissionRules.id, ruleId)).for('update');
    if (!current) throw notFound('commission rule', ruleId);
    assertVersion('commission rule', current.version, { ifMatch: input.ifMatch, version: input.version });
    const next = {
      name: input.name ?? current.name,
      categoryCode: input.categoryCode === undefined ? current.categoryCode : input.categoryCode || null,
      supplierTier: input.supplierTier === undefined ? current.supplierTier : input.supplierTier || null,
      rate: input.rate ?? current.rate,
      minAmount: input.minAmount === undefined ? current.minAmount : input.minAmount,
      maxAmount: input.maxAmount === undefined ? current.maxAmount : input.maxAmount,
      priority: input.priority ?? current.priority,
      active: input.active ?? current.active,
    };
    checkBounds(next);
    const [rule] = await tx
      .update(commissionRules)
      .set({ ...next, rate: money(next.rate, 4), minAmount: amountOrNull(next.minAmount), maxAmount: amountOrNull(next.maxAmount), updatedAt: new Date(), version: sql`${commissionRules.version} + 1` })
      .where(and(eq(commissionRules.id, ruleId), eq(commissionRules.version, current.version)))
      .returning();
    if (!rule) throw new Problem('resource.version_conflict', { resource: 'commission rule', expected: current.version, actual: current.version + 1 });
    const changed = Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'ifMatch' && k !== 'version'));
    await emitEvent(tx, 'settlement.commission_rule.updated', { ruleId }, null);
    await recordAudit(tx, ctx, { action: 'settlement.commission_rule.updated', targetType: 'commission_rule', targetId: ruleId, data: { changed, fromVersion: current.version } });
    return rule;
  });
}

export async function getCommissionRule(tx: Tx, ruleId: string): Promise<CommissionRule> {
  const [rule] = await tx.select().from(commissionRules).where(eq(commissionRules.id, ruleId));
  if (!rule) throw notFound('commission rule', ruleId);
  return rule;
}

export async function listCommissionRules(tx: Tx, filter: { active?: boolean } = {}): Promise<CommissionRule[]> {
  const where = filter.active === undefined ? undefined : eq(commissionRules.active, filter.active);
  return tx.select().from(commissionRules).where(where).orderBy(asc(commissionRules.priority), asc(commissionRules.createdAt));
}

export function activeCommissionRules(tx: Tx): Promise<CommissionRule[]> {
  return listCommissionRules(tx, { active: true });
}

/** Which rule applies to a line and what it would charge on an order of `subtotal` (no history). */
export async function previewCommission(tx: Tx, input: { categoryCode: string | null; supplierTier: string | null; subtotal: string }) {
  const rules = await activeCommissionRules(tx);
  const rule = selectRule(rules, input);
  const charge = chargeCommission(rules, input.supplierTier, [{ categoryCode: input.categoryCode, base: input.subtotal }], {});
  return { rule, commission: money(cents(charge.amount)) };
}
