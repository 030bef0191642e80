import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Problem } from '../../platform/problem.ts';
import './errors.ts';
import { QUOTE_COMMANDS, QUOTE_STATUSES, QUOTE_TRANSITIONS, RFQ_COMMANDS, RFQ_STATUSES, RFQ_TRANSITIONS, transitionQuote, transitionRfq } from './rfq.state.ts';
import {
  AWARD_COMMANDS,
  AWARD_STATUSES,
  AWARD_TRANSITIONS,
  BID_COMMANDS,
  BID_STATUSES,
  BID_TRANSITIONS,
  TENDER_COMMANDS,
  TENDER_STATUSES,
  TENDER_TRANSITIONS,
  transitionAward,
  transitionBid,
  transitionTender,
} from './tender.state.ts';

type Table = Record<string, Partial<Record<string, string>>>;

/** Every (status, command) pair: allowed ones move as the table says, all others are the 409 problem. */
function walkTable(statuses: readonly string[], commands: readonly string[], table: Table, fn: (s: string, c: string) => string): number {
  let allowed = 0;
  for (const status of statuses) {
    for (const command of commands) {
      const target = table[status]?.[command];
      if (target) {
        assert.equal(fn(status, command), target, `${status} --${command}-->`);
        allowed++;
      } else {
        assert.throws(() => fn(status, command), (e) => e instanceof Problem && e.code === 'state.transition_not_allowed' && e.status === 409, `${status} --${command}--> must be refused`);
      }
    }
  }
  return allowed;
}

function reachableFrom(start: string, table: Table): string[] {
  const seen = new Set([start]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of [...seen]) for (const t of Object.values(table[s] ?? {})) if (t && !seen.has(t)) (seen.add(t), (changed = true));
  }
  return [...seen].sort();
}

const terminal = (statuses: readonly string[], table: Table) => statuses.filter((s) => Object.keys(table[s] ?? {}).length === 0).sort();

describe('RFQ and quote state tables', () => {
  test('every pair of the RFQ table walks or is refused; all states reachable; terminal states', () => {
    assert.ok(walkTable(RFQ_STATUSES, RFQ_COMMANDS, RFQ_TRANSITIONS, (s, c) => transitionRfq(s, c as never)) >= 9);
    assert.deepEqual(reachableFrom('draft', RFQ_TRANSITIONS), [...RFQ_STATUSES].sort());
    assert.deepEqual(terminal(RFQ_STATUSES, RFQ_TRANSITIONS), ['awarded', 'cancelled']);
    const walk = (cmds: string[]) => cmds.reduce((s, c) => transitionRfq(s, c as never), 'draft');
    assert.equal(walk(['edit', 'publish', 'invite', 'extend', 'close', 'award']), 'awarded');
    assert.equal(walk(['publish', 'close', 'cancel']), 'cancelled');
    assert.throws(() => walk(['publish', 'award']), (e) => e instanceof Problem && e.status === 409, 'no award before the close');
  });

  test('every pair of the quote table walks or is refused', () => {
    walkTable(QUOTE_STATUSES, QUOTE_COMMANDS, QUOTE_TRANSITIONS, (s, c) => transitionQuote(s, c as never));
    assert.deepEqual(reachableFrom('submitted', QUOTE_TRANSITIONS), [...QUOTE_STATUSES].sort());
    assert.equal(['withdraw', 'resubmit', 'revise', 'award_part'].reduce((s, c) => transitionQuote(s, c as never), 'submitted'), 'partially_awarded');
  });
});

describe('tender, bid and award state tables', () => {
  test('every pair of the tender table walks or is refused; all states reachable; terminal states', () => {
    assert.ok(walkTable(TENDER_STATUSES, TENDER_COMMANDS, TENDER_TRANSITIONS, (s, c) => transitionTender(s, c as never)) >= 19);
    assert.deepEqual(reachableFrom('draft', TENDER_TRANSITIONS), [...TENDER_STATUSES].sort());
    assert.deepEqual(terminal(TENDER_STATUSES, TENDER_TRANSITIONS), ['cancelled', 'concluded', 'failed']);
    const walk = (cmds: string[]) => cmds.reduce((s, c) => transitionTender(s, c as never), 'draft');
    assert.equal(walk(['edit', 'publish', 'amend', 'close', 'reschedule_opening', 'open', 'complete_evaluation', 'award', 'pass_award', 'conclude']), 'concluded');
    assert.equal(walk(['publish', 'close', 'fail']), 'failed');
    assert.equal(walk(['publish', 'close', 'open', 'complete_evaluation', 'award', 'fail']), 'failed');
    assert.throws(() => walk(['publish', 'close', 'open', 'complete_evaluation', 'award', 'cancel']), (e) => e instanceof Problem && e.status === 409, 'no cancel once awarded');
    assert.throws(() => walk(['publish', 'open']), (e) => e instanceof Problem && e.status === 409, 'no opening before the close');
  });

  test('every pair of the bid and award tables walks or is refused', () => {
    walkTable(BID_STATUSES, BID_COMMANDS, BID_TRANSITIONS, (s, c) => transitionBid(s, c as never));
    assert.deepEqual(reachableFrom('submitted', BID_TRANSITIONS), [...BID_STATUSES].sort());
    walkTable(AWARD_STATUSES, AWARD_COMMANDS, AWARD_TRANSITIONS, (s, c) => transitionAward(s, c as never));
    assert.deepEqual(reachableFrom('offered', AWARD_TRANSITIONS), [...AWARD_STATUSES].sort());
  });
});
