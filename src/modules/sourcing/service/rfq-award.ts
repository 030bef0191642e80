import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import { assertVersion } from '../../../platform/concurrency.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { Decimal, dec, money } from '../../../platform/money.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { skuBelongsTo } from '../../catalog/index.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { createOrder, supplierRating, type OrderLineInput, type OrderWithLines } from '../../orders/index.ts';
import { isoTime, publish, serverNow } from '../common.ts';
import { isActiveSupplier } from '../eligibility.ts';
import { transitionQuote, transitionRfq } from '../rfq.state.ts';
import { rfqLines, rfqQuoteLines, rfqQuotes, rfqs, type RfqLineRow, type RfqQuoteLineRow, type RfqQuoteRow, type RfqRow } from '../schema.ts';
import { accessRfq, closeRfqIfDue, quotesVisible } from './rfq-access.ts';
import { listQuotesForBuyer } from './rfq-quotes.ts';

const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** Tax-exclusive subtotal and tax of `quantity` at `unitPrice`, rounded per line as orders do. */
export function lineAmounts(quantity: Decimal.Value, unitPrice: Decimal.Value, taxRate: Decimal.Value): { subtotal: Decimal; tax: Decimal; total: Decimal } {
  const subtotal = round2(dec(unitPrice).times(quantity));
  const tax = round2(subtotal.times(taxRate));
  return { subtotal, tax, total: subtotal.plus(tax) };
}

export interface ComparisonOffer {
  quoteId: string;
  supplierOrgId: string;
  unitPrice: string;
  taxRate: string;
  lineSubtotal: string;
  lineTax: string;
  lineTotal: string;
  leadTimeDays: number | null;
  alternative: string | null;
  notes: string | null;
  /** 1 = lowest line total incl. tax for this line (ties: earlier quote first). */
  rank: number;
}

export interface ComparisonSupplier {
  quoteId: string;
  supplierOrgId: string;
  name: string;
  nameEn: string | null;
  rating: { overall: string | null; count: number };
  /** Supplier tier (registered / admitted / strategic): comes with supplier lifecycle; null until then. */
  tier: string | null;
  linesQuoted: number;
  complete: boolean;
  subtotal: string;
  tax: string;
  freight: string;
  freightTax: string;
  /** Goods incl. tax + freight incl. tax: what the buyer pays in the end. */
  landedTotal: string;
  leadTimeDays: number | null;
  validUntil: string;
  revision: number;
  submittedAt: Date;
  alternatives: number;
  /** Rank by landed total among complete quotes (null when the quote does not cover every line). */
  rank: number | null;
}

export interface Comparison {
  rfq: RfqRow;
  lines: Array<{ line: RfqLineRow; offers: ComparisonOffer[]; bestQuoteId: string | null }>;
  suppliers: ComparisonSupplier[];
  /** The cheapest award line by line (goods incl. tax; freight of every supplier used added). */
  bestSplit: { landedTotal: string; assignments: Array<{ rfqLineId: string; quoteId: string }> } | null;
}

