import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor, toPage } from './pagination.ts';
import { Problem } from './problem.ts';

const isBadCursor = (e: unknown) => e instanceof Problem && e.status === 400 && e.errors?.[0]?.pointer === '/cursor';

test('a cursor round-trips its key and is URL-safe', () => {
  const key = ['2026-01-01T00:00:00.000Z', 'usr_01J+/=?&中'];
  const cursor = encodeCursor(key);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(cursor), key);
  assert.deepEqual(decodeCursor(cursor, ['timestamp', 'string']), key);
  assert.deepEqual(decodeCursor(encodeCursor([42]), ['integer']), [42]);
});

test('no cursor means the first page', () => {
  assert.equal(decodeCursor(undefined), null);
  assert.equal(decodeCursor(''), null);
});

test('garbage and non-array cursors are a 400 naming the cursor', () => {
  for (const cursor of ['!!!', 'not base64 at all', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('"x"').toString('base64url')]) {
    assert.throws(() => decodeCursor(cursor), isBadCursor, cursor);
  }
});

test('a cursor whose parts do not fit the expected shape is a 400, not a database error', () => {
  const forged: Array<[unknown[], Parameters<typeof decodeCursor>[1]]> = [
    [['not a date', 'usr_1'], ['timestamp', 'string']],
    [['2026-01-01T00:00:00Z'], ['timestamp', 'string']],
    [['2026-01-01T00:00:00Z', 5], ['timestamp', 'string']],
    [['2026-01-01T00:00:00Z', 'x'.repeat(201)], ['timestamp', 'string']],
    [['x'], ['integer']],
    [[1.5], ['integer']],
    [[1e300], ['integer']],
    [[null], ['integer']],
  ];
  for (const [key, shape] of forged) assert.throws(() => decodeCursor(encodeCursor(key), shape), isBadCursor, JSON.stringify(key));
});

test('toPage returns the limit and a cursor to the item after it only when there is more', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ n }));
  const full = toPage(rows, 3, (r) => [r.n]);
  assert.deepEqual(full.items.map((r) => r.n), [1, 2, 3]);
  assert.deepEqual(decodeCursor(full.nextCursor!), [3]);
  const last = toPage(rows.slice(0, 3), 3, (r) => [r.n]);
  assert.equal(last.nextCursor, null);
  assert.deepEqual(toPage([], 3, () => []), { items: [], nextCursor: null });
});
