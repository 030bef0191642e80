import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { createTestOrg, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { balanceOf } from '../ledger/index.ts';
import { createSkus } from '../orders/testing.ts';
import { sweepLots } from './outcome.ts';
import { lapsePresaleOrders } from './presales.ts';
import { assertBooksBalance, bid, roleEmail, signedIn, uniq, type AuctionParties, type Bidder } from './testing.ts';

let server: TestServer;
let seller: AuctionParties;
let buyerBidder: Bidder;
let supplierBidder: Bidder;

before(async () => {
  server = await startTestServer();
  const owner = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const buyerOrg = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const supplierOrg = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  buyerBidder = { org: buyerOrg, client: await signedIn(server, roleEmail(buyerOrg, 'purchaser')) };
  supplierBidder = { org: supplierOrg, client: await signedIn(server, roleEmail(supplierOrg, 'sales')) };
  seller = { buyer: owner, purchaser: await signedIn(server, roleEmail(owner, 'purchaser')), bidders: [buyerBidder, supplierBidder] };
});

const lotUrl = (id: string, rest = '') => `/api/v1/auctions/lots/${id}${rest}`;
const balance = async (owner: string, purpose: 'deposits_held' | 'supplier_payable' | 'fee_revenue' | 'escrow') => (await balanceOf(server.db, { owner, purpose })).balance;

function scrapLot(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'forward',
    title: '废旧电缆拍卖',
    itemName: '废旧铜芯电缆（约 20 吨）',
    uom: 't',
    quantity: '20',
    taxRate: '0.13',
    startPrice: '100.00',
    reservePrice: '120.00',
    stepType: 'absolute',
    stepValue: '5.00',
    tiePolicy: 'refuse',
    visibility: 'best_price',
    access: 'public',
    depositAmount: '1000.00',
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 600_000).toISOString(),
    ...overrides,
  };
}

async function openScrapLot(overrides: Record<string, unknown> = {}) {
  const lot = (await seller.purchaser.post('/api/v1/auctions/lots', scrapLot(overrides))).body;
  assert.equal((await seller.purchaser.post(lotUrl(lot.id, '/publish'), {})).status, 200);
  for (const b of [buyerBidder, supplierBidder]) {
    assert.equal((await b.client.post(lotUrl(lot.id, '/registration'), {})).status, 200);
    const d = await b.client.post(lotUrl(lot.id, '/deposit'), { amount: '1000.00', bankReference: uniq('FD') });
    assert.equal(d.status, 200, d.text);
  }
  return lot;
}

