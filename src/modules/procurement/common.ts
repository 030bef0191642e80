import type { Ctx } from '../../platform/context.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { invalidField, Problem } from '../../platform/problem.ts';
import './errors.ts';

/** The acting buyer organisation; procurement has nothing for suppliers, partners or the platform. */
export function buyerOrgOf(ctx: Ctx): string {
  const actor = ctx.actor;
  if (!actor?.orgId || !actor.orgKinds.includes('buyer')) throw new Problem('procurement.buyers_only');
  return actor.orgId;
}

export function actorUserId(ctx: Ctx): string {
  return ctx.actor?.userId ?? ctx.actor?.id ?? 'system';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date string that really exists (2026-02-30 does not), else a 400 naming the field. */
export function parseDate(value: string, pointer: string): Date {
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) throw invalidField(pointer, 'is not a calendar date (YYYY-MM-DD)');
  return d;
}

export function toDateString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function today(): string {
  return toDateString(new Date());
}

/** The last day of a period of `months` months starting on `start`. */
export function periodEnd(start: string, months: number): string {
  const d = parseDate(start, '/periodStart');
  const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
  end.setUTCDate(end.getUTCDate() - 1);
  return toDateString(end);
}

export const PERIOD_MONTHS = { annual: 12, quarterly: 3, monthly: 1 } as const;
export type PeriodType = keyof typeof PERIOD_MONTHS;

/** Cursor parts: ids carry their type prefix and a ULID; anything else a client sends is refused. */
export const idOf = (prefix: string) => new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`);
export const CURSOR_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CURSOR_INT = /^\d{1,9}$/;
export const CURSOR_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Decodes a cursor this module issued: one string per pattern; anything else is a 400 on `cursor`. */
export function cursorKey(cursor: string | undefined, patterns: RegExp[]): string[] | null {
  const key = decodeCursor(cursor);
  if (!key) return null;
  if (key.length !== patterns.length || !key.every((k, i) => typeof k === 'string' && patterns[i]!.test(k))) {
    throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/cursor', in: 'querystring', message: 'is not a cursor this API issued' }]);
  }
  return key as string[];
}
