import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { query, type Db, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { Decimal } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { organizationsByIds } from '../identity/index.ts';
import { ineligibility, mayTakePart, notEligible } from './common.ts';
import {
  findLeader,
  fromCents,
  placeBid,
  rankOf,
  setProxy,
  usToIso,
  toCents,
  type AcceptedBid,
  type BidOutcome,
  type LotRules,
  type LotState,
  type Refusal,
  type Standing,
} from './engine.ts';
import './errors.ts';

/**
 * Bids of one lot are applied in batches, one transaction per batch, each under the lot's row
 * lock: the lock orders them (a per-lot sequence), the database clock read under it decides
 * whether each is in time, and the anti-sniping extension moves the end in the same place.
 *
 * Why batches: the lot row is the hot spot. A transaction per bid holds the lock through its
 * commit (a WAL flush, ~3 ms on our disks), so one lot could take only ~300 bids/s however many
 * processes serve it. Here each process keeps one transaction in flight per lot; bids arriving
 * meanwhile queue and go into the next one, applied one by one in arrival order with the rules
 * of engine.ts, and each request is answered only after its batch committed. Throughput grows
 * with load, every accepted bid is durable before anyone hears of it, and across processes the
 * lot lock still gives one total order. A refused bid writes nothing; the batch goes on.
 */
const MAX_BATCH = 400;

export interface BidResult {
  lotId: string;
  seq: number;
  price: string;
  acceptedAt: string;
  kind: 'manual' | 'proxy';
  /** The bidder's rank right after this bid (and any proxy bids it provoked). */
  rank: number | null;
  /** Only when the lot shows the best price. */
  bestPrice: string | null;
  endsAt: string;
  extended: boolean;
  extensions: number;
  /** Proxy bids this request caused, own or others'. */
  proxyBids: number;
}

export interface ProxyResult {
  lotId: string;
  proxyLimit: string | null;
  rank: number | null;
  price: string | null;
  endsAt: string;
  proxyBids: number;
}

type Op =
  | { type: 'bid'; orgId: string; orgKinds: readonly string[]; actorId: string; requestId: string; cents: bigint; resolve: (r: BidResult) => void; reject: (e: unknown) => void }
  | { type: 'proxy'; orgId: string; orgKinds: readonly string[]; actorId: string; requestId: string; cents: bigint | null; resolve: (r: ProxyResult) => void; reject: (e: unknown) => void };

interface LotRow {
  id: string;
  kind: 'reverse' | 'forward';
  status: string;
  owner_org_id: string;
  access: string;
  currency: string;
  start_price: string;
  step_type: 'absolute' | 'percent';
  step_value: string;
  bid_rule: 'beat_own' | 'beat_best';
  tie_policy: 'refuse' | 'rank_behind';
  visibility: 'rank' | 'best_price';
  proxy_allowed: boolean;
  deposit_amount: string;
  snipe_window_seconds: number;
  extension_seconds: number;
  max_extensions: number;
  extend_from: 'close' | 'bid';
  trigger_rank: number;
  extensions: number;
  seq: string;
  last_bid_us: string;
  chain_hash: string;
  starts_us: string;
  ends_us: string;
}

interface ParticipantJson {
  o: string;
  s: string;
  d: string;
  p: string | null;
  q: number | null;
  n: number;
  l: string | null;
  lt: number | null;
}

export function rulesOf(lot: Pick<LotRow, 'kind' | 'start_price' | 'step_type' | 'step_value' | 'bid_rule' | 'tie_policy' | 'proxy_allowed' | 'snipe_window_seconds' | 'extension_seconds' | 'max_extensions' | 'extend_from' | 'trigger_rank' | 'starts_us'>): LotRules {
  return {
    kind: lot.kind,
    startCents: toCents(lot.start_price)!,
    stepType: lot.step_type,
    stepCents: lot.step_type === 'absolute' ? toCents(lot.step_value)! : 0n,
    stepPercent: new Decimal(lot.step_value),
    bidRule: lot.bid_rule,
    tiePolicy: lot.tie_policy,
    proxyAllowed: lot.proxy_allowed,
    startsUs: Number(lot.starts_us),
    snipeWindowUs: lot.snipe_window_seconds * 1e6,
    extensionUs: lot.extension_seconds * 1e6,
    maxExtensions: lot.max_extensions,
    extendFrom: lot.extend_from,
    triggerRank: lot.trigger_rank,
  };
}

/** Each process's bid desk per database: one queue and at most one transaction in flight per lot. */
export class BidDesk {
  private readonly queues = new Map<string, Op[]>();
  /** Per-bid audit entries (global hash chain, global lock): off by default, see docs/p2p.md. */
  auditEachBid = process.env.COTRADE_AUCTION_AUDIT_BIDS === '1';

  constructor(private readonly db: Db) {}

  bid(ctx: Ctx, lotId: string, cents: bigint): Promise<BidResult> {
    const actor = requireActor(ctx);
    return new Promise((resolve, reject) => this.enqueue(lotId, { type: 'bid', orgId: actor.orgId!, orgKinds: actor.orgKinds, actorId: actor.id, requestId: ctx.requestId, cents, resolve, reject }));
  }

  proxy(ctx: Ctx, lotId: string, cents: bigint | null): Promise<ProxyResult> {
    const actor = requireActor(ctx);
    return new Promise((resolve, reject) => this.enqueue(lotId, { type: 'proxy', orgId: actor.orgId!, orgKinds: actor.orgKinds, actorId: actor.id, requestId: ctx.requestId, cents, resolve, reject }));
  }

  private enqueue(lotId: string, op: Op): void {
    const queue = this.queues.get(lotId);
    if (queue) {
      queue.push(op);
      return;
    }
    this.queues.set(lotId, [op]);
    void this.drain(lotId);
  }

  private async drain(lotId: string): Promise<void> {
    const queue = this.queues.get(lotId)!;
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const settle = await this.apply(lotId, batch);
        settle();
      } catch (error) {
        for (const op of batch) op.reject(error);
      }
    }
    this.queues.delete(lotId);
  }

  /** One batch in one transaction; returns what to answer, run once the commit succeeded. */
  private async apply(lotId: string, batch: Op[]): Promise<() => void> {
    // The bidders' organisation status is read as the batch starts, before the lot lock: a
    // suspension committed before the batch is seen, and the read costs the lock holder nothing
    // (the other process usually holds the lock meanwhile anyway).
    const early = await organizationsByIds(this.db, [...new Set(batch.map((op) => op.orgId))]);
    return this.db.transaction(async (tx) => {
      const [lot] = await query<LotRow>(
        tx,
        sql`select id, kind, status, owner_org_id, access, currency, start_price::text, step_type, step_value::text, bid_rule, tie_policy, visibility,
                   proxy_allowed, deposit_amount::text, snipe_window_seconds, extension_seconds, max_extensions, extend_from, trigger_rank,
                   extensions, seq::text, last_bid_us::text, chain_hash,
                   (extract(epoch from starts_at) * 1000000)::bigint::text as starts_us,
                   (extract(epoch from ends_at) * 1000000)::bigint::text as ends_us
            from auction_lots where id = ${lotId} for update`,
      );
      if (!lot) {
        const missing = notFound('auction lot', lotId);
        return () => batch.forEach((op) => op.reject(missing));
      }
      // The clock is read after the lock is held: every bid of this batch arrived before it.
      const [snapshot] = await query<{ now_us: string; parts: ParticipantJson[] }>(
        tx,
        sql`select (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as now_us,
                   coalesce((select json_agg(json_build_object('o', org_id, 's', status, 'd', deposit_status, 'p', best_price::text, 'q', best_seq,
                     'n', bid_count, 'l', proxy_limit::text, 'lt', (extract(epoch from proxy_set_at) * 1000000)::bigint))
                     from auction_participants where lot_id = ${lotId}), '[]'::json) as parts`,
      );
      const nowUs = Number(snapshot!.now_us);
      const parts = new Map(snapshot!.parts.map((p) => [p.o, p]));
      // Proxy holders bid without a request of their own: their status is read here, under the lock.
      const proxyHolders = lot.proxy_allowed ? snapshot!.parts.filter((p) => p.l !== null).map((p) => p.o) : [];
      const orgs = [...early];
      const looked = new Set([...batch.map((op) => op.orgId), ...proxyHolders]);
      const unread = proxyHolders.filter((o) => !orgs.some((x) => x.id === o));
      if (unread.length) orgs.push(...(await organizationsByIds(tx, unread)));
      const active = new Set(orgs.filter((o) => o.status === 'active').map((o) => o.id));

      const rules = rulesOf(lot);
      const standings = new Map<string, Standing>();
      for (const p of snapshot!.parts) {
        standings.set(p.o, {
          orgId: p.o,
          price: p.p === null ? null : toCents(p.p),
          seq: p.q,
          bidCount: p.n,
          proxyLimit: p.l === null ? null : toCents(p.l),
          proxySetUs: p.lt,
          canBid: ineligibility(lotLike(lot), { status: p.s, depositStatus: p.d }) === null && (!looked.has(p.o) || active.has(p.o)),
          ranked: p.s !== 'disqualified',
        });
      }
      const state: LotState = {
        seq: Number(lot.seq),
        lastUs: Number(lot.last_bid_us),
        endsUs: Number(lot.ends_us),
        extensions: lot.extensions,
        standings,
        leader: null,
      };
      state.leader = findLeader(rules, standings.values());
      const startSeq = state.seq;
      const answers: Array<() => void> = [];
      const accepted: AcceptedBid[] = [];

      for (const op of batch) {
        const refusal = gate(lot, op, parts.get(op.orgId) ?? null, active.has(op.orgId));
        if (refusal) {
          answers.push(() => op.reject(refusal));
          continue;
        }
        const outcome: BidOutcome =
          op.type === 'bid'
            ? placeBid(rules, state, { orgId: op.orgId, price: op.cents, actorId: op.actorId, requestId: op.requestId }, nowUs)
            : setProxy(rules, state, { orgId: op.orgId, limit: op.cents, actorId: op.actorId, requestId: op.requestId }, nowUs);
        if (outcome.refusal) {
          const problem = refusalProblem(lot, rules.kind, outcome.refusal, state, op.type === 'bid' ? op.cents : null);
          answers.push(() => op.reject(problem));
          continue;
        }
        accepted.push(...outcome.accepted);
        const own = standings.get(op.orgId)!;
        const rank = rankOf(rules, state, own);
        const endsAt = usToIso(state.endsUs);
        if (op.type === 'bid') {
          const bid = outcome.accepted[0]!;
          const result: BidResult = {
            lotId,
            seq: bid.seq,
            price: fromCents(bid.price),
            acceptedAt: usToIso(bid.acceptedUs),
            kind: 'manual',
            rank,
            bestPrice: lot.visibility === 'best_price' && state.leader?.price != null ? fromCents(state.leader.price) : null,
            endsAt,
            extended: outcome.accepted.some((b) => b.extended),
            extensions: state.extensions,
            proxyBids: outcome.accepted.length - 1,
          };
          answers.push(() => op.resolve(result));
        } else {
          const result: ProxyResult = {
            lotId,
            proxyLimit: op.cents === null ? null : fromCents(op.cents),
            rank,
            price: own.price === null ? null : fromCents(own.price),
            endsAt,
            proxyBids: outcome.accepted.length,
          };
          answers.push(() => op.resolve(result));
        }
      }

      const dirty = [...standings.values()].filter((s) => s.dirty);
      if (dirty.length) await writeBatch(tx, lot, state, accepted, dirty);
      if (accepted.length) {
        await emitEvent(
          tx,
          'auctions.lot.bids_accepted',
          {
            lotId,
            fromSeq: startSeq + 1,
            seq: state.seq,
            bidCount: accepted.length,
            endsUs: state.endsUs,
            extensions: state.extensions,
            lastUs: state.lastUs,
            // [orgId, price in cents, seq] of every standing this batch changed.
            standings: dirty.filter((s) => s.price !== null).map((s) => [s.orgId, s.price!.toString(), s.seq]),
          },
          lot.owner_org_id,
        );
        if (this.auditEachBid) {
          for (const bid of accepted) {
            const ctx: Ctx = { db: this.db, lang: 'en', requestId: bid.requestId ?? 'proxy', ip: null, actor: null };
            await recordAudit(tx, ctx, { action: 'auctions.bid.accepted', targetType: 'auction_lot', targetId: lotId, orgId: bid.orgId, data: { seq: bid.seq, price: fromCents(bid.price), kind: bid.kind } });
          }
        }
      }
      return () => answers.forEach((answer) => answer());
    });
  }
}

