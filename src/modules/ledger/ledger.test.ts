import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { Problem } from '../../platform/problem.ts';
import { isPostgres, onFileEnd, openTestDatabase, type TestDatabase } from '../../../test/support/harness.ts';
import { balanceOf, createHold, entriesFor, expireHolds, postEntry, postHold, reverseEntry, trialBalance, voidHold } from './index.ts';

let testDb: TestDatabase;
let ctx: Ctx;

before(async () => {
  testDb = await openTestDatabase();
  ctx = systemCtx(testDb.database.db, 'ledger-test');
  onFileEnd(() => testDb.drop());
});

async function assertTrialBalanceZero() {
  assert.deepEqual(await trialBalance(ctx.db), { CNY: '0' });
}

describe('journal entries', () => {
  test('a balanced entry moves balances on the normal side of each account', async () => {
    await ctx.db.transaction((tx) =>
      postEntry(tx, ctx, {
        kind: 'payment.received',
        reference: { type: 'order', id: 'po_balance_1' },
        postings: [
          { account: { owner: 'platform', purpose: 'cash' }, debit: '1130.00' },
          { account: { owner: 'org_buyer_a', purpose: 'escrow' }, credit: '1130.00' },
        ],
      }),
    );
    assert.equal((await balanceOf(ctx.db, { owner: 'org_buyer_a', purpose: 'escrow' })).balance, '1130.00');
    const cash = await balanceOf(ctx.db, { owner: 'platform', purpose: 'cash' });
    assert.ok(dec(cash.balance).gte('1130.00'));
    await assertTrialBalanceZero();
  });

  test('rejects an unbalanced entry and writes nothing', async () => {
    const before = await entriesFor(ctx.db, { type: 'order', id: 'po_unbalanced' });
    await assert.rejects(
      ctx.db.transaction((tx) =>
        postEntry(tx, ctx, {
          kind: 'broken',
          reference: { type: 'order', id: 'po_unbalanced' },
          postings: [
            { account: { owner: 'platform', purpose: 'cash' }, debit: '10.00' },
            { account: { owner: 'org_x', purpose: 'escrow' }, credit: '9.99' },
          ],
        }),
      ),
      (error) => error instanceof Problem && error.code === 'ledger.unbalanced',
    );
    assert.equal((await entriesFor(ctx.db, { type: 'order', id: 'po_unbalanced' })).length, before.length);
    await assertTrialBalanceZero();
  });

  test('the database refuses unbalanced postings even when the service is bypassed', async () => {
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await query(tx, sql`insert into ledger_entries (id, kind) values ('je_raw_1', 'raw')`);
        const [account] = await query<{ id: string }>(tx, sql`select id from ledger_accounts limit 1`);
        await query(tx, sql`insert into ledger_postings (entry_id, account_id, currency, debit, credit) values ('je_raw_1', ${account!.id}, 'CNY', 5, 0)`);
      }),
      (error: Error) => /does not balance/.test(String(error.cause ?? error)),
    );
    await assertTrialBalanceZero();
  });

  test('postings are append-only: an update is refused', async () => {
    await assert.rejects(query(ctx.db, sql`update ledger_postings set debit = debit + 1 where debit > 0`), (error: Error) =>
      /append-only/.test(String(error.cause ?? error)),
    );
  });

  test('the same dedupe key posts once', async () => {
    const post = () =>
      ctx.db.transaction((tx) =>
        postEntry(tx, ctx, {
          kind: 'fee',
          dedupeKey: 'fee:once',
          postings: [
            { account: { owner: 'org_s', purpose: 'wallet' }, debit: '5.00' },
            { account: { owner: 'platform', purpose: 'fee_revenue' }, credit: '5.00' },
          ],
        }),
      );
    const first = await post();
    assert.equal(await post(), first);
    assert.equal((await balanceOf(ctx.db, { owner: 'platform', purpose: 'fee_revenue' })).balance, '5.00');
  });

  test('a reversal restores the balances and keeps the original', async () => {
    const entryId = await ctx.db.transaction((tx) =>
      postEntry(tx, ctx, {
        kind: 'commission',
        reference: { type: 'order', id: 'po_rev' },
        postings: [
          { account: { owner: 'org_rev', purpose: 'supplier_payable' }, debit: '30.00' },
          { account: { owner: 'platform', purpose: 'commission_revenue' }, credit: '30.00' },
        ],
      }),
    );
    await ctx.db.transaction((tx) => reverseEntry(tx, ctx, entryId, 'wrong rate'));
    assert.equal((await balanceOf(ctx.db, { owner: 'org_rev', purpose: 'supplier_payable' })).balance, '0.00');
    assert.equal((await entriesFor(ctx.db, { type: 'order', id: 'po_rev' })).length, 2);
    await assertTrialBalanceZero();
  });
});

