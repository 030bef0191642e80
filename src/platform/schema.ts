import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Hash-chained audit log: seq is gapless, each row holds the hash of the one before. */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    occurredAt: ts('occurred_at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorOrgId: text('actor_org_id'),
    orgId: text('org_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    requestId: text('request_id'),
    ip: text('ip'),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * Set only while the inserting transaction is open: the canonical body with a seq marker.
     * The deferred trigger audit_log_seal (migration 0011) numbers, chains and hashes the row at
     * commit and clears it, so the chain lock is held for the commit only.
     */
    pendingBody: text('pending_body'),
  },
  (t) => [
    index('audit_log_org_idx').on(t.orgId, t.seq),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);

/** Domain events written in the business transaction, relayed after commit. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    orgId: text('org_id'),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    relayedAt: ts('relayed_at'),
  },
  (t) => [index('outbox_unrelayed_idx').on(t.id).where(sql`relayed_at is null`)],
);

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    status: text('status').notNull().default('queued'),
    runAt: ts('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`status in ('queued', 'running')`),
    uniqueIndex('jobs_dedupe_idx').on(t.dedupeKey).where(sql`status in ('queued', 'running')`),
  ],
);

/** Recurring jobs: whichever process claims a due row enqueues the job and moves next_run_at. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
  intervalSeconds: integer('interval_seconds').notNull(),
  nextRunAt: ts('next_run_at').notNull(),
  lastRunAt: ts('last_run_at'),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: text('status').notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    lockedUntil: ts('locked_until').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('idempotency_scope_key_idx').on(t.scope, t.key)],
);

/** Outgoing e-mail: written with the business change, delivered by a job through the transport. */
export const mailOutbox = pgTable('mail_outbox', {
  id: text('id').primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  status: text('status').notNull().default('queued'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
});

/** Per-organisation document number series (REQ-2026-000001, PO-2026-000001, …). */
export const documentSequences = pgTable(
  'document_sequences',
  {
    orgId: text('org_id').notNull(),
    series: text('series').notNull(),
    nextValue: integer('next_value').notNull().default(1),
  },
  (t) => [uniqueIndex('document_sequences_idx').on(t.orgId, t.series)],
);
