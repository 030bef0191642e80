import { eq } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { emitEvent } from '../../../platform/events.ts';
import { newId } from '../../../platform/ids.ts';
import { Decimal, dec, money, qty } from '../../../platform/money.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { invalidField, Problem } from '../../../platform/problem.ts';
import { consumeAgreementQuantity, getPurchasableSku, isOrderableQuantity, priceForBuyer, type PurchasableSku } from '../../catalog/index.ts';
import { availableBySku, reserveStock } from '../../inventory/index.ts';
import { orderSubmitted } from '../hooks.ts';
import { purchaseOrderLines, purchaseOrders } from '../schema.ts';
import { orderRef, partiesOf, recordOrderEvent, type Order, type OrderLine, type OrderWithLines } from './common.ts';
import { commitBudget, committedFor, markRequisitionLinesOrdered, transferCommitment } from '../../procurement/index.ts';

export const ORDER_SOURCES = ['cart', 'requisition', 'rfq', 'tender', 'auction', 'agreement', 'presale'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];
export type PriceSource = 'contract' | 'tier' | 'list' | 'quote' | 'bid';

export interface OrderLineInput {
  /** A catalog SKU; without one the line is a non-standard item described by name/spec/uom. */
  skuId?: string | null;
  quantity: Decimal.Value;
  /** A given price (quote, bid, award, presale); without it a SKU line is priced from the catalog. */
  unitPrice?: Decimal.Value;
  taxRate?: Decimal.Value;
  priceSource?: PriceSource;
  agreementItemId?: string | null;
  name?: string;
  spec?: string | null;
  uom?: string;
  categoryCode?: string | null;
  supplierSkuCode?: string | null;
  requisitionLineId?: string | null;
  /** The SKU as the caller already read it in this transaction (checkout), to skip a lookup. */
  sku?: PurchasableSku;
}

export interface CreateOrderInput {
  source: OrderSource;
  /** The source document (checkout id, RFQ, award, auction …). */
  sourceRef?: string | null;
  buyerOrgId: string;
  buyerUserId?: string | null;
  /** Required for lines without a SKU; otherwise taken from the SKUs (all of one supplier). */
  supplierOrgId?: string;
  lines: OrderLineInput[];
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number | null;
  budgetLineId?: string | null;
  /** An approved requisition whose commitment moves to the order. */
  requisitionId?: string | null;
  deliveryAddress?: string | null;
  deliveryRegion?: string | null;
  needBy?: string | null;
  notes?: string | null;
  /** 'draft' keeps it unsubmitted (no stock, no budget) until `submitOrder`. Default 'submitted'. */
  status?: 'submitted' | 'draft';
  /** How long the stock stays reserved for the supplier to confirm (default from env, 2 days). */
  reservationMinutes?: number;
}

export interface CreateOrderOptions {
  /** false when the caller audits several orders at once at the end of its transaction. */
  audit?: boolean;
}

export function reservationMinutes(): number {
  const fromEnv = Number(process.env.COTRADE_ORDER_RESERVATION_MINUTES);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 2880;
}

function specText(specs: Record<string, unknown> | null | undefined): string | null {
  if (!specs) return null;
  const parts = Object.entries(specs).map(([k, v]) => `${k}: ${typeof v === 'object' && v ? Object.values(v as Record<string, unknown>).join(' ') : String(v)}`);
  return parts.length ? parts.join('; ').slice(0, 1000) : null;
}

interface PricedLine {
  input: OrderLineInput;
  sku: PurchasableSku | null;
  quantity: Decimal;
  unitPrice: Decimal;
  taxRate: Decimal;
  priceSource: PriceSource;
  agreementItemId: string | null;
}

