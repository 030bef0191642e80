import type { ApiResponse } from '../../platform/api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

// Types of the settlement API, named once for the pages (generated from the route schemas).
export type Invoice = ApiResponse<'/invoices/{invoiceId}'>;
export type InvoiceRow = ApiResponse<'/invoices'>['items'][number];
export type MatchResult = NonNullable<Invoice['matchResult']>;
export type OrderMoney = ApiResponse<'/settlement/orders/{orderId}'>;
export type Payment = ApiResponse<'/payments'>['items'][number];
export type Payout = ApiResponse<'/payouts'>['items'][number];
export type Rule = ApiResponse<'/platform/commission-rules'>['items'][number];
export type StatementReport = ApiResponse<'/platform/bank-statements/{statementId}'>;
export type StatementRow = ApiResponse<'/platform/bank-statements'>['items'][number];
export type StatementLine = StatementReport['lines'][number];
export type Balance = ApiResponse<'/ledger/balances'>['items'][number];
export type Posting = ApiResponse<'/ledger/accounts/{accountId}/statement'>['items'][number];
export type Settings = ApiResponse<'/settlement/settings'>;

/** A label from this module's messages by prefix, falling back to the raw code. */
export function label(prefix: string, code: string | null | undefined): Msg {
  if (!code) return ['—', '—'];
  return (m as Record<string, Msg>)[`${prefix}${code}`] ?? [code, code];
}

export const INVOICE_STATUS_COLORS: Record<string, string> = {
  submitted: 'default',
  matched: 'processing',
  exception: 'warning',
  approved: 'blue',
  rejected: 'error',
  paid: 'success',
  cancelled: 'default',
};

export const LINE_STATUS_COLORS: Record<string, string> = { matched: 'success', unmatched: 'warning', duplicate: 'default', ignored: 'default' };

/** `1234.5` → `1234.50` for inputs that want a money decimal string. */
export function moneyInput(value: string | number | null | undefined): string {
  const s = String(value ?? '').trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return s;
  const [int, frac = ''] = s.split('.');
  return `${int}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** Reads a file as base64 (without the data: prefix), for the statement upload. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal string as integer units of 10^-scale (BigInt: never a float). */
function units(value: string, scale: number): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const frac = (match[2] ?? '').padEnd(scale, '0');
  if (frac.length > scale) return null;
  return BigInt(`${match[1]}${frac}`);
}

/** Divides by 10^shift rounding half up (non-negative values). */
function roundShift(value: bigint, shift: number): bigint {
  if (shift <= 0) return value;
  const d = 10n ** BigInt(shift);
  return (value + d / 2n) / d;
}

/**
 * The VAT total of a line in cents, as the server computes it: amount = qty × price rounded to
 * cents, tax = amount × rate rounded to cents. Null when an input is not a decimal.
 */
export function lineTotalCents(quantity: string, unitPrice: string, taxRate: string): bigint | null {
  const q = units(quantity, 3);
  const p = units(unitPrice, 4);
  const r = units(taxRate, 4);
  if (q === null || p === null || r === null) return null;
  const amount = roundShift(q * p, 5); // 3 + 4 decimals → cents
  const tax = roundShift(amount * r, 4);
  return amount + tax;
}

export function centsToString(cents: bigint): string {
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
