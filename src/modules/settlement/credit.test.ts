import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { addDays, today } from './invoices.ts';
import { assertMoneyInvariants, balance, createWorld, orderStatus, placeOrder, receive, shipAndDeliver, summary, type World } from './test-flow.ts';

let server: TestServer;
let w: World;

before(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  const rule = await w.platformFinance.post('/api/v1/platform/commission-rules', { name: '默认 1.5%', rate: '0.015', minAmount: '5.00' });
  assert.equal(rule.status, 201, rule.text);
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('credit terms', () => {
  test('approval books the receivable with a due date; the reminder job mails, the overdue job flags, payments clear it and settle the order', async () => {
    const order = await placeOrder(w, { paymentMethod: 'credit', creditDays: 30, items: [{ sku: 0, quantity: '10' }], budget: true });
    const escrowPay = await w.buyerFinance.post('/api/v1/payments', { purpose: 'escrow', orderId: order.id, amount: '10.00', bankReference: `X-${order.number}` });
    assert.equal(escrowPay.status, 409, escrowPay.text);
    assert.equal(escrowPay.body.code, 'settlement.not_payable');

    await shipAndDeliver(w, order);
    await receive(w, order, [['10', '0']]);
    assert.equal(await orderStatus(w, order.id), 'accepted');
    assert.equal(await balance(server, w.buyer.orgId, 'buyer_receivable'), '0.00', 'nothing is owed before the invoice is approved');

    const created = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: '24320000000000000001' });
    assert.equal(created.status, 201, created.text);
    const invoice = created.body;
    assert.equal(invoice.status, 'approved');
    assert.equal(invoice.total, '1130.00');
    assert.equal(invoice.dueDate, addDays(today(), 30));
    assert.equal(invoice.commission, '15.00');
    assert.equal(await orderStatus(w, order.id), 'invoiced');
    assert.equal(await balance(server, w.buyer.orgId, 'buyer_receivable'), '1130.00');
    assert.equal(await balance(server, w.supplier.orgId, 'supplier_payable'), '1115.00');
    assert.equal((await summary(w, order.id)).amountDue, '1130.00');
    await assertMoneyInvariants(server);

    // The reminder waits until three days before the due date; bring it forward and let the worker run it.
    const [job] = await query<{ run_at: Date }>(server.db, sql`select run_at from jobs where kind = 'settlement.invoice-reminder' and payload->>'invoiceId' = ${invoice.id}`);
    assert.equal(new Date(job!.run_at).toISOString().slice(0, 10), addDays(invoice.dueDate, -3));
    await query(server.db, sql`update jobs set run_at = now() where kind = 'settlement.invoice-reminder' and payload->>'invoiceId' = ${invoice.id}`);
    await server.platform.jobs.runDue();
    const mail = await until('the reminder mail', async () => {
      const rows = await query<{ to: string; subject: string }>(server.db, sql`select "to", subject from mail_outbox where subject like ${`%${invoice.number}%`}`);
      return rows.length ? rows : null;
    });
    assert.match(mail[0]!.to, /^buyer_finance@/);
    assert.match(mail[0]!.subject, /到期|due/);

    // Time passes: the due date is yesterday; the hourly check flags it.
    await query(server.db, sql`update invoices set due_date = current_date - 1 where id = ${invoice.id}`);
    await query(server.db, sql`update job_schedules set next_run_at = now() where name = 'settlement.flag-overdue'`);
    await server.platform.jobs.runDue();
    await until('the overdue flag', async () => (await w.buyerFinance.get(`/api/v1/invoices/${invoice.id}`)).body.overdue === true);
    const overdueList = await w.buyerFinance.get('/api/v1/invoices?overdue=true');
    assert.deepEqual(overdueList.body.items.map((i: { id: string }) => i.id), [invoice.id]);

    const tooMuch = await w.buyerFinance.post('/api/v1/payments', { purpose: 'invoice', invoiceId: invoice.id, amount: '1130.01', bankReference: 'CR-OVER' });
    assert.equal(tooMuch.status, 422, tooMuch.text);
    assert.equal(tooMuch.body.code, 'settlement.payment_exceeds_due');

    const part = await w.buyerFinance.post('/api/v1/payments', { purpose: 'invoice', invoiceId: invoice.id, amount: '500.00', bankReference: 'CR-PART-1' });
    assert.equal(part.status, 201, part.text);
    const afterPart = (await w.buyerFinance.get(`/api/v1/invoices/${invoice.id}`)).body;
    assert.equal(afterPart.status, 'approved');
    assert.equal(afterPart.paidAmount, '500.00');
    assert.equal(await balance(server, w.buyer.orgId, 'buyer_receivable'), '630.00');
    await assertMoneyInvariants(server);

    const rest = await w.buyerFinance.post('/api/v1/payments', { purpose: 'invoice', invoiceId: invoice.id, amount: '630.00', bankReference: 'CR-PART-2' });
    assert.equal(rest.status, 201, rest.text);
    const paid = (await w.buyerFinance.get(`/api/v1/invoices/${invoice.id}`)).body;
    assert.equal(paid.status, 'paid');
    assert.equal(paid.overdue, false);
    assert.equal(await orderStatus(w, order.id), 'settled');
    assert.equal(await balance(server, w.buyer.orgId, 'buyer_receivable'), '0.00');
    const [row] = await query<{ spent: string }>(server.db, sql`select b.spent::text from budget_lines b join purchase_orders o on o.budget_line_id = b.id where o.id = ${order.id}`);
    assert.ok(dec(row!.spent).eq('1130.00'));

    const again = await w.buyerFinance.post('/api/v1/payments', { purpose: 'invoice', invoiceId: invoice.id, amount: '1.00', bankReference: 'CR-LATE' });
    assert.equal(again.status, 409, again.text);
    await assertMoneyInvariants(server);
  });

  test('the commission minimum applies per order and rule, across the invoices of one order', async () => {
    const order = await placeOrder(w, { paymentMethod: 'credit', creditDays: 15, items: [{ sku: 0, quantity: '4' }] });
    await shipAndDeliver(w, order);
    await receive(w, order, [['4', '0']]);
    const first = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: 'MIN00001', lines: [{ orderLineId: order.lines[0]!.id, quantity: '1' }] });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.commission, '5.00', '1.5 % of 100 is 1.50, raised to the 5.00 minimum');
    const second = await w.supplierFinance.post('/api/v1/invoices', { orderId: order.id, vatInvoiceNumber: 'MIN00002' });
    assert.equal(second.status, 201, second.text);
    assert.equal(second.body.lines[0].quantity, '3');
    assert.equal(second.body.commission, '1.00', '1.5 % of 400 is 6.00 in all, 5.00 charged before');
    assert.equal(await orderStatus(w, order.id), 'invoiced');
    await assertMoneyInvariants(server);
  });
});
