import { grantPermissions } from '../identity/index.ts';

/** Catalog permissions and the predefined roles that hold them (org admins get their party's). */
export const PERM = {
  /** Suppliers: products, SKUs, prices, files, imports, storefront. */
  products: 'catalog.products.manage',
  /** Either party: see and act on own framework agreements. */
  agreementsRead: 'catalog.agreements.read',
  agreementsManage: 'catalog.agreements.manage',
  /** Suppliers: paid ranking bids. */
  ads: 'catalog.ads.manage',
  /** Platform: the coding tree, attribute templates, standard items. */
  coding: 'catalog.coding.manage',
  /** Platform: the listing review queue. */
  review: 'catalog.listings.review',
  /** Platform and suppliers: price history. */
  priceHistory: 'catalog.prices.history',
} as const;

grantPermissions('sales', PERM.products, PERM.agreementsRead, PERM.agreementsManage, PERM.ads, PERM.priceHistory);
grantPermissions('fulfilment', PERM.agreementsRead);
grantPermissions('purchaser', PERM.agreementsRead, PERM.agreementsManage);
grantPermissions('approver', PERM.agreementsRead);
grantPermissions('requisitioner', PERM.agreementsRead);
grantPermissions('category_manager', PERM.coding, PERM.review, PERM.priceHistory, PERM.agreementsRead);
grantPermissions('operator_admin', PERM.coding, PERM.review, PERM.priceHistory, PERM.agreementsRead);
grantPermissions('supervisor', PERM.priceHistory, PERM.agreementsRead);
