import { grantPermissions } from '../identity/index.ts';

/** Settlement permissions and the predefined roles that hold them (org admins get their party's). */
export const PERM = {
  /** Supplier or buyer: read invoices the organisation is a party to. */
  invoicesRead: 'settlement.invoices.read',
  /** Supplier: issue invoices for accepted goods, withdraw undecided ones. */
  invoicesCreate: 'settlement.invoices.create',
  /** Buyer: approve or reject invoices in the exception queue. */
  invoicesDecide: 'settlement.invoices.decide',
  /** Buyer: read own payments and order settlement summaries. */
  paymentsRead: 'settlement.payments.read',
  /** Buyer: record a payment (escrow for an order, or against an invoice). */
  paymentsRecord: 'settlement.payments.record',
  /** Buyer: three-way match tolerance and reminder timing of the organisation. */
  settingsManage: 'settlement.settings.manage',
  /** Supplier: read own payouts. */
  payoutsRead: 'settlement.payouts.read',
  /** Platform: read every organisation's invoices, payments, payouts and settlements. */
  platformRead: 'platform.settlement.read',
  /** Platform: pay out suppliers from what the platform owes them. */
  payoutsCreate: 'platform.settlement.payouts.create',
  /** Platform: commission rules. */
  commissionManage: 'platform.settlement.commission.manage',
  /** Platform: import bank statements and match their lines. */
  statementsManage: 'platform.settlement.statements.manage',
} as const;

grantPermissions('supplier_finance', PERM.invoicesRead, PERM.invoicesCreate, PERM.payoutsRead);
grantPermissions('sales', PERM.invoicesRead);
grantPermissions('buyer_finance', PERM.invoicesRead, PERM.invoicesDecide, PERM.paymentsRead, PERM.paymentsRecord, PERM.settingsManage);
grantPermissions('purchaser', PERM.invoicesRead, PERM.paymentsRead);
grantPermissions('platform_finance', PERM.platformRead, PERM.invoicesRead, PERM.paymentsRead, PERM.payoutsRead, PERM.payoutsCreate, PERM.commissionManage, PERM.statementsManage, PERM.settingsManage);
grantPermissions('operator_admin', PERM.platformRead, PERM.invoicesRead, PERM.paymentsRead, PERM.payoutsRead);
grantPermissions('supervisor', PERM.platformRead, PERM.invoicesRead, PERM.paymentsRead, PERM.payoutsRead);
