import { createElement, lazy } from 'react';
import { AuditOutlined, FileSearchOutlined, InboxOutlined, NotificationOutlined, SolutionOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const BUYER = ['buyer'] as const;
const SUPPLIER = ['supplier'] as const;
const rfqPage = lazy(() => import('./rfq-page.tsx'));
const tenderPage = lazy(() => import('./tender-page.tsx'));
const noticesPage = lazy(() => import('./notices-page.tsx'));

/** Sourcing: RFQs and tenders for buyers, the supplier inbox with quoting and sealed bidding, notices, supervision. */
export const sourcingModule: WebModule = {
  id: 'sourcing',
  routes: [{ path: '/notices', access: 'public', component: lazy(() => import('./notices-page.tsx').then((p) => ({ default: p.PublicNoticesPage }))) }],
  pages: [
    { path: 'sourcing/rfqs', parties: BUYER, permission: 'sourcing.events.manage', component: lazy(() => import('./rfqs-page.tsx')), menu: { group: 'sourcing', label: m.menuRfqs, icon: createElement(FileSearchOutlined), order: 10 } },
    { path: 'sourcing/rfqs/new', parties: BUYER, permission: 'sourcing.events.manage', component: lazy(() => import('./rfq-new-page.tsx')) },
    { path: 'sourcing/rfqs/:rfqId', parties: BUYER, permission: 'sourcing.events.read', component: rfqPage },
    { path: 'sourcing/tenders', parties: BUYER, permission: 'sourcing.events.read', component: lazy(() => import('./tenders-page.tsx')), menu: { group: 'sourcing', label: m.menuTenders, icon: createElement(SolutionOutlined), order: 20 } },
    { path: 'sourcing/tenders/new', parties: BUYER, permission: 'sourcing.events.manage', component: lazy(() => import('./tender-new-page.tsx')) },
    { path: 'sourcing/tenders/:tenderId', parties: BUYER, permission: 'sourcing.events.read', component: tenderPage },
    { path: 'sourcing/inbox', parties: SUPPLIER, permission: 'sourcing.events.read', component: lazy(() => import('./inbox-page.tsx')), menu: { group: 'sourcing', label: m.menuInbox, icon: createElement(InboxOutlined), order: 10 } },
    { path: 'sourcing/rfqs/:rfqId', parties: SUPPLIER, permission: 'sourcing.events.read', component: rfqPage },
    { path: 'sourcing/tenders/:tenderId', parties: SUPPLIER, permission: 'sourcing.events.read', component: tenderPage },
    { path: 'sourcing/notices', parties: ['buyer', 'supplier', 'operator'], component: noticesPage, menu: { group: 'sourcing', label: m.menuNotices, icon: createElement(NotificationOutlined), order: 90 } },
    { path: 'sourcing/tenders', parties: ['operator'], permission: 'platform.sourcing.read', component: lazy(() => import('./supervision-page.tsx')), menu: { group: 'supervision', label: m.menuSupervision, icon: createElement(AuditOutlined), order: 20 } },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
