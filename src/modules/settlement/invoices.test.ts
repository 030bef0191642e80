import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { assertMoneyInvariants, balance, createWorld, orderStatus, placeOrder, receive, shipAndDeliver, type PlacedOrder, type World } from './test-flow.ts';

let server: TestServer;
let w: World;
let other: World;
let vat = 10_000_000;
const nextVat = () => String(++vat);

before(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  other = await createWorld(server, { org: w.platform, client: w.platformFinance });
});

async function acceptedCreditOrder(world: World, quantity = '10', accept: [string, string] = [quantity, '0']): Promise<PlacedOrder> {
  const order = await placeOrder(world, { paymentMethod: 'credit', creditDays: 30, items: [{ sku: 0, quantity }] });
  await shipAndDeliver(world, order);
  await receive(world, order, [accept]);
  return order;
}

describe('three-way match', () => {
  test('a price within 0.5 % matches and is approved at once', async () => {
    const order = await acceptedCreditOrder(w);
    const r = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: order.lines[0]!.id, quantity: '10', unitPrice: '100.04' }] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'approved');
    assert.equal(r.body.matchResult.lines[0].variance, '0.40');
    assert.equal(r.body.total, '1130.45', '1000.40 + 130.05 VAT');
    await assertMoneyInvariants(server);
  });

  test('a price over tolerance goes to the exception queue; buyer finance approves it with a reason', async () => {
    const order = await acceptedCreditOrder(w);
    const r = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: order.lines[0]!.id, quantity: '10', unitPrice: '101.00' }] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'exception');
    assert.deepEqual(r.body.matchResult.issues, ['price_over_tolerance', 'total_over_tolerance']);
    const before = await balance(server, w.buyer.orgId, 'buyer_receivable');

    const queue = await w.buyerFinance.get('/api/v1/invoices?status=exception');
    assert.ok(queue.body.items.some((i: { id: string }) => i.id === r.body.id));
    assert.equal((await w.supplierFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: 'x' })).status, 403, 'the supplier cannot approve');
    assert.equal((await other.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: 'x' })).status, 404, 'another buyer cannot see it');

    const stale = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: '铜价上涨，已协商', version: r.body.version + 1 });
    assert.equal(stale.status, 409, stale.text);
    const wrongTag = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: '铜价上涨，已协商' }, { headers: { 'if-match': '"v99"' } });
    assert.equal(wrongTag.status, 412, wrongTag.text);
    const approved = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: '铜价上涨，已协商' }, { headers: { 'if-match': `"v${r.body.version}"` } });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.decisionReason, '铜价上涨，已协商');
    assert.equal(Number(await balance(server, w.buyer.orgId, 'buyer_receivable')) - Number(before), 1141.3);
    const twice = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: 'again' });
    assert.equal(twice.status, 409, twice.text);
    assert.equal(await orderStatus(w, order.id), 'invoiced');
    await assertMoneyInvariants(server);
  });

  test('a quantity beyond what was accepted is queued, cannot be approved until accepted, and a rejected invoice frees its quantities', async () => {
    const order = await placeOrder(w, { paymentMethod: 'credit', creditDays: 30, items: [{ sku: 0, quantity: '10' }] });
    await shipAndDeliver(w, order);
    await receive(w, order, [['6', '0']]);
    const lineId = order.lines[0]!.id;

    const beyondOrder = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: lineId, quantity: '11' }] });
    assert.equal(beyondOrder.status, 422, beyondOrder.text);
    assert.equal(beyondOrder.body.code, 'settlement.quantity_exceeds_order');
    assert.equal(beyondOrder.body.errors[0].pointer, '/lines/0/quantity');

    const r = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: lineId, quantity: '10' }] });
    assert.equal(r.body.status, 'exception', r.text);
    assert.deepEqual(r.body.matchResult.issues, ['quantity_over_accepted']);
    assert.equal(r.body.matchResult.lines[0].availableQuantity, '6');
    const early = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/approve`, { reason: '先开票' });
    assert.equal(early.status, 422, early.text);
    assert.equal(early.body.code, 'settlement.quantity_not_accepted');

    const rejected = await w.buyerFinance.post(`/api/v1/invoices/${r.body.id}/reject`, { reason: '数量超过验收数量，请按验收数量重开' });
    assert.equal(rejected.status, 200, rejected.text);
    assert.equal(rejected.body.status, 'rejected');
    const corrected = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(corrected.status, 201, corrected.text);
    assert.equal(corrected.body.status, 'approved');
    assert.equal(corrected.body.lines[0].quantity, '6');

    const nothing = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(nothing.status, 422, nothing.text);
    assert.equal(nothing.body.code, 'settlement.nothing_to_invoice');

    // The rest arrives and is accepted: a queued invoice for it can now be approved.
    const ahead = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: lineId, quantity: '4' }] });
    assert.equal(ahead.body.status, 'exception', ahead.text);
    await receive(w, order, [['4', '0']]);
    const nowOk = await w.buyerFinance.post(`/api/v1/invoices/${ahead.body.id}/approve`, { reason: '已验收' });
    assert.equal(nowOk.status, 200, nowOk.text);
    assert.equal(await orderStatus(w, order.id), 'invoiced');
    await assertMoneyInvariants(server);
  });

  test('the buyer’s own tolerance applies; the supplier may withdraw a queued invoice', async () => {
    const settings = await w.buyerFinance.get('/api/v1/settlement/settings');
    assert.equal(settings.body.pricePercent, '0.5000');
    const put = await w.buyerFinance.request('PUT', '/api/v1/settlement/settings', { body: { pricePercent: '2', priceAmount: '1.00', totalAmount: '30.00', reminderDaysBefore: 5, version: settings.body.version } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.own, true);
    const order = await acceptedCreditOrder(w);
    const r = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: order.lines[0]!.id, quantity: '10', unitPrice: '101.50' }] });
    assert.equal(r.body.status, 'approved', `1.5 % is within this buyer's 2 %: ${r.text}`);

    const o2 = await acceptedCreditOrder(w);
    const q = await w.supplierFinance.post('/api/v1/invoices', { orderId: o2.id, vatInvoiceNumber: nextVat(), lines: [{ orderLineId: o2.lines[0]!.id, quantity: '10', unitPrice: '103' }] });
    assert.equal(q.body.status, 'exception');
    const withdrawn = await w.supplierFinance.post(`/api/v1/invoices/${q.body.id}/cancel`, { reason: '单价填错' });
    assert.equal(withdrawn.status, 200, withdrawn.text);
    assert.equal(withdrawn.body.status, 'cancelled');
    assert.equal((await w.buyerFinance.post(`/api/v1/invoices/${q.body.id}/cancel`, { reason: 'x' })).status, 403);
    const reput = await w.buyerFinance.request('PUT', '/api/v1/settlement/settings', { body: { pricePercent: '0.5', priceAmount: '1.00', totalAmount: '1.00', reminderDaysBefore: 3, version: put.body.version } });
    assert.equal(reput.status, 200, reput.text);
    await assertMoneyInvariants(server);
  });
});

