import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { dec, money, qty } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { DateTime, IdParam, Money, NonEmpty, Nullable, Ok, problems, Str } from '../../platform/schemas.ts';
import { getOrganization } from '../identity/index.ts';
import { PERM } from './permissions.ts';
import { checkout, clearCart, putCartItem, removeCartItem, setCartItemQuantity, viewCart } from './service/cart.ts';
import { decideReturn, listOpenDisputes, openDispute, openReturn, resolveDispute, withdrawCase, type OrderCase } from './service/cases.ts';
import type { Order, OrderLine } from './service/common.ts';
import { evaluateSupplier, supplierRating } from './service/evaluations.ts';
import {
  addTrackingEvent,
  attachInspectionReport,
  confirmDelivery,
  createShipment,
  getReceiptForOrg,
  getShipmentForOrg,
  listCarrierShipments,
  listTracking,
  recordReceipt,
  REPORT_MAX_BYTES,
  type Shipment,
} from './service/fulfilment.ts';
import { cancelOrder, closeOrder, confirmOrder, getContract, rejectOrder, signContract, signRequiresMfa, submitOrder, type Contract } from './service/lifecycle.ts';
import { getOrderDetail, listOrders, orderTimeline } from './service/queries.ts';
import { ORDER_STATUSES } from './order.state.ts';
import { createOrderFromRequisition } from './service/from-requisition.ts';

// --- schemas ---------------------------------------------------------------------------------

const tags = ['orders'];
/** Quantities travel as decimal strings (cable by the metre, steel by the tonne). */
const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });
const QuantityOut = Type.String();
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Version = Type.Optional(Type.Integer({ minimum: 1 }));
const Reason = NonEmpty(500);
const PaymentMethod = Type.Union([Type.Literal('escrow'), Type.Literal('credit')]);

const OrderLineSchema = Type.Object({
  id: Type.String(),
  lineNo: Type.Integer(),
  skuId: Nullable(Type.String()),
  requisitionLineId: Nullable(Type.String()),
  categoryCode: Nullable(Type.String()),
  name: Type.String(),
  spec: Nullable(Type.String()),
  supplierSkuCode: Nullable(Type.String()),
  uom: Type.String(),
  quantity: QuantityOut,
  unitPrice: Type.String(),
  taxRate: Type.String(),
  lineSubtotal: Type.String(),
  lineTax: Type.String(),
  lineTotal: Type.String(),
  priceSource: Type.String(),
  agreementItemId: Nullable(Type.String()),
  shippedQuantity: QuantityOut,
  receivedQuantity: QuantityOut,
  acceptedQuantity: QuantityOut,
  rejectedQuantity: QuantityOut,
  invoicedQuantity: QuantityOut,
  returnedQuantity: QuantityOut,
});

const orderFields = {
  id: Type.String(),
  number: Type.String(),
  buyerOrgId: Type.String(),
  supplierOrgId: Type.String(),
  buyerUserId: Nullable(Type.String()),
  source: Type.String(),
  sourceRef: Nullable(Type.String()),
  requisitionId: Nullable(Type.String()),
  budgetLineId: Nullable(Type.String()),
  status: Type.String(),
  paymentMethod: Type.String(),
  creditDays: Nullable(Type.Integer()),
  currency: Type.String(),
  subtotal: Type.String(),
  taxTotal: Type.String(),
  total: Type.String(),
  escrowHeld: Type.String(),
  deliveryAddress: Nullable(Type.String()),
  deliveryRegion: Nullable(Type.String()),
  needBy: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  reservationExpiresAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  resumeStatus: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  confirmedAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
  acceptedAt: Nullable(DateTime),
  settledAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
};
const OrderSchema = Type.Object(orderFields);
const OrderWithLinesSchema = Type.Object({ ...orderFields, lines: Type.Array(OrderLineSchema) });
const OrderListItemSchema = Type.Object({ ...orderFields, party: Type.String(), counterpartyName: Nullable(Type.String()) });
const PartySchema = Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), uscc: Nullable(Type.String()) });

const ContractSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  number: Type.String(),
  status: Type.String(),
  sha256: Type.String(),
  signedSha256: Nullable(Type.String()),
  buyerSignedBy: Nullable(Type.String()),
  buyerSignedAt: Nullable(DateTime),
  supplierSignedBy: Nullable(Type.String()),
  supplierSignedAt: Nullable(DateTime),
  signRequiresMfa: Type.Boolean(),
  createdAt: DateTime,
});
const ShipmentLineSchema = Type.Object({ id: Type.String(), orderLineId: Type.String(), quantity: QuantityOut });
const ShipmentSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  number: Type.String(),
  carrier: Type.String(),
  trackingNumber: Type.String(),
  carrierOrgId: Nullable(Type.String()),
  status: Type.String(),
  shippedAt: DateTime,
  deliveredAt: Nullable(DateTime),
  lines: Type.Optional(Type.Array(ShipmentLineSchema)),
});
const TrackingSchema = Type.Object({
  id: Type.Integer(),
  shipmentId: Type.String(),
  status: Type.String(),
  location: Nullable(Type.String()),
  description: Nullable(Type.String()),
  occurredAt: DateTime,
  source: Type.String(),
  externalId: Nullable(Type.String()),
  recordedAt: DateTime,
});
const ReceiptLineSchema = Type.Object({
  id: Type.String(),
  orderLineId: Type.String(),
  receivedQuantity: QuantityOut,
  acceptedQuantity: QuantityOut,
  rejectedQuantity: QuantityOut,
  inspectionResult: Type.String(),
  rejectionReason: Nullable(Type.String()),
});
const ReceiptSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  shipmentId: Nullable(Type.String()),
  number: Type.String(),
  receivedBy: Type.String(),
  receivedAt: DateTime,
  notes: Nullable(Type.String()),
  inspectionReportName: Nullable(Type.String()),
  hasReport: Type.Boolean(),
  lines: Type.Array(ReceiptLineSchema),
});
const CaseSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  openedBy: Type.String(),
  openedByOrgId: Type.String(),
  reason: Type.String(),
  lines: Nullable(Type.Array(Type.Object({ orderLineId: Type.String(), quantity: Type.String() }))),
  resolution: Nullable(Type.String()),
  refundAmount: Nullable(Type.String()),
  createdAt: DateTime,
  resolvedAt: Nullable(DateTime),
});
const EvaluationSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  supplierOrgId: Type.String(),
  delivery: Type.Integer(),
  quality: Type.Integer(),
  service: Type.Integer(),
  price: Type.Integer(),
  comment: Nullable(Type.String()),
  createdAt: DateTime,
});
const RatingSchema = Type.Object({
  supplierOrgId: Type.String(),
  count: Type.Integer(),
  delivery: Nullable(Type.String()),
  quality: Nullable(Type.String()),
  service: Nullable(Type.String()),
  price: Nullable(Type.String()),
  overall: Nullable(Type.String()),
});
const OrderDetailSchema = Type.Object({
  ...orderFields,
  party: Type.String(),
  buyer: PartySchema,
  supplier: PartySchema,
  lines: Type.Array(OrderLineSchema),
  contract: Nullable(ContractSchema),
  shipments: Type.Array(ShipmentSchema),
  receipts: Type.Array(ReceiptSchema),
  cases: Type.Array(CaseSchema),
  evaluation: Nullable(EvaluationSchema),
  actions: Type.Array(Type.String()),
});
const TimelineSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
  actorOrgId: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  occurredAt: DateTime,
});
const CartLineSchema = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  spec: Nullable(Type.String()),
  skuCode: Type.String(),
  uom: Type.String(),
  quantity: Type.String(),
  unitPrice: Type.String(),
  unitPriceInclTax: Type.String(),
  taxRate: Type.String(),
  priceSource: Type.String(),
  listPrice: Type.String(),
  lineSubtotal: Type.String(),
  lineTax: Type.String(),
  lineTotal: Type.String(),
  available: Nullable(Type.String()),
  moq: Type.String(),
  increment: Type.String(),
  issue: Nullable(Type.String()),
});
const CartSchema = Type.Object({
  groups: Type.Array(
    Type.Object({
      supplierOrgId: Type.String(),
      supplierName: Type.String(),
      supplierNameEn: Nullable(Type.String()),
      lines: Type.Array(CartLineSchema),
      subtotal: Type.String(),
      taxTotal: Type.String(),
      total: Type.String(),
    }),
  ),
  subtotal: Type.String(),
  taxTotal: Type.String(),
  total: Type.String(),
  unavailable: Type.Array(Type.Object({ id: Type.String(), skuId: Type.String(), quantity: Type.String() })),
});
const CartItemSchema = Type.Object({ id: Type.String(), skuId: Type.String(), quantity: Type.String(), addedAt: DateTime });
const LineQuantities = Type.Array(Type.Object({ orderLineId: IdParam, quantity: Quantity }), { minItems: 1, maxItems: 500 });

