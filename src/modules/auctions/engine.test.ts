import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from '../../platform/money.ts';
import { findLeader, fromCents, placeBid, rankOf, ranking, setProxy, stepAt, toCents, usToIso, type LotRules, type LotState, type Standing } from './engine.ts';

const S = 1_000_000; // µs per second
const T0 = 1_800_000_000 * S;

function rules(overrides: Partial<LotRules> = {}): LotRules {
  return {
    kind: 'reverse',
    startCents: 50_000n,
    stepType: 'absolute',
    stepCents: 100n,
    stepPercent: new Decimal(0),
    bidRule: 'beat_own',
    tiePolicy: 'rank_behind',
    proxyAllowed: false,
    startsUs: T0,
    snipeWindowUs: 0,
    extensionUs: 0,
    maxExtensions: 0,
    extendFrom: 'close',
    triggerRank: 1,
    ...overrides,
  };
}

function state(orgs: string[], endsUs = T0 + 600 * S): LotState {
  const standings = new Map<string, Standing>(orgs.map((o) => [o, { orgId: o, price: null, seq: null, bidCount: 0, proxyLimit: null, proxySetUs: null, canBid: true, ranked: true }]));
  return { seq: 0, lastUs: 0, endsUs, extensions: 0, standings, leader: null };
}

const c = (yuan: string) => toCents(yuan)!;
const bidAt = (r: LotRules, s: LotState, orgId: string, price: string, atUs: number) => placeBid(r, s, { orgId, price: c(price), actorId: null, requestId: null }, atUs);

/** The invariant after every step: the leader is the best ranked standing; ranks are 1..n without ties. */
function assertConsistent(r: LotRules, s: LotState) {
  assert.equal(s.leader, findLeader(r, s.standings.values()));
  const ranks = ranking(r, s).map((x) => rankOf(r, s, x));
  assert.deepEqual(ranks, ranks.map((_, i) => i + 1));
}

describe('prices', () => {
  test('cents round-trip and refuse more than two decimals', () => {
    assert.equal(toCents('480'), 48_000n);
    assert.equal(toCents('480.5'), 48_050n);
    assert.equal(toCents('480.5000'), 48_050n);
    assert.equal(toCents('480.001'), null);
    assert.equal(fromCents(48_005n), '480.05');
  });
  test('percent steps round half up and are at least a cent', () => {
    const r = rules({ stepType: 'percent', stepPercent: new Decimal('0.5') });
    assert.equal(stepAt(r, 48_000n), 240n);
    assert.equal(stepAt(r, 101n), 1n);
    assert.equal(stepAt(r, 1n), 1n);
  });
  test('microsecond times keep their digits', () => {
    assert.equal(usToIso(1_800_000_000_123_456), '2027-01-15T08:00:00.123456Z');
  });
});

describe('decrement rule (reverse, beat_own)', () => {
  const cases: Array<{ name: string; bids: Array<[string, string]>; refused?: string }> = [
    { name: 'first bid at the start price', bids: [['a', '500.00']] },
    { name: 'first bid above the start price', bids: [['a', '500.01']], refused: 'auctions.bid_out_of_range' },
    { name: 'own improvement by exactly the step', bids: [['a', '480.00'], ['a', '479.00']] },
    { name: 'own improvement below the step', bids: [['a', '480.00'], ['a', '479.50']], refused: 'auctions.bid_step' },
    { name: 'another bidder is not bound by my price', bids: [['a', '480.00'], ['b', '479.99']] },
    { name: 'a zero price', bids: [['a', '0.00']], refused: 'auctions.bid_out_of_range' },
  ];
  for (const k of cases) {
    test(k.name, () => {
      const r = rules();
      const s = state(['a', 'b']);
      let last: ReturnType<typeof bidAt> | null = null;
      k.bids.forEach(([o, p], i) => (last = bidAt(r, s, o, p, T0 + (i + 1) * S)));
      assert.equal(last!.refusal?.code ?? null, k.refused ?? null);
      assertConsistent(r, s);
    });
  }
  test('beat_best: each bid must beat the best by a step', () => {
    const r = rules({ bidRule: 'beat_best' });
    const s = state(['a', 'b']);
    assert.equal(bidAt(r, s, 'a', '480.00', T0 + S).refusal, null);
    const refused = bidAt(r, s, 'b', '479.50', T0 + 2 * S).refusal;
    assert.equal(refused?.code, 'auctions.bid_step');
    assert.equal(refused?.limit, c('479.00'));
    assert.equal(bidAt(r, s, 'b', '479.00', T0 + 3 * S).refusal, null);
  });
  test('forward auctions mirror every rule (higher is better)', () => {
    const r = rules({ kind: 'forward', startCents: 10_000n, bidRule: 'beat_best' });
    const s = state(['a', 'b']);
    assert.equal(bidAt(r, s, 'a', '99.99', T0 + S).refusal?.code, 'auctions.bid_out_of_range');
    assert.equal(bidAt(r, s, 'a', '100.00', T0 + S).refusal, null);
    assert.equal(bidAt(r, s, 'b', '100.50', T0 + 2 * S).refusal?.code, 'auctions.bid_step');
    assert.equal(bidAt(r, s, 'b', '101.00', T0 + 2 * S).refusal, null);
    assert.equal(s.leader?.orgId, 'b');
    assertConsistent(r, s);
  });
});

