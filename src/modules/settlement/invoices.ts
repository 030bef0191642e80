import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { Decimal, dec, money, qty, sum } from '../../platform/money.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { postEntry } from '../ledger/index.ts';
import { chargeCommission } from './commission.ts';
import { actorOrg, lockSettlement, mailFinance, seesAll, settingsFor, supplierTierOf, updateSettlement, PLATFORM } from './common.ts';
import { maybeCompleteOrder } from './completion.ts';
import { transitionInvoice, type InvoiceStatus } from './invoice.state.ts';
import { threeWayMatch, vatLine } from './match.ts';
import { lockOrder, recordInvoicedQuantities, type SettlementOrder, type SettlementOrderLine } from './ports.ts';
import { activeCommissionRules } from './rules.ts';
import { invoiceLines, invoices, type Invoice, type InvoiceLine, type OrderSettlement } from './schema.ts';

/** Order states in which accepted goods may be invoiced. */
const INVOICEABLE_ORDER_STATES = ['partially_shipped', 'shipped', 'delivered', 'partially_accepted', 'accepted', 'invoiced'];
export const REMINDER_JOB = 'settlement.invoice-reminder';

export type InvoiceWithLines = Invoice & { lines: InvoiceLine[] };

export interface CreateInvoiceInput {
  orderId: string;
  vatInvoiceNumber: string;
  issueDate?: string;
  /** Omitted: every accepted quantity not invoiced yet, at the order's prices. */
  lines?: Array<{ orderLineId: string; quantity: string; unitPrice?: string; taxRate?: string }>;
}

/** Quantity per order line claimed by the order's invoices in `statuses` (except `exceptId`). */
async function claimedByLine(tx: Tx, orderId: string, statuses: readonly string[], exceptId?: string): Promise<Map<string, Decimal>> {
  const conditions: SQL[] = [eq(invoices.orderId, orderId), inArray(invoices.status, [...statuses])];
  if (exceptId) conditions.push(sql`${invoices.id} <> ${exceptId}`);
  const rows = await tx
    .select({ orderLineId: invoiceLines.orderLineId, quantity: sql<string>`sum(${invoiceLines.quantity})::text` })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(and(...conditions))
    .groupBy(invoiceLines.orderLineId);
  return new Map(rows.map((r) => [r.orderLineId, dec(r.quantity)]));
}

const ACTIVE: readonly InvoiceStatus[] = ['submitted', 'matched', 'exception', 'approved', 'paid'];
const APPROVED: readonly InvoiceStatus[] = ['approved', 'paid'];

export interface InvoiceableLine {
  orderLineId: string;
  lineNo: number;
  name: string;
  spec: string | null;
  uom: string;
  categoryCode: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  receivedQuantity: string;
  acceptedQuantity: string;
  /** On invoices that still claim it (submitted, in the exception queue, approved or paid). */
  claimedQuantity: string;
  /** Accepted and not claimed by any invoice: what a new invoice may take. */
  invoiceableQuantity: string;
}

export function invoiceableLines(lines: SettlementOrderLine[], claimed: Map<string, Decimal>): InvoiceableLine[] {
  return lines.map((l) => {
    const c = claimed.get(l.id) ?? dec(0);
    return {
      orderLineId: l.id,
      lineNo: l.lineNo,
      name: l.name,
      spec: l.spec,
      uom: l.uom,
      categoryCode: l.categoryCode,
      quantity: qty(l.quantity),
      unitPrice: money(l.unitPrice, 4),
      taxRate: money(l.taxRate, 4),
      receivedQuantity: qty(l.receivedQuantity),
      acceptedQuantity: qty(l.acceptedQuantity),
      claimedQuantity: qty(c),
      invoiceableQuantity: qty(Decimal.max(dec(l.acceptedQuantity).minus(c), 0)),
    };
  });
}

