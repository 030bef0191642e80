import { Decimal, cents, dec, money, qty } from '../../platform/money.ts';

/** One VAT line: amount excl. tax rounded to cents, tax on that amount rounded to cents half-up. */
export interface VatLine {
  lineSubtotal: Decimal;
  lineTax: Decimal;
  lineTotal: Decimal;
}

export function vatLine(quantity: Decimal.Value, unitPrice: Decimal.Value, taxRate: Decimal.Value): VatLine {
  const lineSubtotal = cents(dec(quantity).times(unitPrice));
  const lineTax = cents(lineSubtotal.times(taxRate));
  return { lineSubtotal, lineTax, lineTotal: lineSubtotal.plus(lineTax) };
}

/**
 * How far an invoice may stray from the order before a person has to look: per line, the
 * tax-exclusive amount may differ by `pricePercent` % of the expected amount or by
 * `priceAmount`, whichever is larger; the invoice total by `totalAmount`.
 */
export interface MatchTolerance {
  pricePercent: Decimal.Value;
  priceAmount: Decimal.Value;
  totalAmount: Decimal.Value;
}

export const DEFAULT_TOLERANCE = { pricePercent: '0.5', priceAmount: '1.00', totalAmount: '1.00' } as const;

export interface MatchOrderLine {
  id: string;
  unitPrice: Decimal.Value;
  taxRate: Decimal.Value;
  receivedQuantity: Decimal.Value;
  acceptedQuantity: Decimal.Value;
  /** Quantity on other invoices of the order that still claim it (not rejected or cancelled). */
  invoicedElsewhere: Decimal.Value;
}

export interface MatchInvoiceLine {
  orderLineId: string;
  quantity: Decimal.Value;
  unitPrice: Decimal.Value;
  taxRate: Decimal.Value;
}

export type MatchIssue = 'quantity_over_accepted' | 'price_over_tolerance' | 'tax_rate_mismatch' | 'total_over_tolerance';

export interface LineMatch {
  orderLineId: string;
  quantity: string;
  receivedQuantity: string;
  acceptedQuantity: string;
  /** Accepted and not invoiced elsewhere: what this invoice may claim. */
  availableQuantity: string;
  orderUnitPrice: string;
  invoiceUnitPrice: string;
  orderTaxRate: string;
  invoiceTaxRate: string;
  expectedSubtotal: string;
  invoicedSubtotal: string;
  variance: string;
  tolerance: string;
  issues: MatchIssue[];
}

export interface MatchResult {
  ok: boolean;
  issues: MatchIssue[];
  lines: LineMatch[];
  expectedTotal: string;
  invoicedTotal: string;
  totalVariance: string;
  totalTolerance: string;
  tolerance: { pricePercent: string; priceAmount: string; totalAmount: string };
}

/**
 * Three-way match of order (price, tax rate), receipt (accepted quantity) and invoice. Pure: the
 * result is stored on the invoice as the reason it was approved or queued.
 */
export function threeWayMatch(orderLines: MatchOrderLine[], invoiceLines: MatchInvoiceLine[], tolerance: MatchTolerance): MatchResult {
  const byId = new Map(orderLines.map((l) => [l.id, l]));
  const issues = new Set<MatchIssue>();
  let expectedTotal = dec(0);
  let invoicedTotal = dec(0);
  const lines = invoiceLines.map((inv): LineMatch => {
    const order = byId.get(inv.orderLineId);
    if (!order) throw new Error(`invoice line for unknown order line ${inv.orderLineId}`);
    const lineIssues: MatchIssue[] = [];
    const available = dec(order.acceptedQuantity).minus(order.invoicedElsewhere);
    if (dec(inv.quantity).gt(available)) lineIssues.push('quantity_over_accepted');
    if (!dec(inv.taxRate).eq(order.taxRate)) lineIssues.push('tax_rate_mismatch');
    const expected = vatLine(inv.quantity, order.unitPrice, order.taxRate);
    const invoiced = vatLine(inv.quantity, inv.unitPrice, inv.taxRate);
    const variance = invoiced.lineSubtotal.minus(expected.lineSubtotal);
    const allowed = Decimal.max(cents(expected.lineSubtotal.times(tolerance.pricePercent).div(100)), dec(tolerance.priceAmount));
    if (variance.abs().gt(allowed)) lineIssues.push('price_over_tolerance');
    expectedTotal = expectedTotal.plus(expected.lineTotal);
    invoicedTotal = invoicedTotal.plus(invoiced.lineTotal);
    for (const i of lineIssues) issues.add(i);
    return {
      orderLineId: inv.orderLineId,
      quantity: qty(inv.quantity),
      receivedQuantity: qty(order.receivedQuantity),
      acceptedQuantity: qty(order.acceptedQuantity),
      availableQuantity: qty(Decimal.max(available, 0)),
      orderUnitPrice: money(order.unitPrice, 4),
      invoiceUnitPrice: money(inv.unitPrice, 4),
      orderTaxRate: money(order.taxRate, 4),
      invoiceTaxRate: money(inv.taxRate, 4),
      expectedSubtotal: money(expected.lineSubtotal),
      invoicedSubtotal: money(invoiced.lineSubtotal),
      variance: money(variance),
      tolerance: money(allowed),
      issues: lineIssues,
    };
  });
  const totalVariance = invoicedTotal.minus(expectedTotal);
  if (totalVariance.abs().gt(tolerance.totalAmount)) issues.add('total_over_tolerance');
  return {
    ok: issues.size === 0,
    issues: [...issues],
    lines,
    expectedTotal: money(expectedTotal),
    invoicedTotal: money(invoicedTotal),
    totalVariance: money(totalVariance),
    totalTolerance: money(tolerance.totalAmount),
    tolerance: { pricePercent: money(tolerance.pricePercent, 4), priceAmount: money(tolerance.priceAmount), totalAmount: money(tolerance.totalAmount) },
  };
}
