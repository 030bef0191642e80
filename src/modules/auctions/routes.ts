import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { invalidField } from '../../platform/problem.ts';
import { DateTime, IdParam, Money, NonEmpty, Nullable, problems, Str } from '../../platform/schemas.ts';
import { bidDesk } from './bidding.ts';
import { toCents } from './engine.ts';
import { LOT_STATUSES } from './lot.state.ts';
import { cancelLot, createLot, getLot, listBids, listLots, publishLot, updateLot } from './lots.ts';
import { liveSnapshot } from './live-view.ts';
import { awardLot, closeLot, confirmCollection, paySale } from './outcome.ts';
import { decideRegistration, disqualifyParticipant, inviteParticipants, listParticipants, payDeposit, registerForLot } from './participants.ts';
import { PERM } from './permissions.ts';
import {
  cancelPresaleOrder,
  changePresaleStatus,
  createPresale,
  getPresale,
  getPresaleOrder,
  listPresaleOrders,
  listPresales,
  payPresaleBalance,
  reservePresale,
  updatePresale,
} from './presales.ts';

// --- schemas ---------------------------------------------------------------------------------

const tags = ['auctions'];
const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });
const Rate = Type.String({ pattern: '^0(\\.\\d{1,4})?$', maxLength: 6 });
/** An absolute step (money) or a percentage: which one, and its range, is checked with the step type. */
const StepValue = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,4})?$', maxLength: 24 });
const DateTimeIn = Type.String({ format: 'date-time', maxLength: 40 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', maxLength: 10 });
const Version = Type.Optional(Type.Integer({ minimum: 1 }));
const Reason = NonEmpty(500);
const BankReference = NonEmpty(100, { pattern: '^[A-Za-z0-9_./:-]+$' });
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const LotIdParams = Type.Object({ lotId: IdParam });
const OrgParams = Type.Object({ lotId: IdParam, orgId: IdParam });

const AntiSniping = Type.Object({
  windowSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
  extensionSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
  maxExtensions: Type.Integer({ minimum: 0, maximum: 1000 }),
  extendFrom: Type.Optional(lit(['close', 'bid'] as const)),
  triggerRank: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

const lotProps = {
  kind: lit(['reverse', 'forward'] as const),
  title: NonEmpty(200),
  description: Type.Optional(Nullable(Str(4000))),
  categoryCode: Type.Optional(Nullable(Str(40))),
  itemName: NonEmpty(300),
  itemSpec: Type.Optional(Nullable(Str(1000))),
  uom: NonEmpty(20),
  quantity: Quantity,
  taxRate: Rate,
  deliveryAddress: Type.Optional(Nullable(Str(300))),
  deliveryRegion: Type.Optional(Nullable(Str(100))),
  startPrice: Money,
  reservePrice: Type.Optional(Nullable(Money)),
  stepType: lit(['absolute', 'percent'] as const),
  stepValue: StepValue,
  bidRule: Type.Optional(lit(['beat_own', 'beat_best'] as const)),
  tiePolicy: lit(['refuse', 'rank_behind'] as const),
  visibility: lit(['rank', 'best_price'] as const),
  proxyAllowed: Type.Optional(Type.Boolean()),
  access: lit(['invited', 'public'] as const),
  requiresApproval: Type.Optional(Type.Boolean()),
  depositAmount: Type.Optional(Money),
  startsAt: DateTimeIn,
  endsAt: DateTimeIn,
  antiSniping: Type.Optional(Nullable(AntiSniping)),
};
const LotBody = Type.Object(lotProps);

const MeSchema = Type.Object({
  status: Type.String(),
  depositStatus: Type.String(),
  depositAmount: Type.String(),
  rank: Nullable(Type.Integer()),
  price: Nullable(Type.String()),
  bidCount: Type.Integer(),
  proxyLimit: Nullable(Type.String()),
  canBid: Type.Boolean(),
  reason: Nullable(Type.String()),
  won: Type.Boolean(),
});

const LotSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  role: Type.String({ description: 'owner | bidder | observer | operator: what the caller sees' }),
  title: Type.String(),
  description: Nullable(Type.String()),
  categoryCode: Nullable(Type.String()),
  itemName: Type.String(),
  itemSpec: Nullable(Type.String()),
  uom: Type.String(),
  quantity: Type.String(),
  taxRate: Type.String(),
  currency: Type.String(),
  deliveryAddress: Nullable(Type.String()),
  deliveryRegion: Nullable(Type.String()),
  startPrice: Type.String(),
  reservePrice: Nullable(Type.String()),
  reserveMet: Nullable(Type.Boolean()),
  stepType: Type.String(),
  stepValue: Type.String(),
  bidRule: Type.String(),
  tiePolicy: Type.String(),
  visibility: Type.String(),
  proxyAllowed: Type.Boolean(),
  access: Type.String(),
  requiresApproval: Type.Boolean(),
  depositAmount: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  scheduledEndsAt: DateTime,
  antiSniping: Type.Object({ windowSeconds: Type.Integer(), extensionSeconds: Type.Integer(), maxExtensions: Type.Integer(), extendFrom: Type.String(), triggerRank: Type.Integer() }),
  extensions: Type.Integer(),
  seq: Type.Integer(),
  bidCount: Type.Integer(),
  bestPrice: Nullable(Type.String()),
  me: Nullable(MeSchema),
  winnerOrgId: Nullable(Type.String()),
  winningPrice: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  saleTotal: Nullable(Type.String()),
  payBy: Nullable(DateTime),
  paidAt: Nullable(DateTime),
  collectedAt: Nullable(DateTime),
  outcomeReason: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  awardedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

const ParticipantSchema = Type.Object({
  orgId: Type.String(),
  orgName: Nullable(Type.String()),
  status: Type.String(),
  depositStatus: Type.String(),
  depositAmount: Type.String(),
  price: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
  bidCount: Type.Integer(),
  proxyLimit: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  invitedAt: Nullable(DateTime),
  registeredAt: Nullable(DateTime),
  approvedAt: Nullable(DateTime),
});

const BidResultSchema = Type.Object({
  lotId: Type.String(),
  seq: Type.Integer({ description: 'Position in the lot’s total order of bids' }),
  price: Type.String(),
  acceptedAt: Type.String({ description: 'Server (database) time of acceptance, microseconds' }),
  kind: Type.String(),
  rank: Nullable(Type.Integer()),
  bestPrice: Nullable(Type.String()),
  endsAt: Type.String(),
  extended: Type.Boolean(),
  extensions: Type.Integer(),
  proxyBids: Type.Integer(),
});

const ProxyResultSchema = Type.Object({
  lotId: Type.String(),
  proxyLimit: Nullable(Type.String()),
  rank: Nullable(Type.Integer()),
  price: Nullable(Type.String()),
  endsAt: Type.String(),
  proxyBids: Type.Integer(),
});

const BidSchema = Type.Object({
  seq: Type.Integer(),
  orgId: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  price: Type.String(),
  kind: Type.String(),
  acceptedAt: Type.String(),
  mine: Type.Boolean(),
});

const PresaleBody = {
  title: NonEmpty(200),
  description: Type.Optional(Nullable(Str(4000))),
  unitPrice: Money,
  depositPerUnit: Money,
  quantityCap: Type.Optional(Nullable(Quantity)),
  minQuantity: Type.Optional(Quantity),
  startsAt: DateTimeIn,
  endsAt: DateTimeIn,
  deliveryFrom: DateOnly,
  deliveryTo: DateOnly,
  balanceDueBy: DateTimeIn,
};

const PresaleSchema = Type.Object({
  id: Type.String(),
  supplierOrgId: Type.String(),
  skuId: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  itemName: Type.String(),
  uom: Type.String(),
  unitPrice: Type.String(),
  taxRate: Type.String(),
  depositPerUnit: Type.String(),
  quantityCap: Nullable(Type.String()),
  quantityTaken: Type.String(),
  quantityAvailable: Nullable(Type.String()),
  minQuantity: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  deliveryFrom: Type.String(),
  deliveryTo: Type.String(),
  balanceDueBy: DateTime,
  status: Type.String(),
  mine: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

const PresaleOrderSchema = Type.Object({
  id: Type.String(),
  presaleId: Type.String(),
  buyerOrgId: Type.String(),
  supplierOrgId: Type.String(),
  quantity: Type.String(),
  unitPrice: Type.String(),
  taxRate: Type.String(),
  total: Type.String(),
  depositAmount: Type.String(),
  balanceAmount: Type.String(),
  status: Type.String(),
  deliveryAddress: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  completedAt: Nullable(DateTime),
});

const PageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

function centsOf(value: string, pointer: string): bigint {
  const cents = toCents(value);
  if (cents === null) throw invalidField(pointer, 'at most 2 decimals');
  return cents;
}

// --- routes ----------------------------------------------------------------------------------

export const auctionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { config: { access: { permission: PERM.read } } };
  const manage = { config: { access: { permission: PERM.manage } } };
  const bid = { config: { access: { permission: PERM.bid } } };

  app.post('/auctions/lots', {
    ...manage,
    schema: { tags, summary: 'Create a draft lot: reverse auction (竞价, your organisation buys) or forward auction (拍卖, it sells scrap or idle material)', body: LotBody, response: { 201: LotSchema, ...problems(401, 403, 422) } },
  }, async (req, reply) => reply.code(201).send(await createLot(req.ctx, req.body)));

  app.get('/auctions/lots', {
    ...read,
    schema: {
      tags,
      summary: 'Lots: mine (owned), participating, open (public lots I may join and my invitations), all (supervisors)',
      querystring: Type.Object({
        scope: Type.Optional(lit(['mine', 'participating', 'open', 'all'] as const)),
        kind: Type.Optional(lit(['reverse', 'forward'] as const)),
        status: Type.Optional(lit(LOT_STATUSES)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: PageOf(LotSchema), ...problems(401, 403) },
    },
  }, async (req) => listLots(req.ctx, { scope: req.query.scope ?? 'open', kind: req.query.kind, status: req.query.status, limit: req.query.limit ?? 20, cursor: req.query.cursor }));

  app.get('/auctions/lots/:lotId', {
    ...read,
    schema: { tags, summary: 'A lot as the caller may see it (owner, bidder, observer of a public lot, supervisor)', params: LotIdParams, response: { 200: LotSchema, ...problems(401, 403, 404) } },
  }, async (req) => getLot(req.ctx, req.params.lotId));

  app.put('/auctions/lots/:lotId', {
    ...manage,
    schema: { tags, summary: 'Replace a draft lot’s settings', params: LotIdParams, body: Type.Object({ ...lotProps, version: Version }), response: { 200: LotSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req) => updateLot(req.ctx, req.params.lotId, req.body));

  app.post('/auctions/lots/:lotId/publish', {
    ...manage,
    schema: { tags, summary: 'Publish a draft lot', params: LotIdParams, response: { 200: LotSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => publishLot(req.ctx, req.params.lotId));

  app.post('/auctions/lots/:lotId/cancel', {
    ...manage,
    schema: { tags, summary: 'Cancel a lot not yet awarded (every held deposit is refunded)', params: LotIdParams, body: Type.Object({ reason: Reason }), response: { 200: LotSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => cancelLot(req.ctx, req.params.lotId, req.body.reason));

  app.post('/auctions/lots/:lotId/close', {
    ...manage,
    schema: { tags, summary: 'Close an ended lot now (the sweep does it within seconds anyway): closed, or failed when no eligible bid meets the reserve', params: LotIdParams, response: { 200: LotSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => closeLot(req.ctx, req.params.lotId));

  app.post('/auctions/lots/:lotId/award', {
    ...manage,
    schema: {
      tags,
      summary: 'Award to the best eligible bidder: a reverse auction creates the purchase order; a forward auction’s winner then pays and collects',
      params: LotIdParams,
      body: Type.Object({
        paymentMethod: Type.Optional(lit(['escrow', 'credit'] as const)),
        creditDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 180 }))),
        budgetLineId: Type.Optional(Nullable(Str(64))),
        deliveryAddress: Type.Optional(Nullable(Str(300))),
        needBy: Type.Optional(Nullable(DateOnly)),
        paymentDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
      }),
      response: { 200: LotSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => awardLot(req.ctx, req.params.lotId, req.body));

  // Participants.
  app.post('/auctions/lots/:lotId/invitations', {
    ...manage,
    schema: { tags, summary: 'Invite organisations (an invitation qualifies them)', params: LotIdParams, body: Type.Object({ orgIds: Type.Array(IdParam, { minItems: 1, maxItems: 500 }) }), response: { 200: Type.Object({ items: Type.Array(ParticipantSchema) }), ...problems(401, 403, 404, 409) } },
  }, async (req) => ({ items: await inviteParticipants(req.ctx, req.params.lotId, req.body.orgIds) }));

  app.get('/auctions/lots/:lotId/participants', {
    ...manage,
    schema: { tags, summary: 'Participants with deposits, prices and ranks (owner)', params: LotIdParams, response: { 200: Type.Object({ items: Type.Array(ParticipantSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => ({ items: await listParticipants(req.ctx, req.params.lotId) }));

  app.post('/auctions/lots/:lotId/participants/:orgId/approve', {
    ...manage,
    schema: { tags, summary: 'Approve (qualify) a registration', params: OrgParams, response: { 200: ParticipantSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => decideRegistration(req.ctx, req.params.lotId, req.params.orgId, 'approve', null));

  app.post('/auctions/lots/:lotId/participants/:orgId/reject', {
    ...manage,
    schema: { tags, summary: 'Reject a registration (a held deposit is refunded)', params: OrgParams, body: Type.Object({ reason: Reason }), response: { 200: ParticipantSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => decideRegistration(req.ctx, req.params.lotId, req.params.orgId, 'reject', req.body.reason));

  app.post('/auctions/lots/:lotId/participants/:orgId/disqualify', {
    ...manage,
    schema: {
      tags,
      summary: 'Disqualify a participant for a rule breach (it stops ranking; its deposit is forfeited unless told otherwise)',
      params: OrgParams,
      body: Type.Object({ reason: Reason, forfeitDeposit: Type.Optional(Type.Boolean()) }),
      response: { 200: ParticipantSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => disqualifyParticipant(req.ctx, req.params.lotId, req.params.orgId, { reason: req.body.reason, forfeitDeposit: req.body.forfeitDeposit ?? true }));

  app.post('/auctions/lots/:lotId/registration', {
    ...bid,
    schema: { tags, summary: 'Register the caller’s organisation (accepts an invitation, or joins a public lot)', params: LotIdParams, response: { 200: ParticipantSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => registerForLot(req.ctx, req.params.lotId));

  app.post('/auctions/lots/:lotId/deposit', {
    ...bid,
    schema: { tags, summary: 'Pay the lot’s deposit (a bank transfer made by the caller’s organisation)', params: LotIdParams, body: Type.Object({ amount: Money, bankReference: BankReference }), response: { 200: ParticipantSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req) => payDeposit(req.ctx, req.params.lotId, req.body));

  // Bidding.
  app.post('/auctions/lots/:lotId/bids', {
    ...bid,
    schema: {
      tags,
      summary: 'Place a bid (unit price excluding tax). Ordered and time-checked by the server under the lot lock; 201 means accepted and durable',
      params: LotIdParams,
      body: Type.Object({ price: Money }),
      response: { 201: BidResultSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await bidDesk(req.ctx.db).bid(req.ctx, req.params.lotId, centsOf(req.body.price, '/price'))));

  app.post('/auctions/lots/:lotId/proxy', {
    ...bid,
    schema: {
      tags,
      summary: 'Set (or clear with null) a proxy limit: the system bids for the caller, one step at a time, never past the limit',
      params: LotIdParams,
      body: Type.Object({ limit: Nullable(Money) }),
      response: { 200: ProxyResultSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => bidDesk(req.ctx.db).proxy(req.ctx, req.params.lotId, req.body.limit === null ? null : centsOf(req.body.limit, '/limit')));

  app.get('/auctions/lots/:lotId/bids', {
    ...read,
    schema: {
      tags,
      summary: 'Bid history: all bids for the owner and supervisors, own bids for a bidder',
      params: LotIdParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), cursor: Type.Optional(Str(20, { pattern: '^\\d{1,15}$' })) }),
      response: { 200: PageOf(BidSchema), ...problems(401, 403, 404) },
    },
  }, async (req) => listBids(req.ctx, req.params.lotId, { limit: req.query.limit ?? 100, beforeSeq: req.query.cursor ? Number(req.query.cursor) : undefined }));

  app.get('/auctions/lots/:lotId/live', {
    ...read,
    schema: {
      tags,
      summary: 'The live state the channel pushes on topic auction:<lotId> (for clients without WebSocket, and to resynchronise)',
      params: LotIdParams,
      response: { 200: Type.Object({ serverTime: Type.Integer(), data: Type.Record(Type.String(), Type.Unknown()) }), ...problems(401, 403, 404) },
    },
  }, async (req) => liveSnapshot(req.ctx, req.params.lotId));

  // Forward auctions: the winner pays and collects.
  app.post('/auctions/lots/:lotId/payment', {
    ...bid,
    schema: { tags, summary: 'Forward auction: the winner pays the balance (sale total less its deposit)', params: LotIdParams, body: Type.Object({ amount: Money, bankReference: BankReference }), response: { 200: LotSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req) => paySale(req.ctx, req.params.lotId, req.body));

  app.post('/auctions/lots/:lotId/collection', {
    ...bid,
    schema: { tags, summary: 'Forward auction: the winner confirms it collected the goods; the proceeds go to the seller', params: LotIdParams, response: { 200: LotSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => confirmCollection(req.ctx, req.params.lotId));

  // Presale.
  const presaleManage = { config: { access: { permission: PERM.presaleManage } } };
  const presaleBuy = { config: { access: { permission: PERM.presaleBuy } } };
  const PresaleIdParams = Type.Object({ presaleId: IdParam });
  const PresaleOrderIdParams = Type.Object({ presaleOrderId: IdParam });

  app.post('/presales', {
    ...presaleManage,
    schema: { tags, summary: 'Open a presale draft on one of your listed SKUs (预售)', body: Type.Object({ skuId: IdParam, ...PresaleBody }), response: { 201: PresaleSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => reply.code(201).send(await createPresale(req.ctx, req.body)));

  app.get('/presales', {
    ...read,
    schema: {
      tags,
      summary: 'Presales: open ones to buy from, or mine (supplier)',
      querystring: Type.Object({ scope: Type.Optional(lit(['open', 'mine'] as const)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })), cursor: Type.Optional(Str(512)) }),
      response: { 200: PageOf(PresaleSchema), ...problems(401, 403) },
    },
  }, async (req) => listPresales(req.ctx, { scope: req.query.scope ?? 'open', limit: req.query.limit ?? 20, cursor: req.query.cursor }));

  app.get('/presales/:presaleId', {
    ...read,
    schema: { tags, summary: 'A presale', params: PresaleIdParams, response: { 200: PresaleSchema, ...problems(401, 403, 404) } },
  }, async (req) => getPresale(req.ctx, req.params.presaleId));

  app.put('/presales/:presaleId', {
    ...presaleManage,
    schema: { tags, summary: 'Replace a draft presale’s terms', params: PresaleIdParams, body: Type.Object({ ...PresaleBody, version: Version }), response: { 200: PresaleSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => updatePresale(req.ctx, req.params.presaleId, req.body));

  for (const command of ['open', 'close', 'cancel'] as const) {
    app.post(`/presales/:presaleId/${command}`, {
      ...presaleManage,
      schema: {
        tags,
        summary: { open: 'Open the presale for deposits', close: 'Stop taking deposits', cancel: 'Cancel the presale (every unpaid-balance deposit is refunded)' }[command],
        params: PresaleIdParams,
        ...(command === 'cancel' ? { body: Type.Object({ reason: Reason }) } : {}),
        response: { 200: PresaleSchema, ...problems(401, 403, 404, 409) },
      },
    }, async (req) => changePresaleStatus(req.ctx, req.params.presaleId, command, (req.body as { reason?: string } | undefined)?.reason ?? null));
  }

  app.post('/presales/:presaleId/orders', {
    ...presaleBuy,
    schema: {
      tags,
      summary: 'Reserve presale quantity by paying its deposit (a bank transfer made by the caller’s organisation)',
      params: PresaleIdParams,
      body: Type.Object({ quantity: Quantity, amount: Money, bankReference: BankReference, deliveryAddress: Type.Optional(Nullable(Str(300))) }),
      response: { 201: PresaleOrderSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await reservePresale(req.ctx, req.params.presaleId, req.body)));

  app.get('/presale-orders', {
    ...read,
    schema: { tags, summary: 'Presale orders of the caller (as buyer or supplier)', querystring: Type.Object({ presaleId: Type.Optional(IdParam), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }), response: { 200: PageOf(PresaleOrderSchema), ...problems(401, 403) } },
  }, async (req) => listPresaleOrders(req.ctx, { presaleId: req.query.presaleId, limit: req.query.limit ?? 50 }));

  app.get('/presale-orders/:presaleOrderId', {
    ...read,
    schema: { tags, summary: 'A presale order (buyer or supplier)', params: PresaleOrderIdParams, response: { 200: PresaleOrderSchema, ...problems(401, 403, 404) } },
  }, async (req) => getPresaleOrder(req.ctx, req.params.presaleOrderId));

  app.post('/presale-orders/:presaleOrderId/balance', {
    ...presaleBuy,
    schema: {
      tags,
      summary: 'Pay the balance: the purchase order is created and the deposit plus balance become its escrow payment',
      params: PresaleOrderIdParams,
      body: Type.Object({ amount: Money, bankReference: BankReference }),
      response: { 200: PresaleOrderSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => payPresaleBalance(req.ctx, req.params.presaleOrderId, req.body));

  app.post('/presale-orders/:presaleOrderId/cancel', {
    ...presaleBuy,
    schema: { tags, summary: 'Withdraw before paying the balance (the deposit goes to the supplier)', params: PresaleOrderIdParams, body: Type.Object({ reason: Reason }), response: { 200: PresaleOrderSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => cancelPresaleOrder(req.ctx, req.params.presaleOrderId, req.body.reason));
};
