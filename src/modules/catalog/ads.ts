import { and, desc, eq } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { findCategory } from './coding.ts';
import { supplierOrgOf } from './products.ts';
import { adBids, products } from './schema.ts';
import { normalizeText } from './tokens.ts';

export type AdBid = typeof adBids.$inferSelect;
/** The lowest bid per shown ad, in CNY. */
export const MIN_BID = new Decimal('0.10');

/** A supplier bids for the top slots of a keyword's results or of a category page. */
export async function createAdBid(ctx: Ctx, input: { productId: string; targetType: 'keyword' | 'category'; target: string; bidAmount: string; dailyBudget?: string | null }): Promise<AdBid> {
  const supplierOrgId = supplierOrgOf(ctx);
  const amount = new Decimal(input.bidAmount);
  if (amount.lt(MIN_BID)) throw new Problem('catalog.ad_bid_invalid', { reason: `the minimum bid is ${MIN_BID.toFixed(2)} CNY` });
  return ctx.db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(and(eq(products.id, input.productId), eq(products.supplierOrgId, supplierOrgId)));
    if (!product) throw notFound('product', input.productId);
    if (product.reviewStatus !== 'approved') throw new Problem('catalog.ad_bid_invalid', { reason: 'only approved products can be advertised' });
    let target = input.target.trim();
    if (input.targetType === 'keyword') target = normalizeText(target).replace(/\s+/g, ' ');
    else if (!(await findCategory(tx, target))) throw notFound('category', target);
    if (!target) throw new Problem('catalog.ad_bid_invalid', { reason: 'the target is empty' });
    const [bid] = await tx
      .insert(adBids)
      .values({ id: newId('adb'), supplierOrgId, productId: product.id, targetType: input.targetType, target, bidAmount: amount.toFixed(4), dailyBudget: input.dailyBudget ? new Decimal(input.dailyBudget).toFixed(4) : null, status: 'active' })
      .returning();
    await emitEvent(tx, 'catalog.ad_bid.created', { bidId: bid!.id }, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.ad_bid.created', targetType: 'ad_bid', targetId: bid!.id, data: { productId: product.id, targetType: input.targetType, target, bidAmount: amount.toFixed(2) } });
    return bid!;
  });
}

export async function listOwnAdBids(ctx: Ctx): Promise<AdBid[]> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.select().from(adBids).where(eq(adBids.supplierOrgId, supplierOrgId)).orderBy(desc(adBids.createdAt));
}

/** Changes a bid's amount, or pauses, resumes or ends it. */
export async function updateAdBid(ctx: Ctx, bidId: string, input: { bidAmount?: string; status?: 'active' | 'paused' | 'ended'; version?: number }): Promise<AdBid> {
  const supplierOrgId = supplierOrgOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(adBids).where(and(eq(adBids.id, bidId), eq(adBids.supplierOrgId, supplierOrgId))).for('update');
    if (!current) throw notFound('ad bid', bidId);
    assertVersion('ad bid', current.version, { version: input.version });
    if (current.status === 'ended') throw new Problem('state.transition_not_allowed', { command: 'change', resource: 'ad bid', state: 'ended' });
    if (input.bidAmount && new Decimal(input.bidAmount).lt(MIN_BID)) throw new Problem('catalog.ad_bid_invalid', { reason: `the minimum bid is ${MIN_BID.toFixed(2)} CNY` });
    const [bid] = await tx
      .update(adBids)
      .set({ bidAmount: input.bidAmount ? new Decimal(input.bidAmount).toFixed(4) : current.bidAmount, status: input.status ?? current.status, updatedAt: new Date(), version: current.version + 1 })
      .where(eq(adBids.id, bidId))
      .returning();
    await recordAudit(tx, ctx, { action: 'catalog.ad_bid.updated', targetType: 'ad_bid', targetId: bidId, data: { ...input } });
    return bid!;
  });
}
