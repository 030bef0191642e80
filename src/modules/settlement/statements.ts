import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { dec, money, sum } from '../../platform/money.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { organizationsByIds } from '../identity/index.ts';
import { postEntry } from '../ledger/index.ts';
import { parseStatement, referencesIn, type StatementLineInput } from './bank-csv.ts';
import { lockName, PLATFORM } from './common.ts';
import { applyPayment, lockPaymentTarget, type PaymentTarget } from './payments.ts';
import { findOrdersByNumber, lockOrder } from './ports.ts';
import { bankStatementLines, bankStatements, invoices, payments, type BankStatement, type BankStatementLine } from './schema.ts';

const IMPORT_LOCK = 'settlement.bank-statements';
export const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;

export interface StatementReport {
  statement: BankStatement;
  lines: BankStatementLine[];
  /** True when this very file was imported before: nothing was booked again. */
  alreadyImported: boolean;
}

interface Candidate {
  buyerOrgId: string;
  purpose: 'escrow' | 'invoice';
  orderId?: string;
  invoiceId?: string;
  /** What the line would pay, for the report. */
  type: 'order' | 'invoice';
  id: string;
}

/**
 * Imports a bank statement CSV (UTF-8 or GBK). Each incoming line is matched by the document
 * references in its remittance info and its amount — exactly what is due on one approved invoice
 * or escrow order — and booked as that buyer's payment; anything else is parked in suspense for
 * matching by hand. The same file imported again returns the first import; a transfer already
 * booked (by an earlier statement or recorded by hand) is a `duplicate` and books nothing.
 */
export async function importStatement(ctx: Ctx, input: { filename: string; content: string }): Promise<StatementReport> {
  const bytes = Buffer.from(input.content, 'base64');
  if (!bytes.length) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/content', in: 'body', message: 'is empty (base64 of the CSV file expected)' }]);
  if (bytes.length > MAX_STATEMENT_BYTES) throw new Problem('request.too_large', { limit: MAX_STATEMENT_BYTES });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const parsed = parseStatement(bytes);
  if (parsed.errors.length) {
    throw new Problem(
      'settlement.statement_invalid',
      { count: parsed.errors.length },
      { lineErrors: parsed.errors },
      parsed.errors.map((e) => ({ pointer: `/content/lines/${e.lineNo}`, in: 'body' as const, message: e.message })),
    );
  }
  return ctx.db.transaction(async (tx) => {
    await lockName(tx, IMPORT_LOCK);
    const [existing] = await tx.select().from(bankStatements).where(eq(bankStatements.sha256, sha256));
    if (existing) return { statement: existing, lines: await linesOfStatement(tx, existing.id), alreadyImported: true };

    const statementId = newId('bst');
    await tx.insert(bankStatements).values({
      id: statementId,
      filename: input.filename,
      sha256,
      encoding: parsed.encoding,
      importedBy: ctx.actor?.userId ?? ctx.actor?.id ?? 'system',
      lineCount: parsed.lines.length,
      totalAmount: money(sum(parsed.lines.map((l) => dec(l.amount).gt(0) ? l.amount : 0)), 4),
    });
    const counts = { matched: 0, unmatched: 0, duplicate: 0 };
    for (const line of parsed.lines) {
      const status = await importLine(tx, ctx, statementId, line);
      if (status in counts) counts[status as keyof typeof counts]++;
    }
    const [statement] = await tx
      .update(bankStatements)
      .set({ matchedCount: counts.matched, unmatchedCount: counts.unmatched, duplicateCount: counts.duplicate })
      .where(eq(bankStatements.id, statementId))
      .returning();
    await emitEvent(tx, 'settlement.statement.imported', { statementId, filename: input.filename, lines: parsed.lines.length, ...counts }, null);
    await recordAudit(tx, ctx, { action: 'settlement.statement.imported', targetType: 'bank_statement', targetId: statementId, data: { filename: input.filename, sha256, encoding: parsed.encoding, lines: parsed.lines.length, ...counts } });
    return { statement: statement!, lines: await linesOfStatement(tx, statementId), alreadyImported: false };
  });
}

