import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { budgetOf } from '../orders/testing.ts';
import { assertMoneyInvariants, balance, createWorld, orderStatus, placeOrder, receive, shipAndDeliver, summary, type World } from './test-flow.ts';

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
});
