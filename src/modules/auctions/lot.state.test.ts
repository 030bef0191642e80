import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import { canBidIn, isFinished, LOT_COMMANDS, LOT_STATUSES, LOT_TRANSITIONS, transition } from './lot.state.ts';
import { PRESALE_COMMANDS, PRESALE_ORDER_COMMANDS, PRESALE_ORDER_STATUSES, PRESALE_ORDER_TRANSITIONS, PRESALE_STATUSES, PRESALE_TRANSITIONS, transitionPresale, transitionPresaleOrder } from './presale.state.ts';

/** Walks every (state, command) pair: allowed ones land where the table says, the rest are a 409 problem. */
function walk<S extends string, C extends string>(statuses: readonly S[], commands: readonly C[], table: Record<S, Partial<Record<C, S>>>, fn: (s: string, c: C) => string) {
  let allowed = 0;
  for (const s of statuses) {
    for (const c of commands) {
      const next = table[s][c];
      if (next) {
        assert.equal(fn(s, c), next, `${s} --${c}-->`);
        assert.ok(statuses.includes(next), `${s} --${c}--> ${next} is a known state`);
        allowed++;
      } else {
        assert.throws(() => fn(s, c), (e: unknown) => e instanceof Problem && e.code === 'state.transition_not_allowed' && e.status === 409, `${s} --${c}--> must be refused`);
      }
    }
  }
  assert.throws(() => fn('nonsense', commands[0]!), Problem);
  return allowed;
}

/** Every state is reachable from the first one. */
function reachable<S extends string, C extends string>(statuses: readonly S[], table: Record<S, Partial<Record<C, S>>>) {
  const seen = new Set<S>([statuses[0]!]);
  const queue = [statuses[0]!];
  while (queue.length) for (const next of Object.values(table[queue.shift()!]) as S[]) if (!seen.has(next)) seen.add(next), queue.push(next);
  assert.deepEqual([...seen].sort(), [...statuses].sort());
}

test('the lot state machine: every transition, every refusal, every state reachable', () => {
  assert.equal(walk(LOT_STATUSES, LOT_COMMANDS, LOT_TRANSITIONS, transition), 12);
  reachable(LOT_STATUSES, LOT_TRANSITIONS);
  assert.deepEqual(LOT_STATUSES.filter(canBidIn), ['published']);
  assert.deepEqual(LOT_STATUSES.filter(isFinished), ['failed', 'cancelled', 'completed', 'defaulted']);
});

test('the presale and presale order state machines', () => {
  assert.equal(walk(PRESALE_STATUSES, PRESALE_COMMANDS, PRESALE_TRANSITIONS, transitionPresale), 6);
  reachable(PRESALE_STATUSES, PRESALE_TRANSITIONS);
  assert.equal(walk(PRESALE_ORDER_STATUSES, PRESALE_ORDER_COMMANDS, PRESALE_ORDER_TRANSITIONS, transitionPresaleOrder), 4);
  reachable(PRESALE_ORDER_STATUSES, PRESALE_ORDER_TRANSITIONS);
});
