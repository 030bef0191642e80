import { sql } from 'drizzle-orm';
import { bigserial, check, customType, date, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** A buyer user's cart: lines from any number of suppliers, split into orders at checkout. */
export const cartItems = pgTable(
  'cart_items',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    skuId: text('sku_id').notNull(),
    quantity: quantity('quantity').notNull(),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cart_items_user_sku_idx').on(t.userId, t.skuId), check('cart_items_positive', sql`${t.quantity} > 0`)],
);

/**
 * A purchase order between one buyer and one supplier. Amounts are tax-exclusive subtotal, tax,
 * and total; they are the sums of the lines (checked in tests after every scenario).
 */
export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    buyerOrgId: text('buyer_org_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    buyerUserId: text('buyer_user_id'),
    /** cart | requisition | rfq | tender | auction | agreement | presale */
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    requisitionId: text('requisition_id'),
    budgetLineId: text('budget_line_id'),
    status: text('status').notNull(),
    /** escrow | credit */
    paymentMethod: text('payment_method').notNull(),
    creditDays: integer('credit_days'),
    currency: text('currency').notNull().default('CNY'),
    subtotal: amount('subtotal').notNull(),
    taxTotal: amount('tax_total').notNull(),
    total: amount('total').notNull(),
    /** Escrow paid in by the buyer and not yet released or refunded. */
    escrowHeld: amount('escrow_held').notNull().default('0'),
    deliveryAddress: text('delivery_address'),
    deliveryRegion: text('delivery_region'),
    needBy: date('need_by'),
    notes: text('notes'),
    reservationExpiresAt: ts('reservation_expires_at'),
    cancelReason: text('cancel_reason'),
    /** The status a dispute interrupted; the order returns to it when the dispute is resolved. */
    resumeStatus: text('resume_status'),
    submittedAt: ts('submitted_at'),
    confirmedAt: ts('confirmed_at'),
    deliveredAt: ts('delivered_at'),
    acceptedAt: ts('accepted_at'),
    settledAt: ts('settled_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('purchase_orders_buyer_number_idx').on(t.buyerOrgId, t.number),
    index('purchase_orders_buyer_idx').on(t.buyerOrgId, t.createdAt),
    index('purchase_orders_supplier_idx').on(t.supplierOrgId, t.createdAt),
    index('purchase_orders_status_idx').on(t.status, t.createdAt),
    check('purchase_orders_escrow_non_negative', sql`${t.escrowHeld} >= 0`),
  ],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    lineNo: integer('line_no').notNull(),
    skuId: text('sku_id'),
    requisitionLineId: text('requisition_line_id'),
    categoryCode: text('category_code'),
    /** Snapshots, so later catalog edits do not change a placed order. */
    name: text('name').notNull(),
    spec: text('spec'),
    supplierSkuCode: text('supplier_sku_code'),
    uom: text('uom').notNull(),
    quantity: quantity('quantity').notNull(),
    unitPrice: amount('unit_price').notNull(),
    taxRate: numeric('tax_rate', { precision: 6, scale: 4 }).notNull(),
    lineSubtotal: amount('line_subtotal').notNull(),
    lineTax: amount('line_tax').notNull(),
    lineTotal: amount('line_total').notNull(),
    /** contract | tier | list | quote | bid */
    priceSource: text('price_source').notNull(),
    agreementItemId: text('agreement_item_id'),
    shippedQuantity: quantity('shipped_quantity').notNull().default('0'),
    receivedQuantity: quantity('received_quantity').notNull().default('0'),
    acceptedQuantity: quantity('accepted_quantity').notNull().default('0'),
    rejectedQuantity: quantity('rejected_quantity').notNull().default('0'),
    invoicedQuantity: quantity('invoiced_quantity').notNull().default('0'),
    returnedQuantity: quantity('returned_quantity').notNull().default('0'),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_no_idx').on(t.orderId, t.lineNo),
    check(
      'purchase_order_lines_quantities',
      sql`${t.quantity} > 0 and ${t.shippedQuantity} <= ${t.quantity} and ${t.receivedQuantity} <= ${t.shippedQuantity}
          and ${t.acceptedQuantity} + ${t.rejectedQuantity} <= ${t.receivedQuantity} and ${t.invoicedQuantity} <= ${t.acceptedQuantity}`,
    ),
  ],
);