export async function invoiceableOf(tx: Tx, orderId: string, lines: SettlementOrderLine[]): Promise<InvoiceableLine[]> {
  return invoiceableLines(lines, await claimedByLine(tx, orderId, ACTIVE));
}

const lineProblem = (index: number, orderLineId: string, reason: string) =>
  new Problem('settlement.invoice_line_invalid', { orderLineId, reason }, {}, [{ pointer: `/lines/${index}/orderLineId`, in: 'body', message: reason }]);

/**
 * The supplier invoices accepted goods of an order: VAT lines, three-way match against the order
 * and the receipts, then approval at once (matched) or the buyer's exception queue. The order row
 * lock and the settlement row lock keep two invoices from claiming the same quantities.
 */
export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<InvoiceWithLines> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, input.orderId);
    if (order.supplierOrgId !== actorOrg(ctx)) throw notFound('order', input.orderId);
    if (!INVOICEABLE_ORDER_STATES.includes(order.status)) throw new Problem('settlement.order_not_invoiceable', { orderId: order.id, status: order.status });
    let s = await lockSettlement(tx, order);
    const orderLines = order.lines;
    const byId = new Map(orderLines.map((l) => [l.id, l]));
    const claimed = await claimedByLine(tx, order.id, ACTIVE);

    const requested: Array<{ orderLineId: string; quantity: Decimal; unitPrice: Decimal; taxRate: Decimal }> = [];
    if (input.lines?.length) {
      const seen = new Set<string>();
      input.lines.forEach((l, index) => {
        const line = byId.get(l.orderLineId);
        if (!line) throw lineProblem(index, l.orderLineId, 'not a line of this order');
        if (seen.has(l.orderLineId)) throw lineProblem(index, l.orderLineId, 'appears twice');
        seen.add(l.orderLineId);
        const quantity = dec(l.quantity);
        if (quantity.lte(0)) throw lineProblem(index, l.orderLineId, 'quantity must be positive');
        const remaining = dec(line.quantity).minus(claimed.get(line.id) ?? 0);
        if (quantity.gt(remaining)) {
          throw new Problem('settlement.quantity_exceeds_order', { orderLineId: line.id, requested: qty(quantity), remaining: qty(Decimal.max(remaining, 0)) }, {}, [
            { pointer: `/lines/${index}/quantity`, in: 'body', message: `at most ${qty(Decimal.max(remaining, 0))}` },
          ]);
        }
        requested.push({ orderLineId: line.id, quantity, unitPrice: dec(l.unitPrice ?? line.unitPrice), taxRate: dec(l.taxRate ?? line.taxRate) });
      });
    } else {
      for (const line of orderLines) {
        const available = dec(line.acceptedQuantity).minus(claimed.get(line.id) ?? 0);
        if (available.gt(0)) requested.push({ orderLineId: line.id, quantity: available, unitPrice: dec(line.unitPrice), taxRate: dec(line.taxRate) });
      }
      if (!requested.length) throw new Problem('settlement.nothing_to_invoice', { orderId: order.id });
    }

    const [taken] = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.supplierOrgId, order.supplierOrgId), eq(invoices.vatInvoiceNumber, input.vatInvoiceNumber)));
    if (taken) throw duplicateVat(input.vatInvoiceNumber, taken.id);

    const settings = await settingsFor(tx, order.buyerOrgId);
    const match = threeWayMatch(
      requested.map((r) => {
        const l = byId.get(r.orderLineId)!;
        return { id: l.id, unitPrice: l.unitPrice, taxRate: l.taxRate, receivedQuantity: l.receivedQuantity, acceptedQuantity: l.acceptedQuantity, invoicedElsewhere: claimed.get(l.id) ?? 0 };
      }),
      requested.map((r) => ({ orderLineId: r.orderLineId, quantity: r.quantity, unitPrice: r.unitPrice, taxRate: r.taxRate })),
      settings,
    );

    const id = newId('inv');
    const vat = requested.map((r) => ({ ...r, ...vatLine(r.quantity, r.unitPrice, r.taxRate) }));
    const subtotal = sum(vat.map((v) => v.lineSubtotal));
    const taxTotal = sum(vat.map((v) => v.lineTax));
    const status = transitionInvoice('submitted', match.ok ? 'match' : 'flag');
    const number = await nextDocumentNumber(tx, order.supplierOrgId, 'INV');
    const inserted = await tx
      .insert(invoices)
      .values({
        id,
        number,
        vatInvoiceNumber: input.vatInvoiceNumber,
        orderId: order.id,
        supplierOrgId: order.supplierOrgId,
        buyerOrgId: order.buyerOrgId,
        issueDate: input.issueDate ?? today(),
        currency: order.currency,
        subtotal: money(subtotal, 4),
        taxTotal: money(taxTotal, 4),
        total: money(subtotal.plus(taxTotal), 4),
        status,
        paymentMethod: order.paymentMethod,
        matchResult: { ...match, orderNumber: order.number } as unknown as Record<string, unknown>,
        exceptionReason: match.ok ? null : match.issues.join(','),
        createdBy: ctx.actor?.userId ?? ctx.actor?.id ?? 'system',
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) throw duplicateVat(input.vatInvoiceNumber, 'another invoice');
    const lines = await tx
      .insert(invoiceLines)
      .values(
        vat.map((v) => {
          const l = byId.get(v.orderLineId)!;
          return {
            id: newId('invl'),
            invoiceId: id,
            orderLineId: v.orderLineId,
            description: l.spec ? `${l.name} ${l.spec}` : l.name,
            quantity: qty(v.quantity),
            unitPrice: money(v.unitPrice, 4),
            taxRate: money(v.taxRate, 4),
            lineSubtotal: money(v.lineSubtotal, 4),
            lineTax: money(v.lineTax, 4),
            lineTotal: money(v.lineTotal, 4),
          };
        }),
      )
      .returning();
    let invoice = inserted[0]!;
    const base = eventBase(invoice);
    await emitEvent(tx, 'settlement.invoice.submitted', base, invoice.buyerOrgId);
    if (match.ok) {
      await emitEvent(tx, 'settlement.invoice.matched', base, invoice.buyerOrgId);
      const approved = await approveInTx(tx, ctx, invoice, lines, order, s, orderLines);
      invoice = approved.invoice;
      s = approved.settlement;
      await maybeCompleteOrder(tx, ctx, order, s);
    } else {
      await emitEvent(tx, 'settlement.invoice.exception_raised', { ...base, issues: match.issues }, invoice.buyerOrgId);
      await mailFinance(
        tx,
        invoice.buyerOrgId,
        'buyer_finance',
        { en: `Invoice ${invoice.number} needs your decision`, 'zh-CN': `发票 ${invoice.number} 需要您处理` },
        {
          en: `Invoice ${invoice.number} (VAT ${invoice.vatInvoiceNumber}) for order ${order.number} did not match: ${match.issues.join(', ')}. Approve it with a reason or reject it in the exception queue.`,
          'zh-CN': `订单 ${order.number} 的发票 ${invoice.number}（发票号码 ${invoice.vatInvoiceNumber}）三单匹配未通过：${match.issues.join('、')}。请在异常队列中说明理由后批准，或驳回。`,
        },
      );
    }
    await recordAudit(tx, ctx, {
      action: 'settlement.invoice.submitted',
      targetType: 'invoice',
      targetId: id,
      orgId: invoice.supplierOrgId,
      data: { orderId: order.id, vatInvoiceNumber: invoice.vatInvoiceNumber, total: money(invoice.total), status: invoice.status, issues: match.issues },
    });
    return { ...invoice, lines };
  });
}

