// `npm run bench -- order [--duration 30] [--connections 64] [--skus 100000] [--buyers 1000] [--workers N] [--cpu-prof DIR]`
// Order placement end to end through the HTTP API on PostgreSQL: each virtual buyer puts a SKU in
// its cart (POST /orders/cart/items) and checks out (POST /orders/checkout with an
// Idempotency-Key): pricing for this buyer (contract > tier > list), stock reservation, order and
// lines, budget commitment, timeline, outbox event, audit. Latency figures are of the checkout
// request (the order placement); the add-to-cart request is reported beside them.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db.ts';
import { trialBalance } from '../../src/modules/ledger/index.ts';
import { argValue } from '../support/load.ts';
import { freshPgDatabase } from '../support/pg.ts';
import { spawnServer } from '../support/server.ts';

const SUPPLIERS = 200;
/** SKUs with little stock that take a share of the load, so some checkouts lose the race (409). */
const HOT_SKUS = 50;
const HOT_STOCK = 40;
const HOT_SHARE = 0.05;

interface Buyer {
  orgId: string;
  cookie: string;
  csrf: string;
  budgetLineId: string;
}

/** Bulk data in a handful of set-based statements: orgs, users, sessions, catalog, stock, budgets, agreements. */
async function generate(url: string, skuCount: number, buyerCount: number): Promise<{ buyers: Buyer[]; skus: string[]; hot: string[] }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  const t0 = performance.now();
  const q = (text: string, values: unknown[] = []) =>
    client.query(text, values).catch((error: Error) => {
      throw new Error(`${error.message} in: ${text.slice(0, 120)}`);
    });
  await q('begin');
  await q(`insert into catalog_categories (code, parent_code, level, name_zh, name_en) values ('88', null, 1, '基准品类', 'Bench category'), ('8801', '88', 2, '电力电缆', 'Power cables') on conflict do nothing`);
  await q(
    `insert into organizations (id, name, name_en, uscc, kinds, status, region, address, contact_name)
     select 'org_bs' || g, '基准供应商' || g, 'Bench supplier ' || g, '91' || lpad(g::text, 16, '0'), array['supplier'], 'active', '江苏', '南京市' || g || '号', '张工'
     from generate_series(1, $1) g`,
    [SUPPLIERS],
  );
  await q(
    `insert into organizations (id, name, name_en, uscc, kinds, status, region, address, contact_name)
     select 'org_bb' || g, '基准采购单位' || g, 'Bench buyer ' || g, '92' || lpad(g::text, 16, '0'), array['buyer'], 'active', '江苏', '苏州市' || g || '号', '李工'
     from generate_series(1, $1) g`,
    [buyerCount],
  );
  // One purchaser per buyer; the password hash is never used (sessions are created directly).
  await q(
    `insert into users (id, org_id, email, name, password_hash, roles, status, lang)
     select 'usr_bb' || g, 'org_bb' || g, 'purchaser' || g || '@bench.test', '采购员' || g, 'x', array['purchaser'], 'active', 'zh-CN'
     from generate_series(1, $1) g`,
    [buyerCount],
  );
  const tokens = Array.from({ length: buyerCount }, () => randomBytes(24).toString('base64url'));
  const csrfs = Array.from({ length: buyerCount }, () => randomBytes(18).toString('base64url'));
  await q(
    `insert into sessions (id, token_hash, user_id, csrf_token, mfa_passed, expires_at)
     select 'ses_bb' || i, h, 'usr_bb' || i, c, true, now() + interval '1 day'
     from unnest($1::text[], $2::text[]) with ordinality as t(h, c, i)`,
    [tokens.map((t) => createHash('sha256').update(t).digest('hex')), csrfs],
  );
  await q(
    `insert into procurement_plans (id, org_id, name, period_type, period_start, period_end, status, created_by)
     select 'plan_bb' || g, 'org_bb' || g, '年度计划', 'annual', date_trunc('year', now())::date, (date_trunc('year', now()) + interval '1 year - 1 day')::date, 'active', 'usr_bb' || g
     from generate_series(1, $1) g`,
    [buyerCount],
  );
  await q(
    `insert into budget_lines (id, org_id, plan_id, code, org_unit, category_code, period_start, period_end, amount)
     select 'bl_bb' || g, 'org_bb' || g, 'plan_bb' || g, 'BL-' || g, '物资部', null, date_trunc('year', now())::date, (date_trunc('year', now()) + interval '1 year - 1 day')::date, 1000000000
     from generate_series(1, $1) g`,
    [buyerCount],
  );
  // Products with one SKU each, spread over the suppliers; a volume tier on every third SKU.
  await q(
    `insert into catalog_products (id, supplier_org_id, category_code, name_zh, name_en, brand, model, specs, uom, tax_rate, lead_time_days, delivery_regions, review_status, active)
     select 'prd_b' || g, 'org_bs' || (1 + g % $2), '8801', '交联聚乙烯绝缘电力电缆 YJV22-' || g, 'XLPE power cable YJV22-' || g, '基准', 'YJV22-' || g,
            jsonb_build_object('cross_section', (g % 300) || 'mm2'), 'm', 0.13, 7, array['全国'], 'approved', true
     from generate_series(1, $1) g`,
    [skuCount, SUPPLIERS],
  );
  await q(
    `insert into catalog_skus (id, product_id, supplier_org_id, sku_code, specs, list_price, moq, increment, available_qty)
     select 'sku_b' || g, 'prd_b' || g, 'org_bs' || (1 + g % $2), 'B-' || g, '{}'::jsonb, 10 + (g % 997) * 1.37, 1, 1, 1000000
     from generate_series(1, $1) g`,
    [skuCount, SUPPLIERS],
  );
  await q(`insert into catalog_price_tiers (sku_id, min_qty, unit_price) select 'sku_b' || g, 3, (10 + (g % 997) * 1.37) * 0.95 from generate_series(1, $1, 3) g`, [skuCount]);
  await q(`insert into warehouses (id, org_id, code, name, region) select 'wh_bs' || g, 'org_bs' || g, 'WH1', '中心仓' || g, '江苏' from generate_series(1, $1) g`, [SUPPLIERS]);
  await q(
    `insert into stock_levels (sku_id, warehouse_id, org_id, on_hand, reserved)
     select 'sku_b' || g, 'wh_bs' || (1 + g % $2), 'org_bs' || (1 + g % $2), case when g <= $3 then $4 else 1000000 end, 0
     from generate_series(1, $1) g`,
    [skuCount, SUPPLIERS, HOT_SKUS, HOT_STOCK],
  );
  // A framework agreement per buyer with one supplier: contract prices on 20 of its SKUs.
  await q(
    `insert into catalog_agreements (id, code, title, buyer_org_id, supplier_org_id, valid_from, valid_to, status, confirmed_at)
     select 'fa_b' || g, 'FA-B-' || g, '年度框架协议', 'org_bb' || g, 'org_bs' || (1 + g % $2), now() - interval '1 day', now() + interval '1 year', 'active', now()
     from generate_series(1, $1) g`,
    [buyerCount, SUPPLIERS],
  );
  await q(
    `insert into catalog_agreement_items (id, agreement_id, sku_id, unit_price)
     select 'fai_b' || b || '_' || s.id, 'fa_b' || b, s.id, s.list_price * 0.9
     from generate_series(1, $1) b
     cross join lateral (select id, list_price from catalog_skus where supplier_org_id = 'org_bs' || (1 + b % $2) and id not in (select 'sku_b' || h from generate_series(1, $3) h) limit 20) s`,
    [buyerCount, SUPPLIERS, HOT_SKUS],
  );
  await q('commit');
  await q('analyze');
  await client.end();
  console.log(`generated ${skuCount} SKUs, ${SUPPLIERS} suppliers, ${buyerCount} buyers in ${Math.round(performance.now() - t0)} ms`);
  return {
    buyers: tokens.map((t, i) => ({ orgId: `org_bb${i + 1}`, cookie: `cotrade_session=${t}; cotrade_csrf=${csrfs[i]}`, csrf: csrfs[i]!, budgetLineId: `bl_bb${i + 1}` })),
    skus: Array.from({ length: skuCount - HOT_SKUS }, (_, i) => `sku_b${i + HOT_SKUS + 1}`),
    hot: Array.from({ length: HOT_SKUS }, (_, i) => `sku_b${i + 1}`),
  };
}

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function post(agent: http.Agent, base: URL, path: string, buyer: Buyer, body: unknown, extra: Record<string, string> = {}): Promise<Reply> {
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), cookie: buyer.cookie, 'x-csrf-token': buyer.csrf, ...extra },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: Float64Array, q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 100) / 100 : NaN);

