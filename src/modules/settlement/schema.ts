import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const amount = (name: string) => numeric(name, { precision: 20, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });

/**
 * A supplier's VAT invoice for accepted quantities of one order. Three-way match compares it with
 * the order and the receipts; a mismatch beyond tolerance sends it to the exception queue.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    /** The VAT invoice number printed by the tax system (发票号码). */
    vatInvoiceNumber: text('vat_invoice_number').notNull(),
    orderId: text('order_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    buyerOrgId: text('buyer_org_id').notNull(),
    issueDate: date('issue_date').notNull(),
    currency: text('currency').notNull().default('CNY'),
    subtotal: amount('subtotal').notNull(),
    taxTotal: amount('tax_total').notNull(),
    total: amount('total').notNull(),
    /** submitted | matched | exception | approved | rejected | paid | cancelled */
    status: text('status').notNull(),
    matchResult: jsonb('match_result').$type<Record<string, unknown>>(),
    exceptionReason: text('exception_reason'),
    dueDate: date('due_date'),
    paidAmount: amount('paid_amount').notNull().default('0'),
    overdue: boolean('overdue').notNull().default(false),
    /** The order's payment terms when invoiced: escrow (paid from escrow on acceptance) or credit. */
    paymentMethod: text('payment_method').notNull().default('escrow'),
    /** Commission charged on this invoice (credit terms; escrow orders are charged on acceptance). */
    commission: amount('commission'),
    /** Buyer finance's reason when deciding an exception (approve or reject). */
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    approvedAt: ts('approved_at'),
    remindedAt: ts('reminded_at'),
    paidAt: ts('paid_at'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('invoices_supplier_vat_number_idx').on(t.supplierOrgId, t.vatInvoiceNumber),
    uniqueIndex('invoices_supplier_number_idx').on(t.supplierOrgId, t.number),
    index('invoices_due_idx').on(t.status, t.dueDate),
    index('invoices_order_idx').on(t.orderId),
    index('invoices_buyer_idx').on(t.buyerOrgId, t.status, t.createdAt),
    index('invoices_supplier_idx').on(t.supplierOrgId, t.createdAt),
    check('invoices_paid_within_total', sql`${t.paidAmount} >= 0 and ${t.paidAmount} <= ${t.total}`),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id').notNull().references(() => invoices.id),
    orderLineId: text('order_line_id').notNull(),
    description: text('description').notNull(),
    quantity: quantity('quantity').notNull(),
    unitPrice: amount('unit_price').notNull(),
    taxRate: numeric('tax_rate', { precision: 6, scale: 4 }).notNull(),
    lineSubtotal: amount('line_subtotal').notNull(),
    lineTax: amount('line_tax').notNull(),
    lineTotal: amount('line_total').notNull(),
  },
  (t) => [index('invoice_lines_invoice_idx').on(t.invoiceId)],
);

/**
 * Money received from a buyer: into escrow for an order, or against a credit-terms invoice.
 * Recorded by a finance user or matched from a bank statement line.
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    buyerOrgId: text('buyer_org_id').notNull(),
    /** escrow | invoice */
    purpose: text('purpose').notNull(),
    orderId: text('order_id'),
    invoiceId: text('invoice_id'),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** The bank's reference of the transfer; unique per payer so a statement cannot be booked twice. */
    bankReference: text('bank_reference').notNull(),
    status: text('status').notNull(),
    receivedAt: ts('received_at').notNull(),
    recordedBy: text('recorded_by'),
    statementLineId: text('statement_line_id'),
    ledgerEntryId: text('ledger_entry_id'),
    /** Where the money went: into escrow, or against the buyer's receivable (credit, escrow shortfall). */
    allocation: jsonb('allocation').$type<{ escrow: string; receivable: string }>(),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('payments_buyer_idx').on(t.buyerOrgId, t.createdAt),
    uniqueIndex('payments_bank_reference_idx').on(t.buyerOrgId, t.bankReference),
    index('payments_order_idx').on(t.orderId),
    index('payments_invoice_idx').on(t.invoiceId),
    check('payments_positive', sql`${t.amount} > 0`),
  ],
);

/** Money paid out to a supplier from what the platform owes it. */
export const payouts = pgTable(
  'payouts',
  {
    id: text('id').primaryKey(),
    supplierOrgId: text('supplier_org_id').notNull(),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    status: text('status').notNull(),
    reference: text('reference'),
    ledgerEntryId: text('ledger_entry_id'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('payouts_supplier_idx').on(t.supplierOrgId, t.createdAt), check('payouts_positive', sql`${t.amount} > 0`)],
);

/**
 * Platform commission: the most specific active rule wins (category prefix, supplier tier),
 * then priority. Rate applies to the tax-exclusive subtotal, bounded by min and max per order.
 */
export const commissionRules = pgTable(
  'commission_rules',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    categoryCode: text('category_code'),
    supplierTier: text('supplier_tier'),
    rate: numeric('rate', { precision: 6, scale: 4 }).notNull(),
    minAmount: amount('min_amount'),
    maxAmount: amount('max_amount'),
    priority: integer('priority').notNull().default(100),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('commission_rules_rate', sql`${t.rate} >= 0 and ${t.rate} < 1`),
    check('commission_rules_bounds', sql`${t.minAmount} is null or ${t.maxAmount} is null or ${t.minAmount} <= ${t.maxAmount}`),
  ],
);

