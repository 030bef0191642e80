import { Decimal } from '../../platform/money.ts';

/**
 * The bidding rules of one lot, as pure functions over an in-memory state: the batch processor
 * (bidding.ts) loads the lot under its row lock, runs every queued bid through `placeBid` in
 * arrival order, and writes back what changed. Prices are integer cents (bigint) here: a lot sees
 * thousands of comparisons per second, and cents are exact.
 *
 * Direction: a reverse auction (竞价) is won by the lowest price, a forward auction (拍卖) by the
 * highest. "Better" below means lower for reverse, higher for forward; every rule is written once.
 */
export type Direction = 'reverse' | 'forward';

export interface LotRules {
  kind: Direction;
  startCents: bigint;
  stepType: 'absolute' | 'percent';
  /** Absolute step in cents, or the percentage (e.g. 0.5 for 0.5 %). */
  stepCents: bigint;
  stepPercent: Decimal;
  bidRule: 'beat_own' | 'beat_best';
  tiePolicy: 'refuse' | 'rank_behind';
  proxyAllowed: boolean;
  startsUs: number;
  snipeWindowUs: number;
  extensionUs: number;
  maxExtensions: number;
  extendFrom: 'close' | 'bid';
  triggerRank: number;
}

export interface Standing {
  orgId: string;
  /** Current (best) bid in cents, or null before the first bid. */
  price: bigint | null;
  /** Sequence of the bid that set `price`: among equal prices the earlier ranks first. */
  seq: number | null;
  bidCount: number;
  proxyLimit: bigint | null;
  /** µs; among equal proxy limits the earlier one is stronger. */
  proxySetUs: number | null;
  /** May place bids now (approved, deposit held, organisation active). */
  canBid: boolean;
  /** Disqualified participants keep their history but do not rank. */
  ranked: boolean;
  /** Changed in this batch (written back). */
  dirty?: boolean;
}

export interface LotState {
  seq: number;
  lastUs: number;
  endsUs: number;
  extensions: number;
  standings: Map<string, Standing>;
  leader: Standing | null;
}

export interface AcceptedBid {
  seq: number;
  orgId: string;
  price: bigint;
  kind: 'manual' | 'proxy';
  acceptedUs: number;
  actorId: string | null;
  requestId: string | null;
  /** The end time after this bid (moved if it triggered an extension). */
  endsUs: number;
  extended: boolean;
}

export type RefusalCode =
  | 'auctions.lot_not_started'
  | 'auctions.lot_closed'
  | 'auctions.bid_out_of_range'
  | 'auctions.bid_step'
  | 'auctions.bid_tie'
  | 'auctions.not_eligible'
  | 'auctions.proxy_not_allowed';

export interface Refusal {
  code: RefusalCode;
  /** The most conservative price that would have been accepted (cents), for bid_step/out_of_range. */
  limit?: bigint;
}

export interface BidOutcome {
  refusal: Refusal | null;
  /** The bid itself (first) and any proxy bids it triggered, in sequence order. */
  accepted: AcceptedBid[];
}

// --- price arithmetic ----------------------------------------------------------------------

export function isBetter(kind: Direction, a: bigint, b: bigint): boolean {
  return kind === 'reverse' ? a < b : a > b;
}

