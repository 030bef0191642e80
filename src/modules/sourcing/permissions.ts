import { grantPermissions } from '../identity/index.ts';

/** Sourcing permissions and the predefined roles that hold them (org admins get their party's). */
export const PERM = {
  /** Buyer or supplier: read RFQs and tenders the organisation issued or may respond to. */
  read: 'sourcing.events.read',
  /** Buyer: create, publish, amend, cancel RFQs and tenders; answer questions; qualify; award. */
  manage: 'sourcing.events.manage',
  /** Supplier: quote on RFQs, ask questions, register for tenders, bid. */
  respond: 'sourcing.events.respond',
  /** Supplier: record the bid deposit transfer. */
  deposit: 'sourcing.deposits.pay',
  /** Buyer user who may be designated as a tender opener (开标人). */
  open: 'sourcing.tenders.open',
  /** Buyer user who may sit on an evaluation committee (评标委员会). */
  evaluate: 'sourcing.tenders.evaluate',
  /** Platform: supervise sourcing events (never sealed content). */
  supervise: 'platform.sourcing.read',
} as const;

grantPermissions('purchaser', PERM.read, PERM.manage, PERM.open, PERM.evaluate);
grantPermissions('approver', PERM.read, PERM.open, PERM.evaluate);
grantPermissions('requisitioner', PERM.read, PERM.evaluate);
grantPermissions('buyer_finance', PERM.read, PERM.open);
grantPermissions('sales', PERM.read, PERM.respond, PERM.deposit);
grantPermissions('supplier_finance', PERM.read, PERM.deposit);
grantPermissions('operator_admin', PERM.supervise);
grantPermissions('supervisor', PERM.supervise);
grantPermissions('category_manager', PERM.supervise);