/** Prices the lines (given prices win; SKU lines without one get the buyer's catalog price). */
async function priceLines(tx: Tx, input: CreateOrderInput): Promise<{ supplierOrgId: string; lines: PricedLine[] }> {
  if (!input.lines.length) throw invalidField('/lines', 'must have at least one line');
  let supplierOrgId = input.supplierOrgId ?? null;
  const priced: PricedLine[] = [];
  for (const [i, line] of input.lines.entries()) {
    const quantity = dec(line.quantity);
    if (!quantity.isFinite() || quantity.lte(0)) throw invalidField(`/lines/${i}/quantity`, 'must be positive');
    let sku: PurchasableSku | null = null;
    if (line.skuId) {
      sku = line.sku?.sku.id === line.skuId ? line.sku : await getPurchasableSku(tx, { skuId: line.skuId, buyerOrgId: input.buyerOrgId });
      supplierOrgId ??= sku.supplierOrgId;
      if (sku.supplierOrgId !== supplierOrgId) throw new Problem('orders.mixed_suppliers', { skuId: line.skuId });
      if (line.unitPrice === undefined && !isOrderableQuantity(quantity, sku.moq, sku.increment)) {
        throw new Problem('orders.quantity_not_orderable', { skuId: line.skuId, moq: qty(sku.moq), increment: qty(sku.increment), quantity: qty(quantity) }, { skuId: line.skuId, moq: qty(sku.moq), increment: qty(sku.increment) });
      }
    } else if (!line.name || !line.uom || line.unitPrice === undefined || line.taxRate === undefined) {
      throw invalidField(`/lines/${i}`, 'a line without a SKU needs name, uom, unitPrice and taxRate');
    }
    if (line.unitPrice !== undefined) {
      const unitPrice = dec(line.unitPrice);
      const taxRate = dec(line.taxRate ?? sku?.taxRate ?? 0);
      if (unitPrice.isNeg()) throw invalidField(`/lines/${i}/unitPrice`, 'must not be negative');
      if (taxRate.isNeg() || taxRate.gte(1)) throw invalidField(`/lines/${i}/taxRate`, 'must be a fraction like 0.13');
      priced.push({ input: line, sku, quantity, unitPrice, taxRate, priceSource: line.priceSource ?? 'quote', agreementItemId: line.agreementItemId ?? null });
    } else {
      const price = await priceForBuyer(tx, { skuId: sku!.sku.id, buyerOrgId: input.buyerOrgId, quantity });
      priced.push({ input: line, sku, quantity, unitPrice: price.unitPrice, taxRate: price.taxRate, priceSource: price.source, agreementItemId: price.agreementItemId ?? null });
    }
  }
  if (!supplierOrgId) throw invalidField('/supplierOrgId', 'is required for lines without a SKU');
  if (supplierOrgId === input.buyerOrgId) throw invalidField('/supplierOrgId', 'cannot be the buyer');
  return { supplierOrgId, lines: priced };
}

function validatePaymentTerms(input: CreateOrderInput): void {
  if (input.paymentMethod === 'credit' && !(Number.isInteger(input.creditDays) && input.creditDays! >= 1 && input.creditDays! <= 180)) {
    throw new Problem('orders.payment_terms_invalid', { reason: 'Credit terms need creditDays between 1 and 180.' });
  }
  if (input.paymentMethod === 'escrow' && input.creditDays) {
    throw new Problem('orders.payment_terms_invalid', { reason: 'Escrow payment takes no credit days.' });
  }
}

/**
 * THE entry point for every order (cart checkout, requisitions, RFQ/tender awards, auctions,
 * agreements, presale), in the caller's transaction: prices and snapshots the lines, numbers the
 * order, and — unless it stays a draft — reserves stock, commits budget, consumes agreement
 * quantity, writes the timeline, emits `orders.order.submitted` and audits.
 */
