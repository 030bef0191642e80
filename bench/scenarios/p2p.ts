// `npm run bench -- p2p [--orders 1000] [--concurrency 16] [--workers 2]`
// The whole procure-to-pay flow through the HTTP API on PostgreSQL, per order: requisition →
// approval → order from the requisition → supplier confirmation → both signatures (e-contract) →
// shipment → delivery → goods receipt and acceptance → invoice (three-way match) → payment and
// settlement. Half the orders pay into escrow after signing (released on acceptance), half are on
// credit terms and pay the approved invoice. Figures: flows_per_s and the p95 of each step; at the
// end every order must be settled, the trial balance zero and escrow empty.
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { argValue } from '../support/load.ts';
import { freshPgDatabase } from '../support/pg.ts';
import { spawnServer } from '../support/server.ts';

const STEPS = ['requisition', 'approval', 'order', 'confirm', 'sign', 'ship', 'deliver', 'receive', 'invoice', 'payment'] as const;
type Step = (typeof STEPS)[number];

/** A signed-in user: session cookie and CSRF token, JSON in and out. */
class Client {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly baseUrl: string,
    readonly email: string,
  ) {}

  async signIn(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: DEMO_PASSWORD }),
    });
    const body = (await res.json()) as { status?: string; csrfToken?: string };
    if (res.status !== 200 || body.status !== 'signed_in') throw new Error(`sign-in of ${this.email}: ${res.status} ${JSON.stringify(body)}`);
    this.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    this.csrf = body.csrfToken ?? /cotrade_csrf=([^;]+)/.exec(this.cookie)?.[1] ?? '';
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<any> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'accept-language': 'zh-CN', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} as ${this.email}: ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  }
}

function p95(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! * 10) / 10;
}

