import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { auditLog } from '../../src/platform/schema.ts';
import { users } from '../../src/modules/identity/schema.ts';
import { ApiClient, createTestOrg, startTestServer, TEST_PASSWORD, TEST_TOTP_SECRET } from '../support/harness.ts';
import { fakeMailbox, signedIn, STRONG_PASSWORD, tokenFromMail, uniqueEmail, waitFor } from './helpers.ts';

const mailbox = fakeMailbox();
// Per-address throttling is tested on its own server below; here it must not get in the way.
const server = await startTestServer({ mail: mailbox, signInLimit: 10_000 });
const WRONG = 'Wrong#Passw0rd';

const signIn = (email: string, password: string) => new ApiClient(server.url).post('/api/v1/auth/sign-in', { email, password });

test('a correct password signs in with an httpOnly SameSite session cookie and a readable CSRF cookie', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const response = await signIn(org.admin, TEST_PASSWORD);
  assert.equal(response.status, 200);
  assert.equal(response.body.status, 'signed_in');
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith('cotrade_session='))!;
  const csrf = cookies.find((c) => c.startsWith('cotrade_csrf='))!;
  assert.match(session, /HttpOnly/i);
  assert.match(session, /SameSite=Lax/i);
  assert.doesNotMatch(csrf, /HttpOnly/i);
  assert.equal(csrf.split(';')[0], `cotrade_csrf=${response.body.csrfToken}`);
});

test('a wrong password and an unknown e-mail get the same 401 answer', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const wrong = await signIn(org.admin, WRONG);
  const unknown = await signIn(uniqueEmail('nobody'), WRONG);
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(wrong.body.code, 'identity.invalid_credentials');
  assert.deepEqual({ ...wrong.body, instance: null }, { ...unknown.body, instance: null });
});

test('four wrong passwords do not lock the account, and a success resets the count', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  for (let i = 0; i < 4; i++) assert.equal((await signIn(org.admin, WRONG)).status, 401);
  assert.equal((await signIn(org.admin, TEST_PASSWORD)).status, 200);
  for (let i = 0; i < 4; i++) assert.equal((await signIn(org.admin, WRONG)).status, 401);
  assert.equal((await signIn(org.admin, TEST_PASSWORD)).status, 200, 'the count restarted after the success');
});

test('the fifth wrong password locks the account for 15 minutes, even for the right password', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  for (let i = 0; i < 5; i++) assert.equal((await signIn(org.admin, WRONG)).status, 401);
  const locked = await signIn(org.admin, TEST_PASSWORD);
  assert.equal(locked.status, 429, locked.text);
  assert.equal(locked.body.code, 'identity.account_locked');
  const until = new Date(locked.body.lockedUntil).getTime();
  assert.ok(Math.abs(until - (Date.now() + 15 * 60_000)) < 60_000, `locked for about 15 minutes, until ${locked.body.lockedUntil}`);
  const entries = await server.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.user.locked_out'), eq(auditLog.targetId, org.users[org.admin]!)));
  assert.equal(entries.length, 1);
  // Once the lock has lapsed, the right password works again.
  await server.db.update(users).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, org.users[org.admin]!));
  assert.equal((await signIn(org.admin, TEST_PASSWORD)).status, 200);
});

test('parallel wrong passwords cannot slip past the limit', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const results = await Promise.all(Array.from({ length: 12 }, () => signIn(org.admin, WRONG)));
  for (const r of results) assert.ok([401, 429].includes(r.status), String(r.status));
  const [row] = await server.db.select().from(users).where(eq(users.id, org.users[org.admin]!));
  assert.ok(row!.lockedUntil && row!.lockedUntil > new Date(), 'the account is locked');
  assert.ok(row!.failedLogins >= 5);
  assert.equal((await signIn(org.admin, TEST_PASSWORD)).status, 429);
});

test('four parallel wrong passwords leave the account usable', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  await Promise.all(Array.from({ length: 4 }, () => signIn(org.admin, WRONG)));
  const [row] = await server.db.select().from(users).where(eq(users.id, org.users[org.admin]!));
  assert.equal(row!.failedLogins, 4, 'every failure counted exactly once');
  assert.equal((await signIn(org.admin, TEST_PASSWORD)).status, 200);
});

test('a platform user with MFA: sign-in says mfa_required, and nothing but the MFA routes works until a code is given', async () => {
  const org = await createTestOrg(server.ctx, ['platform']);
  const client = new ApiClient(server.url);
  const first = await client.post('/api/v1/auth/sign-in', { email: org.admin, password: TEST_PASSWORD });
  assert.equal(first.status, 200);
  assert.equal(first.body.status, 'mfa_required');
  const blocked = await client.get('/api/v1/platform/organizations');
  assert.equal(blocked.status, 401);
  assert.equal(blocked.body.code, 'auth.mfa_required');
  const me = await client.get('/api/v1/me');
  assert.equal(me.status, 200, 'the page can still ask who is signing in');
  assert.deepEqual(me.body.mfa, { enabled: true, required: true, passed: false });

  const wrong = await client.post('/api/v1/auth/mfa/verify', { code: '000000' === (await generate({ secret: TEST_TOTP_SECRET })) ? '111111' : '000000' });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.code, 'identity.mfa_code_invalid');
  assert.equal((await client.get('/api/v1/platform/organizations')).status, 401, 'a wrong code passes nothing');

  const ok = await client.post('/api/v1/auth/mfa/verify', { code: await generate({ secret: TEST_TOTP_SECRET }) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await client.get('/api/v1/platform/organizations')).status, 200);
  assert.equal((await client.get('/api/v1/me')).body.mfa.passed, true);
});

