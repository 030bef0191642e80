import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from './db.ts';
import { query } from './db.ts';

export const JOBS_CHANNEL = 'cotrade_jobs';

export interface JobInfo {
  id: number;
  kind: string;
  attempts: number;
  maxAttempts: number;
}
export type JobHandler = (payload: Record<string, unknown>, job: JobInfo) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** While a job with this key is queued or running, enqueueing another is a no-op. */
  dedupeKey?: string;
}

/** Retry delay after the n-th failed attempt: 2, 4, 8 … seconds, capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 2 ** Math.max(1, attempts));
}

/** Adds a job in the caller's transaction: it runs only if that transaction commits. */
export async function enqueueJob(tx: Tx, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
  const runAt = options.runAt ?? new Date();
  await query(
    tx,
    sql`insert into jobs (kind, payload, run_at, max_attempts, dedupe_key)
        values (${kind}, ${JSON.stringify(payload)}::jsonb, ${runAt.toISOString()}::timestamptz, ${options.maxAttempts ?? 5}, ${options.dedupeKey ?? null})
        on conflict do nothing`,
  );
  await query(tx, sql`select pg_notify(${JOBS_CHANNEL}, ${kind})`);
}

/**
 * A PostgreSQL-backed queue. Workers in any number of processes claim due jobs with
 * `FOR UPDATE SKIP LOCKED`; a job whose worker died is reclaimed once its lock lapses.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private wakeAgain = false;
  private unlisten: (() => Promise<void>) | null = null;
  readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly database: Database,
    private readonly options: { pollMs?: number; lockSeconds?: number; batch?: number } = {},
  ) {}

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.handlers.set(kind, handler);
  }

  enqueue(tx: Tx, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
    return enqueueJob(tx, kind, payload, options);
  }

  /** Declares a recurring job; the row is created once and kept across restarts. */
  async schedule(name: string, kind: string, intervalSeconds: number, payload: Record<string, unknown> = {}): Promise<void> {
    await query(
      this.database.db,
      sql`insert into job_schedules (name, kind, payload, interval_seconds, next_run_at)
          values (${name}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${intervalSeconds}, now())
          on conflict (name) do update set kind = excluded.kind, interval_seconds = excluded.interval_seconds, payload = excluded.payload`,
    );
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(JOBS_CHANNEL, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
    this.unlisten = null;
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  private wake(): void {
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    void this.runDue().catch((error) => console.error('job worker failed', error));
  }

  /** Enqueues due schedules, then runs due jobs until none is left. Returns how many ran. */
  async runDue(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let ran = 0;
    try {
      do {
        this.wakeAgain = false;
        await this.enqueueDueSchedules();
        for (;;) {
          const claimed = await this.claim();
          if (!claimed.length) break;
          for (const job of claimed) await this.execute(job);
          ran += claimed.length;
        }
      } while (this.wakeAgain);
    } finally {
      this.running = false;
    }
    return ran;
  }

  private async enqueueDueSchedules(): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const due = await query<{ name: string; kind: string; payload: Record<string, unknown> }>(
        tx,
        sql`select name, kind, payload from job_schedules where next_run_at <= now() for update skip locked`,
      );
      for (const schedule of due) {
        await this.enqueue(tx, schedule.kind, schedule.payload, { dedupeKey: `schedule:${schedule.name}` });
        await query(
          tx,
          sql`update job_schedules set last_run_at = now(),
              next_run_at = now() + make_interval(secs => interval_seconds) where name = ${schedule.name}`,
        );
      }
    });
  }

  private async claim(): Promise<Array<JobInfo & { payload: Record<string, unknown> }>> {
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return [];
    const lockSeconds = this.options.lockSeconds ?? 300;
    const rows = await query<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(
      this.database.db,
      sql`update jobs set status = 'running', attempts = attempts + 1,
            locked_until = now() + make_interval(secs => ${lockSeconds})
          where id in (
            select id from jobs
            where kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
              and ((status = 'queued' and run_at <= now()) or (status = 'running' and locked_until < now()))
            order by run_at limit ${this.options.batch ?? 20}
            for update skip locked)
          returning id::text as id, kind, payload, attempts, max_attempts`,
    );
    return rows.map((r) => ({ id: Number(r.id), kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
  }

  private async execute(job: JobInfo & { payload: Record<string, unknown> }): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    try {
      await handler(job.payload, job);
      await query(this.database.db, sql`update jobs set status = 'done', finished_at = now(), locked_until = null where id = ${job.id}`);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const exhausted = job.attempts >= job.maxAttempts;
      if (exhausted) console.error(`job ${job.kind}#${job.id} failed for good: ${message}`);
      await query(
        this.database.db,
        exhausted
          ? sql`update jobs set status = 'failed', last_error = ${message}, finished_at = now(), locked_until = null where id = ${job.id}`
          : sql`update jobs set status = 'queued', last_error = ${message}, locked_until = null,
                run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}) where id = ${job.id}`,
      );
    }
  }
}
