import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiClient, createTestOrg, startTestServer } from './support/harness.ts';

test('a signed-in buyer admin reads /me and an anonymous caller gets a 401 problem', async () => {
  const server = await startTestServer();
  const org = await createTestOrg(server.ctx, ['buyer']);
  const anonymous = await new ApiClient(server.url).get('/api/v1/me');
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers.get('content-type')!, /application\/problem\+json/);
  const client = new ApiClient(server.url);
  assert.equal((await client.signIn(org.admin)).status, 200);
  const me = await client.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.organization.id, org.orgId);
});
