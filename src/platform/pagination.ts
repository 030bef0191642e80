import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { Problem } from './problem.ts';

/** Opaque cursor: the sort key of the last item returned, base64url JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each position of a cursor key holds; checked on decode so a forged cursor is a 400, not a 500. */
export type CursorPart = 'string' | 'timestamp' | 'integer';

function isCursorPart(value: unknown, part: CursorPart): boolean {
  if (part === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string' || value.length > 200) return false;
  return part === 'string' || !Number.isNaN(Date.parse(value));
}

export function decodeCursor(cursor: string | undefined, shape?: readonly CursorPart[]): unknown[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && (!shape || (key.length === shape.length && shape.every((part, i) => isCursorPart(key[i], part))))) return key;
  } catch {
    // fall through
  }
  throw new Problem('request.invalid', { count: 1 }, {}, [
    { pointer: '/cursor', in: 'querystring', message: 'is not a cursor this API issued' },
  ]);
}

/** Splits a `limit + 1` fetch into a page and the cursor to the next one. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * A timestamp column as exact ISO text. PostgreSQL keeps microseconds and a JS Date drops them,
 * so a cursor made from a Date skips rows created in the same millisecond (same transaction).
 */
export function cursorTime(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after the cursor in a newest-first (time desc, id desc) list. */
export function beforeCursor(timeColumn: AnyColumn, idColumn: AnyColumn, after: readonly [string, string]): SQL {
  return sql`(${timeColumn}, ${idColumn}) < (${after[0]}::timestamptz, ${after[1]})`;
}
