import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec, qty } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { setSkuAvailability } from '../catalog/index.ts';
import './errors.ts';
import { stockLevels, stockMovements, stockReservations, warehouses, type StockReservation, type Warehouse } from './schema.ts';

export interface Reference {
  type: string;
  id: string;
}

async function movement(
  tx: Tx,
  ctx: Ctx,
  row: { skuId: string; warehouseId: string; orgId: string; kind: string; onHandDelta: Decimal.Value; reservedDelta: Decimal.Value; reference?: Reference; note?: string },
): Promise<void> {
  await tx.insert(stockMovements).values({
    skuId: row.skuId,
    warehouseId: row.warehouseId,
    orgId: row.orgId,
    kind: row.kind,
    onHandDelta: qty(row.onHandDelta),
    reservedDelta: qty(row.reservedDelta),
    referenceType: row.reference?.type ?? null,
    referenceId: row.reference?.id ?? null,
    note: row.note ?? null,
    actorId: ctx.actor?.id ?? null,
  });
}

/** Keeps the catalog's available quantity (display, in-stock facet) in step; raises low-stock alerts. */
async function announceAvailability(tx: Tx, orgId: string, skuIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(skuIds)];
  if (!ids.length) return;
  const rows = await query<{ sku_id: string; available: string; low: boolean }>(
    tx,
    sql`select sku_id, sum(on_hand - reserved)::text as available,
          bool_or(low_stock_threshold is not null and on_hand - reserved <= low_stock_threshold) as low
        from stock_levels where sku_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) group by sku_id`,
  );
  for (const r of rows) {
    // Same transaction, so search never shows stock that is already promised.
    await setSkuAvailability(tx, r.sku_id, r.available).catch((error: unknown) => {
      if (!(error instanceof Problem && error.code === 'resource.not_found')) throw error;
    });
    if (r.low) await emitEvent(tx, 'inventory.stock.low', { skuId: r.sku_id, available: qty(r.available) }, orgId);
  }
}

// --- warehouses -----------------------------------------------------------------------------

export async function createWarehouse(ctx: Ctx, input: { code: string; name: string; region?: string | null; address?: string | null }): Promise<Warehouse> {
  const orgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: warehouses.id }).from(warehouses).where(and(eq(warehouses.orgId, orgId), eq(warehouses.code, input.code)));
    if (taken) throw new Problem('inventory.warehouse_code_taken', { code: input.code }, {}, [{ pointer: '/code', in: 'body', message: 'already used' }]);
    const [warehouse] = await tx
      .insert(warehouses)
      .values({ id: newId('wh'), orgId, code: input.code, name: input.name, region: input.region ?? null, address: input.address ?? null })
      .returning();
    await recordAudit(tx, ctx, { action: 'inventory.warehouse.created', targetType: 'warehouse', targetId: warehouse!.id, data: input });
    return warehouse!;
  });
}

export async function listWarehouses(tx: Tx, orgId: string): Promise<Warehouse[]> {
  return tx.select().from(warehouses).where(eq(warehouses.orgId, orgId)).orderBy(asc(warehouses.code));
}

export async function getWarehouse(tx: Tx, orgId: string, warehouseId: string): Promise<Warehouse> {
  const [warehouse] = await tx.select().from(warehouses).where(and(eq(warehouses.id, warehouseId), eq(warehouses.orgId, orgId)));
  if (!warehouse) throw notFound('warehouse', warehouseId);
  return warehouse;
}

// --- stock ------------------------------------------------------------------------------------

/**
 * Receives or corrects stock: `delta` adds to on-hand (negative to write off). On-hand may not
 * drop below what is reserved. The SKU must belong to the caller's organisation (checked by the
 * caller, which knows the catalog).
 */
