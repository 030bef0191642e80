import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { isPostgres, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { setSupplierTierSource } from './index.ts';
import { assertMoneyInvariants, balance, checkout, createWorld, orderStatus, placeOrder, receive, shipAndDeliver, summary, type PlacedOrder, type World } from './test-flow.ts';
import { encodeGbk } from './test-gbk.ts';

let server: TestServer;
let w: World;
let other: World;
let vat = 50_000_000;
const nextVat = () => String(++vat);

before(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  other = await createWorld(server, { org: w.platform, client: w.platformFinance });
});

const HEADER = '起息日,金额,币种,付款人名称,付款人账号,银行流水号,附言';
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function approvedCreditInvoice(world: World, quantity = '2'): Promise<{ order: PlacedOrder; invoice: { id: string; number: string; total: string } }> {
  const order = await placeOrder(world, { paymentMethod: 'credit', creditDays: 30, items: [{ sku: 0, quantity }] });
  await shipAndDeliver(world, order);
  await receive(world, order, [[quantity, '0']]);
  const r = await world.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
  assert.equal(r.body.status, 'approved', r.text);
  return { order, invoice: r.body };
}

describe('escrow payments', () => {
  test('escrow short of the accepted value becomes a receivable; the invoice is paid when the buyer pays the rest', async () => {
    const order = await placeOrder(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '10' }] });
    const part = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '500.00', bankReference: `PART-${order.id}` });
    assert.equal(part.status, 201, part.text);
    assert.equal((await summary(w, order.id)).amountDue, '630.00');
    await shipAndDeliver(w, order);
    await receive(w, order, [['10', '0']]);
    const s = await summary(w, order.id);
    assert.equal(s.escrowHeld, '0.00');
    assert.equal(s.receivableOpen, '630.00');
    assert.equal(s.amountDue, '630.00');
    const invoice = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(invoice.body.status, 'approved', 'approved, but not paid while escrow fell short');
    assert.equal(await orderStatus(w, order.id), 'invoiced');
    await assertMoneyInvariants(server);
    const over = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '630.01', bankReference: `REST0-${order.id}` });
    assert.equal(over.status, 422, over.text);
    const rest = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '630.00', bankReference: `REST-${order.id}` });
    assert.equal(rest.status, 201, rest.text);
    assert.deepEqual(rest.body.allocation, { escrow: '0.00', receivable: '630.00' });
    assert.equal((await w.buyerFinance.get(`/api/v1/invoices/${invoice.body.id}`)).body.status, 'paid');
    assert.equal(await orderStatus(w, order.id), 'settled');
    await assertMoneyInvariants(server);
  });

  test('a cancelled order gives its escrow back; a settled or cancelled order takes no more payments', async () => {
    const order = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 1, quantity: '3' }] });
    const paid = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: order.total, bankReference: `CXL-${order.id}` });
    assert.equal(paid.status, 201, paid.text);
    const cancelled = await w.purchaser.post(`/api/v1/orders/${order.id}/cancel`, { reason: '需求取消' });
    assert.equal(cancelled.status, 200, cancelled.text);
    const s = await summary(w, order.id);
    assert.equal(s.escrowRefunded, order.total);
    assert.equal(s.escrowHeld, '0.00');
    const late = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '1.00', bankReference: `CXL2-${order.id}` });
    assert.equal(late.status, 409, late.text);
    assert.equal(late.body.code, 'settlement.not_payable');
    await assertMoneyInvariants(server);
  });

  test('the same bank reference is booked once; another buyer cannot pay or see this order', async () => {
    const order = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '1' }] });
    const first = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '13.00', bankReference: 'DUP-REF-1' });
    assert.equal(first.status, 201, first.text);
    const again = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '13.00', bankReference: 'DUP-REF-1' });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.code, 'settlement.payment_duplicate');
    assert.equal(again.body.paymentId, first.body.id);
    const foreign = await other.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '13.00', bankReference: 'DUP-REF-2' });
    assert.equal(foreign.status, 404, foreign.text);
    assert.equal((await other.buyerFinance.get(`/api/v1/payments/${first.body.id}`)).status, 404);
    assert.ok(!(await other.buyerFinance.get('/api/v1/payments')).body.items.some((p: { id: string }) => p.id === first.body.id));
    assert.equal((await w.supplierFinance.get('/api/v1/payments')).status, 403, 'suppliers do not read buyers’ payments');
    assert.equal((await w.platformFinance.get(`/api/v1/payments/${first.body.id}`)).status, 200);
    const missing = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', amount: '1.00', bankReference: 'NO-ORDER' });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.body.errors[0].pointer, '/orderId');
    await assertMoneyInvariants(server);
  });

  test('two concurrent recordings of one transfer book it once (PostgreSQL)', { skip: !isPostgres() && 'PGlite is one session: races need PostgreSQL' }, async () => {
    const order = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '20' }] });
    const orderB = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '20' }] });
    const cashBefore = await balance(server, 'platform', 'cash');
    const attempts = await Promise.all([
      ...Array.from({ length: 6 }, () => w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '500.00', bankReference: 'RACE-1' })),
      ...Array.from({ length: 6 }, () => w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: orderB.id, amount: '500.00', bankReference: 'RACE-1' })),
    ]);
    const statuses = attempts.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, ...Array(11).fill(409)], attempts.map((a) => a.text).join('\n'));
    assert.equal(dec(await balance(server, 'platform', 'cash')).minus(cashBefore).toFixed(2), '500.00');
    const [count] = await query<{ n: number }>(server.db, sql`select count(*)::int as n from payments where bank_reference = 'RACE-1'`);
    assert.equal(count!.n, 1);
    await assertMoneyInvariants(server);
  });
});

