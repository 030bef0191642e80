import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import type { Ctx } from './context.ts';
import { query, type Db, type Tx } from './db.ts';
import { auditLog } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock key that serialises appends, so seq stays gapless and each row sees its predecessor. */
const AUDIT_LOCK_KEY = 7_263_001;

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** The organisation the entry concerns; defaults to the actor's. */
  orgId?: string | null;
  data?: Record<string, unknown>;
}

type AuditRow = typeof auditLog.$inferSelect;

/** Stable JSON: object keys sorted, so the hash does not depend on jsonb's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditEntry(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson({
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorOrgId: row.actorOrgId,
    orgId: row.orgId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    ip: row.ip,
    data: row.data,
  });
  return createHash('sha256').update(row.prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry in the caller's transaction. Call it last in a use case: the chain lock is
 * held from here to commit, so the shorter that stretch the less it serialises.
 */
export async function recordAudit(tx: Tx, ctx: Ctx, input: AuditInput): Promise<void> {
  await query(tx, sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await query<{ last_seq: string; hash: string }>(
    tx,
    sql`select seq::text as last_seq, hash from audit_log order by audit_log.seq desc limit 1`,
  );
  const row: Omit<AuditRow, 'hash'> = {
    seq: last ? Number(last.last_seq) + 1 : 1,
    occurredAt: new Date(),
    actorType: ctx.actor?.type ?? 'anonymous',
    actorId: ctx.actor?.id ?? null,
    actorOrgId: ctx.actor?.orgId ?? null,
    orgId: input.orgId === undefined ? (ctx.actor?.orgId ?? null) : input.orgId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    data: input.data ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditLog).values({ ...row, hash: hashAuditEntry(row) });
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  firstBroken: { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap' } | null;
}

/** Walks the whole chain in seq order and reports the first entry whose link does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const row of rows) {
      const broken = (reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap') => ({
        ok: false,
        checked,
        lastSeq: row.seq,
        firstBroken: { seq: reason === 'gap' ? expectedSeq : row.seq, reason },
      });
      if (row.seq !== expectedSeq) return broken('gap');
      if (row.prevHash !== prevHash) return broken('prev_hash_mismatch');
      const { hash, ...rest } = row;
      if (hashAuditEntry(rest) !== hash) return broken('hash_mismatch');
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, checked, lastSeq: checked ? expectedSeq - 1 : null, firstBroken: null };
}
