import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, createTestOrg, isPostgres, spawnServerProcess, startTestServer, type TestOrg, type TestServer } from '../../../test/support/harness.ts';
import { assertInvariants, createSkus, roleEmail, signedIn } from './testing.ts';

/**
 * Races and crashes on the real PostgreSQL, through separate server processes (PGlite is one
 * session, so these are skipped there).
 */
const skip = !isPostgres() && 'races and crashes need the real PostgreSQL and server processes';

let server: TestServer;
let supplier: TestOrg;
const purchasers: ApiClient[] = [];

before(async () => {
  if (skip) return;
  server = await startTestServer();
  supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  for (let i = 0; i < 4; i++) {
    const buyer = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
    purchasers.push(await signedIn(server, roleEmail(buyer, 'purchaser')));
  }
});

/** The same signed-in user, talking to another server process. */
function via(url: string, client: ApiClient): ApiClient {
  const c = new ApiClient(url);
  for (const [k, v] of client.cookies) c.cookies.set(k, v);
  return c;
}

async function stockOf(skuId: string) {
  const [row] = await query<{ on_hand: string; reserved: string; negative: boolean }>(
    server.db,
    sql`select sum(on_hand)::text as on_hand, sum(reserved)::text as reserved, bool_or(on_hand < 0 or reserved < 0 or reserved > on_hand) as negative from stock_levels where sku_id = ${skuId}`,
  );
  return { onHand: Number(row!.on_hand), reserved: Number(row!.reserved), negative: row!.negative };
}

