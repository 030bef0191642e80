/**
 * What other modules may use of procurement: functions and types only.
 *
 * Budget (all take the caller's transaction; amounts are Decimal values or decimal strings):
 * - `commitBudget(tx, ctx, { budgetLineId, orgId, amount, categoryCode?, reference, dedupeKey })`
 *   commits once per dedupeKey (a replay returns `applied: false`); 422 `procurement.budget_exceeded`
 *   (extra fields budgetLineId, budgetLineCode, requested, remaining, currency) with nothing written.
 * - `releaseBudget(tx, ctx, { reference })` releases whatever the reference still commits, exactly
 *   once; returns the amount released (0 when nothing is left).
 * - `transferCommitment(tx, ctx, { from, to, amount })` moves a requisition's commitment to an order
 *   (once per `to`): up to what `from` still holds moves, the excess is committed anew on the same
 *   line (422 when the line cannot take it). 409 `procurement.nothing_committed` when `from` never
 *   committed (a requisition without a budget line): then use `commitBudget` for the order.
 * - `spendBudget(tx, ctx, { reference, amount, dedupeKey })` turns the order's commitment into
 *   spending at settlement (once per dedupeKey, e.g. the invoice id). After the last settlement,
 *   `releaseBudget({ reference: order })` frees what the order still commits.
 * References are `{ type: 'requisition' | 'order' | …, id }`.
 *
 * Requisition → order, in the order's transaction:
 *   const { requisition, lines } = await getRequisitionForOrdering(tx, ctx, { requisitionId, orgId });  // locked; 409 unless approved/partially ordered
 *   … create the order from lines (remainingQuantity) …
 *   await transferCommitment(tx, ctx, { from: { type: 'requisition', id }, to: { type: 'order', id: orderId }, amount: orderTotal });
 *   await markRequisitionLinesOrdered(tx, ctx, { requisitionId, orgId, orderId, lines: [{ lineId, quantity }] });
 * The last call moves the requisition to partially_ordered / ordered; once fully ordered it releases
 * whatever commitment the requisition still holds (estimates above the ordered prices). It returns
 * `audit`: record it with `recordAudit(tx, ctx, result.audit)` at the end of the order's transaction
 * (the audit chain lock is taken last, after every row lock, or concurrent transactions deadlock).
 *
 * Approvals are generic: `registerApprovalDocument({ documentType, lock, describe, onApproved,
 * onRejected })`, then `startApproval(tx, ctx, subject, facts)` on submission; rules with that
 * document_type apply, decisions go through the shared inbox and routes.
 */
export {
  commitBudget,
  committedFor,
  fundsCategory,
  releaseBudget,
  spendBudget,
  transferCommitment,
  type BudgetLine,
  type BudgetReference,
  type BudgetResult,
} from './budget.ts';
export {
  closeOpenTasks,
  registerApprovalDocument,
  ruleMatches,
  startApproval,
  type ApprovalDocumentHandler,
  type ApprovalFacts,
  type ApprovalSubject,
} from './approvals.ts';
export {
  getRequisitionForOrdering,
  markRequisitionLinesOrdered,
  type OrderableRequisition,
  type Requisition,
  type RequisitionLine,
} from './requisitions.ts';
export { REQUISITION_STATUSES, type RequisitionStatus } from './requisition.state.ts';
export { PERM as PROCUREMENT_PERMISSIONS } from './permissions.ts';
