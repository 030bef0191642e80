import type { ApiResponse } from '../../platform/api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { m } from './messages.ts';

export type Lot = ApiResponse<'/auctions/lots/{lotId}'>;
export type LotRow = ApiResponse<'/auctions/lots'>['items'][number];
export type Participant = ApiResponse<'/auctions/lots/{lotId}/participants'>['items'][number];
export type Bid = ApiResponse<'/auctions/lots/{lotId}/bids'>['items'][number];
export type Presale = ApiResponse<'/presales/{presaleId}'>;
export type PresaleOrder = ApiResponse<'/presale-orders/{presaleOrderId}'>;

/** What the live channel pushes on `auction:<lotId>` (and GET …/live returns), per viewer. */
export interface LotLiveState {
  lotId: string;
  kind: 'reverse' | 'forward';
  status: string;
  currency: string;
  startsAt: string;
  endsAt: string;
  startsAtMs: number;
  endsAtMs: number;
  scheduledEndsAt: string;
  extensions: number;
  maxExtensions: number;
  seq: number;
  bidCount: number;
  bidders: number;
  startPrice: string;
  view: 'full' | 'bidder' | 'observer';
  bestPrice: string | null;
  myRank?: number | null;
  myPrice?: string | null;
  leading?: boolean;
  won?: boolean | null;
  winnerOrgId?: string | null;
  standings?: Array<{ rank: number; orgId: string; name: string | null; price: string; seq: number }>;
}

export const LOT_STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  published: 'processing',
  closed: 'gold',
  awarded: 'success',
  failed: 'warning',
  cancelled: 'default',
  paid: 'cyan',
  completed: 'green',
  defaulted: 'error',
};

/** A label from this module's messages by prefix, falling back to the raw code. */
export function label(prefix: string, code: string | null | undefined): Msg {
  if (!code) return ['—', '—'];
  return (m as Record<string, Msg>)[`${prefix}${code}`] ?? [code, code];
}

/** Where the lot stands by the server clock: not started, taking bids, or past its end. */
export function phaseOf(state: { status: string; startsAtMs: number; endsAtMs: number }, serverNow: number): 'upcoming' | 'running' | 'ended' {
  if (state.status !== 'published' || serverNow >= state.endsAtMs) return 'ended';
  return serverNow < state.startsAtMs ? 'upcoming' : 'running';
}

/** `h:mm:ss` (or `d天 h:mm:ss`) of a positive duration in ms. */
export function formatDuration(ms: number, lang: 'zh-CN' | 'en'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  const clock = `${h}:${mm}:${ss}`;
  return d ? (lang === 'zh-CN' ? `${d}天 ${clock}` : `${d}d ${clock}`) : clock;
}

/** Cents arithmetic on decimal strings (2 places), for the bid hint; never through floats. */
export function toCents(value: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function fromCents(c: bigint): string {
  return `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
}

/** The step at a reference price, as the server computes it (absolute, or percent rounded half up, ≥ 0.01). */
export function stepAt(stepType: string, stepValue: string, ref: bigint): bigint {
  if (stepType === 'absolute') return toCents(stepValue) ?? 1n;
  const [int, frac = ''] = stepValue.split('.');
  const basis = BigInt(int!) * 10_000n + BigInt(frac.padEnd(4, '0').slice(0, 4)); // percent × 10⁴
  const step = (ref * basis + 500_000n) / 1_000_000n;
  return step < 1n ? 1n : step;
}
