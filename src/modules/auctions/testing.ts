/**
 * Test fixtures for the auctions tests (never imported by the server): a buyer that runs lots,
 * suppliers that bid, signed-in clients, lot factories, ledger checks and a WebSocket client.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { query } from '../../platform/db.ts';
import { ApiClient, createTestOrg, type TestOrg, type TestServer } from '../../../test/support/harness.ts';
import { roleEmail, signedIn } from '../orders/testing.ts';
import { trialBalance } from '../ledger/index.ts';

export { roleEmail, signedIn };

let counter = 0;
export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export interface Bidder {
  org: TestOrg;
  client: ApiClient;
}

export interface AuctionParties {
  buyer: TestOrg;
  purchaser: ApiClient;
  bidders: Bidder[];
}

export async function createAuctionParties(server: TestServer, bidders = 3, kinds: string[] = ['supplier']): Promise<AuctionParties> {
  const buyer = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
  const purchaser = await signedIn(server, roleEmail(buyer, 'purchaser'));
  const list: Bidder[] = [];
  for (let i = 0; i < bidders; i++) {
    const role = kinds.includes('supplier') ? 'sales' : 'purchaser';
    const org = await createTestOrg(server.ctx, kinds, [{ role }]);
    list.push({ org, client: await signedIn(server, roleEmail(org, role)) });
  }
  return { buyer, purchaser, bidders: list };
}

/** Lot settings for a reverse auction running now for `seconds`, overridable. */
export function lotBody(overrides: Record<string, unknown> = {}, seconds = 600): Record<string, unknown> {
  const now = Date.now();
  return {
    kind: 'reverse',
    title: '电缆竞价 YJV22-3x95',
    itemName: '电力电缆 YJV22-8.7/15kV-3x95',
    itemSpec: '铜芯, 交联聚乙烯绝缘',
    uom: 'm',
    quantity: '1000',
    taxRate: '0.13',
    startPrice: '500.00',
    reservePrice: '450.00',
    stepType: 'absolute',
    stepValue: '1.00',
    tiePolicy: 'rank_behind',
    visibility: 'rank',
    access: 'invited',
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + seconds * 1000).toISOString(),
    ...overrides,
  };
}

function ok<R extends { status: number; text: string }>(r: R, label: string, status?: number): R {
  if (status !== undefined) assert.equal(r.status, status, `${label}: ${r.status} ${r.text}`);
  else assert.ok(r.status < 300, `${label}: ${r.status} ${r.text}`);
  return r;
}

/** Creates, invites every bidder, publishes, and registers each bidder (and pays deposits if any). */
export async function openLot(parties: AuctionParties, overrides: Record<string, unknown> = {}, options: { seconds?: number; register?: Bidder[]; deposits?: boolean } = {}): Promise<any> {
  const created = ok(await parties.purchaser.post('/api/v1/auctions/lots', lotBody(overrides, options.seconds)), 'create lot', 201).body;
  const invited = (overrides.access ?? 'invited') === 'invited';
  if (invited) ok(await parties.purchaser.post(`/api/v1/auctions/lots/${created.id}/invitations`, { orgIds: parties.bidders.map((b) => b.org.orgId) }), 'invite');
  ok(await parties.purchaser.post(`/api/v1/auctions/lots/${created.id}/publish`, {}), 'publish');
  for (const b of options.register ?? parties.bidders) {
    ok(await b.client.post(`/api/v1/auctions/lots/${created.id}/registration`, {}), 'register');
    if (options.deposits !== false && overrides.depositAmount && overrides.depositAmount !== '0.00') {
      ok(await b.client.post(`/api/v1/auctions/lots/${created.id}/deposit`, { amount: overrides.depositAmount, bankReference: uniq('DEP') }), 'deposit');
    }
  }
  return created;
}

export async function bid(client: ApiClient, lotId: string, price: string) {
  return client.post(`/api/v1/auctions/lots/${lotId}/bids`, { price });
}

/** The ledger balances after every scenario, and the deposits the module holds match the books. */
export async function assertBooksBalance(server: TestServer): Promise<void> {
  assert.deepEqual(await trialBalance(server.db), { CNY: '0' });
  // deposits_held per organisation == held auction deposits + sale money awaiting collection + presale deposits awaiting balance
  const rows = await query<{ owner: string; balance: string; expected: string }>(
    server.db,
    sql`with books as (
          select a.owner, coalesce(sum(p.credit - p.debit), 0) as balance from ledger_accounts a
          left join ledger_postings p on p.account_id = a.id where a.purpose = 'deposits_held' group by a.owner),
        expected as (
          select org_id as owner, deposit_amount as amount from auction_participants where deposit_status = 'held'
          union all select winner_org_id, sale_total from auction_lots where status = 'paid'
          union all select buyer_org_id, deposit_amount from presale_orders where status = 'deposit_paid')
        select b.owner, b.balance::text, coalesce((select sum(amount) from expected e where e.owner = b.owner), 0)::text as expected from books b`,
  );
  for (const r of rows) assert.equal(Number(r.balance), Number(r.expected), `deposits_held of ${r.owner}: books ${r.balance}, module ${r.expected}`);
}

export interface LiveMessage {
  type: string;
  topic?: string;
  serverTime?: number;
  version?: number;
  data?: any;
  code?: string;
  at: number;
}

/** A WebSocket client of the live channel, authenticated with the client's session cookie. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  private waiters: Array<{ test: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }> = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = { ...(JSON.parse(data.toString()) as Omit<LiveMessage, 'at'>), at: Date.now() } as LiveMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.test(m) ? (w.resolve(m), false) : true));
    });
  }

  static async connect(baseUrl: string, client: ApiClient, options: { origin?: string } = {}): Promise<LiveClient> {
    const url = baseUrl.replace(/^http/, 'ws') + '/api/v1/live';
    const headers: Record<string, string> = {};
    if (client.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
    if (options.origin) headers.origin = options.origin;
    const socket = new WebSocket(url, { headers });
    const live = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`live: HTTP ${res.statusCode}`)));
    });
    return live;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  next(test: (m: LiveMessage) => boolean, timeoutMs = 10_000): Promise<LiveMessage> {
    const found = this.messages.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`live: no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async subscribe(topic: string): Promise<LiveMessage> {
    this.send({ type: 'subscribe', topic });
    return this.next((m) => m.topic === topic && (m.type === 'subscribed' || m.type === 'error'));
  }

  /** The first state of `topic` with seq ≥ `seq` (and, if given, passing `test`). */
  stateAtLeast(topic: string, seq: number, test: (data: any) => boolean = () => true, timeoutMs = 10_000): Promise<LiveMessage> {
    return this.next((m) => m.type === 'state' && m.topic === topic && m.data.seq >= seq && test(m.data), timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
