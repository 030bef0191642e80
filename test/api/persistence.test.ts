import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { verifyAuditChain } from '../../src/platform/audit.ts';
import { restoreDatabase, tableCounts } from '../../src/platform/backup.ts';
import { openDatabase, query, type Database } from '../../src/platform/db.ts';
import { ApiClient, createTestOrg, isPostgres, spawnServerProcess, startTestServer, type TestDatabase, onFileEnd } from '../support/harness.ts';
import {
  databaseEnv,
  freshPgliteDir,
  keepableTestDatabase,
  registerOrg,
  removeDir,
  runCli,
  signedIn,
  STRONG_PASSWORD,
  uniqueEmail,
  uploadLicence,
} from './helpers.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'cotrade-backup-'));
onFileEnd(async () => { await removeDir(scratch); });

test('the embedded server keeps its data across a restart', async () => {
  const dataDir = await freshPgliteDir();
  onFileEnd(async () => { await removeDir(dataDir); });
  const env = { COTRADE_DATA_DIR: dataDir, DATABASE_URL: '' };

  const first = await spawnServerProcess(env);
  assert.equal(((await (await fetch(`${first.url}/health`)).json()) as { driver: string }).driver, 'pglite');
  const { client, orgId, adminEmail } = await registerOrg(first);
  assert.equal((await uploadLicence(client)).status, 201);
  assert.equal((await client.post('/api/v1/organization/submit')).status, 200);
  // Killed without a clean shutdown: everything committed must still be there.
  await first.stop('SIGKILL');

  const second = await spawnServerProcess(env);
  const fresh = new ApiClient(second.url);
  assert.equal((await fresh.signIn(adminEmail, STRONG_PASSWORD)).status, 200, 'the account survived');
  const own = await fresh.get('/api/v1/organization');
  assert.equal(own.body.organization.id, orgId);
  assert.equal(own.body.organization.status, 'pending_review');
  assert.equal(own.body.documents.length, 1, 'the uploaded licence survived');
  const sameSession = new ApiClient(second.url);
  for (const [k, v] of client.cookies) sameSession.cookies.set(k, v);
  assert.equal((await sameSession.get('/api/v1/me')).status, 200, 'sessions are in the database, not in the process');
  await second.stop('SIGTERM');
});

/** A database with some of everything: organisations, users, documents (bytes), keys, invitations, audit, jobs. */
const IDEMPOTENT_INVITATION = { email: uniqueEmail('backup'), roles: ['purchaser'] };

async function populate(closed: TestDatabase): Promise<void> {
  const server = await startTestServer({ testDb: await openAgain(closed) });
  const platform = await createTestOrg(server.ctx, ['platform']);
  const operatorClient = await signedIn(server, platform.admin);
  const buyer = await createTestOrg(server.ctx, ['buyer', 'supplier'], [{ role: 'purchaser' }]);
  const admin = await signedIn(server, buyer.admin);
  await admin.post('/api/v1/organization/invitations', IDEMPOTENT_INVITATION, { idempotencyKey: 'backup-1' });
  await admin.post('/api/v1/organization/api-keys', { name: 'erp', permissions: ['org.users.read'] });
  await admin.patch('/api/v1/me', { name: '备份 测试 "quoted" \\ back\nslash', lang: 'zh-CN' });
  const reg = await registerOrg(server);
  await uploadLicence(reg.client);
  await reg.client.post('/api/v1/organization/submit');
  await operatorClient.post(`/api/v1/platform/organizations/${reg.orgId}/reject`, { reason: '照片不清晰' });
  await server.close();
}

