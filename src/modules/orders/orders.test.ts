import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, startTestServer, TEST_TOTP_SECRET, type TestServer } from '../../../test/support/harness.ts';
import { assertInvariants, budgetOf, createBudgetLine, createParties, createSkus, roleEmail, totp, type Parties } from './testing.ts';

let server: TestServer;
let p: Parties;
let budgetLineId: string;
let skuA1: string; // supplier, stocked 50
let skuA2: string; // supplier, no stock kept
let skuB1: string; // supplier2, stocked 100

before(async () => {
  process.env.COTRADE_CONTRACT_MFA_THRESHOLD = '100000';
  server = await startTestServer();
  p = await createParties(server);
  budgetLineId = await createBudgetLine(server, p.buyer, '1000000');
  const a = await createSkus(server, p.supplier, [{ price: '100.00', stock: '50' }, { price: '20.5', stock: null, moq: '2', increment: '1' }]);
  [skuA1, skuA2] = a.skuIds as [string, string];
  const b = await createSkus(server, p.supplier2, [{ price: '10', stock: '100', tiers: [{ minQty: '10', unitPrice: '9.5' }] }]);
  [skuB1] = b.skuIds as [string];
});

const ok = (r: { status: number; text: string }, status = 200) => assert.equal(r.status, status, r.text);

async function reservedOf(skuId: string): Promise<{ onHand: string; reserved: string }> {
  const [row] = await query<{ on_hand: string; reserved: string }>(server.db, sql`select sum(on_hand)::text as on_hand, sum(reserved)::text as reserved from stock_levels where sku_id = ${skuId}`);
  return { onHand: String(Number(row!.on_hand)), reserved: String(Number(row!.reserved)) };
}

/** All ToUnicode/content streams of a PDF, inflated, as latin1 text (enough to find CMaps and font names). */
function pdfStreams(pdf: Buffer): string {
  const out: string[] = [pdf.toString('latin1')];
  const text = pdf.toString('latin1');
  let at = 0;
  for (;;) {
    const start = text.indexOf('stream\n', at);
    if (start < 0) break;
    const end = text.indexOf('\nendstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start + 7, end)).toString('latin1'));
    } catch {
      // not deflated
    }
    at = end + 10;
  }
  return out.join('\n');
}

