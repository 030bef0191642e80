import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { startTestServer, type TestServer } from '../../../test/support/harness.ts';
import {
  assertTrialBalanceZero,
  createBuyerSide,
  createPlatformSide,
  createSupplierSide,
  expectStatus,
  giveSupplierCategory,
  inSeconds,
  ok,
  passRfqDeadline,
  today,
  type BuyerSide,
  type SupplierSide,
} from './testing.ts';

let server: TestServer;
let buyer: BuyerSide;
let s1: SupplierSide;
let s2: SupplierSide;
let s3: SupplierSide;
let outsider: SupplierSide;

before(async () => {
  server = await startTestServer({ signInLimit: 1_000_000 });
  buyer = await createBuyerSide(server);
  [s1, s2, s3, outsider] = await Promise.all([createSupplierSide(server), createSupplierSide(server), createSupplierSide(server), createSupplierSide(server)]);
});

const lines = [
  { name: '交联聚乙烯电力电缆 YJV22-3×240', spec: '8.7/15kV', quantity: '1000', uom: 'm', categoryCode: '0101' },
  { name: '电缆终端头 非标定制', spec: '户外 15kV', quantity: '12', uom: 'pcs', allowAlternatives: true },
];

async function openRfq(audience: 'invited' | 'category' | 'all', extra: Record<string, unknown> = {}): Promise<any> {
  const created = ok(await buyer.purchaser.post('/api/v1/rfqs', { title: '电缆及附件询价', audience, deadline: inSeconds(3600), lines, deliveryAddress: '南京市江宁区', ...extra }), 'create');
  expectStatus(created, 201);
  assert.equal(created.body.status, 'draft');
  assert.match(created.body.number, /^RFQ-\d{4}-\d{6}$/);
  const published = ok(await buyer.purchaser.post(`/api/v1/rfqs/${created.body.id}/publish`, { version: created.body.version }), 'publish');
  assert.equal(published.body.status, 'open');
  return published.body;
}

const quoteBody = (rfq: any, prices: Array<string | null>, extra: Record<string, unknown> = {}) => ({
  validUntil: today(30),
  leadTimeDays: 15,
  lines: prices.flatMap((p, i) => (p === null ? [] : [{ rfqLineId: rfq.lineIds[i], unitPrice: p, taxRate: '0.13' }])),
  ...extra,
});

