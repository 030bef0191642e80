import { defineHook } from '../../platform/hooks.ts';

/**
 * In-transaction extension points of the orders module. Orders runs them inside the use case's
 * transaction; settlement (or any higher module) registers handlers at start-up, so money moves
 * commit or roll back together with the order change. A handler that throws aborts the change.
 */

export interface OrderParties {
  orderId: string;
  number: string;
  buyerOrgId: string;
  supplierOrgId: string;
  paymentMethod: 'escrow' | 'credit';
  creditDays: number | null;
  currency: string;
  /** Order total incl. tax, decimal string. */
  total: string;
}

/** An order was placed (submitted): e.g. a credit-limit check or an escrow payment request. */
export const orderSubmitted = defineHook<OrderParties>('orders.orderSubmitted');

/**
 * A goods receipt was inspected. Values are incl. tax and incremental for this receipt (cents,
 * computed on cumulative quantities so a fully inspected line adds up to its line total exactly).
 * `final` is true when the whole order is now inspected (status accepted or partially_accepted).
 */
export const orderAccepted = defineHook<
  OrderParties & {
    receiptId: string;
    final: boolean;
    acceptedValue: string;
    rejectedValue: string;
    lines: Array<{ orderLineId: string; acceptedQuantity: string; rejectedQuantity: string; acceptedValue: string; rejectedValue: string }>;
  }
>('orders.orderAccepted');

/**
 * An order was cancelled, rejected by the supplier, expired or cancelled by a dispute
 * resolution. `escrowHeld` is what the buyer paid into escrow for it and is still held.
 */
export const orderCancelled = defineHook<OrderParties & { reason: string; via: 'buyer' | 'supplier_rejection' | 'reservation_expiry' | 'dispute'; escrowHeld: string }>('orders.orderCancelled');

/** Every shipment of a fully shipped order has arrived. */
export const orderDelivered = defineHook<OrderParties>('orders.orderDelivered');

/** The platform resolved a dispute; `refundAmount` (incl. tax, may be "0") goes back to the buyer. */
export const orderDisputeResolved = defineHook<OrderParties & { caseId: string; outcome: 'resume' | 'cancel_order'; refundAmount: string }>('orders.orderDisputeResolved');
