import { groupDecimal, roundDecimalString } from '../../platform/format.ts';

/**
 * Decimal arithmetic on the strings the API sends (prices, quantities), through BigInt: never a
 * float. Only what the catalog pages need: trimming, comparing, multiplying for VAT and discounts.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function parse(value: string): { int: bigint; scale: number } | null {
  const m = DECIMAL.exec(value.trim());
  if (!m) return null;
  const [, sign = '', whole = '0', frac = ''] = m;
  const digits = BigInt(`${whole}${frac}` || '0');
  return { int: sign ? -digits : digits, scale: frac.length };
}

function render(int: bigint, scale: number): string {
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = scale ? digits.slice(digits.length - scale) : '';
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** True when the text is a plain decimal number. */
export function isDecimal(value: string | null | undefined): value is string {
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

/** `100.000` → `100`, `0.1300` → `0.13`. */
export function trimDecimal(value: string): string {
  if (!isDecimal(value)) return value;
  const trimmed = value.trim();
  return trimmed.includes('.') ? trimmed.replace(/0+$/, '').replace(/\.$/, '') : trimmed;
}

/** a × b, exact. */
export function mulDecimal(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a;
  return render(x.int * y.int, x.scale + y.scale);
}

/** a − b, exact. */
export function subDecimal(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a;
  const scale = Math.max(x.scale, y.scale);
  return render(x.int * 10n ** BigInt(scale - x.scale) - y.int * 10n ** BigInt(scale - y.scale), scale);
}

/** −1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const d = parse(subDecimal(a, b));
  if (!d) return 0;
  return d.int === 0n ? 0 : d.int < 0n ? -1 : 1;
}

/** The tax-inclusive price, rounded half up to cents as the server does. */
export function inclTax(unitPrice: string, taxRate: string): string {
  return roundDecimalString(mulDecimal(unitPrice, subDecimal('1', `-${taxRate}`.replace(/^--/, ''))), 2);
}

/** `0.13` → `13%`. */
export function formatRate(rate: string): string {
  if (!isDecimal(rate)) return rate;
  return `${trimDecimal(mulDecimal(rate, '100'))}%`;
}

/** A quantity for people: no trailing zeros, thousands grouped (`10000.000` → `10,000`). */
export function formatQty(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return isDecimal(value) ? groupDecimal(trimDecimal(value)) : value;
}

/** How much below the list price, in whole per cent (`12%`), or null when not cheaper. */
export function discountPercent(price: string, listPrice: string): string | null {
  if (!isDecimal(price) || !isDecimal(listPrice) || compareDecimal(listPrice, '0') <= 0 || compareDecimal(price, listPrice) >= 0) return null;
  // (list − price) / list × 100, to one decimal, by integer division on scaled values.
  const diff = parse(subDecimal(listPrice, price))!;
  const list = parse(listPrice)!;
  const scale = Math.max(diff.scale, list.scale);
  const num = diff.int * 10n ** BigInt(scale - diff.scale) * 1000n;
  const den = list.int * 10n ** BigInt(scale - list.scale);
  const tenths = (num + den / 2n) / den;
  return `${render(tenths, 1).replace(/\.0$/, '')}%`;
}
