import { createElement, lazy } from 'react';
import { AuditOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const ALL = ['buyer', 'supplier', 'operator', 'partner'] as const;
const widgets = () => import('./widgets.tsx');

/** Identity & access: sign-in, registration, users and roles, API keys, the operator's review. */
export const identityModule: WebModule = {
  id: 'identity',
  routes: [
    { path: '/sign-in', access: 'public', component: lazy(() => import('./sign-in-page.tsx')) },
    { path: '/register', access: 'public', component: lazy(() => import('./register-page.tsx')) },
    { path: '/invitations/:token', access: 'public', component: lazy(() => import('./invitation-page.tsx')) },
    { path: '/registration', access: 'signed-in', component: lazy(() => import('./registration-status-page.tsx')) },
  ],
  pages: [
    { path: 'organizations', parties: ['operator'], permission: 'platform.orgs.read', component: lazy(() => import('./review-queue-page.tsx')), menu: { group: 'organizations', label: m.menuReview, icon: createElement(AuditOutlined), order: 10 } },
    { path: 'organizations/:orgId', parties: ['operator'], permission: 'platform.orgs.read', component: lazy(() => import('./org-review-page.tsx')) },
    { path: 'settings/users', parties: ALL, permission: 'org.users.read', component: lazy(() => import('./users-page.tsx')), menu: { group: 'settings', label: m.menuUsers, icon: createElement(TeamOutlined), order: 10 } },
    { path: 'settings/api-keys', parties: ALL, permission: 'org.apikeys.manage', component: lazy(() => import('./api-keys-page.tsx')), menu: { group: 'settings', label: m.menuApiKeys, icon: createElement(KeyOutlined), order: 20 } },
  ],
  widgets: [
    { key: 'identity.review-queue', parties: ['operator'], permission: 'platform.orgs.read', span: 24, order: 5, component: lazy(() => import('./review-widget.tsx')) },
    { key: 'identity.org', parties: ALL, order: 10, component: lazy(() => widgets().then((w) => ({ default: w.OrgCardWidget }))) },
    { key: 'identity.account', parties: ALL, order: 20, component: lazy(() => widgets().then((w) => ({ default: w.AccountCardWidget }))) },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
