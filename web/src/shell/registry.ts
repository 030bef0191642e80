import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Messages, Msg } from '../platform/i18n.tsx';
import { defineMessages } from '../platform/i18n.tsx';
import type { Party } from '../platform/session.tsx';

/**
 * What a web module contributes to the shell: pages (with their menu entries) and dashboard
 * cards, per party. A module lists them in its `module.ts`; `web/src/modules.ts` lists modules.
 * Adding a menu entry is one line in `pages`; adding a module is one line in `modules.ts`.
 */
export interface WebModule {
  id: string;
  pages: PageDef[];
  widgets?: WidgetDef[];
  /** Pages outside the workspaces: sign-in, registration, invitation links. */
  routes?: RouteDef[];
  /** Names for this module's codes, shown by shared pages (audit log, API key permissions). */
  labels?: { auditActions?: Messages; targetTypes?: Messages; permissions?: Messages };
}

export interface RouteDef {
  path: string;
  component: LazyExoticComponent<ComponentType>;
  /** `public`: anyone; `signed-in`: a session past MFA, whatever the organisation's status. */
  access: 'public' | 'signed-in';
}

export interface PageDef {
  /** Path under the workspace, e.g. `settings/users` → `/buyer/settings/users`. */
  path: string;
  parties: readonly Party[];
  component: LazyExoticComponent<ComponentType>;
  /** Any of these permissions shows the page (and its menu entry). */
  permission?: string | readonly string[];
  /** Menu entry: omit for pages reached by links only (details). */
  menu?: { group: NavGroupKey; label: Msg; icon?: ReactNode; order?: number };
}

export interface WidgetDef {
  key: string;
  parties: readonly Party[];
  component: LazyExoticComponent<ComponentType>;
  permission?: string | readonly string[];
  /** Columns out of 24 on wide screens. */
  span?: number;
  order?: number;
}

export const groupLabels = defineMessages({
  home: ['工作台', 'Home'],
  catalog: ['商品与目录', 'Catalog'],
  sourcing: ['寻源交易', 'Sourcing'],
  procurement: ['采购管理', 'Procurement'],
  orders: ['订单履约', 'Orders & fulfilment'],
  suppliers: ['供应商管理', 'Supplier management'],
  finance: ['财务与金融', 'Finance'],
  supervision: ['监督与风控', 'Supervision & risk'],
  insights: ['数据洞察', 'Insights'],
  partners: ['合作伙伴', 'Partners & integration'],
  organizations: ['企业管理', 'Organisations'],
  settings: ['企业设置', 'Organisation settings'],
});

/** Menu sections in display order. Sections without an allowed page are hidden. */
export type NavGroupKey = Exclude<keyof typeof groupLabels, 'home'>;
export const NAV_GROUP_ORDER: readonly NavGroupKey[] = [
  'organizations',
  'catalog',
  'sourcing',
  'procurement',
  'orders',
  'suppliers',
  'finance',
  'supervision',
  'insights',
  'partners',
  'settings',
];

export const partyLabels = defineMessages({
  buyer: ['采购工作台', 'Buyer workspace'],
  supplier: ['供应商工作台', 'Supplier workspace'],
  operator: ['运营工作台', 'Operator workspace'],
  partner: ['合作伙伴工作台', 'Partner workspace'],
});

export const partyShortLabels = defineMessages({
  buyer: ['采购方', 'Buyer'],
  supplier: ['供应商', 'Supplier'],
  operator: ['平台运营', 'Operator'],
  partner: ['合作伙伴', 'Partner'],
});
