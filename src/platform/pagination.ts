import { Problem } from './problem.ts';

/** Opaque cursor: the sort key of the last item returned, base64url JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key;
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
