import { Problem } from '../../platform/problem.ts';

export type InvoiceStatus = 'submitted' | 'matched' | 'exception' | 'approved' | 'rejected' | 'paid' | 'cancelled';
export type InvoiceCommand = 'match' | 'flag' | 'approve' | 'reject' | 'cancel' | 'pay';

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['submitted', 'matched', 'exception', 'approved', 'rejected', 'paid', 'cancelled'];

/**
 * A supplier's invoice: three-way match sends it to `matched` (then approved automatically) or
 * to the buyer finance exception queue (`exception`), where it is approved with a reason or
 * rejected (the supplier then issues a corrected invoice). Approved invoices are paid from escrow
 * at once, or by the buyer on credit terms, possibly in parts (status stays `approved` until paid
 * in full). A supplier may withdraw (`cancel`) an invoice nobody has approved yet.
 */
export const INVOICE_TRANSITIONS: Record<InvoiceStatus, Partial<Record<InvoiceCommand, InvoiceStatus>>> = {
  submitted: { match: 'matched', flag: 'exception', cancel: 'cancelled' },
  matched: { approve: 'approved' },
  exception: { approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: { pay: 'paid' },
  rejected: {},
  paid: {},
  cancelled: {},
};

export function transitionInvoice(state: string, command: InvoiceCommand): InvoiceStatus {
  const next = INVOICE_TRANSITIONS[state as InvoiceStatus]?.[command];
  if (!next) throw new Problem('state.transition_not_allowed', { command, resource: 'invoice', state });
  return next;
}

/** Invoices that still claim their quantities (a rejected or cancelled one frees them). */
export const ACTIVE_INVOICE_STATUSES: readonly InvoiceStatus[] = ['submitted', 'matched', 'exception', 'approved', 'paid'];

export function isActiveInvoice(status: string): boolean {
  return (ACTIVE_INVOICE_STATUSES as readonly string[]).includes(status);
}