/** Refusals that do not depend on the price: visibility (404), lot status, eligibility. */
function gate(lot: LotRow, op: Op, participant: ParticipantJson | null, orgActive: boolean): Problem | null {
  if (op.orgId === lot.owner_org_id) return notEligible(lot.id, 'owner');
  const visible = lot.status !== 'draft' && (participant !== null || (lot.access === 'public' && mayTakePart(lot.kind, op.orgKinds)));
  if (!visible) return notFound('auction lot', lot.id);
  if (lot.status !== 'published') return new Problem('auctions.lot_closed', { lotId: lot.id, endsAt: usToIso(Number(lot.ends_us)) }, { endsAt: usToIso(Number(lot.ends_us)) });
  if (!mayTakePart(lot.kind, op.orgKinds)) return notEligible(lot.id, 'wrong_party');
  const reason = ineligibility(lotLike(lot), participant ? { status: participant.s, depositStatus: participant.d } : null);
  if (reason) return notEligible(lot.id, reason);
  if (!orgActive) return notEligible(lot.id, 'organization_inactive');
  return null;
}

const lotLike = (lot: LotRow) => ({ depositAmount: lot.deposit_amount });

function refusalProblem(lot: LotRow, kind: 'reverse' | 'forward', refusal: Refusal, state: LotState, price: bigint | null): Problem {
  const direction = kind === 'reverse' ? { en: 'at most', zh: '不高于' } : { en: 'at least', zh: '不低于' };
  switch (refusal.code) {
    case 'auctions.lot_not_started':
      return new Problem(refusal.code, { lotId: lot.id, startsAt: usToIso(Number(lot.starts_us)) }, { startsAt: usToIso(Number(lot.starts_us)) });
    case 'auctions.lot_closed':
      return new Problem(refusal.code, { lotId: lot.id, endsAt: usToIso(state.endsUs) }, { endsAt: usToIso(state.endsUs) });
    case 'auctions.bid_out_of_range':
    case 'auctions.bid_step': {
      const limit = fromCents(refusal.limit!);
      return new Problem(refusal.code, { direction: direction.en, directionZh: direction.zh, limit, currency: lot.currency }, { limit, currency: lot.currency }, [
        { pointer: '/price', in: 'body', message: `must be ${direction.en} ${limit}` },
      ]);
    }
    case 'auctions.bid_tie':
      return new Problem(refusal.code, { price: price === null ? '' : fromCents(price), currency: lot.currency });
    case 'auctions.not_eligible':
      return notEligible(lot.id, 'not_registered');
    case 'auctions.proxy_not_allowed':
      return new Problem(refusal.code, { lotId: lot.id });
  }
}