describe('bank statements', () => {
  test('UTF-8 import matches by reference and amount, parks the rest in suspense; re-import books nothing; GBK import and manual matching', async () => {
    const escrowOrder = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '3' }] });
    const other1 = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '2' }] });
    const { invoice } = await approvedCreditInvoice(w);
    const tag = Date.now().toString(36).toUpperCase();
    const lines = [
      HEADER,
      `2026-11-20,${escrowOrder.total},CNY,买方,6222000000000001,${tag}-1,货款 ${escrowOrder.number} 担保支付`,
      `2026-11-20,"${Number(invoice.total).toLocaleString('en-US', { minimumFractionDigits: 2 })}",CNY,买方,6222000000000001,${tag}-2,发票 ${invoice.number}`,
      `2026-11-21,88.00,CNY,不明汇款人,6222000000000009,${tag}-3,货款`,
      `2026-11-21,1.00,CNY,买方,6222000000000001,${tag}-4,${other1.number} 少付`,
      `2026-11-21,-15.00,CNY,银行,,${tag}-5,手续费`,
    ].join('\n');
    const cashBefore = dec(await balance(server, 'platform', 'cash'));
    const imported = await w.platformFinance.post('/api/v1/platform/bank-statements', { filename: '工商银行对账单.csv', content: base64(new TextEncoder().encode(lines)) });
    assert.equal(imported.status, 201, imported.text);
    const report = imported.body;
    assert.equal(report.statement.encoding, 'utf-8');
    assert.deepEqual(report.lines.map((l: { status: string }) => l.status), ['matched', 'matched', 'unmatched', 'unmatched', 'ignored']);
    assert.deepEqual([report.statement.matchedCount, report.statement.unmatchedCount, report.statement.duplicateCount], [2, 2, 0]);
    assert.equal(report.lines[0].matchedType, 'order');
    assert.equal(report.lines[0].matchedId, escrowOrder.id);
    assert.equal(report.lines[1].matchedType, 'invoice');
    assert.equal((await w.buyerFinance.get(`/api/v1/invoices/${invoice.id}`)).body.status, 'paid');
    assert.equal((await summary(w, escrowOrder.id)).escrowHeld, escrowOrder.total);
    assert.equal(await balance(server, 'platform', 'suspense'), '89.00');
    const cashAfter = dec(await balance(server, 'platform', 'cash'));
    assert.equal(cashAfter.minus(cashBefore).toFixed(2), dec(escrowOrder.total).plus(invoice.total).plus(89).toFixed(2));
    await assertMoneyInvariants(server);

    const again = await w.platformFinance.post('/api/v1/platform/bank-statements', { filename: 'again.csv', content: base64(new TextEncoder().encode(lines)) });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.alreadyImported, true);
    assert.equal(again.body.statement.id, report.statement.id);
    assert.equal(await balance(server, 'platform', 'cash'), cashAfter.toFixed(2));

    // A GBK export of the next days overlaps the first file (line 1 again) and brings a new transfer.
    const gbk = [
      HEADER,
      `2026-11-20,${escrowOrder.total},CNY,买方,6222000000000001,${tag}-1,货款 ${escrowOrder.number} 担保支付`,
      `2026-11-22,${other1.total},人民币,华东电网物资公司,6222000000000001,${tag}-6,支付订单${other1.number}货款`,
      `2026-11-22,50.00,CNY,华东电网物资公司,6222000000000001,${tag}-7,预付款`,
    ].join('\r\n');
    const second = await w.platformFinance.post('/api/v1/platform/bank-statements', { filename: 'statement-gbk.csv', content: base64(encodeGbk(gbk)) });
    assert.equal(second.status, 201, second.text);
    assert.equal(second.body.statement.encoding, 'gbk');
    assert.deepEqual(second.body.lines.map((l: { status: string }) => l.status), ['duplicate', 'matched', 'unmatched']);
    assert.equal(second.body.lines[1].payerName, '华东电网物资公司');
    assert.equal(second.body.lines[1].remittanceInfo, `支付订单${other1.number}货款`);
    assert.equal(dec(await balance(server, 'platform', 'cash')).minus(cashAfter).toFixed(2), dec(other1.total).plus(50).toFixed(2));

    // The suspense queue: match the 88.00 to an escrow order by hand; the buyer's own recording of the 50.00 takes it out of suspense.
    const queue = await w.platformFinance.get('/api/v1/platform/bank-statement-lines?status=unmatched');
    assert.ok(queue.body.items.length >= 3);
    const line88 = report.lines[2];
    const small = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 1, quantity: '1' }] });
    const tooBig = await w.platformFinance.post(`/api/v1/platform/bank-statement-lines/${line88.id}/match`, { type: 'order', id: small.id });
    assert.equal(tooBig.status, 422, tooBig.text);
    assert.equal(tooBig.body.code, 'settlement.payment_exceeds_due');
    const biggerTarget = await checkout(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '5' }] });
    const matched = await w.platformFinance.post(`/api/v1/platform/bank-statement-lines/${line88.id}/match`, { type: 'order', id: biggerTarget.id });
    assert.equal(matched.status, 200, matched.text);
    assert.equal(matched.body.status, 'matched');
    assert.equal((await summary(w, biggerTarget.id)).escrowHeld, '88.00');
    const twice = await w.platformFinance.post(`/api/v1/platform/bank-statement-lines/${line88.id}/match`, { type: 'order', id: biggerTarget.id });
    assert.equal(twice.status, 409, twice.text);
    const cashBeforeManual = await balance(server, 'platform', 'cash');
    const own = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: biggerTarget.id, amount: '50.00', bankReference: `${tag}-7` });
    assert.equal(own.status, 201, own.text);
    assert.equal(own.body.statementLineId, second.body.lines[2].id);
    assert.equal(await balance(server, 'platform', 'cash'), cashBeforeManual, 'the bank already brought this money in');
    assert.equal(await balance(server, 'platform', 'suspense'), '1.00');
    const dupOfMatched = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: other1.id, amount: other1.total, bankReference: `${tag}-6` });
    assert.equal(dupOfMatched.status, 409, dupOfMatched.text);
    await assertMoneyInvariants(server);
  });

  test('an unreadable file is refused with the line numbers and imports nothing; only platform finance imports', async () => {
    const bad = [HEADER, '2026-11-31,abc,CNY,A,1,R1,x', '2026-11-20,1.00,CNY,A,1,,x'].join('\n');
    const r = await w.platformFinance.post('/api/v1/platform/bank-statements', { filename: 'bad.csv', content: base64(new TextEncoder().encode(bad)) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.code, 'settlement.statement_invalid');
    assert.deepEqual(r.body.errors.map((e: { pointer: string }) => e.pointer), ['/content/lines/2', '/content/lines/3']);
    const forbidden = await w.buyerFinance.post('/api/v1/platform/bank-statements', { filename: 'x.csv', content: base64(new TextEncoder().encode(HEADER)) });
    assert.equal(forbidden.status, 403);
    assert.equal((await w.buyerFinance.get('/api/v1/platform/bank-statement-lines')).status, 403);
  });
});