async function importLine(tx: Tx, ctx: Ctx, statementId: string, line: StatementLineInput): Promise<BankStatementLine['status']> {
  const id = newId('bsl');
  const row = {
    id,
    statementId,
    lineNo: line.lineNo,
    valueDate: line.valueDate,
    amount: money(line.amount, 4),
    currency: line.currency,
    payerName: line.payerName,
    payerAccount: line.payerAccount,
    bankReference: line.bankReference,
    remittanceInfo: line.remittanceInfo,
  };
  if (dec(line.amount).lte(0)) {
    await tx.insert(bankStatementLines).values({ ...row, status: 'ignored', note: 'outgoing or zero amount' });
    return 'ignored';
  }
  const booked = await bookedElsewhere(tx, line.bankReference);
  if (booked) {
    await tx.insert(bankStatementLines).values({ ...row, status: 'duplicate', matchedPaymentId: booked.paymentId, note: booked.note });
    return 'duplicate';
  }
  await tx.insert(bankStatementLines).values({ ...row, status: 'unmatched' });
  const match = line.currency === 'CNY' ? await findMatch(tx, ctx, line) : null;
  if (match) {
    const payment = await applyPayment(
      tx,
      ctx,
      { buyerOrgId: match.candidate.buyerOrgId, purpose: match.candidate.purpose, orderId: match.candidate.orderId, invoiceId: match.candidate.invoiceId, amount: line.amount, bankReference: line.bankReference, receivedAt: new Date(`${line.valueDate}T00:00:00Z`), statementLineId: id },
      match.target,
    );
    await tx
      .update(bankStatementLines)
      .set({ status: 'matched', matchedPaymentId: payment.id, matchedType: match.candidate.type, matchedId: match.candidate.id, buyerOrgId: match.candidate.buyerOrgId, matchedAt: new Date() })
      .where(eq(bankStatementLines.id, id));
    return 'matched';
  }
  const entryId = await postEntry(tx, ctx, {
    kind: 'settlement.suspense.received',
    memo: `Unmatched bank receipt ${line.bankReference}${line.payerName ? ` from ${line.payerName}` : ''}`,
    reference: { type: 'bank_statement_line', id },
    dedupeKey: `bank-line:${line.bankReference}`,
    postings: [
      { account: { owner: PLATFORM, purpose: 'cash', currency: line.currency }, debit: line.amount },
      { account: { owner: PLATFORM, purpose: 'suspense', currency: line.currency }, credit: line.amount },
    ],
  });
  await tx.update(bankStatementLines).set({ suspenseEntryId: entryId, note: 'no single document matches reference and amount' }).where(eq(bankStatementLines.id, id));
  return 'unmatched';
}

/** A transfer already booked: by an earlier statement line, or recorded by a buyer by hand. */
async function bookedElsewhere(tx: Tx, bankReference: string): Promise<{ paymentId: string | null; note: string } | null> {
  const [line] = await tx
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.bankReference, bankReference), inArray(bankStatementLines.status, ['matched', 'unmatched'])))
    .limit(1);
  if (line) return { paymentId: line.matchedPaymentId, note: `already imported (statement ${line.statementId}, line ${line.lineNo})` };
  const [payment] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.bankReference, bankReference)).limit(1);
  if (payment) return { paymentId: payment.id, note: 'already recorded as a payment' };
  return null;
}

/**
 * The one document a line pays: referenced in the remittance info (ids like inv_…/po_…, numbers
 * like INV-2026-000001 / PO-2026-000001) and owing exactly the line's amount. Several such
 * documents are narrowed by the payer name; still ambiguous is no match.
 */
async function findMatch(tx: Tx, ctx: Ctx, line: StatementLineInput): Promise<{ candidate: Candidate; target: PaymentTarget & { settlement: Awaited<ReturnType<typeof lockPaymentTarget>>['settlement'] } } | null> {
  const refs = referencesIn(line.remittanceInfo);
  if (!refs.ids.length && !refs.numbers.length) return null;
  const candidates: Candidate[] = [];
  const invoiceIds = refs.ids.filter((i) => i.startsWith('inv_'));
  const invoiceConditions: SQL[] = [];
  if (invoiceIds.length) invoiceConditions.push(inArray(invoices.id, invoiceIds));
  if (refs.numbers.length) invoiceConditions.push(inArray(invoices.number, refs.numbers));
  if (invoiceConditions.length) {
    const found = await tx.select().from(invoices).where(and(or(...invoiceConditions), inArray(invoices.status, ['approved'])));
    for (const inv of found) {
      candidates.push(
        inv.paymentMethod === 'credit'
          ? { buyerOrgId: inv.buyerOrgId, purpose: 'invoice', invoiceId: inv.id, type: 'invoice', id: inv.id }
          : { buyerOrgId: inv.buyerOrgId, purpose: 'escrow', orderId: inv.orderId, type: 'order', id: inv.orderId },
      );
    }
  }
  const orderIds = new Set(refs.ids.filter((i) => i.startsWith('po_')));
  for (const number of refs.numbers) for (const o of await findOrdersByNumber(tx, number)) orderIds.add(o.id);
  for (const orderId of orderIds) {
    try {
      const order = await lockOrder(tx, orderId);
      candidates.push({ buyerOrgId: order.buyerOrgId, purpose: 'escrow', orderId, type: 'order', id: orderId });
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
    }
  }
  const unique = [...new Map(candidates.map((c) => [`${c.type}:${c.id}`, c])).values()];
  const fitting: Array<{ candidate: Candidate; target: Awaited<ReturnType<typeof lockPaymentTarget>> }> = [];
  for (const candidate of unique) {
    try {
      const target = await lockPaymentTarget(tx, ctx, candidate);
      if (target.due.eq(line.amount)) fitting.push({ candidate, target });
    } catch (error) {
      if (!(error instanceof Problem)) throw error; // not payable now: not a match
    }
  }
  if (fitting.length <= 1) return fitting[0] ?? null;
  const orgs = await organizationsByIds(tx, [...new Set(fitting.map((f) => f.candidate.buyerOrgId))]);
  const payer = (line.payerName ?? '').trim();
  const named = fitting.filter((f) => {
    const org = orgs.find((o) => o.id === f.candidate.buyerOrgId);
    return payer !== '' && org !== undefined && (org.name === payer || org.nameEn === payer);
  });
  return named.length === 1 ? named[0]! : null;
}

