import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import { canTransition, ORG_TRANSITIONS, transitionOrg, type OrgCommand, type OrgStatus } from './organization.state.ts';

const STATES: OrgStatus[] = ['draft', 'pending_review', 'active', 'rejected', 'suspended'];
const COMMANDS: OrgCommand[] = ['submit', 'approve', 'reject', 'suspend', 'reinstate'];

// The whole lifecycle, written out: every state × command pair that is allowed, and where it goes.
const EXPECTED: Record<string, OrgStatus> = {
  'draft submit': 'pending_review',
  'pending_review approve': 'active',
  'pending_review reject': 'rejected',
  'rejected submit': 'pending_review',
  'active suspend': 'suspended',
  'suspended reinstate': 'active',
};

test('the table names exactly the five organisation states', () => {
  assert.deepEqual(Object.keys(ORG_TRANSITIONS).sort(), [...STATES].sort());
});

test('every state × command is either the expected transition or a 409 problem', () => {
  for (const state of STATES) {
    for (const command of COMMANDS) {
      const expected = EXPECTED[`${state} ${command}`];
      if (expected) {
        assert.equal(transitionOrg(state, command), expected, `${state} ${command}`);
        assert.equal(canTransition(state, command), true);
      } else {
        assert.equal(canTransition(state, command), false, `${state} ${command}`);
        assert.throws(
          () => transitionOrg(state, command),
          (error: unknown) =>
            error instanceof Problem && error.status === 409 && error.code === 'state.transition_not_allowed' && error.message.includes(state),
          `${state} ${command} must be refused`,
        );
      }
    }
  }
});

test('every state reached by a transition is itself in the table', () => {
  for (const next of Object.values(EXPECTED)) assert.ok(STATES.includes(next));
});

test('an unknown state is refused like an illegal transition', () => {
  assert.throws(() => transitionOrg('deleted', 'approve'), (e: unknown) => e instanceof Problem && e.status === 409);
});

test('the refusal names the state and command in both languages', () => {
  try {
    transitionOrg('active', 'approve');
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof Problem);
    assert.match(String(error.toJSON('en', '/x').detail), /approve.*active/);
    assert.match(String(error.toJSON('zh-CN', '/x').detail), /active/);
  }
});
