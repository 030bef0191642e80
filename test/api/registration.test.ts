import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../src/platform/schema.ts';
import { organizations, users } from '../../src/modules/identity/schema.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { licenceForm, operator, randomUscc, registerOrg, STRONG_PASSWORD, uniqueEmail, uploadLicence } from './helpers.ts';

const server = await startTestServer();
const { client: operatorClient } = await operator(server);

function registrationBody(overrides: { uscc?: string; email?: string; password?: string; kinds?: string[] } = {}) {
  const uscc = overrides.uscc ?? randomUscc();
  return {
    organization: { name: `国网测试单位 ${uscc}`, nameEn: 'Grid test unit', uscc, kinds: overrides.kinds ?? ['buyer', 'supplier'], region: '江苏' },
    admin: { name: '王工', email: overrides.email ?? uniqueEmail('reg'), password: overrides.password ?? STRONG_PASSWORD, lang: 'zh-CN' },
  };
}

async function countOrgs() {
  return (await server.db.select({ id: organizations.id }).from(organizations)).length;
}

test('a registration with a valid code starts a draft organisation and signs its admin in', async () => {
  const client = new ApiClient(server.url);
  const body = registrationBody();
  const response = await client.post('/api/v1/registrations', body);
  assert.equal(response.status, 201, response.text);
  assert.equal(response.body.organization.status, 'draft');
  assert.equal(response.body.organization.uscc, body.organization.uscc);
  assert.deepEqual(response.body.organization.kinds, ['buyer', 'supplier']);
  assert.equal(response.body.session.status, 'signed_in');
  const me = await client.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.email, body.admin.email);
  assert.deepEqual(me.body.user.roles, ['org_admin']);
  const [stored] = await server.db.select().from(users).where(eq(users.email, body.admin.email));
  assert.match(stored!.passwordHash, /^\$argon2id\$/, 'passwords are stored as argon2id hashes');
});

test('a code with a wrong check character is a 422 naming /organization/uscc, and nothing is written', async () => {
  const before = await countOrgs();
  const good = randomUscc();
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const response = await new ApiClient(server.url).post('/api/v1/registrations', registrationBody({ uscc: bad }));
  assert.equal(response.status, 422, response.text);
  assert.match(response.headers.get('content-type')!, /application\/problem\+json/);
  assert.equal(response.body.code, 'identity.uscc_invalid');
  assert.deepEqual(response.body.errors.map((e: { pointer: string }) => e.pointer), ['/organization/uscc']);
  assert.equal(await countOrgs(), before);
});

test('codes of the wrong shape are a 422 too', async () => {
  for (const uscc of ['12345', '91350100I000100Y43', '91350100M000100Y433']) {
    const response = await new ApiClient(server.url).post('/api/v1/registrations', registrationBody({ uscc }));
    assert.equal(response.status, 422, `${uscc}: ${response.text}`);
    assert.equal(response.body.errors[0].pointer, '/organization/uscc');
  }
});

test('registering a code twice is a 409, also when written in lower case', async () => {
  const body = registrationBody();
  assert.equal((await new ApiClient(server.url).post('/api/v1/registrations', body)).status, 201);
  const again = await new ApiClient(server.url).post('/api/v1/registrations', registrationBody({ uscc: body.organization.uscc.toLowerCase() }));
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.code, 'identity.uscc_taken');
  assert.equal(again.body.errors[0].pointer, '/organization/uscc');
});

test('registering an e-mail that already has an account is a 409, whatever its case', async () => {
  const body = registrationBody();
  assert.equal((await new ApiClient(server.url).post('/api/v1/registrations', body)).status, 201);
  const before = await countOrgs();
  const again = await new ApiClient(server.url).post('/api/v1/registrations', registrationBody({ email: body.admin.email.toUpperCase() }));
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.code, 'identity.email_taken');
  assert.equal(again.body.errors[0].pointer, '/admin/email');
  assert.equal(await countOrgs(), before, 'the organisation is not half-written');
});