// --- mappers: numeric columns leave as clean decimal strings -------------------------------------

export function toOrderJson<T extends Order>(o: T) {
  return { ...o, subtotal: money(o.subtotal), taxTotal: money(o.taxTotal), total: money(o.total), escrowHeld: money(o.escrowHeld) };
}
export function toLineJson(l: OrderLine) {
  return {
    ...l,
    quantity: qty(l.quantity),
    unitPrice: money(l.unitPrice, 4),
    taxRate: dec(l.taxRate).toString(),
    lineSubtotal: money(l.lineSubtotal),
    lineTax: money(l.lineTax),
    lineTotal: money(l.lineTotal),
    shippedQuantity: qty(l.shippedQuantity),
    receivedQuantity: qty(l.receivedQuantity),
    acceptedQuantity: qty(l.acceptedQuantity),
    rejectedQuantity: qty(l.rejectedQuantity),
    invoicedQuantity: qty(l.invoicedQuantity),
    returnedQuantity: qty(l.returnedQuantity),
  };
}
const withLines = (o: Order & { lines: OrderLine[] }) => ({ ...toOrderJson(o), lines: o.lines.map(toLineJson) });
const toContractJson = (c: Contract, order: Order) => ({ ...c, signRequiresMfa: signRequiresMfa(order) });
const toCaseJson = <C extends OrderCase>(c: C) => ({ ...c, refundAmount: c.refundAmount === null ? null : money(c.refundAmount) });
const toShipmentJson = (s: Shipment & { lines?: Array<{ id: string; orderLineId: string; quantity: string }> }) => ({ ...s, lines: s.lines?.map((l) => ({ ...l, quantity: qty(l.quantity) })) });

async function readReport(req: FastifyRequest): Promise<{ filename: string; mimetype: string; bytes: Buffer }> {
  if (!req.isMultipart()) throw new Problem('request.unsupported_media_type', { contentType: req.headers['content-type'] ?? 'none' });
  let out: { filename: string; mimetype: string; bytes: Buffer } | null = null;
  for await (const part of req.parts({ limits: { fileSize: REPORT_MAX_BYTES, files: 1, fields: 5 } })) {
    if (part.type !== 'file') continue;
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new Problem('request.too_large', { limit: REPORT_MAX_BYTES });
    out = { filename: part.filename || 'report', mimetype: part.mimetype, bytes };
  }
  if (!out) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/file', in: 'body', message: 'a file part is required' }]);
  return out;
}

// --- routes ----------------------------------------------------------------------------------------

