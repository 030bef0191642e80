import { createElement, lazy } from 'react';
import { FieldTimeOutlined, FileDoneOutlined, PlusCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const lots = lazy(() => import('./lots-page.tsx'));
const lot = lazy(() => import('./lot-page.tsx'));
const presales = lazy(() => import('./presales-page.tsx'));
const presaleOrders = lazy(() => import('./presale-orders-page.tsx'));
const icon = (c: Parameters<typeof createElement>[0]) => createElement(c);

/**
 * Auctions: reverse auctions (buyers buy, suppliers bid down), forward auctions (buyers sell scrap,
 * anyone bids up) with the live room, and presales. Forward auctions are bid on from the buyer
 * workspace too, so lots and rooms are in every workspace.
 */
export const auctionsModule: WebModule = {
  id: 'auctions',
  pages: [
    { path: 'auctions/lots', parties: ['buyer', 'supplier', 'operator'], permission: 'auctions.lots.read', component: lots, menu: { group: 'sourcing', label: m.menuLots, icon: icon(ThunderboltOutlined), order: 50 } },
    { path: 'auctions/lots/new', parties: ['buyer'], permission: 'auctions.lots.manage', component: lazy(() => import('./lot-new-page.tsx')), menu: { group: 'sourcing', label: m.menuNewLot, icon: icon(PlusCircleOutlined), order: 51 } },
    { path: 'auctions/lots/:lotId', parties: ['buyer', 'supplier', 'operator'], permission: 'auctions.lots.read', component: lot },
    { path: 'auctions/presales', parties: ['buyer', 'supplier'], permission: 'auctions.lots.read', component: presales, menu: { group: 'sourcing', label: m.menuPresales, icon: icon(FieldTimeOutlined), order: 60 } },
    { path: 'auctions/presale-orders', parties: ['buyer', 'supplier'], permission: 'auctions.lots.read', component: presaleOrders, menu: { group: 'sourcing', label: m.menuPresaleOrders, icon: icon(FileDoneOutlined), order: 61 } },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