function duplicateVat(vatInvoiceNumber: string, invoiceId: string): Problem {
  return new Problem('settlement.invoice_duplicate', { vatInvoiceNumber, invoiceId }, { invoiceId }, [{ pointer: '/vatInvoiceNumber', in: 'body', message: 'already used' }]);
}

function eventBase(invoice: Invoice) {
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    orderId: invoice.orderId,
    supplierOrgId: invoice.supplierOrgId,
    buyerOrgId: invoice.buyerOrgId,
    total: money(invoice.total),
    status: invoice.status,
  };
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Approval's money. Credit terms: the buyer owes the invoice total (Dr buyer receivable), the
 * supplier is owed it net of commission, the platform earns the commission; the due date is
 * approval + the order's credit days, and a reminder is queued. Escrow: the money moved on
 * acceptance, so the invoice is paid at once unless escrow fell short (then when that is paid).
 */
async function approveInTx(
  tx: Tx,
  ctx: Ctx,
  invoice: Invoice,
  lines: InvoiceLine[],
  order: SettlementOrder,
  s: OrderSettlement,
  orderLines: SettlementOrderLine[],
  decision?: { reason: string },
): Promise<{ invoice: Invoice; settlement: OrderSettlement }> {
  const now = new Date();
  const patch: Partial<typeof invoices.$inferInsert> = { status: transitionInvoice(invoice.status, 'approve'), approvedAt: now };
  if (decision) Object.assign(patch, { decisionReason: decision.reason, decidedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null, decidedAt: now });
  let settlement = s;
  if (invoice.paymentMethod === 'credit') {
    const categoryOf = new Map(orderLines.map((l) => [l.id, l.categoryCode]));
    const charge = chargeCommission(
      await activeCommissionRules(tx),
      await supplierTierOf(tx, invoice.supplierOrgId),
      lines.map((l) => ({ categoryCode: categoryOf.get(l.orderLineId) ?? null, base: l.lineSubtotal })),
      s.commissionDetail,
    );
    const commission = Decimal.min(charge.amount, invoice.total);
    const total = dec(invoice.total);
    if (total.gt(0)) await postEntry(tx, ctx, {
      kind: 'settlement.invoice.approved',
      memo: `Invoice ${invoice.number} for order ${order.number}`,
      reference: { type: 'invoice', id: invoice.id },
      dedupeKey: `invoice-approval:${invoice.id}`,
      postings: [
        { account: { owner: invoice.buyerOrgId, purpose: 'buyer_receivable' as const }, debit: total },
        { account: { owner: invoice.supplierOrgId, purpose: 'supplier_payable' as const }, credit: total.minus(commission) },
        { account: { owner: PLATFORM, purpose: 'commission_revenue' as const }, credit: commission },
      ].filter((p) => p.debit?.gt(0) || p.credit?.gt(0)),
    });
    settlement = await updateSettlement(tx, order.id, { commissionCharged: money(dec(s.commissionCharged).plus(commission), 4), commissionDetail: charge.detail });
    const dueDate = addDays(today(now), order.creditDays ?? 30);
    Object.assign(patch, { dueDate, commission: money(commission, 4) });
    const settings = await settingsFor(tx, invoice.buyerOrgId);
    const remindAt = new Date(`${addDays(dueDate, -settings.reminderDaysBefore)}T01:00:00Z`);
    await enqueueJob(tx, REMINDER_JOB, { invoiceId: invoice.id }, { runAt: remindAt > now ? remindAt : now, dedupeKey: `invoice-reminder:${invoice.id}` });
  } else if (dec(s.receivableOpen).isZero()) {
    Object.assign(patch, { status: transitionInvoice('approved', 'pay'), paidAmount: invoice.total, paidAt: now });
  }
  const [updated] = await tx
    .update(invoices)
    .set({ ...patch, updatedAt: now, version: sql`${invoices.version} + 1` })
    .where(eq(invoices.id, invoice.id))
    .returning();
  await recordInvoicedQuantities(tx, ctx, { orderId: order.id, lines: lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })) });
  const base = eventBase(updated!);
  await emitEvent(tx, 'settlement.invoice.approved', { ...base, dueDate: updated!.dueDate, commission: updated!.commission }, invoice.supplierOrgId);
  if (updated!.status === 'paid') await emitEvent(tx, 'settlement.invoice.paid', base, invoice.supplierOrgId);
  return { invoice: updated!, settlement };
}

