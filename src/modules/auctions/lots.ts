import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import { hasPermission, type Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { dec, money, qty } from '../../platform/money.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { invalidField, Problem } from '../../platform/problem.ts';
import { organizationsByIds } from '../identity/index.ts';
import { GENESIS_HASH, ineligibility, lotForActor, lotForOwner, mayTakePart, type LotAccess, type LotRole } from './common.ts';
import { toCents } from './engine.ts';
import './errors.ts';
import { refundAllDeposits } from './participants.ts';
import { PERM } from './permissions.ts';
import { transition } from './lot.state.ts';
import { auctionLots, auctionParticipants, type AuctionLotRow, type AuctionParticipantRow } from './schema.ts';

export interface AntiSnipingInput {
  windowSeconds: number;
  extensionSeconds: number;
  maxExtensions: number;
  extendFrom?: 'close' | 'bid';
  triggerRank?: number;
}

export interface LotInput {
  kind: 'reverse' | 'forward';
  title: string;
  description?: string | null;
  categoryCode?: string | null;
  itemName: string;
  itemSpec?: string | null;
  uom: string;
  quantity: string;
  taxRate: string;
  deliveryAddress?: string | null;
  deliveryRegion?: string | null;
  startPrice: string;
  reservePrice?: string | null;
  stepType: 'absolute' | 'percent';
  stepValue: string;
  bidRule?: 'beat_own' | 'beat_best';
  tiePolicy: 'refuse' | 'rank_behind';
  visibility: 'rank' | 'best_price';
  proxyAllowed?: boolean;
  access: 'invited' | 'public';
  requiresApproval?: boolean;
  depositAmount?: string;
  startsAt: string;
  endsAt: string;
  antiSniping?: AntiSnipingInput | null;
}

const MAX_DURATION_MS = 31 * 86_400_000;

/** Field-level checks of a lot's settings (each failure names its field). */
function lotValues(input: LotInput) {
  const cents = (pointer: string, value: string) => {
    const c = toCents(value);
    if (c === null || c <= 0n) throw invalidField(pointer, 'must be a positive amount with at most 2 decimals');
    return c;
  };
  const start = cents('/startPrice', input.startPrice);
  const reserve = input.reservePrice == null ? null : cents('/reservePrice', input.reservePrice);
  if (reserve !== null && (input.kind === 'reverse' ? reserve > start : reserve < start)) {
    throw invalidField('/reservePrice', input.kind === 'reverse' ? 'must not be above the start price' : 'must not be below the start price');
  }
  const step = dec(input.stepValue);
  if (input.stepType === 'absolute') {
    const c = cents('/stepValue', input.stepValue);
    if (input.kind === 'reverse' && c >= start) throw invalidField('/stepValue', 'must be below the start price');
  } else if (step.lte(0) || step.gt(50) || step.decimalPlaces() > 4) {
    throw invalidField('/stepValue', 'a percentage above 0 and at most 50');
  }
  const quantity = dec(input.quantity);
  if (quantity.lte(0)) throw invalidField('/quantity', 'must be positive');
  const taxRate = dec(input.taxRate);
  if (taxRate.isNeg() || taxRate.gte(1)) throw invalidField('/taxRate', 'must be a fraction like 0.13');
  const deposit = input.depositAmount === undefined ? 0n : toCents(input.depositAmount);
  if (deposit === null || deposit < 0n) throw invalidField('/depositAmount', 'must be an amount with at most 2 decimals');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (Number.isNaN(startsAt.getTime())) throw invalidField('/startsAt', 'must be a date-time');
  if (Number.isNaN(endsAt.getTime())) throw invalidField('/endsAt', 'must be a date-time');
  if (endsAt <= startsAt) throw invalidField('/endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS) throw invalidField('/endsAt', 'at most 31 days after startsAt');
  const snipe = input.antiSniping ?? null;
  if (snipe && snipe.windowSeconds > 0) {
    if (snipe.extensionSeconds < 1) throw invalidField('/antiSniping/extensionSeconds', 'must be at least 1 second when the window is set');
  }
  return {
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    categoryCode: input.categoryCode ?? null,
    itemName: input.itemName,
    itemSpec: input.itemSpec ?? null,
    uom: input.uom,
    quantity: quantity.toFixed(3),
    taxRate: taxRate.toFixed(4),
    deliveryAddress: input.deliveryAddress ?? null,
    deliveryRegion: input.deliveryRegion ?? null,
    startPrice: money(input.startPrice),
    reservePrice: input.reservePrice == null ? null : money(input.reservePrice),
    stepType: input.stepType,
    stepValue: input.stepType === 'absolute' ? money(input.stepValue) : step.toFixed(4),
    bidRule: input.bidRule ?? (input.kind === 'reverse' ? 'beat_own' : 'beat_best'),
    tiePolicy: input.tiePolicy,
    visibility: input.visibility,
    proxyAllowed: input.proxyAllowed ?? false,
    access: input.access,
    requiresApproval: input.requiresApproval ?? false,
    depositAmount: money(input.depositAmount ?? '0'),
    startsAt,
    endsAt,
    scheduledEndsAt: endsAt,
    snipeWindowSeconds: snipe?.windowSeconds ?? 0,
    extensionSeconds: snipe && snipe.windowSeconds > 0 ? snipe.extensionSeconds : 0,
    maxExtensions: snipe && snipe.windowSeconds > 0 ? snipe.maxExtensions : 0,
    extendFrom: snipe?.extendFrom ?? 'close',
    triggerRank: snipe?.triggerRank ?? 1,
  };
}

/** Creates a draft lot for the caller's (buyer) organisation. */
export async function createLot(ctx: Ctx, input: LotInput): Promise<LotView> {
  const actor = ctx.actor!;
  const values = lotValues(input);
  return ctx.db.transaction(async (tx) => {
    const id = newId('lot');
    const number = await nextDocumentNumber(tx, actor.orgId!, input.kind === 'reverse' ? 'RA' : 'FA');
    const [lot] = await tx
      .insert(auctionLots)
      .values({ id, number, ownerOrgId: actor.orgId!, createdBy: actor.userId ?? actor.id, status: 'draft', chainHash: GENESIS_HASH, ...values })
      .returning();
    await emitEvent(tx, 'auctions.lot.created', { lotId: id, number, kind: input.kind, ownerOrgId: actor.orgId }, actor.orgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.created', targetType: 'auction_lot', targetId: id, data: { number, kind: input.kind, title: input.title, startPrice: values.startPrice, access: input.access } });
    return toLotView(lot!, { lot: lot!, role: 'owner', participant: null }, null);
  });
}

/** Replaces a draft's settings (the version read must still be current). */
export async function updateLot(ctx: Ctx, lotId: string, input: LotInput & { version?: number }): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    assertVersion('auction lot', lot.version, { version: input.version });
    transition(lot.status, 'edit');
    const values = lotValues(input);
    if (values.kind !== lot.kind) throw invalidField('/kind', 'cannot change the kind of a lot');
    const [updated] = await tx
      .update(auctionLots)
      .set({ ...values, updatedAt: new Date(), version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    await emitEvent(tx, 'auctions.lot.updated', { lotId, version: updated!.version }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.updated', targetType: 'auction_lot', targetId: lotId, data: { version: updated!.version } });
    return toLotView(updated!, { lot: updated!, role: 'owner', participant: null }, null);
  });
}

/** draft → published: invitees (and, for public lots, everyone who may take part) can see it and register. */
export async function publishLot(ctx: Ctx, lotId: string): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    const next = transition(lot.status, 'publish');
    const [clock] = await query<{ ended: boolean }>(tx, sql`select ${lot.endsAt.toISOString()}::timestamptz <= clock_timestamp() as ended`);
    if (clock!.ended) throw invalidField('/endsAt', 'the end time has passed; edit the lot first');
    const [updated] = await tx
      .update(auctionLots)
      .set({ status: next, publishedAt: new Date(), updatedAt: new Date(), version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    const invitees = await tx.select({ orgId: auctionParticipants.orgId }).from(auctionParticipants).where(eq(auctionParticipants.lotId, lotId));
    await emitEvent(tx, 'auctions.lot.published', { lotId, number: lot.number, kind: lot.kind, access: lot.access, invitedOrgIds: invitees.map((i) => i.orgId), startsAt: lot.startsAt, endsAt: lot.endsAt }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.published', targetType: 'auction_lot', targetId: lotId, data: { number: lot.number, startsAt: lot.startsAt, endsAt: lot.endsAt, invitees: invitees.length } });
    return toLotView(updated!, { lot: updated!, role: 'owner', participant: null }, null);
  });
}

/** Cancels a lot that is not yet awarded; every deposit still held goes back. */
export async function cancelLot(ctx: Ctx, lotId: string, reason: string): Promise<LotView> {
  return ctx.db.transaction(async (tx) => {
    const lot = await lotForOwner(tx, ctx.actor, lotId, { lock: true });
    const next = transition(lot.status, 'cancel');
    const refunded = await refundAllDeposits(tx, ctx, lot, 'cancelled');
    const [updated] = await tx
      .update(auctionLots)
      .set({ status: next, outcomeReason: reason, updatedAt: new Date(), version: sql`${auctionLots.version} + 1` })
      .where(eq(auctionLots.id, lotId))
      .returning();
    await emitEvent(tx, 'auctions.lot.cancelled', { lotId, reason, depositsRefunded: refunded }, lot.ownerOrgId);
    await recordAudit(tx, ctx, { action: 'auctions.lot.cancelled', targetType: 'auction_lot', targetId: lotId, data: { reason, from: lot.status, depositsRefunded: refunded, seq: lot.seq, chainHash: lot.chainHash } });
    return toLotView(updated!, { lot: updated!, role: 'owner', participant: null }, null);
  });
}

// --- reading --------------------------------------------------------------------------------

export interface Standing {
  rank: number | null;
  price: string | null;
  bidCount: number;
}

export interface LotView {
  id: string;
  number: string;
  kind: string;
  status: string;
  role: LotRole;
  title: string;
  description: string | null;
  categoryCode: string | null;
  itemName: string;
  itemSpec: string | null;
  uom: string;
  quantity: string;
  taxRate: string;
  currency: string;
  deliveryAddress: string | null;
  deliveryRegion: string | null;
  startPrice: string;
  /** Owner and supervisors only. */
  reservePrice: string | null;
  reserveMet: boolean | null;
  stepType: string;
  stepValue: string;
  bidRule: string;
  tiePolicy: string;
  visibility: string;
  proxyAllowed: boolean;
  access: string;
  requiresApproval: boolean;
  depositAmount: string;
  startsAt: Date;
  endsAt: Date;
  scheduledEndsAt: Date;
  antiSniping: { windowSeconds: number; extensionSeconds: number; maxExtensions: number; extendFrom: string; triggerRank: number };
  extensions: number;
  seq: number;
  bidCount: number;
  /** The owner, supervisors, and bidders when the lot shows the best price. */
  bestPrice: string | null;
  /** The caller's own participation (bidders). */
  me: {
    status: string;
    depositStatus: string;
    depositAmount: string;
    rank: number | null;
    price: string | null;
    bidCount: number;
    proxyLimit: string | null;
    canBid: boolean;
    reason: string | null;
    won: boolean;
  } | null;
  /** The owner and supervisors always; the winner its own. */
  winnerOrgId: string | null;
  winningPrice: string | null;
  orderId: string | null;
  saleTotal: string | null;
  payBy: Date | null;
  paidAt: Date | null;
  collectedAt: Date | null;
  outcomeReason: string | null;
  publishedAt: Date | null;
  closedAt: Date | null;
  awardedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const seesAll = (role: LotRole) => role === 'owner' || role === 'operator';

export function toLotView(lot: AuctionLotRow, access: LotAccess, myRank: number | null): LotView {
  const { role, participant: p } = access;
  const all = seesAll(role);
  const won = Boolean(p && lot.winnerOrgId === p.orgId);
  const reason = role === 'bidder' ? ineligibility(lot, p) : null;
  const reserveMet = lot.bestPrice === null || lot.reservePrice === null ? (lot.bestPrice === null ? null : true) : lot.kind === 'reverse' ? dec(lot.bestPrice).lte(lot.reservePrice) : dec(lot.bestPrice).gte(lot.reservePrice);
  return {
    id: lot.id,
    number: lot.number,
    kind: lot.kind,
    status: lot.status,
    role,
    title: lot.title,
    description: lot.description,
    categoryCode: lot.categoryCode,
    itemName: lot.itemName,
    itemSpec: lot.itemSpec,
    uom: lot.uom,
    quantity: qty(lot.quantity),
    taxRate: dec(lot.taxRate).toFixed(4),
    currency: lot.currency,
    deliveryAddress: lot.deliveryAddress,
    deliveryRegion: lot.deliveryRegion,
    startPrice: money(lot.startPrice),
    reservePrice: all && lot.reservePrice !== null ? money(lot.reservePrice) : null,
    reserveMet: all ? reserveMet : null,
    stepType: lot.stepType,
    stepValue: lot.stepType === 'absolute' ? money(lot.stepValue) : dec(lot.stepValue).toString(),
    bidRule: lot.bidRule,
    tiePolicy: lot.tiePolicy,
    visibility: lot.visibility,
    proxyAllowed: lot.proxyAllowed,
    access: lot.access,
    requiresApproval: lot.requiresApproval,
    depositAmount: money(lot.depositAmount),
    startsAt: lot.startsAt,
    endsAt: lot.endsAt,
    scheduledEndsAt: lot.scheduledEndsAt,
    antiSniping: { windowSeconds: lot.snipeWindowSeconds, extensionSeconds: lot.extensionSeconds, maxExtensions: lot.maxExtensions, extendFrom: lot.extendFrom, triggerRank: lot.triggerRank },
    extensions: lot.extensions,
    seq: lot.seq,
    bidCount: lot.bidCount,
    bestPrice: lot.bestPrice !== null && (all || lot.visibility === 'best_price') ? money(lot.bestPrice) : null,
    me:
      role === 'bidder' && p
        ? {
            status: p.status,
            depositStatus: p.depositStatus,
            depositAmount: money(p.depositAmount),
            rank: myRank,
            price: p.bestPrice === null ? null : money(p.bestPrice),
            bidCount: p.bidCount,
            proxyLimit: p.proxyLimit === null ? null : money(p.proxyLimit),
            canBid: reason === null && lot.status === 'published',
            reason,
            won,
          }
        : null,
    winnerOrgId: all || won ? lot.winnerOrgId : null,
    winningPrice: (all || won) && lot.winningPrice !== null ? money(lot.winningPrice) : null,
    orderId: all || won ? lot.orderId : null,
    saleTotal: (all || won) && lot.saleTotal !== null ? money(lot.saleTotal) : null,
    payBy: all || won ? lot.payBy : null,
    paidAt: all || won ? lot.paidAt : null,
    collectedAt: all || won ? lot.collectedAt : null,
    outcomeReason: lot.outcomeReason,
    publishedAt: lot.publishedAt,
    closedAt: lot.closedAt,
    awardedAt: lot.awardedAt,
    createdAt: lot.createdAt,
    updatedAt: lot.updatedAt,
    version: lot.version,
  };
}

/** A participant's rank among those still ranked: better price first, then the earlier bid. */
export async function rankOfParticipant(tx: Tx, lot: Pick<AuctionLotRow, 'id' | 'kind'>, p: Pick<AuctionParticipantRow, 'bestPrice' | 'bestSeq' | 'status'> | null): Promise<number | null> {
  if (!p || p.bestPrice === null || p.status === 'disqualified') return null;
  const better = lot.kind === 'reverse' ? sql`best_price < ${p.bestPrice}::numeric` : sql`best_price > ${p.bestPrice}::numeric`;
  const [row] = await query<{ ahead: number }>(
    tx,
    sql`select count(*)::int as ahead from auction_participants
        where lot_id = ${lot.id} and status <> 'disqualified' and best_price is not null
          and (${better} or (best_price = ${p.bestPrice}::numeric and best_seq < ${p.bestSeq}))`,
  );
  return row!.ahead + 1;
}

export async function getLot(ctx: Ctx, lotId: string): Promise<LotView> {
  const access = await lotForActor(ctx.db, ctx.actor, lotId);
  return toLotView(access.lot, access, await rankOfParticipant(ctx.db, access.lot, access.participant));
}

export type LotScope = 'mine' | 'participating' | 'open' | 'all';

/**
 * Lots by scope: `mine` (owned), `participating` (invited or registered), `open` (published
 * public lots the caller may join, plus its invitations), `all` (platform supervision).
 */
export async function listLots(
  ctx: Ctx,
  filter: { scope: LotScope; kind?: string; status?: string; limit: number; cursor?: string },
): Promise<{ items: LotView[]; nextCursor: string | null }> {
  const actor = ctx.actor!;
  const orgId = actor.orgId!;
  const after = parseCursor(filter.cursor);
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(sql`l.kind = ${filter.kind}`);
  if (filter.status) conditions.push(sql`l.status = ${filter.status}`);
  if (after) conditions.push(sql`(l.created_at, l.id) < (${after[0]}::timestamptz, ${after[1]})`);
  if (filter.scope === 'mine') conditions.push(sql`l.owner_org_id = ${orgId}`);
  else if (filter.scope === 'participating') conditions.push(sql`l.status <> 'draft' and exists (select 1 from auction_participants p where p.lot_id = l.id and p.org_id = ${orgId})`);
  else if (filter.scope === 'open') {
    const kinds = ['reverse', 'forward'].filter((k) => mayTakePart(k, actor.orgKinds));
    conditions.push(sql`l.status = 'published' and l.owner_org_id <> ${orgId}`);
    conditions.push(
      kinds.length
        ? sql`((l.access = 'public' and l.kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})) or exists (select 1 from auction_participants p where p.lot_id = l.id and p.org_id = ${orgId}))`
        : sql`exists (select 1 from auction_participants p where p.lot_id = l.id and p.org_id = ${orgId})`,
    );
  } else if (!hasPermission(actor, PERM.supervise)) {
    throw new Problem('auth.forbidden', { permission: PERM.supervise });
  }
  const rows = await query<{ id: string; created_text: string }>(
    ctx.db,
    sql`select l.id, to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_text
        from auction_lots l where ${sql.join(conditions, sql` and `)} order by l.created_at desc, l.id desc limit ${filter.limit + 1}`,
  );
  const page = toPage(rows, filter.limit, (r) => [r.created_text, r.id]);
  const ids = page.items.map((r) => r.id);
  const lots = ids.length ? await ctx.db.select().from(auctionLots).where(inArray(auctionLots.id, ids)) : [];
  const participants = ids.length ? await ctx.db.select().from(auctionParticipants).where(and(inArray(auctionParticipants.lotId, ids), eq(auctionParticipants.orgId, orgId))) : [];
  const byId = new Map(lots.map((l) => [l.id, l]));
  const partBy = new Map(participants.map((p) => [p.lotId, p]));
  const items: LotView[] = [];
  for (const id of ids) {
    const lot = byId.get(id)!;
    const participant = partBy.get(id) ?? null;
    const role: LotRole = lot.ownerOrgId === orgId ? 'owner' : participant ? 'bidder' : filter.scope === 'all' ? 'operator' : 'observer';
    items.push(toLotView(lot, { lot, role, participant }, await rankOfParticipant(ctx.db, lot, participant)));
  }
  return { items, nextCursor: page.nextCursor };
}

function parseCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor);
  if (!key) return null;
  if (key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string' || Number.isNaN(Date.parse(key[0])) || key[1].length > 64) {
    throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/cursor', in: 'querystring', message: 'is not a cursor this API issued' }]);
  }
  return [key[0], key[1]];
}

export interface BidView {
  seq: number;
  orgId: string | null;
  orgName: string | null;
  price: string;
  kind: string;
  acceptedAt: string;
  mine: boolean;
}

/**
 * The bid history: the owner and supervisors see every bid with its bidder; a bidder sees its own
 * bids only; observers see none. Newest first, paged by sequence.
 */
export async function listBids(ctx: Ctx, lotId: string, filter: { limit: number; beforeSeq?: number }): Promise<{ items: BidView[]; nextCursor: string | null }> {
  const access = await lotForActor(ctx.db, ctx.actor, lotId);
  const all = seesAll(access.role);
  if (!all && access.role !== 'bidder') return { items: [], nextCursor: null };
  const orgId = ctx.actor!.orgId;
  const rows = await query<{ seq: string; org_id: string; price: string; kind: string; accepted_text: string }>(
    ctx.db,
    sql`select seq::text, org_id, price::text, kind, to_char(accepted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as accepted_text
        from auction_bids where lot_id = ${lotId} ${all ? sql`` : sql`and org_id = ${orgId}`} ${filter.beforeSeq ? sql`and seq < ${filter.beforeSeq}` : sql``}
        order by auction_bids.seq desc limit ${filter.limit + 1}`,
  );
  const names = all ? new Map((await organizationsByIds(ctx.db, [...new Set(rows.map((r) => r.org_id))])).map((o) => [o.id, o.name])) : new Map<string, string>();
  const items = rows.slice(0, filter.limit).map((r) => ({
    seq: Number(r.seq),
    orgId: all || r.org_id === orgId ? r.org_id : null,
    orgName: all ? (names.get(r.org_id) ?? null) : null,
    price: money(r.price),
    kind: r.kind,
    acceptedAt: r.accepted_text,
    mine: r.org_id === orgId,
  }));
  return { items, nextCursor: rows.length > filter.limit ? String(items[items.length - 1]!.seq) : null };
}

