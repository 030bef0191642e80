import { grantPermissions } from '../identity/index.ts';

/** Auctions permissions and the predefined roles that hold them (org admins get their party's). */
export const PERM = {
  /** Any party: read lots it owns, takes part in, or may join; presales. */
  read: 'auctions.lots.read',
  /** Owner (a buyer organisation): create, publish, invite, approve, award, cancel, disqualify. */
  manage: 'auctions.lots.manage',
  /** Bidder: register, pay deposits, bid, proxy; a forward auction's winner pays and collects. */
  bid: 'auctions.bids.place',
  /** Supplier: open and run presales. */
  presaleManage: 'auctions.presales.manage',
  /** Buyer: presale deposits, balances, cancellations. */
  presaleBuy: 'auctions.presales.buy',
  /** Platform supervision: read every lot, its bids and the bid chain. */
  supervise: 'platform.auctions.read',
} as const;

grantPermissions('purchaser', PERM.read, PERM.manage, PERM.bid, PERM.presaleBuy);
grantPermissions('buyer_finance', PERM.read, PERM.presaleBuy);
grantPermissions('requisitioner', PERM.read);
grantPermissions('approver', PERM.read);
grantPermissions('receiver', PERM.read);
grantPermissions('sales', PERM.read, PERM.bid, PERM.presaleManage);
grantPermissions('supplier_finance', PERM.read);
grantPermissions('fulfilment', PERM.read);
grantPermissions('supervisor', PERM.read, PERM.supervise);
grantPermissions('operator_admin', PERM.read, PERM.supervise);
