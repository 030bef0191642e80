import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { verifyAuditChain } from '../../src/platform/audit.ts';
import { query } from '../../src/platform/db.ts';
import { auditLog } from '../../src/platform/schema.ts';
import { createTestOrg, isPostgres, startTestServer, type TestServer } from '../support/harness.ts';
import { databaseEnv, keepableTestDatabase, operator, runCli, signedIn, uniqueEmail } from './helpers.ts';

const server = await startTestServer();
const { client: operatorClient, org: platformOrg } = await operator(server, [{ role: 'supervisor' }, { role: 'customer_service' }]);
const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
const admin = await signedIn(server, org.admin);

async function entriesFor(targetId: string) {
  return server.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(asc(auditLog.seq));
}

test('each state change leaves an entry naming the actor, the organisation and the request', async () => {
  const invited = await admin.post('/api/v1/organization/invitations', { email: uniqueEmail(), roles: ['purchaser'] });
  const revoked = await admin.post(`/api/v1/organization/invitations/${invited.body.id}/revoke`);
  assert.equal(revoked.status, 200);
  const key = await admin.post('/api/v1/organization/api-keys', { name: 'audited', permissions: ['org.users.read'] });
  await admin.post(`/api/v1/organization/api-keys/${key.body.apiKey.id}/revoke`);
  const purchaserId = Object.entries(org.users).find(([e]) => e.startsWith('purchaser@'))![1];
  await admin.patch(`/api/v1/organization/users/${purchaserId}`, { roles: ['approver'] });
  await admin.patch('/api/v1/organization', { region: '上海' });

  const expectations: Array<[string, string]> = [
    [invited.body.id, 'identity.invitation.created'],
    [invited.body.id, 'identity.invitation.revoked'],
    [key.body.apiKey.id, 'identity.api_key.created'],
    [key.body.apiKey.id, 'identity.api_key.revoked'],
    [purchaserId, 'identity.user.updated'],
    [org.orgId, 'identity.organization.updated'],
  ];
  for (const [targetId, action] of expectations) {
    const entries = await entriesFor(targetId);
    const entry = entries.find((e) => e.action === action);
    assert.ok(entry, `no ${action} for ${targetId}: ${entries.map((e) => e.action).join(', ')}`);
    assert.equal(entry.actorType, 'user');
    assert.equal(entry.actorId, org.users[org.admin]);
    assert.equal(entry.orgId, org.orgId);
    assert.match(entry.requestId ?? '', /^req_/);
  }
  const roleChange = (await entriesFor(purchaserId)).find((e) => e.action === 'identity.user.updated')!;
  assert.deepEqual(roleChange.data.roles, ['approver']);
  assert.deepEqual((roleChange.data.from as { roles: string[] }).roles, ['purchaser'], 'the entry says what it was before');
});

test('a refused change leaves no entry', async () => {
  const before = await query<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log`);
  const refused = await admin.post('/api/v1/organization/invitations', { email: org.admin, roles: ['purchaser'] });
  assert.equal(refused.status, 409);
  const after = await query<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log`);
  assert.deepEqual(after, before);
});