describe('ties', () => {
  test('rank_behind: an equal bid ranks after the earlier one', () => {
    const r = rules();
    const s = state(['a', 'b']);
    bidAt(r, s, 'a', '480.00', T0 + S);
    const later = bidAt(r, s, 'b', '480.00', T0 + S);
    assert.equal(later.refusal, null);
    assert.equal(rankOf(r, s, s.standings.get('a')!), 1);
    assert.equal(rankOf(r, s, s.standings.get('b')!), 2);
    assert.ok(later.accepted[0]!.acceptedUs > T0 + S, 'the same clock reading still gives a later time');
  });
  test('refuse: a price another bidder stands at is refused, a free one is not', () => {
    const r = rules({ tiePolicy: 'refuse' });
    const s = state(['a', 'b']);
    bidAt(r, s, 'a', '480.00', T0 + S);
    assert.equal(bidAt(r, s, 'b', '480.00', T0 + 2 * S).refusal?.code, 'auctions.bid_tie');
    assert.equal(bidAt(r, s, 'b', '481.00', T0 + 2 * S).refusal, null);
  });
});

describe('time', () => {
  test('no bid before the start or at/after the end', () => {
    const r = rules();
    const s = state(['a']);
    assert.equal(bidAt(r, s, 'a', '480.00', T0 - 1).refusal?.code, 'auctions.lot_not_started');
    assert.equal(bidAt(r, s, 'a', '480.00', s.endsUs).refusal?.code, 'auctions.lot_closed');
    assert.equal(bidAt(r, s, 'a', '480.00', s.endsUs - 1).refusal, null);
  });
  test('acceptance times are strictly increasing and never reach the end', () => {
    const r = rules();
    const s = state(['a', 'b']);
    bidAt(r, s, 'a', '480.00', s.endsUs - 2);
    bidAt(r, s, 'b', '479.00', s.endsUs - 2); // accepted at endsUs - 1
    const third = bidAt(r, s, 'a', '470.00', s.endsUs - 2); // would be at endsUs
    assert.equal(third.refusal?.code, 'auctions.lot_closed');
  });
});

describe('anti-sniping', () => {
  const snipe = (o: Partial<LotRules> = {}) => rules({ snipeWindowUs: 60 * S, extensionUs: 120 * S, maxExtensions: 2, ...o });
  test('a leading bid in the window extends from the close; a non-leading one does not', () => {
    const r = snipe();
    const s = state(['a', 'b']);
    const end = s.endsUs;
    bidAt(r, s, 'a', '480.00', end - 120 * S); // outside the window
    assert.equal(s.endsUs, end);
    const behind = bidAt(r, s, 'b', '490.00', end - 30 * S);
    assert.equal(behind.accepted[0]!.extended, false);
    const lead = bidAt(r, s, 'b', '470.00', end - 10 * S);
    assert.equal(lead.accepted[0]!.extended, true);
    assert.equal(s.endsUs, end + 120 * S);
  });
  test('the cap holds under a burst of last-second leading bids', () => {
    const r = snipe({ extensionUs: 30 * S });
    const s = state(['a', 'b', 'c']);
    const end = s.endsUs;
    let price = 480;
    for (let i = 0; i < 10; i++) bidAt(r, s, ['a', 'b', 'c'][i % 3]!, `${price--}.00`, end - S);
    assert.equal(s.extensions, 2);
    assert.equal(s.endsUs, end + 60 * S);
  });
  test('extend from the bid: the end becomes bid time + extension, counted only when it moves', () => {
    const r = snipe({ extendFrom: 'bid', extensionUs: 60 * S, maxExtensions: 5 });
    const s = state(['a', 'b']);
    const end = s.endsUs;
    bidAt(r, s, 'a', '480.00', end - 10 * S);
    assert.equal(s.endsUs, end + 50 * S);
    bidAt(r, s, 'b', '479.00', end - 10 * S); // same clock: end - 10 s + 1 µs + 60 s
    assert.equal(s.endsUs, end + 50 * S + 1);
    assert.equal(s.extensions, 2);
  });
  test('trigger rank 2: a bid taking second place extends too', () => {
    const r = snipe({ triggerRank: 2 });
    const s = state(['a', 'b', 'c']);
    const end = s.endsUs;
    bidAt(r, s, 'a', '400.00', end - 100 * S);
    bidAt(r, s, 'b', '450.00', end - 10 * S);
    assert.equal(s.extensions, 1);
    bidAt(r, s, 'c', '460.00', end - 5 * S);
    assert.equal(s.extensions, 1, 'third place does not trigger');
  });
});

