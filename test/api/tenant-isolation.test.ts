// Tenant isolation, walked over every operation of the OpenAPI document: an admin of
// organisation A calls each route that takes ids with the ids of organisation B's resources and
// must learn nothing — the same answer as for an id that does not exist. A route whose path
// parameter has no fixture below fails the test, so new routes cannot skip this check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../src/platform/db.ts';
import { newId } from '../../src/platform/ids.ts';
import { ApiClient, createTestOrg, startTestServer } from '../support/harness.ts';
import { fakeMailbox, signedIn } from './helpers.ts';
import { fillPath, loadOpenApi, operationsOf, sample, type Operation } from './openapi.ts';
import { makeSeller, makeTenant, SHARED_PARAMS } from './tenant-fixtures.ts';

const mailbox = fakeMailbox();
const server = await startTestServer({ mail: mailbox, signInLimit: 10_000 });
const seller = await makeSeller(server);
const A = await makeTenant(server, 'a', mailbox, seller);
const B = await makeTenant(server, 'b', mailbox, seller);
const permissionsOfA = new Set<string>((await A.client.get('/api/v1/me')).body.permissions);

/** What A may call at all: a route A lacks the permission for is refused before any id is looked at. */
const mayCall = (op: Operation) => op.isPublic || !op.permission || permissionsOfA.has(op.permission);

function pathValues(op: Operation, ids: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of op.pathParams) {
    const id = ids[p.name] ?? (SHARED_PARAMS[p.name] || !mayCall(op) ? String(sample(p.schema)) : undefined);
    if (id === undefined) {
      assert.fail(
        `No tenant fixture for path parameter "${p.name}" of ${op.id}. ` +
          `Create the tenant's resource of that kind in makeTenant() in test/api/tenant-fixtures.ts ` +
          `(or, if any organisation may read it by design, list it in SHARED_PARAMS with the reason), so this route's isolation is tested.`,
      );
    }
    values[p.name] = id;
  }
  return values;
}

/** Operations whose every id names something public by design: nothing to isolate. */
const onlyShared = (op: Operation) => op.pathParams.every((p) => p.name in SHARED_PARAMS);

/** An id of the same shape (prefix) as a real one, that no row has. */
function unknownLike(id: string): string {
  const prefix = /^([a-z]+)_/.exec(id)?.[1];
  return prefix ? newId(prefix) : `${id.slice(0, -4)}zzzz`;
}

/**
 * Calls an operation with a body it would accept: a sample of its JSON schema, or — for an unsafe
 * operation without one — a small multipart upload (the upload routes; others ignore it), so the
 * answer is about the id and not about the body.
 */
function call(client: ApiClient, op: Operation, values: Record<string, string>) {
  const url = fillPath(op.path, values);
  if (op.jsonBody) return client.request(op.method, url, { body: sample(op.jsonBody, op.id) });
  if (op.method === 'GET' || op.method === 'DELETE') return client.request(op.method, url);
  const form = new FormData();
  form.append('kind', 'other');
  form.append('file', new Blob([Buffer.from('%PDF-1.4 walker')], { type: 'application/pdf' }), 'walker.pdf');
  return client.request(op.method, url, { raw: form });
}

