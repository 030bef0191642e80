import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec, money } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { ACCOUNT_PURPOSES, isDebitNormal, type AccountPurpose, type AccountType } from './accounts.ts';
import './errors.ts';
import { ledgerAccounts, ledgerEntries, ledgerHolds, ledgerPostings, type LedgerAccountRow, type LedgerHoldRow } from './schema.ts';

export interface AccountRef {
  owner: string;
  purpose: AccountPurpose;
  currency?: string;
}

export interface PostingInput {
  account: AccountRef;
  debit?: Decimal.Value;
  credit?: Decimal.Value;
}

export interface EntryInput {
  kind: string;
  memo?: string;
  reference?: { type: string; id: string };
  /** Posting twice with the same key is a no-op returning the first entry (exactly-once). */
  dedupeKey?: string;
  postings: PostingInput[];
  reversesEntryId?: string;
}

/** Finds or creates an account. Select first: after the first posting the account always exists. */
export async function ensureAccount(tx: Tx, ref: AccountRef): Promise<string> {
  const currency = ref.currency ?? 'CNY';
  const where = and(eq(ledgerAccounts.owner, ref.owner), eq(ledgerAccounts.purpose, ref.purpose), eq(ledgerAccounts.currency, currency));
  const [existing] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  if (existing) return existing.id;
  const type: AccountType = ACCOUNT_PURPOSES[ref.purpose];
  await tx.insert(ledgerAccounts).values({ id: newId('acct'), owner: ref.owner, purpose: ref.purpose, currency, type }).onConflictDoNothing();
  const [row] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(where);
  return row!.id;
}

/**
 * Posts a balanced journal entry in the caller's transaction. Balance is checked here and again
 * by a deferred database trigger, so no code path can commit an unbalanced entry.
 */
export async function postEntry(tx: Tx, ctx: Ctx, input: EntryInput): Promise<string> {
  const totals = new Map<string, { debit: Decimal; credit: Decimal }>();
  const rows: Array<{ accountId: string; currency: string; debit: string; credit: string }> = [];
  for (const p of input.postings) {
    const debit = dec(p.debit);
    const credit = dec(p.credit);
    if (debit.isNeg() || credit.isNeg() || debit.isZero() === credit.isZero()) {
      throw new Error(`posting must have exactly one positive side (${input.kind})`);
    }
    const currency = p.account.currency ?? 'CNY';
    const t = totals.get(currency) ?? { debit: dec(0), credit: dec(0) };
    totals.set(currency, { debit: t.debit.plus(debit), credit: t.credit.plus(credit) });
    rows.push({ accountId: await ensureAccount(tx, p.account), currency, debit: money(debit, 4), credit: money(credit, 4) });
  }
  for (const [currency, t] of totals) {
    if (!t.debit.eq(t.credit)) throw new Problem('ledger.unbalanced', { debits: money(t.debit), credits: money(t.credit), currency });
  }
  if (input.dedupeKey) {
    const [existing] = await tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.dedupeKey, input.dedupeKey));
    if (existing) return existing.id;
  }
  const id = newId('je');
  const occurredAt = new Date();
  await tx.insert(ledgerEntries).values({
    id,
    kind: input.kind,
    memo: input.memo ?? null,
    referenceType: input.reference?.type ?? null,
    referenceId: input.reference?.id ?? null,
    dedupeKey: input.dedupeKey ?? null,
    reversesEntryId: input.reversesEntryId ?? null,
    createdBy: ctx.actor?.id ?? null,
    occurredAt,
  });
  await tx.insert(ledgerPostings).values(rows.map((r) => ({ ...r, entryId: id, occurredAt })));
  return id;
}

/** Reverses an entry with its mirror image; the original is never edited. */
export async function reverseEntry(tx: Tx, ctx: Ctx, entryId: string, memo: string): Promise<string> {
  const postings = await tx
    .select({ posting: ledgerPostings, account: ledgerAccounts })
    .from(ledgerPostings)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerPostings.accountId))
    .where(eq(ledgerPostings.entryId, entryId));
  if (!postings.length) throw notFound('ledger entry', entryId);
  const [original] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId));
  return postEntry(tx, ctx, {
    kind: `${original!.kind}.reversal`,
    memo,
    reference: original!.referenceType ? { type: original!.referenceType, id: original!.referenceId! } : undefined,
    dedupeKey: `reversal:${entryId}`,
    reversesEntryId: entryId,
    postings: postings.map(({ posting, account }) => ({
      account: { owner: account.owner, purpose: account.purpose as AccountPurpose, currency: account.currency },
      debit: dec(posting.credit).isZero() ? undefined : posting.credit,
      credit: dec(posting.debit).isZero() ? undefined : posting.debit,
    })),
  });
}

