import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ApiClient, createTestOrg, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { bid, createAuctionParties, LiveClient, openLot, roleEmail, signedIn, type AuctionParties } from './testing.ts';

let server: TestServer;
let parties: AuctionParties;

before(async () => {
  server = await startTestServer();
  parties = await createAuctionParties(server, 3);
});

const topicOf = (lot: { id: string }) => `auction:${lot.id}`;

describe('live channel: auction topics', () => {
  test('the handshake needs a session or an API key, and a cookie only from our own origin', async () => {
    const anonymous = new WebSocket(server.url.replace('http', 'ws') + '/api/v1/live');
    const status = await new Promise<number>((resolve) => anonymous.once('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    assert.equal(status, 401);
    const foreign = await LiveClient.connect(server.url, parties.purchaser, { origin: 'https://evil.example' });
    const code = await new Promise<number>((resolve) => foreign.socket.once('close', (c) => resolve(c)));
    assert.equal(code, 4403);
    const own = await LiveClient.connect(server.url, parties.purchaser, { origin: server.url.replace('127.0.0.1', '127.0.0.1') });
    assert.equal((await own.next((m) => m.type === 'welcome')).type, 'welcome');
    own.close();
    const admin = await signedIn(server, parties.buyer.admin);
    const key = await admin.post('/api/v1/organization/api-keys', { name: 'live', permissions: ['auctions.lots.read'] });
    assert.ok(key.status < 300, key.text);
    const byKey = new ApiClient(server.url);
    byKey.bearer = key.body.secret;
    const live = await LiveClient.connect(server.url, byKey);
    assert.ok(Math.abs((await live.next((m) => m.type === 'welcome')).serverTime! - Date.now()) < 5000);
    live.close();
  });

  test('each viewer gets its view: a bidder its rank, the owner the standings; outsiders get not_found', async () => {
    const lot = await openLot(parties, { visibility: 'rank' });
    const [a, b] = parties.bidders;
    const la = await LiveClient.connect(server.url, a!.client);
    const owner = await LiveClient.connect(server.url, parties.purchaser);
    assert.equal((await la.subscribe(topicOf(lot))).type, 'subscribed');
    assert.equal((await owner.subscribe(topicOf(lot))).type, 'subscribed');
    const initial = await la.stateAtLeast(topicOf(lot), 0);
    assert.deepEqual([initial.data.view, initial.data.myRank, initial.data.status], ['bidder', null, 'published']);
    assert.ok(initial.serverTime! > 0 && initial.data.endsAtMs > initial.serverTime!);
    const r1 = await bid(a!.client, lot.id, '480.00');
    const r2 = await bid(b!.client, lot.id, '470.00');
    assert.equal(r2.body.seq, 2);
    const mine = await la.stateAtLeast(topicOf(lot), 2);
    assert.deepEqual([mine.data.myRank, mine.data.myPrice, mine.data.leading, mine.data.bestPrice, mine.data.standings], [2, '480.00', false, null, undefined]);
    const full = await owner.stateAtLeast(topicOf(lot), 2);
    assert.deepEqual(full.data.standings.map((s: any) => [s.rank, s.orgId, s.price, s.seq]), [[1, b!.org.orgId, '470.00', 2], [2, a!.org.orgId, '480.00', r1.body.seq]]);
    assert.ok(full.data.standings.every((s: any) => s.name));
    const other = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
    const outsider = await LiveClient.connect(server.url, await signedIn(server, roleEmail(other, 'sales')));
    const refused = await outsider.subscribe(topicOf(lot));
    assert.deepEqual([refused.type, refused.code], ['error', 'not_found']);
    const nonsense = await outsider.subscribe('auction:lot_nope');
    assert.equal(nonsense.code, 'not_found');
    // A status change (cancel) reaches subscribers too.
    await parties.purchaser.post(`/api/v1/auctions/lots/${lot.id}/cancel`, { reason: '测试' });
    assert.equal((await la.next((m) => m.type === 'state' && m.data.status === 'cancelled')).data.status, 'cancelled');
    for (const c of [la, owner, outsider]) c.close();
  });

  test('a subscriber that stops reading does not delay another, and gets the latest state when it reads again', async () => {
    const lot = await openLot(parties, { visibility: 'best_price' });
    const [a, b] = parties.bidders;
    const fast = await LiveClient.connect(server.url, a!.client);
    const slow = await LiveClient.connect(server.url, b!.client);
    await fast.subscribe(topicOf(lot));
    await slow.subscribe(topicOf(lot));
    await slow.stateAtLeast(topicOf(lot), 0);
    slow.socket.pause();
    let last = 0;
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      const price = `${(480 - i).toFixed(2)}`;
      const r = await bid(i % 2 ? b!.client : a!.client, lot.id, price);
      assert.equal(r.status, 201, r.text);
      last = r.body.seq;
      const sent = Date.now();
      const seen = await fast.stateAtLeast(topicOf(lot), last, () => true, 5000);
      delays.push(seen.at - sent);
    }
    delays.sort((x, y) => x - y);
    assert.ok(delays[Math.floor(delays.length * 0.9)]! < 1000, `the reading subscriber keeps up (p90 ${delays[Math.floor(delays.length * 0.9)]} ms)`);
    const pausedCount = slow.messages.filter((m) => m.type === 'state').length;
    slow.socket.resume();
    const caught = await slow.stateAtLeast(topicOf(lot), last, () => true, 5000);
    assert.equal(caught.data.bestPrice, '451.00');
    const states = slow.messages.filter((m) => m.type === 'state');
    assert.ok(states.length <= pausedCount + 30, 'never more than one state per change');
    const seqs = states.map((m) => m.data.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'states only move forward');
    fast.close();
    slow.close();
  });
});
