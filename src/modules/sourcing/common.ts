import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { Problem } from '../../platform/problem.ts';
import './errors.ts';

/**
 * The server's clock, read from the database: every process of a deployment shares it, so a
 * deadline means the same instant whichever process takes the request. `clock_timestamp()`, not
 * `now()`: the time of this statement, not of the transaction start.
 */
export async function serverNow(tx: Tx): Promise<Date> {
  const [row] = await query<{ now: string }>(tx, sql`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`);
  return new Date(row!.now);
}

export function actorOrgId(ctx: Ctx): string {
  const orgId = ctx.actor?.orgId;
  if (!orgId) throw new Problem('auth.unauthenticated');
  return orgId;
}

export function actorUserId(ctx: Ctx): string {
  return ctx.actor?.userId ?? ctx.actor?.id ?? 'system';
}

export const isSupplierActor = (ctx: Ctx) => Boolean(ctx.actor?.orgKinds.includes('supplier'));

/** ISO time without milliseconds, for problem details. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const WHAT_ZH: Record<string, string> = { quote: '报价', bid: '投标', registration: '报名', deposit: '保证金缴纳', question: '提问' };

export function deadlinePassed(what: keyof typeof WHAT_ZH, number: string, deadline: Date): Problem {
  return new Problem('sourcing.deadline_passed', { what, whatZh: WHAT_ZH[what], number, deadline: isoTime(deadline) }, { deadline: deadline.toISOString() });
}

const PARTY_ZH: Record<string, string> = { buyer: '采购方', supplier: '供应商', winner: '中标人' };

export function wrongParty(party: 'buyer' | 'supplier' | 'winner', number: string, action: string, actionZh: string): Problem {
  return new Problem('sourcing.wrong_party', { party, partyZh: PARTY_ZH[party], number, action, actionZh });
}

export function linesInvalid(reason: string, reasonZh: string, pointer = '/lines'): Problem {
  return new Problem('sourcing.lines_invalid', { reason, reasonZh }, {}, [{ pointer, in: 'body', message: reason }]);
}

export function scheduleInvalid(reason: string, reasonZh: string, pointer: string): Problem {
  return new Problem('sourcing.schedule_invalid', { reason, reasonZh }, {}, [{ pointer, in: 'body', message: reason }]);
}

/**
 * A domain event in the caller's transaction (outbox + NOTIFY). `audience`: the organisations the
 * live channel may push it to once committed (module.ts forwards it). Payloads never carry quote
 * or bid prices before they may be read.
 */
export async function publish(tx: Tx, topic: string, payload: Record<string, unknown>, orgId: string | null, audience: readonly string[] = orgId ? [orgId] : []): Promise<void> {
  await emitEvent(tx, topic, { ...payload, audience: [...new Set(audience)] }, orgId);
}

/** Decodes a base64 attachment, refusing anything that is not clean base64 or exceeds `maxBytes`. */
export function decodeAttachment(contentBase64: string, maxBytes: number, pointer: string): Buffer {
  const clean = contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new Problem('sourcing.attachment_invalid', { reason: 'The content is not base64.', reasonZh: '内容不是 base64 编码。' }, {}, [{ pointer, in: 'body', message: 'is not base64' }]);
  }
  const bytes = Buffer.from(clean, 'base64');
  if (!bytes.length || bytes.length > maxBytes) {
    throw new Problem('sourcing.attachment_invalid', { reason: `Attachments must be 1 to ${maxBytes} bytes.`, reasonZh: `附件大小须为 1 至 ${maxBytes} 字节。` }, {}, [{ pointer, in: 'body', message: `must be 1 to ${maxBytes} bytes` }]);
  }
  return bytes;
}
