import { sql } from 'drizzle-orm';
import { query, type Tx } from './db.ts';

/**
 * The next number of a document series for an organisation, e.g. `PO-2026-000042`. The upsert
 * takes the row lock, so numbers are unique and gapless per series among committed documents.
 */
export async function nextDocumentNumber(tx: Tx, orgId: string, prefix: string, at = new Date()): Promise<string> {
  const year = at.getUTCFullYear();
  const series = `${prefix}-${year}`;
  const [row] = await query<{ value: number }>(
    tx,
    sql`insert into document_sequences (org_id, series, next_value) values (${orgId}, ${series}, 2)
        on conflict (org_id, series) do update set next_value = document_sequences.next_value + 1
        returning next_value - 1 as value`,
  );
  return `${series}-${String(row!.value).padStart(6, '0')}`;
}