describe('cart, checkout and the order lifecycle', () => {
  let orderA: any;
  let orderB: any;

  test('the cart splits per supplier and prices each line for this buyer', async () => {
    ok(await p.purchaser.post('/api/v1/orders/cart/items', { skuId: skuA1, quantity: '5' }));
    ok(await p.purchaser.post('/api/v1/orders/cart/items', { skuId: skuA2, quantity: '3' }));
    const added = await p.purchaser.post('/api/v1/orders/cart/items', { skuId: skuB1, quantity: '4' });
    ok(added);
    ok(await p.purchaser.patch(`/api/v1/orders/cart/items/${added.body.id}`, { quantity: '12' }));
    assert.equal((await p.receiver.patch(`/api/v1/orders/cart/items/${added.body.id}`, { quantity: '1' })).status, 403);
    assert.equal((await p.buyerAdmin.patch(`/api/v1/orders/cart/items/${added.body.id}`, { quantity: '1' })).status, 404);
    const bad = await p.purchaser.post('/api/v1/orders/cart/items', { skuId: skuA2, quantity: '0.5' }, {});
    assert.equal(bad.status, 422, bad.text);
    const missing = await p.purchaser.post('/api/v1/orders/cart/items', { skuId: 'sku_nope', quantity: '1' });
    assert.equal(missing.status, 404);
    const cart = await p.purchaser.get('/api/v1/orders/cart');
    ok(cart);
    assert.equal(cart.body.groups.length, 2);
    const b = cart.body.groups.find((g: any) => g.supplierOrgId === p.supplier2.orgId);
    assert.equal(b.lines[0].priceSource, 'tier');
    assert.equal(b.lines[0].unitPrice, '9.50');
    assert.equal(b.lines[0].lineTotal, '128.82'); // 12 × 9.5 = 114.00 + 13% = 14.82
    assert.equal(cart.body.total, '763.32'); // A: 500 + 61.50 + VAT 65.00 + 8.00 = 634.50; B: 128.82
  });

  test('checkout places one order per supplier in one transaction, reserving stock and committing budget', async () => {
    const r = await p.purchaser.post(
      '/api/v1/orders/checkout',
      { paymentMethod: 'escrow', deliveryAddress: '南京市鼓楼区 1 号', deliveryRegion: '江苏', needBy: '2030-01-31', budgetLineId },
      { idempotencyKey: 'checkout-1' },
    );
    ok(r, 201);
    assert.equal(r.body.orders.length, 2);
    orderA = r.body.orders.find((o: any) => o.supplierOrgId === p.supplier.orgId);
    orderB = r.body.orders.find((o: any) => o.supplierOrgId === p.supplier2.orgId);
    assert.equal(orderA.status, 'submitted');
    assert.equal(orderA.lines.length, 2);
    assert.match(orderA.number, /^PO-\d{4}-\d{6}$/);
    assert.deepEqual(await reservedOf(skuA1), { onHand: '50', reserved: '5' });
    assert.deepEqual(await reservedOf(skuB1), { onHand: '100', reserved: '12' });
    assert.equal(Number((await budgetOf(server, budgetLineId)).committed).toFixed(2), (Number(orderA.total) + Number(orderB.total)).toFixed(2));
    const cart = await p.purchaser.get('/api/v1/orders/cart');
    assert.equal(cart.body.groups.length, 0);
    // The same key again replays the first answer; no third order.
    const again = await p.purchaser.post(
      '/api/v1/orders/checkout',
      { paymentMethod: 'escrow', deliveryAddress: '南京市鼓楼区 1 号', deliveryRegion: '江苏', needBy: '2030-01-31', budgetLineId },
      { idempotencyKey: 'checkout-1' },
    );
    ok(again, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const [count] = await query<{ n: string }>(server.db, sql`select count(*)::text as n from purchase_orders where buyer_org_id = ${p.buyer.orgId}`);
    assert.equal(count!.n, '2');
    const events = await query(server.db, sql`select 1 from outbox_events where topic = 'orders.order.submitted' and payload->>'orderId' in (${orderA.id}, ${orderB.id})`);
    assert.equal(events.length, 2);
    await assertInvariants(server);
  });

  test('both parties see the order; nobody else does; the wrong side gets 403', async () => {
    ok(await p.purchaser.get(`/api/v1/orders/${orderA.id}`));
    const seen = await p.sales.get(`/api/v1/orders/${orderA.id}`);
    ok(seen);
    assert.equal(seen.body.party, 'supplier');
    assert.ok(seen.body.actions.includes('confirm'));
    assert.equal((await p.sales2.get(`/api/v1/orders/${orderA.id}`)).status, 404);
    assert.equal((await p.sales2.post(`/api/v1/orders/${orderA.id}/confirm`, {})).status, 404);
    assert.equal((await p.buyerAdmin.post(`/api/v1/orders/${orderA.id}/confirm`, {})).status, 403);
    const listed = await p.sales.get('/api/v1/orders?role=supplier&status=submitted');
    ok(listed);
    assert.deepEqual(listed.body.items.map((o: any) => o.id), [orderA.id]);
  });

  test('the supplier confirms: reservations kept, bilingual contract PDF with its SHA-256 in the audit chain', async () => {
    const r = await p.sales.post(`/api/v1/orders/${orderA.id}/confirm`, { note: '按期发货' });
    ok(r);
    assert.equal(r.body.order.status, 'confirmed');
    assert.equal(r.body.contract.status, 'pending_signatures');
    const [rsv] = await query<{ n: string }>(server.db, sql`select count(*)::text as n from stock_reservations where reference_id = ${orderA.id} and status = 'active' and expires_at is null`);
    assert.equal(rsv!.n, '1');
    const audit = await query<{ data: any }>(server.db, sql`select data from audit_log where action = 'orders.contract.generated' and target_id = ${r.body.contract.id}`);
    assert.equal(audit[0]!.data.sha256, r.body.contract.sha256);
    const pdf = await p.purchaser.request('GET', `/api/v1/orders/${orderA.id}/contract/pdf`);
    ok(pdf);
    const bytes = Buffer.from(pdf.text, 'latin1');
    const raw = await fetch(new URL(`/api/v1/orders/${orderA.id}/contract/pdf`, server.url), { headers: { cookie: [...p.purchaser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const buffer = Buffer.from(await raw.arrayBuffer());
    void bytes;
    assert.equal(buffer.subarray(0, 5).toString(), '%PDF-');
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(buffer).digest('hex'), r.body.contract.sha256);
    const streams = pdfStreams(buffer);
    assert.match(streams, /NotoSansHans/, 'the CJK font is embedded');
    // The ToUnicode CMap maps glyphs to 采 (91C7), 购 (8D2D), 合 (5408), 同 (540C).
    for (const cp of ['91C7', '8D2D', '5408', '540C']) assert.match(streams, new RegExp(`<${cp}>`, 'i'), `glyph for U+${cp} is in the PDF`);
    assert.equal((await p.sales2.get(`/api/v1/orders/${orderA.id}/contract/pdf`)).status, 404);
  });

  test('both parties sign; the order moves into fulfilment; the signed PDF is downloadable', async () => {
    const first = await p.purchaser.post(`/api/v1/orders/${orderA.id}/contract/sign`, {});
    ok(first);
    assert.equal(first.body.contract.status, 'pending_signatures');
    assert.equal((await p.purchaser.post(`/api/v1/orders/${orderA.id}/contract/sign`, {})).status, 409);
    const second = await p.sales.post(`/api/v1/orders/${orderA.id}/contract/sign`, {});
    ok(second);
    assert.equal(second.body.contract.status, 'signed');
    assert.equal(second.body.order.status, 'in_fulfilment');
    const audit = await query<{ data: any }>(server.db, sql`select data from audit_log where action = 'orders.contract.signed' and data->>'orderId' = ${orderA.id} order by seq`);
    assert.equal(audit.length, 2);
    assert.equal(audit[1]!.data.signedSha256, second.body.contract.signedSha256);
    const raw = await fetch(new URL(`/api/v1/orders/${orderA.id}/contract/pdf`, server.url), { headers: { cookie: [...p.sales.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(raw.headers.get('x-content-sha256'), second.body.contract.signedSha256);
    // Cancelling after signing is refused with the state problem.
    const cancel = await p.purchaser.post(`/api/v1/orders/${orderA.id}/cancel`, { reason: 'changed my mind' });
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.code, 'state.transition_not_allowed');
  });

  test('partial shipments consume the reservation; shipping more than ordered is refused', async () => {
    const lineA1 = orderA.lines.find((l: any) => l.skuId === skuA1);
    const lineA2 = orderA.lines.find((l: any) => l.skuId === skuA2);
    const tooMuch = await p.fulfilment.post(`/api/v1/orders/${orderA.id}/shipments`, { carrier: '顺丰速运', trackingNumber: 'SF1', lines: [{ orderLineId: lineA1.id, quantity: '6' }] });
    assert.equal(tooMuch.status, 422, tooMuch.text);
    const s1 = await p.fulfilment.post(`/api/v1/orders/${orderA.id}/shipments`, { carrier: '顺丰速运', trackingNumber: 'SF1001', lines: [{ orderLineId: lineA1.id, quantity: '3' }] });
    ok(s1, 201);
    assert.equal(s1.body.order.status, 'partially_shipped');
    assert.deepEqual(await reservedOf(skuA1), { onHand: '47', reserved: '2' });
    ok(await p.fulfilment.post(`/api/v1/shipments/${s1.body.shipment.id}/tracking`, { status: 'in_transit', location: '上海', occurredAt: new Date().toISOString() }), 201);
    const s2 = await p.fulfilment.post(`/api/v1/orders/${orderA.id}/shipments`, {
      carrier: '顺丰速运',
      trackingNumber: 'SF1002',
      lines: [{ orderLineId: lineA1.id, quantity: '2' }, { orderLineId: lineA2.id, quantity: '3' }],
    });
    ok(s2, 201);
    assert.equal(s2.body.order.status, 'shipped');
    assert.deepEqual(await reservedOf(skuA1), { onHand: '45', reserved: '0' });
    orderA.shipments = [s1.body.shipment, s2.body.shipment];
    await assertInvariants(server);
  });

  test('goods receipt with inspection: partial acceptance with rejected quantities', async () => {
    const lineA1 = orderA.lines.find((l: any) => l.skuId === skuA1);
    const lineA2 = orderA.lines.find((l: any) => l.skuId === skuA2);
    const mismatch = await p.receiver.post(`/api/v1/orders/${orderA.id}/receipts`, { shipmentId: orderA.shipments[0].id, lines: [{ orderLineId: lineA1.id, receivedQuantity: '3', acceptedQuantity: '2', rejectedQuantity: '0' }] });
    assert.equal(mismatch.status, 422);
    const r1 = await p.receiver.post(`/api/v1/orders/${orderA.id}/receipts`, { shipmentId: orderA.shipments[0].id, lines: [{ orderLineId: lineA1.id, receivedQuantity: '3', acceptedQuantity: '3', rejectedQuantity: '0' }] });
    ok(r1, 201);
    assert.equal(r1.body.order.status, 'shipped');
    const r2 = await p.receiver.post(`/api/v1/orders/${orderA.id}/receipts`, {
      shipmentId: orderA.shipments[1].id,
      lines: [
        { orderLineId: lineA1.id, receivedQuantity: '2', acceptedQuantity: '2', rejectedQuantity: '0' },
        { orderLineId: lineA2.id, receivedQuantity: '3', acceptedQuantity: '2', rejectedQuantity: '1', rejectionReason: '外护套破损' },
      ],
    });
    ok(r2, 201);
    assert.equal(r2.body.order.status, 'partially_accepted');
    assert.equal(r2.body.receipt.lines[1].inspectionResult, 'partially_passed');
    // Accepted + rejected values of all receipts add up to the order total.
    const hooks = await query<{ data: any }>(server.db, sql`select data from audit_log where action = 'orders.receipt.recorded' and data->>'orderId' = ${orderA.id}`);
    const sum = hooks.flatMap((h) => h.data.lines).reduce((s: number, l: any) => s + Number(l.acceptedValue) + Number(l.rejectedValue), 0);
    assert.equal(sum.toFixed(2), orderA.total);
    // The inspection report (multipart) attaches and both parties can read it.
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4 report')], { type: 'application/pdf' }), '质检报告.pdf');
    const up = await p.receiver.request('POST', `/api/v1/receipts/${r2.body.receipt.id}/report`, { raw: form });
    ok(up);
    const down = await p.sales.get(`/api/v1/receipts/${r2.body.receipt.id}/report`);
    ok(down);
    assert.equal(down.text, '%PDF-1.4 report');
    assert.equal((await p.sales2.get(`/api/v1/receipts/${r2.body.receipt.id}/report`)).status, 404);
  });

  test('returns of rejected goods and the supplier evaluation', async () => {
    const lineA2 = orderA.lines.find((l: any) => l.skuId === skuA2);
    const tooMany = await p.purchaser.post(`/api/v1/orders/${orderA.id}/returns`, { reason: '破损退回', lines: [{ orderLineId: lineA2.id, quantity: '2' }] });
    assert.equal(tooMany.status, 422);
    const ret = await p.purchaser.post(`/api/v1/orders/${orderA.id}/returns`, { reason: '破损退回', lines: [{ orderLineId: lineA2.id, quantity: '1' }] });
    ok(ret, 201);
    ok(await p.sales.post(`/api/v1/cases/${ret.body.id}/approve`, {}));
    const done = await p.sales.post(`/api/v1/cases/${ret.body.id}/complete`, { restock: false });
    ok(done);
    assert.equal(done.body.status, 'completed');
    const ev = await p.purchaser.post(`/api/v1/orders/${orderA.id}/evaluation`, { delivery: 5, quality: 3, service: 4, price: 4, comment: '发货及时' });
    ok(ev, 201);
    assert.equal(ev.body.rating.count, 1);
    assert.equal(ev.body.rating.overall, '4.00');
    assert.equal((await p.purchaser.post(`/api/v1/orders/${orderA.id}/evaluation`, { delivery: 5, quality: 5, service: 5, price: 5 })).status, 409);
    const [rated] = await query<{ payload: any }>(server.db, sql`select payload from outbox_events where topic = 'orders.supplier.rated' order by id desc limit 1`);
    assert.equal(rated!.payload.supplierOrgId, p.supplier.orgId);
    const rating = await p.sales2.get(`/api/v1/orders/supplier-rating?supplierOrgId=${p.supplier.orgId}`);
    ok(rating);
    assert.equal(rating.body.quality, '3.00');
    const timeline = await p.purchaser.get(`/api/v1/orders/${orderA.id}/timeline`);
    ok(timeline);
    const types = timeline.body.items.map((e: any) => e.type);
    for (const t of ['submitted', 'confirmed', 'contract_generated', 'contract_signed', 'partially_shipped', 'shipped', 'partially_accepted', 'return_completed', 'supplier_evaluated']) assert.ok(types.includes(t), `timeline has ${t}: ${types.join(',')}`);
    await assertInvariants(server);
  });
});

describe('cancellation, rejection and expiry give everything back', () => {
  test('the buyer cancels: stock, budget and agreement quantity are released', async () => {
    const { skuIds } = await createSkus(server, p.supplier, [{ price: '50', stock: '20' }]);
    const sku = skuIds[0]!;
    const agreementId = `fa_${Date.now()}`;
    const itemId = `fai_${Date.now()}`;
    await query(server.db, sql`insert into catalog_agreements (id, code, title, buyer_org_id, supplier_org_id, valid_from, valid_to, status, confirmed_at)
      values (${agreementId}, ${`FA-${Date.now()}`}, '框架协议', ${p.buyer.orgId}, ${p.supplier.orgId}, now() - interval '1 day', now() + interval '1 year', 'active', now())`);
    await query(server.db, sql`insert into catalog_agreement_items (id, agreement_id, sku_id, unit_price, quantity_cap) values (${itemId}, ${agreementId}, ${sku}, 45, 100)`);
    const before = await budgetOf(server, budgetLineId);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'credit', creditDays: 30, deliveryAddress: '南京', budgetLineId, items: [{ skuId: sku, quantity: '8' }] });
    ok(r, 201);
    const order = r.body.orders[0];
    assert.equal(order.lines[0].priceSource, 'contract');
    assert.equal(order.lines[0].unitPrice, '45.0000');
    const [used] = await query<{ used_qty: string }>(server.db, sql`select used_qty::text from catalog_agreement_items where id = ${itemId}`);
    assert.equal(Number(used!.used_qty), 8);
    assert.equal((await p.sales.post(`/api/v1/orders/${order.id}/cancel`, { reason: 'x' })).status, 403);
    const c = await p.purchaser.post(`/api/v1/orders/${order.id}/cancel`, { reason: '需求取消' });
    ok(c);
    assert.equal(c.body.status, 'cancelled');
    assert.deepEqual(await reservedOf(sku), { onHand: '20', reserved: '0' });
    const [after] = await query<{ used_qty: string }>(server.db, sql`select used_qty::text from catalog_agreement_items where id = ${itemId}`);
    assert.equal(Number(after!.used_qty), 0);
    assert.equal((await budgetOf(server, budgetLineId)).committed, before.committed);
    assert.equal((await p.purchaser.post(`/api/v1/orders/${order.id}/cancel`, { reason: 'again' })).status, 409);
    await assertInvariants(server);
  });

  test('the supplier rejects with a reason', async () => {
    const { skuIds } = await createSkus(server, p.supplier, [{ price: '5', stock: '10' }]);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0]!, quantity: '4' }] });
    ok(r, 201);
    const rej = await p.sales.post(`/api/v1/orders/${r.body.orders[0].id}/reject`, { reason: '停产' });
    ok(rej);
    assert.equal(rej.body.status, 'rejected');
    assert.equal(rej.body.cancelReason, '停产');
    assert.deepEqual(await reservedOf(skuIds[0]!), { onHand: '10', reserved: '0' });
  });

  test('an expired reservation cancels the submitted order; confirming it is refused', async () => {
    const { skuIds } = await createSkus(server, p.supplier, [{ price: '7', stock: '10' }]);
    const before = await budgetOf(server, budgetLineId);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', budgetLineId, items: [{ skuId: skuIds[0]!, quantity: '6' }] });
    ok(r, 201);
    const orderId = r.body.orders[0].id;
    await query(server.db, sql`update stock_reservations set expires_at = now() - interval '1 minute' where reference_id = ${orderId}`);
    await query(server.db, sql`update job_schedules set next_run_at = now() where name = 'inventory.expire-reservations'`);
    // The expiry job, the outbox relay and the orders handler run as the worker would, until done (≤ 20 s).
    for (let i = 0; i < 80; i++) {
      await server.platform.jobs.runDue();
      await server.platform.bus.relay();
      await server.platform.jobs.runDue();
      const [o] = await query<{ status: string }>(server.db, sql`select status from purchase_orders where id = ${orderId}`);
      if (o!.status === 'cancelled') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const got = await p.purchaser.get(`/api/v1/orders/${orderId}`);
    assert.equal(got.body.status, 'cancelled');
    assert.equal(got.body.cancelReason, 'reservation_expired');
    assert.deepEqual(await reservedOf(skuIds[0]!), { onHand: '10', reserved: '0' });
    assert.equal((await budgetOf(server, budgetLineId)).committed, before.committed);
    const confirm = await p.sales.post(`/api/v1/orders/${orderId}/confirm`, {});
    assert.equal(confirm.status, 409);
    await assertInvariants(server);
  });

  test('a lost stock race is a 409 naming the SKU and what is available, and nothing is kept', async () => {
    const { skuIds } = await createSkus(server, p.supplier, [{ price: '3', stock: '2' }]);
    const other = await createSkus(server, p.supplier2, [{ price: '3', stock: '50' }]);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0]!, quantity: '3' }, { skuId: other.skuIds[0]!, quantity: '5' }] });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.code, 'inventory.insufficient_stock');
    assert.equal(r.body.skuId, skuIds[0]);
    assert.equal(r.body.available, '2');
    assert.deepEqual(await reservedOf(other.skuIds[0]!), { onHand: '50', reserved: '0' });
  });
});

