import { createElement, lazy } from 'react';
import { FileSearchOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditLabels, auditTargetTypes, m } from './messages.ts';

const page = lazy(() => import('./audit-log-page.tsx'));
const icon = createElement(FileSearchOutlined);

/** The audit log viewer with hash-chain verification. */
export const auditModule: WebModule = {
  id: 'audit',
  pages: [
    { path: 'audit', parties: ['buyer', 'supplier', 'partner'], permission: 'org.audit.read', component: page, menu: { group: 'settings', label: m.menuAudit, icon, order: 90 } },
    { path: 'audit', parties: ['operator'], permission: 'org.audit.read', component: page, menu: { group: 'supervision', label: m.menuAudit, icon, order: 10 } },
  ],
  widgets: [{ key: 'audit.recent', parties: ['buyer', 'supplier', 'partner', 'operator'], permission: 'org.audit.read', order: 30, span: 24, component: lazy(() => import('./recent-activity-widget.tsx')) }],
  labels: { auditActions: auditLabels, targetTypes: auditTargetTypes },
};