/** The order's timeline: every transition and notable event, for the order page. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorId: text('actor_id'),
    actorOrgId: text('actor_org_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

/** The e-contract generated from an order: PDF bytes and their SHA-256, signed by both parties. */
export const contracts = pgTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    number: text('number').notNull(),
    status: text('status').notNull(),
    pdf: bytea('pdf').notNull(),
    sha256: text('sha256').notNull(),
    /** The PDF with the signature page, once both parties signed, and its SHA-256. */
    signedPdf: bytea('signed_pdf'),
    signedSha256: text('signed_sha256'),
    buyerSignedBy: text('buyer_signed_by'),
    buyerSignedAt: ts('buyer_signed_at'),
    supplierSignedBy: text('supplier_signed_by'),
    supplierSignedAt: ts('supplier_signed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contracts_order_idx').on(t.orderId)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    buyerOrgId: text('buyer_org_id').notNull(),
    number: text('number').notNull(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    /**
     * The logistics partner organisation the supplier assigned to carry this shipment: its API
     * keys (scope logistics.tracking.write) may post tracking events for this shipment only.
     */
    carrierOrgId: text('carrier_org_id'),
    /** shipped | in_transit | delivered */
    status: text('status').notNull(),
    shippedAt: ts('shipped_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    createdBy: text('created_by'),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId),
    index('shipments_tracking_idx').on(t.carrier, t.trackingNumber),
    index('shipments_carrier_org_idx').on(t.carrierOrgId, t.shippedAt),
  ],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull().references(() => shipments.id),
    orderLineId: text('order_line_id').notNull().references(() => purchaseOrderLines.id),
    quantity: quantity('quantity').notNull(),
  },
  (t) => [index('shipment_lines_shipment_idx').on(t.shipmentId), check('shipment_lines_positive', sql`${t.quantity} > 0`)],
);

/** Logistics tracking, typed by the supplier or posted by a logistics partner's API key. */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shipmentId: text('shipment_id').notNull().references(() => shipments.id),
    status: text('status').notNull(),
    location: text('location'),
    description: text('description'),
    occurredAt: ts('occurred_at').notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by'),
    /** A partner's own event id, so re-posting the same event is a no-op. */
    externalId: text('external_id'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt), uniqueIndex('tracking_events_external_idx').on(t.shipmentId, t.externalId)],
);

/** Goods receipt and acceptance (到货验收) with the quality inspection result per line. */
export const goodsReceipts = pgTable(
  'goods_receipts',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    shipmentId: text('shipment_id'),
    buyerOrgId: text('buyer_org_id').notNull(),
    number: text('number').notNull(),
    receivedBy: text('received_by').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    notes: text('notes'),
    inspectionReportName: text('inspection_report_name'),
    inspectionReportType: text('inspection_report_type'),
    inspectionReport: bytea('inspection_report'),
  },
  (t) => [index('goods_receipts_order_idx').on(t.orderId)],
);

export const goodsReceiptLines = pgTable(
  'goods_receipt_lines',
  {
    id: text('id').primaryKey(),
    receiptId: text('receipt_id').notNull().references(() => goodsReceipts.id),
    orderLineId: text('order_line_id').notNull().references(() => purchaseOrderLines.id),
    receivedQuantity: quantity('received_quantity').notNull(),
    acceptedQuantity: quantity('accepted_quantity').notNull(),
    rejectedQuantity: quantity('rejected_quantity').notNull(),
    /** passed | partially_passed | failed */
    inspectionResult: text('inspection_result').notNull(),
    rejectionReason: text('rejection_reason'),
  },
  (t) => [
    index('goods_receipt_lines_receipt_idx').on(t.receiptId),
    check('goods_receipt_lines_split', sql`${t.acceptedQuantity} >= 0 and ${t.rejectedQuantity} >= 0 and ${t.acceptedQuantity} + ${t.rejectedQuantity} = ${t.receivedQuantity}`),
  ],
);

/** Returns and disputes raised on an order. */
export const orderCases = pgTable(
  'order_cases',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    openedBy: text('opened_by').notNull(),
    openedByOrgId: text('opened_by_org_id').notNull(),
    reason: text('reason').notNull(),
    lines: jsonb('lines').$type<Array<{ orderLineId: string; quantity: string }>>(),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    refundAmount: amount('refund_amount'),
    createdAt: ts('created_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('order_cases_order_idx').on(t.orderId)],
);

/** The buyer's evaluation of the supplier after acceptance, 1–5 on four dimensions. */
export const supplierEvaluations = pgTable(
  'supplier_evaluations',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => purchaseOrders.id),
    buyerOrgId: text('buyer_org_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    delivery: smallint('delivery').notNull(),
    quality: smallint('quality').notNull(),
    service: smallint('service').notNull(),
    price: smallint('price').notNull(),
    comment: text('comment'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supplier_evaluations_order_idx').on(t.orderId),
    index('supplier_evaluations_supplier_idx').on(t.supplierOrgId, t.createdAt),
    check('supplier_evaluations_range', sql`${t.delivery} between 1 and 5 and ${t.quality} between 1 and 5 and ${t.service} between 1 and 5 and ${t.price} between 1 and 5`),
  ],
);