async function withLineIds(rfq: any): Promise<any> {
  const detail = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`));
  return { ...rfq, lineIds: detail.body.lines.map((l: any) => l.id) };
}

describe('RFQ: invitation, quotes sealed until the deadline, anonymous Q&A, comparison, split award into orders', () => {
  let rfq: any;
  const SECRET_PRICE = '177.6543';

  test('the buyer publishes to chosen suppliers; an outsider cannot see or quote (404, no leak)', async () => {
    rfq = await withLineIds(await openRfq('invited', { supplierOrgIds: [s1.orgId, s2.orgId, s3.orgId] }));
    const seen = ok(await s1.sales.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(seen.body.party, 'supplier');
    assert.equal(seen.body.invitations, null, 'a supplier never learns who else is invited');
    assert.equal(seen.body.budgetLineId, null);
    assert.deepEqual(seen.body.actions, ['quote', 'ask']);
    const missing = await outsider.sales.get(`/api/v1/rfqs/rfq_01NOPE00000000000000000000`);
    for (const r of [
      await outsider.sales.get(`/api/v1/rfqs/${rfq.id}`),
      await outsider.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['100', '50']) }),
      await outsider.sales.post(`/api/v1/rfqs/${rfq.id}/questions`, { question: '?' }),
      await outsider.sales.get(`/api/v1/rfqs/${rfq.id}/questions`),
    ]) {
      assert.equal(r.status, 404, r.text);
      assert.equal(r.body.code, missing.body.code);
    }
    const list = ok(await outsider.sales.get('/api/v1/rfqs?role=supplier'));
    assert.ok(!list.body.items.some((i: any) => i.id === rfq.id));
    const invitedList = ok(await s1.sales.get('/api/v1/rfqs?role=supplier'));
    assert.ok(invitedList.body.items.some((i: any) => i.id === rfq.id));
  });

  test('suppliers quote, revise and withdraw until the deadline; alternatives only where allowed', async () => {
    const q1 = ok(await s1.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['180.00', '950.00'], { freight: '500', freightTaxRate: '0.09' }) }));
    assert.equal(q1.body.revision, 1);
    const q2 = ok(await s2.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['195.00', '800.00']) }));
    // A revision with a stale version is refused, with the current one accepted.
    const stale = await s2.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['190.00', '800.00'], { version: q2.body.version + 5 }) });
    expectStatus(stale, 409);
    const revised = ok(await s2.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: { ...quoteBody(rfq, ['190.00', '780.00'], { version: q2.body.version }), lines: [{ rfqLineId: rfq.lineIds[0], unitPrice: '190.00', taxRate: '0.13' }, { rfqLineId: rfq.lineIds[1], unitPrice: '780.00', taxRate: '0.13', alternative: '同等规格国产终端' }] } }));
    assert.equal(revised.body.revision, 2);
    const noAlt = await s3.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: { ...quoteBody(rfq, []), lines: [{ rfqLineId: rfq.lineIds[0], unitPrice: '1', taxRate: '0.13', alternative: 'x' }] } });
    expectStatus(noAlt, 422);
    assert.equal(noAlt.body.errors[0].pointer, '/lines/0/alternative');
    ok(await s3.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, [SECRET_PRICE, null]) }));
    const withdrawn = ok(await s3.sales.post(`/api/v1/rfqs/${rfq.id}/quote/withdraw`, {}));
    assert.equal(withdrawn.body.status, 'withdrawn');
    const again = ok(await s3.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, [SECRET_PRICE, null]) }));
    assert.equal(again.body.status, 'submitted');
    assert.equal(again.body.revision, 2);
    const file = ok(await s1.sales.post(`/api/v1/rfqs/${rfq.id}/quote/attachments`, { filename: '报价单.pdf', mimeType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 price sheet').toString('base64') }));
    rfq.attachmentId = file.body.id;
    // Each supplier sees only its own quote.
    const own = ok(await s1.sales.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(own.body.myQuote.lines.length, 2);
    assert.equal(own.body.myQuote.attachments.length, 1);
    const other = ok(await s2.sales.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(other.body.myQuote.lines[1].alternative, '同等规格国产终端');
    expectStatus(await s2.sales.get(`/api/v1/rfqs/${rfq.id}/attachments/${rfq.attachmentId}`), 404);
    // The buyer cannot quote its own RFQ.
    expectStatus(await buyer.purchaser.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['1', '1']) }), 403);
  });

  test('quotes are hidden from the buyer before the deadline through every route, counts included', async () => {
    const detail = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(detail.body.quoteCount, null);
    assert.ok(detail.body.invitations.every((i: any) => i.quoted === null));
    assert.ok(!JSON.stringify(detail.body).includes(SECRET_PRICE));
    const list = ok(await buyer.purchaser.get('/api/v1/rfqs?role=buyer'));
    const row = list.body.items.find((i: any) => i.id === rfq.id);
    assert.equal(row.quoteCount, null);
    for (const path of ['quotes', 'comparison']) {
      const r = await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/${path}`);
      expectStatus(r, 409, path);
      assert.equal(r.body.code, 'sourcing.quotes_sealed');
    }
    expectStatus(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/attachments/${rfq.attachmentId}`), 404);
    const award = await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { quoteId: 'rfqq_x' });
    assert.equal(award.body.code, 'sourcing.quotes_sealed');
    // The admin (every buyer permission) sees no more; nor does the platform through the audit log.
    const admin = ok(await buyer.admin.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(admin.body.quoteCount, null);
    const audit = ok(await buyer.admin.get('/api/v1/audit-log?limit=200'));
    assert.ok(!audit.text.includes(SECRET_PRICE));
    assert.ok(!audit.body.items.some((e: any) => String(e.action).startsWith('sourcing.quote')), "the buyer's audit view shows no quote activity");
    // Every GET route of the API that takes an RFQ id (or lists RFQs), as every buyer role: no price.
    const doc = (await buyer.admin.get('/api/openapi.json')).body;
    let visited = 0;
    for (const client of [buyer.purchaser, buyer.admin, buyer.approver]) {
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        if (!item.get || !(path.includes('{rfqId}') || /\/rfqs$/.test(path)) || (path.match(/\{/g) ?? []).length > 1) continue;
        const r = await client.get(path.replace('{rfqId}', rfq.id) + (path.endsWith('/rfqs') ? '?limit=200' : ''));
        assert.ok(r.status < 500, path);
        assert.ok(!r.text.includes(SECRET_PRICE), `${path} shows a quote price before the deadline`);
        visited++;
      }
    }
    assert.ok(visited >= 15);
    const events = await query<{ payload: unknown }>(server.db, sql`select payload from outbox_events where topic like 'sourcing.%'`);
    assert.ok(!JSON.stringify(events).includes(SECRET_PRICE));
  });

  test('clarification Q&A is seen by every invitee without revealing who asked', async () => {
    const asked = ok(await s1.sales.post(`/api/v1/rfqs/${rfq.id}/questions`, { question: '终端头是否含安装？' }));
    expectStatus(asked, 201);
    assert.equal(asked.body.askedByMe, true);
    expectStatus(await s1.sales.post(`/api/v1/rfqs/${rfq.id}/questions/${asked.body.id}/answer`, { answer: 'x' }), 403);
    const answered = ok(await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/questions/${asked.body.id}/answer`, { answer: '不含安装，含运输。' }));
    assert.equal(answered.body.answer, '不含安装，含运输。');
    for (const [client, mine] of [[s1.sales, true], [s2.sales, false], [s3.sales, false], [buyer.purchaser, false]] as const) {
      const r = ok(await client.get(`/api/v1/rfqs/${rfq.id}/questions`));
      assert.equal(r.body.items.length, 1);
      assert.equal(r.body.items[0].askedByMe, mine);
      assert.ok(!r.text.includes(s1.orgId), 'no organisation id of the asker');
      assert.ok(!Object.keys(r.body.items[0]).some((k) => /asked_?by_?org|orgId/i.test(k)));
    }
    const buyerAudit = ok(await buyer.admin.get('/api/v1/audit-log?limit=200'));
    assert.ok(!buyerAudit.text.includes(s1.orgId), "the buyer's audit trail does not name the asker");
  });

  test('after the deadline nothing more is accepted; the buyer gets quotes and the comparison table', async () => {
    await passRfqDeadline(server, rfq.id);
    const late = await s1.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['1', '1']) });
    expectStatus(late, 409);
    assert.equal(late.body.code, 'sourcing.deadline_passed');
    expectStatus(await s1.sales.post(`/api/v1/rfqs/${rfq.id}/quote/withdraw`, {}), 409);
    expectStatus(await s2.sales.post(`/api/v1/rfqs/${rfq.id}/questions`, { question: 'late?' }), 409);
    const detail = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`));
    assert.equal(detail.body.status, 'closed');
    assert.equal(detail.body.quoteCount, 3);
    const quotes = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/quotes`));
    assert.equal(quotes.body.items.length, 3);
    ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/attachments/${rfq.attachmentId}`));
    const c = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/comparison`)).body;
    const a = c.suppliers.find((s: any) => s.supplierOrgId === s1.orgId);
    const b = c.suppliers.find((s: any) => s.supplierOrgId === s2.orgId);
    const partial = c.suppliers.find((s: any) => s.supplierOrgId === s3.orgId);
    // s1: 1000 × 180 = 180000 + 12 × 950 = 11400 → 191400, tax 24882, freight 500 + 45 → 216827.00
    assert.deepEqual([a.subtotal, a.tax, a.freight, a.freightTax, a.landedTotal], ['191400.00', '24882.00', '500.00', '45.00', '216827.00']);
    // s2: 190000 + 9360 = 199360, tax 25916.80 → 225276.80
    assert.equal(b.landedTotal, '225276.80');
    assert.equal(a.rank, 1);
    assert.equal(b.rank, 2);
    assert.equal(partial.complete, false);
    assert.equal(partial.rank, null);
    assert.equal(b.alternatives, 1);
    // Per line: line 1 cheapest is s3 (177.6543), line 2 s2 (780).
    assert.equal(c.lines[0].bestQuoteId, partial.quoteId);
    assert.equal(c.lines[1].bestQuoteId, b.quoteId);
    assert.equal(c.lines[0].offers[0].unitPrice, SECRET_PRICE);
    assert.deepEqual(c.bestSplit.assignments, [{ rfqLineId: rfq.lineIds[0], quoteId: partial.quoteId }, { rfqLineId: rfq.lineIds[1], quoteId: b.quoteId }]);
    rfq.quotes = { s1: a.quoteId, s2: b.quoteId, s3: partial.quoteId };
  });

  test('a split award creates one order per supplier with the quoted prices; the RFQ is awarded once', async () => {
    const bad = await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { lines: [{ rfqLineId: rfq.lineIds[1], quoteId: rfq.quotes.s3 }] });
    expectStatus(bad, 422);
    assert.equal(bad.body.code, 'sourcing.award_invalid');
    expectStatus(await s1.sales.post(`/api/v1/rfqs/${rfq.id}/award`, { quoteId: rfq.quotes.s1 }), 403);
    const r = await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { lines: [{ rfqLineId: rfq.lineIds[0], quoteId: rfq.quotes.s3 }, { rfqLineId: rfq.lineIds[1], quoteId: rfq.quotes.s2 }] });
    expectStatus(r, 201);
    assert.equal(r.body.rfq.status, 'awarded');
    assert.equal(r.body.orders.length, 2);
    const o3 = r.body.orders.find((o: any) => o.supplierOrgId === s3.orgId);
    const o2 = r.body.orders.find((o: any) => o.supplierOrgId === s2.orgId);
    // 1000 × 177.6543 = 177654.30, tax 23095.06
    assert.deepEqual([o3.subtotal, o3.taxTotal, o3.total], ['177654.30', '23095.06', '200749.36']);
    assert.deepEqual([o2.subtotal, o2.total], ['9360.00', '10576.80']);
    const order = ok(await buyer.purchaser.get(`/api/v1/orders/${o2.id}`)).body;
    assert.equal(order.source, 'rfq');
    assert.equal(order.sourceRef, rfq.id);
    assert.equal(order.lines[0].priceSource, 'quote');
    assert.match(order.lines[0].name, /替代：同等规格国产终端/);
    ok(await s2.sales.get(`/api/v1/orders/${o2.id}`));
    const statuses = await query<{ supplier_org_id: string; status: string }>(server.db, sql`select supplier_org_id, status from rfq_quotes where rfq_id = ${rfq.id}`);
    const byOrg = Object.fromEntries(statuses.map((s) => [s.supplier_org_id, s.status]));
    assert.deepEqual([byOrg[s1.orgId], byOrg[s2.orgId], byOrg[s3.orgId]], ['not_awarded', 'partially_awarded', 'awarded']);
    const twice = await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { quoteId: rfq.quotes.s1 });
    expectStatus(twice, 409);
    assert.equal(twice.body.code, 'state.transition_not_allowed');
    const lines = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`)).body.lines;
    assert.deepEqual(lines.map((l: any) => l.orderId), [o3.id, o2.id]);
    await assertTrialBalanceZero(server);
  });
});

describe('RFQ audiences and eligibility', () => {
  test('a category audience invites suppliers with approved products in the category, at publication', async () => {
    await giveSupplierCategory(server, s1.orgId, '7701');
    await giveSupplierCategory(server, s2.orgId, '7702');
    const rfq = await openRfq('category', { categoryCodes: ['7701'] });
    const detail = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`));
    assert.deepEqual(detail.body.invitations.map((i: any) => [i.supplierOrgId, i.source]), [[s1.orgId, 'category']]);
    ok(await s1.sales.get(`/api/v1/rfqs/${rfq.id}`));
    expectStatus(await s2.sales.get(`/api/v1/rfqs/${rfq.id}`), 404);
    const wide = await openRfq('category', { categoryCodes: ['77'] });
    const invited = ok(await buyer.purchaser.get(`/api/v1/rfqs/${wide.id}`)).body.invitations.map((i: any) => i.supplierOrgId).sort();
    assert.deepEqual(invited, [s1.orgId, s2.orgId].sort());
  });

  test('an open-to-all RFQ reaches every active supplier but not buyer-only organisations', async () => {
    const rfq = await openRfq('all');
    ok(await outsider.sales.get(`/api/v1/rfqs/${rfq.id}`));
    const otherBuyer = await createBuyerSide(server);
    expectStatus(await otherBuyer.purchaser.get(`/api/v1/rfqs/${rfq.id}`), 404);
  });

  test('inviting an organisation that is not an active supplier is refused', async () => {
    const otherBuyer = await createBuyerSide(server);
    const r = await buyer.purchaser.post('/api/v1/rfqs', { title: 'x', audience: 'invited', deadline: inSeconds(3600), lines, supplierOrgIds: [s1.orgId, otherBuyer.orgId] });
    expectStatus(r, 422);
    assert.equal(r.body.code, 'sourcing.supplier_ineligible');
    assert.equal(r.body.errors[0].pointer, '/supplierOrgIds/1');
  });

  test('a suspended supplier can do nothing, and cannot be awarded', async () => {
    const victim = await createSupplierSide(server);
    const rfq = await withLineIds(await openRfq('invited', { supplierOrgIds: [victim.orgId, s1.orgId] }));
    ok(await victim.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['100', '100']) }));
    const { operator } = await createPlatformSide(server);
    ok(await operator.post(`/api/v1/platform/organizations/${victim.orgId}/suspend`, { reason: '围标嫌疑' }));
    for (const r of [
      await victim.sales.get(`/api/v1/rfqs/${rfq.id}`),
      await victim.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(rfq, ['90', '90']) }),
      await victim.sales.post(`/api/v1/rfqs/${rfq.id}/quote/withdraw`, {}),
      await victim.sales.get('/api/v1/rfqs?role=supplier'),
    ]) {
      expectStatus(r, 403);
      assert.equal(r.body.code, 'auth.org_inactive');
    }
    await passRfqDeadline(server, rfq.id);
    const quotes = ok(await buyer.purchaser.get(`/api/v1/rfqs/${rfq.id}/quotes`)).body.items;
    const award = await buyer.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { quoteId: quotes.find((q: any) => q.supplierOrgId === victim.orgId).id });
    expectStatus(award, 422);
    assert.equal(award.body.code, 'sourcing.award_invalid');
  });

  test('drafts are edited with version checks and only the buyer sees them; cancel ends the RFQ', async () => {
    const created = ok(await buyer.purchaser.post('/api/v1/rfqs', { title: '草稿', audience: 'all', deadline: inSeconds(3600), lines }));
    expectStatus(await s1.sales.get(`/api/v1/rfqs/${created.body.id}`), 404);
    const edited = ok(await buyer.purchaser.patch(`/api/v1/rfqs/${created.body.id}`, { title: '草稿（改）', version: created.body.version }));
    assert.equal(edited.body.version, created.body.version + 1);
    expectStatus(await buyer.purchaser.patch(`/api/v1/rfqs/${created.body.id}`, { title: '旧版本' }, { 'if-match': '"v1"' }), 412);
    expectStatus(await buyer.purchaser.patch(`/api/v1/rfqs/${created.body.id}`, { deadline: new Date(Date.now() - 60_000).toISOString() }), 422);
    const cancelled = ok(await buyer.purchaser.post(`/api/v1/rfqs/${created.body.id}/cancel`, { reason: '需求取消' }));
    assert.equal(cancelled.body.status, 'cancelled');
    expectStatus(await buyer.purchaser.post(`/api/v1/rfqs/${created.body.id}/publish`, {}), 409);
  });
});

