// `npm run bench -- auction [--seconds 30] [--bidders 200] [--subscribers 1000] [--rate 0] [--cpu-prof DIR]`
//
// One reverse-auction lot on a fresh PostgreSQL database, two server processes (separate ports,
// no sticky anything). Bidders post valid bids (each undercuts its own last bid by the step) as
// fast as they can — closed loop, one request in flight per bidder, half of them on each process —
// while `subscribers` WebSocket clients (5 per bidder organisation, alternating processes) watch
// the lot. The lot ends `seconds` after the start; bidders keep going 1.5 s past the end.
//
// Figures: bids_per_s (accepted, during the lot), bid_p95_ms (accepted bids, request → answer),
// fanout_p99_ms (over accepted bids: acceptance time at the server → the moment the LAST
// subscriber has seen a state at least that new), late_accepted (bids stored at or after the end,
// plus 201s for requests sent after it: must be 0). `--rate N` paces the bidders open-loop at N
// bids/s in total instead (latency at a given load rather than at saturation).
import { once } from 'node:events';
import net from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { systemCtx } from '../../src/platform/context.ts';
import { openDatabase, query } from '../../src/platform/db.ts';
import { completeUscc } from '../../src/modules/identity/uscc.ts';
import { hashPassword } from '../../src/modules/identity/password.ts';
import { seedOrganization } from '../../src/modules/identity/seed.ts';
import { verifyBidChain } from '../../src/modules/auctions/index.ts';
import { argValue } from '../support/load.ts';
import { freshPgDatabase } from '../support/pg.ts';
import { spawnServer, type ServerProcess } from '../support/server.ts';

const PASSWORD = 'Bench#Auction2026';

interface Session {
  cookie: string;
  csrf: string;
}

/** A keep-alive HTTP/1.1 connection with one request in flight: cheaper per request than fetch. */
class Connection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((r: { status: number; body: string }) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (e) => this.failed?.(e));
  }

  ready(): Promise<unknown> {
    return once(this.socket, 'connect');
  }

  request(raw: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.socket.write(raw);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    const status = Number(head.slice(9, 12));
    const done = this.waiting;
    this.waiting = null;
    done?.({ status, body });
  }

  close(): void {
    this.socket.destroy();
  }
}

function post(path: string, port: number, session: Session, body: unknown): string {
  const json = JSON.stringify(body);
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${session.cookie}\r\nX-CSRF-Token: ${session.csrf}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

async function signIn(url: string, email: string, n: number): Promise<Session> {
  // Each bidder from its own address, as behind a load balancer (the sign-in throttle counts per address).
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('cotrade_csrf='))!.slice('cotrade_csrf='.length) };
}