export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: PERM.read } };
  const buy = { access: { permission: PERM.buy } };

  // Cart (per buyer user) and checkout.
  app.get('/orders/cart', {
    config: buy,
    schema: { tags, summary: 'The cart split by supplier, each line priced for this buyer (contract > tier > list), with stock', response: { 200: CartSchema, ...problems(401, 403) } },
  }, async (req) => viewCart(req.ctx));

  app.post('/orders/cart/items', {
    config: buy,
    schema: {
      tags,
      summary: 'Add a SKU to the cart (adds to the quantity already there)',
      body: Type.Object({ skuId: IdParam, quantity: Quantity }),
      response: { 200: CartItemSchema, ...problems(401, 403, 404, 422) },
    },
  }, async (req) => {
    const item = await putCartItem(req.ctx, { ...req.body, mode: 'add' });
    return { ...item, quantity: qty(item.quantity) };
  });

  app.patch('/orders/cart/items/:cartItemId', {
    config: buy,
    schema: {
      tags,
      summary: 'Set the quantity of a cart line',
      params: Type.Object({ cartItemId: IdParam }),
      body: Type.Object({ quantity: Quantity }),
      response: { 200: CartItemSchema, ...problems(401, 403, 404, 422) },
    },
  }, async (req) => {
    const item = await setCartItemQuantity(req.ctx, req.params.cartItemId, req.body.quantity);
    return { ...item, quantity: qty(item.quantity) };
  });

  app.delete('/orders/cart/items/:cartItemId', {
    config: buy,
    schema: { tags, summary: 'Remove a line from the cart', params: Type.Object({ cartItemId: IdParam }), response: { 200: Ok, ...problems(401, 403, 404) } },
  }, async (req) => {
    await removeCartItem(req.ctx, req.params.cartItemId);
    return { ok: true };
  });

  app.delete('/orders/cart', {
    config: buy,
    schema: { tags, summary: 'Empty the cart', response: { 200: Ok, ...problems(401, 403) } },
  }, async (req) => {
    await clearCart(req.ctx);
    return { ok: true };
  });

  app.post('/orders/checkout', {
    config: buy,
    schema: {
      tags,
      summary: 'Check out the cart (or `items` directly): one order per supplier, all or none, in one transaction. Send an Idempotency-Key.',
      body: Type.Object({
        paymentMethod: PaymentMethod,
        creditDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 180 }))),
        deliveryAddress: NonEmpty(300),
        deliveryRegion: Type.Optional(Nullable(Str(40))),
        needBy: Type.Optional(Nullable(DateOnly)),
        budgetLineId: Type.Optional(Nullable(IdParam)),
        notes: Type.Optional(Nullable(Str(1000))),
        items: Type.Optional(Type.Array(Type.Object({ skuId: IdParam, quantity: Quantity }), { minItems: 1, maxItems: 200 })),
        skuIds: Type.Optional(Type.Array(IdParam, { minItems: 1, maxItems: 200 })),
      }),
      response: { 201: Type.Object({ checkoutId: Type.String(), orders: Type.Array(OrderWithLinesSchema) }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const result = await checkout(req.ctx, req.body);
    return reply.code(201).send({ checkoutId: result.checkoutId, orders: result.orders.map(withLines) });
  });

  app.post('/orders/from-requisition', {
    config: buy,
    schema: {
      tags,
      summary: 'Order the catalog lines of an approved requisition: one order per supplier, the requisition’s budget commitment moves to the orders',
      body: Type.Object({
        requisitionId: IdParam,
        paymentMethod: PaymentMethod,
        creditDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 180 }))),
        deliveryAddress: Type.Optional(Nullable(Str(300))),
        deliveryRegion: Type.Optional(Nullable(Str(40))),
      }),
      response: { 201: Type.Object({ orders: Type.Array(OrderWithLinesSchema), skippedLines: Type.Array(Type.String()) }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const result = await createOrderFromRequisition(req.ctx, req.body);
    return reply.code(201).send({ orders: result.orders.map(withLines), skippedLines: result.skippedLines });
  });

  // Orders: list, detail, timeline.
  app.get('/orders', {
    config: read,
    schema: {
      tags,
      summary: 'Orders of own organisation as buyer or supplier, newest first',
      querystring: Type.Object({
        role: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('supplier')])),
        status: Type.Optional(Str(300, { pattern: `^((${ORDER_STATUSES.join('|')}),?)+$` })),
        q: Type.Optional(Str(40)),
        counterpartyOrgId: Type.Optional(IdParam),
        from: Type.Optional(DateOnly),
        to: Type.Optional(DateOnly),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: Type.Object({ items: Type.Array(OrderListItemSchema), nextCursor: Nullable(Type.String()) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listOrders(req.ctx, { ...req.query, status: req.query.status?.split(',').filter(Boolean), limit: req.query.limit ?? 50 });
    return { items: page.items.map(toOrderJson), nextCursor: page.nextCursor };
  });

  app.get('/orders/:orderId', {
    config: read,
    schema: { tags, summary: 'One order with lines, parties, contract, shipments, receipts, cases and the actions open to the caller', params: Type.Object({ orderId: IdParam }), response: { 200: OrderDetailSchema, ...problems(401, 403, 404) } },
  }, async (req) => {
    const detail = await getOrderDetail(req.ctx, req.params.orderId);
    return {
      ...toOrderJson(detail),
      lines: detail.lines.map(toLineJson),
      shipments: detail.shipments.map(toShipmentJson),
      receipts: detail.receipts.map((r) => ({ ...r, lines: r.lines.map((l) => ({ ...l, receivedQuantity: qty(l.receivedQuantity), acceptedQuantity: qty(l.acceptedQuantity), rejectedQuantity: qty(l.rejectedQuantity) })) })),
      cases: detail.cases.map(toCaseJson),
    };
  });

  app.get('/orders/:orderId/timeline', {
    config: read,
    schema: { tags, summary: 'The order’s timeline (every transition and notable event)', params: Type.Object({ orderId: IdParam }), response: { 200: Type.Object({ items: Type.Array(TimelineSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => ({ items: await orderTimeline(req.ctx.db, req.ctx.actor?.orgId, req.params.orderId) }));

  // Transitions by the buyer.
  app.post('/orders/:orderId/submit', {
    config: buy,
    schema: { tags, summary: 'Submit a draft order (reserves stock, commits budget)', params: Type.Object({ orderId: IdParam }), response: { 200: OrderSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req) => toOrderJson(await submitOrder(req.ctx, req.params.orderId)));

  app.post('/orders/:orderId/cancel', {
    config: { access: { permission: PERM.cancel } },
    schema: { tags, summary: 'Cancel (buyer, before the contract is signed): stock, budget and agreement quantity are released', params: Type.Object({ orderId: IdParam }), body: Type.Object({ reason: Reason, version: Version }), response: { 200: OrderSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toOrderJson(await cancelOrder(req.ctx, req.params.orderId, req.body)));

  app.post('/orders/:orderId/close', {
    config: { access: { permission: PERM.cancel } },
    schema: { tags, summary: 'Close a settled order (buyer)', params: Type.Object({ orderId: IdParam }), response: { 200: OrderSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toOrderJson(await closeOrder(req.ctx, req.params.orderId)));

  // Supplier desk.
  app.post('/orders/:orderId/confirm', {
    config: { access: { permission: PERM.confirm } },
    schema: {
      tags,
      summary: 'Confirm a submitted order (supplier): keeps the stock reserved until shipped and generates the e-contract PDF',
      params: Type.Object({ orderId: IdParam }),
      body: Type.Object({ note: Type.Optional(Nullable(Str(500))), version: Version }),
      response: { 200: Type.Object({ order: OrderSchema, contract: ContractSchema }), ...problems(401, 403, 404, 409) },
    },
  }, async (req) => {
    const { order, contract } = await confirmOrder(req.ctx, req.params.orderId, req.body);
    return { order: toOrderJson(order), contract: toContractJson(contract, order) };
  });

  app.post('/orders/:orderId/reject', {
    config: { access: { permission: PERM.confirm } },
    schema: { tags, summary: 'Reject a submitted order with a reason (supplier)', params: Type.Object({ orderId: IdParam }), body: Type.Object({ reason: Reason, version: Version }), response: { 200: OrderSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toOrderJson(await rejectOrder(req.ctx, req.params.orderId, req.body)));

  // The e-contract.
  app.get('/orders/:orderId/contract', {
    config: read,
    schema: { tags, summary: 'The e-contract: status, SHA-256 digests, signatures', params: Type.Object({ orderId: IdParam }), response: { 200: ContractSchema, ...problems(401, 403, 404) } },
  }, async (req) => {
    const { order, contract } = await getContract(req.ctx.db, req.ctx.actor?.orgId, req.params.orderId);
    return toContractJson(contract, order);
  });

  app.get('/orders/:orderId/contract/pdf', {
    config: read,
    schema: { tags, summary: 'Download the contract PDF (the signed one, with its signature page, once both parties signed)', params: Type.Object({ orderId: IdParam }), response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const { contract } = await getContract(req.ctx.db, req.ctx.actor?.orgId, req.params.orderId);
    const signed = contract.signedPdf !== null;
    const bytes = signed ? contract.signedPdf! : contract.pdf;
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${contract.number}${signed ? '-signed' : ''}.pdf"`)
      .header('x-content-sha256', signed ? contract.signedSha256! : contract.sha256)
      .send(bytes);
  });

  app.post('/orders/:orderId/contract/sign', {
    config: { access: { permission: PERM.sign } },
    schema: {
      tags,
      summary: 'Sign the contract for own side (buyer or supplier); above the amount threshold with a current MFA code',
      params: Type.Object({ orderId: IdParam }),
      body: Type.Object({ mfaCode: Type.Optional(Str(10, { pattern: '^\\d{6,8}$' })) }),
      response: { 200: Type.Object({ order: OrderSchema, contract: ContractSchema }), ...problems(401, 403, 404, 409) },
    },
  }, async (req) => {
    const { order, contract } = await signContract(req.ctx, req.params.orderId, req.body);
    return { order: toOrderJson(order), contract: toContractJson(contract, order) };
  });

  // Shipments and tracking.
  app.post('/orders/:orderId/shipments', {
    config: { access: { permission: PERM.ship } },
    schema: {
      tags,
      summary: 'Ship some or all remaining quantities (supplier): stock leaves the warehouse',
      params: Type.Object({ orderId: IdParam }),
      body: Type.Object({ carrier: NonEmpty(100), trackingNumber: NonEmpty(100), carrierOrgId: Type.Optional(Nullable(IdParam)), lines: LineQuantities }),
      response: { 201: Type.Object({ order: OrderSchema, shipment: ShipmentSchema }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const { order, shipment, lines } = await createShipment(req.ctx, req.params.orderId, req.body);
    return reply.code(201).send({ order: toOrderJson(order), shipment: toShipmentJson({ ...shipment, lines }) });
  });

  const TrackingBody = Type.Object({
    status: NonEmpty(40, { pattern: '^[a-z_]+$' }),
    location: Type.Optional(Nullable(Str(200))),
    description: Type.Optional(Nullable(Str(500))),
    occurredAt: Type.String({ format: 'date-time', maxLength: 40 }),
    externalId: Type.Optional(Nullable(Str(100))),
  });

  app.get('/shipments/:shipmentId/tracking', {
    config: read,
    schema: { tags, summary: 'Tracking events of a shipment (buyer and supplier)', params: Type.Object({ shipmentId: IdParam }), response: { 200: Type.Object({ shipment: ShipmentSchema, items: Type.Array(TrackingSchema) }), ...problems(401, 403, 404) } },
  }, async (req) => {
    const shipment = await getShipmentForOrg(req.ctx.db, req.ctx.actor?.orgId, req.params.shipmentId);
    return { shipment: toShipmentJson(shipment), items: await listTracking(req.ctx.db, shipment.id) };
  });

  app.post('/shipments/:shipmentId/tracking', {
    config: { access: { permission: PERM.ship } },
    schema: { tags, summary: 'Add a tracking event (supplier)', params: Type.Object({ shipmentId: IdParam }), body: TrackingBody, response: { 201: Type.Object({ duplicate: Type.Boolean(), shipment: ShipmentSchema }), ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => {
    const r = await addTrackingEvent(req.ctx, req.params.shipmentId, req.body, 'supplier');
    return reply.code(201).send({ duplicate: r.duplicate, shipment: toShipmentJson(r.shipment) });
  });

  app.post('/shipments/:shipmentId/deliver', {
    config: { access: { permission: PERM.receive } },
    schema: { tags, summary: 'Confirm the shipment arrived (buyer)', params: Type.Object({ shipmentId: IdParam }), response: { 200: ShipmentSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toShipmentJson(await confirmDelivery(req.ctx, req.params.shipmentId)));

  // Logistics partners (API key with logistics.tracking.write): only shipments assigned to them.
  app.get('/logistics/shipments', {
    config: { access: { permission: PERM.logistics } },
    schema: {
      tags: ['logistics'],
      summary: 'Shipments this logistics partner was assigned to carry (optionally by tracking number)',
      querystring: Type.Object({ trackingNumber: Type.Optional(Str(100)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      response: { 200: Type.Object({ items: Type.Array(ShipmentSchema) }), ...problems(401, 403) },
    },
  }, async (req) => ({ items: (await listCarrierShipments(req.ctx.db, req.ctx.actor!.orgId!, { trackingNumber: req.query.trackingNumber, limit: req.query.limit ?? 50 })).map(toShipmentJson) }));

  app.post('/logistics/tracking-events', {
    config: { access: { permission: PERM.logistics } },
    schema: {
      tags: ['logistics'],
      summary: 'Post a tracking event as the logistics partner assigned to the shipment; the same externalId twice is a no-op (200); status `delivered` marks the shipment delivered',
      body: Type.Object({ shipmentId: IdParam, ...TrackingBody.properties }),
      response: { 200: Type.Object({ duplicate: Type.Boolean(), shipment: ShipmentSchema }), 201: Type.Object({ duplicate: Type.Boolean(), shipment: ShipmentSchema }), ...problems(401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const { shipmentId, ...event } = req.body;
    const r = await addTrackingEvent(req.ctx, shipmentId, event, 'partner');
    return reply.code(r.duplicate ? 200 : 201).send({ duplicate: r.duplicate, shipment: toShipmentJson(r.shipment) });
  });

  // Goods receipt and acceptance.
  app.post('/orders/:orderId/receipts', {
    config: { access: { permission: PERM.receive } },
    schema: {
      tags,
      summary: 'Record arrival and inspection per line (buyer): accepted + rejected = received; completes acceptance when everything is inspected',
      params: Type.Object({ orderId: IdParam }),
      body: Type.Object({
        shipmentId: Type.Optional(Nullable(IdParam)),
        notes: Type.Optional(Nullable(Str(1000))),
        lines: Type.Array(
          Type.Object({ orderLineId: IdParam, receivedQuantity: Quantity, acceptedQuantity: Quantity, rejectedQuantity: Quantity, rejectionReason: Type.Optional(Nullable(Str(500))) }),
          { minItems: 1, maxItems: 500 },
        ),
      }),
      response: { 201: Type.Object({ order: OrderSchema, receipt: ReceiptSchema }), ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const { order, receipt, lines } = await recordReceipt(req.ctx, req.params.orderId, req.body);
    const { inspectionReport, ...rest } = receipt;
    return reply.code(201).send({
      order: toOrderJson(order),
      receipt: { ...rest, hasReport: inspectionReport !== null, lines: lines.map((l) => ({ ...l, receivedQuantity: qty(l.receivedQuantity), acceptedQuantity: qty(l.acceptedQuantity), rejectedQuantity: qty(l.rejectedQuantity) })) },
    });
  });

  app.post('/receipts/:receiptId/report', {
    config: { access: { permission: PERM.receive } },
    bodyLimit: REPORT_MAX_BYTES + 64 * 1024,
    schema: { tags, summary: 'Attach the inspection report (multipart `file`: PDF, PNG or JPEG, ≤ 10 MB)', params: Type.Object({ receiptId: IdParam }), consumes: ['multipart/form-data'], response: { 200: Ok, ...problems(401, 403, 404, 413, 415, 422) } },
  }, async (req) => {
    // Whose receipt it is comes first: another organisation's id is a 404 whatever the body.
    const receipt = await getReceiptForOrg(req.ctx.db, req.ctx.actor?.orgId, req.params.receiptId);
    if (receipt.buyerOrgId !== req.ctx.actor?.orgId) throw notFound('goods receipt', req.params.receiptId);
    await attachInspectionReport(req.ctx, req.params.receiptId, await readReport(req));
    return { ok: true };
  });

  app.get('/receipts/:receiptId/report', {
    config: read,
    schema: { tags, summary: 'Download the inspection report of a receipt (buyer and supplier)', params: Type.Object({ receiptId: IdParam }), response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const receipt = await getReceiptForOrg(req.ctx.db, req.ctx.actor?.orgId, req.params.receiptId);
    if (!receipt.inspectionReport) throw notFound('inspection report', req.params.receiptId);
    return reply
      .type(receipt.inspectionReportType ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${encodeURIComponent(receipt.inspectionReportName ?? 'report')}"`)
      .send(receipt.inspectionReport);
  });

  // Returns and disputes.
  app.post('/orders/:orderId/returns', {
    config: { access: { permission: PERM.cases } },
    schema: { tags, summary: 'Request the return of rejected goods (buyer)', params: Type.Object({ orderId: IdParam }), body: Type.Object({ reason: Reason, lines: LineQuantities }), response: { 201: CaseSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.code(201).send(toCaseJson(await openReturn(req.ctx, req.params.orderId, req.body))));

  app.post('/orders/:orderId/disputes', {
    config: { access: { permission: PERM.cases } },
    schema: { tags, summary: 'Open a dispute (either party); the order is frozen until it is resolved or withdrawn', params: Type.Object({ orderId: IdParam }), body: Type.Object({ reason: Reason }), response: { 201: CaseSchema, ...problems(401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(toCaseJson(await openDispute(req.ctx, req.params.orderId, req.body))));

  for (const command of ['approve', 'decline', 'complete'] as const) {
    app.post(`/cases/:caseId/${command}`, {
      config: { access: { permission: PERM.cases } },
      schema: {
        tags,
        summary: command === 'complete' ? 'Confirm the returned goods arrived (supplier); `restock` puts them back on hand' : `${command === 'approve' ? 'Approve' : 'Decline'} a return request (supplier)`,
        params: Type.Object({ caseId: IdParam }),
        body: Type.Object({ resolution: Type.Optional(Nullable(Str(1000))), restock: Type.Optional(Type.Boolean()), warehouseId: Type.Optional(Nullable(IdParam)) }),
        response: { 200: CaseSchema, ...problems(401, 403, 404, 409) },
      },
    }, async (req) => toCaseJson(await decideReturn(req.ctx, req.params.caseId, command, req.body)));
  }

  app.post('/cases/:caseId/withdraw', {
    config: { access: { permission: PERM.cases } },
    schema: { tags, summary: 'Withdraw an own return request or dispute', params: Type.Object({ caseId: IdParam }), response: { 200: CaseSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toCaseJson(await withdrawCase(req.ctx, req.params.caseId)));

  app.get('/platform/disputes', {
    config: { access: { permission: PERM.resolve } },
    schema: {
      tags,
      summary: 'Open disputes (platform)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...CaseSchema.properties, orderNumber: Type.String(), buyerOrgId: Type.String(), supplierOrgId: Type.String(), total: Type.String() })) }), ...problems(401, 403) },
    },
  }, async (req) => ({ items: (await listOpenDisputes(req.ctx.db, 200)).map((c) => ({ ...toCaseJson(c), total: money(c.total) })) }));

  app.post('/platform/disputes/:caseId/resolve', {
    config: { access: { permission: PERM.resolve } },
    schema: {
      tags,
      summary: 'Resolve a dispute (platform): resume the order or cancel it; optional refund to the buyer',
      params: Type.Object({ caseId: IdParam }),
      body: Type.Object({ resolution: NonEmpty(1000), outcome: Type.Union([Type.Literal('resume'), Type.Literal('cancel_order')]), refundAmount: Type.Optional(Nullable(Money)) }),
      response: { 200: CaseSchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => toCaseJson(await resolveDispute(req.ctx, req.params.caseId, req.body)));

  // Supplier evaluation.
  app.post('/orders/:orderId/evaluation', {
    config: { access: { permission: PERM.evaluate } },
    schema: {
      tags,
      summary: 'Rate the supplier after acceptance (buyer, once per order): delivery, quality, service, price 1–5',
      params: Type.Object({ orderId: IdParam }),
      body: Type.Object({
        delivery: Type.Integer({ minimum: 1, maximum: 5 }),
        quality: Type.Integer({ minimum: 1, maximum: 5 }),
        service: Type.Integer({ minimum: 1, maximum: 5 }),
        price: Type.Integer({ minimum: 1, maximum: 5 }),
        comment: Type.Optional(Nullable(Str(1000))),
      }),
      response: { 201: Type.Object({ evaluation: EvaluationSchema, rating: RatingSchema }), ...problems(401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await evaluateSupplier(req.ctx, req.params.orderId, req.body)));

  app.get('/orders/supplier-rating', {
    config: read,
    schema: { tags, summary: 'A supplier’s average ratings from buyers’ evaluations', querystring: Type.Object({ supplierOrgId: IdParam }), response: { 200: RatingSchema, ...problems(401, 403, 404) } },
  }, async (req) => {
    const org = await getOrganization(req.ctx.db, req.query.supplierOrgId).catch(() => null);
    if (!org || !org.kinds.includes('supplier') || org.status !== 'active') throw notFound('supplier', req.query.supplierOrgId);
    return supplierRating(req.ctx.db, org.id);
  });
};
