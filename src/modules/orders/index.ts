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
  findOrdersByNumber,
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