/** The step at a reference price: absolute, or a percentage of it rounded half up, at least 1 cent. */
export function stepAt(rules: LotRules, ref: bigint): bigint {
  if (rules.stepType === 'absolute') return rules.stepCents;
  const step = BigInt(new Decimal(ref.toString()).times(rules.stepPercent).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
  return step < 1n ? 1n : step;
}

/** One step better than `ref`. */
export function beat(rules: LotRules, ref: bigint): bigint {
  return rules.kind === 'reverse' ? ref - stepAt(rules, ref) : ref + stepAt(rules, ref);
}

/** Of two prices, the less aggressive (worse) one. */
function worseOf(kind: Direction, a: bigint, b: bigint): bigint {
  return isBetter(kind, a, b) ? b : a;
}

function betterOf(kind: Direction, a: bigint, b: bigint): bigint {
  return isBetter(kind, a, b) ? a : b;
}

/**
 * The least aggressive price `s` may bid now: every price at least this good is valid by the
 * start price and step rules (ties are checked separately).
 */
export function boundFor(rules: LotRules, state: LotState, s: Standing | undefined): bigint {
  let bound = rules.startCents;
  if (s?.price != null && rules.bidRule === 'beat_own') bound = betterOf(rules.kind, bound, beat(rules, s.price));
  if (rules.bidRule === 'beat_best' && state.leader?.price != null) bound = betterOf(rules.kind, bound, beat(rules, state.leader.price));
  // beat_best also requires improving one's own price (the leader improving itself).
  if (rules.bidRule === 'beat_best' && s?.price != null) bound = betterOf(rules.kind, bound, beat(rules, s.price));
  return bound;
}

/** 1-based rank of a standing among ranked bidders: better price first, then earlier sequence. */
export function rankOf(rules: LotRules, state: LotState, s: Standing): number | null {
  if (s.price === null || !s.ranked) return null;
  let ahead = 0;
  for (const o of state.standings.values()) {
    if (o === s || o.price === null || !o.ranked) continue;
    if (isBetter(rules.kind, o.price, s.price) || (o.price === s.price && o.seq! < s.seq!)) ahead++;
  }
  return ahead + 1;
}

/** Ranked standings, best first. */
export function ranking(rules: LotRules, state: LotState): Standing[] {
  return [...state.standings.values()]
    .filter((s) => s.price !== null && s.ranked)
    .sort((a, b) => (a.price === b.price ? a.seq! - b.seq! : isBetter(rules.kind, a.price!, b.price!) ? -1 : 1));
}

export function findLeader(rules: LotRules, standings: Iterable<Standing>): Standing | null {
  let leader: Standing | null = null;
  for (const s of standings) {
    if (s.price === null || !s.ranked) continue;
    if (!leader || isBetter(rules.kind, s.price, leader.price!) || (s.price === leader.price && s.seq! < leader.seq!)) leader = s;
  }
  return leader;
}

// --- bids ----------------------------------------------------------------------------------

function tieRefused(rules: LotRules, state: LotState, s: Standing, price: bigint): boolean {
  if (rules.tiePolicy !== 'refuse') return false;
  for (const o of state.standings.values()) if (o !== s && o.ranked && o.price === price) return true;
  return false;
}

/** Checks a price against the rules without changing anything. */
export function checkPrice(rules: LotRules, state: LotState, s: Standing, price: bigint): Refusal | null {
  if (price <= 0n) return { code: 'auctions.bid_out_of_range', limit: rules.startCents };
  if (isBetter(rules.kind, rules.startCents, price)) return { code: 'auctions.bid_out_of_range', limit: rules.startCents };
  const bound = boundFor(rules, state, s);
  if (isBetter(rules.kind, bound, price)) return { code: 'auctions.bid_step', limit: bound };
  if (tieRefused(rules, state, s, price)) return { code: 'auctions.bid_tie' };
  return null;
}

/**
 * Accepts a checked bid: the next sequence, an acceptance time strictly after the previous bid's,
 * refused if that time is not before the end; then the anti-sniping extension.
 */
function accept(rules: LotRules, state: LotState, s: Standing, price: bigint, nowUs: number, meta: { kind: 'manual' | 'proxy'; actorId: string | null; requestId: string | null }): AcceptedBid | Refusal {
  const acceptedUs = Math.max(nowUs, state.lastUs + 1);
  if (acceptedUs < rules.startsUs) return { code: 'auctions.lot_not_started' };
  if (acceptedUs >= state.endsUs) return { code: 'auctions.lot_closed' };
  state.seq += 1;
  state.lastUs = acceptedUs;
  s.price = price;
  s.seq = state.seq;
  s.bidCount += 1;
  s.dirty = true;
  if (s.ranked && (!state.leader || state.leader === s || isBetter(rules.kind, price, state.leader.price!))) state.leader = s;
  let extended = false;
  if (rules.snipeWindowUs > 0 && state.extensions < rules.maxExtensions && acceptedUs >= state.endsUs - rules.snipeWindowUs) {
    const rank = rankOf(rules, state, s);
    if (rank !== null && rank <= rules.triggerRank) {
      const next = rules.extendFrom === 'close' ? state.endsUs + rules.extensionUs : Math.max(state.endsUs, acceptedUs + rules.extensionUs);
      if (next > state.endsUs) {
        state.endsUs = next;
        state.extensions += 1;
        extended = true;
      }
    }
  }
  return { seq: state.seq, orgId: s.orgId, price, kind: meta.kind, acceptedUs, actorId: meta.actorId, requestId: meta.requestId, endsUs: state.endsUs, extended };
}

const isRefusal = (x: AcceptedBid | Refusal): x is Refusal => 'code' in x;

/** Time window check shared by bids and proxy settings. */
function timeRefusal(rules: LotRules, state: LotState, nowUs: number): Refusal | null {
  const at = Math.max(nowUs, state.lastUs + 1);
  if (at < rules.startsUs) return { code: 'auctions.lot_not_started' };
  if (at >= state.endsUs) return { code: 'auctions.lot_closed' };
  return null;
}

/** A manual bid: checked, accepted, then any proxy bids it provokes. */
export function placeBid(rules: LotRules, state: LotState, input: { orgId: string; price: bigint; actorId: string | null; requestId: string | null }, nowUs: number): BidOutcome {
  const s = state.standings.get(input.orgId);
  const timing = timeRefusal(rules, state, nowUs);
  if (timing) return { refusal: timing, accepted: [] };
  if (!s || !s.canBid) return { refusal: { code: 'auctions.not_eligible' }, accepted: [] };
  const refusal = checkPrice(rules, state, s, input.price);
  if (refusal) return { refusal, accepted: [] };
  const bid = accept(rules, state, s, input.price, nowUs, { kind: 'manual', actorId: input.actorId, requestId: input.requestId });
  if (isRefusal(bid)) return { refusal: bid, accepted: [] };
  const accepted = [bid];
  resolveProxies(rules, state, nowUs, accepted);
  return { refusal: null, accepted };
}

/**
 * Sets (or clears, with null) a bidder's proxy limit, then lets the proxies bid. The limit must be
 * a price the bidder could bid: not worse than the start price.
 */
export function setProxy(rules: LotRules, state: LotState, input: { orgId: string; limit: bigint | null; actorId: string | null; requestId: string | null }, nowUs: number): BidOutcome {
  if (!rules.proxyAllowed) return { refusal: { code: 'auctions.proxy_not_allowed' }, accepted: [] };
  const timing = timeRefusal(rules, state, nowUs);
  if (timing) return { refusal: timing, accepted: [] };
  const s = state.standings.get(input.orgId);
  if (!s || !s.canBid) return { refusal: { code: 'auctions.not_eligible' }, accepted: [] };
  if (input.limit !== null && (input.limit <= 0n || isBetter(rules.kind, rules.startCents, input.limit))) {
    return { refusal: { code: 'auctions.bid_out_of_range', limit: rules.startCents }, accepted: [] };
  }
  s.proxyLimit = input.limit;
  s.proxySetUs = input.limit === null ? null : Math.max(nowUs, state.lastUs + 1);
  s.dirty = true;
  const accepted: AcceptedBid[] = [];
  resolveProxies(rules, state, nowUs, accepted);
  return { refusal: null, accepted };
}

function stronger(rules: LotRules, a: Standing, b: Standing): number {
  if (a.proxyLimit !== b.proxyLimit) return isBetter(rules.kind, a.proxyLimit!, b.proxyLimit!) ? -1 : 1;
  return (a.proxySetUs ?? 0) - (b.proxySetUs ?? 0) || (a.orgId < b.orgId ? -1 : 1);
}

/**
 * Proxy bidding, resolved in closed form instead of step by step. Each round looks at the proxies
 * that still have room (limit better than their price) and the leader's proxy: the strongest of
 * them (best limit, then the earliest set) bids just enough to beat the leader and every other
 * proxy's limit, never past its own; then every other proxy with room bids its limit (ranking
 * behind, or refused as a tie) — where a step-by-step war would have ended. Rounds repeat while a
 * proxy can still move (a former leader fighting back); each round settles at least one proxy.
 */
function resolveProxies(rules: LotRules, state: LotState, nowUs: number, out: AcceptedBid[]): void {
  if (!rules.proxyAllowed) return;
  const meta = { kind: 'proxy' as const, actorId: null, requestId: null };
  const hasRoom = (s: Standing) => s.proxyLimit !== null && (s.price === null || isBetter(rules.kind, s.proxyLimit, s.price));
  for (let round = 0; round < 64; round++) {
    const leader = state.leader;
    const active = [...state.standings.values()].filter((s) => s.canBid && s.ranked && s.proxyLimit !== null);
    const movers = active.filter((s) => s !== leader && hasRoom(s));
    if (!movers.length) return;
    const strongest = [...movers, ...(leader && active.includes(leader) ? [leader] : [])].sort((a, b) => stronger(rules, a, b))[0]!;
    let progressed = false;
    const tryBid = (s: Standing, price: bigint): boolean => {
      if (checkPrice(rules, state, s, price)) return true; // not valid for it (own step, tie): skip
      const bid = accept(rules, state, s, price, nowUs, meta);
      if (isRefusal(bid)) return false; // the lot closed
      out.push(bid);
      progressed = true;
      return true;
    };
    // The strongest goes first, so an equal limit reached later ranks behind it.
    const rivals = active.filter((s) => s !== strongest && hasRoom(s)).map((s) => s.proxyLimit!);
    if (strongest !== leader && leader?.proxyLimit != null && leader.canBid) rivals.push(leader.proxyLimit);
    let price = boundFor(rules, state, strongest);
    if (strongest !== leader && leader?.price != null) price = betterOf(rules.kind, price, beat(rules, leader.price));
    for (const limit of rivals) price = betterOf(rules.kind, price, beat(rules, limit));
    price = worseOf(rules.kind, price, strongest.proxyLimit!);
    if (strongest.price === null || isBetter(rules.kind, price, strongest.price)) {
      if (!tryBid(strongest, price)) return;
    }
    for (const s of movers) {
      if (s === strongest || !hasRoom(s)) continue;
      if (!tryBid(s, s.proxyLimit!)) return;
    }
    if (!progressed) return;
  }
}

// --- conversions ---------------------------------------------------------------------------

/** "123.45" → 12345n; null when the text has more than 2 decimals or is not a plain number. */
export function toCents(value: string): bigint | null {
  const match = /^(-?)(\d{1,15})(?:\.(\d{1,4}))?$/.exec(value);
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(4, '0');
  if (fraction.slice(2) !== '00') return null;
  const cents = BigInt(match[2]!) * 100n + BigInt(fraction.slice(0, 2));
  return match[1] ? -cents : cents;
}

/** 12345n → "123.45" */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** µs since the epoch → ISO 8601 with microseconds (PostgreSQL reads it exactly). */
export function usToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(us - ms * 1000).padStart(3, '0')}Z`);
}
