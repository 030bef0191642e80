import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });
const rate = (name: string) => numeric(name, { precision: 6, scale: 4 });

/**
 * An auction lot: a reverse auction (竞价, a buyer buys, suppliers bid the price down) or a
 * forward auction (拍卖, a buyer organisation sells scrap or idle material, bidders bid it up).
 * One item per lot; bids are unit prices excluding tax.
 *
 * The hot columns (seq … chain_hash) change with every batch of bids, under this row's lock:
 * `seq` orders bids totally per lot, `ends_at` moves with anti-sniping extensions, and the
 * close check compares the database clock with `ends_at` under the same lock.
 */
export const auctionLots = pgTable(
  'auction_lots',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    /** reverse | forward */
    kind: text('kind').notNull(),
    /** The buyer (reverse) or the selling organisation (forward). */
    ownerOrgId: text('owner_org_id').notNull(),
    createdBy: text('created_by'),
    status: text('status').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    categoryCode: text('category_code'),
    itemName: text('item_name').notNull(),
    itemSpec: text('item_spec'),
    uom: text('uom').notNull(),
    quantity: quantity('quantity').notNull(),
    taxRate: rate('tax_rate').notNull(),
    currency: text('currency').notNull().default('CNY'),
    deliveryAddress: text('delivery_address'),
    deliveryRegion: text('delivery_region'),
    startPrice: amount('start_price').notNull(),
    /** Reverse: the highest price that may be awarded; forward: the lowest it may be sold for. */
    reservePrice: amount('reserve_price'),
    /** absolute | percent: the minimum decrement (reverse) or increment (forward) */
    stepType: text('step_type').notNull(),
    stepValue: amount('step_value').notNull(),
    /** beat_own: improve your own last bid by a step; beat_best: improve the best bid by a step */
    bidRule: text('bid_rule').notNull(),
    /** refuse: a price another bidder stands at is refused; rank_behind: it ranks after the earlier bid */
    tiePolicy: text('tie_policy').notNull(),
    /** rank: bidders see their own rank; best_price: also the best price (never who holds it) */
    visibility: text('visibility').notNull(),
    proxyAllowed: boolean('proxy_allowed').notNull().default(false),
    /** invited: only invitees see and bid (others get 404); public: any eligible organisation may register */
    access: text('access').notNull(),
    /** Public lots: registrations wait for the owner's approval (qualification). */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    depositAmount: amount('deposit_amount').notNull().default('0'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    scheduledEndsAt: ts('scheduled_ends_at').notNull(),
    snipeWindowSeconds: integer('snipe_window_seconds').notNull().default(0),
    extensionSeconds: integer('extension_seconds').notNull().default(0),
    maxExtensions: integer('max_extensions').notNull().default(0),
    /** close: the end moves by the extension; bid: the end becomes the bid time plus the extension */
    extendFrom: text('extend_from').notNull().default('close'),
    /** Bids ranked at or above this rank trigger an extension (Oracle's "lowest triggering rank"). */
    triggerRank: integer('trigger_rank').notNull().default(1),
    extensions: integer('extensions').notNull().default(0),
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    bidCount: integer('bid_count').notNull().default(0),
    bestPrice: amount('best_price'),
    bestOrgId: text('best_org_id'),
    bestSeq: bigint('best_seq', { mode: 'number' }),
    /** Acceptance time of the last bid, µs since the epoch: the next one is at least 1 µs later. */
    lastBidUs: bigint('last_bid_us', { mode: 'number' }).notNull().default(0),
    /** Head of this lot's bid hash chain (each bid's hash covers the previous one). */
    chainHash: text('chain_hash').notNull(),
    winnerOrgId: text('winner_org_id'),
    winningPrice: amount('winning_price'),
    /** Reverse: the purchase order the award created. */
    orderId: text('order_id'),
    /** Forward: price × quantity plus tax, what the winner pays. */
    saleTotal: amount('sale_total'),
    payBy: ts('pay_by'),
    paymentReference: text('payment_reference'),
    paidAt: ts('paid_at'),
    collectedAt: ts('collected_at'),
    /** Why the lot failed or was cancelled. */
    outcomeReason: text('outcome_reason'),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    awardedAt: ts('awarded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('auction_lots_owner_number_idx').on(t.ownerOrgId, t.number),
    index('auction_lots_owner_idx').on(t.ownerOrgId, t.createdAt),
    index('auction_lots_due_idx').on(t.status, t.endsAt),
    index('auction_lots_public_idx').on(t.access, t.status, t.startsAt),
    check('auction_lots_prices_positive', sql`${t.startPrice} > 0 and ${t.stepValue} > 0 and ${t.quantity} > 0 and ${t.depositAmount} >= 0`),
    check('auction_lots_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * Who may bid on a lot, and how they stand. A row exists for every invitee and every
 * registration; bidding needs `approved`, a held deposit when the lot asks for one, and an
 * active organisation. best_price/best_seq are the bidder's standing (its last, best bid).
 */
export const auctionParticipants = pgTable(
  'auction_participants',
  {
    lotId: text('lot_id').notNull(),
    orgId: text('org_id').notNull(),
    /** invited | registered | approved | rejected | disqualified */
    status: text('status').notNull(),
    invitedAt: ts('invited_at'),
    registeredAt: ts('registered_at'),
    approvedAt: ts('approved_at'),
    /** none | held | refunded | forfeited | applied */
    depositStatus: text('deposit_status').notNull().default('none'),
    depositAmount: amount('deposit_amount').notNull().default('0'),
    depositReference: text('deposit_reference'),
    bestPrice: amount('best_price'),
    bestSeq: bigint('best_seq', { mode: 'number' }),
    bidCount: integer('bid_count').notNull().default(0),
    /** Proxy bidding: the lowest (reverse) or highest (forward) price the system may bid for this bidder. */
    proxyLimit: amount('proxy_limit'),
    /** Among equal proxy limits, the earlier one wins. */
    proxySetAt: ts('proxy_set_at'),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.orgId] }), index('auction_participants_org_idx').on(t.orgId, t.createdAt)],
);

/**
 * Accepted bids, append-only, totally ordered per lot by `seq` (taken under the lot's row lock)
 * with strictly increasing `accepted_at` (database clock, µs). Each row's hash covers the
 * previous row's, so the lot's history is tamper-evident without taking the global audit lock
 * per bid; the head hash goes into the audit log when the lot closes.
 */
export const auctionBids = pgTable(
  'auction_bids',
  {
    lotId: text('lot_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    orgId: text('org_id').notNull(),
    /** The user or API key that bid; for proxy bids, whoever set the proxy. */
    actorId: text('actor_id'),
    price: amount('price').notNull(),
    /** manual | proxy */
    kind: text('kind').notNull(),
    acceptedAt: ts('accepted_at').notNull(),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.seq] }), index('auction_bids_org_idx').on(t.lotId, t.orgId, t.seq)],
);