export default async function p2p(args: string[]): Promise<Record<string, unknown>> {
  const orders = Number(argValue(args, 'orders') ?? 1000);
  const concurrency = Number(argValue(args, 'concurrency') ?? 16);
  const workers = argValue(args, 'workers') ?? '2';

  const database = await freshPgDatabase('cotrade_bench_p2p');
  console.log(`database ${database.name}`);
  const db = new pg.Client({ connectionString: database.url });
  try {
    const server = await spawnServer({ env: { DATABASE_URL: database.url, COTRADE_DEMO: '1', COTRADE_WORKERS: workers, COTRADE_CONTRACT_MFA_THRESHOLD: '100000000' } });
    try {
      console.log(`server ready at ${server.url} in ${Math.round(server.readyMs)} ms (${workers} server processes)`);
      await db.connect();
      const user = async (email: string) => {
        const c = new Client(server.url, email);
        await c.signIn();
        return c;
      };
      const admin = await user('admin@js-grid.demo');
      const requisitioner = await user('requisitioner@js-grid.demo');
      const approver = await user('approver@js-grid.demo');
      const purchaser = await user('purchaser@js-grid.demo');
      const receiver = await user('receiver@js-grid.demo');
      const buyerFinance = await user('finance@js-grid.demo');
      const sales = await user('sales@fareast-cable.demo');
      const fulfilment = await user('fulfilment@fareast-cable.demo');
      const supplierFinance = await user('finance@fareast-cable.demo');

      // Set-up: a budget line big enough for every order, an approval rule (one approver), a SKU.
      const year = new Date().getUTCFullYear();
      const plan = await buyerFinance.call('POST', '/procurement/plans', {
        name: `基准测试 ${Date.now()}`,
        periodType: 'annual',
        periodStart: `${year}-01-01`,
        budgetLines: [{ code: `BENCH-${Date.now()}`, orgUnit: '物资部', amount: '100000000.00' }],
      });
      const budgetLineId: string = plan.budgetLines[0].id;
      await admin.call('POST', '/procurement/approval-rules', { name: '基准测试审批', priority: 0, minAmount: '0.00', steps: [{ roles: ['approver'], mode: 'any' }] });
      const sku = await db.query<{ id: string }>(`select id from catalog_skus where sku_code = 'FE-BV-2.5'`);
      if (!sku.rows[0]) throw new Error('demo SKU FE-BV-2.5 not found');
      const skuId = sku.rows[0].id;
      const approverId = (await approver.call('GET', '/me')).user.id as string;

      const timings: Record<Step, number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>;
      const time = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const out = await run();
        timings[step].push(performance.now() - t0);
        return out;
      };

      let vat = 10_000_000;
      async function flow(n: number): Promise<void> {
        const escrow = n % 2 === 0;
        const requisition = await time('requisition', async () => {
          const draft = await requisitioner.call('POST', '/procurement/requisitions', {
            title: `基准需求 ${n}`,
            budgetLineId,
            deliverySite: '江苏省南京市 物资仓库',
            lines: [{ skuId, quantity: '100' }],
          });
          return requisitioner.call('POST', `/procurement/requisitions/${draft.id}/submit`, {});
        });
        await time('approval', async () => {
          const task = (requisition.approval as Array<{ id: string; assigneeId: string; status: string }>).find((t) => t.status === 'pending' && t.assigneeId === approverId);
          if (!task) throw new Error(`no approval task for the approver on ${requisition.number}: ${JSON.stringify(requisition.approval)}`);
          const decided = await approver.call('POST', `/procurement/approval-tasks/${task.id}/approve`, { comment: '同意' });
          if (decided.outcome !== 'approved') throw new Error(`approval outcome ${decided.outcome}`);
        });
        const order = await time('order', async () => {
          const created = await purchaser.call('POST', '/orders/from-requisition', { requisitionId: requisition.id, paymentMethod: escrow ? 'escrow' : 'credit', creditDays: escrow ? null : 30 });
          return created.orders[0] as { id: string; number: string; total: string; lines: Array<{ id: string; quantity: string }> };
        });
        await time('confirm', () => sales.call('POST', `/orders/${order.id}/confirm`, {}));
        await time('sign', async () => {
          await purchaser.call('POST', `/orders/${order.id}/contract/sign`, {});
          await sales.call('POST', `/orders/${order.id}/contract/sign`, {});
        });
        if (escrow) {
          await time('payment', () => buyerFinance.call('POST', '/payments', { purpose: 'escrow', orderId: order.id, amount: order.total, bankReference: `ESC-${order.number}` }));
        }
        const shipment = await time('ship', async () => {
          const shipped = await fulfilment.call('POST', `/orders/${order.id}/shipments`, { carrier: '顺丰速运', trackingNumber: `SF${n}`, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) });
          return shipped.shipment as { id: string };
        });
        await time('deliver', () => receiver.call('POST', `/shipments/${shipment.id}/deliver`));
        await time('receive', () =>
          receiver.call('POST', `/orders/${order.id}/receipts`, {
            shipmentId: shipment.id,
            lines: order.lines.map((l) => ({ orderLineId: l.id, receivedQuantity: l.quantity, acceptedQuantity: l.quantity, rejectedQuantity: '0' })),
          }),
        );
        const invoice = await time('invoice', () => supplierFinance.call('POST', '/invoices', { orderId: order.id, vatInvoiceNumber: String(++vat) }));
        if (!escrow) {
          await time('payment', () => buyerFinance.call('POST', '/payments', { purpose: 'invoice', invoiceId: invoice.id, amount: invoice.total, bankReference: `CR-${invoice.number}` }));
        }
      }

      const loadBefore = Math.round(loadavg()[0]! * 100) / 100;
      console.log(`machine load average (1 min) before the run: ${loadBefore} on ${availableParallelism()} CPUs`);
      let next = 0;
      let failures = 0;
      const errors: string[] = [];
      const started = performance.now();
      const cpuBefore = server.cpuSeconds();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (;;) {
            const n = next++;
            if (n >= orders) return;
            try {
              await flow(n);
            } catch (error) {
              failures++;
              if (errors.length < 5) errors.push(String(error));
            }
            if ((n + 1) % 100 === 0) console.log(`${n + 1} flows started, ${Math.round((performance.now() - started) / 1000)} s`);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = server.cpuSeconds() - cpuBefore;
      for (const e of errors) console.log(`error: ${e}`);
      if (failures) {
        const logged = server.output().split('\n').filter((l) => /"level":50|error/i.test(l)).slice(-10);
        for (const line of logged) console.log(`server: ${line.slice(0, 1500)}`);
      }

      const settled = await db.query<{ n: number }>(`select count(*)::int as n from purchase_orders where status = 'settled'`);
      const trial = await db.query<{ diff: string }>(`select coalesce(sum(debit) - sum(credit), 0)::text as diff from ledger_postings`);
      const escrow = await db.query<{ ledger: string; orders: string }>(
        `select (select coalesce(sum(p.credit - p.debit), 0) from ledger_postings p join ledger_accounts a on a.id = p.account_id where a.purpose = 'escrow')::text as ledger,
                (select coalesce(sum(escrow_held), 0) from purchase_orders)::text as orders`,
      );
      const figures: Record<string, unknown> = {
        flows_per_s: Math.round(((orders - failures) / seconds) * 100) / 100,
        ...Object.fromEntries(STEPS.map((s) => [`p95_${s}_ms`, p95(timings[s])])),
        orders,
        settled: settled.rows[0]!.n,
        failed: failures,
        trial_balance: Number(trial.rows[0]!.diff) === 0 ? '0' : trial.rows[0]!.diff,
        escrow_held: escrow.rows[0]!.orders,
        escrow_ledger: escrow.rows[0]!.ledger,
        duration_s: Math.round(seconds * 10) / 10,
        concurrency,
        server_processes: workers === 'auto' ? availableParallelism() : Number(workers),
        server_cpu_ms_per_flow: Math.round((cpuSeconds * 1000) / Math.max(1, orders - failures)),
        load_avg_before: loadBefore,
      };
      console.log(`${orders - failures} of ${orders} flows in ${figures.duration_s} s; ${figures.settled} orders settled`);
      return figures;
    } finally {
      await server.stop();
    }
  } finally {
    await db.end().catch(() => {});
    await database.drop();
  }
}
