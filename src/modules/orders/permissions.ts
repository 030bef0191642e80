import { grantPermissions } from '../identity/index.ts';

/** Orders permissions and the predefined roles that hold them (org admins get their party's). */
export const PERM = {
  /** Buyer: cart, checkout, orders from requisitions. */
  buy: 'orders.orders.create',
  /** Either party: read own orders, contracts, shipments, receipts, cases. */
  read: 'orders.orders.read',
  /** Buyer: cancel before the contract is signed. */
  cancel: 'orders.orders.cancel',
  /** Either party: sign the e-contract (buyer purchaser, supplier sales). */
  sign: 'orders.contracts.sign',
  /** Supplier: confirm or reject submitted orders. */
  confirm: 'orders.orders.confirm',
  /** Supplier: shipments and their tracking. */
  ship: 'orders.shipments.manage',
  /** Buyer: delivery confirmation, goods receipt and inspection. */
  receive: 'orders.receipts.manage',
  /** Either party: returns and disputes. */
  cases: 'orders.cases.manage',
  /** Buyer: supplier evaluation. */
  evaluate: 'orders.evaluations.create',
  /** Platform: resolve disputes. */
  resolve: 'platform.disputes.resolve',
  /** Logistics partner (API key): tracking events of shipments it carries. */
  logistics: 'logistics.tracking.write',
} as const;

grantPermissions('purchaser', PERM.buy, PERM.read, PERM.cancel, PERM.sign, PERM.cases, PERM.evaluate);
grantPermissions('receiver', PERM.read, PERM.receive, PERM.cases);
grantPermissions('buyer_finance', PERM.read);
grantPermissions('requisitioner', PERM.read);
grantPermissions('approver', PERM.read);
grantPermissions('sales', PERM.read, PERM.confirm, PERM.sign, PERM.ship, PERM.cases);
grantPermissions('fulfilment', PERM.read, PERM.confirm, PERM.ship, PERM.cases);
grantPermissions('supplier_finance', PERM.read);
grantPermissions('partner_agent', PERM.logistics);
grantPermissions('customer_service', PERM.resolve);
grantPermissions('operator_admin', PERM.resolve);
