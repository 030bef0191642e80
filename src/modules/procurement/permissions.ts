import { grantPermissions } from '../identity/index.ts';

/** Procurement permissions. Buyer organisations only: every route also checks the org is a buyer. */
export const PERM = {
  /** See plans and budget lines (to pick one on a requisition). */
  plansRead: 'procurement.plans.read',
  /** Create and change plans and budget lines. */
  plansManage: 'procurement.plans.manage',
  requisitionsRead: 'procurement.requisitions.read',
  /** Create, edit, submit, withdraw and cancel one's own requisitions. */
  requisitionsCreate: 'procurement.requisitions.create',
  /** Edit, withdraw or cancel anyone's requisition. */
  requisitionsManage: 'procurement.requisitions.manage',
  /** Decide approval tasks, see the inbox, delegate while away. Rules may name only roles holding it. */
  approvalsDecide: 'procurement.approvals.decide',
  /** Approval rules and everyone's delegations. */
  rulesManage: 'procurement.rules.manage',
} as const;

grantPermissions('requisitioner', PERM.plansRead, PERM.requisitionsRead, PERM.requisitionsCreate);
grantPermissions('purchaser', PERM.plansRead, PERM.requisitionsRead, PERM.requisitionsCreate, PERM.approvalsDecide);
grantPermissions('approver', PERM.plansRead, PERM.requisitionsRead, PERM.approvalsDecide);
grantPermissions('buyer_finance', PERM.plansRead, PERM.plansManage, PERM.requisitionsRead, PERM.approvalsDecide);
grantPermissions('receiver', PERM.requisitionsRead);
// An org admin holds every buyer role's permissions already; these two are the admin's alone.
// (Granted on org_admin, so a supplier's admin holds them too: the buyer-only check refuses it.)
grantPermissions('org_admin', PERM.requisitionsManage, PERM.rulesManage);