test('a weak password is a 422 naming /admin/password', async () => {
  for (const password of ['short1!A', 'alllowercaseletters', 'NoDigitsOrSymbols']) {
    const response = await new ApiClient(server.url).post('/api/v1/registrations', registrationBody({ password }));
    assert.equal(response.status, 422, `${password}: ${response.text}`);
    assert.equal(response.body.code, 'identity.weak_password');
    assert.equal(response.body.errors[0].pointer, '/admin/password');
  }
});

test('submitting for review needs the business licence first', async () => {
  const { client } = await registerOrg(server);
  const early = await client.post('/api/v1/organization/submit');
  assert.equal(early.status, 422, early.text);
  assert.equal(early.body.code, 'identity.licence_missing');
  const other = await uploadLicence(client, licenceForm('other'));
  assert.equal(other.status, 201, other.text);
  assert.equal((await client.post('/api/v1/organization/submit')).status, 422, 'a document of another kind is not the licence');
});

test('uploads that are not PDF, PNG or JPEG, or are not multipart, are refused', async () => {
  const { client } = await registerOrg(server);
  const exe = await uploadLicence(client, licenceForm('business_licence', 'licence.exe', 'application/x-msdownload'));
  assert.equal(exe.status, 422, exe.text);
  assert.equal(exe.body.code, 'identity.document_invalid');
  const json = await client.post('/api/v1/organization/documents', { kind: 'business_licence' });
  assert.equal(json.status, 415, json.text);
  const badKind = await uploadLicence(client, licenceForm('passport'));
  assert.equal(badKind.status, 400, badKind.text);
  assert.equal(badKind.body.errors[0].pointer, '/kind');
});

test('broken uploads are a 4xx problem, never a 500', async () => {
  const { client } = await registerOrg(server);
  const send = (raw: string | FormData, contentType?: string) =>
    client.request('POST', '/api/v1/organization/documents', { raw, headers: contentType ? { 'content-type': contentType } : {} });
  const cases: Array<[string, Promise<{ status: number; headers: Headers; text: string }>]> = [
    ['cut-short multipart', send('--xx\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF', 'multipart/form-data; boundary=xx')],
    ['multipart without boundary', send('abc', 'multipart/form-data')],
    ['no file part', send((() => { const f = new FormData(); f.append('kind', 'business_licence'); return f; })())],
    ['two files', send((() => { const f = licenceForm(); f.append('file', new Blob(['%PDF'], { type: 'application/pdf' }), 'b.pdf'); return f; })())],
    ['empty file', send((() => { const f = new FormData(); f.append('file', new Blob([], { type: 'application/pdf' }), 'empty.pdf'); return f; })())],
    ['file over 10 MB', send((() => { const f = new FormData(); f.append('file', new Blob([Buffer.alloc(10 * 1024 * 1024 + 1)], { type: 'application/pdf' }), 'big.pdf'); return f; })())],
  ];
  for (const [label, pending] of cases) {
    const response = await pending;
    assert.ok(response.status >= 400 && response.status < 500, `${label}: ${response.status} ${response.text.slice(0, 200)}`);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/, label);
  }
  assert.equal((await client.get('/api/v1/organization')).body.documents.length, 0, 'nothing half-written');
});

test('a file name with control characters is stored without them', async () => {
  const { client } = await registerOrg(server);
  const response = await uploadLicence(client, licenceForm('business_licence', 'lic\u0000ence.pdf'));
  assert.equal(response.status, 201, response.text);
  assert.equal(response.body.filename, 'licence.pdf');
});