export async function adjustStock(
  ctx: Ctx,
  input: { skuId: string; warehouseId: string; delta: Decimal.Value; reason: string; lowStockThreshold?: Decimal.Value | null },
): Promise<{ onHand: string; reserved: string; available: string }> {
  const orgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    await getWarehouse(tx, orgId, input.warehouseId);
    const delta = dec(input.delta);
    await tx
      .insert(stockLevels)
      .values({ skuId: input.skuId, warehouseId: input.warehouseId, orgId, onHand: '0', reserved: '0' })
      .onConflictDoNothing();
    const [current] = await tx
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, input.skuId), eq(stockLevels.warehouseId, input.warehouseId)))
      .for('update');
    const onHand = dec(current!.onHand).plus(delta);
    if (onHand.lt(current!.reserved) || onHand.isNeg()) {
      throw new Problem('inventory.adjustment_below_reserved', { onHand: qty(onHand), reserved: qty(current!.reserved) });
    }
    const [updated] = await tx
      .update(stockLevels)
      .set({
        onHand: qty(onHand),
        updatedAt: new Date(),
        ...(input.lowStockThreshold !== undefined ? { lowStockThreshold: input.lowStockThreshold === null ? null : qty(input.lowStockThreshold) } : {}),
      })
      .where(and(eq(stockLevels.skuId, input.skuId), eq(stockLevels.warehouseId, input.warehouseId)))
      .returning();
    if (!delta.isZero()) {
      await movement(tx, ctx, { skuId: input.skuId, warehouseId: input.warehouseId, orgId, kind: delta.isPos() ? 'receipt' : 'write_off', onHandDelta: delta, reservedDelta: 0, note: input.reason });
    }
    await announceAvailability(tx, orgId, [input.skuId]);
    await recordAudit(tx, ctx, { action: 'inventory.stock.adjusted', targetType: 'sku', targetId: input.skuId, data: { warehouseId: input.warehouseId, delta: qty(delta), reason: input.reason } });
    return { onHand: qty(updated!.onHand), reserved: qty(updated!.reserved), available: qty(dec(updated!.onHand).minus(updated!.reserved)) };
  });
}

export async function stockOf(tx: Tx, orgId: string, filter: { skuId?: string; warehouseId?: string } = {}) {
  const conditions = [eq(stockLevels.orgId, orgId)];
  if (filter.skuId) conditions.push(eq(stockLevels.skuId, filter.skuId));
  if (filter.warehouseId) conditions.push(eq(stockLevels.warehouseId, filter.warehouseId));
  return tx.select().from(stockLevels).where(and(...conditions)).orderBy(asc(stockLevels.skuId), asc(stockLevels.warehouseId)).limit(1000);
}

/** Unreserved stock per SKU over all warehouses of its owner. */
export async function availableBySku(tx: Tx, skuIds: string[]): Promise<Map<string, Decimal>> {
  if (!skuIds.length) return new Map();
  const rows = await query<{ sku_id: string; available: string }>(
    tx,
    sql`select sku_id, sum(on_hand - reserved)::text as available from stock_levels
        where sku_id in (${sql.join(skuIds.map((i) => sql`${i}`), sql`, `)}) group by sku_id`,
  );
  return new Map(rows.map((r) => [r.sku_id, dec(r.available)]));
}

export async function listMovements(tx: Tx, orgId: string, filter: { skuId?: string; limit: number; beforeId?: number }) {
  const conditions = [eq(stockMovements.orgId, orgId)];
  if (filter.skuId) conditions.push(eq(stockMovements.skuId, filter.skuId));
  if (filter.beforeId) conditions.push(lt(stockMovements.id, filter.beforeId));
  return tx.select().from(stockMovements).where(and(...conditions)).orderBy(desc(stockMovements.id)).limit(filter.limit);
}

// --- reservations -----------------------------------------------------------------------------

export interface ReserveLine {
  lineId: string;
  skuId: string;
  quantity: Decimal.Value;
}

/**
 * Reserves every line or none. Each warehouse row is locked and re-read before taking from it,
 * so concurrent reservations serialise on the row and can never take more than is free; SKUs are
 * locked in a fixed order so two orders cannot deadlock.
 */
