import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../src/platform/schema.ts';
import { ApiClient, createTestOrg, startTestServer } from '../support/harness.ts';
import { signedIn } from './helpers.ts';

const server = await startTestServer();

test('a role without a permission gets 403 naming the permission, on reads and writes', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const purchaserEmail = Object.keys(org.users).find((e) => e.startsWith('purchaser@'))!;
  const purchaser = await signedIn(server, purchaserEmail);
  assert.equal((await purchaser.get('/api/v1/organization')).status, 200, 'purchasers may read the profile');
  for (const [method, url, body, permission] of [
    ['GET', '/api/v1/organization/users', undefined, 'org.users.read'],
    ['POST', '/api/v1/organization/invitations', { email: 'x@y.test', roles: ['purchaser'] }, 'org.users.manage'],
    ['PATCH', '/api/v1/organization', { region: 'x' }, 'org.profile.manage'],
    ['GET', '/api/v1/organization/api-keys', undefined, 'org.apikeys.manage'],
    ['GET', '/api/v1/audit-log', undefined, 'org.audit.read'],
    ['GET', '/api/v1/platform/organizations', undefined, 'platform.orgs.read'],
    ['POST', '/api/v1/platform/audit-log/verify', undefined, 'platform.audit.verify'],
  ] as const) {
    const response = await purchaser.request(method, url, { body });
    assert.equal(response.status, 403, `${method} ${url}: ${response.text}`);
    assert.equal(response.body.code, 'auth.forbidden');
    assert.equal(response.body.status, 403);
    assert.match(response.body.detail, new RegExp(permission.replace(/\./g, '\\.')));
  }
});

test('a buyer org admin cannot reach platform routes', async () => {
  const org = await createTestOrg(server.ctx, ['buyer', 'supplier']);
  const admin = await signedIn(server, org.admin);
  const response = await admin.get('/api/v1/platform/organizations');
  assert.equal(response.status, 403);
});

test('an admin changes a role with the version read; a stale version is 409 and a stale If-Match 412', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const admin = await signedIn(server, org.admin);
  const userId = Object.entries(org.users).find(([e]) => e.startsWith('purchaser@'))![1];
  const read = await admin.get(`/api/v1/organization/users/${userId}`);
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('etag'), `"v${read.body.version}"`);
  const v1 = read.body.version;

  const changed = await admin.patch(`/api/v1/organization/users/${userId}`, { roles: ['purchaser', 'approver'], version: v1 });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.version, v1 + 1);
  assert.equal(changed.headers.get('etag'), `"v${v1 + 1}"`);

  const stale = await admin.patch(`/api/v1/organization/users/${userId}`, { roles: ['receiver'], version: v1 });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.body.code, 'resource.version_conflict');

  const staleEtag = await admin.patch(`/api/v1/organization/users/${userId}`, { roles: ['receiver'] }, { 'if-match': read.headers.get('etag')! });
  assert.equal(staleEtag.status, 412, staleEtag.text);
  assert.equal(staleEtag.body.code, 'resource.precondition_failed');

  const now = await admin.get(`/api/v1/organization/users/${userId}`);
  assert.deepEqual([...now.body.roles].sort(), ['approver', 'purchaser'], 'the refused writes changed nothing');

  const withEtag = await admin.patch(`/api/v1/organization/users/${userId}`, { roles: ['receiver'] }, { 'if-match': now.headers.get('etag')! });
  assert.equal(withEtag.status, 200);

  const audit = await server.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.user.updated'), eq(auditLog.targetId, userId)));
  assert.equal(audit.length, 2, 'one audit entry per accepted change, none for refused ones');
});