test('an organisation admin reads only its own organisation\'s entries; an operator reads all', async () => {
  const own = await admin.get('/api/v1/audit-log?limit=200');
  assert.equal(own.status, 200);
  assert.ok(own.body.items.length > 0);
  for (const e of own.body.items) assert.equal(e.orgId, org.orgId);
  const all = await operatorClient.get(`/api/v1/audit-log?orgId=${org.orgId}&limit=5`);
  assert.equal(all.status, 200);
  assert.ok(all.body.items.length > 0);
  for (const e of all.body.items) assert.equal(e.orgId, org.orgId);
  const seqs = all.body.items.map((e: { seq: number }) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  if (all.body.nextCursor) {
    const next = await operatorClient.get(`/api/v1/audit-log?orgId=${org.orgId}&limit=5&cursor=${all.body.nextCursor}`);
    assert.ok(next.body.items.every((e: { seq: number }) => e.seq < Math.min(...seqs)));
  }
});

test('the verify endpoint reports an intact chain, needs its permission, and is itself audited', async () => {
  const report = await operatorClient.post('/api/v1/platform/audit-log/verify');
  assert.equal(report.status, 200, report.text);
  assert.equal(report.body.ok, true);
  assert.equal(report.body.firstBroken, null);
  assert.ok(report.body.checked > 5);
  const [verified] = await server.db.select().from(auditLog).where(eq(auditLog.action, 'audit.chain.verified')).orderBy(sql`seq desc`).limit(1);
  assert.equal(verified!.actorId, platformOrg.users[platformOrg.admin]);
  const supervisor = await signedIn(server, Object.keys(platformOrg.users).find((e) => e.startsWith('supervisor@'))!);
  assert.equal((await supervisor.post('/api/v1/platform/audit-log/verify')).status, 200, 'supervisors may verify');
  const customerService = await signedIn(server, Object.keys(platformOrg.users).find((e) => e.startsWith('customer_service@'))!);
  assert.equal((await customerService.post('/api/v1/platform/audit-log/verify')).status, 403);
});

/** A server over its own database, so that database can be tampered with and handed to the CLI. */
async function tamperableServer(): Promise<{ server: TestServer; testDb: Awaited<ReturnType<typeof keepableTestDatabase>> }> {
  const testDb = await keepableTestDatabase();
  const s = await startTestServer({ testDb });
  return { server: s, testDb };
}

async function makeHistory(s: TestServer) {
  const o = await createTestOrg(s.ctx, ['buyer']);
  const c = await signedIn(s, o.admin);
  for (let i = 0; i < 4; i++) assert.equal((await c.patch('/api/v1/me', { name: `name ${i}` })).status, 200);
  const { client } = await operator(s);
  return client;
}

test('a row edited in the database is found by the endpoint and by `cotrade audit verify`, which exits non-zero', async () => {
  const { server: s, testDb } = await tamperableServer();
  const op = await makeHistory(s);
  const [target] = await query<{ seq: string }>(s.db, sql`select seq::text as seq from audit_log where action = 'identity.user.profile_updated' order by audit_log.seq limit 1 offset 1`);
  const seq = Number(target!.seq);
  await query(s.db, sql`update audit_log set data = ${JSON.stringify({ name: 'forged' })}::jsonb where seq = ${seq}`);

  const report = await op.post('/api/v1/platform/audit-log/verify');
  assert.equal(report.status, 200);
  assert.equal(report.body.ok, false);
  assert.deepEqual(report.body.firstBroken, { seq, reason: 'hash_mismatch' });
  assert.equal(report.body.checked, seq - 1, 'every entry before it checked out');

  await s.close(); // PGlite is single-process: hand the data to the CLI
  const cli = await runCli(['audit', 'verify'], databaseEnv(testDb));
  await testDb.destroy();
  assert.equal(cli.code, 1, cli.stdout + cli.stderr);
  const printed = JSON.parse(cli.stdout.trim().split('\n').pop()!);
  assert.deepEqual(printed.firstBroken, { seq, reason: 'hash_mismatch' });
  assert.match(cli.stderr, new RegExp(`broken at seq ${seq}`));
});

test('a deleted row is reported as a gap at its seq, and a forged re-hash breaks the next link', async () => {
  const { server: s, testDb } = await tamperableServer();
  await makeHistory(s);
  const rows = await s.db.select().from(auditLog).orderBy(asc(auditLog.seq));
  const victim = rows[2]!;
  await query(s.db, sql`delete from audit_log where seq = ${victim.seq}`);
  assert.deepEqual((await verifyAuditChain(s.db)).firstBroken, { seq: victim.seq, reason: 'gap' });

  await s.close();
  const cli = await runCli(['audit', 'verify'], databaseEnv(testDb));
  await testDb.destroy();
  assert.equal(cli.code, 1, cli.stdout + cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout.trim().split('\n').pop()!).firstBroken, { seq: victim.seq, reason: 'gap' });
});

test('an intact chain verifies with the CLI too (exit 0)', async () => {
  const { server: s, testDb } = await tamperableServer();
  await makeHistory(s);
  await s.close();
  const cli = await runCli(['audit', 'verify'], databaseEnv(testDb));
  await testDb.destroy();
  assert.equal(cli.code, 0, cli.stdout + cli.stderr);
  assert.equal(JSON.parse(cli.stdout.trim().split('\n').pop()!).ok, true);
});

test('changing the hash of a row to match its edit still breaks the link of the next row', async () => {
  const { server: s, testDb } = await tamperableServer();
  await makeHistory(s);
  const rows = await s.db.select().from(auditLog).orderBy(asc(auditLog.seq));
  const victim = rows[1]!;
  const { hashAuditEntry } = await import('../../src/platform/audit.ts');
  const forged = { ...victim, data: { forged: true } };
  const { hash: _h, ...rest } = forged;
  await s.db.update(auditLog).set({ data: forged.data, hash: hashAuditEntry(rest) }).where(eq(auditLog.seq, victim.seq));
  assert.deepEqual((await verifyAuditChain(s.db)).firstBroken, { seq: victim.seq + 1, reason: 'prev_hash_mismatch' });
  await s.close();
  await testDb.destroy();
});

test('concurrent audited writes keep the chain gapless and valid', async () => {
  const o = await createTestOrg(server.ctx, ['buyer'], Array.from({ length: 5 }, (_, i) => ({ role: 'purchaser', email: uniqueEmail(`writer${i}`) })));
  const clients = await Promise.all(Object.keys(o.users).map((email) => signedIn(server, email)));
  const before = await query<{ max: string | null }>(server.db, sql`select max(seq)::text as max from audit_log`);
  const writes = clients.flatMap((c, i) => Array.from({ length: 8 }, (_, j) => c.patch('/api/v1/me', { name: `user ${i} write ${j}` })));
  const results = await Promise.all(writes);
  assert.ok(results.every((r) => r.status === 200), results.map((r) => r.status).join(','));
  const report = await verifyAuditChain(server.db);
  assert.equal(report.ok, true, JSON.stringify(report));
  const added = await server.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'identity.user.profile_updated'), sql`seq > ${Number(before[0]!.max ?? 0)}`));
  assert.equal(added.length, writes.length, 'one entry per write');
  const seqs = (await query<{ s: string }>(server.db, sql`select seq::text as s from audit_log order by audit_log.seq`)).map((r) => Number(r.s));
  seqs.forEach((seq, i) => assert.equal(seq, i + 1, 'seq is gapless'));
  if (isPostgres()) assert.ok(writes.length >= 40, 'enough parallel writes to overlap on the pool');
});
