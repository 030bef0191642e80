import type { Tx } from '../../platform/db.ts';
import { findOrdersByNumber as findByNumber, getOrderWithLines, type OrderWithLines } from '../orders/index.ts';

/**
 * What settlement uses of orders (docs/p2p.md), in one place: the order with its lines, read or
 * locked. Every money move on an order locks the order row first (then the invoice, then the
 * settlement row), the same order the acceptance transaction takes them in.
 */
export type SettlementOrder = OrderWithLines;
export type SettlementOrderLine = OrderWithLines['lines'][number];

export type { OrderParties } from '../orders/index.ts';
export {
  adjustEscrowHeld,
  markOrderInvoiced,
  markOrderSettled,
  orderAccepted,
  orderCancelled,
  orderDisputeResolved,
  recordInvoicedQuantities,
} from '../orders/index.ts';

export { releaseBudget, spendBudget } from '../procurement/index.ts';

/** The order and its lines under row locks; 404 when it does not exist. Callers check the party. */
export function lockOrder(tx: Tx, orderId: string): Promise<SettlementOrder> {
  return getOrderWithLines(tx, orderId, true);
}

export function readOrder(tx: Tx, orderId: string): Promise<SettlementOrder> {
  return getOrderWithLines(tx, orderId, false);
}

export function findOrdersByNumber(tx: Tx, number: string) {
  return findByNumber(tx, number);
}

export const orderRef = (orderId: string) => ({ type: 'order', id: orderId });

type HookPayload<H> = H extends { run(tx: never, ctx: never, payload: infer P): unknown } ? P : never;
export type OrderAcceptedPayload = HookPayload<typeof import('../orders/index.ts').orderAccepted>;
export type OrderCancelledPayload = HookPayload<typeof import('../orders/index.ts').orderCancelled>;
export type OrderDisputeResolvedPayload = HookPayload<typeof import('../orders/index.ts').orderDisputeResolved>;