describe('payouts', () => {
  test('a supplier is paid out of its payable, never beyond it; it sees only its own payouts', async () => {
    await approvedCreditInvoice(other, '3');
    const payable = dec(await balance(server, other.supplier.orgId, 'supplier_payable'));
    assert.ok(payable.gt(0));
    const tooMuch = await w.platformFinance.post('/api/v1/platform/payouts', { supplierOrgId: other.supplier.orgId, amount: payable.plus('0.01').toFixed(2) });
    assert.equal(tooMuch.status, 422, tooMuch.text);
    assert.equal(tooMuch.body.code, 'settlement.payout_exceeds_payable');
    assert.equal(tooMuch.body.available, payable.toFixed(2));
    const half = payable.div(2).toDecimalPlaces(2);
    const paid = await w.platformFinance.post('/api/v1/platform/payouts', { supplierOrgId: other.supplier.orgId, amount: half.toFixed(2), reference: 'ICBC-20261121-01' });
    assert.equal(paid.status, 201, paid.text);
    assert.equal(await balance(server, other.supplier.orgId, 'supplier_payable'), payable.minus(half).toFixed(2));
    assert.ok((await other.supplierFinance.get('/api/v1/payouts')).body.items.some((p: { id: string }) => p.id === paid.body.id));
    assert.equal((await w.supplierFinance.get(`/api/v1/payouts/${paid.body.id}`)).status, 404);
    assert.equal((await other.supplierFinance.post('/api/v1/platform/payouts', { supplierOrgId: other.supplier.orgId, amount: '1.00' })).status, 403);
    const notSupplier = await w.platformFinance.post('/api/v1/platform/payouts', { supplierOrgId: w.buyer.orgId, amount: '1.00' });
    assert.equal(notSupplier.status, 404, notSupplier.text);
    await assertMoneyInvariants(server);
  });

  test('concurrent payouts never take the payable below zero (PostgreSQL)', { skip: !isPostgres() && 'PGlite is one session: races need PostgreSQL' }, async () => {
    const payable = dec(await balance(server, other.supplier.orgId, 'supplier_payable'));
    const share = payable.times('0.4').toDecimalPlaces(2);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => w.platformFinance.post('/api/v1/platform/payouts', { supplierOrgId: other.supplier.orgId, amount: share.toFixed(2), reference: `RACE-${i}` })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 422, 422, 422]);
    assert.equal(await balance(server, other.supplier.orgId, 'supplier_payable'), payable.minus(share.times(2)).toFixed(2));
  });
});

