import { and, eq, notInArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import type { Order } from './service/common.ts';
import { purchaseOrders } from './schema.ts';

/** What other modules may use of orders: functions and types only. */
export {
  createOrder,
  ORDER_SOURCES,
  type CreateOrderInput,
  type CreateOrderOptions,
  type OrderLineInput,
  type OrderSource,
  type PriceSource,
} from './service/create-order.ts';
export { type Order, type OrderLine, type OrderWithLines, lineValue } from './service/common.ts';
export {
  adjustEscrowHeld,
  getOrderForParty,
  getOrderWithLines,
  invoiceableQuantities,
  markOrderInvoiced,
  markOrderSettled,
  recordInvoicedQuantities,
} from './service/settlement-api.ts';
export { orderAccepted, orderCancelled, orderDelivered, orderDisputeResolved, orderSubmitted, type OrderParties } from './hooks.ts';
export { ORDER_STATUSES, ORDER_TRANSITIONS, transition as transitionOrder, type OrderStatus, type OrderCommand } from './order.state.ts';
export { supplierRating, type SupplierRating } from './service/evaluations.ts';
export { PERM as ORDER_PERMISSIONS } from './permissions.ts';

/**
 * Open orders (not closed, cancelled, rejected or settled) with this document number. Numbers are
 * unique per buyer only: settlement matches bank transfers by the number they quote, then narrows
 * by amount and payer. (Added for settlement.)
 */
export function findOrdersByNumber(tx: Tx, number: string): Promise<Order[]> {
  return tx
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.number, number), notInArray(purchaseOrders.status, ['closed', 'cancelled', 'rejected', 'settled'])))
    .limit(20);
}