async function lockInvoice(tx: Tx, invoiceId: string): Promise<Invoice | null> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  return invoice ?? null;
}

export interface DecisionInput {
  reason: string;
  version?: number;
  ifMatch?: string;
}

/**
 * Buyer finance approves an invoice from the exception queue with a reason. Quantities must be
 * accepted by now: an approved invoice never claims more than accepted less already approved.
 */
export async function approveInvoice(ctx: Ctx, invoiceId: string, input: DecisionInput): Promise<InvoiceWithLines> {
  return ctx.db.transaction(async (tx) => {
    const peek = await findVisibleInvoice(tx, ctx, invoiceId, 'buyer');
    const order = await lockOrder(tx, peek.orderId);
    const invoice = (await lockInvoice(tx, invoiceId))!;
    assertVersion('invoice', invoice.version, input);
    transitionInvoice(invoice.status, 'approve');
    const s = await lockSettlement(tx, order);
    const lines = await linesOfInvoice(tx, invoice.id);
    const orderLines = order.lines;
    const approvedElsewhere = await claimedByLine(tx, order.id, APPROVED, invoice.id);
    for (const line of lines) {
      const orderLine = orderLines.find((l) => l.id === line.orderLineId)!;
      const available = dec(orderLine.acceptedQuantity).minus(approvedElsewhere.get(line.orderLineId) ?? 0);
      if (dec(line.quantity).gt(available)) {
        throw new Problem('settlement.quantity_not_accepted', { orderLineId: line.orderLineId, requested: qty(line.quantity), available: qty(Decimal.max(available, 0)) });
      }
    }
    const approved = await approveInTx(tx, ctx, invoice, lines, order, s, orderLines, { reason: input.reason });
    await maybeCompleteOrder(tx, ctx, order, approved.settlement);
    await recordAudit(tx, ctx, {
      action: 'settlement.invoice.approved',
      targetType: 'invoice',
      targetId: invoice.id,
      orgId: invoice.buyerOrgId,
      data: { reason: input.reason, from: invoice.status, issues: invoice.exceptionReason, total: money(invoice.total) },
    });
    return { ...approved.invoice, lines };
  });
}

