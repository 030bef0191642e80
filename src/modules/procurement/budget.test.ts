import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { Problem } from '../../platform/problem.ts';
import { isPostgres, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { commitBudget, committedFor, releaseBudget, spendBudget, transferCommitment } from './index.ts';
import { assertBudgetInvariants, createBuyer, createPlan, createRule, ensureCategories, freeLine, submitted, taskFor, type Buyer } from './test-fixtures.ts';

let server: TestServer;
let buyer: Buyer;
let ctx: Ctx;

before(async () => {
  server = await startTestServer({ signInLimit: 10_000 });
  await ensureCategories(server);
  buyer = await createBuyer(server);
  ctx = server.ctx;
});

const inTx = <T>(fn: (tx: Ctx['db']) => Promise<T>) => server.db.transaction(fn);
const lineOf = async (id: string) => (await query<{ amount: string; committed: string; spent: string }>(server.db, sql`select amount::text, committed::text, spent::text from budget_lines where id = ${id}`))[0]!;
const req = (id: string) => ({ type: 'requisition', id });
const order = (id: string) => ({ type: 'order', id });

describe('budget movements', () => {
  test('a commitment applies once per dedupe key; a refused one leaves nothing behind', async () => {
    const { lineIds } = await createPlan(buyer, [['C', '08', '1000']]);
    const commit = (id: string, amount: string, key = `k-${id}`) =>
      inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.C!, orgId: buyer.orgId, amount, categoryCode: '0801', reference: req(id), dedupeKey: key }));
    assert.equal((await commit('r1', '600')).applied, true);
    assert.equal((await commit('r1', '600')).applied, false, 'a replay is a no-op');
    await assert.rejects(commit('r2', '400.01'), (e) => e instanceof Problem && e.code === 'procurement.budget_exceeded' && e.extra.remaining === '400.00' && e.extra.requested === '400.01');
    // A caller that catches the problem and commits its transaction keeps nothing either.
    await inTx(async (tx) => {
      await commitBudget(tx, ctx, { budgetLineId: lineIds.C!, orgId: buyer.orgId, amount: '500', reference: req('r3'), dedupeKey: 'k-r3' }).catch(() => null);
    });
    assert.deepEqual(await committedFor(server.db, req('r3')), []);
    await assert.rejects(commit('r4', '1', 'k-r4').then(() => inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.C!, orgId: buyer.orgId, amount: '1', categoryCode: '0101', reference: req('r5'), dedupeKey: 'k-r5' }))), (e) => e instanceof Problem && e.code === 'procurement.budget_line_mismatch');
    await assert.rejects(inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.C!, orgId: 'org_other', amount: '1', reference: req('r6'), dedupeKey: 'k-r6' })), (e) => e instanceof Problem && e.status === 404);
    assert.deepEqual(await lineOf(lineIds.C!), { amount: '1000.0000', committed: '601.0000', spent: '0.0000' });
    await assertBudgetInvariants(server);
  });

  test('requisition → order → settlement: transfer, extra commitment, spending and release are exact and once', async () => {
    const { lineIds } = await createPlan(buyer, [['T', null, '10000']]);
    const line = lineIds.T!;
    await inTx((tx) => commitBudget(tx, ctx, { budgetLineId: line, orgId: buyer.orgId, amount: '3000', reference: req('rq'), dedupeKey: 'rq:approval' }));
    // Two orders from one requisition: the first takes 1,800 of its 3,000; the second costs more than is left.
    const first = await inTx((tx) => transferCommitment(tx, ctx, { from: req('rq'), to: order('o1'), amount: '1800' }));
    assert.deepEqual([first.applied, first.transferred, first.committedExtra], [true, '1800.00', '0.00']);
    assert.equal((await inTx((tx) => transferCommitment(tx, ctx, { from: req('rq'), to: order('o1'), amount: '1800' }))).applied, false);
    const second = await inTx((tx) => transferCommitment(tx, ctx, { from: req('rq'), to: order('o2'), amount: '1500' }));
    assert.deepEqual([second.transferred, second.committedExtra], ['1200.00', '300.00']);
    assert.deepEqual((await lineOf(line)).committed, '3300.0000');
    assert.deepEqual(await committedFor(server.db, req('rq')), [{ budgetLineId: line, committed: '0.00', spent: '0.00' }]);
    // Settlement of o1 for less than ordered, in two invoices; a replayed invoice is a no-op.
    await inTx((tx) => spendBudget(tx, ctx, { reference: order('o1'), amount: '1000', dedupeKey: 'inv-1' }));
    await inTx((tx) => spendBudget(tx, ctx, { reference: order('o1'), amount: '1000', dedupeKey: 'inv-1' }));
    await inTx((tx) => spendBudget(tx, ctx, { reference: order('o1'), amount: '700', dedupeKey: 'inv-2' }));
    assert.equal((await inTx((tx) => releaseBudget(tx, ctx, { reference: order('o1') }))).toFixed(2), '100.00');
    assert.equal((await inTx((tx) => releaseBudget(tx, ctx, { reference: order('o1') }))).toFixed(2), '0.00');
    // o2 is cancelled: all of its 1,500 goes back.
    assert.equal((await inTx((tx) => releaseBudget(tx, ctx, { reference: order('o2') }))).toFixed(2), '1500.00');
    assert.deepEqual(await lineOf(line), { amount: '10000.0000', committed: '0.0000', spent: '1700.0000' });
    await assert.rejects(inTx((tx) => spendBudget(tx, ctx, { reference: order('never'), amount: '1', dedupeKey: 'x' })), (e) => e instanceof Problem && e.code === 'procurement.nothing_committed');
    await assertBudgetInvariants(server);
  });

  test('spending beyond the commitment needs room on the line', async () => {
    const { lineIds } = await createPlan(buyer, [['S', null, '1000']]);
    await inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.S!, orgId: buyer.orgId, amount: '900', reference: order('os'), dedupeKey: 'os' }));
    await assert.rejects(inTx((tx) => spendBudget(tx, ctx, { reference: order('os'), amount: '1000.01', dedupeKey: 'os-inv' })), (e) => e instanceof Problem && e.code === 'procurement.budget_exceeded' && e.extra.requested === '100.01');
    await inTx((tx) => spendBudget(tx, ctx, { reference: order('os'), amount: '1000', dedupeKey: 'os-inv' }));
    assert.deepEqual(await lineOf(lineIds.S!), { amount: '1000.0000', committed: '0.0000', spent: '1000.0000' });
    await assertBudgetInvariants(server);
  });
});

