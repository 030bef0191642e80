import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import {
  PLAN_STATUSES,
  PLAN_TRANSITIONS,
  REQUISITION_COMMANDS,
  REQUISITION_STATUSES,
  REQUISITION_TRANSITIONS,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  canTransitionRequisition,
  transitionPlan,
  transitionRequisition,
  transitionTask,
  type PlanCommand,
  type TaskCommand,
} from './requisition.state.ts';
import './errors.ts';

/** Walks every (state, command) pair: the table's answer, or the 409 problem naming both. */
function walk<S extends string, C extends string>(name: string, states: readonly S[], commands: readonly C[], table: Record<S, Partial<Record<C, S>>>, fn: (s: string, c: C) => string) {
  let allowed = 0;
  for (const state of states) {
    for (const command of commands) {
      const next = table[state][command];
      if (next) {
        assert.equal(fn(state, command), next, `${name}: ${state} --${command}-->`);
        assert.ok(states.includes(next), `${name}: ${next} is a known state`);
        allowed++;
      } else {
        assert.throws(
          () => fn(state, command),
          (e) => e instanceof Problem && e.status === 409 && e.code === 'state.transition_not_allowed' && e.params.state === state && e.params.command === command,
          `${name}: ${state} refuses ${command}`,
        );
      }
    }
  }
  assert.throws(() => fn('no_such_state', commands[0]!), (e) => e instanceof Problem && e.status === 409);
  return allowed;
}

test('the requisition table is walked whole: every state and command', () => {
  const allowed = walk('requisition', REQUISITION_STATUSES, REQUISITION_COMMANDS, REQUISITION_TRANSITIONS, transitionRequisition);
  assert.equal(allowed, 15);
  for (const s of REQUISITION_STATUSES) for (const c of REQUISITION_COMMANDS) assert.equal(canTransitionRequisition(s, c), Boolean(REQUISITION_TRANSITIONS[s][c]));
  // Terminal states stay terminal; every other state can be cancelled.
  assert.deepEqual(REQUISITION_TRANSITIONS.ordered, {});
  assert.deepEqual(REQUISITION_TRANSITIONS.cancelled, {});
  for (const s of ['draft', 'pending_approval', 'approved', 'partially_ordered', 'rejected'] as const) assert.equal(REQUISITION_TRANSITIONS[s].cancel, 'cancelled');
});

test('the plan and approval-task tables are walked whole', () => {
  assert.equal(walk('plan', PLAN_STATUSES, ['close', 'reopen'] as PlanCommand[], PLAN_TRANSITIONS, transitionPlan), 2);
  assert.equal(walk('task', TASK_STATUSES, ['activate', 'approve', 'reject', 'skip'] as TaskCommand[], TASK_TRANSITIONS, transitionTask), 5);
});