/**
 * Money an organisation paid in for this module (auction deposits, forward-auction sale
 * payments, presale deposits): one row per bank transfer, so a reference cannot be booked twice.
 */
export const auctionReceipts = pgTable(
  'auction_receipts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    bankReference: text('bank_reference').notNull(),
    /** auction_deposit | auction_sale | presale_deposit */
    purpose: text('purpose').notNull(),
    referenceId: text('reference_id').notNull(),
    amount: amount('amount').notNull(),
    ledgerEntryId: text('ledger_entry_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('auction_receipts_org_reference_idx').on(t.orgId, t.bankReference), index('auction_receipts_reference_idx').on(t.referenceId)],
);

/** A supplier's presale (预售) of a catalog SKU: a deposit now, the balance before delivery. */
export const presales = pgTable(
  'presales',
  {
    id: text('id').primaryKey(),
    supplierOrgId: text('supplier_org_id').notNull(),
    skuId: text('sku_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    itemName: text('item_name').notNull(),
    uom: text('uom').notNull(),
    unitPrice: amount('unit_price').notNull(),
    taxRate: rate('tax_rate').notNull(),
    depositPerUnit: amount('deposit_per_unit').notNull(),
    /** Total quantity on offer; null = unlimited. */
    quantityCap: quantity('quantity_cap'),
    quantityTaken: quantity('quantity_taken').notNull().default('0'),
    minQuantity: quantity('min_quantity').notNull().default('1'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    deliveryFrom: date('delivery_from').notNull(),
    deliveryTo: date('delivery_to').notNull(),
    /** After this the unpaid balance lapses and the deposit is forfeited to the supplier. */
    balanceDueBy: ts('balance_due_by').notNull(),
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('presales_supplier_idx').on(t.supplierOrgId, t.createdAt),
    index('presales_status_idx').on(t.status, t.endsAt),
    check('presales_amounts', sql`${t.unitPrice} > 0 and ${t.depositPerUnit} > 0 and ${t.depositPerUnit} <= ${t.unitPrice} and ${t.quantityTaken} >= 0`),
    check('presales_cap', sql`${t.quantityCap} is null or ${t.quantityTaken} <= ${t.quantityCap}`),
  ],
);

/** A buyer's presale reservation: deposit paid, then the balance turns it into a purchase order. */
export const presaleOrders = pgTable(
  'presale_orders',
  {
    id: text('id').primaryKey(),
    presaleId: text('presale_id').notNull(),
    buyerOrgId: text('buyer_org_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    buyerUserId: text('buyer_user_id'),
    quantity: quantity('quantity').notNull(),
    unitPrice: amount('unit_price').notNull(),
    taxRate: rate('tax_rate').notNull(),
    total: amount('total').notNull(),
    depositAmount: amount('deposit_amount').notNull(),
    balanceAmount: amount('balance_amount').notNull(),
    /** deposit_paid | completed | cancelled | lapsed | refunded */
    status: text('status').notNull(),
    deliveryAddress: text('delivery_address'),
    orderId: text('order_id'),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('presale_orders_presale_idx').on(t.presaleId, t.createdAt),
    index('presale_orders_buyer_idx').on(t.buyerOrgId, t.createdAt),
    index('presale_orders_supplier_idx').on(t.supplierOrgId, t.createdAt),
  ],
);

export type AuctionLotRow = typeof auctionLots.$inferSelect;
export type AuctionParticipantRow = typeof auctionParticipants.$inferSelect;
export type AuctionBidRow = typeof auctionBids.$inferSelect;
export type PresaleRow = typeof presales.$inferSelect;
export type PresaleOrderRow = typeof presaleOrders.$inferSelect;