export async function createOrder(tx: Tx, ctx: Ctx, input: CreateOrderInput, options: CreateOrderOptions = {}): Promise<OrderWithLines> {
  validatePaymentTerms(input);
  const { supplierOrgId, lines: priced } = await priceLines(tx, input);
  const orderId = newId('po');
  const number = await nextDocumentNumber(tx, input.buyerOrgId, 'PO');
  let subtotal = dec(0);
  let taxTotal = dec(0);
  const lineRows = priced.map((p, i) => {
    const lineSubtotal = p.unitPrice.times(p.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const lineTax = lineSubtotal.times(p.taxRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    subtotal = subtotal.plus(lineSubtotal);
    taxTotal = taxTotal.plus(lineTax);
    const product = p.sku?.product;
    return {
      id: newId('pol'),
      orderId,
      lineNo: i + 1,
      skuId: p.sku?.sku.id ?? null,
      requisitionLineId: p.input.requisitionLineId ?? null,
      categoryCode: p.input.categoryCode ?? product?.categoryCode ?? null,
      name: (p.input.name ?? (product ? (product.nameEn ? `${product.nameZh} / ${product.nameEn}` : product.nameZh) : '')).slice(0, 300),
      spec: p.input.spec ?? (([product?.brand, product?.model].filter(Boolean).join(' ') + (p.sku ? ` ${specText(p.sku.sku.specs as Record<string, unknown>) ?? ''}` : '')).trim() || null),
      supplierSkuCode: p.input.supplierSkuCode ?? p.sku?.sku.skuCode ?? null,
      uom: p.input.uom ?? p.sku?.uom ?? 'pcs',
      quantity: p.quantity.toFixed(3),
      unitPrice: p.unitPrice.toFixed(4),
      taxRate: p.taxRate.toFixed(4),
      lineSubtotal: lineSubtotal.toFixed(2),
      lineTax: lineTax.toFixed(2),
      lineTotal: lineSubtotal.plus(lineTax).toFixed(2),
      priceSource: p.priceSource,
      agreementItemId: p.agreementItemId,
    };
  });
  const submit = (input.status ?? 'submitted') === 'submitted';
  const now = new Date();
  // Which SKUs the supplier keeps stock of decides whether the order holds a reservation; known
  // before the insert, so a submitted order is written once, already submitted.
  const skuIds = [...new Set(lineRows.filter((l) => l.skuId).map((l) => l.skuId!))];
  const stocked = submit && skuIds.length ? new Set((await availableBySku(tx, skuIds)).keys()) : new Set<string>();
  const reservationExpiresAt = stocked.size ? new Date(now.getTime() + (input.reservationMinutes ?? reservationMinutes()) * 60_000) : null;
  const [order] = await tx
    .insert(purchaseOrders)
    .values({
      id: orderId,
      number,
      buyerOrgId: input.buyerOrgId,
      supplierOrgId,
      buyerUserId: input.buyerUserId ?? ctx.actor?.userId ?? null,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      requisitionId: input.requisitionId ?? null,
      budgetLineId: input.budgetLineId ?? null,
      status: submit ? 'submitted' : 'draft',
      submittedAt: submit ? now : null,
      reservationExpiresAt,
      paymentMethod: input.paymentMethod,
      creditDays: input.paymentMethod === 'credit' ? input.creditDays! : null,
      subtotal: subtotal.toFixed(2),
      taxTotal: taxTotal.toFixed(2),
      total: subtotal.plus(taxTotal).toFixed(2),
      deliveryAddress: input.deliveryAddress ?? null,
      deliveryRegion: input.deliveryRegion ?? null,
      needBy: input.needBy ?? null,
      notes: input.notes ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const lines = await tx.insert(purchaseOrderLines).values(lineRows).returning();
  lines.sort((a, b) => a.lineNo - b.lineNo);
  if (!submit) {
    await recordOrderEvent(tx, ctx, orderId, 'created', { source: input.source, sourceRef: input.sourceRef ?? null, lines: lines.length, total: money(order!.total) });
    await emitEvent(tx, 'orders.order.created', { orderId, number, buyerOrgId: input.buyerOrgId, supplierOrgId }, input.buyerOrgId);
    if (options.audit !== false) await recordAudit(tx, ctx, { action: 'orders.order.created', targetType: 'order', targetId: orderId, orgId: input.buyerOrgId, data: { number, source: input.source, total: money(order!.total) } });
    return { ...order!, lines };
  }
  const submitted = await performSubmission(tx, ctx, order!, lines, { stocked, reservationExpiresAt });
  if (options.audit !== false) await auditSubmitted(tx, ctx, submitted);
  return submitted;
}

export async function auditSubmitted(tx: Tx, ctx: Ctx, order: OrderWithLines): Promise<void> {
  await recordAudit(tx, ctx, {
    action: 'orders.order.submitted',
    targetType: 'order',
    targetId: order.id,
    orgId: order.buyerOrgId,
    data: { number: order.number, source: order.source, supplierOrgId: order.supplierOrgId, total: money(order.total), lines: order.lines.length },
  });
}

/**
 * draft → submitted: reserves stock for SKU lines whose supplier keeps stock, commits budget
 * (or takes over the requisition's commitment), consumes agreement quantity, runs the
 * `orderSubmitted` hook, emits `orders.order.submitted`. The caller audits.
 */
export async function performSubmission(
  tx: Tx,
  ctx: Ctx,
  order: Order,
  lines: OrderLine[],
  /** Given by createOrder, which inserted the order already submitted with this expiry. */
  known?: { stocked: Set<string>; reservationExpiresAt: Date | null },
): Promise<OrderWithLines> {
  const skuLines = lines.filter((l) => l.skuId);
  let reservationExpiresAt = known?.reservationExpiresAt ?? null;
  const stocked = known?.stocked ?? (skuLines.length ? new Set((await availableBySku(tx, [...new Set(skuLines.map((l) => l.skuId!))])).keys()) : new Set<string>());
  const toReserve = skuLines.filter((l) => stocked.has(l.skuId!));
  if (toReserve.length) {
    reservationExpiresAt ??= new Date(Date.now() + reservationMinutes() * 60_000);
    await reserveStock(tx, ctx, {
      supplierOrgId: order.supplierOrgId,
      reference: orderRef(order.id),
      lines: toReserve.map((l) => ({ lineId: l.id, skuId: l.skuId!, quantity: l.quantity })),
      expiresAt: reservationExpiresAt,
    });
  }
  const reference = orderRef(order.id);
  const categoryCodes = [...new Set(lines.map((l) => l.categoryCode))];
  const requisitionRef = order.requisitionId ? { type: 'requisition', id: order.requisitionId } : null;
  if (requisitionRef && (await committedFor(tx, requisitionRef)).length) {
    await transferCommitment(tx, ctx, { from: requisitionRef, to: reference, amount: order.total });
  } else if (order.budgetLineId) {
    await commitBudget(tx, ctx, { budgetLineId: order.budgetLineId, orgId: order.buyerOrgId, amount: order.total, categoryCodes, reference, dedupeKey: `order:${order.id}:commit` });
  }
  if (order.requisitionId) {
    const reqLines = lines.filter((l) => l.requisitionLineId).map((l) => ({ lineId: l.requisitionLineId!, quantity: l.quantity }));
    if (reqLines.length) await markRequisitionLinesOrdered(tx, ctx, { requisitionId: order.requisitionId, orgId: order.buyerOrgId, orderId: order.id, lines: reqLines });
  }
  for (const line of lines) {
    if (line.agreementItemId && line.priceSource === 'contract') await consumeAgreementQuantity(tx, { agreementItemId: line.agreementItemId, quantity: line.quantity });
  }
  let updated = order;
  if (!known) {
    const submittedAt = new Date();
    [updated] = (await tx.update(purchaseOrders).set({ status: 'submitted', submittedAt, reservationExpiresAt, updatedAt: submittedAt }).where(eqId(order.id)).returning()) as [Order];
  }
  await recordOrderEvent(tx, ctx, order.id, 'submitted', { source: order.source, sourceRef: order.sourceRef, lines: lines.length, total: money(order.total), reservationExpiresAt }, { from: 'draft', to: 'submitted' });
  await orderSubmitted.run(tx, ctx, partiesOf(updated));
  await emitEvent(
    tx,
    'orders.order.submitted',
    {
      orderId: order.id,
      number: order.number,
      buyerOrgId: order.buyerOrgId,
      supplierOrgId: order.supplierOrgId,
      source: order.source,
      total: money(order.total),
      currency: order.currency,
      lines: lines.map((l) => ({ lineId: l.id, skuId: l.skuId, quantity: qty(l.quantity), unitPrice: l.unitPrice })),
    },
    order.supplierOrgId,
  );
  return { ...updated, lines };
}

const eqId = (id: string) => eq(purchaseOrders.id, id);
