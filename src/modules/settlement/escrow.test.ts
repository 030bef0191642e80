import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { budgetOf } from '../orders/testing.ts';
import { assertMoneyInvariants, balance, createWorld, orderStatus, placeOrder, receive, shipAndDeliver, signedIn, summary, type World } from './test-flow.ts';

let server: TestServer;
let w: World;

before(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  const rule = await w.platformFinance.post('/api/v1/platform/commission-rules', { name: '默认佣金 2%', rate: '0.02' });
  assert.equal(rule.status, 201, rule.text);
});

describe('escrow', () => {
  test('pay into escrow, accept partly with rejections: release net of commission, refund the rejected value, invoice and settle', async () => {
    const order = await placeOrder(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '10' }, { sku: 1, quantity: '3' }], budget: true });
    const before = await summary(w, order.id);
    assert.equal(before.amountDue, order.total);

    const paid = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: order.total, bankReference: `ESC-${order.number}` });
    assert.equal(paid.status, 201, paid.text);
    assert.deepEqual(paid.body.allocation, { escrow: order.total, receivable: '0.00' });
    assert.equal(await balance(server, w.buyer.orgId, 'escrow'), order.total);
    const held = await summary(w, order.id);
    assert.equal(held.escrowHeld, order.total);
    assert.equal(held.amountDue, '0.00');
    await assertMoneyInvariants(server);

    const shipmentId = await shipAndDeliver(w, order);
    await receive(w, order, [['8', '2'], ['3', '0']], shipmentId);
    assert.equal(await orderStatus(w, order.id), 'partially_accepted');

    // 8 × 100 × 1.13 = 904.00 accepted on line 1, 226.00 rejected; line 2 fully accepted.
    const line2 = dec(order.lines[1]!.lineTotal);
    const accepted = dec('904.00').plus(line2);
    const s = await summary(w, order.id, w.supplierFinance);
    assert.equal(s.escrowHeld, '0.00');
    assert.equal(s.escrowReleased, accepted.toFixed(2));
    assert.equal(s.escrowRefunded, '226.00');
    const commission = dec(s.commissionCharged);
    const base = dec('800.00').plus(order.lines[1]!.lineTotal).minus(line2.minus(dec(line2).div('1.13').toDecimalPlaces(2)));
    assert.ok(commission.eq(base.times('0.02').toDecimalPlaces(2)), `commission ${commission} on base ${base}`);
    assert.equal(await balance(server, w.supplier.orgId, 'supplier_payable'), accepted.minus(commission).toFixed(2));
    assert.equal(await balance(server, 'platform', 'commission_revenue'), commission.toFixed(2));
    assert.equal(await balance(server, w.buyer.orgId, 'escrow'), '0.00');
    assert.equal((await summary(w, order.id)).commissionCharged, null, 'the buyer does not see the commission');
    await assertMoneyInvariants(server);

    const invoice = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: `0${Date.now()}`.slice(-8) });
    assert.equal(invoice.status, 201, invoice.text);
    assert.equal(invoice.body.status, 'paid', 'escrow covered the accepted value: matched, approved and paid at once');
    assert.equal(invoice.body.matchResult.ok, true);
    assert.equal(invoice.body.lines.length, 2);
    assert.equal(invoice.body.lines[0].quantity, '8');
    assert.equal(await orderStatus(w, order.id), 'settled');
    const [row] = await query<{ budget_line_id: string }>(server.db, sql`select budget_line_id from purchase_orders where id = ${order.id}`);
    const budget = await budgetOf(server, row!.budget_line_id);
    assert.ok(dec(budget.spent).eq(accepted), `spent ${budget.spent}`);
    assert.ok(dec(budget.committed).eq(0), `committed ${budget.committed}`);
    await assertMoneyInvariants(server);
  });

  test('a dispute resolved with a refund pays it from escrow still held, and beyond that from the supplier', async () => {
    const operator = await signedIn(server, w.platform.admin);
    // Accepted and released: the whole refund comes back from what the platform owes the supplier.
    const order = await placeOrder(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '2' }] });
    await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: order.total, bankReference: `DSP-${order.id}` });
    await shipAndDeliver(w, order);
    await receive(w, order, [['2', '0']]);
    const payableBefore = dec(await balance(server, w.supplier.orgId, 'supplier_payable'));
    const cashBefore = dec(await balance(server, 'platform', 'cash'));
    const dispute = await w.purchaser.post(`/api/v1/orders/${order.id}/disputes`, { reason: '到货后发现批次质量问题' });
    assert.equal(dispute.status, 201, dispute.text);
    const resolved = await operator.post(`/api/v1/platform/disputes/${dispute.body.id}/resolve`, { resolution: '供应商退还部分货款', outcome: 'resume', refundAmount: '50.00' });
    assert.equal(resolved.status, 200, resolved.text);
    assert.equal(payableBefore.minus(await balance(server, w.supplier.orgId, 'supplier_payable')).toFixed(2), '50.00');
    assert.equal(cashBefore.minus(await balance(server, 'platform', 'cash')).toFixed(2), '50.00');
    await assertMoneyInvariants(server);

    // Shipped, escrow held, the dispute cancels the order with a full refund: paid back once.
    const second = await placeOrder(w, { paymentMethod: 'escrow', items: [{ sku: 0, quantity: '1' }] });
    await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: second.id, amount: second.total, bankReference: `DSP-${second.id}` });
    await shipAndDeliver(w, second);
    const cash2 = dec(await balance(server, 'platform', 'cash'));
    const payable2 = await balance(server, w.supplier.orgId, 'supplier_payable');
    const d2 = await w.purchaser.post(`/api/v1/orders/${second.id}/disputes`, { reason: '货物与合同不符' });
    assert.equal(d2.status, 201, d2.text);
    const cancelled = await operator.post(`/api/v1/platform/disputes/${d2.body.id}/resolve`, { resolution: '取消订单，全额退款', outcome: 'cancel_order', refundAmount: second.total });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(await orderStatus(w, second.id), 'cancelled');
    assert.equal(cash2.minus(await balance(server, 'platform', 'cash')).toFixed(2), second.total, 'refunded once, from escrow');
    assert.equal(await balance(server, w.supplier.orgId, 'supplier_payable'), payable2);
    await assertMoneyInvariants(server);
  });
});
