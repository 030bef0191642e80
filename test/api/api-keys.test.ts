import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../src/modules/identity/schema.ts';
import { query } from '../../src/platform/db.ts';
import { ApiClient, createTestOrg, isPostgres, spawnServerProcess, startTestServer } from '../support/harness.ts';
import { databaseEnv, signedIn, uniqueEmail } from './helpers.ts';
import { sql } from 'drizzle-orm';

const server = await startTestServer();
const org = await createTestOrg(server.ctx, ['buyer', 'supplier']);
const admin = await signedIn(server, org.admin);

async function createKey(permissions: string[], name = 'ERP integration') {
  const created = await admin.post('/api/v1/organization/api-keys', { name, permissions });
  assert.equal(created.status, 201, created.text);
  return created.body as { apiKey: { id: string; prefix: string; permissions: string[] }; secret: string };
}

function bearer(secret: string, base = server.url): ApiClient {
  const client = new ApiClient(base);
  client.bearer = secret;
  return client;
}

test('the secret is shown once: only its hash is stored and the list never shows it', async () => {
  const { apiKey, secret } = await createKey(['org.users.read']);
  assert.match(secret, /^ck_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{20,}$/);
  assert.ok(secret.startsWith(`ck_${apiKey.prefix}_`));
  const list = await admin.get('/api/v1/organization/api-keys');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((k: { id: string }) => k.id === apiKey.id));
  assert.ok(!list.text.includes(secret.split('_')[2]!), 'the list does not contain the secret');
  const rows = await query<Record<string, unknown>>(server.db, sql`select * from api_keys where id = ${apiKey.id}`);
  assert.ok(!JSON.stringify(rows).includes(secret.split('_')[2]!), 'the database does not contain the secret');
});

test('a key works as a bearer token for the permissions it was given, and 403 for others', async () => {
  const { secret } = await createKey(['org.users.read']);
  const client = bearer(secret);
  const users = await client.get('/api/v1/organization/users');
  assert.equal(users.status, 200, users.text);
  assert.ok(users.body.items.every((u: { orgId: string }) => u.orgId === org.orgId));
  const keys = await client.get('/api/v1/organization/api-keys');
  assert.equal(keys.status, 403);
  assert.equal(keys.body.code, 'auth.forbidden');
  const invite = await client.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['purchaser'] });
  assert.equal(invite.status, 403, 'read permission does not allow writes');
});

test('a bearer write needs no CSRF token and no cookie', async () => {
  const { secret } = await createKey(['org.users.manage']);
  const response = await bearer(secret).post('/api/v1/organization/invitations', { email: uniqueEmail('bykey'), roles: ['purchaser'] });
  assert.equal(response.status, 201, response.text);
});

test('a key cannot be given a permission its creator does not hold', async () => {
  const response = await admin.post('/api/v1/organization/api-keys', { name: 'too much', permissions: ['platform.orgs.review'] });
  assert.equal(response.status, 422);
  assert.equal(response.body.code, 'identity.permission_not_grantable');
  assert.equal(response.body.errors[0].pointer, '/permissions');
});

test('a forged, malformed or unknown bearer token is a 401', async () => {
  const { secret } = await createKey(['org.users.read']);
  for (const token of [`${secret}x`, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, 'ck_abc_def', 'garbage', '']) {
    const response = await bearer(token).get('/api/v1/organization/users');
    assert.equal(response.status, 401, `${token}: ${response.text}`);
    assert.match(response.headers.get('content-type')!, /problem\+json/);
  }
});

test('a revoked key is refused on its very next request', async () => {
  const { apiKey, secret } = await createKey(['org.users.read']);
  const client = bearer(secret);
  assert.equal((await client.get('/api/v1/organization/users')).status, 200); // now cached
  const revoked = await admin.post(`/api/v1/organization/api-keys/${apiKey.id}/revoke`);
  assert.equal(revoked.status, 200, revoked.text);
  assert.ok(revoked.body.revokedAt);
  const next = await client.get('/api/v1/organization/users');
  assert.equal(next.status, 401, next.text);
  assert.equal((await admin.post(`/api/v1/organization/api-keys/${apiKey.id}/revoke`)).status, 409, 'revoking twice is a 409');
});

test('a key revoked by another key is refused at once', async () => {
  const manager = await createKey(['org.apikeys.manage'], 'key manager');
  const victim = await createKey(['org.users.read'], 'victim');
  const victimClient = bearer(victim.secret);
  assert.equal((await victimClient.get('/api/v1/organization/users')).status, 200);
  assert.equal((await bearer(manager.secret).post(`/api/v1/organization/api-keys/${victim.apiKey.id}/revoke`)).status, 200);
  assert.equal((await victimClient.get('/api/v1/organization/users')).status, 401);
});

test('an expired key is refused', async () => {
  const { apiKey, secret } = await createKey(['org.users.read']);
  await server.db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, apiKey.id));
  // The authenticator caches for a few seconds; drop it as any identity change would.
  server.platform.authenticator.invalidate();
  assert.equal((await bearer(secret).get('/api/v1/organization/users')).status, 401);
});

test('a key loses permissions its organisation no longer has, and stops when the organisation is suspended', async () => {
  const other = await createTestOrg(server.ctx, ['buyer']);
  const otherAdmin = await signedIn(server, other.admin);
  const created = await otherAdmin.post('/api/v1/organization/api-keys', { name: 'k', permissions: ['org.users.read'] });
  const client = bearer(created.body.secret);
  assert.equal((await client.get('/api/v1/organization/users')).status, 200);
  const platform = await createTestOrg(server.ctx, ['platform']);
  const operatorClient = await signedIn(server, platform.admin);
  assert.equal((await operatorClient.post(`/api/v1/platform/organizations/${other.orgId}/suspend`, { reason: 'test' })).status, 200);
  const blocked = await client.get('/api/v1/organization/users');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.code, 'auth.org_inactive');
});

test(
  'on PostgreSQL, a key revoked in one server process is refused by another process within a second',
  { skip: !isPostgres() && 'needs PostgreSQL (PGlite is one process)' },
  async () => {
    const remote = await spawnServerProcess(databaseEnv(server.testDb));
    const { apiKey, secret } = await createKey(['org.users.read'], 'multi-process');
    const client = bearer(secret, remote.url);
    assert.equal((await client.get('/api/v1/organization/users')).status, 200, 'the other process accepts the key (and caches it)');
    assert.equal((await client.get('/api/v1/organization/users')).status, 200);
    assert.equal((await admin.post(`/api/v1/organization/api-keys/${apiKey.id}/revoke`)).status, 200);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 1000) {
      status = (await client.get('/api/v1/organization/users')).status;
    }
    assert.equal(status, 401, `still accepted ${Date.now() - revokedAt} ms after revocation`);
  },
);