test('a platform user without MFA must enrol: mfa_enrollment_required, enrolment, confirmation', async () => {
  const platform = await createTestOrg(server.ctx, ['platform']);
  const operatorAdmin = await signedIn(server, platform.admin);
  const email = uniqueEmail('operator');
  assert.equal((await operatorAdmin.post('/api/v1/organization/invitations', { email, roles: ['category_manager'] })).status, 201);
  const mail = await waitFor(async () => mailbox.sent.find((m) => m.to === email), 'invitation mail');
  const client = new ApiClient(server.url);
  const accepted = await client.post(`/api/v1/invitations/${tokenFromMail(mail.body)}/accept`, { name: 'New operator', password: STRONG_PASSWORD });
  assert.equal(accepted.status, 201);
  assert.equal(accepted.body.session.status, 'mfa_enrollment_required');
  assert.equal((await client.get('/api/v1/platform/organizations')).status, 401);

  assert.equal((await client.post('/api/v1/auth/mfa/verify', { code: '123456' })).status, 409, 'nothing to verify before enrolment');
  const confirmEarly = await client.post('/api/v1/auth/mfa/enrollment/confirm', { code: '123456' });
  assert.equal(confirmEarly.status, 409);
  assert.equal(confirmEarly.body.code, 'identity.mfa_state');

  const enrollment = await client.post('/api/v1/auth/mfa/enrollment');
  assert.equal(enrollment.status, 200, enrollment.text);
  assert.match(enrollment.body.otpauthUri, /^otpauth:\/\/totp\//);
  const secret = enrollment.body.secret as string;
  assert.equal((await client.post('/api/v1/auth/mfa/enrollment/confirm', { code: '000000' === (await generate({ secret })) ? '111111' : '000000' })).status, 422);
  assert.equal((await client.get('/api/v1/platform/organizations')).status, 401, 'still not through');
  const confirmed = await client.post('/api/v1/auth/mfa/enrollment/confirm', { code: await generate({ secret }) });
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal((await client.get('/api/v1/platform/organizations')).status, 200);
  assert.equal((await client.post('/api/v1/auth/mfa/enrollment')).status, 409, 'enrolling twice is refused');

  // The next sign-in asks for the code from the enrolled secret.
  const next = new ApiClient(server.url);
  const again = await next.post('/api/v1/auth/sign-in', { email, password: STRONG_PASSWORD });
  assert.equal(again.body.status, 'mfa_required');
  assert.equal((await next.post('/api/v1/auth/mfa/verify', { code: await generate({ secret }) })).status, 200);
  assert.equal((await next.get('/api/v1/platform/organizations')).status, 200);
});

test('a buyer user without MFA signs straight in', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const response = await signIn(org.admin, TEST_PASSWORD);
  assert.equal(response.body.status, 'signed_in');
});

test('a cookie-authenticated write without the CSRF header is a 403, with a wrong one too', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const client = await signedIn(server, org.admin);
  const csrf = client.cookies.get('cotrade_csrf')!;
  client.cookies.delete('cotrade_csrf'); // a cross-site form has the session cookie but cannot read this one
  const missing = await client.patch('/api/v1/me', { name: 'csrf victim' });
  assert.equal(missing.status, 403);
  assert.equal(missing.body.code, 'auth.csrf_failed');
  const forged = await client.patch('/api/v1/me', { name: 'csrf victim' }, { 'x-csrf-token': 'forged' });
  assert.equal(forged.status, 403);
  const signOut = await client.post('/api/v1/auth/sign-out');
  assert.equal(signOut.status, 403, 'even signing out needs the token');
  assert.equal((await client.get('/api/v1/me')).body.user.name !== 'csrf victim', true, 'reads still work, writes did nothing');
  const ok = await client.patch('/api/v1/me', { name: 'fine' }, { 'x-csrf-token': csrf });
  assert.equal(ok.status, 200);
});

test('one session\'s CSRF token does not work with another session', async () => {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const a = await signedIn(server, org.admin);
  const b = await signedIn(server, Object.keys(org.users).find((e) => e.startsWith('purchaser@'))!);
  const response = await a.patch('/api/v1/me', { name: 'x' }, { 'x-csrf-token': b.cookies.get('cotrade_csrf')! });
  assert.equal(response.status, 403);
});

test('signing out ends the session at once', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const client = await signedIn(server, org.admin);
  const cookie = client.cookies.get('cotrade_session')!;
  assert.equal((await client.post('/api/v1/auth/sign-out')).status, 200);
  assert.equal(client.cookies.has('cotrade_session'), false, 'the cookie is cleared');
  const replay = new ApiClient(server.url);
  replay.cookies.set('cotrade_session', cookie);
  assert.equal((await replay.get('/api/v1/me')).status, 401, 'the old cookie is dead on the server too');
});

test('sign-in attempts from one address are throttled past the limit', async () => {
  const throttled = await startTestServer({ signInLimit: 3 });
  const org = await createTestOrg(throttled.ctx, ['buyer']);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await new ApiClient(throttled.url).post('/api/v1/auth/sign-in', { email: org.admin, password: WRONG })).status);
  assert.deepEqual(statuses, [401, 401, 401, 429]);
  const blocked = await new ApiClient(throttled.url).post('/api/v1/auth/sign-in', { email: org.admin, password: TEST_PASSWORD });
  assert.equal(blocked.status, 429);
  assert.equal(blocked.body.code, 'identity.sign_in_throttled');
});
