import { sql } from 'drizzle-orm';
import { query, type Tx } from '../../platform/db.ts';

/**
 * Suppliers with at least one approved, listed product in one of the categories or below them
 * (codes are hierarchical: '0101' is under '01'). Sourcing invites them to category-matched
 * events; supplier tiers will narrow this later.
 */
export async function suppliersInCategories(tx: Tx, categoryCodes: readonly string[]): Promise<string[]> {
  if (!categoryCodes.length) return [];
  const prefixes = sql.join(categoryCodes.map((c) => sql`${`${c.replace(/[%_\\]/g, '')}%`}`), sql`, `);
  const rows = await query<{ supplier_org_id: string }>(
    tx,
    sql`select distinct supplier_org_id from catalog_products
        where review_status = 'approved' and active and category_code like any (array[${prefixes}]::text[])
        order by supplier_org_id`,
  );
  return rows.map((r) => r.supplier_org_id);
}