describe('concurrency (PostgreSQL)', { skip: !isPostgres() && 'PGlite runs one transaction at a time: races need the real PostgreSQL' }, () => {
  test('30 requisitions worth a tenth of a line approved at once: exactly 10 commit, the rest get the 422', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'any approver', steps: [{ roles: ['approver'], mode: 'any' }] });
    const { lineIds } = await createPlan(local, [['RACE', '01', '100000']]);
    const reqs = [];
    for (let i = 0; i < 30; i++) reqs.push(await submitted(local.requester, { budgetLineId: lineIds.RACE, lines: [freeLine('0101', '4', '2500')] }));
    const tasks = await Promise.all(reqs.map((r) => taskFor(local.approverA, r.id)));
    const results = await Promise.all(tasks.map((t) => local.approverA.post(`/api/v1/procurement/approval-tasks/${t.id}/approve`, { comment: 'race' })));
    const won = results.filter((r) => r.status === 200);
    assert.equal(won.length, 10, results.map((r) => r.status).join(','));
    for (const r of results) if (r.status !== 200) assert.deepEqual([r.status, r.body.code, r.body.remaining, r.body.requested], [422, 'procurement.budget_exceeded', '0.00', '10000.00']);
    const line = await lineOf(lineIds.RACE!);
    assert.equal(line.committed, '100000.0000');
    const approved = await query<{ n: number; total: string }>(server.db, sql`select count(*)::int as n, sum(total_amount)::text as total from requisitions where budget_line_id = ${lineIds.RACE!} and status = 'approved'`);
    assert.deepEqual([approved[0]!.n, dec(approved[0]!.total).toFixed(2)], [10, '100000.00']);
    const pending = await query<{ n: number }>(server.db, sql`select count(*)::int as n from requisitions where budget_line_id = ${lineIds.RACE!} and status = 'pending_approval'`);
    assert.equal(pending[0]!.n, 20, 'the refused ones stay pending, their tasks open');
    await assertBudgetInvariants(server);
  });

  test('concurrent cancellations of one approved requisition release it once; concurrent releases too', async () => {
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['CXL', null, '5000']]);
    const approved = await submitted(local.requester, { budgetLineId: lineIds.CXL, lines: [freeLine('08', '1', '1200')] });
    const results = await Promise.all(Array.from({ length: 10 }, () => local.requester.post(`/api/v1/procurement/requisitions/${approved.id}/cancel`, {})));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    for (const r of results) if (r.status !== 200) assert.equal(r.status, 409);
    assert.equal((await lineOf(lineIds.CXL!)).committed, '0.0000');
    await inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.CXL!, orgId: local.orgId, amount: '700', reference: order('cx'), dedupeKey: 'cx' }));
    const released = await Promise.all(Array.from({ length: 10 }, () => inTx((tx) => releaseBudget(tx, ctx, { reference: order('cx') }))));
    assert.equal(released.reduce((s, r) => s.plus(r), dec(0)).toFixed(2), '700.00');
    await assertBudgetInvariants(server);
  });

  test('the same commitment sent concurrently applies once', async () => {
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['DUP', null, '5000']]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => inTx((tx) => commitBudget(tx, ctx, { budgetLineId: lineIds.DUP!, orgId: local.orgId, amount: '100', reference: order('dup'), dedupeKey: 'dup-once' }))),
    );
    assert.equal(results.filter((r) => r.applied).length, 1);
    assert.equal((await lineOf(lineIds.DUP!)).committed, '100.0000');
    await assertBudgetInvariants(server);
  });
});