/** Every row of B's in every table that has an org_id column, plus B's organisation row. */
async function snapshotOf(orgId: string): Promise<string> {
  const tables = await query<{ table_name: string }>(
    server.db,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'org_id' order by table_name`,
  );
  const out: Record<string, unknown> = {};
  for (const { table_name } of tables) {
    if (table_name === 'audit_log' || table_name === 'outbox_events') continue; // append-only logs, checked separately
    out[table_name] = await query(server.db, sql`select * from ${sql.identifier(table_name)} where org_id = ${orgId} order by 1`);
  }
  out.organizations = await query(server.db, sql`select * from organizations where id = ${orgId}`);
  return JSON.stringify(out);
}

const document = await loadOpenApi(server.url);
const withIds = operationsOf(document).filter((op) => op.pathParams.length > 0 && !onlyShared(op));

test('the OpenAPI document has operations that take ids', () => {
  assert.ok(withIds.length >= 8, `only ${withIds.length} operations with path parameters`);
});

test('every operation with ids answers for organisation B\'s ids exactly as for ids that do not exist', async (t) => {
  const before = await snapshotOf(B.orgId);
  const auditBefore = await query<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log where org_id = ${B.orgId}`);
  const failures: string[] = [];
  for (const op of withIds) {
    const foreignValues = pathValues(op, B.ids);
    const unknownValues = Object.fromEntries(Object.entries(foreignValues).map(([k, v]) => [k, unknownLike(v)]));
    const foreign = await call(A.client, op, foreignValues);
    const unknown = await call(A.client, op, unknownValues);

    const label = `${op.id} with B's ${JSON.stringify(foreignValues)}`;
    if (foreign.status >= 200 && foreign.status < 300) failures.push(`${label}: ${foreign.status} — A reached B's resource`);
    const expected = op.isPublic ? unknown.status : mayCall(op) ? 404 : 403;
    if (foreign.status !== expected) failures.push(`${label}: expected ${expected}, got ${foreign.status} ${foreign.text.slice(0, 200)}`);
    if (foreign.status !== unknown.status || foreign.body?.code !== unknown.body?.code) {
      failures.push(`${label}: leaks existence — foreign ${foreign.status} ${foreign.body?.code}, unknown ${unknown.status} ${unknown.body?.code}`);
    }
    if (!/application\/problem\+json/.test(foreign.headers.get('content-type') ?? '')) failures.push(`${label}: not problem+json`);
  }
  t.diagnostic(`${withIds.filter(mayCall).length} operations called with B's ids, ${withIds.filter((op) => !mayCall(op)).length} refused to A by permission`);
  assert.deepEqual(failures, []);
  assert.equal(await snapshotOf(B.orgId), before, "B's resources are unchanged");
  const auditAfter = await query<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log where org_id = ${B.orgId}`);
  assert.deepEqual(auditAfter, auditBefore, "nothing was done to B, so B's audit trail has no new entries");
});

test("the same routes work for A's own ids, so the 404s above are not just broken routes", async () => {
  const failures: string[] = [];
  for (const op of withIds) {
    if (op.method !== 'GET' || !mayCall(op)) continue;
    // Public routes show only what is published; the tenant's fixtures are drafts on purpose.
    if (op.isPublic && !op.pathParams.some((p) => p.name === 'token')) continue;
    const values = pathValues(op, { ...A.ids, token: A.inviteToken });
    const response = await call(A.client, op, values);
    if (response.status !== 200) failures.push(`${op.id} with A's own ${JSON.stringify(values)}: ${response.status} ${response.text.slice(0, 200)}`);
  }
  assert.deepEqual(failures, []);
});

test("an API key of A with every permission it can hold cannot reach B's resources either", async () => {
  const me = await A.client.get('/api/v1/me');
  const key = await A.client.post('/api/v1/organization/api-keys', { name: 'all', permissions: me.body.permissions });
  assert.equal(key.status, 201, key.text);
  const client = new ApiClient(server.url);
  client.bearer = key.body.secret;
  const failures: string[] = [];
  for (const op of withIds) {
    if (op.isPublic) continue;
    const response = await call(client, op, pathValues(op, B.ids));
    const expected = mayCall(op) ? 404 : 403;
    if (response.status !== expected) failures.push(`${op.id}: ${response.status} ${response.text.slice(0, 200)}`);
  }
  assert.deepEqual(failures, []);
});

test("lists show only the caller's organisation, whatever the query says", async () => {
  const users = await A.client.get('/api/v1/organization/users?limit=200');
  assert.ok(users.body.items.length > 0);
  for (const u of users.body.items) assert.equal(u.orgId, A.orgId);
  const invitations = await A.client.get('/api/v1/organization/invitations?limit=200');
  assert.ok(!invitations.body.items.some((i: { id: string }) => i.id === B.ids.invitationId));
  const keys = await A.client.get('/api/v1/organization/api-keys');
  assert.ok(!keys.body.items.some((k: { id: string }) => k.id === B.ids.apiKeyId));
  const own = await A.client.get('/api/v1/organization');
  assert.equal(own.body.organization.id, A.orgId);
  assert.ok(!own.body.documents.some((d: { id: string }) => d.id === B.ids.documentId));
  const audit = await A.client.get(`/api/v1/audit-log?orgId=${B.orgId}&limit=200`);
  assert.equal(audit.status, 200);
  assert.ok(audit.body.items.length > 0);
  for (const entry of audit.body.items) assert.equal(entry.orgId, A.orgId, 'orgId in the query does not widen a tenant\'s audit view');
  const byTarget = await A.client.get(`/api/v1/audit-log?targetId=${B.ids.apiKeyId}`);
  assert.deepEqual(byTarget.body.items, []);
});

test('a platform operator reads any organisation but only through platform routes', async () => {
  const platform = await createTestOrg(server.ctx, ['platform']);
  const operatorClient = await signedIn(server, platform.admin);
  assert.equal((await operatorClient.get(`/api/v1/platform/organizations/${B.orgId}`)).status, 200);
  assert.equal((await operatorClient.get(`/api/v1/platform/organizations/${B.orgId}/documents/${B.ids.documentId}`)).status, 200);
  assert.equal((await operatorClient.get(`/api/v1/platform/organizations/${A.orgId}/documents/${B.ids.documentId}`)).status, 404, "a document is only found under its own organisation");
  assert.equal((await operatorClient.get(`/api/v1/organization/users/${B.ids.userId}`)).status, 404, "the operator's own-organisation routes do not reach B");
});
