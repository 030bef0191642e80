import { Decimal, cents, dec, money } from '../../platform/money.ts';

export interface CommissionRuleLike {
  id: string;
  categoryCode: string | null;
  supplierTier: string | null;
  rate: Decimal.Value;
  minAmount: Decimal.Value | null;
  maxAmount: Decimal.Value | null;
  priority: number;
  active: boolean;
  createdAt: Date;
}

/**
 * The rule that applies to a line: the most specific active rule wins — the longest matching
 * category prefix first, then a matching supplier tier, then the default (neither set); ties go
 * to the lower priority number, then the older rule. A rule whose category or tier is set and
 * does not match never applies.
 */
export function selectRule<R extends CommissionRuleLike>(rules: readonly R[], line: { categoryCode: string | null; supplierTier: string | null }): R | null {
  let best: R | null = null;
  let bestKey: [number, number, number, number] | null = null;
  for (const rule of rules) {
    if (!rule.active) continue;
    if (rule.categoryCode !== null && !(line.categoryCode ?? '').startsWith(rule.categoryCode)) continue;
    if (rule.supplierTier !== null && rule.supplierTier !== line.supplierTier) continue;
    const key: [number, number, number, number] = [rule.categoryCode?.length ?? 0, rule.supplierTier !== null ? 1 : 0, -rule.priority, -rule.createdAt.getTime()];
    if (!bestKey || compareKeys(key, bestKey) > 0) {
      best = rule;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** What was charged under each rule on one order so far: the base it was computed on, and the amount. */
export type CommissionLedger = Record<string, { base: string; charged: string }>;

export interface CommissionCharge {
  /** What to charge now: the cumulative target less what was charged before. */
  amount: Decimal;
  /** The order's commission record after this charge. */
  detail: CommissionLedger;
  /** Per rule: base added and amount charged now (for the entry memo and the audit). */
  parts: Array<{ ruleId: string; base: string; amount: string }>;
}

/**
 * Commission on newly settled value of an order (accepted goods for escrow, approved invoices for
 * credit terms). Min and max apply per order and rule, so the target is computed on the order's
 * cumulative base and only the difference to what was charged before is charged now; it never
 * exceeds the base itself.
 */
export function chargeCommission<R extends CommissionRuleLike>(
  rules: readonly R[],
  supplierTier: string | null,
  lines: Array<{ categoryCode: string | null; base: Decimal.Value }>,
  before: CommissionLedger,
): CommissionCharge {
  const added = new Map<string, Decimal>();
  const ruleById = new Map<string, R>();
  for (const line of lines) {
    const rule = selectRule(rules, { categoryCode: line.categoryCode, supplierTier });
    if (!rule || dec(line.base).lte(0)) continue;
    ruleById.set(rule.id, rule);
    added.set(rule.id, (added.get(rule.id) ?? dec(0)).plus(line.base));
  }
  const detail: CommissionLedger = { ...before };
  const parts: CommissionCharge['parts'] = [];
  let amount = dec(0);
  for (const [ruleId, base] of added) {
    const rule = ruleById.get(ruleId)!;
    const previous = before[ruleId] ?? { base: '0', charged: '0' };
    const cumulativeBase = dec(previous.base).plus(base);
    let target = cents(cumulativeBase.times(rule.rate));
    if (rule.minAmount !== null && target.lt(rule.minAmount)) target = dec(rule.minAmount);
    if (rule.maxAmount !== null && target.gt(rule.maxAmount)) target = dec(rule.maxAmount);
    target = Decimal.min(target, cents(cumulativeBase));
    const delta = Decimal.max(target.minus(previous.charged), 0);
    detail[ruleId] = { base: money(cumulativeBase), charged: money(dec(previous.charged).plus(delta)) };
    parts.push({ ruleId, base: money(base), amount: money(delta) });
    amount = amount.plus(delta);
  }
  return { amount, detail, parts };
}
