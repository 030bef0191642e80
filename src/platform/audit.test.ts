import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, GENESIS_HASH, hashAuditEntry } from './audit.ts';

test('canonical JSON sorts object keys at every depth', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
});

test('canonical JSON drops undefined members, keeps null, and writes dates as ISO strings', () => {
  assert.equal(canonicalJson({ a: undefined, b: null }), '{"b":null}');
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(canonicalJson(new Date('2026-01-02T03:04:05.678Z')), '"2026-01-02T03:04:05.678Z"');
  assert.equal(canonicalJson(['x', 1, true]), '["x",1,true]');
});

test('canonical JSON escapes keys and strings like JSON', () => {
  assert.equal(canonicalJson({ 'a"b': '中\n' }), '{"a\\"b":"中\\n"}');
});

type Entry = Parameters<typeof hashAuditEntry>[0];
function entry(seq: number, prevHash: string, data: Record<string, unknown> = {}): Entry {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    actorType: 'user',
    actorId: 'usr_1',
    actorOrgId: 'org_1',
    orgId: 'org_1',
    action: 'identity.user.updated',
    targetType: 'user',
    targetId: `usr_${seq}`,
    requestId: `req_${seq}`,
    ip: '127.0.0.1',
    data,
    prevHash,
  };
}

/** Builds a chain the way recordAudit does and returns entries with their hashes. */
function chain(length: number) {
  const out: Array<Entry & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const e = entry(seq, prev, { n: seq });
    const hash = hashAuditEntry(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

/** The same check verifyAuditChain makes, on rows in memory. */
function firstBroken(rows: Array<Entry & { hash: string }>): number | null {
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const { hash, ...rest } = row;
    if (row.prevHash !== prev || hashAuditEntry(rest) !== hash) return row.seq;
    prev = hash;
  }
  return null;
}

test('the audit hash is a SHA-256 hex digest that does not depend on key order in data', () => {
  const a = hashAuditEntry(entry(1, GENESIS_HASH, { x: 1, y: 2 }));
  const b = hashAuditEntry(entry(1, GENESIS_HASH, { y: 2, x: 1 }));
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(a, b);
});

test('every field of an entry, and the previous hash, changes its hash', () => {
  const base = entry(7, 'a'.repeat(64), { amount: '10.00' });
  const original = hashAuditEntry(base);
  const changes: Partial<Entry>[] = [
    { seq: 8 },
    { occurredAt: new Date(base.occurredAt.getTime() + 1) },
    { actorType: 'api_key' },
    { actorId: 'usr_2' },
    { actorOrgId: 'org_2' },
    { orgId: null },
    { action: 'identity.user.deleted' },
    { targetType: 'org' },
    { targetId: 'usr_8' },
    { requestId: 'req_x' },
    { ip: '10.0.0.1' },
    { data: { amount: '10.01' } },
    { prevHash: 'b'.repeat(64) },
  ];
  for (const change of changes) assert.notEqual(hashAuditEntry({ ...base, ...change }), original, JSON.stringify(change));
});

test('an intact chain verifies, and an edit in the middle is found at that entry', () => {
  const rows = chain(10);
  assert.equal(firstBroken(rows), null);
  rows[4] = { ...rows[4]!, data: { n: 999 } };
  assert.equal(firstBroken(rows), 5);
});

test('re-hashing an edited entry still breaks the link to the next one', () => {
  const rows = chain(5);
  const forged = { ...rows[1]!, data: { n: 'forged' } };
  const { hash: _old, ...rest } = forged;
  rows[1] = { ...forged, hash: hashAuditEntry(rest) };
  assert.equal(firstBroken(rows), 3);
});
