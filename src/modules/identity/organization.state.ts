import { Problem } from '../../platform/problem.ts';

export type OrgStatus = 'draft' | 'pending_review' | 'active' | 'rejected' | 'suspended';
export type OrgCommand = 'submit' | 'approve' | 'reject' | 'suspend' | 'reinstate';

/** Registration review lifecycle: draft → pending_review → active | rejected → (resubmit) … */
export const ORG_TRANSITIONS: Record<OrgStatus, Partial<Record<OrgCommand, OrgStatus>>> = {
  draft: { submit: 'pending_review' },
  pending_review: { approve: 'active', reject: 'rejected' },
  rejected: { submit: 'pending_review' },
  active: { suspend: 'suspended' },
  suspended: { reinstate: 'active' },
};

export function canTransition(state: string, command: OrgCommand): boolean {
  return Boolean(ORG_TRANSITIONS[state as OrgStatus]?.[command]);
}

export function transitionOrg(state: string, command: OrgCommand): OrgStatus {
  const next = ORG_TRANSITIONS[state as OrgStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'organization', state });
  return next;
}
