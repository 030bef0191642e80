import { createElement, lazy } from 'react';
import { ApartmentOutlined, AuditOutlined, FileTextOutlined, FundOutlined, SwapOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const BUYER = ['buyer'] as const;

/** Procurement (buyers): requisitions, the approval inbox, plans and budgets, rules, delegations. */
export const procurementModule: WebModule = {
  id: 'procurement',
  pages: [
    { path: 'procurement/requisitions', parties: BUYER, permission: 'procurement.requisitions.read', component: lazy(() => import('./requisitions-page.tsx')), menu: { group: 'procurement', label: m.menuRequisitions, icon: createElement(FileTextOutlined), order: 10 } },
    { path: 'procurement/requisitions/new', parties: BUYER, permission: 'procurement.requisitions.create', component: lazy(() => import('./requisition-form-page.tsx')) },
    { path: 'procurement/requisitions/:requisitionId', parties: BUYER, permission: 'procurement.requisitions.read', component: lazy(() => import('./requisition-page.tsx')) },
    { path: 'procurement/requisitions/:requisitionId/edit', parties: BUYER, permission: 'procurement.requisitions.create', component: lazy(() => import('./requisition-form-page.tsx')) },
    { path: 'procurement/approvals', parties: BUYER, permission: 'procurement.approvals.decide', component: lazy(() => import('./inbox-page.tsx')), menu: { group: 'procurement', label: m.menuInbox, icon: createElement(AuditOutlined), order: 20 } },
    { path: 'procurement/plans', parties: BUYER, permission: 'procurement.plans.read', component: lazy(() => import('./plans-page.tsx')), menu: { group: 'procurement', label: m.menuPlans, icon: createElement(FundOutlined), order: 30 } },
    { path: 'procurement/plans/:planId', parties: BUYER, permission: 'procurement.plans.read', component: lazy(() => import('./plan-page.tsx')) },
    { path: 'procurement/approval-rules', parties: BUYER, permission: 'procurement.rules.manage', component: lazy(() => import('./rules-page.tsx')), menu: { group: 'procurement', label: m.menuRules, icon: createElement(ApartmentOutlined), order: 40 } },
    { path: 'procurement/delegations', parties: BUYER, permission: 'procurement.approvals.decide', component: lazy(() => import('./delegations-page.tsx')), menu: { group: 'procurement', label: m.menuDelegations, icon: createElement(SwapOutlined), order: 50 } },
  ],
  widgets: [{ key: 'procurement.inbox', parties: BUYER, permission: 'procurement.approvals.decide', span: 12, order: 15, component: lazy(() => import('./inbox-widget.tsx')) }],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
