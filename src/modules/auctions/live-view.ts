import { sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { query, type Db } from '../../platform/db.ts';
import type { DomainEvent, EventBus } from '../../platform/events.ts';
import type { LiveChannel, LiveTopicHandler } from '../../platform/live.ts';
import { organizationsByIds } from '../identity/index.ts';
import { lotForActor, type LotRole } from './common.ts';
import { fromCents, isBetter, toCents, usToIso, type Direction } from './engine.ts';

/**
 * The `auction:<lotId>` topic of the live channel. Each process keeps, per watched lot, the
 * standings (bidder → price, sequence) and the lot's clock-relevant fields, loaded once from the
 * database and then advanced by `auctions.lot.bids_accepted` events, which every process hears
 * (LISTEN/NOTIFY) in commit order — the lot lock makes commit order sequence order. An event
 * whose `fromSeq` does not follow the state's `seq` means one was missed: the lot is reloaded.
 * Any other lot or participant event reloads it as well (rare).
 *
 * What each viewer is sent follows the lot's visibility: bidders their own rank and price (and
 * the best price when the lot shows it, never who holds it); the owner and supervisors the whole
 * ranking with names; observers of a public lot its clock, and the best price when shown.
 */
export interface LotLive {
  lotId: string;
  kind: Direction;
  status: string;
  visibility: string;
  currency: string;
  startsUs: number;
  endsUs: number;
  scheduledEndsUs: number;
  extensions: number;
  maxExtensions: number;
  seq: number;
  bidCount: number;
  lastUs: number;
  startPrice: string;
  /** orgId → [price in cents, seq] of ranked bidders */
  standings: Map<string, [bigint, number]>;
  names: Map<string, string>;
  bidders: number;
  winnerOrgId: string | null;
  /** Computed on first render of this state. */
  ranked?: Array<[string, bigint, number]>;
  ranks?: Map<string, number>;
}

interface Viewer {
  role: LotRole;
  orgId: string | null;
}

function rankedOf(s: LotLive): Array<[string, bigint, number]> {
  if (!s.ranked) {
    s.ranked = [...s.standings].map(([o, [p, q]]) => [o, p, q] as [string, bigint, number]).sort((a, b) => (a[1] === b[1] ? a[2] - b[2] : isBetter(s.kind, a[1], b[1]) ? -1 : 1));
    s.ranks = new Map(s.ranked.map((r, i) => [r[0], i + 1]));
  }
  return s.ranked;
}

export async function loadLotLive(db: Db, lotId: string): Promise<LotLive | null> {
  const [lot] = await query<{
    kind: Direction;
    status: string;
    visibility: string;
    currency: string;
    starts_us: string;
    ends_us: string;
    scheduled_us: string;
    extensions: number;
    max_extensions: number;
    seq: string;
    bid_count: number;
    last_bid_us: string;
    start_price: string;
    winner_org_id: string | null;
  }>(
    db,
    sql`select kind, status, visibility, currency, (extract(epoch from starts_at) * 1000000)::bigint::text as starts_us,
               (extract(epoch from ends_at) * 1000000)::bigint::text as ends_us, (extract(epoch from scheduled_ends_at) * 1000000)::bigint::text as scheduled_us,
               extensions, max_extensions, seq::text, bid_count, last_bid_us::text, start_price::text, winner_org_id
        from auction_lots where id = ${lotId}`,
  );
  if (!lot) return null;
  const parts = await query<{ org_id: string; status: string; best_price: string | null; best_seq: string | null }>(
    db,
    sql`select org_id, status, best_price::text, best_seq::text from auction_participants where lot_id = ${lotId}`,
  );
  const names = new Map((await organizationsByIds(db, parts.map((p) => p.org_id))).map((o) => [o.id, o.name]));
  const standings = new Map<string, [bigint, number]>();
  for (const p of parts) if (p.best_price !== null && p.status !== 'disqualified') standings.set(p.org_id, [toCents(p.best_price)!, Number(p.best_seq)]);
  return {
    lotId,
    kind: lot.kind,
    status: lot.status,
    visibility: lot.visibility,
    currency: lot.currency,
    startsUs: Number(lot.starts_us),
    endsUs: Number(lot.ends_us),
    scheduledEndsUs: Number(lot.scheduled_us),
    extensions: lot.extensions,
    maxExtensions: lot.max_extensions,
    seq: Number(lot.seq),
    bidCount: lot.bid_count,
    lastUs: Number(lot.last_bid_us),
    startPrice: lot.start_price,
    standings,
    names,
    bidders: parts.filter((p) => ['approved'].includes(p.status)).length,
    winnerOrgId: lot.winner_org_id,
  };
}

interface BidsAccepted {
  lotId: string;
  fromSeq: number;
  seq: number;
  bidCount: number;
  endsUs: number;
  extensions: number;
  lastUs: number;
  standings: Array<[string, string, number]>;
}

/** Advances a state by one batch of bids, or asks for a reload (null) when a batch was missed. */
export function applyBids(prev: LotLive, e: BidsAccepted): LotLive | null {
  if (e.seq <= prev.seq) return prev; // already in the state (loaded after this commit)
  if (e.fromSeq !== prev.seq + 1) return null;
  for (const [orgId, cents, seq] of e.standings) {
    if (!prev.standings.has(orgId) && !prev.names.has(orgId)) return null; // a bidder this state does not know (registered since): reload to learn its name
    const current = prev.standings.get(orgId);
    // The participants were read a moment after the lot row, so a standing may already be newer.
    if (!current || current[1] < seq) prev.standings.set(orgId, [BigInt(cents), seq]);
  }
  return { ...prev, seq: e.seq, bidCount: prev.bidCount + e.bidCount, endsUs: e.endsUs, extensions: e.extensions, lastUs: e.lastUs, ranked: undefined, ranks: undefined };
}

function render(s: LotLive, viewer: Viewer): Record<string, unknown> {
  const ranked = rankedOf(s);
  const best = ranked[0];
  const base = {
    lotId: s.lotId,
    kind: s.kind,
    status: s.status,
    currency: s.currency,
    startsAt: usToIso(s.startsUs),
    endsAt: usToIso(s.endsUs),
    endsAtMs: Math.floor(s.endsUs / 1000),
    startsAtMs: Math.floor(s.startsUs / 1000),
    scheduledEndsAt: usToIso(s.scheduledEndsUs),
    extensions: s.extensions,
    maxExtensions: s.maxExtensions,
    seq: s.seq,
    bidCount: s.bidCount,
    bidders: ranked.length,
    startPrice: s.startPrice,
  };
  if (viewer.role === 'owner' || viewer.role === 'operator') {
    return {
      ...base,
      view: 'full',
      bestPrice: best ? fromCents(best[1]) : null,
      standings: ranked.slice(0, 100).map(([orgId, price, seq], i) => ({ rank: i + 1, orgId, name: s.names.get(orgId) ?? null, price: fromCents(price), seq })),
      winnerOrgId: s.winnerOrgId,
    };
  }
  const showBest = s.visibility === 'best_price';
  if (viewer.role === 'bidder' && viewer.orgId) {
    const mine = s.standings.get(viewer.orgId);
    const rank = s.ranks!.get(viewer.orgId) ?? null;
    return {
      ...base,
      view: 'bidder',
      bestPrice: showBest && best ? fromCents(best[1]) : null,
      myRank: rank,
      myPrice: mine ? fromCents(mine[0]) : null,
      leading: rank === 1,
      won: s.winnerOrgId !== null ? s.winnerOrgId === viewer.orgId : null,
    };
  }
  return { ...base, view: 'observer', bestPrice: showBest && best ? fromCents(best[1]) : null };
}

export const lotTopicHandler = (db: Db): LiveTopicHandler<LotLive, Viewer> => ({
  async authorize(actor: Actor, lotId: string) {
    try {
      const access = await lotForActor(db, actor, lotId);
      return { role: access.role, orgId: actor.orgId };
    } catch {
      return null;
    }
  },
  load: (lotId) => loadLotLive(db, lotId),
  render,
  viewKey: (v) => (v.role === 'bidder' ? `b:${v.orgId}` : v.role === 'operator' ? 'owner' : v.role),
});

/** Wires the topic: bid batches advance watched lots; every other lot event reloads them. */
export function registerLotTopic(live: LiveChannel, bus: EventBus, db: Db): void {
  live.register('auction', lotTopicHandler(db));
  bus.on('*', (event: DomainEvent) => {
    if (!event.topic.startsWith('auctions.')) return;
    const lotId = (event.payload as { lotId?: unknown }).lotId;
    if (typeof lotId !== 'string') return;
    const topic = `auction:${lotId}`;
    if (!live.isWatched(topic)) return;
    if (event.topic === 'auctions.lot.bids_accepted') live.update<LotLive>(topic, (prev) => applyBids(prev, event.payload as unknown as BidsAccepted));
    else live.invalidate(topic);
  });
}

/** The state the channel would push to the caller now, with the server clock (GET …/live). */
export async function liveSnapshot(ctx: Ctx, lotId: string): Promise<{ serverTime: number; data: Record<string, unknown> }> {
  const access = await lotForActor(ctx.db, ctx.actor, lotId);
  const state = await loadLotLive(ctx.db, lotId);
  const [clock] = await query<{ ms: string }>(ctx.db, sql`select (extract(epoch from clock_timestamp()) * 1000)::bigint::text as ms`);
  return { serverTime: Number(clock!.ms), data: render(state!, { role: access.role, orgId: ctx.actor?.orgId ?? null }) };
}
