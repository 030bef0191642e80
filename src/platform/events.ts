import { sql } from 'drizzle-orm';
import type { Database, Tx } from './db.ts';
import { query } from './db.ts';
import type { JobQueue } from './jobs.ts';

export const EVENTS_CHANNEL = 'cotrade_events';
/** NOTIFY payloads are capped at 8000 bytes; larger events are fetched by id. */
const INLINE_LIMIT = 7000;

export interface DomainEvent<P = Record<string, unknown>> {
  id: number;
  topic: string;
  orgId: string | null;
  payload: P;
}

/**
 * Writes a domain event to the outbox in the caller's transaction. The NOTIFY is delivered only
 * if that transaction commits, so listeners never see an event whose change was rolled back.
 */
export async function emitEvent(
  tx: Tx,
  topic: string,
  payload: Record<string, unknown>,
  orgId: string | null = null,
): Promise<number> {
  const [row] = await query<{ id: string }>(
    tx,
    sql`insert into outbox_events (topic, org_id, payload) values (${topic}, ${orgId}, ${JSON.stringify(payload)}::jsonb) returning id::text as id`,
  );
  const id = Number(row!.id);
  const inline = JSON.stringify({ id, topic, orgId, payload });
  const message = inline.length <= INLINE_LIMIT ? inline : JSON.stringify({ id });
  await query(tx, sql`select pg_notify(${EVENTS_CHANNEL}, ${message})`);
  return id;
}

type Listener = (event: DomainEvent) => void;
type DurableHandler = { name: string; topics: ReadonlySet<string> };

/**
 * Delivers committed events two ways:
 * - `on`: every server process hears every event (live pushes, cache invalidation), via LISTEN/NOTIFY;
 * - `handle`: exactly one process runs the handler, as a job with retries, via the outbox relay.
 */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly durable: DurableHandler[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying = false;
  private relayAgain = false;

  constructor(
    private readonly database: Database,
    private readonly jobs: JobQueue,
  ) {}

  /** Hears `topic` (or '*') in this process for every committed event. */
  on(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Runs `run` once per event across all processes, as job kind `event:<name>`. */
  handle(name: string, topics: string[], run: (event: DomainEvent) => Promise<void>): void {
    this.durable.push({ name, topics: new Set(topics) });
    this.jobs.register(`event:${name}`, async (payload) => run(payload as unknown as DomainEvent));
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, (message) => void this.onNotify(message));
    this.relayTimer = setInterval(() => void this.relay(), 2000);
    this.relayTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.relayTimer = null;
    await this.unlisten?.();
    this.unlisten = null;
  }

  private async onNotify(message: string): Promise<void> {
    try {
      const parsed = JSON.parse(message) as Partial<DomainEvent> & { id: number };
      let event: DomainEvent | null = parsed.topic ? (parsed as DomainEvent) : null;
      if (!event) {
        const [row] = await query<{ topic: string; org_id: string | null; payload: Record<string, unknown> }>(
          this.database.db,
          sql`select topic, org_id, payload from outbox_events where id = ${parsed.id}`,
        );
        if (!row) return;
        event = { id: parsed.id, topic: row.topic, orgId: row.org_id, payload: row.payload };
      }
      this.dispatchLocal(event);
      // Relay at once only what a durable handler waits for: a stream of other events (bid batches)
      // would otherwise run a relay transaction per event in every process. The timer sweeps the rest.
      if (this.durable.some((h) => h.topics.has(event!.topic) || h.topics.has('*'))) void this.relay();
    } catch (error) {
      console.error('event bus: bad notification', error);
    }
  }

  private dispatchLocal(event: DomainEvent): void {
    for (const key of [event.topic, '*']) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(event);
        } catch (error) {
          console.error(`event listener for ${key} failed`, error);
        }
      }
    }
  }

  /** Moves unrelayed outbox rows into jobs for durable handlers; safe to run in every process. */
  async relay(): Promise<number> {
    if (this.relaying) {
      this.relayAgain = true;
      return 0;
    }
    this.relaying = true;
    let total = 0;
    try {
      do {
        this.relayAgain = false;
        const moved = await this.database.db.transaction(async (tx) => {
          const rows = await query<{ id: string; topic: string; org_id: string | null; payload: Record<string, unknown> }>(
            tx,
            sql`update outbox_events set relayed_at = now()
                where id in (select id from outbox_events where relayed_at is null order by id limit 200 for update skip locked)
                returning id::text as id, topic, org_id, payload`,
          );
          for (const row of rows) {
            const event: DomainEvent = { id: Number(row.id), topic: row.topic, orgId: row.org_id, payload: row.payload };
            for (const handler of this.durable) {
              if (handler.topics.has(event.topic) || handler.topics.has('*')) {
                await this.jobs.enqueue(tx, `event:${handler.name}`, event as unknown as Record<string, unknown>);
              }
            }
          }
          return rows.length;
        });
        total += moved;
        if (moved === 200) this.relayAgain = true;
      } while (this.relayAgain);
    } catch (error) {
      console.error('outbox relay failed', error);
    } finally {
      this.relaying = false;
    }
    return total;
  }
}
