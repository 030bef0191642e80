import { Decimal } from 'decimal.js';

export { Decimal };
export type Currency = 'CNY';
export const DEFAULT_CURRENCY: Currency = 'CNY';

/** Money and quantities never touch floats: numeric columns come back as strings, go into Decimal. */
export function dec(value: Decimal.Value | null | undefined): Decimal {
  return new Decimal(value ?? 0);
}

/** Rounds a money amount to cents, half up (the VAT rounding rule for invoice lines). */
export function cents(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** A decimal string for JSON and SQL: fixed notation, `places` decimals. */
export function money(value: Decimal.Value, places = 2): string {
  return new Decimal(value).toFixed(places);
}

export function qty(value: Decimal.Value): string {
  return new Decimal(value).toFixed(3).replace(/\.?0+$/, '') || '0';
}

export function sum(values: Iterable<Decimal.Value>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}