test('two admins editing the same user with the same version: one wins, one gets 409', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'org_admin' }, { role: 'purchaser' }]);
  const first = await signedIn(server, org.admin);
  const second = await signedIn(server, Object.keys(org.users).find((e) => e.startsWith('org_admin@'))!);
  const userId = Object.entries(org.users).find(([e]) => e.startsWith('purchaser@'))![1];
  const { version } = (await first.get(`/api/v1/organization/users/${userId}`)).body;
  const results = await Promise.all([
    first.patch(`/api/v1/organization/users/${userId}`, { roles: ['approver'], version }),
    second.patch(`/api/v1/organization/users/${userId}`, { roles: ['receiver'], version }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
  const winner = results.find((r) => r.status === 200)!;
  assert.deepEqual((await first.get(`/api/v1/organization/users/${userId}`)).body.roles, winner.body.roles);
});

test('a new role takes effect on the next request, and a disabled user is signed out', async () => {
  const org = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  const admin = await signedIn(server, org.admin);
  const [salesEmail, salesId] = Object.entries(org.users).find(([e]) => e.startsWith('sales@'))!;
  const sales = await signedIn(server, salesEmail);
  assert.equal((await sales.get('/api/v1/organization/users')).status, 403);
  assert.equal((await admin.patch(`/api/v1/organization/users/${salesId}`, { roles: ['sales', 'org_admin'] })).status, 200);
  assert.equal((await sales.get('/api/v1/organization/users')).status, 200, 'the promotion applies at once');
  assert.equal((await admin.patch(`/api/v1/organization/users/${salesId}`, { status: 'disabled' })).status, 200);
  assert.equal((await sales.get('/api/v1/me')).status, 401, 'a disabled user has no session');
  const again = await new ApiClient(server.url).post('/api/v1/auth/sign-in', { email: salesEmail, password: 'Test#Passw0rd' });
  assert.equal(again.status, 403);
  assert.equal(again.body.code, 'identity.user_disabled');
});

test('an admin cannot drop their own admin role or disable themself', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const admin = await signedIn(server, org.admin);
  const self = org.users[org.admin]!;
  const demote = await admin.patch(`/api/v1/organization/users/${self}`, { roles: ['purchaser'] });
  assert.equal(demote.status, 422, demote.text);
  assert.equal(demote.body.code, 'identity.self_lockout');
  const disable = await admin.patch(`/api/v1/organization/users/${self}`, { status: 'disabled' });
  assert.equal(disable.status, 422);
  const me = await admin.get('/api/v1/me');
  assert.deepEqual(me.body.user.roles, ['org_admin']);
  assert.equal(me.body.user.status, 'active');
  const keepAdmin = await admin.patch(`/api/v1/organization/users/${self}`, { roles: ['org_admin', 'purchaser'] });
  assert.equal(keepAdmin.status, 200, 'adding a role to oneself is fine');
});

test('a platform operator admin cannot lock themself out either', async () => {
  const org = await createTestOrg(server.ctx, ['platform']);
  const admin = await signedIn(server, org.admin);
  const demote = await admin.patch(`/api/v1/organization/users/${org.users[org.admin]}`, { roles: ['customer_service'] });
  assert.equal(demote.status, 422);
  assert.equal(demote.body.code, 'identity.self_lockout');
});

test('roles are only those the organisation kinds allow', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const admin = await signedIn(server, org.admin);
  const roles = await admin.get('/api/v1/roles');
  const keys = roles.body.items.map((r: { key: string }) => r.key);
  assert.ok(keys.includes('purchaser') && keys.includes('org_admin'));
  assert.ok(!keys.includes('sales') && !keys.includes('operator_admin'));
  const userId = Object.entries(org.users).find(([e]) => e.startsWith('purchaser@'))![1];
  const refused = await admin.patch(`/api/v1/organization/users/${userId}`, { roles: ['sales'] });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.errors[0].pointer, '/roles');
});

test('user lists page through every user once with the cursor', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }, { role: 'approver' }, { role: 'receiver' }, { role: 'buyer_finance' }]);
  const admin = await signedIn(server, org.admin);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Array<{ id: string; orgId: string }>; nextCursor: string | null } } = await admin.get(
      `/api/v1/organization/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(page.status, 200);
    for (const u of page.body.items) assert.equal(u.orgId, org.orgId);
    seen.push(...page.body.items.map((u) => u.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual([...seen].sort(), Object.values(org.users).sort());
});

test('a user changes their own name and language, and the language is remembered', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const admin = await signedIn(server, org.admin);
  assert.equal((await admin.patch('/api/v1/me', { lang: 'zh-CN', name: '新名字' })).status, 200);
  admin.lang = null; // no Accept-Language: the remembered language applies
  const problem = await admin.patch(`/api/v1/organization/users/${org.users[org.admin]}`, { status: 'disabled' });
  assert.equal(problem.body.title, '不能对自己的账户执行此操作');
  const me = await admin.get('/api/v1/me');
  assert.equal(me.body.user.name, '新名字');
  assert.equal(me.body.user.lang, 'zh-CN');
});

test('changing the password needs the current one and meets the policy', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const admin = await signedIn(server, org.admin);
  const wrong = await admin.post('/api/v1/me/password', { currentPassword: 'Wrong#Passw0rd', newPassword: 'New#Passw0rd123' });
  assert.equal(wrong.status, 401);
  const weak = await admin.post('/api/v1/me/password', { currentPassword: 'Test#Passw0rd', newPassword: 'weak' });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.errors[0].pointer, '/newPassword');
  assert.equal((await admin.post('/api/v1/me/password', { currentPassword: 'Test#Passw0rd', newPassword: 'New#Passw0rd123' })).status, 200);
  assert.equal((await new ApiClient(server.url).signIn(org.admin, 'New#Passw0rd123')).status, 200);
  assert.equal((await new ApiClient(server.url).signIn(org.admin)).status, 401);
});