/** Buyer finance rejects an invoice from the exception queue; its quantities are free again. */
export async function rejectInvoice(ctx: Ctx, invoiceId: string, input: DecisionInput): Promise<InvoiceWithLines> {
  return ctx.db.transaction(async (tx) => {
    await findVisibleInvoice(tx, ctx, invoiceId, 'buyer');
    const invoice = (await lockInvoice(tx, invoiceId))!;
    assertVersion('invoice', invoice.version, input);
    const status = transitionInvoice(invoice.status, 'reject');
    const now = new Date();
    const [updated] = await tx
      .update(invoices)
      .set({ status, decisionReason: input.reason, decidedBy: ctx.actor?.userId ?? ctx.actor?.id ?? null, decidedAt: now, updatedAt: now, version: sql`${invoices.version} + 1` })
      .where(eq(invoices.id, invoice.id))
      .returning();
    await emitEvent(tx, 'settlement.invoice.rejected', { ...eventBase(updated!), reason: input.reason }, invoice.supplierOrgId);
    await mailFinance(
      tx,
      invoice.supplierOrgId,
      'supplier_finance',
      { en: `Invoice ${invoice.number} was rejected`, 'zh-CN': `发票 ${invoice.number} 被驳回` },
      {
        en: `The buyer rejected invoice ${invoice.number} (VAT ${invoice.vatInvoiceNumber}): ${input.reason}. Issue a corrected invoice for the accepted goods.`,
        'zh-CN': `采购方驳回了发票 ${invoice.number}（发票号码 ${invoice.vatInvoiceNumber}）：${input.reason}。请为已验收货物重新开具正确的发票。`,
      },
    );
    await recordAudit(tx, ctx, { action: 'settlement.invoice.rejected', targetType: 'invoice', targetId: invoice.id, orgId: invoice.buyerOrgId, data: { reason: input.reason, issues: invoice.exceptionReason } });
    return { ...updated!, lines: await linesOfInvoice(tx, invoice.id) };
  });
}