describe('contract signing above the MFA threshold', () => {
  test('needs a valid code from each signer', async () => {
    process.env.COTRADE_CONTRACT_MFA_THRESHOLD = '1000';
    try {
      const { skuIds } = await createSkus(server, p.supplier, [{ price: '600', stock: '10' }]);
      const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0]!, quantity: '2' }] });
      ok(r, 201);
      const orderId = r.body.orders[0].id;
      ok(await p.sales.post(`/api/v1/orders/${orderId}/confirm`, {}));
      const contract = await p.purchaser.get(`/api/v1/orders/${orderId}/contract`);
      assert.equal(contract.body.signRequiresMfa, true);
      const noCode = await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, {});
      assert.equal(noCode.status, 403);
      assert.equal(noCode.body.code, 'orders.contract_mfa_required');
      const notEnrolled = await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, { mfaCode: '123456' });
      assert.equal(notEnrolled.status, 409, notEnrolled.text);
      await query(server.db, sql`update users set mfa_secret = ${TEST_TOTP_SECRET}, mfa_enabled = true where id in (${p.buyer.users[roleEmail(p.buyer, 'purchaser')]!}, ${p.supplier.users[roleEmail(p.supplier, 'sales')]!})`);
      const wrong = await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, { mfaCode: '000000' });
      assert.equal(wrong.status, 422, wrong.text);
      ok(await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, { mfaCode: await totp() }));
      const done = await p.sales.post(`/api/v1/orders/${orderId}/contract/sign`, { mfaCode: await totp() });
      ok(done);
      assert.equal(done.body.order.status, 'in_fulfilment');
      const audit = await query<{ data: any }>(server.db, sql`select data from audit_log where action = 'orders.contract.signed' and data->>'orderId' = ${orderId}`);
      assert.ok(audit.every((a) => a.data.mfa === true));
    } finally {
      process.env.COTRADE_CONTRACT_MFA_THRESHOLD = '100000';
    }
  });
});