export async function reserveStock(
  tx: Tx,
  ctx: Ctx,
  input: { supplierOrgId: string; reference: Reference; lines: ReserveLine[]; expiresAt: Date | null },
): Promise<StockReservation[]> {
  const lines = [...input.lines].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : a.lineId < b.lineId ? -1 : 1));
  const created: StockReservation[] = [];
  for (const line of lines) {
    let needed = dec(line.quantity);
    const requested = needed;
    const candidates = await query<{ warehouse_id: string }>(
      tx,
      sql`select warehouse_id from stock_levels
          where sku_id = ${line.skuId} and org_id = ${input.supplierOrgId} and on_hand > reserved
          order by (on_hand - reserved) desc, warehouse_id`,
    );
    for (const { warehouse_id: warehouseId } of candidates) {
      if (needed.lte(0)) break;
      const [taken] = await query<{ take: string }>(
        tx,
        sql`with target as (
              select sku_id, warehouse_id, least(${qty(needed)}::numeric, on_hand - reserved) as take
              from stock_levels where sku_id = ${line.skuId} and warehouse_id = ${warehouseId} and on_hand > reserved
              for update)
            update stock_levels s set reserved = s.reserved + t.take, updated_at = now()
            from target t where s.sku_id = t.sku_id and s.warehouse_id = t.warehouse_id and t.take > 0
            returning t.take::text as take`,
      );
      if (!taken) continue;
      const take = dec(taken.take);
      needed = needed.minus(take);
      const [reservation] = await tx
        .insert(stockReservations)
        .values({
          id: newId('rsv'),
          skuId: line.skuId,
          warehouseId,
          orgId: input.supplierOrgId,
          referenceType: input.reference.type,
          referenceId: input.reference.id,
          referenceLineId: line.lineId,
          quantity: qty(take),
          status: 'active',
          expiresAt: input.expiresAt,
        })
        .returning();
      created.push(reservation!);
      await movement(tx, ctx, { skuId: line.skuId, warehouseId, orgId: input.supplierOrgId, kind: 'reservation', onHandDelta: 0, reservedDelta: take, reference: input.reference });
    }
    if (needed.gt(0)) {
      // The whole transaction rolls back, so the partial takes above vanish with it.
      throw new Problem('inventory.insufficient_stock', { skuId: line.skuId, requested: qty(requested), available: qty(requested.minus(needed)) }, { skuId: line.skuId, lineId: line.lineId, available: qty(requested.minus(needed)) });
    }
  }
  await announceAvailability(tx, input.supplierOrgId, lines.map((l) => l.skuId));
  return created;
}

async function activeReservations(tx: Tx, reference: Reference, lineId?: string): Promise<StockReservation[]> {
  const conditions = [eq(stockReservations.referenceType, reference.type), eq(stockReservations.referenceId, reference.id), eq(stockReservations.status, 'active')];
  if (lineId) conditions.push(eq(stockReservations.referenceLineId, lineId));
  return tx.select().from(stockReservations).where(and(...conditions)).orderBy(asc(stockReservations.skuId), asc(stockReservations.warehouseId)).for('update');
}

/** Gives back what a document still holds (cancellation, rejection). Safe to call twice. */
export async function releaseReservations(tx: Tx, ctx: Ctx, reference: Reference, kind: 'released' | 'expired' = 'released'): Promise<number> {
  const reservations = await activeReservations(tx, reference);
  const touched = new Map<string, string>();
  for (const r of reservations) {
    const remaining = dec(r.quantity).minus(r.consumed);
    if (remaining.gt(0)) {
      await query(tx, sql`update stock_levels set reserved = reserved - ${qty(remaining)}::numeric, updated_at = now() where sku_id = ${r.skuId} and warehouse_id = ${r.warehouseId}`);
      await movement(tx, ctx, { skuId: r.skuId, warehouseId: r.warehouseId, orgId: r.orgId, kind: kind === 'expired' ? 'reservation_expired' : 'release', onHandDelta: 0, reservedDelta: remaining.neg(), reference });
    }
    await tx.update(stockReservations).set({ status: kind, settledAt: new Date() }).where(eq(stockReservations.id, r.id));
    touched.set(r.skuId, r.orgId);
  }
  for (const [skuId, orgId] of touched) await announceAvailability(tx, orgId, [skuId]);
  return reservations.length;
}

/** Keeps reservations past their expiry once the supplier has confirmed (null: until shipped). */
export async function extendReservations(tx: Tx, reference: Reference, expiresAt: Date | null): Promise<number> {
  const updated = await tx
    .update(stockReservations)
    .set({ expiresAt })
    .where(and(eq(stockReservations.referenceType, reference.type), eq(stockReservations.referenceId, reference.id), eq(stockReservations.status, 'active')))
    .returning({ id: stockReservations.id });
  return updated.length;
}

/**
 * Ships `quantity` of a line: takes it out of on-hand and out of the line's reservations
 * (reserved drops by the same amount). A reservation fully shipped is consumed.
 */
