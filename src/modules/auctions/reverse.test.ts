import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { ApiClient, createTestOrg, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { verifyBidChain } from './chain.ts';
import { sweepLots } from './outcome.ts';
import { assertBooksBalance, bid, createAuctionParties, lotBody, openLot, roleEmail, signedIn, uniq, type AuctionParties } from './testing.ts';

let server: TestServer;
let parties: AuctionParties;
let outsider: ApiClient;
let operator: ApiClient;

before(async () => {
  server = await startTestServer();
  parties = await createAuctionParties(server, 3);
  const other = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  outsider = await signedIn(server, roleEmail(other, 'sales'));
  const platform = await createTestOrg(server.ctx, ['platform']);
  operator = new ApiClient(server.url);
  await operator.signIn(platform.admin);
});

const lotUrl = (id: string, rest = '') => `/api/v1/auctions/lots/${id}${rest}`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reverse auction (竞价)', () => {
  test('bids are ordered by the server: sequence, microsecond acceptance time, rank', async () => {
    const lot = await openLot(parties);
    const [a, b] = parties.bidders;
    const first = await bid(a!.client, lot.id, '480.00');
    assert.equal(first.status, 201, first.text);
    assert.deepEqual([first.body.seq, first.body.rank, first.body.kind], [1, 1, 'manual']);
    assert.match(first.body.acceptedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const second = await bid(b!.client, lot.id, '470.00');
    assert.equal(second.body.seq, 2);
    assert.ok(second.body.acceptedAt > first.body.acceptedAt);
    const view = await a!.client.get(lotUrl(lot.id));
    assert.equal(view.status, 200, view.text);
    assert.equal(view.body.role, 'bidder');
    assert.deepEqual([view.body.me.rank, view.body.me.price, view.body.me.canBid], [2, '480.00', true]);
    assert.equal(view.body.bestPrice, null, 'rank-only lot: no best price for bidders');
    assert.equal(view.body.reservePrice, null, 'bidders never see the reserve');
    const owner = await parties.purchaser.get(lotUrl(lot.id));
    assert.deepEqual([owner.body.role, owner.body.bestPrice, owner.body.reservePrice, owner.body.reserveMet], ['owner', '470.00', '450.00', false]);
    const { ok } = await verifyBidChain(server.db, lot.id);
    assert.ok(ok);
  });

  test('the decrement rule: own improvement by at least the step (absolute and percent), within the start price', async () => {
    const lot = await openLot(parties);
    const [a] = parties.bidders;
    const above = await bid(a!.client, lot.id, '500.01');
    assert.equal(above.status, 422);
    assert.equal(above.body.code, 'auctions.bid_out_of_range');
    assert.equal(above.body.limit, '500.00');
    assert.equal((await bid(a!.client, lot.id, '480.00')).status, 201);
    const small = await bid(a!.client, lot.id, '479.50');
    assert.equal(small.status, 422);
    assert.equal(small.body.code, 'auctions.bid_step');
    assert.equal(small.body.limit, '479.00');
    assert.deepEqual(small.body.errors, [{ pointer: '/price', in: 'body', message: 'must be at most 479.00' }]);
    assert.equal((await bid(a!.client, lot.id, '479.00')).status, 201);
    const precise = await bid(a!.client, lot.id, '478.001');
    assert.equal(precise.status, 400, precise.text);

    const pct = await openLot(parties, { stepType: 'percent', stepValue: '1' });
    assert.equal((await bid(a!.client, pct.id, '400.00')).status, 201);
    assert.equal((await bid(a!.client, pct.id, '396.01')).body.limit, '396.00');
    assert.equal((await bid(a!.client, pct.id, '396.00')).status, 201);
    // zh-CN problem text
    a!.client.lang = 'zh-CN';
    const zh = await bid(a!.client, pct.id, '396.00');
    a!.client.lang = 'en';
    assert.match(zh.body.detail, /不高于/);
  });

  test('tie policy refuse: a price another bidder stands at is refused', async () => {
    const lot = await openLot(parties, { tiePolicy: 'refuse' });
    const [a, b] = parties.bidders;
    assert.equal((await bid(a!.client, lot.id, '480.00')).status, 201);
    const tie = await bid(b!.client, lot.id, '480.00');
    assert.equal(tie.status, 409);
    assert.equal(tie.body.code, 'auctions.bid_tie');
    assert.equal((await bid(b!.client, lot.id, '479.99')).body.rank, 1);
  });

  test('tie policy rank_behind: the equal bid ranks after the earlier one', async () => {
    const lot = await openLot(parties);
    const [a, b] = parties.bidders;
    await bid(a!.client, lot.id, '480.00');
    const later = await bid(b!.client, lot.id, '480.00');
    assert.equal(later.status, 201);
    assert.equal(later.body.rank, 2);
  });

  test('rank visibility best_price: bidders see the best price, never who holds it; the owner sees the standings', async () => {
    const lot = await openLot(parties, { visibility: 'best_price' });
    const [a, b] = parties.bidders;
    await bid(a!.client, lot.id, '480.00');
    const r = await bid(b!.client, lot.id, '490.00');
    assert.equal(r.body.bestPrice, '480.00');
    const view = await b!.client.get(lotUrl(lot.id));
    assert.deepEqual([view.body.bestPrice, view.body.me.rank, view.body.winnerOrgId], ['480.00', 2, null]);
    const live = await b!.client.get(lotUrl(lot.id, '/live'));
    assert.equal(live.status, 200, live.text);
    assert.deepEqual([live.body.data.view, live.body.data.bestPrice, live.body.data.myRank], ['bidder', '480.00', 2]);
    assert.equal(live.body.data.standings, undefined);
    assert.ok(Math.abs(live.body.serverTime - Date.now()) < 5000);
    const ownerLive = await parties.purchaser.get(lotUrl(lot.id, '/live'));
    assert.deepEqual(ownerLive.body.data.standings.map((s: any) => [s.rank, s.orgId, s.price]), [[1, a!.org.orgId, '480.00'], [2, b!.org.orgId, '490.00']]);
    const history = await b!.client.get(lotUrl(lot.id, '/bids'));
    assert.deepEqual(history.body.items.map((x: any) => [x.price, x.mine, x.orgName]), [['490.00', true, null]], 'a bidder sees only its own bids');
    const all = await parties.purchaser.get(lotUrl(lot.id, '/bids'));
    assert.equal(all.body.items.length, 2);
    assert.ok(all.body.items.every((x: any) => x.orgName));
    const sup = await operator.get(lotUrl(lot.id));
    assert.deepEqual([sup.status, sup.body.role, sup.body.bestPrice], [200, 'operator', '480.00']);
  });

  test('eligibility: non-invitees get 404; invitees must register; the owner and the wrong party cannot bid', async () => {
    const lot = await openLot(parties, {}, { register: parties.bidders.slice(0, 1) });
    const [, unregistered] = parties.bidders;
    for (const r of [await outsider.get(lotUrl(lot.id)), await bid(outsider, lot.id, '480.00'), await outsider.post(lotUrl(lot.id, '/registration'), {}), await outsider.get(lotUrl(lot.id, '/live'))]) {
      assert.equal(r.status, 404, r.text);
      assert.equal(r.body.code, 'resource.not_found');
    }
    const pending = await bid(unregistered!.client, lot.id, '480.00');
    assert.deepEqual([pending.status, pending.body.code, pending.body.reason], [403, 'auctions.not_eligible', 'invitation_pending']);
    const own = await parties.purchaser.post(lotUrl(lot.id, '/bids'), { price: '480.00' });
    assert.equal(own.status, 403, own.text); // the purchaser may bid in forward auctions, but not on its own lot
    assert.equal(own.body.reason, 'owner');
    // A public lot: any supplier may register and bid; a buyer-only organisation cannot see a reverse lot.
    const pub = await openLot(parties, { access: 'public' }, { register: [] });
    assert.equal((await outsider.get(lotUrl(pub.id))).body.role, 'observer');
    assert.equal((await bid(outsider, pub.id, '480.00')).body.reason, 'not_registered');
    assert.equal((await outsider.post(lotUrl(pub.id, '/registration'), {})).body.status, 'approved');
    assert.equal((await bid(outsider, pub.id, '480.00')).status, 201);
    const buyerOnly = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
    const bc = await signedIn(server, roleEmail(buyerOnly, 'purchaser'));
    assert.equal((await bc.get(lotUrl(pub.id))).status, 404);
    assert.equal((await bid(bc, pub.id, '470.00')).status, 404);
    // A draft is the owner's alone.
    const draft = (await parties.purchaser.post('/api/v1/auctions/lots', lotBody({ access: 'public' }))).body;
    assert.equal((await outsider.get(lotUrl(draft.id))).status, 404);
  });

  test('public lot with qualification: a registration waits for approval; rejected ones cannot bid', async () => {
    const lot = await openLot(parties, { access: 'public', requiresApproval: true }, { register: [] });
    const [a, b] = parties.bidders;
    assert.equal((await a!.client.post(lotUrl(lot.id, '/registration'), {})).body.status, 'registered');
    assert.equal((await b!.client.post(lotUrl(lot.id, '/registration'), {})).body.status, 'registered');
    assert.equal((await bid(a!.client, lot.id, '480.00')).body.reason, 'awaiting_approval');
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, `/participants/${a!.org.orgId}/approve`), {})).body.status, 'approved');
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, `/participants/${b!.org.orgId}/reject`), { reason: '资质不符' })).body.status, 'rejected');
    assert.equal((await bid(a!.client, lot.id, '480.00')).status, 201);
    assert.equal((await bid(b!.client, lot.id, '480.00')).body.reason, 'rejected');
    const list = await parties.purchaser.get(lotUrl(lot.id, '/participants'));
    assert.deepEqual(list.body.items.map((p: any) => [p.orgId, p.status, p.rank]).sort(), [[a!.org.orgId, 'approved', 1], [b!.org.orgId, 'rejected', null]].sort());
    assert.equal((await a!.client.get(lotUrl(lot.id, '/participants'))).status, 403, 'sales lacks the manage permission');
  });

  test('a suspended supplier cannot bid, even with a session that was valid a moment ago', async () => {
    const lot = await openLot(parties);
    const [, , c] = parties.bidders;
    assert.equal((await bid(c!.client, lot.id, '490.00')).status, 201);
    const suspended = await operator.post(`/api/v1/platform/organizations/${c!.org.orgId}/suspend`, { reason: '围标嫌疑' });
    assert.equal(suspended.status, 200, suspended.text);
    const refused = await bid(c!.client, lot.id, '480.00');
    assert.deepEqual([refused.status, refused.body.code], [403, 'auth.org_inactive']);
    assert.equal((await operator.post(`/api/v1/platform/organizations/${c!.org.orgId}/reinstate`, {})).status, 200);
    assert.equal((await bid(c!.client, lot.id, '485.00')).status, 201, 'reinstated: the session works again');
    // Suspended behind the session cache's back: the bid's own transaction still reads the status.
    await query(server.db, sql`update organizations set status = 'suspended' where id = ${c!.org.orgId}`);
    const inBatch = await bid(c!.client, lot.id, '480.00');
    assert.deepEqual([inBatch.status, inBatch.body.reason], [403, 'organization_inactive']);
    await query(server.db, sql`update organizations set status = 'active' where id = ${c!.org.orgId}`);
  });

  test('deposits: required before bidding, exact amount, one booking per transfer, refunded exactly once at award; trial balance zero', async () => {
    const lot = await openLot(parties, { depositAmount: '5000.00' }, { deposits: false });
    const [a, b, c] = parties.bidders;
    assert.equal((await bid(a!.client, lot.id, '480.00')).body.reason, 'deposit_unpaid');
    const wrong = await a!.client.post(lotUrl(lot.id, '/deposit'), { amount: '500.00', bankReference: uniq('DEP') });
    assert.deepEqual([wrong.status, wrong.body.code, wrong.body.due], [422, 'auctions.amount_mismatch', '5000.00']);
    const ref = uniq('DEP');
    assert.equal((await a!.client.post(lotUrl(lot.id, '/deposit'), { amount: '5000.00', bankReference: ref })).body.depositStatus, 'held');
    assert.equal((await a!.client.post(lotUrl(lot.id, '/deposit'), { amount: '5000.00', bankReference: uniq('DEP') })).body.code, 'auctions.deposit_not_due');
    assert.equal((await b!.client.post(lotUrl(lot.id, '/deposit'), { amount: '5000.00', bankReference: ref })).status, 200, 'another organisation may use the same reference text');
    assert.equal((await c!.client.post(lotUrl(lot.id, '/deposit'), { amount: '5000.00', bankReference: uniq('DEP') })).status, 200);
    await assertBooksBalance(server);
    assert.equal((await bid(a!.client, lot.id, '440.00')).status, 201);
    assert.equal((await bid(b!.client, lot.id, '445.00')).status, 201);
    // c breaks the rules: disqualified, deposit forfeited to the platform.
    const dq = await parties.purchaser.post(lotUrl(lot.id, `/participants/${c!.org.orgId}/disqualify`), { reason: '串通投标' });
    assert.deepEqual([dq.status, dq.body.status, dq.body.depositStatus], [200, 'disqualified', 'forfeited']);
    assert.equal((await bid(c!.client, lot.id, '450.00')).body.reason, 'disqualified');
    await assertBooksBalance(server);
    await query(server.db, sql`update auction_lots set ends_at = clock_timestamp() where id = ${lot.id}`);
    const award = await parties.purchaser.post(lotUrl(lot.id, '/award'), { deliveryAddress: '南京市江宁区' });
    assert.equal(award.status, 200, award.text);
    assert.deepEqual([award.body.status, award.body.winnerOrgId, award.body.winningPrice], ['awarded', a!.org.orgId, '440.00']);
    const participants = await parties.purchaser.get(lotUrl(lot.id, '/participants'));
    assert.deepEqual(participants.body.items.map((p: any) => p.depositStatus).sort(), ['forfeited', 'refunded', 'refunded']);
    const held = await query<{ n: string }>(server.db, sql`select count(*)::text as n from ledger_entries where reference_id = ${lot.id}`);
    assert.equal(held[0]!.n, '6', '3 received, 2 refunded, 1 forfeited: one entry each');
    await assertBooksBalance(server);
    // Awarding again, cancelling after award: refused, nothing moves twice.
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, '/award'), {})).status, 409);
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, '/cancel'), { reason: 'x' })).status, 409);
    assert.deepEqual(await query(server.db, sql`select 1 from ledger_entries where reference_id = ${lot.id} offset 6`), []);
  });

  test('award → purchase order through createOrder (source auction, price from the bid)', async () => {
    const lot = await openLot(parties);
    const [a, b] = parties.bidders;
    await bid(a!.client, lot.id, '440.00');
    await bid(b!.client, lot.id, '445.00');
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, '/award'), {})).body.code, 'auctions.lot_running');
    await query(server.db, sql`update auction_lots set ends_at = clock_timestamp() where id = ${lot.id}`);
    const award = await parties.purchaser.post(lotUrl(lot.id, '/award'), {});
    assert.equal(award.status, 200, award.text);
    const order = await parties.purchaser.get(`/api/v1/orders/${award.body.orderId}`);
    assert.equal(order.status, 200, order.text);
    const o = order.body.order ?? order.body;
    assert.equal(o.source, 'auction');
    assert.equal(o.sourceRef, lot.id);
    assert.equal(o.supplierOrgId, a!.org.orgId);
    assert.equal(o.subtotal, '440000.00');
    const lines = order.body.lines ?? o.lines;
    assert.deepEqual([lines[0].unitPrice, lines[0].priceSource, lines[0].quantity], ['440.0000', 'bid', '1000']);
    const won = await a!.client.get(lotUrl(lot.id));
    assert.deepEqual([won.body.me.won, won.body.orderId], [true, award.body.orderId]);
    const lost = await b!.client.get(lotUrl(lot.id));
    assert.deepEqual([lost.body.me.won, lost.body.orderId, lost.body.winnerOrgId], [false, null, null]);
    const audit = await query<{ action: string; data: any }>(server.db, sql`select action, data from audit_log where target_id = ${lot.id} order by seq`);
    const actions = audit.map((x) => x.action);
    assert.deepEqual(actions, ['auctions.lot.created', 'auctions.participants.invited', 'auctions.lot.published', 'auctions.participant.registered', 'auctions.participant.registered', 'auctions.participant.registered', 'auctions.lot.closed', 'auctions.lot.awarded']);
    const closed = audit.find((x) => x.action === 'auctions.lot.closed')!.data;
    assert.equal(closed.seq, 2);
    assert.equal(closed.chainHash, (await query<{ h: string }>(server.db, sql`select chain_hash as h from auction_lots where id = ${lot.id}`))[0]!.h, 'the bid chain head is anchored in the audit chain');
    assert.ok((await verifyAuditChain(server.db)).ok);
  });

  test('reserve not met → the lot fails (流拍) at close and cannot be awarded; deposits refunded', async () => {
    const lot = await openLot(parties, { reservePrice: '400.00', depositAmount: '100.00' });
    await bid(parties.bidders[0]!.client, lot.id, '420.00');
    await query(server.db, sql`update auction_lots set ends_at = clock_timestamp() where id = ${lot.id}`);
    await sweepLots(server.db);
    const view = await parties.purchaser.get(lotUrl(lot.id));
    assert.deepEqual([view.body.status, view.body.outcomeReason], ['failed', 'reserve_not_met']);
    assert.equal((await parties.purchaser.post(lotUrl(lot.id, '/award'), {})).status, 409);
    const participants = await parties.purchaser.get(lotUrl(lot.id, '/participants'));
    assert.ok(participants.body.items.every((p: any) => p.depositStatus === 'refunded'));
    await assertBooksBalance(server);
  });

  test('no bid is accepted after the end; the sweep closes the lot', async () => {
    const lot = await openLot(parties, {}, { seconds: 2 });
    assert.equal((await bid(parties.bidders[0]!.client, lot.id, '440.00')).status, 201);
    await wait(2200);
    const late = await bid(parties.bidders[1]!.client, lot.id, '470.00');
    assert.deepEqual([late.status, late.body.code], [409, 'auctions.lot_closed']);
    await sweepLots(server.db);
    assert.equal((await parties.purchaser.get(lotUrl(lot.id))).body.status, 'closed');
    assert.equal((await bid(parties.bidders[1]!.client, lot.id, '470.00')).body.code, 'auctions.lot_closed');
  });

  test('anti-sniping: a leading bid in the last seconds extends the end, up to the cap', async () => {
    const lot = await openLot(parties, { antiSniping: { windowSeconds: 60, extensionSeconds: 10, maxExtensions: 2 } }, { seconds: 20 });
    const [a, b] = parties.bidders;
    const end0 = Date.parse(lot.endsAt);
    const r1 = await bid(a!.client, lot.id, '480.00');
    assert.equal(r1.body.extended, true);
    assert.equal(Date.parse(r1.body.endsAt), end0 + 10_000);
    const r2 = await bid(b!.client, lot.id, '490.00');
    assert.equal(r2.body.extended, false, 'not rank 1: no extension');
    const r3 = await bid(b!.client, lot.id, '470.00');
    assert.deepEqual([r3.body.extended, r3.body.extensions], [true, 2]);
    const r4 = await bid(a!.client, lot.id, '460.00');
    assert.deepEqual([r4.body.extended, r4.body.extensions], [false, 2]);
    const view = await parties.purchaser.get(lotUrl(lot.id));
    assert.equal(Date.parse(view.body.endsAt), end0 + 20_000);
    assert.equal(view.body.scheduledEndsAt, lot.endsAt);
  });

  test('proxy bidding answers a better bid within its limit', async () => {
    const lot = await openLot(parties, { proxyAllowed: true });
    const [a, b] = parties.bidders;
    const set = await a!.client.post(lotUrl(lot.id, '/proxy'), { limit: '450.00' });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual([set.body.rank, set.body.price], [1, '500.00']);
    const r = await bid(b!.client, lot.id, '470.00');
    assert.deepEqual([r.status, r.body.rank, r.body.proxyBids], [201, 2, 1]);
    assert.equal((await a!.client.get(lotUrl(lot.id))).body.me.price, '469.00');
    const beyond = await bid(b!.client, lot.id, '449.00');
    assert.equal(beyond.body.rank, 1);
    assert.equal((await a!.client.get(lotUrl(lot.id))).body.me.price, '450.00');
    const history = await parties.purchaser.get(lotUrl(lot.id, '/bids'));
    assert.deepEqual(history.body.items.map((x: any) => [x.seq, x.kind, x.price]).reverse(), [[1, 'proxy', '500.00'], [2, 'manual', '470.00'], [3, 'proxy', '469.00'], [4, 'manual', '449.00'], [5, 'proxy', '450.00']]);
    const noProxy = await openLot(parties);
    assert.equal((await a!.client.post(lotUrl(noProxy.id, '/proxy'), { limit: '450.00' })).body.code, 'auctions.proxy_not_allowed');
  });

  test('the bid chain detects an edited bid', async () => {
    const lot = await openLot(parties);
    await bid(parties.bidders[0]!.client, lot.id, '480.00');
    await bid(parties.bidders[1]!.client, lot.id, '470.00');
    assert.deepEqual(await verifyBidChain(server.db, lot.id), { ok: true, checked: 2, brokenAt: null });
    await query(server.db, sql`update auction_bids set price = 400 where lot_id = ${lot.id} and seq = 1`);
    assert.deepEqual(await verifyBidChain(server.db, lot.id), { ok: false, checked: 0, brokenAt: 1 });
  });

  test('drafts are edited with their version; settings are validated field by field', async () => {
    const created = await parties.purchaser.post('/api/v1/auctions/lots', lotBody());
    const id = created.body.id;
    const bad = await parties.purchaser.post('/api/v1/auctions/lots', lotBody({ reservePrice: '600.00' }));
    assert.deepEqual([bad.status, bad.body.errors[0].pointer], [400, '/reservePrice']);
    const badTimes = await parties.purchaser.post('/api/v1/auctions/lots', lotBody({ endsAt: new Date(Date.now() - 5000).toISOString() }));
    assert.equal(badTimes.body.errors[0].pointer, '/endsAt');
    const updated = await parties.purchaser.request('PUT', lotUrl(id), { body: { ...lotBody({ title: '改名' }), version: 1 } });
    assert.deepEqual([updated.status, updated.body.title, updated.body.version], [200, '改名', 2]);
    const stale = await parties.purchaser.request('PUT', lotUrl(id), { body: { ...lotBody(), version: 1 } });
    assert.equal(stale.status, 409);
    assert.equal((await parties.purchaser.post(lotUrl(id, '/publish'), {})).status, 200);
    assert.equal((await parties.purchaser.request('PUT', lotUrl(id), { body: lotBody() })).status, 409, 'published lots are not edited');
    const mine = await parties.purchaser.get('/api/v1/auctions/lots?scope=mine&limit=2');
    assert.equal(mine.body.items.length, 2);
    const next = await parties.purchaser.get(`/api/v1/auctions/lots?scope=mine&limit=2&cursor=${mine.body.nextCursor}`);
    assert.ok(next.body.items.every((l: any) => !mine.body.items.some((m: any) => m.id === l.id)));
    assert.equal((await parties.purchaser.get('/api/v1/auctions/lots?scope=mine&cursor=bm9wZQ')).status, 400);
    const open = await parties.bidders[0]!.client.get('/api/v1/auctions/lots?scope=open&limit=100');
    assert.ok(open.body.items.length > 0 && open.body.items.every((l: any) => l.status === 'published'));
    assert.equal((await parties.bidders[0]!.client.get('/api/v1/auctions/lots?scope=all')).status, 403);
  });

  test('an idempotent bid retry is answered once', async () => {
    const lot = await openLot(parties);
    const key = uniq('idem');
    const first = await parties.bidders[0]!.client.post(lotUrl(lot.id, '/bids'), { price: '480.00' }, { idempotencyKey: key });
    const again = await parties.bidders[0]!.client.post(lotUrl(lot.id, '/bids'), { price: '480.00' }, { idempotencyKey: key });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.seq, first.body.seq);
    assert.equal((await parties.purchaser.get(lotUrl(lot.id))).body.bidCount, 1);
  });

  test('cancel refunds every held deposit; the books balance after all of the above', async () => {
    const lot = await openLot(parties, { depositAmount: '300.00' });
    const r = await parties.purchaser.post(lotUrl(lot.id, '/cancel'), { reason: '需求取消' });
    assert.deepEqual([r.status, r.body.status], [200, 'cancelled']);
    assert.equal((await bid(parties.bidders[0]!.client, lot.id, '480.00')).body.code, 'auctions.lot_closed');
    await assertBooksBalance(server);
  });
});
