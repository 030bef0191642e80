import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { skus } from './schema.ts';

/** True when the SKU exists and belongs to the supplier (inventory checks this before stock moves). */
export async function skuBelongsTo(tx: Tx, skuId: string, supplierOrgId: string): Promise<boolean> {
  const [row] = await tx.select({ id: skus.id }).from(skus).where(and(eq(skus.id, skuId), eq(skus.supplierOrgId, supplierOrgId)));
  return Boolean(row);
}