test('an uploaded document downloads byte for byte with its hash, and the read is audited', async () => {
  const { client, orgId } = await registerOrg(server);
  const uploaded = await uploadLicence(client);
  assert.equal(uploaded.status, 201);
  const download = await fetch(`${server.url}/api/v1/organization/documents/${uploaded.body.id}`, {
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(download.status, 200);
  const bytes = Buffer.from(await download.arrayBuffer());
  assert.ok(bytes.toString().startsWith('%PDF-1.4'));
  assert.equal(download.headers.get('x-content-sha256'), uploaded.body.sha256);
  const reads = await server.db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.organization.document_read'), eq(auditLog.targetId, uploaded.body.id)));
  assert.equal(reads.length, 1);
  assert.equal(reads[0]!.orgId, orgId);
});

test('draft → submit → reject with a reason → correct and resubmit → approve, with an audit entry per step', async () => {
  const { client, orgId } = await registerOrg(server, ['supplier']);
  assert.equal((await uploadLicence(client)).status, 201);

  const submitted = await client.post('/api/v1/organization/submit');
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.body.status, 'pending_review');

  const queue = await operatorClient.get('/api/v1/platform/organizations?status=pending_review&limit=200');
  assert.equal(queue.status, 200);
  assert.ok(queue.body.items.some((o: { id: string }) => o.id === orgId), 'the operator sees it in the review queue');
  const detail = await operatorClient.get(`/api/v1/platform/organizations/${orgId}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.documents.length, 1);

  const noReason = await operatorClient.post(`/api/v1/platform/organizations/${orgId}/reject`, {});
  assert.equal(noReason.status, 400, 'a rejection needs a reason');
  assert.equal(noReason.body.errors[0].pointer, '/reason');

  const rejected = await operatorClient.post(`/api/v1/platform/organizations/${orgId}/reject`, { reason: '营业执照不清晰 / licence unreadable' });
  assert.equal(rejected.status, 200, rejected.text);
  assert.equal(rejected.body.status, 'rejected');

  const own = await client.get('/api/v1/organization');
  assert.equal(own.body.organization.status, 'rejected');
  assert.equal(own.body.organization.reviewNote, '营业执照不清晰 / licence unreadable', 'the applicant sees why');

  const approveRejected = await operatorClient.post(`/api/v1/platform/organizations/${orgId}/approve`, {});
  assert.equal(approveRejected.status, 409, 'a rejected registration cannot be approved before resubmission');
  assert.equal(approveRejected.body.code, 'state.transition_not_allowed');

  const fixed = await client.patch('/api/v1/organization', { address: '南京市鼓楼区', version: own.body.organization.version });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal((await uploadLicence(client)).status, 201);
  const resubmitted = await client.post('/api/v1/organization/submit');
  assert.equal(resubmitted.status, 200, resubmitted.text);
  assert.equal(resubmitted.body.status, 'pending_review');

  const approved = await operatorClient.post(`/api/v1/platform/organizations/${orgId}/approve`, { note: 'ok' });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.status, 'active');

  const twice = await operatorClient.post(`/api/v1/platform/organizations/${orgId}/approve`, {});
  assert.equal(twice.status, 409);

  // Active now: the admin reaches the rest of the API at once.
  assert.equal((await client.get('/api/v1/organization/users')).status, 200);

  const actions = (await server.db.select().from(auditLog).where(eq(auditLog.targetId, orgId))).map((e) => e.action);
  for (const action of [
    'identity.organization.registered',
    'identity.organization.submitted',
    'identity.organization.rejected',
    'identity.organization.updated',
    'identity.organization.approved',
  ]) {
    assert.ok(actions.includes(action), `audit has ${action}`);
  }
  assert.equal(actions.filter((a) => a === 'identity.organization.submitted').length, 2);
});

test('an organisation in review can only use its registration routes: elsewhere 403 org_inactive', async () => {
  const { client } = await registerOrg(server);
  for (const [method, url, body] of [
    ['GET', '/api/v1/organization/users'],
    ['GET', '/api/v1/organization/invitations'],
    ['POST', '/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['purchaser'] }],
    ['GET', '/api/v1/organization/api-keys'],
    ['POST', '/api/v1/organization/api-keys', { name: 'erp', permissions: ['org.users.read'] }],
    ['GET', '/api/v1/audit-log'],
  ] as const) {
    const response = await client.request(method, url, { body });
    assert.equal(response.status, 403, `${method} ${url}: ${response.text}`);
    assert.equal(response.body.code, 'auth.org_inactive');
    assert.equal(response.body.status, 403);
  }
  // Its own registration pages work.
  assert.equal((await client.get('/api/v1/me')).status, 200);
  assert.equal((await client.get('/api/v1/organization')).status, 200);
  assert.equal((await client.get('/api/v1/roles')).status, 200);
  assert.equal((await uploadLicence(client)).status, 201);
  const submitted = await client.post('/api/v1/organization/submit');
  assert.equal(submitted.status, 200);
  // Still in review after submitting.
  assert.equal((await client.get('/api/v1/organization/users')).status, 403);
});

test('a suspended organisation is locked out until reinstated', async () => {
  const { client, orgId } = await registerOrg(server);
  await uploadLicence(client);
  await client.post('/api/v1/organization/submit');
  assert.equal((await operatorClient.post(`/api/v1/platform/organizations/${orgId}/approve`, {})).status, 200);
  assert.equal((await client.get('/api/v1/organization/users')).status, 200);
  assert.equal((await operatorClient.post(`/api/v1/platform/organizations/${orgId}/suspend`, { reason: 'fraud check' })).status, 200);
  const blocked = await client.get('/api/v1/organization/users');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.code, 'auth.org_inactive');
  assert.equal((await operatorClient.post(`/api/v1/platform/organizations/${orgId}/reinstate`, {})).status, 200);
  assert.equal((await client.get('/api/v1/organization/users')).status, 200);
});

test('the credit code can be corrected while in draft but not once approved', async () => {
  const { client, orgId } = await registerOrg(server);
  const newCode = randomUscc();
  const changed = await client.patch('/api/v1/organization', { uscc: newCode });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.uscc, newCode);
  await uploadLicence(client);
  await client.post('/api/v1/organization/submit');
  await operatorClient.post(`/api/v1/platform/organizations/${orgId}/approve`, {});
  const refused = await client.patch('/api/v1/organization', { uscc: randomUscc() });
  assert.equal(refused.status, 409, refused.text);
  const badCode = await client.patch('/api/v1/organization', { region: 'x', uscc: newCode.toLowerCase() });
  assert.equal(badCode.status, 200, 'sending the same code in lower case is not a change');
});

test('stale organisation edits are refused: 409 for an old version, 412 for an old ETag', async () => {
  const { client } = await registerOrg(server);
  const read = await client.get('/api/v1/organization');
  const etag = read.headers.get('etag')!;
  assert.equal(etag, `"v${read.body.organization.version}"`);
  assert.equal((await client.patch('/api/v1/organization', { region: 'A' }, { 'if-match': etag })).status, 200);
  const stale412 = await client.patch('/api/v1/organization', { region: 'B' }, { 'if-match': etag });
  assert.equal(stale412.status, 412, stale412.text);
  assert.equal(stale412.body.code, 'resource.precondition_failed');
  const stale409 = await client.patch('/api/v1/organization', { region: 'C', version: read.body.organization.version });
  assert.equal(stale409.status, 409, stale409.text);
  assert.equal(stale409.body.code, 'resource.version_conflict');
  assert.equal((await client.get('/api/v1/organization')).body.organization.region, 'A');
});

test('the operator cannot review the platform organisation itself, nor an unknown one', async () => {
  const me = await operatorClient.get('/api/v1/me');
  const own = await operatorClient.post(`/api/v1/platform/organizations/${me.body.organization.id}/suspend`, { reason: 'x' });
  assert.equal(own.status, 404);
  const unknown = await operatorClient.post('/api/v1/platform/organizations/org_NOPE/approve', {});
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'resource.not_found');
});

test('messages follow the request language', async () => {
  const client = new ApiClient(server.url);
  client.lang = 'zh-CN';
  const response = await client.post('/api/v1/registrations', registrationBody({ password: 'weak' }));
  assert.equal(response.status, 422);
  assert.equal(response.body.title, '密码不符合安全策略');
  client.lang = 'en';
  const english = await client.post('/api/v1/registrations', registrationBody({ password: 'weak' }));
  assert.equal(english.body.title, 'Password does not meet the policy');
});