describe('holds', () => {
  async function fundWallet(owner: string, amount: string) {
    await ctx.db.transaction((tx) =>
      postEntry(tx, ctx, {
        kind: 'wallet.topup',
        postings: [
          { account: { owner: 'platform', purpose: 'cash' }, debit: amount },
          { account: { owner, purpose: 'wallet' }, credit: amount },
        ],
      }),
    );
  }

  test('a hold reduces the available balance and cannot exceed it', async () => {
    await fundWallet('org_h1', '100.00');
    await ctx.db.transaction((tx) => createHold(tx, { account: { owner: 'org_h1', purpose: 'wallet' }, amount: '60.00', reference: { type: 'tender', id: 't1' } }));
    const balance = await balanceOf(ctx.db, { owner: 'org_h1', purpose: 'wallet' });
    assert.deepEqual([balance.balance, balance.held, balance.available], ['100.00', '60.00', '40.00']);
    await assert.rejects(
      ctx.db.transaction((tx) => createHold(tx, { account: { owner: 'org_h1', purpose: 'wallet' }, amount: '40.01' })),
      (e) => e instanceof Problem && e.code === 'ledger.insufficient_funds',
    );
  });

  test('a hold is posted, voided or expired exactly once', async () => {
    await fundWallet('org_h2', '50.00');
    const posted = await ctx.db.transaction((tx) => createHold(tx, { account: { owner: 'org_h2', purpose: 'wallet' }, amount: '20.00' }));
    await ctx.db.transaction((tx) => postHold(tx, ctx, posted.id, { to: { owner: 'platform', purpose: 'fee_revenue' }, kind: 'deposit.forfeited' }));
    await assert.rejects(ctx.db.transaction((tx) => voidHold(tx, posted.id)), (e) => e instanceof Problem && e.code === 'ledger.hold_settled');
    await assert.rejects(
      ctx.db.transaction((tx) => postHold(tx, ctx, posted.id, { to: { owner: 'platform', purpose: 'fee_revenue' }, kind: 'again' })),
      (e) => e instanceof Problem && e.code === 'ledger.hold_settled',
    );
    const expiring = await ctx.db.transaction((tx) => createHold(tx, { account: { owner: 'org_h2', purpose: 'wallet' }, amount: '10.00', expiresAt: new Date(Date.now() - 1000) }));
    const expired = await ctx.db.transaction((tx) => expireHolds(tx));
    assert.ok(expired.some((h) => h.id === expiring.id));
    await assert.rejects(ctx.db.transaction((tx) => voidHold(tx, expiring.id)), (e) => e instanceof Problem && e.code === 'ledger.hold_settled');
    const wallet = await balanceOf(ctx.db, { owner: 'org_h2', purpose: 'wallet' });
    assert.deepEqual([wallet.balance, wallet.held], ['30.00', '0.00']);
    await assertTrialBalanceZero();
  });

  test('concurrent holds never take more than the available balance', { skip: !isPostgres() && 'PGlite runs transactions one at a time' }, async () => {
    await fundWallet('org_race', '100.00');
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => ctx.db.transaction((tx) => createHold(tx, { account: { owner: 'org_race', purpose: 'wallet' }, amount: '15.00' }))),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled').length;
    assert.equal(won, 6);
    for (const a of attempts) if (a.status === 'rejected') assert.equal((a.reason as Problem).code, 'ledger.insufficient_funds');
    const wallet = await balanceOf(ctx.db, { owner: 'org_race', purpose: 'wallet' });
    assert.deepEqual([wallet.held, wallet.available], ['90.00', '10.00']);
  });
});
