import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, query, type Database } from '../../src/platform/db.ts';
import { emitEvent, EventBus, type DomainEvent } from '../../src/platform/events.ts';
import { backoffSeconds, enqueueJob, JobQueue } from '../../src/platform/jobs.ts';
import { isPostgres, openTestDatabase, onFileEnd } from '../support/harness.ts';
import { waitFor } from './helpers.ts';

// Its own database and buses: no server here whose relay or worker could take these events and jobs.
const testDb = await openTestDatabase();
onFileEnd(async () => { await testDb.drop(); });
const database = testDb.database;
const db = database.db;

/** A second connection pool to the same database, as another server process would have. */
async function secondProcess(): Promise<Database> {
  const other = await openDatabase({ databaseUrl: testDb.url!, poolSize: 5 });
  onFileEnd(async () => { await other.close(); });
  return other;
}

const topic = (name: string) => `test.${name}.${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startedBus(d: Database = database): Promise<{ bus: EventBus; jobs: JobQueue; heard: DomainEvent[] }> {
  const jobs = new JobQueue(d);
  const bus = new EventBus(d, jobs);
  const heard: DomainEvent[] = [];
  bus.on('*', (e) => heard.push(e));
  await bus.start();
  onFileEnd(async () => { await bus.stop(); });
  return { bus, jobs, heard };
}

async function jobRow(kind: string) {
  const [row] = await query<{ status: string; attempts: number; last_error: string | null; due_in: number; finished: boolean }>(
    db,
    sql`select status, attempts, last_error, extract(epoch from run_at - now())::float8 as due_in, finished_at is not null as finished
        from jobs where kind = ${kind} order by id desc limit 1`,
  );
  return row!;
}

test('an event reaches in-process listeners only after its transaction commits', async () => {
  const { bus } = await startedBus();
  const t = topic('committed');
  const heard: DomainEvent[] = [];
  bus.on(t, (e) => heard.push(e));
  await db.transaction(async (tx) => {
    await emitEvent(tx, t, { n: 1 }, 'org_X');
    await sleep(100);
    assert.equal(heard.length, 0, 'not delivered while the transaction is open');
  });
  const event = await waitFor(async () => heard[0], 'the committed event');
  assert.equal(event.topic, t);
  assert.equal(event.orgId, 'org_X');
  assert.deepEqual(event.payload, { n: 1 });
  assert.ok(event.id > 0);
});

test('an event of a rolled-back transaction is never delivered', async () => {
  const { bus } = await startedBus();
  const rolledBack = topic('rolled-back');
  const marker = topic('marker');
  const heard: string[] = [];
  bus.on('*', (e) => heard.push(e.topic));
  await assert.rejects(
    db.transaction(async (tx) => {
      await emitEvent(tx, rolledBack, { n: 1 });
      throw new Error('business rule failed');
    }),
    /business rule failed/,
  );
  await db.transaction((tx) => emitEvent(tx, marker, {}));
  await waitFor(async () => heard.includes(marker), 'the later marker event');
  await sleep(50);
  assert.ok(!heard.includes(rolledBack));
  const rows = await query(db, sql`select 1 from outbox_events where topic = ${rolledBack}`);
  assert.equal(rows.length, 0, 'nor is it in the outbox');
});

test('an event too large for a NOTIFY payload is still delivered whole', async () => {
  const { bus } = await startedBus();
  const t = topic('large');
  const heard: DomainEvent[] = [];
  bus.on(t, (e) => heard.push(e));
  const big = 'x'.repeat(20_000);
  await db.transaction((tx) => emitEvent(tx, t, { big }));
  const event = await waitFor(async () => heard[0], 'the large event');
  assert.equal((event.payload as { big: string }).big, big);
});

test('a listener that throws does not stop the others', async () => {
  const { bus } = await startedBus();
  const t = topic('throwing');
  const heard: string[] = [];
  bus.on(t, () => {
    throw new Error('listener bug');
  });
  bus.on(t, (e) => heard.push(e.topic));
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    await db.transaction((tx) => emitEvent(tx, t, {}));
    await waitFor(async () => heard.length === 1, 'the second listener');
  } finally {
    console.error = original;
  }
});

test('a durable handler runs once per committed event, as a job', async () => {
  const { bus, jobs } = await startedBus();
  const t = topic('durable');
  const handled: number[] = [];
  bus.handle(`h-${t}`, [t], async (event) => {
    handled.push(event.id);
  });
  for (let i = 0; i < 3; i++) await db.transaction((tx) => emitEvent(tx, t, { i }));
  await db.transaction(async (tx) => {
    await emitEvent(tx, t, { rolledBack: true });
    tx.rollback();
  }).catch(() => {});
  await waitFor(async () => (await bus.relay(), (await query(db, sql`select 1 from jobs where kind = ${`event:h-${t}`}`)).length === 3), 'relayed jobs');
  await jobs.runDue();
  await jobs.runDue();
  assert.equal(handled.length, 3);
  assert.equal(new Set(handled).size, 3, 'each event once');
});

test('on PostgreSQL, an event committed by one process reaches listeners in another', { skip: !isPostgres() && 'needs PostgreSQL (PGlite is one process)' }, async () => {
  const other = await secondProcess();
  const { bus: remoteBus } = await startedBus(other);
  const { bus: localBus } = await startedBus();
  const t = topic('cross-process');
  const remote: DomainEvent[] = [];
  const local: DomainEvent[] = [];
  remoteBus.on(t, (e) => remote.push(e));
  localBus.on(t, (e) => local.push(e));
  await db.transaction((tx) => emitEvent(tx, t, { from: 'A' }));
  await waitFor(async () => remote.length === 1 && local.length === 1, 'delivery in both processes', 3000);
  assert.deepEqual(remote[0]!.payload, { from: 'A' });
  // And back the other way.
  const back = topic('back');
  const heardBack: string[] = [];
  localBus.on(back, (e) => heardBack.push(e.topic));
  await other.db.transaction((tx) => emitEvent(tx, back, {}));
  await waitFor(async () => heardBack.length === 1, 'delivery back', 3000);
});

test('a failing job is retried with growing backoff and ends failed after maxAttempts', async () => {
  const queue = new JobQueue(database);
  const kind = topic('job-fails');
  let calls = 0;
  queue.register(kind, async () => {
    calls++;
    throw new Error(`boom ${calls}`);
  });
  await enqueueJob(db, kind, { x: 1 }, { maxAttempts: 3 });

  await queue.runDue();
  let row = await jobRow(kind);
  assert.equal(row.status, 'queued');
  assert.equal(row.attempts, 1);
  assert.match(row.last_error!, /boom 1/);
  assert.ok(Math.abs(row.due_in - backoffSeconds(1)) < 1.5, `retry in ~${backoffSeconds(1)} s, is ${row.due_in}`);
  assert.equal(await queue.runDue(), 0, 'not retried before its time');

  await query(db, sql`update jobs set run_at = now() where kind = ${kind}`);
  await queue.runDue();
  row = await jobRow(kind);
  assert.equal(row.attempts, 2);
  assert.ok(Math.abs(row.due_in - backoffSeconds(2)) < 1.5, `retry in ~${backoffSeconds(2)} s, is ${row.due_in}`);

  await query(db, sql`update jobs set run_at = now() where kind = ${kind}`);
  await queue.runDue();
  row = await jobRow(kind);
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 3);
  assert.match(row.last_error!, /boom 3/);
  assert.equal(row.finished, true);
  assert.equal(calls, 3);
  await query(db, sql`update jobs set run_at = now() where kind = ${kind}`);
  assert.equal(await queue.runDue(), 0, 'a failed job is not run again');
});

test('a job that fails once and then succeeds ends done', async () => {
  const queue = new JobQueue(database);
  const kind = topic('job-flaky');
  let calls = 0;
  queue.register(kind, async () => {
    if (++calls === 1) throw new Error('transient');
  });
  await enqueueJob(db, kind, {});
  await queue.runDue();
  await query(db, sql`update jobs set run_at = now() where kind = ${kind}`);
  await queue.runDue();
  const row = await jobRow(kind);
  assert.equal(row.status, 'done');
  assert.equal(row.attempts, 2);
});

test('a job enqueued in a rolled-back transaction never runs; one with a dedupe key is queued once', async () => {
  const queue = new JobQueue(database);
  const kind = topic('job-tx');
  const ran: unknown[] = [];
  queue.register(kind, async (payload) => {
    ran.push(payload);
  });
  await db.transaction(async (tx) => {
    await enqueueJob(tx, kind, { rolledBack: true });
    tx.rollback();
  }).catch(() => {});
  await enqueueJob(db, kind, { n: 1 }, { dedupeKey: `${kind}-once` });
  await enqueueJob(db, kind, { n: 2 }, { dedupeKey: `${kind}-once` });
  await queue.runDue();
  assert.deepEqual(ran, [{ n: 1 }]);
  await enqueueJob(db, kind, { n: 3 }, { dedupeKey: `${kind}-once` });
  await queue.runDue();
  assert.deepEqual(ran, [{ n: 1 }, { n: 3 }], 'the key is free again once the first job is done');
});

test('a job whose worker died is run again once its lock lapses', async () => {
  const queue = new JobQueue(database);
  const kind = topic('job-orphan');
  let ran = 0;
  queue.register(kind, async () => {
    ran++;
  });
  await enqueueJob(db, kind, {});
  // As if a worker had claimed it and then crashed.
  await query(db, sql`update jobs set status = 'running', attempts = 1, locked_until = now() + interval '1 minute' where kind = ${kind}`);
  await queue.runDue();
  assert.equal(ran, 0, 'not while the lock holds');
  await query(db, sql`update jobs set locked_until = now() - interval '1 second' where kind = ${kind}`);
  await queue.runDue();
  assert.equal(ran, 1);
  assert.equal((await jobRow(kind)).status, 'done');
});

test('two workers share the queue and run each job exactly once', async () => {
  const other = isPostgres() ? await secondProcess() : database;
  const kind = topic('job-shared');
  const runs: Array<{ worker: string; id: number }> = [];
  const workers = [new JobQueue(database, { batch: 1 }), new JobQueue(other, { batch: 1 })];
  workers.forEach((queue, i) =>
    queue.register(kind, async (payload) => {
      runs.push({ worker: `w${i}`, id: payload.id as number });
      await sleep(15);
    }),
  );
  const count = 30;
  for (let id = 0; id < count; id++) await enqueueJob(db, kind, { id });
  await Promise.all(workers.map((w) => w.runDue()));
  const ids = runs.map((r) => r.id).sort((a, b) => a - b);
  assert.deepEqual(ids, Array.from({ length: count }, (_, i) => i), 'every job once');
  const done = await query<{ n: number }>(db, sql`select count(*)::int as n from jobs where kind = ${kind} and status = 'done' and attempts = 1`);
  assert.equal(done[0]!.n, count);
  if (isPostgres()) {
    const perWorker = new Set(runs.map((r) => r.worker));
    assert.equal(perWorker.size, 2, `both workers took jobs: ${JSON.stringify(runs.map((r) => r.worker))}`);
  }
});

test('a schedule enqueues once per interval, however many workers run it', async () => {
  const other = isPostgres() ? await secondProcess() : database;
  const kind = topic('tick');
  const name = `schedule-${kind}`;
  let ticks = 0;
  const workers = [new JobQueue(database), new JobQueue(other), new JobQueue(other)];
  for (const w of workers) {
    w.register(kind, async () => {
      ticks++;
    });
    await w.schedule(name, kind, 3600, { hello: 'world' });
  }
  await Promise.all(workers.map((w) => w.runDue()));
  assert.equal(ticks, 1, 'one run for the first interval');
  const [schedule] = await query<{ next_in: number; has_last: boolean }>(
    db,
    sql`select extract(epoch from next_run_at - now())::float8 as next_in, last_run_at is not null as has_last from job_schedules where name = ${name}`,
  );
  assert.ok(Math.abs(schedule!.next_in - 3600) < 30, `next run in ~1 h, is ${schedule!.next_in}`);
  assert.equal(schedule!.has_last, true);

  await Promise.all(workers.map((w) => w.runDue()));
  assert.equal(ticks, 1, 'not again within the interval');

  await query(db, sql`update job_schedules set next_run_at = now() - interval '1 second' where name = ${name}`);
  await Promise.all(workers.map((w) => w.runDue()));
  assert.equal(ticks, 2, 'once more when the next interval is due');

  // Declaring the schedule again (a restart) keeps its place instead of running it at once.
  await workers[0]!.schedule(name, kind, 3600, { hello: 'world' });
  await Promise.all(workers.map((w) => w.runDue()));
  assert.equal(ticks, 2);
});
