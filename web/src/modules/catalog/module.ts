import { createElement, lazy } from 'react';
import { AppstoreOutlined, AuditOutlined, CloudUploadOutlined, FileProtectOutlined, NodeIndexOutlined, NotificationOutlined, ProductOutlined, ShopOutlined, SwapOutlined, TagsOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const PERM = {
  products: 'catalog.products.manage',
  agreementsRead: 'catalog.agreements.read',
  ads: 'catalog.ads.manage',
  coding: 'catalog.coding.manage',
  review: 'catalog.listings.review',
} as const;
const icon = createElement;
const widgets = () => import('./widgets.tsx');

const catalogPage = lazy(() => import('./catalog-page.tsx'));
const productPage = lazy(() => import('./product-page.tsx'));
const comparePage = lazy(() => import('./compare-page.tsx'));
const storefrontPage = lazy(() => import('./storefront-page.tsx'));
const agreementsPage = lazy(() => import('./agreements-page.tsx'));
const agreementPage = lazy(() => import('./agreement-page.tsx'));

/** Catalog & commodity coding: buyers browse, search and compare; suppliers list; the platform curates. */
export const catalogModule: WebModule = {
  id: 'catalog',
  pages: [
    // buyer
    { path: 'catalog', parties: ['buyer'], component: catalogPage, menu: { group: 'catalog', label: m.menuMarketplace, icon: icon(AppstoreOutlined), order: 10 } },
    { path: 'catalog/products/:productId', parties: ['buyer'], component: productPage },
    { path: 'catalog/standard-items', parties: ['buyer'], component: lazy(() => import('./standard-items-page.tsx')), menu: { group: 'catalog', label: m.menuCompare, icon: icon(SwapOutlined), order: 20 } },
    { path: 'catalog/compare/:itemId', parties: ['buyer', 'supplier', 'operator'], component: comparePage },
    { path: 'catalog/storefronts/:supplierId', parties: ['buyer', 'supplier'], component: storefrontPage },
    { path: 'catalog/agreements', parties: ['buyer', 'supplier'], permission: PERM.agreementsRead, component: agreementsPage, menu: { group: 'catalog', label: m.menuAgreements, icon: icon(FileProtectOutlined), order: 30 } },
    { path: 'catalog/agreements/:agreementId', parties: ['buyer', 'supplier'], permission: PERM.agreementsRead, component: agreementPage },
    // supplier
    { path: 'catalog/products', parties: ['supplier'], permission: PERM.products, component: lazy(() => import('./my-products-page.tsx')), menu: { group: 'catalog', label: m.menuMyProducts, icon: icon(ProductOutlined), order: 10 } },
    { path: 'catalog/products/new', parties: ['supplier'], permission: PERM.products, component: lazy(() => import('./product-new-page.tsx')) },
    { path: 'catalog/products/:productId', parties: ['supplier'], permission: PERM.products, component: lazy(() => import('./my-product-page.tsx')) },
    { path: 'catalog/import', parties: ['supplier'], permission: PERM.products, component: lazy(() => import('./import-page.tsx')), menu: { group: 'catalog', label: m.menuImport, icon: icon(CloudUploadOutlined), order: 20 } },
    { path: 'catalog/agreements/new', parties: ['supplier'], permission: 'catalog.agreements.manage', component: lazy(() => import('./agreement-new-page.tsx')) },
    { path: 'catalog/ads', parties: ['supplier'], permission: PERM.ads, component: lazy(() => import('./ad-bids-page.tsx')), menu: { group: 'catalog', label: m.menuAds, icon: icon(NotificationOutlined), order: 40 } },
    { path: 'catalog/storefront', parties: ['supplier'], permission: PERM.products, component: lazy(() => import('./storefront-profile-page.tsx')), menu: { group: 'catalog', label: m.menuStorefront, icon: icon(ShopOutlined), order: 50 } },
    // operator
    { path: 'catalog/review', parties: ['operator'], permission: PERM.review, component: lazy(() => import('./review-queue-page.tsx')), menu: { group: 'catalog', label: m.menuReview, icon: icon(AuditOutlined), order: 10 } },
    { path: 'catalog/review/:productId', parties: ['operator'], permission: PERM.review, component: lazy(() => import('./review-page.tsx')) },
    { path: 'catalog/coding', parties: ['operator'], permission: PERM.coding, component: lazy(() => import('./coding-page.tsx')), menu: { group: 'catalog', label: m.menuCoding, icon: icon(NodeIndexOutlined), order: 20 } },
    { path: 'catalog/standard-items', parties: ['operator'], permission: PERM.coding, component: lazy(() => import('./standard-items-admin-page.tsx')), menu: { group: 'catalog', label: m.menuStandardItems, icon: icon(TagsOutlined), order: 30 } },
  ],
  widgets: [
    { key: 'catalog.search', parties: ['buyer'], span: 12, order: 3, component: lazy(() => widgets().then((w) => ({ default: w.CatalogSearchWidget }))) },
    { key: 'catalog.review-queue', parties: ['operator'], permission: PERM.review, span: 12, order: 6, component: lazy(() => widgets().then((w) => ({ default: w.ReviewQueueWidget }))) },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