describe('RFQ from a requisition', () => {
  test('lines come from an approved requisition; the award orders them and moves its budget commitment to the orders', async () => {
    const { createBuyer, createPlan, ensureCategories, freeLine, submitted, assertBudgetInvariants } = await import('../procurement/test-fixtures.ts');
    await ensureCategories(server);
    const org = await createBuyer(server);
    const { lineIds } = await createPlan(org, [['CABLE', '01', '500000']]);
    const req = await submitted(org.requester, { budgetLineId: lineIds.CABLE, lines: [freeLine('0101', '200', '120', '电力电缆 YJV-3×95'), freeLine('0101', '50', '80', '控制电缆 KVV-4×2.5')] });
    assert.equal(req.status, 'approved');
    const created = await org.purchaser.post('/api/v1/rfqs', { title: '电缆询价（来自需求）', audience: 'invited', supplierOrgIds: [s1.orgId, s2.orgId], deadline: inSeconds(3600), requisitionId: req.id });
    expectStatus(created, 201);
    assert.equal(created.body.requisitionId, req.id);
    ok(await org.purchaser.post(`/api/v1/rfqs/${created.body.id}/publish`, {}));
    const rfq = ok(await org.purchaser.get(`/api/v1/rfqs/${created.body.id}`)).body;
    assert.deepEqual(rfq.lines.map((l: any) => [l.name, l.quantity, l.allowAlternatives]), [['电力电缆 YJV-3×95', '200', true], ['控制电缆 KVV-4×2.5', '50', true]]);
    const supplierView = ok(await s1.sales.get(`/api/v1/rfqs/${rfq.id}`)).body;
    assert.equal(supplierView.requisitionId, null, 'the requisition is internal to the buyer');
    const withIds = { ...rfq, lineIds: rfq.lines.map((l: any) => l.id) };
    ok(await s1.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(withIds, ['110.00', '70.00']) }));
    ok(await s2.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: quoteBody(withIds, ['115.00', '60.00']) }));
    await passRfqDeadline(server, rfq.id);
    const quotes = ok(await org.purchaser.get(`/api/v1/rfqs/${rfq.id}/quotes`)).body.items;
    const q1 = quotes.find((q: any) => q.supplierOrgId === s1.orgId).id;
    const award = await org.purchaser.post(`/api/v1/rfqs/${rfq.id}/award`, { quoteId: q1 });
    expectStatus(award, 201);
    assert.equal(award.body.orders.length, 1);
    // 200 × 110 + 50 × 70 = 25500 + 13% = 28815.00
    assert.equal(award.body.orders[0].total, '28815.00');
    const requisition = ok(await org.purchaser.get(`/api/v1/procurement/requisitions/${req.id}`)).body;
    assert.equal(requisition.status, 'ordered');
    const order = ok(await org.purchaser.get(`/api/v1/orders/${award.body.orders[0].id}`)).body;
    assert.equal(order.requisitionId, req.id);
    assert.ok(order.lines.every((l: any) => l.requisitionLineId));
    await assertBudgetInvariants(server);
    await assertTrialBalanceZero(server);
  });
});