async function withDatabase<T>(testDb: TestDatabase, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(testDb.url ? { databaseUrl: testDb.url, poolSize: 2 } : { dataDir: testDb.dataDir! });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function documentHashes(database: Database) {
  const rows = await query<{ id: string; sha256: string; content: Buffer | Uint8Array }>(database.db, sql`select id, sha256, content from org_documents order by id`);
  return rows.map((r) => ({ id: r.id, stored: r.sha256, actual: createHash('sha256').update(Buffer.from(r.content)).digest('hex') }));
}

/** A closed, migrated, empty database of the given driver, as the CLI will see it. */
async function emptyDatabase(driver: 'pglite' | 'postgres'): Promise<TestDatabase & { destroy(): Promise<void> }> {
  if (driver === 'postgres') {
    const db = await keepableTestDatabase();
    await db.drop();
    onFileEnd(async () => { await db.destroy(); });
    return db;
  }
  const dataDir = await freshPgliteDir();
  onFileEnd(async () => { await removeDir(dataDir); });
  return { database: null as never, url: undefined, dataDir, drop: async () => {}, destroy: async () => removeDir(dataDir) };
}

async function roundTrip(from: 'pglite' | 'postgres', to: 'pglite' | 'postgres') {
  const source = await emptyDatabase(from);
  await populate(source);
  const file = path.join(scratch, `${from}-to-${to}-${Date.now()}.jsonl`);
  const backup = await runCli(['backup', file], databaseEnv(source));
  assert.equal(backup.code, 0, backup.stdout + backup.stderr);
  const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!);
  assert.equal(header.format, 'cotrade-backup');

  const target = await emptyDatabase(to);
  const notBackup = path.join(scratch, 'not-a-backup.jsonl');
  writeFileSync(notBackup, '{"hello":"world"}\n');
  await withDatabase(target, (d) => assert.rejects(restoreDatabase(d.db, notBackup), /not a Cotrade backup/));
  const restore = await runCli(['restore', file], databaseEnv(target));
  assert.equal(restore.code, 0, restore.stdout + restore.stderr);

  const sourceCounts = await withDatabase(source, (d) => tableCounts(d.db));
  const targetCounts = await withDatabase(target, (d) => tableCounts(d.db));
  assert.deepEqual(targetCounts, sourceCounts, 'row counts per table are equal');
  assert.ok((sourceCounts.audit_log ?? 0) > 10 && (sourceCounts.org_documents ?? 0) > 0 && (sourceCounts.users ?? 0) > 3, JSON.stringify(sourceCounts));

  const [sourceReport, sourceDocs, sourceNames] = await withDatabase(source, async (d) => [
    await verifyAuditChain(d.db),
    await documentHashes(d),
    await query(d.db, sql`select id, name, lang, password_hash, roles from users order by id`),
  ] as const);
  const [targetReport, targetDocs, targetNames] = await withDatabase(target, async (d) => [
    await verifyAuditChain(d.db),
    await documentHashes(d),
    await query(d.db, sql`select id, name, lang, password_hash, roles from users order by id`),
  ] as const);
  assert.equal(targetReport.ok, true, JSON.stringify(targetReport));
  assert.equal(targetReport.checked, sourceReport.checked);
  assert.deepEqual(targetDocs, sourceDocs);
  for (const d of targetDocs) assert.equal(d.actual, d.stored, 'document bytes are intact');
  assert.deepEqual(targetNames, sourceNames, 'text with quotes, backslashes, newlines and CJK is intact');
  return { file, target };
}

/** Opens a closed test database again, for a server in this process; its drop closes it. */
async function openAgain(closed: TestDatabase): Promise<TestDatabase> {
  const database = await openDatabase(closed.url ? { databaseUrl: closed.url, poolSize: 10 } : { dataDir: closed.dataDir! });
  return { ...closed, database, drop: () => database.close() };
}

test('backup then restore into a fresh database of the same driver round-trips, and the restored server works', async () => {
  const driver = isPostgres() ? 'postgres' : 'pglite';
  const { file, target } = await roundTrip(driver, driver);

  // A server over the restored database signs in, and new rows continue after the restored ones.
  const server = await startTestServer({ testDb: await openAgain(target) });
  const users = await query<{ email: string }>(server.db, sql`select email from users where roles && array['org_admin'] and email like 'admin@%' limit 1`);
  const admin = await signedIn(server, users[0]!.email);
  assert.equal((await admin.patch('/api/v1/me', { name: 'after restore' })).status, 200, 'outbox and audit inserts continue after restored ids');
  const replayed = await admin.post('/api/v1/organization/invitations', IDEMPOTENT_INVITATION, { idempotencyKey: 'backup-1' });
  assert.equal(replayed.headers.get('idempotent-replayed'), 'true', 'idempotency keys came along');
  assert.equal((await verifyAuditChain(server.db)).ok, true);
  await server.close();

  // Restoring onto a database that has data is refused unless --replace is given.
  await withDatabase(target, async (d) => {
    await assert.rejects(restoreDatabase(d.db, file), /not empty.*--replace/);
    assert.equal((await verifyAuditChain(d.db)).ok, true, 'the refused restore changed nothing');
  });
});

test('a backup made on PostgreSQL restores onto the embedded database, and back', { skip: !isPostgres() && 'needs PostgreSQL' }, async () => {
  const toEmbedded = await roundTrip('postgres', 'pglite');
  const file = path.join(scratch, `pglite-back-${Date.now()}.jsonl`);
  const backup = await runCli(['backup', file], databaseEnv(toEmbedded.target));
  assert.equal(backup.code, 0, backup.stdout + backup.stderr);
  const target = await emptyDatabase('postgres');
  const restore = await runCli(['restore', file], databaseEnv(target));
  assert.equal(restore.code, 0, restore.stdout + restore.stderr);
  const embeddedCounts = await withDatabase(toEmbedded.target, (d) => tableCounts(d.db));
  const postgresCounts = await withDatabase(target, (d) => tableCounts(d.db));
  assert.deepEqual(postgresCounts, embeddedCounts);
  assert.equal((await withDatabase(target, (d) => verifyAuditChain(d.db))).ok, true);
});
