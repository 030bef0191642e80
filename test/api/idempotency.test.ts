import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { invitations } from '../../src/modules/identity/schema.ts';
import { canonicalJson } from '../../src/platform/audit.ts';
import { query } from '../../src/platform/db.ts';
import { mailOutbox } from '../../src/platform/schema.ts';
import { ApiClient, createTestOrg, startTestServer } from '../support/harness.ts';
import { signedIn, uniqueEmail } from './helpers.ts';

const server = await startTestServer();
const org = await createTestOrg(server.ctx, ['buyer']);
const admin = await signedIn(server, org.admin);

const invitationsTo = async (email: string) => server.db.select().from(invitations).where(eq(invitations.email, email));
const key = () => `key-${Math.random().toString(36).slice(2)}`;

test('a replay returns the first response, marked idempotent-replayed, and does nothing again', async () => {
  const email = uniqueEmail('idem');
  const k = key();
  const first = await admin.post('/api/v1/organization/invitations', { email, roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const replay = await admin.post('/api/v1/organization/invitations', { email, roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(replay.status, 201, 'the first status, not the 409 a second invitation would get');
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.text, first.text, 'byte for byte the first body');
  assert.match(replay.headers.get('content-type')!, /application\/json/);
  assert.equal((await invitationsTo(email)).length, 1);
  assert.equal((await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, email))).length, 1, 'one e-mail');
});

test('a replay of a failed request returns the same problem', async () => {
  const k = key();
  const first = await admin.post('/api/v1/organization/invitations', { email: org.admin, roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(first.status, 409);
  const replay = await admin.post('/api/v1/organization/invitations', { email: org.admin, roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(replay.status, 409);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.match(replay.headers.get('content-type')!, /application\/problem\+json/);
  assert.equal(replay.text, first.text);
});

test('the same key with a different body is a 422, and nothing is done', async () => {
  const k = key();
  const a = uniqueEmail('first');
  const b = uniqueEmail('second');
  assert.equal((await admin.post('/api/v1/organization/invitations', { email: a, roles: ['purchaser'] }, { idempotencyKey: k })).status, 201);
  const reused = await admin.post('/api/v1/organization/invitations', { email: b, roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(reused.status, 422, reused.text);
  assert.equal(reused.body.code, 'idempotency.key_reused');
  assert.equal((await invitationsTo(b)).length, 0);
});

test('the same body with keys in another order is the same request', async () => {
  const k = key();
  const email = uniqueEmail('order');
  const first = await admin.request('POST', '/api/v1/organization/invitations', { raw: JSON.stringify({ email, roles: ['purchaser'] }), headers: { 'content-type': 'application/json', 'idempotency-key': k } });
  const second = await admin.request('POST', '/api/v1/organization/invitations', { raw: JSON.stringify({ roles: ['purchaser'], email }), headers: { 'content-type': 'application/json', 'idempotency-key': k } });
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
});

test('the same key on another route is a 422', async () => {
  const k = key();
  assert.equal((await admin.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['purchaser'] }, { idempotencyKey: k })).status, 201);
  const other = await admin.post('/api/v1/organization/api-keys', { name: 'x', permissions: ['org.users.read'] }, { idempotencyKey: k });
  assert.equal(other.status, 422);
});

test('keys are per caller: another user may use the same key for their own request', async () => {
  const other = await createTestOrg(server.ctx, ['buyer']);
  const otherAdmin = await signedIn(server, other.admin);
  const k = key();
  const mine = await admin.post('/api/v1/organization/invitations', { email: uniqueEmail('mine'), roles: ['purchaser'] }, { idempotencyKey: k });
  const theirs = await otherAdmin.post('/api/v1/organization/invitations', { email: uniqueEmail('theirs'), roles: ['purchaser'] }, { idempotencyKey: k });
  assert.equal(mine.status, 201);
  assert.equal(theirs.status, 201);
  assert.equal(theirs.headers.get('idempotent-replayed'), null, "not someone else's stored answer");
  assert.notEqual(theirs.body.id, mine.body.id);
});

test('concurrent requests with the same key have exactly one effect; the others get 409 or the replay', async () => {
  const email = uniqueEmail('concurrent');
  const k = key();
  const results = await Promise.all(
    Array.from({ length: 8 }, () => admin.post('/api/v1/organization/invitations', { email, roles: ['purchaser'] }, { idempotencyKey: k })),
  );
  const created = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
  assert.equal(created.length, 1, results.map((r) => `${r.status} ${r.headers.get('idempotent-replayed')}`).join(', '));
  for (const r of results) {
    if (r === created[0]) continue;
    if (r.status === 409) assert.equal(r.body.code, 'idempotency.in_flight');
    else {
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('idempotent-replayed'), 'true');
      assert.equal(r.text, created[0]!.text);
    }
  }
  assert.equal((await invitationsTo(email)).length, 1);
});

/** The hash the server stores for a request, to plant a key as another process would have. */
const requestHash = (method: string, url: string, body: unknown) => createHash('sha256').update(`${method} ${url}\n${canonicalJson(body)}`).digest('hex');

async function plantKey(k: string, body: unknown, lockedFor: string) {
  await query(server.db, sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until)
    values (${`user:${org.users[org.admin]}`}, ${k}, ${requestHash('POST', '/api/v1/organization/invitations', body)}, 'in_flight', now() + ${lockedFor}::interval)`);
}

test('a key whose first request is still running gets a 409 in flight', async () => {
  const k = key();
  const body = { email: uniqueEmail('inflight'), roles: ['purchaser'] };
  await plantKey(k, body, '1 minute'); // another process took the key a moment ago
  const response = await admin.post('/api/v1/organization/invitations', body, { idempotencyKey: k });
  assert.equal(response.status, 409, response.text);
  assert.equal(response.body.code, 'idempotency.in_flight');
  assert.equal((await invitationsTo(body.email)).length, 0);
});

test('a key left in flight by a crashed process is taken over once its lock lapses', async () => {
  const k = key();
  const body = { email: uniqueEmail('lapsed'), roles: ['purchaser'] };
  await plantKey(k, body, '-1 second');
  const response = await admin.post('/api/v1/organization/invitations', body, { idempotencyKey: k });
  assert.equal(response.status, 201, response.text);
  assert.equal((await invitationsTo(body.email)).length, 1);
  const replay = await admin.post('/api/v1/organization/invitations', body, { idempotencyKey: k });
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
});

test('an unsafe POST without a key still works, and twice does it twice', async () => {
  const first = await admin.post('/api/v1/organization/api-keys', { name: 'no key', permissions: ['org.users.read'] });
  const second = await admin.post('/api/v1/organization/api-keys', { name: 'no key', permissions: ['org.users.read'] });
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.notEqual(first.body.apiKey.id, second.body.apiKey.id);
});

test('a key that is empty or longer than 200 characters is a 400', async () => {
  for (const k of ['x'.repeat(201)]) {
    const response = await admin.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['purchaser'] }, { idempotencyKey: k });
    assert.equal(response.status, 400);
    assert.equal(response.body.errors[0].pointer, '/idempotency-key');
  }
  const empty = await admin.request('POST', '/api/v1/organization/invitations', { body: { email: uniqueEmail(), roles: ['purchaser'] }, headers: { 'idempotency-key': '' } });
  assert.equal(empty.status, 400, empty.text);
});

test('the secret of an API key created with a key is replayed only to the same caller', async () => {
  const k = key();
  const first = await admin.post('/api/v1/organization/api-keys', { name: 'replayed', permissions: ['org.users.read'] }, { idempotencyKey: k });
  const anonymous = new ApiClient(server.url);
  const stranger = await anonymous.post('/api/v1/organization/api-keys', { name: 'replayed', permissions: ['org.users.read'] }, { idempotencyKey: k });
  assert.equal(stranger.status, 401);
  assert.ok(!stranger.text.includes(first.body.secret));
});