/** The comparison table (比价表): per line and per supplier, with landed cost, lead time and rating. */
export async function compareQuotes(ctx: Ctx, rfqId: string): Promise<Comparison> {
  const { rfq, quotes } = await listQuotesForBuyer(ctx, rfqId);
  return ctx.db.transaction(async (tx) => {
    const lines = await tx.select().from(rfqLines).where(eq(rfqLines.rfqId, rfq.id)).orderBy(asc(rfqLines.lineNo));
    const order = new Map(quotes.map((q, i) => [q.id, i]));
    const perLine = lines.map((line) => {
      const offers = quotes
        .flatMap((q) => q.lines.filter((l) => l.rfqLineId === line.id).map((l) => ({ q, l })))
        .map(({ q, l }) => {
          const a = lineAmounts(line.quantity, l.unitPrice, l.taxRate);
          return { quoteId: q.id, supplierOrgId: q.supplierOrgId, unitPrice: money(l.unitPrice, 4), taxRate: dec(l.taxRate).toString(), lineSubtotal: money(a.subtotal), lineTax: money(a.tax), lineTotal: money(a.total), leadTimeDays: l.leadTimeDays ?? q.leadTimeDays, alternative: l.alternative, notes: l.notes, rank: 0, total: a.total };
        })
        .sort((x, y) => x.total.comparedTo(y.total) || order.get(x.quoteId)! - order.get(y.quoteId)!);
      offers.forEach((o, i) => (o.rank = i + 1));
      return { line, offers: offers.map(({ total: _t, ...o }) => o), bestQuoteId: offers[0]?.quoteId ?? null };
    });
    const suppliers: ComparisonSupplier[] = [];
    for (const q of quotes) {
      let subtotal = dec(0);
      let tax = dec(0);
      let lead: number | null = q.leadTimeDays;
      for (const l of q.lines) {
        const line = lines.find((x) => x.id === l.rfqLineId)!;
        const a = lineAmounts(line.quantity, l.unitPrice, l.taxRate);
        subtotal = subtotal.plus(a.subtotal);
        tax = tax.plus(a.tax);
        if (l.leadTimeDays !== null) lead = Math.max(lead ?? 0, l.leadTimeDays);
      }
      const freight = round2(dec(q.freight));
      const freightTax = round2(freight.times(q.freightTaxRate));
      const rating = await supplierRating(tx, q.supplierOrgId);
      suppliers.push({
        quoteId: q.id,
        supplierOrgId: q.supplierOrgId,
        name: q.supplierName,
        nameEn: q.supplierNameEn,
        rating: { overall: rating.overall, count: rating.count },
        tier: null,
        linesQuoted: q.lines.length,
        complete: q.lines.length === lines.length,
        subtotal: money(subtotal),
        tax: money(tax),
        freight: money(freight),
        freightTax: money(freightTax),
        landedTotal: money(subtotal.plus(tax).plus(freight).plus(freightTax)),
        leadTimeDays: lead,
        validUntil: q.validUntil,
        revision: q.revision,
        submittedAt: q.submittedAt,
        alternatives: q.lines.filter((l) => l.alternative).length,
        rank: null,
      });
    }
    suppliers
      .filter((s) => s.complete)
      .sort((x, y) => dec(x.landedTotal).comparedTo(y.landedTotal) || order.get(x.quoteId)! - order.get(y.quoteId)!)
      .forEach((s, i) => (s.rank = i + 1));
    let bestSplit: Comparison['bestSplit'] = null;
    if (perLine.every((l) => l.bestQuoteId)) {
      const used = new Set(perLine.map((l) => l.bestQuoteId!));
      let total = perLine.reduce((sum, l) => sum.plus(l.offers[0]!.lineTotal), dec(0));
      for (const s of suppliers) if (used.has(s.quoteId)) total = total.plus(s.freight).plus(s.freightTax);
      bestSplit = { landedTotal: money(total), assignments: perLine.map((l) => ({ rfqLineId: l.line.id, quoteId: l.bestQuoteId! })) };
    }
    return { rfq, lines: perLine, suppliers, bestSplit };
  });
}

export interface AwardRfqInput {
  /** Whole award: every line to this quote. */
  quoteId?: string;
  /** Split award: each line to a quote; lines left out stay unawarded. */
  lines?: Array<{ rfqLineId: string; quoteId: string }>;
  version?: number;
  ifMatch?: string;
}

/**
 * Awards a closed RFQ, whole or split by line, and turns each awarded supplier's lines into one
 * order through `createOrder` (source 'rfq', price source 'quote'), in one transaction: all
 * orders or none. Quoted freight becomes a freight line of that supplier's order.
 */
