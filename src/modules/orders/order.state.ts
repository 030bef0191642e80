import { Problem } from '../../platform/problem.ts';

export const ORDER_STATUSES = [
  'draft',
  'submitted',
  'confirmed',
  'rejected',
  'in_fulfilment',
  'partially_shipped',
  'shipped',
  'delivered',
  'partially_accepted',
  'accepted',
  'invoiced',
  'settled',
  'closed',
  'cancelled',
  'disputed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_COMMANDS = [
  'submit',
  'cancel',
  'expire',
  'confirm',
  'reject',
  'start_fulfilment',
  'ship_partial',
  'ship_all',
  'deliver',
  'receive',
  'accept_partial',
  'accept_all',
  'invoice',
  'settle',
  'close',
  'open_dispute',
  'resolve_dispute',
  'cancel_by_dispute',
] as const;
export type OrderCommand = (typeof ORDER_COMMANDS)[number];

/** Target of `resolve_dispute`: the status the order had when the dispute was opened. */
export const RESUME = 'resume' as const;

/** States from which a dispute may be opened (goods or money are in flight) and resumed. */
export const DISPUTABLE: readonly OrderStatus[] = ['confirmed', 'in_fulfilment', 'partially_shipped', 'shipped', 'delivered', 'partially_accepted', 'accepted', 'invoiced'];

const disputable = Object.fromEntries(DISPUTABLE.map((s) => [s, { open_dispute: 'disputed' as const }]));

/**
 * The purchase order lifecycle. `receive` records a goods receipt that does not finish the
 * inspection of the whole order; `accept_partial` finishes it with rejected quantities,
 * `accept_all` with none. `expire` is the system's cancellation when the stock reservation lapsed.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderCommand, OrderStatus | typeof RESUME>>> = {
  draft: { submit: 'submitted', cancel: 'cancelled' },
  submitted: { confirm: 'confirmed', reject: 'rejected', cancel: 'cancelled', expire: 'cancelled' },
  confirmed: { start_fulfilment: 'in_fulfilment', cancel: 'cancelled', ...disputable.confirmed },
  rejected: {},
  in_fulfilment: { ship_partial: 'partially_shipped', ship_all: 'shipped', ...disputable.in_fulfilment },
  partially_shipped: { ship_partial: 'partially_shipped', ship_all: 'shipped', receive: 'partially_shipped', ...disputable.partially_shipped },
  shipped: { deliver: 'delivered', receive: 'shipped', ...disputable.shipped },
  delivered: { receive: 'delivered', accept_partial: 'partially_accepted', accept_all: 'accepted', ...disputable.delivered },
  partially_accepted: { invoice: 'invoiced', ...disputable.partially_accepted },
  accepted: { invoice: 'invoiced', ...disputable.accepted },
  invoiced: { settle: 'settled', ...disputable.invoiced },
  settled: { close: 'closed' },
  closed: {},
  cancelled: {},
  disputed: { resolve_dispute: RESUME, cancel_by_dispute: 'cancelled' },
};

/** Guards that read as questions, for services and the web's action buttons. */
export const canCancel = (s: string) => Boolean(ORDER_TRANSITIONS[s as OrderStatus]?.cancel);
export const isTerminal = (s: string) => Object.keys(ORDER_TRANSITIONS[s as OrderStatus] ?? {}).length === 0;
export const isDisputable = (s: string) => DISPUTABLE.includes(s as OrderStatus);

/**
 * The next status for `command`, or the 409 `state.transition_not_allowed` problem. For
 * `resolve_dispute` the caller passes the status to resume, which must be one a dispute can
 * interrupt.
 */
export function transition(state: string, command: OrderCommand, resumeTo?: string | null): OrderStatus {
  const next = ORDER_TRANSITIONS[state as OrderStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command: command.replace(/_/g, ' '), resource: 'order', state: state.replace(/_/g, ' ') });
  if (next === RESUME) {
    if (!resumeTo || !isDisputable(resumeTo)) throw new Problem('state.transition_not_allowed', { command: 'resume', resource: 'order', state: String(resumeTo) });
    return resumeTo as OrderStatus;
  }
  return next;
}

// --- cases: returns and disputes -----------------------------------------------------------

export type CaseKind = 'return' | 'dispute';
export type CaseStatus = 'requested' | 'approved' | 'completed' | 'declined' | 'open' | 'resolved' | 'withdrawn';
export type CaseCommand = 'approve' | 'decline' | 'complete' | 'resolve' | 'withdraw';

/**
 * A return (退货) of rejected goods: the buyer requests, the supplier approves and confirms
 * receipt (restocking what is usable), or declines. A dispute (纠纷): opened by either party,
 * resolved by the platform, or withdrawn by whoever opened it.
 */
export const CASE_TRANSITIONS: Record<CaseKind, Partial<Record<CaseStatus, Partial<Record<CaseCommand, CaseStatus>>>>> = {
  return: {
    requested: { approve: 'approved', decline: 'declined', withdraw: 'withdrawn' },
    approved: { complete: 'completed' },
  },
  dispute: {
    open: { resolve: 'resolved', withdraw: 'withdrawn' },
  },
};

export function transitionCase(kind: string, state: string, command: CaseCommand): CaseStatus {
  const next = CASE_TRANSITIONS[kind as CaseKind]?.[state as CaseStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: kind, state });
  return next;
}

export const isCaseOpen = (status: string) => status === 'requested' || status === 'approved' || status === 'open';

// --- contracts ---------------------------------------------------------------------------------

export type ContractStatus = 'pending_signatures' | 'signed' | 'void';
