import { createElement, lazy } from 'react';
import { InboxOutlined, ShoppingCartOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { WebModule } from '../../shell/registry.ts';
import { auditActionNames, m, permissionNames, targetTypeNames } from './messages.ts';

const BUYER = ['buyer'] as const;
const SUPPLIER = ['supplier'] as const;
const orderPage = lazy(() => import('./order-page.tsx'));
const ordersPage = lazy(() => import('./orders-page.tsx'));

/** Orders: cart and checkout, order lists, the order page, the supplier's order desk. */
export const ordersModule: WebModule = {
  id: 'orders',
  pages: [
    { path: 'orders/cart', parties: BUYER, permission: 'orders.orders.create', component: lazy(() => import('./cart-page.tsx')), menu: { group: 'orders', label: m.menuCart, icon: createElement(ShoppingCartOutlined), order: 10 } },
    { path: 'orders', parties: BUYER, permission: 'orders.orders.read', component: ordersPage, menu: { group: 'orders', label: m.menuOrders, icon: createElement(UnorderedListOutlined), order: 20 } },
    { path: 'orders/:orderId', parties: BUYER, permission: 'orders.orders.read', component: orderPage },
    { path: 'orders/desk', parties: SUPPLIER, permission: 'orders.orders.read', component: lazy(() => import('./desk-page.tsx')), menu: { group: 'orders', label: m.menuDesk, icon: createElement(InboxOutlined), order: 10 } },
    { path: 'orders', parties: SUPPLIER, permission: 'orders.orders.read', component: ordersPage, menu: { group: 'orders', label: m.menuOrders, icon: createElement(UnorderedListOutlined), order: 20 } },
    { path: 'orders/:orderId', parties: SUPPLIER, permission: 'orders.orders.read', component: orderPage },
  ],
  labels: { auditActions: auditActionNames, targetTypes: targetTypeNames, permissions: permissionNames },
};
