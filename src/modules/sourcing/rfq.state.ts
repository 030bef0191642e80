import { Problem } from '../../platform/problem.ts';

export const RFQ_STATUSES = ['draft', 'open', 'closed', 'awarded', 'cancelled'] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];
export const RFQ_COMMANDS = ['edit', 'publish', 'invite', 'extend', 'close', 'award', 'cancel'] as const;
export type RfqCommand = (typeof RFQ_COMMANDS)[number];

/**
 * The RFQ lifecycle. `open` takes quotes until the deadline (server clock); `close` is the
 * deadline job (or the first action that finds the deadline passed); quotes become readable to
 * the buyer in `closed`. `award` turns the chosen quote lines into orders.
 */
export const RFQ_TRANSITIONS: Record<RfqStatus, Partial<Record<RfqCommand, RfqStatus>>> = {
  draft: { edit: 'draft', publish: 'open', cancel: 'cancelled' },
  open: { invite: 'open', extend: 'open', close: 'closed', cancel: 'cancelled' },
  closed: { award: 'awarded', cancel: 'cancelled' },
  awarded: {},
  cancelled: {},
};

export function transitionRfq(state: string, command: RfqCommand): RfqStatus {
  const next = RFQ_TRANSITIONS[state as RfqStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'RFQ', state });
  return next;
}

export const QUOTE_STATUSES = ['submitted', 'withdrawn', 'awarded', 'partially_awarded', 'not_awarded'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QUOTE_COMMANDS = ['revise', 'withdraw', 'resubmit', 'award', 'award_part', 'lose'] as const;
export type QuoteCommand = (typeof QUOTE_COMMANDS)[number];

/** A supplier's quote: revised or withdrawn (and resubmitted) until the deadline; settled by the award. */
export const QUOTE_TRANSITIONS: Record<QuoteStatus, Partial<Record<QuoteCommand, QuoteStatus>>> = {
  submitted: { revise: 'submitted', withdraw: 'withdrawn', award: 'awarded', award_part: 'partially_awarded', lose: 'not_awarded' },
  withdrawn: { resubmit: 'submitted' },
  awarded: {},
  partially_awarded: {},
  not_awarded: {},
};

export function transitionQuote(state: string, command: QuoteCommand): QuoteStatus {
  const next = QUOTE_TRANSITIONS[state as QuoteStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'quote', state });
  return next;
}
