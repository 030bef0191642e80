import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dec, qty } from '../../platform/money.ts';
import { DateTime, IdParam, NonEmpty, Nullable, problems, Str } from '../../platform/schemas.ts';
import { adjustStock, createWarehouse, getWarehouse, listMovements, listWarehouses, stockOf } from './service.ts';
import type { StockLevel } from './schema.ts';

/** Quantities travel as decimal strings like money (cable is sold by the metre, steel by the tonne). */
const Quantity = Type.String({ pattern: '^-?\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });

const WarehouseSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  region: Nullable(Type.String()),
  address: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: DateTime,
});

const StockSchema = Type.Object({
  skuId: Type.String(),
  warehouseId: Type.String(),
  onHand: Quantity,
  reserved: Quantity,
  available: Quantity,
  lowStockThreshold: Nullable(Quantity),
  low: Type.Boolean(),
  updatedAt: DateTime,
});

const MovementSchema = Type.Object({
  id: Type.Integer(),
  skuId: Type.String(),
  warehouseId: Type.String(),
  kind: Type.String(),
  onHandDelta: Quantity,
  reservedDelta: Quantity,
  referenceType: Nullable(Type.String()),
  referenceId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  occurredAt: DateTime,
});

function toStock(level: StockLevel) {
  const available = dec(level.onHand).minus(level.reserved);
  return {
    skuId: level.skuId,
    warehouseId: level.warehouseId,
    onHand: qty(level.onHand),
    reserved: qty(level.reserved),
    available: qty(available),
    lowStockThreshold: level.lowStockThreshold === null ? null : qty(level.lowStockThreshold),
    low: level.lowStockThreshold !== null && available.lte(level.lowStockThreshold),
    updatedAt: level.updatedAt,
  };
}

export interface InventoryRouteOptions {
  /** Refuses (404) a SKU that is not the caller's: the catalog knows who owns a SKU. */
  assertOwnSku(tx: Parameters<typeof stockOf>[0], orgId: string, skuId: string): Promise<void>;
}

export const inventoryRoutes: FastifyPluginAsyncTypebox<InventoryRouteOptions> = async (app, options) => {
  app.get('/inventory/warehouses', {
    config: { access: { permission: 'inventory.read' } },
    schema: { tags: ['inventory'], summary: 'Warehouses of own organisation', response: { 200: Type.Object({ items: Type.Array(WarehouseSchema) }), ...problems(401, 403) } },
  }, async (req) => ({ items: await listWarehouses(req.ctx.db, req.ctx.actor!.orgId!) }));

  app.post('/inventory/warehouses', {
    config: { access: { permission: 'inventory.manage' } },
    schema: {
      tags: ['inventory'],
      summary: 'Create a warehouse',
      body: Type.Object({ code: NonEmpty(40, { pattern: '^[A-Za-z0-9_-]+$' }), name: NonEmpty(100), region: Type.Optional(Nullable(Str(100))), address: Type.Optional(Nullable(Str(300))) }),
      response: { 201: WarehouseSchema, ...problems(401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await createWarehouse(req.ctx, req.body)));

  app.get('/inventory/stock', {
    config: { access: { permission: 'inventory.read' } },
    schema: {
      tags: ['inventory'],
      summary: 'Stock per SKU and warehouse (on hand, reserved, available)',
      querystring: Type.Object({ skuId: Type.Optional(Str(64)), warehouseId: Type.Optional(Str(64)) }),
      response: { 200: Type.Object({ items: Type.Array(StockSchema) }), ...problems(401, 403) },
    },
  }, async (req) => ({ items: (await stockOf(req.ctx.db, req.ctx.actor!.orgId!, req.query)).map(toStock) }));

  app.post('/inventory/stock/adjustments', {
    config: { access: { permission: 'inventory.manage' } },
    schema: {
      tags: ['inventory'],
      summary: 'Receive or write off stock of a SKU in a warehouse (delta), optionally set the low-stock threshold',
      body: Type.Object({
        skuId: IdParam,
        warehouseId: IdParam,
        delta: Quantity,
        reason: NonEmpty(200),
        lowStockThreshold: Type.Optional(Nullable(Quantity)),
      }),
      response: { 200: Type.Object({ onHand: Quantity, reserved: Quantity, available: Quantity }), ...problems(401, 403, 404, 422) },
    },
  }, async (req) => {
    const orgId = req.ctx.actor!.orgId!;
    await getWarehouse(req.ctx.db, orgId, req.body.warehouseId);
    await options.assertOwnSku(req.ctx.db, orgId, req.body.skuId);
    return adjustStock(req.ctx, req.body);
  });

  app.get('/inventory/movements', {
    config: { access: { permission: 'inventory.read' } },
    schema: {
      tags: ['inventory'],
      summary: 'Stock movements, newest first (cursor: before = last id seen)',
      querystring: Type.Object({ skuId: Type.Optional(Str(64)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Type.Object({ items: Type.Array(MovementSchema), nextBefore: Nullable(Type.Integer()) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const limit = req.query.limit ?? 100;
    const rows = await listMovements(req.ctx.db, req.ctx.actor!.orgId!, { skuId: req.query.skuId, limit, beforeId: req.query.before });
    const items = rows.map((m) => ({ ...m, onHandDelta: qty(m.onHandDelta), reservedDelta: qty(m.reservedDelta) }));
    return { items, nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null };
  });
};
