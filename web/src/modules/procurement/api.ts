import { api, type ApiResponse } from '../../platform/api.ts';
import { useApiData } from '../../platform/use-api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

// Types of the procurement API, named once for the pages (generated from the route schemas).
export type Plan = ApiResponse<'/procurement/plans/{planId}'>;
export type PlanRow = ApiResponse<'/procurement/plans'>['items'][number];
export type BudgetLine = Plan['budgetLines'][number];
export type Movement = ApiResponse<'/procurement/budget-lines/{budgetLineId}/movements'>['items'][number];
export type Requisition = ApiResponse<'/procurement/requisitions/{requisitionId}'>;
export type RequisitionRow = ApiResponse<'/procurement/requisitions'>['items'][number];
export type RequisitionLine = Requisition['lines'][number];
export type Task = Requisition['approval'][number];
export type InboxItem = ApiResponse<'/procurement/approvals/inbox'>['items'][number];
export type Rule = ApiResponse<'/procurement/approval-rules/{ruleId}'>;
export type Step = Rule['steps'][number];
export type Delegation = ApiResponse<'/procurement/approval-delegations'>['items'][number];
export type Colleague = ApiResponse<'/procurement/users'>['items'][number];
export type SkuHit = ApiResponse<'/catalog/search'>['items'][number];
export type Category = ApiResponse<'/catalog/categories'>['items'][number];

export const BASE = '/buyer/procurement';

/** A label from this module's messages by prefix, falling back to the raw code. */
export function label(prefix: string, code: string | null | undefined): Msg {
  if (!code) return ['—', '—'];
  return (m as Record<string, Msg>)[`${prefix}${code}`] ?? [code, code];
}

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  pending_approval: 'processing',
  approved: 'success',
  rejected: 'error',
  partially_ordered: 'cyan',
  ordered: 'blue',
  cancelled: 'default',
};

export const TASK_COLORS: Record<string, string> = { queued: 'default', pending: 'processing', approved: 'success', rejected: 'error', skipped: 'default' };

/** Roles an approval level may name (the server checks the same list). */
export const APPROVER_ROLES = ['approver', 'org_admin', 'purchaser', 'buyer_finance'] as const;

/** Colleagues for pickers (delegates, named approvers); everyone of the organisation, by name. */
export function useColleagues() {
  return useApiData(async (signal) => {
    const out: Colleague[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get('/procurement/users', { query: { limit: 200, cursor }, signal });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }, []);
}

/** The commodity coding tree, flat and code-ordered. */
export function useCategories() {
  return useApiData((signal) => api.get('/catalog/categories', { signal }).then((r) => r.items), []);
}

/** Open budget lines (of active plans), for the requisition form. */
export function useOpenBudgetLines() {
  return useApiData(async (signal) => {
    const out: BudgetLine[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get('/procurement/budget-lines', { query: { open: true, limit: 200, cursor }, signal });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }, []);
}

/** TreeSelect search: a code matches from its start (0401 is not 01040101), a name anywhere. */
export function filterCategory(input: string, node: { value?: unknown; title?: unknown }): boolean {
  const q = input.trim().toLowerCase();
  const code = String(node.value ?? '');
  const title = String(node.title ?? '');
  return /^\d+$/.test(q) ? code.startsWith(q) : title.slice(code.length).toLowerCase().includes(q);
}

/** Builds antd TreeSelect data from the flat category list. */
export function categoryTree(items: readonly Category[]): Array<{ value: string; title: string; children: ReturnType<typeof categoryTree> }> {
  type Node = { value: string; title: string; children: Node[] };
  const byCode = new Map<string, Node>();
  const roots: Node[] = [];
  for (const c of [...items].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))) {
    const node: Node = { value: c.code, title: `${c.code} ${c.name}`, children: [] };
    byCode.set(c.code, node);
    const parent = byCode.get(c.code.slice(0, -2));
    if (c.code.length > 2 && parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

// --- decimal strings, never floats -------------------------------------------------------------

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function parse(value: string): { int: bigint; scale: number } | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign = '', whole = '0', frac = ''] = match;
  const digits = BigInt(`${whole}${frac}`);
  return { int: sign ? -digits : digits, scale: frac.length };
}

function scaled(value: { int: bigint; scale: number }, scale: number): bigint {
  return value.int * 10n ** BigInt(scale - value.scale);
}

function render(int: bigint, scale: number): string {
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = scale ? digits.slice(digits.length - scale) : '';
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

/** a × b, exact (null when either is not a number). */
export function mul(a: string | undefined, b: string | undefined): string | null {
  const x = a ? parse(a) : null;
  const y = b ? parse(b) : null;
  if (!x || !y) return null;
  return render(x.int * y.int, x.scale + y.scale);
}

/** The sum of decimal strings, exact; non-numbers count as 0. */
export function sum(values: Array<string | null | undefined>): string {
  const parsed = values.map((v) => (v ? parse(v) : null)).filter((v): v is { int: bigint; scale: number } => Boolean(v));
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  return render(parsed.reduce((s, p) => s + scaled(p, scale), 0n), scale);
}

/** -1, 0 or 1. */
export function compare(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return 0;
  const scale = Math.max(x.scale, y.scale);
  const d = scaled(x, scale) - scaled(y, scale);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

/** part / whole as a percentage 0–100 for bars (display only, two decimals of precision). */
export function percent(part: string, whole: string): number {
  const x = parse(part);
  const y = parse(whole);
  if (!x || !y || y.int === 0n) return 0;
  const scale = Math.max(x.scale, y.scale);
  const basisPoints = (scaled(x, scale) * 10000n) / scaled(y, scale);
  return Math.max(0, Math.min(100, Number(basisPoints) / 100));
}