/**
 * Platform finance matches a parked line by hand to an order (escrow) or an invoice: the money
 * leaves suspense for the buyer's escrow or receivable. Partial payments are allowed here.
 */
export async function matchStatementLine(ctx: Ctx, lineId: string, input: { type: 'order' | 'invoice'; id: string }): Promise<BankStatementLine> {
  return ctx.db.transaction(async (tx) => {
    await lockName(tx, IMPORT_LOCK);
    const [line] = await tx.select().from(bankStatementLines).where(eq(bankStatementLines.id, lineId)).for('update');
    if (!line) throw notFound('bank statement line', lineId);
    if (line.status !== 'unmatched') throw new Problem('settlement.statement_line_not_open', { lineId, status: line.status });
    let candidate: Candidate;
    if (input.type === 'invoice') {
      const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.id));
      if (!invoice) throw notFound('invoice', input.id);
      candidate =
        invoice.paymentMethod === 'credit'
          ? { buyerOrgId: invoice.buyerOrgId, purpose: 'invoice', invoiceId: invoice.id, type: 'invoice', id: invoice.id }
          : { buyerOrgId: invoice.buyerOrgId, purpose: 'escrow', orderId: invoice.orderId, type: 'order', id: invoice.orderId };
    } else {
      const order = await lockOrder(tx, input.id);
      candidate = { buyerOrgId: order.buyerOrgId, purpose: 'escrow', orderId: order.id, type: 'order', id: order.id };
    }
    const payment = await applyPayment(tx, ctx, {
      buyerOrgId: candidate.buyerOrgId,
      purpose: candidate.purpose,
      orderId: candidate.orderId,
      invoiceId: candidate.invoiceId,
      amount: line.amount,
      currency: line.currency,
      bankReference: line.bankReference,
      receivedAt: new Date(`${line.valueDate}T00:00:00Z`),
      statementLineId: line.id,
      fromSuspense: true,
    });
    const [updated] = await tx
      .update(bankStatementLines)
      .set({ status: 'matched', matchedPaymentId: payment.id, matchedType: candidate.type, matchedId: candidate.id, buyerOrgId: candidate.buyerOrgId, matchedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null, matchedAt: new Date() })
      .where(eq(bankStatementLines.id, line.id))
      .returning();
    await tx
      .update(bankStatements)
      .set({ matchedCount: sql`${bankStatements.matchedCount} + 1`, unmatchedCount: sql`${bankStatements.unmatchedCount} - 1` })
      .where(eq(bankStatements.id, line.statementId));
    await emitEvent(tx, 'settlement.statement_line.matched', { lineId, paymentId: payment.id, type: candidate.type, id: candidate.id, buyerOrgId: candidate.buyerOrgId }, candidate.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'settlement.statement_line.matched', targetType: 'bank_statement_line', targetId: lineId, data: { paymentId: payment.id, type: candidate.type, id: candidate.id, amount: money(line.amount) } });
    return updated!;
  });
}

/**
 * A parked (suspense) line with this bank reference, if any: a buyer who records by hand a
 * transfer the bank statement already brought in gets it matched instead of booked twice.
 */
export async function findStatementLineByReference(tx: Tx, bankReference: string): Promise<BankStatementLine | null> {
  // Locked before the order (as matching by hand does), so the two cannot match it both.
  const [line] = await tx
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.bankReference, bankReference), inArray(bankStatementLines.status, ['matched', 'unmatched'])))
    .limit(1)
    .for('update');
  return line ?? null;
}

export function linesOfStatement(tx: Tx, statementId: string): Promise<BankStatementLine[]> {
  return tx.select().from(bankStatementLines).where(eq(bankStatementLines.statementId, statementId)).orderBy(asc(bankStatementLines.lineNo));
}

export async function getStatement(tx: Tx, statementId: string): Promise<StatementReport> {
  const [statement] = await tx.select().from(bankStatements).where(eq(bankStatements.id, statementId));
  if (!statement) throw notFound('bank statement', statementId);
  return { statement, lines: await linesOfStatement(tx, statementId), alreadyImported: false };
}

export async function listStatements(tx: Tx, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor);
  const rows = await tx
    .select()
    .from(bankStatements)
    .where(after ? lt(bankStatements.id, String(after[0])) : undefined)
    .orderBy(desc(bankStatements.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.id]);
}

export async function listStatementLines(tx: Tx, filter: { status?: string; limit: number; cursor?: string }) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(bankStatementLines.status, filter.status));
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(lt(bankStatementLines.id, String(after[0])));
  const rows = await tx.select().from(bankStatementLines).where(and(...conditions)).orderBy(desc(bankStatementLines.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}
