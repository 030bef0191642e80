import { Problem } from '../../platform/problem.ts';

export type ReviewStatus = 'draft' | 'pending_review' | 'approved' | 'rejected';
export type ReviewCommand = 'submit' | 'approve' | 'reject' | 'change';

/**
 * Listing review (上架审核): a product is visible to buyers only when approved (and active).
 * A material change of an approved product sends it back to the queue (`change`).
 */
export const REVIEW_TRANSITIONS: Record<ReviewStatus, Partial<Record<ReviewCommand, ReviewStatus>>> = {
  draft: { submit: 'pending_review', change: 'draft' },
  pending_review: { approve: 'approved', reject: 'rejected', change: 'pending_review' },
  rejected: { submit: 'pending_review', change: 'rejected' },
  approved: { change: 'pending_review' },
};

export function transitionListing(state: string, command: ReviewCommand): ReviewStatus {
  const next = REVIEW_TRANSITIONS[state as ReviewStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'product', state });
  return next;
}

export type AgreementStatus = 'draft' | 'active' | 'suspended' | 'terminated';
export type AgreementCommand = 'confirm' | 'suspend' | 'resume' | 'terminate';

/** Framework agreements: the supplier drafts, the buyer confirms; either side may end it. */
export const AGREEMENT_TRANSITIONS: Record<AgreementStatus, Partial<Record<AgreementCommand, AgreementStatus>>> = {
  draft: { confirm: 'active', terminate: 'terminated' },
  active: { suspend: 'suspended', terminate: 'terminated' },
  suspended: { resume: 'active', terminate: 'terminated' },
  terminated: {},
};

export function transitionAgreement(state: string, command: AgreementCommand): AgreementStatus {
  const next = AGREEMENT_TRANSITIONS[state as AgreementStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'agreement', state });
  return next;
}