describe('invoice rules and isolation', () => {
  test('a VAT invoice number is used once per supplier; another supplier may use the same number', async () => {
    const o1 = await acceptedCreditOrder(w, '2');
    const number = nextVat();
    const first = await w.supplierFinance.post('/api/v1/invoices', { orderId: o1.id, vatInvoiceNumber: number, lines: [{ orderLineId: o1.lines[0]!.id, quantity: '1' }] });
    assert.equal(first.status, 201, first.text);
    const dup = await w.supplierFinance.post('/api/v1/invoices', { orderId: o1.id, vatInvoiceNumber: number, lines: [{ orderLineId: o1.lines[0]!.id, quantity: '1' }] });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.body.code, 'settlement.invoice_duplicate');
    assert.equal(dup.body.invoiceId, first.body.id);
    const o2 = await acceptedCreditOrder(other, '1');
    const elsewhere = await other.supplierFinance.post('/api/v1/invoices', { orderId: o2.id, vatInvoiceNumber: number });
    assert.equal(elsewhere.status, 201, elsewhere.text);
    await assertMoneyInvariants(server);
  });

  test('only the parties see an invoice; others get 404, and nobody invoices another supplier’s order', async () => {
    const order = await acceptedCreditOrder(w, '1');
    const inv = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(inv.status, 201, inv.text);
    for (const client of [other.supplierFinance, other.buyerFinance]) {
      assert.equal((await client.get(`/api/v1/invoices/${inv.body.id}`)).status, 404);
      assert.equal((await client.get(`/api/v1/settlement/orders/${order.id}`)).status, 404);
      const list = await client.get(`/api/v1/invoices?orderId=${order.id}`);
      assert.deepEqual(list.body.items, []);
    }
    assert.equal((await w.buyerFinance.get(`/api/v1/invoices/${inv.body.id}`)).status, 200);
    assert.equal((await w.buyerFinance.get(`/api/v1/invoices/${inv.body.id}`)).body.commission, null, 'the buyer does not see the commission');
    assert.equal((await w.platformFinance.get(`/api/v1/invoices/${inv.body.id}`)).status, 200, 'platform finance reads all');
    const foreign = await other.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(foreign.status, 404, foreign.text);
    const byBuyer = await w.buyerFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: nextVat() });
    assert.equal(byBuyer.status, 403, byBuyer.text);
    const notYet = await placeOrder(w, { paymentMethod: 'credit', creditDays: 30, items: [{ sku: 0, quantity: '1' }] });
    const early = await w.supplierFinance.post('/api/v1/invoices', { orderId: notYet.id, vatInvoiceNumber: nextVat() });
    assert.equal(early.status, 409, early.text);
    assert.equal(early.body.code, 'settlement.order_not_invoiceable');
    await assertMoneyInvariants(server);
  });
});