export async function awardRfq(ctx: Ctx, rfqId: string, input: AwardRfqInput): Promise<{ rfq: RfqRow; orders: OrderWithLines[] }> {
  const first = await ctx.db.transaction((tx) => accessRfq(tx, ctx, rfqId, { as: 'buyer' }));
  if (!input.quoteId === !input.lines?.length) throw invalidField('/quoteId', 'give either quoteId (whole award) or lines (split award)');
  if (first.rfq.status === 'open') await closeRfqIfDue(ctx, rfqId);
  return ctx.db.transaction(async (tx) => {
    const { rfq } = await accessRfq(tx, ctx, rfqId, { lock: 'update', as: 'buyer' });
    assertVersion('RFQ', rfq.version, input);
    if (rfq.status === 'open') throw new Problem('sourcing.quotes_sealed', { number: rfq.number, deadline: isoTime(rfq.deadline) }, { visibleFrom: rfq.deadline.toISOString() });
    const next = transitionRfq(rfq.status, 'award');
    if (!quotesVisible(rfq)) throw new Problem('sourcing.quotes_sealed', { number: rfq.number, deadline: isoTime(rfq.deadline) });
    const now = await serverNow(tx);
    const lines = await tx.select().from(rfqLines).where(eq(rfqLines.rfqId, rfq.id)).orderBy(asc(rfqLines.lineNo)).for('update');
    const quotes = await tx.select().from(rfqQuotes).where(eq(rfqQuotes.rfqId, rfq.id)).for('update');
    const quoteLines = quotes.length ? await tx.select().from(rfqQuoteLines).where(inArray(rfqQuoteLines.quoteId, quotes.map((q) => q.id))) : [];
    const award = resolveAward(input, lines, quotes, quoteLines);
    const today = now.toISOString().slice(0, 10);
    const suppliers = new Map((await organizationsByIds(tx, [...new Set(award.map((a) => a.quote.supplierOrgId))])).map((o) => [o.id, o]));
    for (const a of award) {
      if (a.quote.validUntil < today) throw awardInvalid(`The quote of ${suppliers.get(a.quote.supplierOrgId)?.name ?? a.quote.supplierOrgId} was valid until ${a.quote.validUntil}.`, `${suppliers.get(a.quote.supplierOrgId)?.name ?? a.quote.supplierOrgId} 的报价有效期至 ${a.quote.validUntil}，已过期。`);
      if (!isActiveSupplier(suppliers.get(a.quote.supplierOrgId))) throw awardInvalid(`Supplier ${a.quote.supplierOrgId} is not active (suspended suppliers cannot be awarded).`, `供应商 ${a.quote.supplierOrgId} 状态异常（已暂停的供应商不能授标）。`);
    }
    const bySupplier = new Map<string, typeof award>();
    for (const a of award) bySupplier.set(a.quote.supplierOrgId, [...(bySupplier.get(a.quote.supplierOrgId) ?? []), a]);
    const orders: OrderWithLines[] = [];
    for (const [supplierOrgId, items] of bySupplier) {
      const quote = items[0]!.quote;
      const orderLines: OrderLineInput[] = [];
      for (const { line, quoteLine } of items) {
        const useSku = line.skuId && !quoteLine.alternative && (await skuBelongsTo(tx, line.skuId, supplierOrgId));
        orderLines.push({
          skuId: useSku ? line.skuId : null,
          quantity: line.quantity,
          unitPrice: quoteLine.unitPrice,
          taxRate: quoteLine.taxRate,
          priceSource: 'quote',
          name: quoteLine.alternative ? `${line.name}（替代：${quoteLine.alternative}）`.slice(0, 300) : line.name,
          spec: line.spec,
          uom: line.uom,
          categoryCode: line.categoryCode,
          requisitionLineId: line.requisitionLineId,
        });
      }
      if (dec(quote.freight).gt(0)) orderLines.push({ quantity: '1', unitPrice: quote.freight, taxRate: quote.freightTaxRate, priceSource: 'quote', name: '运费 / Freight', uom: 'lot', spec: null });
      const order = await createOrder(
        tx,
        ctx,
        {
          source: 'rfq',
          sourceRef: rfq.id,
          buyerOrgId: rfq.orgId,
          buyerUserId: ctx.actor?.userId ?? null,
          supplierOrgId,
          lines: orderLines,
          paymentMethod: rfq.paymentMethod as 'escrow' | 'credit',
          creditDays: rfq.creditDays,
          budgetLineId: rfq.requisitionId ? null : rfq.budgetLineId,
          requisitionId: rfq.requisitionId,
          deliveryAddress: rfq.deliveryAddress,
          deliveryRegion: rfq.deliveryRegion,
          needBy: rfq.needBy,
          notes: `询价单 ${rfq.number} / RFQ ${rfq.number}`,
        },
        { audit: false },
      );
      orders.push(order);
      for (const { line } of items) {
        await tx.update(rfqLines).set({ awardedQuoteId: quote.id, awardedSupplierOrgId: supplierOrgId, orderId: order.id }).where(eq(rfqLines.id, line.id));
      }
    }
    const awardedLinesByQuote = new Map<string, number>();
    for (const a of award) awardedLinesByQuote.set(a.quote.id, (awardedLinesByQuote.get(a.quote.id) ?? 0) + 1);
    for (const q of quotes) {
      if (q.status !== 'submitted') continue;
      const won = awardedLinesByQuote.get(q.id) ?? 0;
      const quoted = quoteLines.filter((l) => l.quoteId === q.id).length;
      const status = transitionQuote(q.status, won === 0 ? 'lose' : won === quoted ? 'award' : 'award_part');
      await tx.update(rfqQuotes).set({ status, version: sql`${rfqQuotes.version} + 1` }).where(eq(rfqQuotes.id, q.id));
    }
    const [awarded] = await tx.update(rfqs).set({ status: next, awardedAt: now, updatedAt: now, version: sql`${rfqs.version} + 1` }).where(eq(rfqs.id, rfq.id)).returning();
    const winners = [...bySupplier.keys()];
    const participants = quotes.filter((q) => q.status === 'submitted').map((q) => q.supplierOrgId);
    await publish(tx, 'sourcing.rfq.awarded', { rfqId: rfq.id, number: rfq.number, winners, orderIds: orders.map((o) => o.id) }, rfq.orgId, [rfq.orgId, ...participants]);
    for (const order of orders) {
      await recordAudit(tx, ctx, { action: 'orders.order.submitted', targetType: 'order', targetId: order.id, orgId: order.buyerOrgId, data: { number: order.number, source: order.source, supplierOrgId: order.supplierOrgId, total: money(order.total), lines: order.lines.length } });
    }
    await recordAudit(tx, ctx, {
      action: 'sourcing.rfq.awarded',
      targetType: 'rfq',
      targetId: rfq.id,
      data: { number: rfq.number, mode: input.quoteId ? 'whole' : 'split', lines: award.map((a) => ({ rfqLineId: a.line.id, quoteId: a.quote.id })), orders: orders.map((o) => o.number) },
    });
    return { rfq: awarded!, orders };
  });
}

