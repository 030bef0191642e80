import { Problem } from '../../platform/problem.ts';

export const LOT_STATUSES = ['draft', 'published', 'closed', 'awarded', 'failed', 'cancelled', 'paid', 'completed', 'defaulted'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export const LOT_COMMANDS = ['edit', 'publish', 'close', 'fail', 'award', 'cancel', 'pay', 'collect', 'default'] as const;
export type LotCommand = (typeof LOT_COMMANDS)[number];

/**
 * The lot lifecycle. A published lot takes bids between its start and end time (decided under
 * the lot lock, by the database clock); at the end it is closed (eligible bids meet the reserve)
 * or failed (流拍: none do). A closed lot is awarded to the best eligible bidder: a reverse
 * auction's award creates the purchase order and ends there; a forward auction's winner then
 * pays (paid) and collects (completed), or misses the payment deadline (defaulted, deposit forfeited).
 */
export const LOT_TRANSITIONS: Record<LotStatus, Partial<Record<LotCommand, LotStatus>>> = {
  draft: { edit: 'draft', publish: 'published', cancel: 'cancelled' },
  published: { close: 'closed', fail: 'failed', cancel: 'cancelled' },
  closed: { award: 'awarded', fail: 'failed', cancel: 'cancelled' },
  awarded: { pay: 'paid', default: 'defaulted' },
  paid: { collect: 'completed' },
  failed: {},
  cancelled: {},
  completed: {},
  defaulted: {},
};

export function transition(state: string, command: LotCommand): LotStatus {
  const next = LOT_TRANSITIONS[state as LotStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'auction lot', state });
  return next;
}

export const canBidIn = (status: string) => status === 'published';
export const isFinished = (status: string) => Object.keys(LOT_TRANSITIONS[status as LotStatus] ?? {}).length === 0;