describe('logistics partner API key', () => {
  test('posts tracking for its shipments only, idempotently, and delivery follows', async () => {
    const { createTestOrg } = await import('../../../test/support/harness.ts');
    const partner = await createTestOrg(server.ctx, ['partner']);
    const other = await createTestOrg(server.ctx, ['partner']);
    const { signedIn } = await import('./testing.ts');
    const partnerAdmin = await signedIn(server, partner.admin);
    const key = await partnerAdmin.post('/api/v1/organization/api-keys', { name: 'tracking feed', permissions: ['logistics.tracking.write'] });
    ok(key, 201);
    const api = new ApiClient(server.url);
    api.bearer = key.body.key ?? key.body.token ?? key.body.secret;
    assert.ok(api.bearer, JSON.stringify(key.body));

    const { skuIds } = await createSkus(server, p.supplier, [{ price: '9', stock: '10' }]);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0]!, quantity: '4' }] });
    const orderId = r.body.orders[0].id;
    const lineId = r.body.orders[0].lines[0].id;
    ok(await p.sales.post(`/api/v1/orders/${orderId}/confirm`, {}));
    ok(await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, {}));
    ok(await p.sales.post(`/api/v1/orders/${orderId}/contract/sign`, {}));
    const badCarrier = await p.fulfilment.post(`/api/v1/orders/${orderId}/shipments`, { carrier: 'X', trackingNumber: 'X1', carrierOrgId: p.buyer.orgId, lines: [{ orderLineId: lineId, quantity: '4' }] });
    assert.equal(badCarrier.status, 422);
    const mine = await p.fulfilment.post(`/api/v1/orders/${orderId}/shipments`, { carrier: '德邦物流', trackingNumber: 'DB9001', carrierOrgId: partner.orgId, lines: [{ orderLineId: lineId, quantity: '4' }] });
    ok(mine, 201);
    const shipmentId = mine.body.shipment.id;

    const list = await api.get('/api/v1/logistics/shipments');
    ok(list);
    assert.deepEqual(list.body.items.map((s: any) => s.id), [shipmentId]);
    const event = { status: 'in_transit', location: '无锡转运中心', occurredAt: new Date().toISOString(), externalId: 'evt-1' };
    ok(await api.post('/api/v1/logistics/tracking-events', { shipmentId, ...event }), 201);
    const dup = await api.post('/api/v1/logistics/tracking-events', { shipmentId, ...event });
    ok(dup, 200);
    assert.equal(dup.body.duplicate, true);
    // Another partner, the buyer's and other routes: no reach.
    const otherAdmin = await signedIn(server, other.admin);
    const otherKey = await otherAdmin.post('/api/v1/organization/api-keys', { name: 'feed', permissions: ['logistics.tracking.write'] });
    const otherApi = new ApiClient(server.url);
    otherApi.bearer = otherKey.body.key ?? otherKey.body.token ?? otherKey.body.secret;
    assert.equal((await otherApi.post('/api/v1/logistics/tracking-events', { shipmentId, ...event, externalId: 'evt-x' })).status, 404);
    assert.equal((await api.get(`/api/v1/orders/${orderId}`)).status, 403);
    assert.equal((await p.purchaser.post('/api/v1/logistics/tracking-events', { shipmentId, ...event })).status, 403);

    ok(await api.post('/api/v1/logistics/tracking-events', { shipmentId, status: 'delivered', location: '南京', occurredAt: new Date().toISOString(), externalId: 'evt-2' }), 201);
    const order = await p.purchaser.get(`/api/v1/orders/${orderId}`);
    assert.equal(order.body.status, 'delivered');
    const tracking = await p.purchaser.get(`/api/v1/shipments/${shipmentId}/tracking`);
    assert.equal(tracking.body.items.length, 2);
    const accepted = await p.receiver.post(`/api/v1/orders/${orderId}/receipts`, { lines: [{ orderLineId: lineId, receivedQuantity: '4', acceptedQuantity: '4', rejectedQuantity: '0' }] });
    ok(accepted, 201);
    assert.equal(accepted.body.order.status, 'accepted');
  });
});

