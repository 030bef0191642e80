import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import { query, type Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { newId } from '../../../platform/ids.ts';
import { Problem } from '../../../platform/problem.ts';
import { supplierEvaluations } from '../schema.ts';
import { lockOrder, recordOrderEvent } from './common.ts';

export type SupplierEvaluation = typeof supplierEvaluations.$inferSelect;
const EVALUABLE = new Set(['partially_accepted', 'accepted', 'invoiced', 'settled', 'closed']);

export interface SupplierRating {
  supplierOrgId: string;
  count: number;
  delivery: string | null;
  quality: string | null;
  service: string | null;
  price: string | null;
  overall: string | null;
}

/** Averages (2 dp) over every evaluation of a supplier. */
export async function supplierRating(tx: Tx, supplierOrgId: string): Promise<SupplierRating> {
  const [row] = await query<{ n: string; delivery: string | null; quality: string | null; service: string | null; price: string | null; overall: string | null }>(
    tx,
    sql`select count(*)::text as n, round(avg(delivery), 2)::text as delivery, round(avg(quality), 2)::text as quality,
          round(avg(service), 2)::text as service, round(avg(price), 2)::text as price,
          round(avg((delivery + quality + service + price) / 4.0), 2)::text as overall
        from supplier_evaluations where supplier_org_id = ${supplierOrgId}`,
  );
  return { supplierOrgId, count: Number(row?.n ?? 0), delivery: row?.delivery ?? null, quality: row?.quality ?? null, service: row?.service ?? null, price: row?.price ?? null, overall: row?.overall ?? null };
}

/**
 * The buyer rates the supplier once per order, after acceptance; `orders.supplier.rated` carries
 * the supplier's new averages for the catalog and supplier management.
 */
export async function evaluateSupplier(ctx: Ctx, orderId: string, input: { delivery: number; quality: number; service: number; price: number; comment?: string | null }): Promise<{ evaluation: SupplierEvaluation; rating: SupplierRating }> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'buyer', 'evaluate the supplier');
    if (!EVALUABLE.has(order.status)) throw new Problem('orders.evaluation_not_allowed', { number: order.number, status: order.status });
    const [existing] = await tx.select({ id: supplierEvaluations.id }).from(supplierEvaluations).where(eq(supplierEvaluations.orderId, order.id));
    if (existing) throw new Problem('orders.evaluation_exists', { number: order.number });
    const [evaluation] = await tx
      .insert(supplierEvaluations)
      .values({ id: newId('eval'), orderId: order.id, buyerOrgId: order.buyerOrgId, supplierOrgId: order.supplierOrgId, delivery: input.delivery, quality: input.quality, service: input.service, price: input.price, comment: input.comment ?? null, createdBy: ctx.actor?.userId ?? ctx.actor!.id })
      .returning();
    const rating = await supplierRating(tx, order.supplierOrgId);
    await recordOrderEvent(tx, ctx, order.id, 'supplier_evaluated', { delivery: input.delivery, quality: input.quality, service: input.service, price: input.price });
    await emitEvent(tx, 'orders.supplier.rated', { ...rating, orderId: order.id, evaluationId: evaluation!.id }, order.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'orders.supplier.evaluated', targetType: 'order', targetId: order.id, data: { supplierOrgId: order.supplierOrgId, delivery: input.delivery, quality: input.quality, service: input.service, price: input.price } });
    return { evaluation: evaluation!, rating };
  });
}

export async function evaluationOf(tx: Tx, orderId: string): Promise<SupplierEvaluation | null> {
  const [row] = await tx.select().from(supplierEvaluations).where(eq(supplierEvaluations.orderId, orderId));
  return row ?? null;
}
