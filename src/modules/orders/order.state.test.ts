import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import './errors.ts';
import { CASE_TRANSITIONS, DISPUTABLE, ORDER_COMMANDS, ORDER_STATUSES, ORDER_TRANSITIONS, RESUME, transition, transitionCase, type CaseCommand } from './order.state.ts';

describe('order state table', () => {
  test('every (status, command) pair: allowed ones move as the table says, all others are the 409 problem', () => {
    let allowed = 0;
    for (const status of ORDER_STATUSES) {
      for (const command of ORDER_COMMANDS) {
        const target = ORDER_TRANSITIONS[status][command];
        if (target && target !== RESUME) {
          assert.equal(transition(status, command), target, `${status} --${command}-->`);
          allowed++;
        } else if (target === RESUME) {
          for (const resumeTo of DISPUTABLE) assert.equal(transition(status, command, resumeTo), resumeTo);
          assert.throws(() => transition(status, command, 'cancelled'), (e) => e instanceof Problem && e.status === 409);
          allowed++;
        } else {
          assert.throws(
            () => transition(status, command),
            (e) => e instanceof Problem && e.code === 'state.transition_not_allowed' && e.status === 409 && e.message.includes(status.replace(/_/g, ' ')),
            `${status} --${command}--> must be refused`,
          );
        }
      }
    }
    assert.ok(allowed > 30);
  });

  test('every status is reachable from draft and every non-terminal status can reach a terminal one', () => {
    const reachable = new Set<string>(['draft']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of [...reachable]) {
        for (const [, t] of Object.entries(ORDER_TRANSITIONS[s as keyof typeof ORDER_TRANSITIONS])) {
          const targets = t === RESUME ? DISPUTABLE : [t!];
          for (const x of targets) if (!reachable.has(x)) (reachable.add(x), (changed = true));
        }
      }
    }
    assert.deepEqual([...reachable].sort(), [...ORDER_STATUSES].sort());
    const terminal = ORDER_STATUSES.filter((s) => Object.keys(ORDER_TRANSITIONS[s]).length === 0);
    assert.deepEqual(terminal.sort(), ['cancelled', 'closed', 'rejected']);
  });

  test('the happy path and the branches walk through', () => {
    const walk = (cmds: Array<Parameters<typeof transition>[1]>, from = 'draft') => cmds.reduce<string>((s, c) => transition(s, c), from);
    assert.equal(walk(['submit', 'confirm', 'start_fulfilment', 'ship_partial', 'ship_all', 'deliver', 'receive', 'accept_all', 'invoice', 'settle', 'close']), 'closed');
    assert.equal(walk(['submit', 'confirm', 'start_fulfilment', 'ship_all', 'deliver', 'accept_partial', 'invoice']), 'invoiced');
    assert.equal(walk(['submit', 'expire']), 'cancelled');
    assert.equal(walk(['submit', 'reject']), 'rejected');
    assert.equal(walk(['submit', 'confirm', 'cancel']), 'cancelled');
    assert.equal(transition(walk(['submit', 'confirm', 'start_fulfilment', 'open_dispute']), 'resolve_dispute', 'in_fulfilment'), 'in_fulfilment');
    assert.equal(walk(['submit', 'confirm', 'open_dispute', 'cancel_by_dispute']), 'cancelled');
    assert.throws(() => walk(['submit', 'confirm', 'start_fulfilment', 'cancel']));
  });
});

describe('case state tables', () => {
  test('returns and disputes: every pair walks or is refused', () => {
    const commands: CaseCommand[] = ['approve', 'decline', 'complete', 'resolve', 'withdraw'];
    const statuses = ['requested', 'approved', 'completed', 'declined', 'open', 'resolved', 'withdrawn'];
    for (const kind of ['return', 'dispute'] as const) {
      for (const status of statuses) {
        for (const command of commands) {
          const target = CASE_TRANSITIONS[kind][status as keyof (typeof CASE_TRANSITIONS)['return']]?.[command];
          if (target) assert.equal(transitionCase(kind, status, command), target);
          else assert.throws(() => transitionCase(kind, status, command), (e) => e instanceof Problem && e.status === 409);
        }
      }
    }
  });
});