describe('through two server processes on PostgreSQL', { skip }, () => {
  test('200 concurrent checkouts for the last 10 units: exactly 10 reserved, never negative, every loser a 409', async () => {
    const a = await spawnServerProcess({ DATABASE_URL: server.testDb.url! });
    const b = await spawnServerProcess({ DATABASE_URL: server.testDb.url! });
    const { skuIds } = await createSkus(server, supplier, [{ price: '88.8', stock: '6' }]);
    const sku = skuIds[0]!;
    // A second warehouse holds the other 4 of the last 10 units.
    const { createWarehouse, adjustStock } = await import('../inventory/index.ts');
    const { userCtx } = await import('./testing.ts');
    const sctx = userCtx(server, supplier, supplier.admin, ['supplier']);
    const wh = await createWarehouse(sctx, { code: `RACE-${Date.now()}`, name: '第二仓库' });
    await adjustStock(sctx, { skuId: sku, warehouseId: wh.id, delta: '4', reason: 'opening stock' });

    const clients = purchasers.flatMap((p) => [via(a.url, p), via(b.url, p)]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clients[i % clients.length]!.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: sku, quantity: '1' }] }, { idempotencyKey: `race-${i}` }),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    assert.equal(won.length, 10, `statuses: ${JSON.stringify(results.map((r) => r.status).reduce<Record<number, number>>((m, s) => ((m[s] = (m[s] ?? 0) + 1), m), {}))}`);
    for (const r of lost) {
      assert.equal(r.status, 409, r.text);
      assert.equal(r.body.code, 'inventory.insufficient_stock');
      assert.equal(r.body.skuId, sku);
      assert.equal(r.body.available, '0');
    }
    const stock = await stockOf(sku);
    assert.deepEqual(stock, { onHand: 10, reserved: 10, negative: false });
    const [orders] = await query<{ n: string; q: string }>(
      server.db,
      sql`select count(distinct o.id)::text as n, sum(l.quantity)::text as q from purchase_orders o join purchase_order_lines l on l.order_id = o.id where l.sku_id = ${sku} and o.status = 'submitted'`,
    );
    assert.equal(orders!.n, '10');
    assert.equal(Number(orders!.q), 10);
    const [held] = await query<{ q: string }>(server.db, sql`select sum(quantity)::text as q from stock_reservations where sku_id = ${sku} and status = 'active'`);
    assert.equal(Number(held!.q), 10);
    await assertInvariants(server);
  });

  test('the same Idempotency-Key twice, concurrently through both processes, creates one order', async () => {
    const a = await spawnServerProcess({ DATABASE_URL: server.testDb.url! });
    const b = await spawnServerProcess({ DATABASE_URL: server.testDb.url! });
    const { skuIds } = await createSkus(server, supplier, [{ price: '12', stock: '100' }]);
    const p = purchasers[0]!;
    await p.post('/api/v1/orders/cart/items', { skuId: skuIds[0]!, quantity: '3' });
    const body = { paymentMethod: 'escrow', deliveryAddress: '南京' };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => via(i % 2 ? a.url : b.url, p).post('/api/v1/orders/checkout', body, { idempotencyKey: 'same-key-1' })));
    for (const r of results) assert.ok([201, 409].includes(r.status), r.text);
    for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.code, 'idempotency.in_flight');
    const created = results.filter((r) => r.status === 201);
    assert.ok(created.length >= 1);
    const ids = new Set(created.map((r) => r.body.orders[0].id));
    assert.equal(ids.size, 1, 'every 201 is the same order');
    const again = await via(a.url, p).post('/api/v1/orders/checkout', body, { idempotencyKey: 'same-key-1' });
    assert.equal(again.status, 201);
    assert.equal(again.body.orders[0].id, [...ids][0]);
    const [n] = await query<{ n: string }>(server.db, sql`select count(*)::text as n from purchase_order_lines where sku_id = ${skuIds[0]!}`);
    assert.equal(n!.n, '1');
    // A second key on the now empty cart places nothing.
    const other = await via(b.url, p).post('/api/v1/orders/checkout', body, { idempotencyKey: 'same-key-2' });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'orders.cart_empty');
  });

  test('SIGKILL in the middle of an order load: committed orders intact, no reservation outlives its expiry after restart', async () => {
    const { skuIds } = await createSkus(server, supplier, [{ price: '5', stock: '100000' }, { price: '7', stock: '100000' }]);
    // Reservations of this load expire 4 s after submission.
    const env = { DATABASE_URL: server.testDb.url!, COTRADE_ORDER_RESERVATION_MINUTES: String(4 / 60) };
    const victim = await spawnServerProcess(env);
    const confirmed: string[] = [];
    let stop = false;
    let fired = 0;
    const worker = async (p: ApiClient, w: number) => {
      const c = via(victim.url, p);
      while (!stop) {
        const n = fired++;
        try {
          const r = await c.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[n % 2]!, quantity: '2' }, { skuId: skuIds[(n + 1) % 2]!, quantity: '1' }] }, { idempotencyKey: `kill-${w}-${n}` });
          if (r.status === 201) confirmed.push(r.body.orders[0].id);
        } catch {
          // the connection died with the server
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, i) => worker(purchasers[i % purchasers.length]!, i)));
    // Kill it mid-load: once a few orders went through (at most 15 s on a busy machine), more in flight.
    for (const until = Date.now() + 15_000; confirmed.length < 8 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    stop = true;
    await load;
    assert.ok(confirmed.length > 0, 'no order went through before the kill');

    // Every order the client saw committed is there, with lines and reservations that add up.
    const rows = await query<{ id: string; status: string; lines: string; reserved: string; ordered: string }>(
      server.db,
      sql`select o.id, o.status, count(distinct l.id)::text as lines,
            coalesce((select sum(r.quantity) from stock_reservations r where r.reference_id = o.id), 0)::text as reserved,
            sum(l.quantity)::text as ordered
          from purchase_orders o join purchase_order_lines l on l.order_id = o.id
          where o.supplier_org_id = ${supplier.orgId} and o.id in (select order_id from purchase_order_lines where sku_id = ${skuIds[0]!})
          group by o.id, o.status`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of confirmed) {
      const row = byId.get(id);
      assert.ok(row, `order ${id} answered 201 but is gone`);
      assert.equal(row.lines, '2');
    }
    for (const row of rows) assert.equal(Number(row.reserved), Number(row.ordered), `order ${row.id}: every unit reserved exactly once`);
    await assertInvariants(server);

    // Restart; once the expiry has passed, the start-up/periodic expiry releases everything and cancels the orders.
    await new Promise((r) => setTimeout(r, 4500));
    const restarted = await spawnServerProcess({ DATABASE_URL: server.testDb.url! });
    await query(server.db, sql`update job_schedules set next_run_at = now() where name = 'inventory.expire-reservations'`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [left] = await query<{ n: string }>(server.db, sql`select count(*)::text as n from stock_reservations where status = 'active' and expires_at < now()`);
      const [open] = await query<{ n: string }>(server.db, sql`select count(*)::text as n from purchase_orders where supplier_org_id = ${supplier.orgId} and status = 'submitted' and reservation_expires_at < now()`);
      if (left!.n === '0' && open!.n === '0') break;
      if (Date.now() > deadline) assert.fail(`${left!.n} reservations outlive their expiry, ${open!.n} expired orders still submitted`);
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const sku of skuIds) assert.deepEqual(await stockOf(sku), { onHand: 100000, reserved: 0, negative: false });
    await assertInvariants(server);
    void restarted;
  });
});