export interface Balance {
  accountId: string;
  owner: string;
  purpose: string;
  currency: string;
  type: string;
  /** Signed to the account's normal side: a positive liability is money owed. */
  balance: string;
  /** Balance less pending holds. */
  available: string;
  held: string;
}

async function balancesFor(tx: Tx, accounts: LedgerAccountRow[]): Promise<Balance[]> {
  if (!accounts.length) return [];
  const ids = accounts.map((a) => a.id);
  const sums = await query<{ account_id: string; debit: string; credit: string }>(
    tx,
    sql`select account_id, coalesce(sum(debit), 0)::text as debit, coalesce(sum(credit), 0)::text as credit
        from ledger_postings where account_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) group by account_id`,
  );
  const holds = await query<{ account_id: string; held: string }>(
    tx,
    sql`select account_id, coalesce(sum(amount), 0)::text as held from ledger_holds
        where status = 'pending' and account_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) group by account_id`,
  );
  const sumById = new Map(sums.map((s) => [s.account_id, s]));
  const heldById = new Map(holds.map((h) => [h.account_id, dec(h.held)]));
  return accounts.map((a) => {
    const s = sumById.get(a.id);
    const debit = dec(s?.debit);
    const credit = dec(s?.credit);
    const balance = isDebitNormal(a.type as AccountType) ? debit.minus(credit) : credit.minus(debit);
    const held = heldById.get(a.id) ?? dec(0);
    return { accountId: a.id, owner: a.owner, purpose: a.purpose, currency: a.currency, type: a.type, balance: money(balance), held: money(held), available: money(balance.minus(held)) };
  });
}

export async function balancesOf(tx: Tx, owner: string): Promise<Balance[]> {
  const accounts = await tx.select().from(ledgerAccounts).where(eq(ledgerAccounts.owner, owner)).orderBy(asc(ledgerAccounts.purpose));
  return balancesFor(tx, accounts);
}

export async function balanceOf(tx: Tx, ref: AccountRef): Promise<Balance> {
  const id = await ensureAccount(tx, ref);
  const [account] = await tx.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, id));
  return (await balancesFor(tx, [account!]))[0]!;
}

export async function getAccount(tx: Tx, accountId: string): Promise<LedgerAccountRow> {
  const [account] = await tx.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId));
  if (!account) throw notFound('ledger account', accountId);
  return account;
}

export interface StatementLine {
  postingId: number;
  entryId: string;
  kind: string;
  memo: string | null;
  referenceType: string | null;
  referenceId: string | null;
  occurredAt: Date;
  debit: string;
  credit: string;
}

/** Postings on one account, newest first, with cursor pagination on posting id. */
export async function accountStatement(tx: Tx, accountId: string, page: { limit: number; beforeId?: number }): Promise<StatementLine[]> {
  const conditions = [eq(ledgerPostings.accountId, accountId)];
  if (page.beforeId) conditions.push(lt(ledgerPostings.id, page.beforeId));
  const rows = await tx
    .select({ posting: ledgerPostings, entry: ledgerEntries })
    .from(ledgerPostings)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerPostings.entryId))
    .where(and(...conditions))
    .orderBy(desc(ledgerPostings.id))
    .limit(page.limit);
  return rows.map(({ posting, entry }) => ({
    postingId: posting.id,
    entryId: entry.id,
    kind: entry.kind,
    memo: entry.memo,
    referenceType: entry.referenceType,
    referenceId: entry.referenceId,
    occurredAt: posting.occurredAt,
    debit: money(posting.debit),
    credit: money(posting.credit),
  }));
}

/** Sum of all debits minus all credits per currency: zero in a sound ledger. */
export async function trialBalance(tx: Tx): Promise<Record<string, string>> {
  const rows = await query<{ currency: string; diff: string }>(
    tx,
    sql`select currency, (coalesce(sum(debit), 0) - coalesce(sum(credit), 0))::text as diff from ledger_postings group by currency`,
  );
  const out: Record<string, string> = { CNY: '0' };
  for (const r of rows) out[r.currency] = dec(r.diff).isZero() ? '0' : money(r.diff);
  return out;
}

/** Entries posted for one business document, for its timeline and for tests. */
export async function entriesFor(tx: Tx, reference: { type: string; id: string }) {
  return tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.referenceType, reference.type), eq(ledgerEntries.referenceId, reference.id)))
    .orderBy(asc(ledgerEntries.occurredAt));
}

// --- holds ---------------------------------------------------------------------------------

