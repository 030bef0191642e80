import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });
const rate = (name: string) => numeric(name, { precision: 5, scale: 4 });
const score = (name: string) => numeric(name, { precision: 7, scale: 3 });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

// --- RFQ (询价) ------------------------------------------------------------------------------------

/**
 * A request for quotation of a buyer organisation. `audience`: invited (chosen suppliers),
 * category (suppliers matched by category, invited at publication) or all (every active supplier).
 * Quotes are readable by the buyer only once the server clock has passed `deadline`.
 */
export const rfqs = pgTable(
  'rfqs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** draft | open | closed | awarded | cancelled */
    status: text('status').notNull(),
    audience: text('audience').notNull(),
    categoryCodes: text('category_codes').array().notNull().default(sql`'{}'::text[]`),
    requisitionId: text('requisition_id'),
    currency: text('currency').notNull().default('CNY'),
    deadline: ts('deadline').notNull(),
    deliveryAddress: text('delivery_address'),
    deliveryRegion: text('delivery_region'),
    needBy: date('need_by'),
    paymentMethod: text('payment_method').notNull().default('escrow'),
    creditDays: integer('credit_days'),
    budgetLineId: text('budget_line_id'),
    createdBy: text('created_by').notNull(),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    awardedAt: ts('awarded_at'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('rfqs_org_number_idx').on(t.orgId, t.number),
    index('rfqs_org_created_idx').on(t.orgId, t.createdAt),
    index('rfqs_open_audience_idx').on(t.status, t.audience, t.createdAt),
  ],
);