export default async function order(args: string[]): Promise<Record<string, unknown>> {
  const durationSeconds = Number(argValue(args, 'duration') ?? 30);
  const connections = Number(argValue(args, 'connections') ?? 64);
  const skuCount = Number(argValue(args, 'skus') ?? 100_000);
  const buyerCount = Number(argValue(args, 'buyers') ?? 1000);
  const workers = argValue(args, 'workers');
  const profileDir = argValue(args, 'cpu-prof');
  if (buyerCount < connections) throw new Error('need at least one buyer per connection (a cart belongs to one user)');

  const database = await freshPgDatabase('cotrade_bench_order');
  console.log(`database ${database.name}`);
  try {
    // The first start migrates the empty database; data is generated once it is up.
    const server = await spawnServer({
      env: { DATABASE_URL: database.url, COTRADE_DEMO: '0', COTRADE_DB_POOL: String(Math.max(connections, 20)), ...(workers ? { COTRADE_WORKERS: workers } : {}) },
      nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    try {
      const data = await generate(database.url, skuCount, buyerCount);
      const base = new URL(server.url);
      const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
      const checkoutMs: number[] = [];
      const cartMs: number[] = [];
      const statuses: Record<string, number> = {};
      let orders = 0;
      let errors = 0;
      let firstError = '';
      let measuring = false;
      let stop = false;

      const virtualUser = async (vu: number) => {
        let round = 0;
        while (!stop) {
          // Each connection has its own buyers (a cart belongs to one user): vu, vu + connections, …
          const buyer = data.buyers[(vu + connections * round++) % buyerCount]!;
          const hot = Math.random() < HOT_SHARE;
          const skuId = hot ? data.hot[Math.floor(Math.random() * data.hot.length)]! : data.skus[Math.floor(Math.random() * data.skus.length)]!;
          try {
            const cart = await post(agent, base, '/api/v1/orders/cart/items', buyer, { skuId, quantity: String(1 + Math.floor(Math.random() * 4)) });
            if (cart.status !== 200) {
              errors++;
              firstError ||= `cart ${cart.status} ${cart.body.slice(0, 300)}`;
              continue;
            }
            const checkout = await post(
              agent,
              base,
              '/api/v1/orders/checkout',
              buyer,
              { paymentMethod: 'escrow', deliveryAddress: '江苏省苏州市工业园区 1 号', deliveryRegion: '江苏', budgetLineId: buyer.budgetLineId },
              { 'idempotency-key': `bench-${vu}-${round}-${randomBytes(4).toString('hex')}` },
            );
            if (!measuring) continue;
            cartMs.push(cart.ms);
            statuses[checkout.status] = (statuses[checkout.status] ?? 0) + 1;
            if (checkout.status === 201) {
              checkoutMs.push(checkout.ms);
              orders += (JSON.parse(checkout.body) as { orders: unknown[] }).orders.length;
            } else if (checkout.status === 409 && checkout.body.includes('inventory.insufficient_stock')) {
              // A hot SKU ran out: the clear 409 of a lost stock race. Empty the cart line and go on.
              await new Promise<void>((resolve) => {
                const req = http.request({ agent, host: base.hostname, port: base.port, method: 'DELETE', path: '/api/v1/orders/cart', headers: { cookie: buyer.cookie, 'x-csrf-token': buyer.csrf } }, (res) => {
                  res.resume();
                  res.on('end', () => resolve());
                });
                req.on('error', () => resolve());
                req.end();
              });
            } else {
              errors++;
              firstError ||= `checkout ${checkout.status} ${checkout.body.slice(0, 300)}`;
            }
          } catch (error) {
            errors++;
            firstError ||= String(error);
          }
        }
      };

      // Warm-up (JIT, pool connections, caches), then the measured run.
      const users = Array.from({ length: connections }, (_, i) => virtualUser(i));
      await new Promise((r) => setTimeout(r, 3000));
      measuring = true;
      const startedAt = performance.now();
      await new Promise((r) => setTimeout(r, durationSeconds * 1000));
      measuring = false;
      const elapsed = (performance.now() - startedAt) / 1000;
      stop = true;
      await Promise.all(users);
      agent.destroy();

      // Invariants after the load.
      const db = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const oversold = await client.query<{ n: string }>(
        `select count(*)::text as n from stock_levels s
         left join (select sku_id, warehouse_id, sum(quantity - consumed) as held from stock_reservations where status = 'active' group by 1, 2) r
           on r.sku_id = s.sku_id and r.warehouse_id = s.warehouse_id
         where s.on_hand < 0 or s.reserved < 0 or s.reserved > s.on_hand or s.reserved <> coalesce(r.held, 0)`,
      );
      const hotOrdered = await client.query<{ q: string }>(
        `select coalesce(sum(l.quantity), 0)::text as q from purchase_order_lines l join purchase_orders o on o.id = l.order_id
         where o.status = 'submitted' and l.sku_id = any($1::text[])`,
        [data.hot],
      );
      const totals = await client.query<{ n: string }>(
        `select count(*)::text as n from (select o.id from purchase_orders o join purchase_order_lines l on l.order_id = o.id group by o.id
           having o.total <> sum(l.line_total) or o.subtotal <> sum(l.line_subtotal)) x`,
      );
      await client.end();
      const balance = await trialBalance(db.db);
      await db.close();
      const nonZero = Object.entries(balance).filter(([, v]) => Number(v) !== 0);
      const oversoldCount = Number(oversold.rows[0]!.n) + Math.max(0, Number(hotOrdered.rows[0]!.q) - HOT_SKUS * HOT_STOCK);

      const sorted = Float64Array.from(checkoutMs).sort();
      const cartSorted = Float64Array.from(cartMs).sort();
      console.log(
        `${orders} orders in ${elapsed.toFixed(1)} s at concurrency ${connections}${workers ? ` (${workers} server processes)` : ''}; ` +
          `checkout statuses ${JSON.stringify(statuses)}; errors ${errors}${firstError ? ` (first: ${firstError})` : ''}; ` +
          `add-to-cart p50 ${percentile(cartSorted, 0.5)} ms p95 ${percentile(cartSorted, 0.95)} ms; orders whose totals differ from their lines: ${totals.rows[0]!.n}`,
      );
      return {
        orders_per_s: Math.round(orders / elapsed),
        p50_ms: percentile(sorted, 0.5),
        p95_ms: percentile(sorted, 0.95),
        p99_ms: percentile(sorted, 0.99),
        oversold: oversoldCount,
        trial_balance: nonZero.length ? JSON.stringify(balance) : '0',
        orders,
        sold_out_409: statuses[409] ?? 0,
        errors,
        cart_p50_ms: percentile(cartSorted, 0.5),
        cart_p95_ms: percentile(cartSorted, 0.95),
        connections,
        duration_s: durationSeconds,
        skus: skuCount,
        buyers: buyerCount,
        server_processes: workers ? Number(workers) : 1,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
