import dayjs from 'dayjs';
import type { Lang } from './i18n.tsx';

/**
 * Formatting of money, numbers, dates and sizes, in one place and in both languages.
 * Money arrives as a decimal string and is formatted as a string: never through a float.
 */

const CURRENCY_SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$' };
const CURRENCY_DIGITS: Record<string, number> = { JPY: 0 };

/** `formatMoney('1234567.5', 'CNY', 'zh-CN')` → `¥1,234,567.50`; en → `CNY 1,234,567.50`. */
export function formatMoney(amount: string | null | undefined, currency = 'CNY', lang: Lang = 'zh-CN'): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const digits = CURRENCY_DIGITS[currency] ?? 2;
  const text = groupDecimal(roundDecimalString(amount, digits), digits);
  if (lang === 'zh-CN' && CURRENCY_SYMBOL[currency]) return text.startsWith('-') ? `-${CURRENCY_SYMBOL[currency]}${text.slice(1)}` : `${CURRENCY_SYMBOL[currency]}${text}`;
  return `${currency} ${text}`;
}

/** Thousands separators on a decimal string, padding the fraction to `minFraction` digits. */
export function groupDecimal(value: string, minFraction = 0): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign = '', int = '0', frac = ''] = match;
  const grouped = (int.replace(/^0+(?=\d)/, '') || '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = frac.padEnd(minFraction, '0');
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Rounds a decimal string half away from zero to `digits` places, by string arithmetic. */
export function roundDecimalString(value: string, digits: number): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign = '', intPart = '0', fracPart = ''] = match;
  if (fracPart.length <= digits) return `${sign}${intPart || '0'}${digits ? `.${fracPart.padEnd(digits, '0')}` : ''}`;
  const keep = `${intPart || '0'}${fracPart.slice(0, digits)}`;
  const roundUp = Number(fracPart[digits]) >= 5;
  let result = keep.split('').map(Number);
  if (roundUp) {
    let i = result.length - 1;
    for (; i >= 0; i--) {
      if (result[i]! < 9) {
        result[i]! += 1;
        break;
      }
      result[i] = 0;
    }
    if (i < 0) result = [1, ...result];
  }
  const s = result.join('');
  const int = s.slice(0, s.length - digits) || '0';
  const frac = s.slice(s.length - digits);
  const isZero = /^0*$/.test(int + frac);
  return `${isZero ? '' : sign}${int}${digits ? `.${frac}` : ''}`;
}

/** A whole number with grouping: 12,345. */
export function formatCount(n: number | null | undefined, lang: Lang = 'zh-CN'): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(lang).format(n);
}

/** `2026-11-21 22:10` in both languages (ISO-like order reads well in both for B2B records). */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  return dayjs(iso).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD');
}

/** "3 hours ago" / "3 小时前" (dayjs relativeTime, locale set by the app). */
export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).fromNow();
}

export function formatBytes(bytes: number, lang: Lang = 'zh-CN'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}