describe('proxy bidding', () => {
  const proxy = (o: Partial<LotRules> = {}) => rules({ proxyAllowed: true, ...o });
  const limit = (r: LotRules, s: LotState, orgId: string, yuan: string, atUs: number) => setProxy(r, s, { orgId, limit: c(yuan), actorId: null, requestId: null }, atUs);

  test('a proxy answers a better bid by one step, never past its limit', () => {
    const r = proxy();
    const s = state(['a', 'b']);
    limit(r, s, 'a', '450.00', T0 + S);
    assert.equal(s.standings.get('a')!.price, c('500.00'), 'the proxy opens at the start price');
    const out = bidAt(r, s, 'b', '470.00', T0 + 2 * S);
    assert.equal(out.accepted.length, 2);
    assert.equal(out.accepted[1]!.kind, 'proxy');
    assert.equal(s.leader?.orgId, 'a');
    assert.equal(s.standings.get('a')!.price, c('469.00'));
    bidAt(r, s, 'b', '449.00', T0 + 3 * S);
    assert.equal(s.leader?.orgId, 'b');
    assert.equal(s.standings.get('a')!.price, c('450.00'), 'the proxy went to its limit and stopped');
    assertConsistent(r, s);
  });
  test('two proxies settle in closed form: the stronger one just beats the weaker limit', () => {
    const r = proxy();
    const s = state(['a', 'b', 'c']);
    limit(r, s, 'a', '300.00', T0 + S);
    limit(r, s, 'b', '350.00', T0 + 2 * S);
    assert.equal(s.leader?.orgId, 'a');
    assert.equal(s.standings.get('a')!.price, c('349.00'));
    assert.equal(s.standings.get('b')!.price, c('350.00'));
    assert.ok(s.seq < 10, `settled in ${s.seq} bids, not a step war`);
    assertConsistent(r, s);
  });
  test('equal proxy limits: the earlier proxy leads', () => {
    const r = proxy();
    const s = state(['a', 'b']);
    limit(r, s, 'a', '400.00', T0 + S);
    limit(r, s, 'b', '400.00', T0 + 2 * S);
    assert.equal(s.leader?.orgId, 'a');
    assert.equal(rankOf(r, s, s.standings.get('b')!), 2);
    assertConsistent(r, s);
  });
  test('proxies are refused when the lot does not allow them', () => {
    const r = rules();
    assert.equal(limit(r, state(['a']), 'a', '400.00', T0 + S).refusal?.code, 'auctions.proxy_not_allowed');
  });
});

describe('invariants under random play', () => {
  test('10 000 random bids and proxies: total order, strictly later times, none at or after the end, ranks consistent', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const kind of ['reverse', 'forward'] as const) {
      const r = rules({ kind, startCents: kind === 'reverse' ? 100_000n : 1_000n, proxyAllowed: true, tiePolicy: rand() < 0.5 ? 'refuse' : 'rank_behind', snipeWindowUs: 30 * S, extensionUs: 10 * S, maxExtensions: 20 });
      const orgs = ['a', 'b', 'c', 'd', 'e'];
      const s = state(orgs, T0 + 3600 * S);
      let clock = T0;
      let lastSeq = 0;
      let lastUs = 0;
      for (let i = 0; i < 5000; i++) {
        clock += Math.floor(rand() * 2 * S);
        const org = orgs[Math.floor(rand() * orgs.length)]!;
        const own = s.standings.get(org)!.price ?? r.startCents;
        const delta = BigInt(Math.floor(rand() * 300));
        const price = kind === 'reverse' ? own - delta : own + delta;
        const out = rand() < 0.1 ? setProxy(r, s, { orgId: org, limit: kind === 'reverse' ? price - 2_000n : price + 2_000n, actorId: null, requestId: null }, clock) : placeBid(r, s, { orgId: org, price, actorId: null, requestId: null }, clock);
        for (const b of out.accepted) {
          assert.equal(b.seq, lastSeq + 1);
          assert.ok(b.acceptedUs > lastUs);
          assert.ok(b.acceptedUs < b.endsUs);
          lastSeq = b.seq;
          lastUs = b.acceptedUs;
        }
        assertConsistent(r, s);
      }
      assert.ok(s.extensions <= 20);
      assert.ok(lastSeq > 100, `${kind}: ${lastSeq} bids accepted`);
    }
  });
});
