import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { invitations, users } from '../../src/modules/identity/schema.ts';
import { ApiClient, createTestOrg, startTestServer } from '../support/harness.ts';
import { fakeMailbox, mailTo, signedIn, STRONG_PASSWORD, tokenFromMail, uniqueEmail, waitFor } from './helpers.ts';

const mailbox = fakeMailbox();
const server = await startTestServer({ mail: mailbox });
const org = await createTestOrg(server.ctx, ['buyer']);
const admin = await signedIn(server, org.admin);

/** Invites, waits for the mail job to deliver, and returns the link's token. */
async function invite(email: string, roles = ['purchaser']) {
  const created = await admin.post('/api/v1/organization/invitations', { email, name: 'Li Na', roles });
  assert.equal(created.status, 201, created.text);
  const delivered = await waitFor(async () => mailbox.sent.find((m) => m.to === email), `mail to ${email}`);
  return { invitation: created.body, token: tokenFromMail(delivered.body), mail: delivered };
}

test('an invitation writes a mail_outbox row that the mail job delivers with the accept link', async () => {
  const email = uniqueEmail('invitee');
  const { invitation, token, mail } = await invite(email);
  assert.equal(invitation.status, 'pending');
  assert.deepEqual(invitation.roles, ['purchaser']);
  assert.ok(!('token' in invitation) && !('tokenHash' in invitation), 'the token is only in the e-mail');
  const rows = await mailTo(server, email);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.id, mail.id);
  await waitFor(async () => (await mailTo(server, email))[0]?.status === 'sent', 'outbox row marked sent');
  assert.match(mail.body, new RegExp(`http://localhost/invitations/${token}`));
  const [stored] = await server.db.select().from(invitations).where(eq(invitations.id, invitation.id));
  assert.notEqual(stored!.tokenHash, token, 'only the hash of the token is stored');
});

test('the link shows the inviting organisation, and accepting it creates the user there with the invited roles', async () => {
  const email = uniqueEmail('joiner');
  const { token } = await invite(email, ['purchaser', 'approver']);
  const anonymous = new ApiClient(server.url);
  const shown = await anonymous.get(`/api/v1/invitations/${token}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.email, email);
  assert.match(shown.body.organizationName, /测试企业/);

  const accepted = await anonymous.post(`/api/v1/invitations/${token}/accept`, { name: 'Li Na', password: STRONG_PASSWORD, lang: 'zh-CN' });
  assert.equal(accepted.status, 201, accepted.text);
  assert.equal(accepted.body.user.orgId, org.orgId);
  assert.deepEqual([...accepted.body.user.roles].sort(), ['approver', 'purchaser']);
  const me = await anonymous.get('/api/v1/me');
  assert.equal(me.status, 200, 'accepting signs the new user in');
  assert.equal(me.body.organization.id, org.orgId);

  const list = await admin.get('/api/v1/organization/users?limit=200');
  assert.ok(list.body.items.some((u: { email: string }) => u.email === email));
  const fresh = new ApiClient(server.url);
  assert.equal((await fresh.signIn(email, STRONG_PASSWORD)).status, 200, 'the chosen password works');
});

test('an invitation token works only once', async () => {
  const email = uniqueEmail('once');
  const { token } = await invite(email);
  const first = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'A', password: STRONG_PASSWORD });
  assert.equal(first.status, 201);
  const second = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'B', password: STRONG_PASSWORD });
  assert.equal(second.status, 410, second.text);
  assert.equal(second.body.code, 'identity.invitation_invalid');
  assert.equal((await new ApiClient(server.url).get(`/api/v1/invitations/${token}`)).status, 410);
  assert.equal((await server.db.select().from(users).where(eq(users.email, email))).length, 1);
});

test('two people racing to accept the same link create one user', async () => {
  const email = uniqueEmail('race');
  const { token } = await invite(email);
  const results = await Promise.all(
    [1, 2, 3].map(() => new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'R', password: STRONG_PASSWORD })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 410, 410]);
  assert.equal((await server.db.select().from(users).where(eq(users.email, email))).length, 1);
});

test('a revoked invitation cannot be accepted, and revoking twice is a 409', async () => {
  const email = uniqueEmail('revoked');
  const { invitation, token } = await invite(email);
  const revoked = await admin.post(`/api/v1/organization/invitations/${invitation.id}/revoke`);
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.body.status, 'revoked');
  const accept = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'X', password: STRONG_PASSWORD });
  assert.equal(accept.status, 410);
  assert.match(accept.body.detail, /revoked/);
  const again = await admin.post(`/api/v1/organization/invitations/${invitation.id}/revoke`);
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'state.transition_not_allowed');
});

test('an expired invitation is shown as expired and cannot be accepted', async () => {
  const email = uniqueEmail('expired');
  const { invitation, token } = await invite(email);
  await server.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
  const accept = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'X', password: STRONG_PASSWORD });
  assert.equal(accept.status, 410);
  const listed = await admin.get('/api/v1/organization/invitations?limit=200');
  assert.equal(listed.body.items.find((i: { id: string }) => i.id === invitation.id).status, 'expired');
});

test('accepting with a weak password is a 422 and leaves the invitation usable', async () => {
  const email = uniqueEmail('weak');
  const { token } = await invite(email);
  const weak = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'W', password: 'password' });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.errors[0].pointer, '/password');
  const ok = await new ApiClient(server.url).post(`/api/v1/invitations/${token}/accept`, { name: 'W', password: STRONG_PASSWORD });
  assert.equal(ok.status, 201);
});

test('inviting an e-mail that already has an account is a 409, and a role the organisation cannot hold a 422', async () => {
  const taken = await admin.post('/api/v1/organization/invitations', { email: org.admin.toUpperCase(), roles: ['purchaser'] });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.errors[0].pointer, '/email');
  const supplierRole = await admin.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['sales'] });
  assert.equal(supplierRole.status, 422, 'a buyer-only organisation has no sales role');
  assert.equal(supplierRole.body.code, 'identity.role_not_allowed');
  const platformRole = await admin.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['operator_admin'] });
  assert.equal(platformRole.status, 422, 'no organisation can hand out platform roles');
});

test('an unknown token is a 410 like a used one', async () => {
  const response = await new ApiClient(server.url).get('/api/v1/invitations/not-a-real-token');
  assert.equal(response.status, 410);
  assert.match(response.headers.get('content-type')!, /problem\+json/);
});

test('invitations are listed newest first with a working cursor', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await admin.post('/api/v1/organization/invitations', { email: uniqueEmail('page'), roles: ['receiver'] })).status, 201);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get(
      `/api/v1/organization/invitations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((i) => i.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  const all = await server.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.orgId, org.orgId));
  assert.equal(seen.length, all.length, 'every invitation once');
  assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
});
