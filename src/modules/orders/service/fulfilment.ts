import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import { query, type Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { newId } from '../../../platform/ids.ts';
import { Decimal, dec, money, qty } from '../../../platform/money.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { getOrganization } from '../../identity/index.ts';
import { consumeReservation, reservationsFor } from '../../inventory/index.ts';
import { orderAccepted, orderDelivered } from '../hooks.ts';
import { transition } from '../order.state.ts';
import { goodsReceiptLines, goodsReceipts, purchaseOrderLines, purchaseOrders, shipmentLines, shipments, trackingEvents } from '../schema.ts';
import { applyTransition, linesOf, lockOrder, orderRef, partiesOf, recordOrderEvent, type Order, type OrderLine } from './common.ts';

export type Shipment = typeof shipments.$inferSelect;
export type ShipmentLine = typeof shipmentLines.$inferSelect;
export type TrackingEvent = typeof trackingEvents.$inferSelect;
export type GoodsReceipt = typeof goodsReceipts.$inferSelect;
export type GoodsReceiptLine = typeof goodsReceiptLines.$inferSelect;

const ACTION_ZH: Record<string, string> = { ship: '发货', receive: '收货', return: '退货' };

function lineFor(order: Order, lines: OrderLine[], orderLineId: string): OrderLine {
  const line = lines.find((l) => l.id === orderLineId);
  if (!line) throw new Problem('orders.line_not_in_order', { orderLineId, number: order.number });
  return line;
}

function exceeded(line: OrderLine, action: string, remaining: Decimal, requested: Decimal): Problem {
  return new Problem(
    'orders.quantity_exceeded',
    { lineNo: line.lineNo, action, actionZh: ACTION_ZH[action] ?? action, remaining: qty(remaining), requested: qty(requested) },
    { orderLineId: line.id, remaining: qty(remaining) },
  );
}

/** Merges repeated line ids and refuses non-positive quantities. */
function mergeLines(input: Array<{ orderLineId: string; quantity: string }>): Map<string, Decimal> {
  const merged = new Map<string, Decimal>();
  input.forEach((l, i) => {
    const q = dec(l.quantity);
    if (q.lte(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/lines/${i}/quantity`, in: 'body', message: 'must be positive' }]);
    merged.set(l.orderLineId, (merged.get(l.orderLineId) ?? dec(0)).plus(q));
  });
  return merged;
}

export interface ShipmentInput {
  carrier: string;
  trackingNumber: string;
  /** The logistics partner organisation carrying it (may post tracking through its API key). */
  carrierOrgId?: string | null;
  lines: Array<{ orderLineId: string; quantity: string }>;
}

/**
 * The supplier ships some or all of what is left: the reserved stock leaves the warehouse
 * (inventory consumes the line's reservations), shipped quantities grow (never past ordered),
 * and the order becomes partially shipped or shipped.
 */
export async function createShipment(ctx: Ctx, orderId: string, input: ShipmentInput): Promise<{ order: Order; shipment: Shipment; lines: ShipmentLine[] }> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'supplier', 'ship it');
    transition(order.status, 'ship_partial');
    if (input.carrierOrgId) {
      const carrier = await getOrganization(tx, input.carrierOrgId).catch(() => null);
      if (!carrier || carrier.status !== 'active' || !carrier.kinds.includes('partner')) throw new Problem('orders.carrier_invalid', { carrierOrgId: input.carrierOrgId });
    }
    const lines = await linesOf(tx, order.id, true);
    const wanted = mergeLines(input.lines);
    const reserved = new Set((await reservationsFor(tx, orderRef(order.id))).map((r) => r.referenceLineId));
    const shipmentId = newId('shp');
    const number = await nextDocumentNumber(tx, order.supplierOrgId, 'SH');
    const [shipment] = await tx
      .insert(shipments)
      .values({ id: shipmentId, orderId: order.id, supplierOrgId: order.supplierOrgId, buyerOrgId: order.buyerOrgId, number, carrier: input.carrier, trackingNumber: input.trackingNumber, carrierOrgId: input.carrierOrgId ?? null, status: 'shipped', createdBy: ctx.actor?.userId ?? ctx.actor?.id ?? null })
      .returning();
    const rows: ShipmentLine[] = [];
    for (const [orderLineId, quantity] of wanted) {
      const line = lineFor(order, lines, orderLineId);
      const remaining = dec(line.quantity).minus(line.shippedQuantity);
      if (quantity.gt(remaining)) throw exceeded(line, 'ship', remaining, quantity);
      if (reserved.has(line.id)) await consumeReservation(tx, ctx, { reference: orderRef(order.id), lineId: line.id, quantity });
      line.shippedQuantity = dec(line.shippedQuantity).plus(quantity).toFixed(3);
      await tx.update(purchaseOrderLines).set({ shippedQuantity: line.shippedQuantity }).where(eq(purchaseOrderLines.id, line.id));
      const [row] = await tx.insert(shipmentLines).values({ id: newId('shl'), shipmentId, orderLineId, quantity: quantity.toFixed(3) }).returning();
      rows.push(row!);
    }
    const complete = lines.every((l) => dec(l.shippedQuantity).eq(l.quantity));
    const updated = await applyTransition(tx, ctx, order, complete ? 'ship_all' : 'ship_partial', { data: { shipmentId, shipmentNumber: number, carrier: input.carrier, trackingNumber: input.trackingNumber } });
    await emitEvent(tx, 'orders.shipment.created', { orderId: order.id, shipmentId, number, carrier: input.carrier, trackingNumber: input.trackingNumber, carrierOrgId: input.carrierOrgId ?? null }, order.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'orders.shipment.created', targetType: 'shipment', targetId: shipmentId, orgId: order.supplierOrgId, data: { orderId: order.id, number, lines: rows.map((r) => ({ orderLineId: r.orderLineId, quantity: qty(r.quantity) })) } });
    return { order: updated, shipment: shipment!, lines: rows };
  });
}

/**
 * Who may touch a shipment: its supplier and buyer (reading, and the parties' own actions),
 * and — for tracking only — the logistics partner it was assigned to. Everyone else: 404.
 */
async function lockShipment(tx: Tx, ctx: Ctx, shipmentId: string, allow: Array<'supplier' | 'buyer' | 'carrier'>): Promise<Shipment> {
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for('update');
  const orgId = ctx.actor?.orgId;
  const ok =
    shipment &&
    ((allow.includes('supplier') && shipment.supplierOrgId === orgId) ||
      (allow.includes('buyer') && shipment.buyerOrgId === orgId) ||
      (allow.includes('carrier') && shipment.carrierOrgId !== null && shipment.carrierOrgId === orgId));
  if (!ok) throw notFound('shipment', shipmentId);
  return shipment;
}

export async function getShipmentForOrg(tx: Tx, orgId: string | null | undefined, shipmentId: string, allowCarrier = false): Promise<Shipment> {
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId));
  if (!shipment || !orgId || !(shipment.supplierOrgId === orgId || shipment.buyerOrgId === orgId || (allowCarrier && shipment.carrierOrgId === orgId))) throw notFound('shipment', shipmentId);
  return shipment;
}

export interface TrackingInput {
  status: string;
  location?: string | null;
  description?: string | null;
  occurredAt: string;
  externalId?: string | null;
}

/**
 * Adds a tracking event, typed by the supplier or posted by the assigned logistics partner.
 * A partner's `externalId` makes re-posting the same event a no-op. A `delivered` event marks
 * the shipment delivered (and the order, once every shipment of a fully shipped order is).
 */
export async function addTrackingEvent(ctx: Ctx, shipmentId: string, input: TrackingInput, source: 'supplier' | 'partner'): Promise<{ event: TrackingEvent | null; duplicate: boolean; shipment: Shipment }> {
  return ctx.db.transaction(async (tx) => {
    const shipment = await lockShipment(tx, ctx, shipmentId, source === 'partner' ? ['carrier'] : ['supplier']);
    const occurredAt = new Date(input.occurredAt);
    const [event] = await tx
      .insert(trackingEvents)
      .values({ shipmentId, status: input.status, location: input.location ?? null, description: input.description ?? null, occurredAt, source, recordedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null, externalId: input.externalId ?? null })
      .onConflictDoNothing()
      .returning();
    if (!event) return { event: null, duplicate: true, shipment };
    let current = shipment;
    if (input.status === 'delivered' && shipment.status !== 'delivered') current = await markShipmentDelivered(tx, ctx, shipment, occurredAt);
    else if (shipment.status === 'shipped' && input.status !== 'delivered') {
      [current] = (await tx.update(shipments).set({ status: 'in_transit' }).where(eq(shipments.id, shipmentId)).returning()) as [Shipment];
    }
    await recordOrderEvent(tx, ctx, shipment.orderId, 'tracking', { shipmentId, shipmentNumber: shipment.number, status: input.status, location: input.location ?? null, source });
    await emitEvent(tx, 'orders.shipment.tracked', { orderId: shipment.orderId, shipmentId, status: input.status, location: input.location ?? null, source }, shipment.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'orders.shipment.tracked', targetType: 'shipment', targetId: shipmentId, data: { status: input.status, source, externalId: input.externalId ?? null } });
    return { event, duplicate: false, shipment: current };
  });
}

/** Marks one shipment delivered; a fully shipped order whose shipments all arrived becomes delivered. */
async function markShipmentDelivered(tx: Tx, ctx: Ctx, shipment: Shipment, at: Date): Promise<Shipment> {
  const [updated] = await tx.update(shipments).set({ status: 'delivered', deliveredAt: at }).where(eq(shipments.id, shipment.id)).returning();
  await recordOrderEvent(tx, ctx, shipment.orderId, 'shipment_delivered', { shipmentId: shipment.id, shipmentNumber: shipment.number });
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, shipment.orderId)).for('update');
  if (order?.status === 'shipped') {
    const [open] = await query<{ n: string }>(tx, sql`select count(*)::text as n from shipments where order_id = ${order.id} and status <> 'delivered'`);
    if (Number(open?.n ?? 0) === 0) {
      await applyTransition(tx, ctx, order, 'deliver', { patch: { deliveredAt: at } });
      await orderDelivered.run(tx, ctx, partiesOf(order));
    }
  }
  return updated!;
}

/** The buyer (receiver) confirms a shipment arrived. */
export async function confirmDelivery(ctx: Ctx, shipmentId: string): Promise<Shipment> {
  return ctx.db.transaction(async (tx) => {
    const shipment = await lockShipment(tx, ctx, shipmentId, ['buyer']);
    if (shipment.status === 'delivered') throw new Problem('orders.shipment_closed', { number: shipment.number });
    const updated = await markShipmentDelivered(tx, ctx, shipment, new Date());
    await emitEvent(tx, 'orders.shipment.delivered', { orderId: shipment.orderId, shipmentId }, shipment.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'orders.shipment.delivered', targetType: 'shipment', targetId: shipmentId, data: { orderId: shipment.orderId } });
    return updated;
  });
}

export async function listShipments(tx: Tx, orderId: string): Promise<Array<Shipment & { lines: ShipmentLine[] }>> {
  const rows = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.shippedAt));
  if (!rows.length) return [];
  const lines = await tx.select().from(shipmentLines).where(inArray(shipmentLines.shipmentId, rows.map((r) => r.id)));
  return rows.map((s) => ({ ...s, lines: lines.filter((l) => l.shipmentId === s.id) }));
}

export async function listTracking(tx: Tx, shipmentId: string): Promise<TrackingEvent[]> {
  return tx.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId)).orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.id));
}

/** Shipments a logistics partner carries (its API key sees only these). */
export async function listCarrierShipments(tx: Tx, carrierOrgId: string, filter: { trackingNumber?: string; limit: number }): Promise<Shipment[]> {
  const conditions = [eq(shipments.carrierOrgId, carrierOrgId)];
  if (filter.trackingNumber) conditions.push(eq(shipments.trackingNumber, filter.trackingNumber));
  return tx.select().from(shipments).where(and(...conditions)).orderBy(sql`${shipments.shippedAt} desc`).limit(filter.limit);
}

// --- goods receipt and acceptance (到货验收) -------------------------------------------------------

export interface ReceiptInput {
  shipmentId?: string | null;
  notes?: string | null;
  lines: Array<{ orderLineId: string; receivedQuantity: string; acceptedQuantity: string; rejectedQuantity: string; rejectionReason?: string | null }>;
}

/**
 * The buyer records arrival and inspection per line: accepted + rejected = received, never more
 * than shipped. The receipt marks its shipment (or, without one, every shipment not yet
 * arrived) delivered. When everything ordered is inspected the order is accepted, or partially
 * accepted when anything was rejected. `orderAccepted` carries this receipt's values so
 * settlement can release escrow in this same transaction.
 */
export async function recordReceipt(ctx: Ctx, orderId: string, input: ReceiptInput): Promise<{ order: Order; receipt: GoodsReceipt; lines: GoodsReceiptLine[] }> {
  return ctx.db.transaction(async (tx) => {
    let order = await lockOrder(tx, ctx, orderId, 'buyer', 'receive goods');
    transition(order.status, 'receive');
    const now = new Date();
    const orderShipments = await tx.select().from(shipments).where(eq(shipments.orderId, order.id)).for('update');
    if (input.shipmentId && !orderShipments.some((s) => s.id === input.shipmentId)) throw notFound('shipment', input.shipmentId);
    for (const s of orderShipments) {
      if (s.status !== 'delivered' && (!input.shipmentId || s.id === input.shipmentId)) await markShipmentDelivered(tx, ctx, s, now);
    }
    [order] = (await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, order.id))) as [Order];
    const lines = await linesOf(tx, order.id, true);
    const receiptId = newId('grn');
    const number = await nextDocumentNumber(tx, order.buyerOrgId, 'GR');
    const [receipt] = await tx
      .insert(goodsReceipts)
      .values({ id: receiptId, orderId: order.id, shipmentId: input.shipmentId ?? null, buyerOrgId: order.buyerOrgId, number, receivedBy: ctx.actor?.userId ?? ctx.actor!.id, receivedAt: now, notes: input.notes ?? null })
      .returning();
    const seen = new Set<string>();
    const rows: GoodsReceiptLine[] = [];
    const hookLines: Array<{ orderLineId: string; acceptedQuantity: string; rejectedQuantity: string; acceptedValue: string; rejectedValue: string }> = [];
    let acceptedValue = dec(0);
    let rejectedValue = dec(0);
    for (const [i, l] of input.lines.entries()) {
      const line = lineFor(order, lines, l.orderLineId);
      if (seen.has(line.id)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/lines/${i}/orderLineId`, in: 'body', message: 'appears twice' }]);
      seen.add(line.id);
      const received = dec(l.receivedQuantity);
      const accepted = dec(l.acceptedQuantity);
      const rejected = dec(l.rejectedQuantity);
      if (received.lte(0) || accepted.isNeg() || rejected.isNeg() || !accepted.plus(rejected).eq(received)) {
        throw new Problem('orders.inspection_mismatch', { lineNo: line.lineNo, accepted: qty(accepted), rejected: qty(rejected), received: qty(received) });
      }
      const remaining = dec(line.shippedQuantity).minus(line.receivedQuantity);
      if (received.gt(remaining)) throw exceeded(line, 'receive', remaining, received);
      // Values on cumulative quantities: a fully inspected line adds up to its line total exactly.
      const accBefore = dec(line.acceptedQuantity);
      const allBefore = accBefore.plus(line.rejectedQuantity);
      const accValue = valueOf(line, accBefore.plus(accepted)).minus(valueOf(line, accBefore));
      const allValue = valueOf(line, allBefore.plus(received)).minus(valueOf(line, allBefore));
      const rejValue = allValue.minus(accValue);
      acceptedValue = acceptedValue.plus(accValue);
      rejectedValue = rejectedValue.plus(rejValue);
      line.receivedQuantity = dec(line.receivedQuantity).plus(received).toFixed(3);
      line.acceptedQuantity = accBefore.plus(accepted).toFixed(3);
      line.rejectedQuantity = dec(line.rejectedQuantity).plus(rejected).toFixed(3);
      await tx
        .update(purchaseOrderLines)
        .set({ receivedQuantity: line.receivedQuantity, acceptedQuantity: line.acceptedQuantity, rejectedQuantity: line.rejectedQuantity })
        .where(eq(purchaseOrderLines.id, line.id));
      const [row] = await tx
        .insert(goodsReceiptLines)
        .values({
          id: newId('grl'),
          receiptId,
          orderLineId: line.id,
          receivedQuantity: received.toFixed(3),
          acceptedQuantity: accepted.toFixed(3),
          rejectedQuantity: rejected.toFixed(3),
          inspectionResult: rejected.isZero() ? 'passed' : accepted.isZero() ? 'failed' : 'partially_passed',
          rejectionReason: rejected.isZero() ? null : (l.rejectionReason ?? null),
        })
        .returning();
      rows.push(row!);
      hookLines.push({ orderLineId: line.id, acceptedQuantity: qty(accepted), rejectedQuantity: qty(rejected), acceptedValue: money(accValue), rejectedValue: money(rejValue) });
    }
    if (!rows.length) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/lines', in: 'body', message: 'must have at least one line' }]);
    const inspected = lines.every((l) => dec(l.acceptedQuantity).plus(l.rejectedQuantity).eq(l.quantity));
    const anyRejected = lines.some((l) => dec(l.rejectedQuantity).gt(0));
    const data = { receiptId, receiptNumber: number, acceptedValue: money(acceptedValue), rejectedValue: money(rejectedValue) };
    const final = inspected && order.status === 'delivered';
    const updated = await applyTransition(tx, ctx, order, final ? (anyRejected ? 'accept_partial' : 'accept_all') : 'receive', { patch: final ? { acceptedAt: now } : {}, data });
    await orderAccepted.run(tx, ctx, { ...partiesOf(order), receiptId, final, acceptedValue: money(acceptedValue), rejectedValue: money(rejectedValue), lines: hookLines });
    await emitEvent(tx, 'orders.receipt.recorded', { orderId: order.id, ...data, final }, order.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'orders.receipt.recorded', targetType: 'goods_receipt', targetId: receiptId, orgId: order.buyerOrgId, data: { orderId: order.id, number, lines: hookLines, final } });
    return { order: updated, receipt: receipt!, lines: rows };
  });
}