/**
 * Sets funds aside on an account. The account row is locked so two holds cannot both take the
 * last of the available balance; with `allowOverdraw` the hold only earmarks (credit lines).
 */
export async function createHold(
  tx: Tx,
  input: { account: AccountRef; amount: Decimal.Value; reference?: { type: string; id: string }; expiresAt?: Date; allowOverdraw?: boolean; data?: Record<string, unknown> },
): Promise<LedgerHoldRow> {
  const accountId = await ensureAccount(tx, input.account);
  const amount = dec(input.amount);
  if (amount.lte(0)) throw new Error('hold amount must be positive');
  await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId)).for('update');
  if (!input.allowOverdraw) {
    const [account] = await tx.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId));
    const [balance] = await balancesFor(tx, [account!]);
    if (dec(balance!.available).lt(amount)) {
      throw new Problem('ledger.insufficient_funds', { amount: money(amount), currency: account!.currency, available: balance!.available });
    }
  }
  const [hold] = await tx
    .insert(ledgerHolds)
    .values({
      id: newId('hold'),
      accountId,
      amount: money(amount, 4),
      currency: input.account.currency ?? 'CNY',
      status: 'pending',
      referenceType: input.reference?.type ?? null,
      referenceId: input.reference?.id ?? null,
      expiresAt: input.expiresAt ?? null,
      data: input.data ?? null,
    })
    .returning();
  return hold!;
}

async function settleHold(tx: Tx, holdId: string, status: 'posted' | 'voided' | 'expired', postedEntryId: string | null): Promise<LedgerHoldRow> {
  // Conditional update: a hold leaves `pending` exactly once, whatever races.
  const [settled] = await tx
    .update(ledgerHolds)
    .set({ status, postedEntryId, settledAt: new Date() })
    .where(and(eq(ledgerHolds.id, holdId), eq(ledgerHolds.status, 'pending')))
    .returning();
  if (!settled) {
    const [current] = await tx.select().from(ledgerHolds).where(eq(ledgerHolds.id, holdId));
    if (!current) throw notFound('hold', holdId);
    throw new Problem('ledger.hold_settled', { holdId, status: current.status });
  }
  return settled;
}

/** Releases a hold without moving money (deposit refunded, reservation cancelled). */
export function voidHold(tx: Tx, holdId: string): Promise<LedgerHoldRow> {
  return settleHold(tx, holdId, 'voided', null);
}

/**
 * Moves the held amount: debits the held account and credits `to` (a forfeited deposit, a used
 * credit reservation), as one entry, and marks the hold posted.
 */
export async function postHold(tx: Tx, ctx: Ctx, holdId: string, input: { to: AccountRef; kind: string; memo?: string }): Promise<LedgerHoldRow> {
  const [hold] = await tx.select().from(ledgerHolds).where(eq(ledgerHolds.id, holdId)).for('update');
  if (!hold) throw notFound('hold', holdId);
  if (hold.status !== 'pending') throw new Problem('ledger.hold_settled', { holdId, status: hold.status });
  const account = await getAccount(tx, hold.accountId);
  const entryId = await postEntry(tx, ctx, {
    kind: input.kind,
    memo: input.memo,
    reference: hold.referenceType ? { type: hold.referenceType, id: hold.referenceId! } : undefined,
    dedupeKey: `hold:${holdId}`,
    postings: [
      { account: { owner: account.owner, purpose: account.purpose as AccountPurpose, currency: account.currency }, debit: hold.amount },
      { account: input.to, credit: hold.amount },
    ],
  });
  return settleHold(tx, holdId, 'posted', entryId);
}

/** Expires pending holds past their expiry; run by a scheduled job. Returns how many. */
export async function expireHolds(tx: Tx, now = new Date()): Promise<LedgerHoldRow[]> {
  return tx
    .update(ledgerHolds)
    .set({ status: 'expired', settledAt: now })
    .where(and(eq(ledgerHolds.status, 'pending'), lt(ledgerHolds.expiresAt, now)))
    .returning();
}

export async function holdsFor(tx: Tx, reference: { type: string; id: string }): Promise<LedgerHoldRow[]> {
  return tx
    .select()
    .from(ledgerHolds)
    .where(and(eq(ledgerHolds.referenceType, reference.type), eq(ledgerHolds.referenceId, reference.id)))
    .orderBy(asc(ledgerHolds.createdAt));
}

export async function accountsByIds(tx: Tx, ids: string[]): Promise<LedgerAccountRow[]> {
  return ids.length ? tx.select().from(ledgerAccounts).where(inArray(ledgerAccounts.id, ids)) : [];
}

