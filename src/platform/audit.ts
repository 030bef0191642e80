import { createHash, randomBytes } from 'node:crypto';
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

/** The canonical JSON an entry's hash covers (everything but the hashes themselves). */
export function auditEntryBody(row: Omit<AuditRow, 'hash' | 'prevHash' | 'pendingBody' | 'seq'> & { seq: number | string }): string {
  return canonicalJson({
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
}

export function hashAuditEntry(row: Omit<AuditRow, 'hash' | 'pendingBody'>): string {
  return createHash('sha256').update(row.prevHash).update('\n').update(auditEntryBody(row)).digest('hex');
}

/**
 * Appends one entry in the caller's transaction, as one insert that takes no lock: the row gets
 * a temporary negative seq and its canonical body with a seq marker; the deferred trigger
 * audit_log_seal (migration 0011) numbers, chains and hashes it at commit — the same hash
 * hashAuditEntry computes — under the chain lock, which is therefore held only while committing.
 */
export async function recordAudit(tx: Tx, ctx: Ctx, input: AuditInput): Promise<void> {
  const marker = `"__seq_${randomBytes(9).toString('hex')}__"`;
  const row = {
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
  };
  // The marker is a JSON string in the body; the trigger replaces it (quotes included) by the number.
  const body = auditEntryBody({ ...row, seq: marker.slice(1, -1) });
  await tx.insert(auditLog).values({ ...row, seq: sql`-nextval('audit_log_pending_seq')`, prevHash: marker, hash: '', pendingBody: body });
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