function valueOf(line: OrderLine, quantity: Decimal): Decimal {
  if (quantity.isZero()) return dec(0);
  if (quantity.eq(line.quantity)) return dec(line.lineTotal);
  return dec(line.lineTotal).times(quantity).div(line.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export const REPORT_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);
export const REPORT_MAX_BYTES = 10 * 1024 * 1024;

/** Attaches the inspection report (PDF or image, ≤ 10 MB) to a receipt of the buyer's. */
export async function attachInspectionReport(ctx: Ctx, receiptId: string, file: { filename: string; mimetype: string; bytes: Buffer }): Promise<GoodsReceipt> {
  if (!REPORT_TYPES.has(file.mimetype)) throw new Problem('orders.report_invalid', { reason: `Type ${file.mimetype} is not accepted; send PDF, PNG or JPEG.` });
  if (file.bytes.length > REPORT_MAX_BYTES || file.bytes.length === 0) throw new Problem('orders.report_invalid', { reason: `The file must be 1 byte to ${REPORT_MAX_BYTES} bytes.` });
  return ctx.db.transaction(async (tx) => {
    const [receipt] = await tx.select().from(goodsReceipts).where(eq(goodsReceipts.id, receiptId)).for('update');
    if (!receipt || receipt.buyerOrgId !== ctx.actor?.orgId) throw notFound('goods receipt', receiptId);
    const [updated] = await tx
      .update(goodsReceipts)
      .set({ inspectionReport: file.bytes, inspectionReportName: file.filename.slice(0, 200), inspectionReportType: file.mimetype })
      .where(eq(goodsReceipts.id, receiptId))
      .returning();
    await recordOrderEvent(tx, ctx, receipt.orderId, 'inspection_report', { receiptId, filename: file.filename.slice(0, 200) });
    await recordAudit(tx, ctx, { action: 'orders.receipt.report_attached', targetType: 'goods_receipt', targetId: receiptId, data: { filename: file.filename.slice(0, 200), bytes: file.bytes.length, type: file.mimetype } });
    return updated!;
  });
}

/** A receipt either party of its order may read (its report included). */
export async function getReceiptForOrg(tx: Tx, orgId: string | null | undefined, receiptId: string): Promise<GoodsReceipt> {
  const [row] = await tx.select({ receipt: goodsReceipts, supplierOrgId: purchaseOrders.supplierOrgId }).from(goodsReceipts).innerJoin(purchaseOrders, eq(purchaseOrders.id, goodsReceipts.orderId)).where(eq(goodsReceipts.id, receiptId));
  if (!row || !orgId || (row.receipt.buyerOrgId !== orgId && row.supplierOrgId !== orgId)) throw notFound('goods receipt', receiptId);
  return row.receipt;
}

export async function listReceipts(tx: Tx, orderId: string): Promise<Array<Omit<GoodsReceipt, 'inspectionReport'> & { hasReport: boolean; lines: GoodsReceiptLine[] }>> {
  const rows = await tx.select().from(goodsReceipts).where(eq(goodsReceipts.orderId, orderId)).orderBy(asc(goodsReceipts.receivedAt));
  if (!rows.length) return [];
  const lines = await tx.select().from(goodsReceiptLines).where(inArray(goodsReceiptLines.receiptId, rows.map((r) => r.id)));
  return rows.map(({ inspectionReport, ...r }) => ({ ...r, hasReport: inspectionReport !== null, lines: lines.filter((l) => l.receiptId === r.id) }));
}