describe('commission rules', () => {
  test('the most specific rule wins (category prefix, then supplier tier, then default) with min and max per order', async () => {
    const world = await createWorld(server, { org: w.platform, client: w.platformFinance });
    const create = async (body: Record<string, unknown>) => {
      const r = await w.platformFinance.post('/api/v1/platform/commission-rules', body);
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const tierOf = new Map([[world.supplier.orgId, 'strategic']]);
    setSupplierTierSource(async (_tx, supplierOrgId) => tierOf.get(supplierOrgId) ?? null);
    try {
      await create({ name: 'default', rate: '0.02' });
      await create({ name: 'strategic', supplierTier: 'strategic', rate: '0.01' });
      const cat = await create({ name: '测试品类', categoryCode: '99', rate: '0.03', priority: 50 });
      const sub = await create({ name: '测试电缆', categoryCode: '9901', rate: '0.05', minAmount: '20.00', maxAmount: '30.00' });
      const invalid = await w.platformFinance.post('/api/v1/platform/commission-rules', { name: 'bad', rate: '0.01', minAmount: '10.00', maxAmount: '5.00' });
      assert.equal(invalid.status, 422, invalid.text);

      const preview = async (q: string) => (await w.platformFinance.get(`/api/v1/platform/commission-preview?${q}`)).body;
      assert.equal((await preview('categoryCode=990101&subtotal=100.00')).rule.id, sub.id);
      assert.equal((await preview('categoryCode=990101&subtotal=100.00')).commission, '20.00', '5.00 raised to the 20.00 minimum');
      assert.equal((await preview('categoryCode=990101&subtotal=10000.00')).commission, '30.00', 'capped at the maximum');
      assert.equal((await preview('categoryCode=9902&supplierTier=strategic&subtotal=100.00')).rule.id, cat.id);
      assert.equal((await preview('categoryCode=3001&supplierTier=strategic&subtotal=100.00')).rule.name, 'strategic');
      assert.equal((await preview('categoryCode=3001&subtotal=100.00')).rule.name, 'default');

      // The order's lines are in 9901: 5 % on 1000.00 is 50.00, capped at 30.00 for the order.
      const order = await placeOrder(world, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '10' }] });
      await world.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: order.total, bankReference: `CR-${order.id}` });
      const shipment = await shipAndDeliver(world, order);
      await receive(world, order, [['4', '0']], shipment);
      assert.equal((await summary(world, order.id, world.supplierFinance)).commissionCharged, '20.00', '5 % of 400 is 20.00');
      await receive(world, order, [['6', '0']], shipment);
      assert.equal((await summary(world, order.id, world.supplierFinance)).commissionCharged, '30.00');

      // Platform finance retires the sub-category rule; the next order falls back to the category rule.
      const stale = await w.platformFinance.patch(`/api/v1/platform/commission-rules/${sub.id}`, { active: false, version: sub.version + 5 });
      assert.equal(stale.status, 409, stale.text);
      const off = await w.platformFinance.patch(`/api/v1/platform/commission-rules/${sub.id}`, { active: false }, { 'if-match': `"v${sub.version}"` });
      assert.equal(off.status, 200, off.text);
      assert.equal((await preview('categoryCode=990101&subtotal=100.00')).rule.id, cat.id);
      assert.equal((await world.supplierFinance.get('/api/v1/platform/commission-rules')).status, 403);
    } finally {
      setSupplierTierSource(async () => null);
      const rules = (await w.platformFinance.get('/api/v1/platform/commission-rules?active=true')).body.items;
      for (const r of rules) await w.platformFinance.patch(`/api/v1/platform/commission-rules/${r.id}`, { active: false, version: r.version });
    }
    await assertMoneyInvariants(server);
  });
});
