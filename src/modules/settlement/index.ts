/** What other modules may use of settlement: functions and types only. */
export { setSupplierTierSource, type SupplierTierSource } from './common.ts';
export { chargeCommission, selectRule } from './commission.ts';
export { vatLine, threeWayMatch, type MatchResult, type MatchTolerance } from './match.ts';
export { orderSettlementSummary } from './settings.ts';
export { flagOverdueInvoices, sendInvoiceReminder } from './reminders.ts';
export type { Invoice, InvoiceLine, Payment, Payout, CommissionRule, OrderSettlement } from './schema.ts';
/** Books a payment into an order's escrow in the caller's transaction (presale balances use it). */
export { applyPayment, type PaymentInput } from './payments.ts';