describe('forward auction (拍卖): a buyer organisation sells scrap', () => {
  test('bids go up by the increment over the best; the winner pays the balance and collects; proceeds reach the seller', async () => {
    const lot = await openScrapLot();
    assert.equal((await bid(buyerBidder.client, lot.id, '99.00')).body.code, 'auctions.bid_out_of_range');
    assert.equal((await bid(buyerBidder.client, lot.id, '100.00')).status, 201);
    const low = await bid(supplierBidder.client, lot.id, '104.00');
    assert.deepEqual([low.status, low.body.limit], [422, '105.00']);
    assert.equal((await bid(supplierBidder.client, lot.id, '105.00')).body.bestPrice, '105.00');
    assert.equal((await bid(buyerBidder.client, lot.id, '130.00')).body.rank, 1);
    await query(server.db, sql`update auction_lots set ends_at = clock_timestamp() where id = ${lot.id}`);
    await sweepLots(server.db);
    const award = await seller.purchaser.post(lotUrl(lot.id, '/award'), { paymentDays: 2 });
    assert.equal(award.status, 200, award.text);
    assert.deepEqual([award.body.winnerOrgId, award.body.winningPrice, award.body.saleTotal], [buyerBidder.org.orgId, '130.00', '2938.00']);
    assert.equal(await balance(supplierBidder.org.orgId, 'deposits_held'), '0.00', 'the loser was refunded');
    assert.equal(await balance(buyerBidder.org.orgId, 'deposits_held'), '1000.00', 'the winner’s deposit stays');
    const notWinner = await supplierBidder.client.post(lotUrl(lot.id, '/payment'), { amount: '1938.00', bankReference: uniq('P') });
    assert.deepEqual([notWinner.status, notWinner.body.code], [403, 'auctions.not_winner']);
    const wrong = await buyerBidder.client.post(lotUrl(lot.id, '/payment'), { amount: '2938.00', bankReference: uniq('P') });
    assert.deepEqual([wrong.status, wrong.body.due], [422, '1938.00']);
    assert.equal((await buyerBidder.client.post(lotUrl(lot.id, '/collection'), {})).status, 409, 'nothing to collect before paying');
    const paid = await buyerBidder.client.post(lotUrl(lot.id, '/payment'), { amount: '1938.00', bankReference: uniq('P') });
    assert.deepEqual([paid.status, paid.body.status, paid.body.me.depositStatus], [200, 'paid', 'applied']);
    assert.equal(await balance(buyerBidder.org.orgId, 'deposits_held'), '2938.00');
    await assertBooksBalance(server);
    const collected = await buyerBidder.client.post(lotUrl(lot.id, '/collection'), {});
    assert.deepEqual([collected.status, collected.body.status], [200, 'completed']);
    assert.equal(await balance(buyerBidder.org.orgId, 'deposits_held'), '0.00');
    assert.equal(await balance(seller.buyer.orgId, 'supplier_payable'), '2938.00', 'the platform owes the seller the proceeds');
    assert.equal((await buyerBidder.client.post(lotUrl(lot.id, '/collection'), {})).status, 409, 'collected once');
    await assertBooksBalance(server);
  });

  test('a winner who does not pay by the deadline defaults and forfeits the deposit to the platform', async () => {
    const lot = await openScrapLot({ reservePrice: null });
    await bid(supplierBidder.client, lot.id, '100.00');
    await query(server.db, sql`update auction_lots set ends_at = clock_timestamp() where id = ${lot.id}`);
    assert.equal((await seller.purchaser.post(lotUrl(lot.id, '/award'), {})).status, 200);
    const feeBefore = Number(await balance('platform', 'fee_revenue'));
    await query(server.db, sql`update auction_lots set pay_by = clock_timestamp() - interval '1 second' where id = ${lot.id}`);
    assert.equal((await supplierBidder.client.post(lotUrl(lot.id, '/payment'), { amount: '1260.00', bankReference: uniq('P') })).status, 409);
    await sweepLots(server.db);
    const view = await seller.purchaser.get(lotUrl(lot.id));
    assert.deepEqual([view.body.status, view.body.outcomeReason], ['defaulted', 'payment_missed']);
    assert.equal(Number(await balance('platform', 'fee_revenue')) - feeBefore, 1000);
    assert.equal(await balance(supplierBidder.org.orgId, 'deposits_held'), '0.00');
    await assertBooksBalance(server);
  });

  test('suppliers cannot create lots; a seller cannot bid on its own lot', async () => {
    assert.equal((await supplierBidder.client.post('/api/v1/auctions/lots', scrapLot())).status, 403);
    const lot = await openScrapLot();
    assert.equal((await seller.purchaser.post(lotUrl(lot.id, '/bids'), { price: '200.00' })).body.reason, 'owner');
  });
});

