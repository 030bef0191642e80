import { Problem } from '../../platform/problem.ts';

export const TENDER_STATUSES = ['draft', 'published', 'closed', 'opened', 'evaluated', 'awarded', 'concluded', 'failed', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];
export const TENDER_COMMANDS = ['edit', 'publish', 'amend', 'close', 'reschedule_opening', 'open', 'complete_evaluation', 'award', 'pass_award', 'conclude', 'fail', 'cancel'] as const;
export type TenderCommand = (typeof TENDER_COMMANDS)[number];

/**
 * The tender lifecycle: published (registration, deposits, sealed bids) → closed at the bid
 * deadline → opened when a quorum of openers confirmed in the opening window (a lapsed window
 * is rescheduled) → evaluated by the committee → awarded (offer to the first candidate, passed to
 * the next when it lapses) → concluded when the winner confirms (order). `fail` ends it without
 * a winner (no valid bid, no candidate left); `cancel` is the buyer's decision before the award.
 */
export const TENDER_TRANSITIONS: Record<TenderStatus, Partial<Record<TenderCommand, TenderStatus>>> = {
  draft: { edit: 'draft', publish: 'published', cancel: 'cancelled' },
  published: { amend: 'published', close: 'closed', cancel: 'cancelled' },
  closed: { reschedule_opening: 'closed', open: 'opened', fail: 'failed', cancel: 'cancelled' },
  opened: { complete_evaluation: 'evaluated', fail: 'failed', cancel: 'cancelled' },
  evaluated: { award: 'awarded', fail: 'failed', cancel: 'cancelled' },
  awarded: { pass_award: 'awarded', conclude: 'concluded', fail: 'failed' },
  concluded: {},
  failed: {},
  cancelled: {},
};

export function transitionTender(state: string, command: TenderCommand): TenderStatus {
  const next = TENDER_TRANSITIONS[state as TenderStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command: command.replace(/_/g, ' '), resource: 'tender', state });
  return next;
}

export const BID_STATUSES = ['submitted', 'withdrawn', 'opened', 'excluded', 'rejected'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];
export const BID_COMMANDS = ['revise', 'reconfirm', 'withdraw', 'resubmit', 'open', 'exclude', 'reject'] as const;
export type BidCommand = (typeof BID_COMMANDS)[number];

/**
 * A sealed bid: revised, reconfirmed or withdrawn until the deadline; at the opening it is opened,
 * or excluded when it was never reconfirmed after a material amendment; the committee may reject
 * an opened bid as non-compliant.
 */
export const BID_TRANSITIONS: Record<BidStatus, Partial<Record<BidCommand, BidStatus>>> = {
  submitted: { revise: 'submitted', reconfirm: 'submitted', withdraw: 'withdrawn', open: 'opened', exclude: 'excluded' },
  withdrawn: { resubmit: 'submitted' },
  opened: { reject: 'rejected' },
  excluded: {},
  rejected: {},
};

export function transitionBid(state: string, command: BidCommand): BidStatus {
  const next = BID_TRANSITIONS[state as BidStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'bid', state });
  return next;
}

export const AWARD_STATUSES = ['offered', 'confirmed', 'declined', 'lapsed'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];
export const AWARD_COMMANDS = ['confirm', 'decline', 'lapse'] as const;
export type AwardCommand = (typeof AWARD_COMMANDS)[number];

/** An award offer to one candidate: confirmed within the set time, or declined / lapsed (passes on). */
export const AWARD_TRANSITIONS: Record<AwardStatus, Partial<Record<AwardCommand, AwardStatus>>> = {
  offered: { confirm: 'confirmed', decline: 'declined', lapse: 'lapsed' },
  confirmed: {},
  declined: {},
  lapsed: {},
};

export function transitionAward(state: string, command: AwardCommand): AwardStatus {
  const next = AWARD_TRANSITIONS[state as AwardStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'award', state });
  return next;
}

export const DEPOSIT_TRANSITIONS: Record<'held' | 'refunded' | 'forfeited', Partial<Record<'refund' | 'forfeit', 'refunded' | 'forfeited'>>> = {
  held: { refund: 'refunded', forfeit: 'forfeited' },
  refunded: {},
  forfeited: {},
};
