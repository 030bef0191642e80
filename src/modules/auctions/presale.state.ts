import { Problem } from '../../platform/problem.ts';

export const PRESALE_STATUSES = ['draft', 'open', 'closed', 'cancelled'] as const;
export type PresaleStatus = (typeof PRESALE_STATUSES)[number];
export const PRESALE_COMMANDS = ['edit', 'open', 'close', 'cancel'] as const;
export type PresaleCommand = (typeof PRESALE_COMMANDS)[number];

/**
 * A presale takes deposits while open (and between its start and end time); closing stops new
 * deposits while paid ones proceed to their balance; cancelling refunds every deposit still held.
 */
export const PRESALE_TRANSITIONS: Record<PresaleStatus, Partial<Record<PresaleCommand, PresaleStatus>>> = {
  draft: { edit: 'draft', open: 'open', cancel: 'cancelled' },
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { cancel: 'cancelled' },
  cancelled: {},
};

export function transitionPresale(state: string, command: PresaleCommand): PresaleStatus {
  const next = PRESALE_TRANSITIONS[state as PresaleStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'presale', state });
  return next;
}

export const PRESALE_ORDER_STATUSES = ['deposit_paid', 'completed', 'cancelled', 'lapsed', 'refunded'] as const;
export type PresaleOrderStatus = (typeof PRESALE_ORDER_STATUSES)[number];
export const PRESALE_ORDER_COMMANDS = ['complete', 'cancel', 'lapse', 'refund'] as const;
export type PresaleOrderCommand = (typeof PRESALE_ORDER_COMMANDS)[number];

/**
 * A buyer's presale reservation. complete: the balance is paid and the purchase order exists
 * (the deposit counts towards it); cancel: the buyer withdraws (the deposit goes to the supplier,
 * as 定金 does); lapse: the balance was not paid by the due date (likewise); refund: the supplier
 * cancelled the presale (the deposit goes back to the buyer).
 */
export const PRESALE_ORDER_TRANSITIONS: Record<PresaleOrderStatus, Partial<Record<PresaleOrderCommand, PresaleOrderStatus>>> = {
  deposit_paid: { complete: 'completed', cancel: 'cancelled', lapse: 'lapsed', refund: 'refunded' },
  completed: {},
  cancelled: {},
  lapsed: {},
  refunded: {},
};

export function transitionPresaleOrder(state: string, command: PresaleOrderCommand): PresaleOrderStatus {
  const next = PRESALE_ORDER_TRANSITIONS[state as PresaleOrderStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'presale order', state });
  return next;
}
