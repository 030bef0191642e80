/** What other modules may use of sourcing: functions and types only. */
export { matchSuppliers, activeSuppliers, isSupplierActive } from './eligibility.ts';
export { RFQ_STATUSES, RFQ_TRANSITIONS, type RfqStatus } from './rfq.state.ts';
export { PERM as SOURCING_PERMISSIONS } from './permissions.ts';
