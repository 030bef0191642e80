import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertVersion, etagOf } from './concurrency.ts';
import { Problem } from './problem.ts';

const status = (fn: () => void): number | null => {
  try {
    fn();
    return null;
  } catch (e) {
    assert.ok(e instanceof Problem);
    return e.status;
  }
};

test('version and If-Match checks: current passes, stale is 409 or 412', () => {
  assert.equal(etagOf(3), '"v3"');
  assert.equal(status(() => assertVersion('user', 3, {})), null);
  assert.equal(status(() => assertVersion('user', 3, { version: 3 })), null);
  assert.equal(status(() => assertVersion('user', 3, { version: 2 })), 409);
  assert.equal(status(() => assertVersion('user', 3, { ifMatch: '"v3"' })), null);
  assert.equal(status(() => assertVersion('user', 3, { ifMatch: 'W/"v3"' })), null);
  assert.equal(status(() => assertVersion('user', 3, { ifMatch: '*' })), null);
  assert.equal(status(() => assertVersion('user', 3, { ifMatch: '"v2"' })), 412);
  assert.equal(status(() => assertVersion('user', 3, { ifMatch: 'garbage' })), 412);
});
