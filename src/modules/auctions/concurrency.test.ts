import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, isPostgres, spawnServerProcess, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { findLeader, placeBid, toCents, type LotState, type Standing } from './engine.ts';
import { rulesOf } from './bidding.ts';
import { verifyBidChain } from './chain.ts';
import { assertBooksBalance, bid, createAuctionParties, LiveClient, openLot, uniq, type AuctionParties } from './testing.ts';

/**
 * Races through two separate server processes on the real PostgreSQL (PGlite is one session, so
 * nothing here could race there: skipped with that reason).
 */
const skip = !isPostgres() && 'races across server processes need the real PostgreSQL';

let server: TestServer;
let parties: AuctionParties;
let procs: Array<Awaited<ReturnType<typeof spawnServerProcess>>> = [];

before(async () => {
  if (skip) return;
  server = await startTestServer();
  parties = await createAuctionParties(server, 6);
  procs = [await spawnServerProcess({ DATABASE_URL: server.testDb.url! }), await spawnServerProcess({ DATABASE_URL: server.testDb.url! })];
});
after(async () => {
  for (const p of procs) await p.stop();
});

/** The same signed-in user, talking to another server process. */
function via(url: string, client: ApiClient): ApiClient {
  const c = new ApiClient(url);
  for (const [k, v] of client.cookies) c.cookies.set(k, v);
  return c;
}
const A = (c: ApiClient) => via(procs[0]!.url, c);
const B = (c: ApiClient) => via(procs[1]!.url, c);
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

async function bidsOf(lotId: string) {
  return query<{ seq: string; org_id: string; price: string; accepted_us: string }>(
    server.db,
    sql`select seq::text, org_id, price::text, (extract(epoch from accepted_at) * 1000000)::bigint::text as accepted_us from auction_bids where lot_id = ${lotId} order by auction_bids.seq`,
  );
}

async function lotRow(lotId: string) {
  const [row] = await query<any>(
    server.db,
    sql`select kind, start_price::text, step_type, step_value::text, bid_rule, tie_policy, proxy_allowed, snipe_window_seconds, extension_seconds, max_extensions, extend_from, trigger_rank,
               extensions, seq::text, (extract(epoch from starts_at) * 1000000)::bigint::text as starts_us, (extract(epoch from ends_at) * 1000000)::bigint::text as ends_us,
               (extract(epoch from scheduled_ends_at) * 1000000)::bigint::text as scheduled_us
        from auction_lots where id = ${lotId}`,
  );
  return row;
}

/** Sequence order is time order: strictly increasing acceptance times, no gaps, chain intact. */
async function assertTotalOrder(lotId: string) {
  const bids = await bidsOf(lotId);
  bids.forEach((b, i) => {
    assert.equal(Number(b.seq), i + 1);
    if (i) assert.ok(Number(b.accepted_us) > Number(bids[i - 1]!.accepted_us), `bid ${b.seq} is later than bid ${i}`);
  });
  assert.ok((await verifyBidChain(server.db, lotId)).ok);
  return bids;
}

