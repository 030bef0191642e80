import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** What the channel needs of a socket (a `ws` WebSocket; tests pass fakes). */
export interface LiveSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(data: string, cb?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): unknown;
  on(event: 'close' | 'pong', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
import type { Actor } from './context.ts';
import { query, type Db } from './db.ts';
import { SESSION_COOKIE, type Authenticator } from './http.ts';

/**
 * The live channel: one WebSocket per browser tab at GET /api/v1/live, authenticated like any
 * API request (session cookie or `Authorization: Bearer <API key>`), carrying any number of
 * topic subscriptions (`auction:<lotId>`, `rfq:<rfqId>` …).
 *
 * Protocol (JSON text frames):
 *   client → server  {type:'subscribe', topic}  {type:'unsubscribe', topic}  {type:'ping'}
 *   server → client  {type:'welcome', serverTime, heartbeatMs}
 *                    {type:'subscribed', topic} then {type:'state', topic, serverTime, version, data}
 *                    {type:'error', topic?, code: 'not_found'|'invalid'|'limit'}
 *                    {type:'heartbeat', serverTime}  {type:'pong', serverTime}
 *
 * A module owns a topic prefix (`live.register('auction', handler)`): the handler says who may
 * subscribe (`authorize`, null = not found, never "forbidden", so nothing leaks), how to load the
 * current state (`load`) and what each viewer is sent (`render`). The module then keeps the state
 * current from EventBus events (`bus.on`, which every process hears through LISTEN/NOTIFY) with
 * `live.update(topic, prev => next)`, so a subscriber on process A sees what process B committed.
 *
 * Every message is the whole current state of a topic for that viewer, never a delta: so a
 * subscriber that cannot keep up is simply sent fewer of them. Per socket at most one message is
 * in flight (handed to the kernel but not yet written); while it is, or while the socket has
 * more than HIGH_WATER_BYTES queued, the socket is only marked as owing that topic, and gets the
 * then-latest state once it drains. Memory per subscriber is bounded by its topic count, and a
 * slow reader never delays the others. Updates of one topic are sent at most every `flushMs`.
 *
 * `serverTime` (ms since the epoch) is the database clock, the one that decides whether a bid
 * was in time: clients show countdowns from `endsAt - serverTime`, never from their own clock.
 */
export interface LiveTopicHandler<S = unknown, V = unknown> {
  /** Who may subscribe to `<prefix>:<id>`: a viewer description, or null (answered as not found). */
  authorize(actor: Actor, id: string): Promise<V | null>;
  /** The topic's current state from the database, or null when it does not exist. */
  load(id: string): Promise<S | null>;
  /** What one viewer is sent of a state (JSON-serialisable). */
  render(state: S, viewer: V): unknown;
  /** Viewers with the same key see the same render (rendered once per state). Default: per viewer. */
  viewKey?(viewer: V): string;
}

export interface LiveOptions {
  /** Minimum interval between two sends of one topic (coalescing window), ms. */
  flushMs?: number;
  heartbeatMs?: number;
  maxTopicsPerSocket?: number;
  maxSockets?: number;
}

/** Past this many bytes queued in user space, a socket counts as slow. */
const HIGH_WATER_BYTES = 64 * 1024;
const TOPIC_PATTERN = /^([a-z][a-z0-9_-]{0,31}):([A-Za-z0-9_-]{1,64})$/;
/** Client messages per second before the socket is closed (a bucket of this size, refilled per second). */
const CLIENT_MESSAGES_PER_SECOND = 50;

interface Topic {
  key: string;
  id: string;
  handler: LiveTopicHandler<unknown, unknown>;
  subscribers: Map<Subscriber, unknown>;
  state: unknown;
  loaded: boolean;
  loading: Promise<void> | null;
  /** Changes that arrived while loading: applied to the loaded state (they check their own order). */
  queued: Array<(prev: unknown) => unknown>;
  /** An invalidation arrived while loading: what was read may predate it, so load again. */
  again: boolean;
  version: number;
  renders: Map<string, string>;
  lastFlush: number;
  timer: NodeJS.Timeout | null;
}

interface Subscriber {
  id: number;
  socket: LiveSocket;
  actor: Actor;
  /** `session:<token>` or `api_key:<token>`, to re-check on every heartbeat. */
  credential: string | null;
  topics: Set<Topic>;
  /** Topic key → version last sent. */
  sent: Map<string, number>;
  /** Topics this socket owes a state for, sent when its in-flight message is written. */
  owed: Set<Topic>;
  inflight: number;
  alive: boolean;
  /** Message budget (refilled over time) and when it was last refilled. */
  tokens: number;
  refilledAt: number;
}

export interface LiveStats {
  sockets: number;
  topics: number;
  statesSent: number;
  /** States not sent because a newer one replaced them while the socket was busy. */
  statesCoalesced: number;
  /** Topic states loaded from the database (first subscriber, gaps, invalidations). */
  loads: number;
}

export class LiveChannel {
  private readonly handlers = new Map<string, LiveTopicHandler<unknown, unknown>>();
  private readonly topics = new Map<string, Topic>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly flushMs: number;
  private readonly heartbeatMs: number;
  private readonly maxTopicsPerSocket: number;
  private readonly maxSockets: number;
  private heartbeat: NodeJS.Timeout | null = null;
  private clockTimer: NodeJS.Timeout | null = null;
  /** Database clock minus this process's clock, ms. */
  private clockOffsetMs = 0;
  private nextId = 1;
  private statesSent = 0;
  private statesCoalesced = 0;
  private loads = 0;
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly authenticator: Authenticator,
    options: LiveOptions = {},
  ) {
    this.flushMs = options.flushMs ?? envNumber('COTRADE_LIVE_FLUSH_MS', 100);
    this.heartbeatMs = options.heartbeatMs ?? envNumber('COTRADE_LIVE_HEARTBEAT_MS', 15_000);
    this.maxTopicsPerSocket = options.maxTopicsPerSocket ?? 50;
    this.maxSockets = options.maxSockets ?? envNumber('COTRADE_LIVE_MAX_SOCKETS', 20_000);
  }

  /** Claims a topic prefix for a module. */
  register<S, V>(prefix: string, handler: LiveTopicHandler<S, V>): void {
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(prefix)) throw new Error(`bad live topic prefix ${prefix}`);
    if (this.handlers.has(prefix)) throw new Error(`live topic prefix ${prefix} registered twice`);
    this.handlers.set(prefix, handler as LiveTopicHandler<unknown, unknown>);
  }

  /** The database clock as this process sees it (ms since the epoch). */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** True when someone in this process listens to the topic (skip building state otherwise). */
  isWatched(topic: string): boolean {
    return this.topics.has(topic);
  }

  /**
   * Changes a watched topic's state: `fn` gets the current state and returns the next one (the
   * same object for "no change", or null to reload it from the database — e.g. on a gap in a
   * sequence). Unwatched topics are ignored: there is nobody to tell.
   */
  update<S>(topic: string, fn: (prev: S) => S | null): void {
    const t = this.topics.get(topic);
    if (!t) return;
    if (!t.loaded || t.loading) {
      t.queued.push(fn as (prev: unknown) => unknown);
      return;
    }
    const next = fn(t.state as S);
    if (next === null) return void this.reload(t);
    if (next !== t.state) this.setState(t, next);
  }

  /** Reloads a watched topic from the database (after a change too complex to apply as a delta). */
  invalidate(topic: string): void {
    const t = this.topics.get(topic);
    if (t) void this.reload(t);
  }

  stats(): LiveStats {
    return { sockets: this.subscribers.size, topics: this.topics.size, statesSent: this.statesSent, statesCoalesced: this.statesCoalesced, loads: this.loads };
  }

  async start(): Promise<void> {
    await this.syncClock().catch(() => {});
    this.clockTimer = setInterval(() => void this.syncClock().catch(() => {}), 60_000);
    this.clockTimer.unref();
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
    // Diagnostics for benchmarks: COTRADE_LIVE_STATS_MS=2000 prints the counters every 2 s.
    const statsMs = Number(process.env.COTRADE_LIVE_STATS_MS);
    if (statsMs > 0) {
      this.statsTimer = setInterval(() => console.log(`live ${process.pid} ${JSON.stringify(this.stats())}`), statsMs);
      this.statsTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.clockTimer) clearInterval(this.clockTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.heartbeat = this.clockTimer = this.statsTimer = null;
    for (const t of this.topics.values()) if (t.timer) clearTimeout(t.timer);
    for (const s of [...this.subscribers]) s.socket.close(1001, 'server shutting down');
  }

  /** The route; registered under /api/v1, so the request context has resolved the actor already. */
  readonly routes = async (app: FastifyInstance): Promise<void> => {
    app.get('/live', { websocket: true, schema: { hide: true } }, (socket: WebSocket, req: FastifyRequest) => this.accept(socket, req));
  };

  // --- connections ---------------------------------------------------------------------------

  private accept(socket: WebSocket, req: FastifyRequest): void {
    const actor = req.ctx.actor;
    if (!actor) return void socket.close(4401, 'unauthenticated');
    // A cookie rides along on cross-site WebSocket handshakes: only our own pages may use it.
    if (req.authVia === 'session' && !sameOrigin(req)) return void socket.close(4403, 'origin not allowed');
    const token = req.authVia === 'session' ? req.cookies?.[SESSION_COOKIE] : req.headers.authorization?.slice(7).trim();
    this.attach(socket, actor, token ? `${req.authVia}:${token}` : null);
  }

  /**
   * Serves an authenticated socket: the route calls it after the handshake (tests with fakes).
   * `credential` (`session:<token>` / `api_key:<token>`) is re-checked on every heartbeat.
   */
  attach(socket: LiveSocket, actor: Actor, credential: string | null): void {
    if (this.subscribers.size >= this.maxSockets) return void socket.close(1013, 'too many connections');
    const subscriber: Subscriber = {
      id: this.nextId++,
      socket,
      actor,
      credential,
      topics: new Set(),
      sent: new Map(),
      owed: new Set(),
      inflight: 0,
      alive: true,
      tokens: CLIENT_MESSAGES_PER_SECOND,
      refilledAt: Date.now(),
    };
    this.subscribers.add(subscriber);
    socket.on('pong', () => (subscriber.alive = true));
    socket.on('message', (data, isBinary) => void this.onMessage(subscriber, isBinary ? null : data.toString()));
    socket.on('close', () => this.drop(subscriber));
    socket.on('error', () => socket.terminate());
    this.sendControl(subscriber, { type: 'welcome', serverTime: this.serverNow(), heartbeatMs: this.heartbeatMs });
  }

  private async onMessage(s: Subscriber, text: string | null): Promise<void> {
    const now = Date.now();
    s.tokens = Math.min(CLIENT_MESSAGES_PER_SECOND, s.tokens + ((now - s.refilledAt) / 1000) * CLIENT_MESSAGES_PER_SECOND);
    s.refilledAt = now;
    if (--s.tokens < 0) return void s.socket.close(1008, 'too many messages');
    s.alive = true;
    let message: { type?: unknown; topic?: unknown };
    try {
      message = text === null ? {} : (JSON.parse(text) as typeof message);
    } catch {
      return this.sendControl(s, { type: 'error', code: 'invalid', message: 'not JSON' });
    }
    if (message === null || typeof message !== 'object') return this.sendControl(s, { type: 'error', code: 'invalid', message: 'not an object' });
    if (message.type === 'ping') return this.sendControl(s, { type: 'pong', serverTime: this.serverNow() });
    const topic = typeof message.topic === 'string' ? message.topic : '';
    if (message.type === 'subscribe') return this.subscribe(s, topic);
    if (message.type === 'unsubscribe') {
      const t = this.topics.get(topic);
      if (t) this.leave(s, t);
      return this.sendControl(s, { type: 'unsubscribed', topic });
    }
    this.sendControl(s, { type: 'error', code: 'invalid', message: 'unknown message type' });
  }

  private async subscribe(s: Subscriber, topic: string): Promise<void> {
    const match = TOPIC_PATTERN.exec(topic);
    const handler = match ? this.handlers.get(match[1]!) : undefined;
    if (!match || !handler) return this.sendControl(s, { type: 'error', topic: topic.slice(0, 100), code: 'not_found' });
    if (this.topics.get(topic)?.subscribers.has(s)) return this.sendControl(s, { type: 'subscribed', topic });
    if (s.topics.size >= this.maxTopicsPerSocket) return this.sendControl(s, { type: 'error', topic, code: 'limit' });
    let viewer: unknown;
    try {
      viewer = await handler.authorize(s.actor, match[2]!);
    } catch (error) {
      console.error(`live: authorising ${topic} failed`, error);
      viewer = null;
    }
    if (viewer === null || viewer === undefined || s.socket.readyState !== s.socket.OPEN) {
      return this.sendControl(s, { type: 'error', topic, code: 'not_found' });
    }
    let t = this.topics.get(topic);
    if (!t) {
      t = { key: topic, id: match[2]!, handler, subscribers: new Map(), state: undefined, loaded: false, loading: null, queued: [], again: false, version: 0, renders: new Map(), lastFlush: 0, timer: null };
      this.topics.set(topic, t);
      void this.reload(t);
    }
    t.subscribers.set(s, viewer);
    s.topics.add(t);
    this.sendControl(s, { type: 'subscribed', topic });
    if (t.loaded) this.trySend(s, t);
  }

  private leave(s: Subscriber, t: Topic): void {
    t.subscribers.delete(s);
    s.topics.delete(t);
    s.owed.delete(t);
    s.sent.delete(t.key);
    if (t.subscribers.size === 0) {
      if (t.timer) clearTimeout(t.timer);
      this.topics.delete(t.key);
    }
  }

  private drop(s: Subscriber): void {
    if (!this.subscribers.delete(s)) return;
    for (const t of [...s.topics]) this.leave(s, t);
  }

  // --- state ---------------------------------------------------------------------------------

  private reload(t: Topic): Promise<void> {
    if (t.loading) {
      t.again = true;
      return t.loading;
    }
    t.loading = (async () => {
      this.loads++;
      try {
        const state = await t.handler.load(t.id);
        if (this.topics.get(t.key) !== t) return;
        if (state === null) {
          for (const s of [...t.subscribers.keys()]) {
            this.leave(s, t);
            this.sendControl(s, { type: 'error', topic: t.key, code: 'not_found' });
          }
          return;
        }
        let current: unknown = state;
        const queued = t.queued.splice(0);
        for (const fn of queued) {
          const next = fn(current);
          // null: a change is missing between what was read and this delta — read again.
          if (next === null) t.again = true;
          else current = next;
        }
        t.loaded = true;
        this.setState(t, current);
      } catch (error) {
        console.error(`live: loading ${t.key} failed`, error);
      } finally {
        t.loading = null;
        if (t.again && this.topics.get(t.key) === t) {
          t.again = false;
          void this.reload(t);
        }
      }
    })();
    return t.loading;
  }

  private setState(t: Topic, state: unknown): void {
    t.state = state;
    t.version++;
    t.renders.clear();
    this.scheduleFlush(t);
  }

  private scheduleFlush(t: Topic): void {
    if (t.timer) return;
    const wait = Math.max(0, t.lastFlush + this.flushMs - Date.now());
    t.timer = setTimeout(() => {
      t.timer = null;
      t.lastFlush = Date.now();
      for (const s of t.subscribers.keys()) this.trySend(s, t);
    }, wait);
  }

  private render(t: Topic, viewer: unknown): string | null {
    const key = t.handler.viewKey ? t.handler.viewKey(viewer) : null;
    if (key !== null) {
      const cached = t.renders.get(key);
      if (cached !== undefined) return cached;
    }
    const data = t.handler.render(t.state, viewer);
    if (data === null || data === undefined) return null;
    const json = JSON.stringify(data);
    if (key !== null) t.renders.set(key, json);
    return json;
  }

  private trySend(s: Subscriber, t: Topic): void {
    if (!t.loaded || s.sent.get(t.key) === t.version) return;
    if (s.socket.readyState !== s.socket.OPEN) return;
    if (s.inflight > 0 || s.socket.bufferedAmount > HIGH_WATER_BYTES) {
      if (s.owed.has(t)) this.statesCoalesced++;
      s.owed.add(t);
      return;
    }
    const data = this.render(t, t.subscribers.get(s));
    s.sent.set(t.key, t.version);
    if (data === null) return;
    const frame = `{"type":"state","topic":${JSON.stringify(t.key)},"serverTime":${this.serverNow()},"version":${t.version},"data":${data}}`;
    s.inflight++;
    this.statesSent++;
    s.socket.send(frame, () => {
      s.inflight--;
      if (s.owed.size && s.inflight === 0) {
        const owed = [...s.owed];
        s.owed.clear();
        for (const o of owed) if (s.topics.has(o)) this.trySend(s, o);
      }
    });
  }

  private sendControl(s: Subscriber, message: Record<string, unknown>): void {
    if (s.socket.readyState === s.socket.OPEN) s.socket.send(JSON.stringify(message));
  }

  // --- upkeep --------------------------------------------------------------------------------

  /** Pings every socket (dead ones are dropped), re-checks each one's session or key, tells the time. */
  private async beat(): Promise<void> {
    const lookups = new Map<string, Promise<Actor | null>>();
    const lookup = (credential: string): Promise<Actor | null> => {
      let found = lookups.get(credential);
      if (!found) {
        const [via, token] = [credential.slice(0, credential.indexOf(':')), credential.slice(credential.indexOf(':') + 1)];
        found = via === 'session' ? this.authenticator.fromSession(token).then((r) => r?.actor ?? null) : this.authenticator.fromApiKey(token);
        lookups.set(credential, found);
      }
      return found;
    };
    for (const s of [...this.subscribers]) {
      if (!s.alive) {
        s.socket.terminate();
        this.drop(s);
        continue;
      }
      s.alive = false;
      s.socket.ping();
      // A database hiccup keeps the connection; a revoked session or suspended organisation ends it.
      const actor = s.credential ? await lookup(s.credential).catch(() => s.actor) : null;
      if (!actor || actor.orgStatus !== 'active' || !actor.mfaPassed) {
        s.socket.close(4401, 'session ended');
        this.drop(s);
        continue;
      }
      s.actor = actor;
      if (s.inflight === 0) this.sendControl(s, { type: 'heartbeat', serverTime: this.serverNow() });
    }
  }

  private async syncClock(): Promise<void> {
    const before = Date.now();
    const [row] = await query<{ ms: string }>(this.db, sql`select (extract(epoch from clock_timestamp()) * 1000)::bigint::text as ms`);
    const after = Date.now();
    this.clockOffsetMs = Math.round(Number(row!.ms) - (before + after) / 2);
  }
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser (browsers always send Origin on WebSocket handshakes)
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
