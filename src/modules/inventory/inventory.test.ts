import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { Problem } from '../../platform/problem.ts';
import { createTestOrg, isPostgres, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { adjustStock, consumeReservation, createWarehouse, expireReservations, extendReservations, releaseReservations, reservationsFor, reserveStock, stockOf } from './index.ts';

let server: TestServer;
let supplier: Ctx;

before(async () => {
  server = await startTestServer();
  const org = await createTestOrg(server.ctx, ['supplier']);
  supplier = { ...server.ctx, actor: { ...server.ctx.actor!, type: 'user', id: org.users[org.admin]!, userId: org.users[org.admin]!, orgId: org.orgId, orgKinds: ['supplier'] } };
});

async function stockInvariantHolds() {
  const bad = await query(server.db, sql`select * from stock_levels where on_hand < 0 or reserved < 0 or reserved > on_hand`);
  assert.equal(bad.length, 0, 'stock went negative or over-reserved');
  // Reserved equals what active reservations still hold.
  const mismatch = await query(
    server.db,
    sql`select s.sku_id from stock_levels s
        left join (select sku_id, warehouse_id, sum(quantity - consumed) as held from stock_reservations where status = 'active' group by 1, 2) r
          on r.sku_id = s.sku_id and r.warehouse_id = s.warehouse_id
        where s.reserved <> coalesce(r.held, 0)`,
  );
  assert.equal(mismatch.length, 0, 'reserved does not match active reservations');
}

let seq = 0;
async function skuWithStock(perWarehouse: string[]): Promise<string> {
  const skuId = `sku_test_${++seq}_${Date.now()}`;
  for (const [i, q] of perWarehouse.entries()) {
    const code = `W${seq}-${i}`;
    const wh = await createWarehouse(supplier, { code, name: `仓库 ${code}` });
    await adjustStock(supplier, { skuId, warehouseId: wh.id, delta: q, reason: 'opening stock' });
  }
  return skuId;
}

const reserve = (skuId: string, quantity: string, orderId: string, expiresAt: Date | null = new Date(Date.now() + 3600_000)) =>
  supplier.db.transaction((tx) =>
    reserveStock(tx, supplier, { supplierOrgId: supplier.actor!.orgId!, reference: { type: 'order', id: orderId }, lines: [{ lineId: `${orderId}-1`, skuId, quantity }], expiresAt }),
  );

describe('reservations', () => {
  test('reserves across warehouses and refuses more than is free, reserving nothing', async () => {
    const skuId = await skuWithStock(['6', '5']);
    await reserve(skuId, '8', 'po_a');
    const levels = await stockOf(server.db, supplier.actor!.orgId!, { skuId });
    assert.equal(levels.reduce((s, l) => s.plus(l.reserved), dec(0)).toString(), '8');
    await assert.rejects(reserve(skuId, '4', 'po_b'), (e) => e instanceof Problem && e.code === 'inventory.insufficient_stock' && e.extra.available === '3');
    assert.equal((await reservationsFor(server.db, { type: 'order', id: 'po_b' })).length, 0);
    await stockInvariantHolds();
  });

  test('release gives stock back once; shipping consumes on-hand and reserved together', async () => {
    const skuId = await skuWithStock(['10']);
    await reserve(skuId, '4', 'po_c');
    await supplier.db.transaction((tx) => consumeReservation(tx, supplier, { reference: { type: 'order', id: 'po_c' }, lineId: 'po_c-1', quantity: '3' }));
    await supplier.db.transaction((tx) => releaseReservations(tx, supplier, { type: 'order', id: 'po_c' }));
    await supplier.db.transaction((tx) => releaseReservations(tx, supplier, { type: 'order', id: 'po_c' }));
    const [level] = await stockOf(server.db, supplier.actor!.orgId!, { skuId });
    assert.deepEqual([dec(level!.onHand).toString(), dec(level!.reserved).toString()], ['7', '0']);
    await assert.rejects(
      supplier.db.transaction((tx) => consumeReservation(tx, supplier, { reference: { type: 'order', id: 'po_c' }, lineId: 'po_c-1', quantity: '1' })),
      (e) => e instanceof Problem && e.code === 'inventory.reservation_exceeded',
    );
    await stockInvariantHolds();
  });

  test('an adjustment cannot take on-hand below what is reserved', async () => {
    const skuId = await skuWithStock(['5']);
    await reserve(skuId, '4', 'po_d');
    const [level] = await stockOf(server.db, supplier.actor!.orgId!, { skuId });
    await assert.rejects(adjustStock(supplier, { skuId, warehouseId: level!.warehouseId, delta: '-2', reason: 'damaged' }), (e) => e instanceof Problem && e.code === 'inventory.adjustment_below_reserved');
  });

  test('expired reservations are released and announced; extended ones are kept', async () => {
    const skuId = await skuWithStock(['10']);
    await reserve(skuId, '2', 'po_old', new Date(Date.now() - 1000));
    await reserve(skuId, '3', 'po_kept', new Date(Date.now() - 1000));
    assert.equal(await supplier.db.transaction((tx) => extendReservations(tx, { type: 'order', id: 'po_kept' }, null)), 1);
    const expired = await expireReservations(supplier);
    assert.ok(expired.some((r) => r.id === 'po_old'));
    assert.ok(!expired.some((r) => r.id === 'po_kept'));
    const [level] = await stockOf(server.db, supplier.actor!.orgId!, { skuId });
    assert.equal(dec(level!.reserved).toString(), '3');
    const events = await query(server.db, sql`select 1 from outbox_events where topic = 'inventory.reservation.expired' and payload->>'referenceId' = 'po_old'`);
    assert.equal(events.length, 1);
    await stockInvariantHolds();
  });

  test('200 concurrent reservations for the last 10 units reserve exactly 10', { skip: !isPostgres() && 'races need the real PostgreSQL' }, async () => {
    const skuId = await skuWithStock(['6', '4']);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => reserve(skuId, '1', `po_race_${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(won, 10);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Problem).code, 'inventory.insufficient_stock');
    const levels = await stockOf(server.db, supplier.actor!.orgId!, { skuId });
    assert.equal(levels.reduce((s, l) => s.plus(l.reserved), dec(0)).toString(), '10');
    await stockInvariantHolds();
  });

  test('concurrent multi-line reservations in opposite order do not deadlock', { skip: !isPostgres() && 'races need the real PostgreSQL' }, async () => {
    const a = await skuWithStock(['50']);
    const b = await skuWithStock(['50']);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        supplier.db.transaction((tx) =>
          reserveStock(tx, supplier, {
            supplierOrgId: supplier.actor!.orgId!,
            reference: { type: 'order', id: `po_dl_${i}` },
            lines: i % 2 ? [{ lineId: 'l1', skuId: a, quantity: '1' }, { lineId: 'l2', skuId: b, quantity: '1' }] : [{ lineId: 'l1', skuId: b, quantity: '1' }, { lineId: 'l2', skuId: a, quantity: '1' }],
            expiresAt: null,
          }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 40);
    await stockInvariantHolds();
  });
});