describe('bidding through two server processes on PostgreSQL', { skip }, () => {
  test('a bidder connected to process A sees a bid placed through process B', async () => {
    const lot = await openLot(parties);
    const [a, b] = parties.bidders;
    const live = await LiveClient.connect(procs[0]!.url, a!.client);
    await live.subscribe(`auction:${lot.id}`);
    await live.stateAtLeast(`auction:${lot.id}`, 0);
    const placed = await bid(B(b!.client), lot.id, '470.00');
    assert.equal(placed.status, 201, placed.text);
    const seen = await live.stateAtLeast(`auction:${lot.id}`, placed.body.seq);
    assert.deepEqual([seen.data.seq, seen.data.bidCount], [placed.body.seq, 1]);
    const mine = await bid(A(a!.client), lot.id, '480.00');
    const after = await live.stateAtLeast(`auction:${lot.id}`, mine.body.seq);
    assert.deepEqual([after.data.myRank, after.data.myPrice], [2, '480.00']);
    live.close();
  });

  test('equal bids racing through both processes: the earlier ranks first, every time', async () => {
    const lot = await openLot(parties);
    const [a, b] = parties.bidders;
    for (let round = 0; round < 20; round++) {
      const price = (480 - round).toFixed(2);
      const [ra, rb] = await Promise.all([bid(A(a!.client), lot.id, price), bid(B(b!.client), lot.id, price)]);
      assert.equal(ra.status, 201, ra.text);
      assert.equal(rb.status, 201, rb.text);
      const [earlier, later] = ra.body.seq < rb.body.seq ? [ra, rb] : [rb, ra];
      assert.equal(earlier.body.rank, 1, `round ${round}: the earlier equal bid leads`);
      assert.equal(later.body.rank, 2);
      assert.ok(earlier.body.acceptedAt < later.body.acceptedAt);
      const owner = await parties.purchaser.get(`/api/v1/auctions/lots/${lot.id}/live`);
      assert.deepEqual(owner.body.data.standings.map((s: any) => s.seq), [earlier.body.seq, later.body.seq]);
    }
    await assertTotalOrder(lot.id);
  });

  test('a burst across the close: nothing accepted at or after the end, every 201 is in the database, every late bid is a 409', async () => {
    const lot = await openLot(parties, { reservePrice: null }, { seconds: 3 });
    const endMs = Date.parse(lot.endsAt);
    const results: Array<{ status: number; body: any; sentAt: number }> = [];
    await sleepUntil(endMs - 700);
    // Every bidder bids as fast as it can, alternating processes, until well past the end.
    await Promise.all(
      parties.bidders.map(async (b, i) => {
        let price = 499 - i * 0.01;
        for (let n = 0; Date.now() < endMs + 400; n++) {
          price -= 1;
          const sentAt = Date.now();
          const r = await bid(n % 2 ? A(b.client) : B(b.client), lot.id, price.toFixed(2));
          results.push({ status: r.status, body: r.body, sentAt });
        }
      }),
    );
    const row = await lotRow(lot.id);
    const endsUs = Number(row.ends_us);
    const accepted = results.filter((r) => r.status === 201);
    const late = results.filter((r) => r.status === 409);
    assert.ok(accepted.length > 10, `${accepted.length} accepted`);
    assert.ok(late.length > 10, `${late.length} refused as late`);
    for (const r of late) assert.equal(r.body.code, 'auctions.lot_closed');
    for (const r of results) assert.ok([201, 409, 422].includes(r.status), `${r.status} ${JSON.stringify(r.body)}`);
    for (const r of accepted) assert.ok(Date.parse(r.body.acceptedAt) < endMs, `accepted at ${r.body.acceptedAt}, end ${lot.endsAt}`);
    for (const r of results) if (r.sentAt > endMs + 50) assert.notEqual(r.status, 201, `sent ${r.sentAt - endMs} ms after the end and accepted`);
    const bids = await assertTotalOrder(lot.id);
    assert.equal(bids.length, accepted.length, 'every accepted answer is a stored bid, and no other');
    for (const b of bids) assert.ok(Number(b.accepted_us) < endsUs);
  });

  test('anti-sniping under concurrent last-second leading bids: the end moves exactly as the rules say, never past the cap', async () => {
    const lot = await openLot(parties, { reservePrice: null, antiSniping: { windowSeconds: 5, extensionSeconds: 2, maxExtensions: 4, extendFrom: 'close' } }, { seconds: 3 });
    const clients = parties.bidders.flatMap((b) => [A(b.client), B(b.client)]);
    const scheduledMs = Date.parse(lot.endsAt);
    let price = 450;
    let stop = false;
    const statuses: number[] = [];
    await sleepUntil(scheduledMs - 800);
    // Everyone keeps undercutting everyone until the lot is closed for good.
    await Promise.all(
      clients.map(async (client) => {
        while (!stop) {
          price -= 0.5;
          const r = await bid(client, lot.id, price.toFixed(2));
          statuses.push(r.status);
          if (r.status === 409 && r.body.code === 'auctions.lot_closed') stop = true;
        }
      }),
    );
    const row = await lotRow(lot.id);
    assert.equal(row.extensions, 4, 'the bids kept leading in the window, so the cap was reached');
    assert.equal(Number(row.ends_us), Number(row.scheduled_us) + 4 * 2_000_000);
    // Replay the stored bids through the rules: the same extensions at the same bids.
    const rules = rulesOf(row);
    const bids = await assertTotalOrder(lot.id);
    const standings = new Map<string, Standing>(parties.bidders.map((b) => [b.org.orgId, { orgId: b.org.orgId, price: null, seq: null, bidCount: 0, proxyLimit: null, proxySetUs: null, canBid: true, ranked: true }]));
    const state: LotState = { seq: 0, lastUs: 0, endsUs: Number(row.scheduled_us), extensions: 0, standings, leader: null };
    for (const b of bids) {
      const out = placeBid(rules, state, { orgId: b.org_id, price: toCents(b.price)!, actorId: null, requestId: null }, Number(b.accepted_us));
      assert.equal(out.refusal, null, `stored bid ${b.seq} is valid on replay`);
      assert.equal(out.accepted[0]!.acceptedUs, Number(b.accepted_us));
    }
    assert.equal(state.endsUs, Number(row.ends_us));
    assert.equal(state.extensions, row.extensions);
    assert.equal(findLeader(rules, standings.values())?.orgId, (await query<{ o: string }>(server.db, sql`select best_org_id as o from auction_lots where id = ${lot.id}`))[0]!.o);
    for (const b of bids) assert.ok(Number(b.accepted_us) < Number(row.ends_us));
  });

  test('deposits paid twice at once through both processes: held once, booked once', async () => {
    const lot = await openLot(parties, { depositAmount: '2000.00' }, { deposits: false });
    const [a] = parties.bidders;
    const results = await Promise.all([
      A(a!.client).post(`/api/v1/auctions/lots/${lot.id}/deposit`, { amount: '2000.00', bankReference: uniq('R1') }),
      B(a!.client).post(`/api/v1/auctions/lots/${lot.id}/deposit`, { amount: '2000.00', bankReference: uniq('R2') }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    const entries = await query<{ n: string }>(server.db, sql`select count(*)::text as n from ledger_entries where reference_id = ${lot.id}`);
    assert.equal(entries[0]!.n, '1');
    await assertBooksBalance(server);
  });
});