/**
 * Bids (hash-chained), changed standings and the lot's hot columns, in one statement (data-
 * modifying CTEs): every round trip here is time the lot lock is held.
 */
async function writeBatch(tx: Tx, lot: LotRow, state: LotState, accepted: AcceptedBid[], dirty: Standing[]): Promise<void> {
  let prev = lot.chain_hash;
  const bidRows = accepted.map((b) => {
    const acceptedAt = usToIso(b.acceptedUs);
    const price = fromCents(b.price);
    const hash = bidHash(prev, { lotId: lot.id, seq: b.seq, orgId: b.orgId, actorId: b.actorId, price, kind: b.kind, acceptedAt });
    const row = sql`(${lot.id}, ${b.seq}, ${b.orgId}, ${b.actorId}, ${price}::numeric, ${b.kind}, ${acceptedAt}::timestamptz, ${b.requestId}, ${prev}, ${hash})`;
    prev = hash;
    return row;
  });
  const standings = dirty.map(
    (s) =>
      sql`(${s.orgId}, ${s.price === null ? null : fromCents(s.price)}, ${s.seq === null ? null : String(s.seq)}, ${String(s.bidCount)}, ${s.proxyLimit === null ? null : fromCents(s.proxyLimit)}, ${s.proxySetUs === null ? null : usToIso(s.proxySetUs)})`,
  );
  const leader = state.leader;
  const updateStandings = sql`update auction_participants p set best_price = v.price::numeric, best_seq = v.seq::bigint, bid_count = v.n::int,
        proxy_limit = v.pl::numeric, proxy_set_at = v.pt::timestamptz, updated_at = now()
      from (values ${sql.join(standings, sql`, `)}) as v(org_id, price, seq, n, pl, pt)
      where p.lot_id = ${lot.id} and p.org_id = v.org_id`;
  const updateLot = sql`update auction_lots set seq = ${state.seq}, bid_count = bid_count + ${accepted.length},
        best_price = ${leader?.price != null ? fromCents(leader.price) : null}::numeric, best_org_id = ${leader?.orgId ?? null}, best_seq = ${leader?.seq ?? null}::bigint,
        ends_at = ${usToIso(state.endsUs)}::timestamptz, extensions = ${state.extensions}, last_bid_us = ${state.lastUs},
        chain_hash = ${prev}, updated_at = now()
      where id = ${lot.id}`;
  // A proxy storm could make a batch too big for one statement's parameters: then in pieces.
  if (bidRows.length > 2000) {
    for (let i = 0; i < bidRows.length; i += 1000) {
      await query(tx, sql`insert into auction_bids (lot_id, seq, org_id, actor_id, price, kind, accepted_at, request_id, prev_hash, hash) values ${sql.join(bidRows.slice(i, i + 1000), sql`, `)}`);
    }
    await query(tx, updateStandings);
    await query(tx, updateLot);
    return;
  }
  const insertBids = bidRows.length
    ? sql`ins as (insert into auction_bids (lot_id, seq, org_id, actor_id, price, kind, accepted_at, request_id, prev_hash, hash) values ${sql.join(bidRows, sql`, `)} returning 1), `
    : sql``;
  await query(tx, sql`with ${insertBids}std as (${updateStandings} returning 1), lot as (${updateLot} returning 1) select (select count(*) from std) as standings`);
}

/** Hash of one bid, covering the previous bid's hash: the per-lot chain. */
export function bidHash(prev: string, bid: { lotId: string; seq: number; orgId: string; actorId: string | null; price: string; kind: string; acceptedAt: string }): string {
  return createHash('sha256')
    .update(`${prev}\n${bid.lotId}|${bid.seq}|${bid.orgId}|${bid.actorId ?? ''}|${bid.price}|${bid.kind}|${bid.acceptedAt}`)
    .digest('hex');
}

function requireActor(ctx: Ctx): Actor {
  const actor = ctx.actor;
  if (!actor?.orgId) throw new Problem('auth.unauthenticated');
  return actor;
}

const desks = new WeakMap<Db, BidDesk>();
/** The desk of this process for a database (tests run several platforms in one process). */
export function bidDesk(db: Db): BidDesk {
  let desk = desks.get(db);
  if (!desk) desks.set(db, (desk = new BidDesk(db)));
  return desk;
}