export const rfqLines = pgTable(
  'rfq_lines',
  {
    id: text('id').primaryKey(),
    rfqId: text('rfq_id').notNull().references(() => rfqs.id),
    lineNo: integer('line_no').notNull(),
    skuId: text('sku_id'),
    requisitionLineId: text('requisition_line_id'),
    categoryCode: text('category_code'),
    name: text('name').notNull(),
    spec: text('spec'),
    quantity: quantity('quantity').notNull(),
    uom: text('uom').notNull(),
    /** Non-standard items: suppliers may offer an alternative (described in their quote line). */
    allowAlternatives: boolean('allow_alternatives').notNull().default(false),
    awardedQuoteId: text('awarded_quote_id'),
    awardedSupplierOrgId: text('awarded_supplier_org_id'),
    orderId: text('order_id'),
  },
  (t) => [uniqueIndex('rfq_lines_no_idx').on(t.rfqId, t.lineNo), check('rfq_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

/** Invited suppliers; `source` chosen (by the buyer) or category (matched at publication). */
export const rfqInvitations = pgTable(
  'rfq_invitations',
  {
    rfqId: text('rfq_id').notNull().references(() => rfqs.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    source: text('source').notNull(),
    invitedAt: ts('invited_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.rfqId, t.supplierOrgId] }), index('rfq_invitations_supplier_idx').on(t.supplierOrgId, t.invitedAt)],
);

/** One quote per supplier and RFQ, revised in place until the deadline (`revision` counts). */
export const rfqQuotes = pgTable(
  'rfq_quotes',
  {
    id: text('id').primaryKey(),
    rfqId: text('rfq_id').notNull().references(() => rfqs.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** submitted | withdrawn | awarded | partially_awarded | not_awarded */
    status: text('status').notNull(),
    revision: integer('revision').notNull().default(1),
    validUntil: date('valid_until').notNull(),
    leadTimeDays: integer('lead_time_days'),
    /** Freight for the whole quote, tax-exclusive; its tax rate (9% for transport in China by default). */
    freight: amount('freight').notNull().default('0'),
    freightTaxRate: rate('freight_tax_rate').notNull().default('0.09'),
    notes: text('notes'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('rfq_quotes_rfq_supplier_idx').on(t.rfqId, t.supplierOrgId), index('rfq_quotes_supplier_idx').on(t.supplierOrgId, t.submittedAt)],
);

export const rfqQuoteLines = pgTable(
  'rfq_quote_lines',
  {
    id: text('id').primaryKey(),
    quoteId: text('quote_id').notNull().references(() => rfqQuotes.id),
    rfqLineId: text('rfq_line_id').notNull().references(() => rfqLines.id),
    unitPrice: amount('unit_price').notNull(),
    taxRate: rate('tax_rate').notNull(),
    leadTimeDays: integer('lead_time_days'),
    /** Set when the supplier offers something other than the line asks for. */
    alternative: text('alternative'),
    notes: text('notes'),
  },
  (t) => [uniqueIndex('rfq_quote_lines_line_idx').on(t.quoteId, t.rfqLineId), check('rfq_quote_lines_price', sql`${t.unitPrice} >= 0`)],
);

/** Files attached to a quote (drawings, certificates, price sheets). */
export const rfqAttachments = pgTable(
  'rfq_attachments',
  {
    id: text('id').primaryKey(),
    rfqId: text('rfq_id').notNull().references(() => rfqs.id),
    quoteId: text('quote_id').notNull().references(() => rfqQuotes.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('rfq_attachments_quote_idx').on(t.quoteId)],
);

/** Clarification Q&A: visible to every invitee and the buyer; `askedByOrgId` is never shown. */
export const rfqQuestions = pgTable(
  'rfq_questions',
  {
    id: text('id').primaryKey(),
    rfqId: text('rfq_id').notNull().references(() => rfqs.id),
    askedByOrgId: text('asked_by_org_id').notNull(),
    question: text('question').notNull(),
    answer: text('answer'),
    answeredBy: text('answered_by'),
    answeredAt: ts('answered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('rfq_questions_rfq_idx').on(t.rfqId, t.createdAt)],
);

// --- Tender (招标) -----------------------------------------------------------------------------------

/**
 * A tender of a buyer organisation. Bids are sealed to `sealingPublicKey` (X25519); the matching
 * private key exists only as Shamir shares sealed to the designated openers (tender_openers).
 */
export const tenders = pgTable(
  'tenders',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** public | invited */
    visibility: text('visibility').notNull(),
    categoryCodes: text('category_codes').array().notNull().default(sql`'{}'::text[]`),
    /** lowest_price (经评审的最低投标价法) | comprehensive (综合评估法) */
    method: text('method').notNull(),
    priceWeight: numeric('price_weight', { precision: 5, scale: 2 }).notNull(),
    technicalWeight: numeric('technical_weight', { precision: 5, scale: 2 }).notNull(),
    commercialWeight: numeric('commercial_weight', { precision: 5, scale: 2 }).notNull(),
    /** Average technical score a bid needs to stay in the ranking. */
    technicalPassScore: numeric('technical_pass_score', { precision: 5, scale: 2 }).notNull().default('60'),
    qualificationRequirements: text('qualification_requirements'),
    depositAmount: amount('deposit_amount').notNull().default('0'),
    currency: text('currency').notNull().default('CNY'),
    registrationDeadline: ts('registration_deadline').notNull(),
    bidDeadline: ts('bid_deadline').notNull(),
    openingAt: ts('opening_at').notNull(),
    openingWindowMinutes: integer('opening_window_minutes').notNull(),
    /** A material amendment needs at least this long before the bid deadline, or the deadline moves. */
    amendmentNoticeMinutes: integer('amendment_notice_minutes').notNull(),
    awardConfirmMinutes: integer('award_confirm_minutes').notNull(),
    openerQuorum: integer('opener_quorum').notNull(),
    /** draft | published | closed | opened | evaluated | awarded | concluded | failed | cancelled */
    status: text('status').notNull(),
    documentRevision: integer('document_revision').notNull().default(0),
    sealingPublicKey: bytea('sealing_public_key'),
    deliveryAddress: text('delivery_address'),
    deliveryRegion: text('delivery_region'),
    needBy: date('need_by'),
    paymentMethod: text('payment_method').notNull().default('escrow'),
    creditDays: integer('credit_days'),
    budgetLineId: text('budget_line_id'),
    createdBy: text('created_by').notNull(),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    openedAt: ts('opened_at'),
    evaluatedAt: ts('evaluated_at'),
    awardedAt: ts('awarded_at'),
    concludedAt: ts('concluded_at'),
    cancelledAt: ts('cancelled_at'),
    endReason: text('end_reason'),
    orderId: text('order_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('tenders_org_number_idx').on(t.orgId, t.number),
    index('tenders_org_created_idx').on(t.orgId, t.createdAt),
    index('tenders_public_idx').on(t.visibility, t.status, t.createdAt),
    check('tenders_times', sql`${t.registrationDeadline} <= ${t.bidDeadline} and ${t.bidDeadline} <= ${t.openingAt}`),
  ],
);

export const tenderLines = pgTable(
  'tender_lines',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    lineNo: integer('line_no').notNull(),
    categoryCode: text('category_code'),
    name: text('name').notNull(),
    spec: text('spec'),
    quantity: quantity('quantity').notNull(),
    uom: text('uom').notNull(),
  },
  (t) => [uniqueIndex('tender_lines_no_idx').on(t.tenderId, t.lineNo), check('tender_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

export const tenderInvitations = pgTable(
  'tender_invitations',
  {
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    invitedAt: ts('invited_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.supplierOrgId] }), index('tender_invitations_supplier_idx').on(t.supplierOrgId)],
);

/**
 * A designated opener (开标人) of a tender: their personal key for this tender (private half under
 * their passphrase and the server secret), the Shamir share of the tender key sealed to it, and —
 * after they confirmed in the opening window — the released share, until the opening uses it.
 */
export const tenderOpeners = pgTable(
  'tender_openers',
  {
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    userId: text('user_id').notNull(),
    position: integer('position').notNull(),
    acceptedAt: ts('accepted_at'),
    publicKey: bytea('public_key'),
    keySalt: bytea('key_salt'),
    protectedPrivateKey: bytea('protected_private_key'),
    sealedShare: bytea('sealed_share'),
    releasedShare: bytea('released_share'),
    confirmedAt: ts('confirmed_at'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.userId] }), index('tender_openers_user_idx').on(t.userId)],
);

/** Evaluation committee (评标委员会) members and their conflict-of-interest declaration. */
export const tenderEvaluators = pgTable(
  'tender_evaluators',
  {
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    userId: text('user_id').notNull(),
    declaredAt: ts('declared_at'),
    conflict: boolean('conflict'),
    declaration: text('declaration'),
    submittedAt: ts('submitted_at'),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.userId] }), index('tender_evaluators_user_idx').on(t.userId)],
);

/** Tender documents and amendments (clarifications); `material` ones may move the deadline. */
export const tenderDocuments = pgTable(
  'tender_documents',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    revision: integer('revision').notNull(),
    /** document | amendment */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    material: boolean('material').notNull().default(false),
    filename: text('filename'),
    mimeType: text('mime_type'),
    sizeBytes: integer('size_bytes'),
    sha256: text('sha256'),
    content: bytea('content'),
    deadlineBefore: ts('deadline_before'),
    deadlineAfter: ts('deadline_after'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('tender_documents_tender_idx').on(t.tenderId, t.createdAt)],
);

/** Supplier registration (报名) and the buyer's qualification check (资格审查). */
export const tenderRegistrations = pgTable(
  'tender_registrations',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** pending | qualified | rejected */
    status: text('status').notNull(),
    statement: text('statement'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    registeredBy: text('registered_by').notNull(),
    registeredAt: ts('registered_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    note: text('note'),
  },
  (t) => [uniqueIndex('tender_registrations_supplier_idx').on(t.tenderId, t.supplierOrgId), index('tender_registrations_org_idx').on(t.supplierOrgId, t.registeredAt)],
);

/**
 * Bid deposit (投标保证金) of one supplier for one tender: held → refunded | forfeited, each move a
 * ledger entry with a dedupe key, so each happens exactly once.
 */
export const tenderDeposits = pgTable(
  'tender_deposits',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** held | refunded | forfeited */
    status: text('status').notNull(),
    bankReference: text('bank_reference').notNull(),
    receivedEntryId: text('received_entry_id').notNull(),
    settledEntryId: text('settled_entry_id'),
    reason: text('reason'),
    paidAt: ts('paid_at').notNull().defaultNow(),
    settledAt: ts('settled_at'),
  },
  (t) => [uniqueIndex('tender_deposits_supplier_idx').on(t.tenderId, t.supplierOrgId), check('tender_deposits_positive', sql`${t.amount} > 0`)],
);

/**
 * A sealed bid (投标文件): until opening only the bidder, times and the hash of the envelope are in
 * clear; `sealed` is an envelope to the tender's public key. `openedContent` and `totalPrice` are
 * written by the opening.
 */
export const tenderBids = pgTable(
  'tender_bids',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** submitted | withdrawn | opened | excluded | rejected */
    status: text('status').notNull(),
    revision: integer('revision').notNull().default(1),
    sealed: bytea('sealed'),
    sealedSha256: text('sealed_sha256'),
    /** The tender document revision the bidder last confirmed their bid against. */
    documentRevision: integer('document_revision').notNull(),
    needsReconfirmation: boolean('needs_reconfirmation').notNull().default(false),
    /** The Idempotency-Key of the request that produced this revision (bid routes keep their own). */
    requestKey: text('request_key'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    reconfirmedAt: ts('reconfirmed_at'),
    withdrawnAt: ts('withdrawn_at'),
    openedAt: ts('opened_at'),
    openedContent: jsonb('opened_content').$type<Record<string, unknown>>(),
    totalPrice: amount('total_price'),
    rejectReason: text('reject_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tender_bids_supplier_idx').on(t.tenderId, t.supplierOrgId), index('tender_bids_org_idx').on(t.supplierOrgId, t.createdAt)],
);

/** The opening record (开标记录): who confirmed when, which bids were opened, the prices read out. */
export const tenderOpenings = pgTable('tender_openings', {
  tenderId: text('tender_id').primaryKey().references(() => tenders.id),
  openedAt: ts('opened_at').notNull(),
  openers: jsonb('openers').notNull().$type<Array<{ userId: string; name: string; confirmedAt: string }>>(),
  bids: jsonb('bids').notNull().$type<Array<Record<string, unknown>>>(),
  excluded: jsonb('excluded').notNull().$type<Array<Record<string, unknown>>>(),
});

/** One evaluator's scores for one bid (0–100 each); others see them only after they submitted their own. */
export const tenderScores = pgTable(
  'tender_scores',
  {
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    bidId: text('bid_id').notNull().references(() => tenderBids.id),
    evaluatorId: text('evaluator_id').notNull(),
    technical: score('technical').notNull(),
    commercial: score('commercial').notNull(),
    comment: text('comment'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.bidId, t.evaluatorId] })],
);

/** The committee's result per bid: price score by formula, averaged scores, weighted total, rank. */
export const tenderResults = pgTable(
  'tender_results',
  {
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    bidId: text('bid_id').notNull().references(() => tenderBids.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    evaluatedPrice: amount('evaluated_price').notNull(),
    priceScore: score('price_score').notNull(),
    technicalScore: score('technical_score').notNull(),
    commercialScore: score('commercial_score').notNull(),
    totalScore: score('total_score').notNull(),
    passed: boolean('passed').notNull(),
    /** 1 = first candidate; null when the bid did not pass. */
    rank: integer('rank'),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.bidId] })],
);

/** Award offers (中标通知) in rank order; a lapsed or declined offer passes to the next candidate. */
export const tenderAwards = pgTable(
  'tender_awards',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    bidId: text('bid_id').notNull().references(() => tenderBids.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    rank: integer('rank').notNull(),
    /** offered | confirmed | declined | lapsed */
    status: text('status').notNull(),
    reason: text('reason'),
    offeredAt: ts('offered_at').notNull(),
    confirmBy: ts('confirm_by').notNull(),
    decidedAt: ts('decided_at'),
    orderId: text('order_id'),
  },
  (t) => [
    index('tender_awards_tender_idx').on(t.tenderId, t.offeredAt),
    uniqueIndex('tender_awards_one_offer_idx').on(t.tenderId).where(sql`status = 'offered'`),
  ],
);

/** Public notices (公告): publication, amendment, opening, candidates, result, cancellation, failure. */
export const tenderNotices = pgTable(
  'tender_notices',
  {
    id: text('id').primaryKey(),
    tenderId: text('tender_id').notNull().references(() => tenders.id),
    kind: text('kind').notNull(),
    /** Copied from the tender: public notices are listed for everyone. */
    visibility: text('visibility').notNull(),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [index('tender_notices_public_idx').on(t.visibility, t.publishedAt), index('tender_notices_tender_idx').on(t.tenderId, t.publishedAt)],
);

export type RfqRow = typeof rfqs.$inferSelect;
export type RfqLineRow = typeof rfqLines.$inferSelect;
export type RfqQuoteRow = typeof rfqQuotes.$inferSelect;
export type RfqQuoteLineRow = typeof rfqQuoteLines.$inferSelect;
export type RfqQuestionRow = typeof rfqQuestions.$inferSelect;
export type TenderRow = typeof tenders.$inferSelect;
export type TenderLineRow = typeof tenderLines.$inferSelect;
export type TenderBidRow = typeof tenderBids.$inferSelect;
export type TenderOpenerRow = typeof tenderOpeners.$inferSelect;
export type TenderDepositRow = typeof tenderDeposits.$inferSelect;
export type TenderRegistrationRow = typeof tenderRegistrations.$inferSelect;
export type TenderAwardRow = typeof tenderAwards.$inferSelect;
export type TenderNoticeRow = typeof tenderNotices.$inferSelect;
export type TenderDocumentRow = typeof tenderDocuments.$inferSelect;
