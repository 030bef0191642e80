import type { Ctx } from '../../../platform/context.ts';
import { dec } from '../../../platform/money.ts';
import { Problem } from '../../../platform/problem.ts';
import { getPurchasableSku } from '../../catalog/index.ts';
import type { OrderWithLines } from './common.ts';
import { auditSubmitted, createOrder } from './create-order.ts';
import { getRequisitionForOrdering } from '../../procurement/index.ts';

/**
 * Orders the catalog lines of an approved requisition: one order per supplier, priced for the
 * buyer now, the requisition's budget commitment transferred to each order. Lines without a SKU
 * (non-standard needs) are left for sourcing and reported back.
 */
export async function createOrderFromRequisition(
  ctx: Ctx,
  input: { requisitionId: string; paymentMethod: 'escrow' | 'credit'; creditDays?: number | null; deliveryAddress?: string | null; deliveryRegion?: string | null },
): Promise<{ orders: OrderWithLines[]; skippedLines: string[] }> {
  const buyerOrgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const { requisition, lines: reqLines } = await getRequisitionForOrdering(tx, ctx, { requisitionId: input.requisitionId, orgId: buyerOrgId });
    const bySupplier = new Map<string, Array<{ skuId: string; quantity: string; requisitionLineId: string }>>();
    const skipped: string[] = [];
    for (const line of reqLines) {
      const open = dec(line.remainingQuantity);
      if (!line.skuId || open.lte(0)) {
        if (!line.skuId) skipped.push(line.id);
        continue;
      }
      const sku = await getPurchasableSku(tx, { skuId: line.skuId, buyerOrgId });
      const list = bySupplier.get(sku.supplierOrgId) ?? [];
      list.push({ skuId: line.skuId, quantity: open.toFixed(3), requisitionLineId: line.id });
      bySupplier.set(sku.supplierOrgId, list);
    }
    if (!bySupplier.size) throw new Problem('orders.cart_empty');
    const orders: OrderWithLines[] = [];
    for (const supplierOrgId of [...bySupplier.keys()].sort()) {
      orders.push(
        await createOrder(
          tx,
          ctx,
          {
            source: 'requisition',
            sourceRef: requisition.number,
            requisitionId: requisition.id,
            budgetLineId: requisition.budgetLineId,
            buyerOrgId,
            supplierOrgId,
            lines: bySupplier.get(supplierOrgId)!.map((l) => ({ skuId: l.skuId, quantity: l.quantity, requisitionLineId: l.requisitionLineId, unitPrice: undefined })),
            paymentMethod: input.paymentMethod,
            creditDays: input.creditDays ?? null,
            deliveryAddress: input.deliveryAddress ?? requisition.deliverySite,
            deliveryRegion: input.deliveryRegion ?? null,
            needBy: requisition.needBy,
          },
          { audit: false },
        ),
      );
    }
    for (const order of orders) await auditSubmitted(tx, ctx, order);
    return { orders, skippedLines: skipped };
  });
}
