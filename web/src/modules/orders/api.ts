import type { ApiResponse } from '../../platform/api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

export type Cart = ApiResponse<'/orders/cart'>;
export type CartGroup = Cart['groups'][number];
export type CartLine = CartGroup['lines'][number];
export type OrderRow = ApiResponse<'/orders'>['items'][number];
export type OrderDetail = ApiResponse<'/orders/{orderId}'>;
export type OrderLine = OrderDetail['lines'][number];
export type TimelineEntry = ApiResponse<'/orders/{orderId}/timeline'>['items'][number];

export const STATUSES = ['submitted', 'confirmed', 'in_fulfilment', 'partially_shipped', 'shipped', 'delivered', 'partially_accepted', 'accepted', 'invoiced', 'settled', 'closed', 'cancelled', 'rejected', 'disputed'];

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  confirmed: 'geekblue',
  rejected: 'error',
  in_fulfilment: 'blue',
  partially_shipped: 'cyan',
  shipped: 'cyan',
  delivered: 'purple',
  partially_accepted: 'orange',
  accepted: 'success',
  invoiced: 'gold',
  settled: 'green',
  closed: 'default',
  cancelled: 'default',
  disputed: 'volcano',
};

/** A label from this module's messages by prefix, falling back to the raw code. */
export function label(prefix: string, code: string | null | undefined): Msg {
  if (!code) return ['—', '—'];
  return (m as Record<string, Msg>)[`${prefix}${code}`] ?? [code, code];
}

/** Workspace base path for the party the page is shown in. */
export const basePath = (party: 'buyer' | 'supplier') => `/${party}/orders`;
