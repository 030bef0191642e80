import type { ApiResponse } from '../../platform/api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

export type RfqRow = ApiResponse<'/rfqs'>['items'][number];
export type RfqDetail = ApiResponse<'/rfqs/{rfqId}'>;
export type RfqLine = RfqDetail['lines'][number];
export type Quote = NonNullable<RfqDetail['myQuote']>;
export type BuyerQuote = ApiResponse<'/rfqs/{rfqId}/quotes'>['items'][number];
export type Comparison = ApiResponse<'/rfqs/{rfqId}/comparison'>;
export type Question = ApiResponse<'/rfqs/{rfqId}/questions'>['items'][number];
export type TenderRow = ApiResponse<'/tenders'>['items'][number];
export type TenderDetail = ApiResponse<'/tenders/{tenderId}'>;
export type Registration = ApiResponse<'/tenders/{tenderId}/registrations'>['items'][number];
export type Deposit = ApiResponse<'/tenders/{tenderId}/deposits'>['items'][number];
export type Opening = ApiResponse<'/tenders/{tenderId}/opening'>;
export type Evaluation = ApiResponse<'/tenders/{tenderId}/evaluation'>;
export type Awards = ApiResponse<'/tenders/{tenderId}/awards'>;
export type Notice = ApiResponse<'/public/tender-notices'>['items'][number];

export const RFQ_STATUSES = ['draft', 'open', 'closed', 'awarded', 'cancelled'];
export const TENDER_STATUSES = ['draft', 'published', 'closed', 'opened', 'evaluated', 'awarded', 'concluded', 'failed', 'cancelled'];

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  open: 'processing',
  published: 'processing',
  closed: 'gold',
  opened: 'purple',
  evaluated: 'geekblue',
  awarded: 'green',
  concluded: 'success',
  failed: 'error',
  cancelled: 'default',
  submitted: 'processing',
  withdrawn: 'default',
  partially_awarded: 'cyan',
  not_awarded: 'default',
  pending: 'processing',
  qualified: 'success',
  rejected: 'error',
  held: 'gold',
  refunded: 'default',
  forfeited: 'volcano',
  excluded: 'default',
  offered: 'processing',
  confirmed: 'success',
  declined: 'volcano',
  lapsed: 'volcano',
};

/** A label from this module's messages by prefix, falling back to the raw code. */
export function label(prefix: string, code: string | null | undefined): Msg {
  if (!code) return ['—', '—'];
  return (m as Record<string, Msg>)[`${prefix}${code}`] ?? [code, code];
}

/** Decimal strings multiplied and summed by string arithmetic (4 decimals of price × 3 of quantity), never floats. */
export function mulDec(a: string | undefined | null, b: string | undefined | null): string | null {
  if (!a || !b || !/^\d+(\.\d+)?$/.test(a) || !/^\d+(\.\d+)?$/.test(b)) return null;
  const scale = (s: string) => (s.split('.')[1] ?? '').length;
  const big = (s: string) => BigInt(s.replace('.', ''));
  const sa = scale(a);
  const sb = scale(b);
  const product = big(a) * big(b);
  return fromScaled(product, sa + sb);
}

export function addDec(values: Array<string | null | undefined>): string {
  let total = 0n;
  let scale = 0;
  for (const v of values) if (v) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  for (const v of values) {
    if (!v) continue;
    const [i, f = ''] = v.split('.');
    total += BigInt(`${i}${f.padEnd(scale, '0')}`);
  }
  return fromScaled(total, scale);
}

function fromScaled(value: bigint, scale: number): string {
  const s = value.toString().padStart(scale + 1, '0');
  return scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
}

export const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
export const QUANTITY = /^\d{1,12}(\.\d{1,3})?$/;
export const TAX_RATE = /^0(\.\d{1,4})?$/;

/** Quantities as the API sends them, trimmed of trailing zeros. */
export function qtyText(q: string): string {
  return q.includes('.') ? q.replace(/\.?0+$/, '') : q;
}

export function newKey(): string {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Reads a file as base64 (without the data: prefix), for attachments sent in JSON. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
