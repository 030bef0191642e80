import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });

export const warehouses = pgTable(
  'warehouses',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    region: text('region'),
    address: text('address'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('warehouses_org_code_idx').on(t.orgId, t.code)],
);

/**
 * Stock of one SKU in one warehouse. The checks make overselling impossible at the database
 * level: reserved never exceeds on hand, neither goes negative.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    skuId: text('sku_id').notNull(),
    warehouseId: text('warehouse_id').notNull().references(() => warehouses.id),
    orgId: text('org_id').notNull(),
    onHand: quantity('on_hand').notNull().default('0'),
    reserved: quantity('reserved').notNull().default('0'),
    lowStockThreshold: quantity('low_stock_threshold'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.warehouseId] }),
    index('stock_levels_org_idx').on(t.orgId, t.skuId),
    check('stock_levels_non_negative', sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

/** Stock promised to an order line: active until consumed by a shipment, released or expired. */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: text('id').primaryKey(),
    skuId: text('sku_id').notNull(),
    warehouseId: text('warehouse_id').notNull(),
    orgId: text('org_id').notNull(),
    referenceType: text('reference_type').notNull(),
    referenceId: text('reference_id').notNull(),
    referenceLineId: text('reference_line_id'),
    quantity: quantity('quantity').notNull(),
    consumed: quantity('consumed').notNull().default('0'),
    status: text('status').notNull(),
    expiresAt: ts('expires_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    settledAt: ts('settled_at'),
  },
  (t) => [
    index('stock_reservations_reference_idx').on(t.referenceType, t.referenceId),
    index('stock_reservations_expiry_idx').on(t.expiresAt).where(sql`status = 'active'`),
    check('stock_reservations_quantities', sql`${t.quantity} > 0 and ${t.consumed} >= 0 and ${t.consumed} <= ${t.quantity}`),
  ],
);

export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: text('sku_id').notNull(),
    warehouseId: text('warehouse_id').notNull(),
    orgId: text('org_id').notNull(),
    kind: text('kind').notNull(),
    onHandDelta: quantity('on_hand_delta').notNull(),
    reservedDelta: quantity('reserved_delta').notNull(),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    note: text('note'),
    actorId: text('actor_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('stock_movements_sku_idx').on(t.skuId, t.warehouseId, t.id), index('stock_movements_org_idx').on(t.orgId, t.id)],
);

export type Warehouse = typeof warehouses.$inferSelect;
export type StockLevel = typeof stockLevels.$inferSelect;
export type StockReservation = typeof stockReservations.$inferSelect;
export type StockMovement = typeof stockMovements.$inferSelect;
