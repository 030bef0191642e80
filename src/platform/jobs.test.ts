import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffSeconds } from './jobs.ts';

test('retry backoff doubles from 2 seconds and is capped at an hour', () => {
  const table: Array<[number, number]> = [
    [0, 2],
    [1, 2],
    [2, 4],
    [3, 8],
    [4, 16],
    [10, 1024],
    [11, 2048],
    [12, 3600],
    [50, 3600],
    [10_000, 3600],
  ];
  for (const [attempts, seconds] of table) assert.equal(backoffSeconds(attempts), seconds, `after ${attempts} attempts`);
});

test('backoff never shrinks as attempts grow', () => {
  for (let n = 1; n < 40; n++) assert.ok(backoffSeconds(n + 1) >= backoffSeconds(n), String(n));
});