/** An imported bank statement file (CSV) and its lines, matched to invoices or orders. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    id: text('id').primaryKey(),
    filename: text('filename').notNull(),
    /** The file's SHA-256: importing the same file again returns the first import. */
    sha256: text('sha256').notNull(),
    encoding: text('encoding').notNull().default('utf-8'),
    importedBy: text('imported_by').notNull(),
    lineCount: integer('line_count').notNull(),
    matchedCount: integer('matched_count').notNull().default(0),
    unmatchedCount: integer('unmatched_count').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    totalAmount: amount('total_amount').notNull().default('0'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bank_statements_sha256_idx').on(t.sha256), index('bank_statements_created_idx').on(t.createdAt)],
);

export const bankStatementLines = pgTable(
  'bank_statement_lines',
  {
    id: text('id').primaryKey(),
    statementId: text('statement_id').notNull().references(() => bankStatements.id),
    lineNo: integer('line_no').notNull(),
    valueDate: date('value_date').notNull(),
    amount: amount('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    payerName: text('payer_name'),
    payerAccount: text('payer_account'),
    bankReference: text('bank_reference').notNull(),
    remittanceInfo: text('remittance_info'),
    /** matched | unmatched (parked in suspense) | duplicate (booked by an earlier statement) | ignored (outgoing) */
    status: text('status').notNull(),
    matchedPaymentId: text('matched_payment_id'),
    /** What the line paid: an order (escrow) or an invoice, and whose. */
    matchedType: text('matched_type'),
    matchedId: text('matched_id'),
    buyerOrgId: text('buyer_org_id'),
    /** The entry that parked an unmatched receipt in suspense (cleared when matched by hand). */
    suspenseEntryId: text('suspense_entry_id'),
    matchedBy: text('matched_by'),
    matchedAt: ts('matched_at'),
    note: text('note'),
  },
  (t) => [
    index('bank_statement_lines_statement_idx').on(t.statementId, t.lineNo),
    index('bank_statement_lines_reference_idx').on(t.bankReference),
    index('bank_statement_lines_status_idx').on(t.status, t.id),
  ],
);

/**
 * Money per order as settlement sees it; the row is locked for every money move on the order.
 * escrow_paid − escrow_released − escrow_refunded equals purchase_orders.escrow_held and the
 * buyer's escrow balance for the order. receivable_open is accepted value escrow did not cover.
 */
export const orderSettlements = pgTable(
  'order_settlements',
  {
    orderId: text('order_id').primaryKey(),
    buyerOrgId: text('buyer_org_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** escrow | credit */
    paymentMethod: text('payment_method').notNull(),
    currency: text('currency').notNull().default('CNY'),
    escrowPaid: amount('escrow_paid').notNull().default('0'),
    escrowReleased: amount('escrow_released').notNull().default('0'),
    escrowRefunded: amount('escrow_refunded').notNull().default('0'),
    receivableOpen: amount('receivable_open').notNull().default('0'),
    /** Cumulative accepted value (incl. tax) and rejected or cancelled value. */
    acceptedValue: amount('accepted_value').notNull().default('0'),
    reducedValue: amount('reduced_value').notNull().default('0'),
    commissionCharged: amount('commission_charged').notNull().default('0'),
    /** Per commission rule: base and amount charged so far (min/max apply per order and rule). */
    commissionDetail: jsonb('commission_detail').$type<Record<string, { base: string; charged: string }>>().notNull().default({}),
    settledAt: ts('settled_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('order_settlements_buyer_idx').on(t.buyerOrgId),
    index('order_settlements_supplier_idx').on(t.supplierOrgId),
    check('order_settlements_escrow', sql`${t.escrowReleased} >= 0 and ${t.escrowRefunded} >= 0 and ${t.escrowReleased} + ${t.escrowRefunded} <= ${t.escrowPaid}`),
    check('order_settlements_receivable', sql`${t.receivableOpen} >= 0`),
  ],
);

/** Three-way match tolerance and reminder timing per buyer organisation ('platform': the default). */
export const settlementSettings = pgTable('settlement_settings', {
  orgId: text('org_id').primaryKey(),
  pricePercent: numeric('price_percent', { precision: 8, scale: 4 }).notNull(),
  priceAmount: amount('price_amount').notNull(),
  totalAmount: amount('total_amount').notNull(),
  reminderDaysBefore: integer('reminder_days_before').notNull().default(3),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type CommissionRule = typeof commissionRules.$inferSelect;
export type BankStatement = typeof bankStatements.$inferSelect;
export type BankStatementLine = typeof bankStatementLines.$inferSelect;
export type OrderSettlement = typeof orderSettlements.$inferSelect;
export type SettlementSettings = typeof settlementSettings.$inferSelect;