describe('disputes', () => {
  test('either party opens one; the platform resolves it and the order resumes', async () => {
    const { createTestOrg } = await import('../../../test/support/harness.ts');
    const { signedIn } = await import('./testing.ts');
    const platformOrg = await createTestOrg(server.ctx, ['platform'], [{ role: 'customer_service' }]);
    const cs = await signedIn(server, roleEmail(platformOrg, 'customer_service'));
    const { skuIds } = await createSkus(server, p.supplier, [{ price: '9', stock: '10' }]);
    const r = await p.purchaser.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0]!, quantity: '1' }] });
    const orderId = r.body.orders[0].id;
    ok(await p.sales.post(`/api/v1/orders/${orderId}/confirm`, {}));
    const d = await p.sales.post(`/api/v1/orders/${orderId}/disputes`, { reason: '买方要求变更交货地点' });
    ok(d, 201);
    assert.equal((await p.purchaser.get(`/api/v1/orders/${orderId}`)).body.status, 'disputed');
    assert.equal((await p.purchaser.post(`/api/v1/orders/${orderId}/contract/sign`, {})).status, 409);
    const queue = await cs.get('/api/v1/platform/disputes');
    ok(queue);
    assert.ok(queue.body.items.some((c: any) => c.id === d.body.id));
    const res = await cs.post(`/api/v1/platform/disputes/${d.body.id}/resolve`, { resolution: '维持原合同', outcome: 'resume', refundAmount: '0' });
    ok(res);
    assert.equal((await p.purchaser.get(`/api/v1/orders/${orderId}`)).body.status, 'confirmed');
    await assertInvariants(server);
  });
});
