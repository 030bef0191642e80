import { Problem } from '../../platform/problem.ts';

export const REQUISITION_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'partially_ordered', 'ordered', 'cancelled'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];
export const REQUISITION_COMMANDS = ['edit', 'submit', 'approve', 'reject', 'withdraw', 'revise', 'order_part', 'order_all', 'cancel'] as const;
export type RequisitionCommand = (typeof REQUISITION_COMMANDS)[number];

/**
 * Requisition (需求提报) lifecycle. Submitting starts the approval (pending_approval); the final
 * approval commits budget (approved). Orders draw quantities from approved lines (partially
 * ordered, then ordered). Withdrawing returns a pending requisition to draft; a rejected one can be
 * revised. Cancelling an approved or partially ordered requisition releases what it still commits.
 */
export const REQUISITION_TRANSITIONS: Record<RequisitionStatus, Partial<Record<RequisitionCommand, RequisitionStatus>>> = {
  draft: { edit: 'draft', submit: 'pending_approval', cancel: 'cancelled' },
  pending_approval: { approve: 'approved', reject: 'rejected', withdraw: 'draft', cancel: 'cancelled' },
  approved: { order_part: 'partially_ordered', order_all: 'ordered', cancel: 'cancelled' },
  partially_ordered: { order_part: 'partially_ordered', order_all: 'ordered', cancel: 'cancelled' },
  rejected: { revise: 'draft', cancel: 'cancelled' },
  ordered: {},
  cancelled: {},
};

export function canTransitionRequisition(state: string, command: RequisitionCommand): boolean {
  return Boolean(REQUISITION_TRANSITIONS[state as RequisitionStatus]?.[command]);
}

/** The next status, or the 409 `state.transition_not_allowed` problem. */
export function transitionRequisition(state: string, command: RequisitionCommand): RequisitionStatus {
  const next = REQUISITION_TRANSITIONS[state as RequisitionStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'requisition', state });
  return next;
}

/** Statuses whose budget commitment is live: what cancelling must release. */
export const COMMITTING_STATUSES: readonly RequisitionStatus[] = ['approved', 'partially_ordered'];

export const PLAN_STATUSES = ['active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type PlanCommand = 'close' | 'reopen';

/** A closed plan's budget lines take no new commitments; releases and spending still apply. */
export const PLAN_TRANSITIONS: Record<PlanStatus, Partial<Record<PlanCommand, PlanStatus>>> = {
  active: { close: 'closed' },
  closed: { reopen: 'active' },
};

export function transitionPlan(state: string, command: PlanCommand): PlanStatus {
  const next = PLAN_TRANSITIONS[state as PlanStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'plan', state });
  return next;
}

export const TASK_STATUSES = ['queued', 'pending', 'approved', 'rejected', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskCommand = 'activate' | 'approve' | 'reject' | 'skip';

/**
 * Approval task: tasks of later levels wait queued until the level before completes; a pending
 * task is decided, or skipped when a sibling decided an any-of level, the document was rejected,
 * withdrawn or cancelled.
 */
export const TASK_TRANSITIONS: Record<TaskStatus, Partial<Record<TaskCommand, TaskStatus>>> = {
  queued: { activate: 'pending', skip: 'skipped' },
  pending: { approve: 'approved', reject: 'rejected', skip: 'skipped' },
  approved: {},
  rejected: {},
  skipped: {},
};

export function transitionTask(state: string, command: TaskCommand): TaskStatus {
  const next = TASK_TRANSITIONS[state as TaskStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'approval task', state });
  return next;
}