async function api(url: string, session: Session, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function inParallel<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** CPU seconds of every PostgreSQL server process on the machine (user + system). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

const percentile = (sorted: ArrayLike<number>, q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10 : NaN);

export default async function auction(args: string[]): Promise<Record<string, unknown>> {
  const seconds = Number(argValue(args, 'seconds') ?? 30);
  const bidderCount = Number(argValue(args, 'bidders') ?? 200);
  const subscriberCount = Number(argValue(args, 'subscribers') ?? 1000);
  const rate = Number(argValue(args, 'rate') ?? 0);
  const profileDir = argValue(args, 'cpu-prof');
  const auditEach = args.includes('--audit-each-bid');

  const database = await freshPgDatabase('cotrade_bench_auction');
  console.log(`database ${database.name}`);
  const servers: ServerProcess[] = [];
  try {
    const env = { DATABASE_URL: database.url, COTRADE_DEMO: '0', COTRADE_WORKERS: '1', LOG_LEVEL: 'warn', ...(auditEach ? { COTRADE_AUCTION_AUDIT_BIDS: '1' } : {}) };
    const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const echo = args.includes('--echo');
    // One after the other: the first migrates the fresh database.
    servers.push(await spawnServer({ env, nodeFlags, echo: echo ? 'A| ' : undefined }));
    servers.push(await spawnServer({ env, nodeFlags, echo: echo ? 'B| ' : undefined }));
    const ports = servers.map((s) => Number(new URL(s.url).port));
    console.log(`servers at ${servers.map((s) => s.url).join(', ')}`);

    // Organisations and users, straight into the database; sessions through the sign-in route.
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
    const ctx = systemCtx(db.db, 'bench');
    const passwordHash = await hashPassword(PASSWORD);
    const tag = Date.now().toString(36);
    const digits = (n: number) => String(Date.now() % 1e6).padStart(6, '0') + String(n).padStart(3, '0');
    const buyer = await seedOrganization(ctx, { name: '国网江苏物资公司（压测）', uscc: completeUscc(`91320000${digits(999)}`.slice(0, 17)), kinds: ['buyer'], users: [{ email: `purchaser@${tag}.bench`, name: '采购员', roles: ['purchaser'], passwordHash }] });
    const suppliers = await inParallel(Array.from({ length: bidderCount }, (_, i) => i), 4, (i) =>
      seedOrganization(ctx, { name: `压测供应商 ${i}`, uscc: completeUscc(`91320100${digits(i)}`.slice(0, 17)), kinds: ['supplier'], users: [{ email: `sales${i}@${tag}.bench`, name: `销售 ${i}`, roles: ['sales'], passwordHash }] }),
    );
    const purchaser = await signIn(servers[0]!.url, `purchaser@${tag}.bench`, 1);
    const sessions = await inParallel(suppliers, 4, (_, i) => signIn(servers[i % 2]!.url, `sales${i}@${tag}.bench`, i + 2));
    console.log(`${bidderCount} supplier organisations signed in`);

    // The lot: invited suppliers, 0.01 step, equal bids rank behind, no anti-sniping (a fixed end).
    const setupMs = 25_000;
    const startAt = Date.now() + setupMs;
    const endAt = startAt + seconds * 1000;
    const lot = await api(servers[0]!.url, purchaser, 'POST', '/api/v1/auctions/lots', {
      kind: 'reverse',
      title: '压测竞价 YJV22-8.7/15kV-3x240',
      itemName: '电力电缆 YJV22-8.7/15kV-3x240',
      uom: 'm',
      quantity: '10000',
      taxRate: '0.13',
      startPrice: '100000.00',
      stepType: 'absolute',
      stepValue: '0.01',
      tiePolicy: 'rank_behind',
      visibility: 'rank',
      access: 'invited',
      startsAt: new Date(startAt).toISOString(),
      endsAt: new Date(endAt).toISOString(),
    });
    await api(servers[0]!.url, purchaser, 'POST', `/api/v1/auctions/lots/${lot.id}/invitations`, { orgIds: suppliers.map((s) => s.orgId) });
    await api(servers[0]!.url, purchaser, 'POST', `/api/v1/auctions/lots/${lot.id}/publish`, {});
    await inParallel(sessions, 8, (s, i) => api(servers[i % 2]!.url, s, 'POST', `/api/v1/auctions/lots/${lot.id}/registration`, {}));
    console.log(`lot ${lot.number} published, ${bidderCount} bidders registered`);

    // Subscribers: `subscriberCount` sockets spread over the bidder organisations and both processes.
    const topic = `auction:${lot.id}`;
    const seen: Array<{ seqs: number[]; times: number[] }> = [];
    const sockets: WebSocket[] = [];
    await inParallel(Array.from({ length: subscriberCount }, (_, i) => i), 50, async (i) => {
      const session = sessions[i % bidderCount]!;
      const socket = new WebSocket(`ws://127.0.0.1:${ports[i % 2]}/api/v1/live`, { headers: { cookie: session.cookie } });
      const record = { seqs: [] as number[], times: [] as number[] };
      seen.push(record);
      sockets.push(socket);
      socket.on('message', (data) => {
        const text = data.toString();
        if (!text.startsWith('{"type":"state"')) return;
        const seq = Number(/"seq":(\d+)/.exec(text)?.[1] ?? -1);
        record.seqs.push(seq);
        record.times.push(Date.now());
      });
      await once(socket, 'open');
      socket.send(JSON.stringify({ type: 'subscribe', topic }));
    });
    console.log(`${sockets.length} subscribers connected`);

    const loadBefore = Math.round(loadavg()[0]! * 100) / 100;
    console.log(`machine load average (1 min) before the run: ${loadBefore} on ${availableParallelism()} CPUs`);
    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));

    // The run.
    const cpuBefore = servers.map((s) => s.cpuSeconds());
    const pgCpuBefore = postgresCpuSeconds();
    const clientCpuBefore = process.cpuUsage();
    const latencies: number[] = [];
    const accepted: Array<{ seq: number; acceptedMs: number }> = [];
    const statuses = new Map<string, number>();
    let lateAnswers = 0;
    const stopAt = endAt + 1500;
    const perBidderInterval = rate > 0 ? (bidderCount / rate) * 1000 : 0;
    await Promise.all(
      sessions.map(async (session, i) => {
        const port = ports[i % 2]!;
        const conn = new Connection(port);
        await conn.ready();
        const path = `/api/v1/auctions/lots/${lot.id}/bids`;
        let cents = 10_000_000 - i; // distinct opening prices; each bid undercuts its own last by one step
        let next = Date.now() + (perBidderInterval ? Math.random() * perBidderInterval : 0);
        while (Date.now() < stopAt) {
          if (perBidderInterval) {
            const wait = next - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            next += perBidderInterval;
          }
          cents -= 1;
          const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
          const sent = performance.now();
          const sentAt = Date.now();
          const r = await conn.request(post(path, port, session, { price }));
          const ms = performance.now() - sent;
          let key = String(r.status);
          if (r.status === 201) {
            const body = JSON.parse(r.body) as { seq: number; acceptedAt: string };
            accepted.push({ seq: body.seq, acceptedMs: Date.parse(body.acceptedAt) + Number(body.acceptedAt.slice(23, 26)) / 1000 });
            latencies.push(ms);
            if (sentAt > endAt) lateAnswers++;
          } else {
            key += ` ${/"code":"([^"]+)"/.exec(r.body)?.[1] ?? ''}`;
            if (r.status === 409 && key.includes('lot_closed')) cents += 1; // not placed: reuse the price
          }
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }
        conn.close();
      }),
    );
    const cpu = servers.map((s, i) => s.cpuSeconds() - cpuBefore[i]!);
    const pgCpu = postgresCpuSeconds() - pgCpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    await new Promise((r) => setTimeout(r, 3000)); // the last states and the close reach everyone

    // Fan-out: for each accepted bid, when had the last subscriber seen a state at least that new?
    const fanout: number[] = [];
    let unseen = 0;
    for (const bid of accepted) {
      let worst = 0;
      for (const s of seen) {
        let lo = 0;
        let hi = s.seqs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (s.seqs[mid]! >= bid.seq) hi = mid;
          else lo = mid + 1;
        }
        if (lo === s.seqs.length) {
          worst = Infinity;
          break;
        }
        worst = Math.max(worst, s.times[lo]! - bid.acceptedMs);
      }
      if (worst === Infinity) unseen++;
      else fanout.push(worst);
    }
    fanout.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);

    const [row] = await query<{ ends_us: string; seq: string; n: string; late: string; batches: string }>(
      db.db,
      sql`select (extract(epoch from l.ends_at) * 1000000)::bigint::text as ends_us, l.seq::text,
                 (select count(*) from auction_bids b where b.lot_id = l.id)::text as n,
                 (select count(*) from auction_bids b where b.lot_id = l.id and b.accepted_at >= l.ends_at)::text as late,
                 (select count(*) from outbox_events e where e.topic = 'auctions.lot.bids_accepted' and e.payload->>'lotId' = l.id)::text as batches
          from auction_lots l where l.id = ${lot.id}`,
    );
    const chain = await verifyBidChain(db.db, lot.id);
    const [order] = await query<{ disorder: string }>(
      db.db,
      sql`select count(*)::text as disorder from (select accepted_at, lag(accepted_at) over (order by seq) as prev from auction_bids where lot_id = ${lot.id}) x where prev >= accepted_at`,
    );
    for (const s of sockets) s.terminate();
    await db.close();

    const storedLate = Number(row!.late);
    const figures = {
      bids_per_s: Math.round(accepted.length / seconds),
      bid_p95_ms: percentile(latencies, 0.95),
      fanout_p99_ms: percentile(fanout, 0.99),
      late_accepted: storedLate + lateAnswers,
      bid_p50_ms: percentile(latencies, 0.5),
      bid_p99_ms: percentile(latencies, 0.99),
      fanout_p50_ms: percentile(fanout, 0.5),
      fanout_unseen: unseen,
      accepted: accepted.length,
      stored: Number(row!.n),
      mean_batch: Math.round((Number(row!.n) / Math.max(1, Number(row!.batches))) * 10) / 10,
      statuses: Object.fromEntries([...statuses].sort()),
      chain_ok: chain.ok,
      time_order_violations: Number(order!.disorder),
      server_cpu_s: cpu.map((c) => Math.round(c * 10) / 10),
      postgres_cpu_s: Math.round(pgCpu * 10) / 10,
      bench_client_cpu_s: Math.round((clientCpu.user + clientCpu.system) / 1e5) / 10,
      server_cpu_ms_per_bid: Math.round(((cpu[0]! + cpu[1]!) * 1000 * 1000) / Math.max(1, accepted.length)) / 1000,
      load_avg_before: loadBefore,
      bidders: bidderCount,
      subscribers: sockets.length,
      seconds,
      mode: rate > 0 ? `open loop at ${rate} bids/s` : 'closed loop (as fast as they can)',
      audit_each_bid: auditEach,
    };
    console.log(JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    for (const s of servers) await s.stop();
    await database.drop();
  }
}