export async function consumeReservation(tx: Tx, ctx: Ctx, input: { reference: Reference; lineId: string; quantity: Decimal.Value }): Promise<void> {
  let needed = dec(input.quantity);
  const reservations = await activeReservations(tx, input.reference, input.lineId);
  const remainingTotal = reservations.reduce((s, r) => s.plus(dec(r.quantity).minus(r.consumed)), dec(0));
  if (remainingTotal.lt(needed)) {
    throw new Problem('inventory.reservation_exceeded', { reservationId: reservations[0]?.id ?? input.lineId, remaining: qty(remainingTotal), requested: qty(needed) });
  }
  const touched = new Map<string, string>();
  for (const r of reservations) {
    if (needed.lte(0)) break;
    const take = Decimal.min(needed, dec(r.quantity).minus(r.consumed));
    if (take.lte(0)) continue;
    await query(
      tx,
      sql`update stock_levels set on_hand = on_hand - ${qty(take)}::numeric, reserved = reserved - ${qty(take)}::numeric, updated_at = now()
          where sku_id = ${r.skuId} and warehouse_id = ${r.warehouseId}`,
    );
    const consumed = dec(r.consumed).plus(take);
    await tx
      .update(stockReservations)
      .set({ consumed: qty(consumed), ...(consumed.eq(r.quantity) ? { status: 'consumed', settledAt: new Date() } : {}) })
      .where(eq(stockReservations.id, r.id));
    await movement(tx, ctx, { skuId: r.skuId, warehouseId: r.warehouseId, orgId: r.orgId, kind: 'shipment', onHandDelta: take.neg(), reservedDelta: take.neg(), reference: input.reference });
    needed = needed.minus(take);
    touched.set(r.skuId, r.orgId);
  }
  for (const [skuId, orgId] of touched) await announceAvailability(tx, orgId, [skuId]);
}

/** Puts returned goods back on hand in a warehouse of the supplier. */
export async function returnToStock(tx: Tx, ctx: Ctx, input: { supplierOrgId: string; skuId: string; warehouseId: string; quantity: Decimal.Value; reference: Reference }): Promise<void> {
  await tx.insert(stockLevels).values({ skuId: input.skuId, warehouseId: input.warehouseId, orgId: input.supplierOrgId }).onConflictDoNothing();
  await query(tx, sql`update stock_levels set on_hand = on_hand + ${qty(input.quantity)}::numeric, updated_at = now() where sku_id = ${input.skuId} and warehouse_id = ${input.warehouseId}`);
  await movement(tx, ctx, { skuId: input.skuId, warehouseId: input.warehouseId, orgId: input.supplierOrgId, kind: 'return', onHandDelta: input.quantity, reservedDelta: 0, reference: input.reference });
  await announceAvailability(tx, input.supplierOrgId, [input.skuId]);
}

export async function reservationsFor(tx: Tx, reference: Reference): Promise<StockReservation[]> {
  return tx
    .select()
    .from(stockReservations)
    .where(and(eq(stockReservations.referenceType, reference.type), eq(stockReservations.referenceId, reference.id)))
    .orderBy(asc(stockReservations.createdAt));
}

/**
 * Releases reservations past their expiry, one document at a time, and announces each so its
 * owner (an order) can react. Run by a scheduled job and at start-up.
 */
export async function expireReservations(ctx: Ctx, now = new Date()): Promise<Reference[]> {
  const due = await query<{ reference_type: string; reference_id: string }>(
    ctx.db,
    sql`select distinct reference_type, reference_id from stock_reservations
        where status = 'active' and expires_at < ${now.toISOString()}::timestamptz limit 500`,
  );
  const expired: Reference[] = [];
  for (const d of due) {
    const reference = { type: d.reference_type, id: d.reference_id };
    const released = await ctx.db.transaction(async (tx) => {
      // Re-check under lock: the owner may have confirmed (extended) it meanwhile.
      const stillDue = await tx
        .select({ id: stockReservations.id })
        .from(stockReservations)
        .where(and(eq(stockReservations.referenceType, reference.type), eq(stockReservations.referenceId, reference.id), eq(stockReservations.status, 'active'), lt(stockReservations.expiresAt, now)))
        .for('update', { skipLocked: true });
      if (!stillDue.length) return 0;
      const n = await releaseReservations(tx, ctx, reference, 'expired');
      await emitEvent(tx, 'inventory.reservation.expired', { referenceType: reference.type, referenceId: reference.id });
      return n;
    });
    if (released) expired.push(reference);
  }
  return expired;
}

