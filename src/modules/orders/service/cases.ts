import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { hasPermission, type Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { newId } from '../../../platform/ids.ts';
import { dec, money, qty } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { reservationsFor, returnToStock } from '../../inventory/index.ts';
import { orderCancelled, orderDisputeResolved } from '../hooks.ts';
import { isCaseOpen, isDisputable, transitionCase, type CaseCommand } from '../order.state.ts';
import { orderCases, purchaseOrderLines, purchaseOrders } from '../schema.ts';
import { applyTransition, linesOf, lockOrder, orderRef, partiesOf, partyOf, recordOrderEvent, wrongParty, type Order } from './common.ts';
import { releaseOrderCommitments } from './lifecycle.ts';
import { PERM } from '../permissions.ts';

export type OrderCase = typeof orderCases.$inferSelect;

const KIND_ZH = { return: '退货', dispute: '纠纷' } as const;

async function assertNoOpenCase(tx: Tx, order: Order, kind: 'return' | 'dispute'): Promise<void> {
  const open = await tx.select({ status: orderCases.status }).from(orderCases).where(and(eq(orderCases.orderId, order.id), eq(orderCases.kind, kind)));
  if (open.some((c) => isCaseOpen(c.status))) throw new Problem('orders.case_open', { number: order.number, kind, kindZh: KIND_ZH[kind] });
}

/**
 * The buyer asks to send rejected goods back (退货). Only rejected, not yet returned quantities
 * can be returned; anything else about accepted goods is a dispute.
 */
export async function openReturn(ctx: Ctx, orderId: string, input: { reason: string; lines: Array<{ orderLineId: string; quantity: string }> }): Promise<OrderCase> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'buyer', 'request a return');
    await assertNoOpenCase(tx, order, 'return');
    const lines = await linesOf(tx, order.id);
    const wanted: Array<{ orderLineId: string; quantity: string }> = [];
    for (const [i, l] of input.lines.entries()) {
      const line = lines.find((x) => x.id === l.orderLineId);
      if (!line) throw new Problem('orders.line_not_in_order', { orderLineId: l.orderLineId, number: order.number });
      const q = dec(l.quantity);
      const returnable = dec(line.rejectedQuantity).minus(line.returnedQuantity);
      if (q.lte(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/lines/${i}/quantity`, in: 'body', message: 'must be positive' }]);
      if (q.gt(returnable)) throw new Problem('orders.quantity_exceeded', { lineNo: line.lineNo, action: 'return', actionZh: '退货', remaining: qty(returnable), requested: qty(q) }, { orderLineId: line.id, remaining: qty(returnable) });
      wanted.push({ orderLineId: line.id, quantity: q.toFixed(3) });
    }
    if (!wanted.length) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/lines', in: 'body', message: 'must have at least one line' }]);
    const [row] = await tx
      .insert(orderCases)
      .values({ id: newId('case'), orderId: order.id, kind: 'return', status: 'requested', openedBy: ctx.actor!.userId ?? ctx.actor!.id, openedByOrgId: ctx.actor!.orgId!, reason: input.reason, lines: wanted })
      .returning();
    await recordOrderEvent(tx, ctx, order.id, 'return_requested', { caseId: row!.id, reason: input.reason, lines: wanted });
    await emitEvent(tx, 'orders.return.requested', { orderId: order.id, caseId: row!.id }, order.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'orders.return.requested', targetType: 'order_case', targetId: row!.id, data: { orderId: order.id, lines: wanted, reason: input.reason } });
    return row!;
  });
}

/** Either party disputes an order in flight; the order is frozen until the dispute is resolved or withdrawn. */
export async function openDispute(ctx: Ctx, orderId: string, input: { reason: string }): Promise<OrderCase> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId, 'either', 'open a dispute');
    if (!isDisputable(order.status)) throw new Problem('state.transition_not_allowed', { command: 'open dispute', resource: 'order', state: order.status });
    await assertNoOpenCase(tx, order, 'dispute');
    const [row] = await tx
      .insert(orderCases)
      .values({ id: newId('case'), orderId: order.id, kind: 'dispute', status: 'open', openedBy: ctx.actor!.userId ?? ctx.actor!.id, openedByOrgId: ctx.actor!.orgId!, reason: input.reason })
      .returning();
    await applyTransition(tx, ctx, order, 'open_dispute', { patch: { resumeStatus: order.status }, data: { caseId: row!.id, reason: input.reason } });
    await recordAudit(tx, ctx, { action: 'orders.dispute.opened', targetType: 'order_case', targetId: row!.id, data: { orderId: order.id, reason: input.reason, from: order.status } });
    return row!;
  });
}

async function lockCase(tx: Tx, ctx: Ctx, caseId: string): Promise<{ row: OrderCase; order: Order }> {
  const [row] = await tx.select().from(orderCases).where(eq(orderCases.id, caseId)).for('update');
  if (!row) throw notFound('case', caseId);
  const [order] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, row.orderId)).for('update');
  const platform = ctx.actor?.orgKinds.includes('platform') && hasPermission(ctx.actor, PERM.resolve) && row.kind === 'dispute';
  if (!order || (!partyOf(order, ctx.actor?.orgId) && !platform)) throw notFound('case', caseId);
  return { row, order };
}

async function updateCase(tx: Tx, ctx: Ctx, row: OrderCase, command: CaseCommand, patch: Partial<OrderCase>): Promise<OrderCase> {
  const status = transitionCase(row.kind, row.status, command);
  const done = !isCaseOpen(status);
  const [updated] = await tx
    .update(orderCases)
    .set({ ...patch, status, ...(done ? { resolvedAt: new Date(), resolvedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null } : {}) })
    .where(and(eq(orderCases.id, row.id), eq(orderCases.status, row.status)))
    .returning();
  if (!updated) throw new Problem('state.transition_not_allowed', { command, resource: row.kind, state: 'changed meanwhile' });
  return updated;
}

/**
 * Supplier decisions on a return: approve, decline (with a resolution text) or complete it once
 * the goods are back — `restock` puts usable goods back on hand (into the warehouse the order's
 * stock came from unless another is named).
 */
export async function decideReturn(ctx: Ctx, caseId: string, command: 'approve' | 'decline' | 'complete', input: { resolution?: string | null; restock?: boolean; warehouseId?: string | null }): Promise<OrderCase> {
  return ctx.db.transaction(async (tx) => {
    const { row, order } = await lockCase(tx, ctx, caseId);
    if (row.kind !== 'return') throw new Problem('state.transition_not_allowed', { command, resource: row.kind, state: row.status });
    if (partyOf(order, ctx.actor?.orgId) !== 'supplier') throw wrongParty(order, 'supplier', `${command} the return`);
    const updated = await updateCase(tx, ctx, row, command, { resolution: input.resolution ?? row.resolution });
    if (command === 'complete') {
      const lines = await linesOf(tx, order.id, true);
      const reservations = await reservationsFor(tx, orderRef(order.id));
      for (const l of row.lines ?? []) {
        const line = lines.find((x) => x.id === l.orderLineId)!;
        await tx.update(purchaseOrderLines).set({ returnedQuantity: dec(line.returnedQuantity).plus(l.quantity).toFixed(3) }).where(eq(purchaseOrderLines.id, line.id));
        const warehouseId = input.warehouseId ?? reservations.find((r) => r.referenceLineId === line.id)?.warehouseId;
        if (input.restock && line.skuId && warehouseId) {
          await returnToStock(tx, ctx, { supplierOrgId: order.supplierOrgId, skuId: line.skuId, warehouseId, quantity: l.quantity, reference: orderRef(order.id) });
        }
      }
    }
    await recordOrderEvent(tx, ctx, order.id, `return_${updated.status}`, { caseId, resolution: updated.resolution, restock: input.restock ?? false });
    await emitEvent(tx, `orders.return.${updated.status}`, { orderId: order.id, caseId }, order.buyerOrgId);
    await recordAudit(tx, ctx, { action: `orders.return.${updated.status}`, targetType: 'order_case', targetId: caseId, data: { orderId: order.id, resolution: updated.resolution, restock: input.restock ?? false } });
    return updated;
  });
}

/** Whoever opened a case withdraws it; a withdrawn dispute lets the order resume where it was. */
export async function withdrawCase(ctx: Ctx, caseId: string): Promise<OrderCase> {
  return ctx.db.transaction(async (tx) => {
    const { row, order } = await lockCase(tx, ctx, caseId);
    if (row.openedByOrgId !== ctx.actor?.orgId) throw notFound('case', caseId);
    const updated = await updateCase(tx, ctx, row, 'withdraw', {});
    if (row.kind === 'dispute') await applyTransition(tx, ctx, order, 'resolve_dispute', { resumeTo: order.resumeStatus, patch: { resumeStatus: null }, data: { caseId, outcome: 'withdrawn' } });
    else await recordOrderEvent(tx, ctx, order.id, 'return_withdrawn', { caseId });
    await recordAudit(tx, ctx, { action: `orders.${row.kind}.withdrawn`, targetType: 'order_case', targetId: caseId, data: { orderId: order.id } });
    return updated;
  });
}

/**
 * The platform resolves a dispute: the order resumes where it was, or is cancelled (whatever it
 * still holds released). `refundAmount` (incl. tax) goes to settlement through the hook.
 */
export async function resolveDispute(ctx: Ctx, caseId: string, input: { resolution: string; outcome: 'resume' | 'cancel_order'; refundAmount?: string | null }): Promise<OrderCase> {
  return ctx.db.transaction(async (tx) => {
    const { row, order } = await lockCase(tx, ctx, caseId);
    if (row.kind !== 'dispute') throw new Problem('state.transition_not_allowed', { command: 'resolve', resource: row.kind, state: row.status });
    if (!ctx.actor?.orgKinds.includes('platform')) throw notFound('case', caseId);
    const refund = dec(input.refundAmount ?? 0);
    if (refund.isNeg() || refund.gt(order.total)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/refundAmount', in: 'body', message: `must be between 0 and the order total ${money(order.total)}` }]);
    const updated = await updateCase(tx, ctx, row, 'resolve', { resolution: input.resolution, refundAmount: refund.toFixed(2) });
    if (input.outcome === 'resume') {
      await applyTransition(tx, ctx, order, 'resolve_dispute', { resumeTo: order.resumeStatus, patch: { resumeStatus: null }, data: { caseId, outcome: 'resume', refundAmount: money(refund) } });
    } else {
      await applyTransition(tx, ctx, order, 'cancel_by_dispute', { patch: { resumeStatus: null, cancelReason: input.resolution }, data: { caseId, outcome: 'cancel_order', refundAmount: money(refund) } });
      await releaseOrderCommitments(tx, ctx, order, await linesOf(tx, order.id));
      await orderCancelled.run(tx, ctx, { ...partiesOf(order), reason: input.resolution, via: 'dispute', escrowHeld: money(order.escrowHeld) });
    }
    await orderDisputeResolved.run(tx, ctx, { ...partiesOf(order), caseId, outcome: input.outcome, refundAmount: money(refund) });
    await recordAudit(tx, ctx, { action: 'orders.dispute.resolved', targetType: 'order_case', targetId: caseId, orgId: order.buyerOrgId, data: { orderId: order.id, outcome: input.outcome, refundAmount: money(refund), resolution: input.resolution } });
    return updated;
  });
}

export async function listCases(tx: Tx, orderIds: string[]): Promise<OrderCase[]> {
  if (!orderIds.length) return [];
  return tx.select().from(orderCases).where(inArray(orderCases.orderId, orderIds)).orderBy(asc(orderCases.createdAt));
}

/** Open disputes for the platform's queue. */
export async function listOpenDisputes(tx: Tx, limit: number): Promise<Array<OrderCase & { orderNumber: string; buyerOrgId: string; supplierOrgId: string; total: string }>> {
  const rows = await tx
    .select({ c: orderCases, number: purchaseOrders.number, buyerOrgId: purchaseOrders.buyerOrgId, supplierOrgId: purchaseOrders.supplierOrgId, total: purchaseOrders.total })
    .from(orderCases)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, orderCases.orderId))
    .where(and(eq(orderCases.kind, 'dispute'), eq(orderCases.status, 'open')))
    .orderBy(asc(orderCases.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.c, orderNumber: r.number, buyerOrgId: r.buyerOrgId, supplierOrgId: r.supplierOrgId, total: r.total }));
}
