import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import { INVOICE_STATUSES, INVOICE_TRANSITIONS, transitionInvoice, type InvoiceCommand } from './invoice.state.ts';
import './errors.ts';

const COMMANDS: InvoiceCommand[] = ['match', 'flag', 'approve', 'reject', 'cancel', 'pay'];

test('every state and command either follows the transitions table or is a 409 problem', () => {
  for (const state of INVOICE_STATUSES) {
    for (const command of COMMANDS) {
      const expected = INVOICE_TRANSITIONS[state][command];
      if (expected) assert.equal(transitionInvoice(state, command), expected, `${state} --${command}->`);
      else
        assert.throws(
          () => transitionInvoice(state, command),
          (e) => e instanceof Problem && e.status === 409 && e.code === 'state.transition_not_allowed',
          `${state} --${command}-> must be refused`,
        );
    }
  }
});

test('every state is reachable from submitted and only rejected, paid and cancelled are final', () => {
  const reached = new Set<string>(['submitted']);
  const queue = ['submitted'];
  while (queue.length) {
    const state = queue.shift()! as keyof typeof INVOICE_TRANSITIONS;
    for (const next of Object.values(INVOICE_TRANSITIONS[state])) if (!reached.has(next!)) (reached.add(next!), queue.push(next!));
  }
  assert.deepEqual([...reached].sort(), [...INVOICE_STATUSES].sort());
  const finals = INVOICE_STATUSES.filter((s) => Object.keys(INVOICE_TRANSITIONS[s]).length === 0);
  assert.deepEqual(finals.sort(), ['cancelled', 'paid', 'rejected']);
});

test('an unknown state is refused, not crashed on', () => {
  assert.throws(() => transitionInvoice('bogus', 'approve'), (e) => e instanceof Problem && e.status === 409);
});