describe('presale (预售)', () => {
  let supplierOrg: Awaited<ReturnType<typeof createTestOrg>>;
  let skuId: string;
  let supplierSales: Awaited<ReturnType<typeof signedIn>>;

  before(async () => {
    supplierOrg = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
    supplierSales = await signedIn(server, roleEmail(supplierOrg, 'sales'));
    skuId = (await createSkus(server, supplierOrg, [{ price: '100.00', stock: null }])).skuIds[0]!;
  });

  function presaleBody(overrides: Record<string, unknown> = {}) {
    const day = 86_400_000;
    return {
      skuId,
      title: '2026 年度电缆预售',
      unitPrice: '90.00',
      depositPerUnit: '10.00',
      quantityCap: '15',
      startsAt: new Date(Date.now() - 1000).toISOString(),
      endsAt: new Date(Date.now() + 7 * day).toISOString(),
      deliveryFrom: new Date(Date.now() + 30 * day).toISOString().slice(0, 10),
      deliveryTo: new Date(Date.now() + 60 * day).toISOString().slice(0, 10),
      balanceDueBy: new Date(Date.now() + 20 * day).toISOString(),
      ...overrides,
    };
  }

  async function openPresale(overrides: Record<string, unknown> = {}) {
    const created = await supplierSales.post('/api/v1/presales', presaleBody(overrides));
    assert.equal(created.status, 201, created.text);
    assert.equal((await buyerBidder.client.get(`/api/v1/presales/${created.body.id}`)).status, 404, 'drafts are the supplier’s');
    assert.equal((await supplierSales.post(`/api/v1/presales/${created.body.id}/open`, {})).status, 200);
    return created.body;
  }

  test('deposit → balance → purchase order with the deposit and balance in escrow', async () => {
    const presale = await openPresale();
    const heldBefore = await balance(buyerBidder.org.orgId, 'deposits_held');
    const wrong = await buyerBidder.client.post(`/api/v1/presales/${presale.id}/orders`, { quantity: '10', amount: '90.00', bankReference: uniq('PD') });
    assert.deepEqual([wrong.status, wrong.body.due], [422, '100.00']);
    const reserved = await buyerBidder.client.post(`/api/v1/presales/${presale.id}/orders`, { quantity: '10', amount: '100.00', bankReference: uniq('PD'), deliveryAddress: '苏州' });
    assert.equal(reserved.status, 201, reserved.text);
    assert.deepEqual([reserved.body.total, reserved.body.depositAmount, reserved.body.balanceAmount], ['1017.00', '100.00', '917.00']);
    const tooMuch = await seller.purchaser.post(`/api/v1/presales/${presale.id}/orders`, { quantity: '10', amount: '100.00', bankReference: uniq('PD') });
    assert.deepEqual([tooMuch.status, tooMuch.body.code, tooMuch.body.available], [409, 'auctions.presale_quantity', '5']);
    assert.equal((await supplierSales.get(`/api/v1/presale-orders/${reserved.body.id}`)).status, 200, 'the supplier sees it');
    assert.equal((await seller.purchaser.get(`/api/v1/presale-orders/${reserved.body.id}`)).status, 404, 'another buyer does not');
    await assertBooksBalance(server);
    const balanceWrong = await buyerBidder.client.post(`/api/v1/presale-orders/${reserved.body.id}/balance`, { amount: '1017.00', bankReference: uniq('PB') });
    assert.deepEqual([balanceWrong.status, balanceWrong.body.due], [422, '917.00']);
    const done = await buyerBidder.client.post(`/api/v1/presale-orders/${reserved.body.id}/balance`, { amount: '917.00', bankReference: uniq('PB') });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'completed');
    const order = await buyerBidder.client.get(`/api/v1/orders/${done.body.orderId}`);
    const o = order.body.order ?? order.body;
    assert.deepEqual([o.source, o.sourceRef, o.total, o.escrowHeld, o.supplierOrgId], ['presale', reserved.body.id, '1017.00', '1017.00', supplierOrg.orgId]);
    assert.equal(await balance(buyerBidder.org.orgId, 'escrow'), '1017.00');
    assert.equal(await balance(buyerBidder.org.orgId, 'deposits_held'), heldBefore, 'the deposit left the deposits account');
    assert.equal((await buyerBidder.client.post(`/api/v1/presale-orders/${reserved.body.id}/balance`, { amount: '917.00', bankReference: uniq('PB') })).status, 409);
    await assertBooksBalance(server);
  });

  test('a buyer who withdraws or misses the balance date forfeits the deposit to the supplier; a cancelled presale refunds', async () => {
    const presale = await openPresale({ quantityCap: null });
    const order = async (q: string) => (await seller.purchaser.post(`/api/v1/presales/${presale.id}/orders`, { quantity: q, amount: (Number(q) * 10).toFixed(2), bankReference: uniq('PD') })).body;
    const payableBefore = Number(await balance(supplierOrg.orgId, 'supplier_payable'));
    const withdrawn = await order('2');
    const w = await seller.purchaser.post(`/api/v1/presale-orders/${withdrawn.id}/cancel`, { reason: '需求变更' });
    assert.deepEqual([w.status, w.body.status], [200, 'cancelled']);
    const lapsing = await order('3');
    await query(server.db, sql`update presales set balance_due_by = clock_timestamp() - interval '1 second' where id = ${presale.id}`);
    assert.equal(await lapsePresaleOrders(server.db), 1);
    assert.equal((await seller.purchaser.get(`/api/v1/presale-orders/${lapsing.id}`)).body.status, 'lapsed');
    assert.equal(Number(await balance(supplierOrg.orgId, 'supplier_payable')) - payableBefore, 50);
    await query(server.db, sql`update presales set balance_due_by = clock_timestamp() + interval '1 day' where id = ${presale.id}`);
    const refundable = await order('4');
    const cancelled = await supplierSales.post(`/api/v1/presales/${presale.id}/cancel`, { reason: '产能不足' });
    assert.deepEqual([cancelled.status, cancelled.body.status, cancelled.body.quantityTaken], [200, 'cancelled', '0']);
    assert.equal((await seller.purchaser.get(`/api/v1/presale-orders/${refundable.id}`)).body.status, 'refunded');
    assert.equal(await balance(seller.buyer.orgId, 'deposits_held'), '0.00');
    await assertBooksBalance(server);
  });
});