function awardInvalid(reason: string, reasonZh: string, pointer = '/lines'): Problem {
  return new Problem('sourcing.award_invalid', { reason, reasonZh }, {}, [{ pointer, in: 'body', message: reason }]);
}

function resolveAward(input: AwardRfqInput, lines: RfqLineRow[], quotes: RfqQuoteRow[], quoteLines: RfqQuoteLineRow[]) {
  const quoteById = new Map(quotes.map((q) => [q.id, q]));
  const pick = (rfqLineId: string, quoteId: string, pointer: string) => {
    const line = lines.find((l) => l.id === rfqLineId);
    if (!line) throw awardInvalid('A line named is not a line of this RFQ.', '所选明细行不属于本询价单。', pointer);
    const quote = quoteById.get(quoteId);
    if (!quote || quote.status !== 'submitted') throw awardInvalid('A quote named is not a submitted quote of this RFQ.', '所选报价不是本询价单的有效报价。', pointer);
    const quoteLine = quoteLines.find((l) => l.quoteId === quote.id && l.rfqLineId === line.id);
    if (!quoteLine) throw awardInvalid(`Line ${line.lineNo} was not quoted by that supplier.`, `该供应商未对第 ${line.lineNo} 行报价。`, pointer);
    return { line, quote, quoteLine };
  };
  if (input.quoteId) return lines.map((l) => pick(l.id, input.quoteId!, '/quoteId'));
  const seen = new Set<string>();
  return input.lines!.map((a, i) => {
    if (seen.has(a.rfqLineId)) throw awardInvalid('A line is awarded twice.', '同一明细行被重复授标。', `/lines/${i}/rfqLineId`);
    seen.add(a.rfqLineId);
    return pick(a.rfqLineId, a.quoteId, `/lines/${i}`);
  });
}

/** For tests and reports: which order each RFQ line went to. */
export async function rfqLineAwards(tx: Tx, rfqId: string) {
  return tx.select({ lineNo: rfqLines.lineNo, quoteId: rfqLines.awardedQuoteId, supplierOrgId: rfqLines.awardedSupplierOrgId, orderId: rfqLines.orderId }).from(rfqLines).where(and(eq(rfqLines.rfqId, rfqId))).orderBy(asc(rfqLines.lineNo));
}
