import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { query, type Db } from './db.ts';

const FORMAT = 'cotrade-backup';
const BATCH = 2000;

interface TableInfo {
  name: string;
  columns: string[];
  orderBy: string;
}

/** Tables of the public schema, parents before children, so a restore never breaks a foreign key. */
async function tablesInDependencyOrder(db: Db): Promise<TableInfo[]> {
  const tables = await query<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const edges = await query<{ child: string; parent: string }>(
    db,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const names = tables.map((t) => t.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) {
    const child = e.child.replace(/"/g, '');
    const parent = e.parent.replace(/"/g, '');
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const p of parents.get(n) ?? []) visit(p);
    ordered.push(n);
  };
  names.forEach(visit);
  const out: TableInfo[] = [];
  for (const name of ordered) {
    const columns = await query<{ column_name: string; is_generated: string }>(
      db,
      sql`select column_name, is_generated from information_schema.columns
          where table_schema = 'public' and table_name = ${name} order by ordinal_position`,
    );
    const pk = await query<{ column_name: string }>(
      db,
      sql`select a.attname as column_name from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = ${`public."${name}"`}::regclass and i.indisprimary`,
    );
    const insertable = columns.filter((c) => c.is_generated !== 'ALWAYS').map((c) => c.column_name);
    out.push({ name, columns: insertable, orderBy: (pk.length ? pk : columns.slice(0, 1)).map((c) => `"${c.column_name}"`).join(', ') });
  }
  return out;
}

/** Writes a logical dump: a header line, then one JSON line per batch of rows per table. */
export async function backupDatabase(db: Db, file: string): Promise<Record<string, number>> {
  const tables = await tablesInDependencyOrder(db);
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const [migration] = await query<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at desc limit 1`).catch(() => []);
  await write(JSON.stringify({ format: FORMAT, version: 1, createdAt: new Date().toISOString(), migration: migration?.hash ?? null, tables: tables.map((t) => t.name) }));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table.name] = 0;
    for (let offset = 0; ; offset += BATCH) {
      const [row] = await query<{ rows: unknown[] | null }>(
        db,
        sql.raw(`select json_agg(row_to_json(t)) as rows from (select * from public."${table.name}" order by ${table.orderBy} limit ${BATCH} offset ${offset}) t`),
      );
      const rows = row?.rows ?? [];
      if (!rows.length) break;
      await write(JSON.stringify({ table: table.name, rows }));
      counts[table.name] = (counts[table.name] ?? 0) + rows.length;
      if (rows.length < BATCH) break;
    }
  }
  out.end();
  await once(out, 'finish');
  return counts;
}

/**
 * Loads a dump into a migrated database in one transaction. Refuses a non-empty target unless
 * `replace` is set, in which case every table is emptied first.
 */
export async function restoreDatabase(db: Db, file: string, options: { replace?: boolean } = {}): Promise<Record<string, number>> {
  const tables = await tablesInDependencyOrder(db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    // Opened here, right before it is iterated: lines a readline emits while nobody iterates yet
    // (during the connect above) are lost, and a short dump would look empty.
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let header: { format?: string } | null = null;
    for await (const line of lines) {
      if (!line.trim()) continue;
      if (!header) {
        header = JSON.parse(line) as { format?: string };
        if (header.format !== FORMAT) throw new Error(`${file} is not a Cotrade backup`);
        const nonEmpty = [];
        for (const t of tables) {
          const [r] = await query<{ n: number }>(tx, sql.raw(`select count(*)::int as n from (select 1 from public."${t.name}" limit 1) x`));
          if (r && r.n > 0) nonEmpty.push(t.name);
        }
        // Migrations may seed rows (e.g. catalog_search_state), so a fresh database is one nobody has used
        // yet: no audit entry (every state change writes one) and no organisation.
        const inUse = nonEmpty.some((name) => name === 'audit_log' || name === 'organizations');
        if (inUse && !options.replace) throw new Error(`target database is not empty (${nonEmpty.join(', ')}); pass --replace to overwrite`);
        // The dump carries the seeded rows too: clear them so it loads without key conflicts.
        if (nonEmpty.length) await query(tx, sql.raw(`truncate ${tables.map((t) => `public."${t.name}"`).join(', ')} restart identity cascade`));
        continue;
      }
      const chunk = JSON.parse(line) as { table: string; rows: unknown[] };
      const table = byName.get(chunk.table);
      if (!table) throw new Error(`backup has table ${chunk.table} which this version does not know`);
      const cols = table.columns.map((c) => `"${c}"`).join(', ');
      await query(
        tx,
        sql`${sql.raw(`insert into public."${table.name}" (${cols}) select ${cols} from json_populate_recordset(null::public."${table.name}",`)} ${JSON.stringify(chunk.rows)}::json)`,
      );
      counts[table.name] = (counts[table.name] ?? 0) + chunk.rows.length;
    }
    if (!header) throw new Error(`${file} is empty`);
    // Serial columns continue after the restored rows.
    const serials = await query<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const s of serials) {
      await query(
        tx,
        sql.raw(`select setval(pg_get_serial_sequence('public."${s.table_name}"', '${s.column_name}'),
          coalesce((select max("${s.column_name}") from public."${s.table_name}"), 0) + 1, false)`),
      );
    }
  });
  return counts;
}

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await query<{ n: number }>(db, sql.raw(`select count(*)::int as n from public."${t.name}"`));
    counts[t.name] = r?.n ?? 0;
  }
  return counts;
}
