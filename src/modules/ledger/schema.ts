import { sql } from 'drizzle-orm';
import { bigserial, check, index, numeric, pgTable, text, timestamp, uniqueIndex, jsonb } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });

/**
 * One account per owner (an organisation id, or 'platform'), purpose and currency.
 * `type` fixes the normal side: asset/expense are debit-normal, the rest credit-normal.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: text('id').primaryKey(),
    owner: text('owner').notNull(),
    purpose: text('purpose').notNull(),
    currency: text('currency').notNull(),
    type: text('type').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_accounts_owner_purpose_idx').on(t.owner, t.purpose, t.currency)],
);

/** A journal entry; its postings balance per currency (checked by a deferred trigger at commit). */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    memo: text('memo'),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    /** Makes a posting exactly-once: the same key never posts twice. */
    dedupeKey: text('dedupe_key'),
    reversesEntryId: text('reverses_entry_id'),
    createdBy: text('created_by'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_reference_idx').on(t.referenceType, t.referenceId),
    uniqueIndex('ledger_entries_dedupe_idx').on(t.dedupeKey),
  ],
);

export const ledgerPostings = pgTable(
  'ledger_postings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entryId: text('entry_id').notNull().references(() => ledgerEntries.id),
    accountId: text('account_id').notNull().references(() => ledgerAccounts.id),
    currency: text('currency').notNull(),
    debit: amount('debit').notNull().default('0'),
    credit: amount('credit').notNull().default('0'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_postings_account_idx').on(t.accountId, t.id),
    index('ledger_postings_entry_idx').on(t.entryId),
    check('ledger_postings_one_side', sql`(${t.debit} >= 0 and ${t.credit} >= 0) and (${t.debit} = 0) <> (${t.credit} = 0)`),
  ],
);

/**
 * Funds set aside on an account (bid deposits, credit reservations): pending, then exactly one of
 * posted (moved by an entry), voided (released) or expired.
 */
export const ledgerHolds = pgTable(
  'ledger_holds',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => ledgerAccounts.id),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    expiresAt: ts('expires_at'),
    postedEntryId: text('posted_entry_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    settledAt: ts('settled_at'),
  },
  (t) => [
    index('ledger_holds_account_idx').on(t.accountId).where(sql`status = 'pending'`),
    index('ledger_holds_reference_idx').on(t.referenceType, t.referenceId),
    index('ledger_holds_expiry_idx').on(t.expiresAt).where(sql`status = 'pending'`),
    check('ledger_holds_positive', sql`${t.amount} > 0`),
  ],
);

export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerHoldRow = typeof ledgerHolds.$inferSelect;