/** The supplier withdraws an invoice nobody has approved yet (e.g. a wrong number). */
export async function cancelInvoice(ctx: Ctx, invoiceId: string, input: DecisionInput): Promise<InvoiceWithLines> {
  return ctx.db.transaction(async (tx) => {
    await findVisibleInvoice(tx, ctx, invoiceId, 'supplier');
    const invoice = (await lockInvoice(tx, invoiceId))!;
    assertVersion('invoice', invoice.version, input);
    const status = transitionInvoice(invoice.status, 'cancel');
    const [updated] = await tx
      .update(invoices)
      .set({ status, decisionReason: input.reason, updatedAt: new Date(), version: sql`${invoices.version} + 1` })
      .where(eq(invoices.id, invoice.id))
      .returning();
    await emitEvent(tx, 'settlement.invoice.cancelled', { ...eventBase(updated!), reason: input.reason }, invoice.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'settlement.invoice.cancelled', targetType: 'invoice', targetId: invoice.id, orgId: invoice.supplierOrgId, data: { reason: input.reason } });
    return { ...updated!, lines: await linesOfInvoice(tx, invoice.id) };
  });
}

export function linesOfInvoice(tx: Tx, invoiceId: string): Promise<InvoiceLine[]> {
  return tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(invoiceLines.id);
}

/**
 * An invoice the acting organisation may see: its supplier or buyer (or platform readers). With
 * `as`, only that side may act; anyone else gets the same 404 as for a missing invoice.
 */
export async function findVisibleInvoice(tx: Tx, ctx: Ctx, invoiceId: string, as?: 'buyer' | 'supplier'): Promise<Invoice> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  const org = actorOrg(ctx);
  const side = invoice ? (invoice.supplierOrgId === org ? 'supplier' : invoice.buyerOrgId === org ? 'buyer' : null) : null;
  if (!invoice || (as ? side !== as : !side && !seesAll(ctx))) throw notFound('invoice', invoiceId);
  return invoice;
}

export async function getInvoice(tx: Tx, ctx: Ctx, invoiceId: string): Promise<InvoiceWithLines> {
  const invoice = await findVisibleInvoice(tx, ctx, invoiceId);
  return { ...invoice, lines: await linesOfInvoice(tx, invoice.id) };
}

export interface InvoiceFilter {
  status?: string;
  orderId?: string;
  overdue?: boolean;
  /** issued (as supplier) | received (as buyer); default: both sides of the organisation. */
  side?: 'issued' | 'received';
  limit: number;
  cursor?: string;
}

/** Invoices the organisation issued or received, newest first; platform readers see all. */
export async function listInvoices(tx: Tx, ctx: Ctx, filter: InvoiceFilter) {
  const org = actorOrg(ctx);
  const conditions: SQL[] = [];
  if (!seesAll(ctx) || filter.side) {
    const issued = eq(invoices.supplierOrgId, org);
    const received = eq(invoices.buyerOrgId, org);
    conditions.push(filter.side === 'issued' ? issued : filter.side === 'received' ? received : or(issued, received)!);
  }
  if (filter.status) conditions.push(eq(invoices.status, filter.status));
  if (filter.orderId) conditions.push(eq(invoices.orderId, filter.orderId));
  if (filter.overdue !== undefined) conditions.push(eq(invoices.overdue, filter.overdue));
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(lt(invoices.id, String(after[0])));
  const rows = await tx
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(invoices.id))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}
