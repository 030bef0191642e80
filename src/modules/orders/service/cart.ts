import { and, asc, eq, inArray, sql } from 'drizzle-orm';

import type { Ctx } from '../../../platform/context.ts';
import { query, type Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { Decimal, dec, money, qty } from '../../../platform/money.ts';
import { notFound, Problem } from '../../../platform/problem.ts';
import { getPurchasableSku, isOrderableQuantity, priceForBuyer, type PurchasableSku } from '../../catalog/index.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { availableBySku } from '../../inventory/index.ts';
import { cartItems } from '../schema.ts';
import { auditSubmitted, createOrder, type CreateOrderInput } from './create-order.ts';
import type { OrderWithLines } from './common.ts';

export type CartItem = typeof cartItems.$inferSelect;

function buyer(ctx: Ctx): { orgId: string; userId: string } {
  const actor = ctx.actor!;
  if (!actor.userId || !actor.orgId) throw new Problem('auth.forbidden', { permission: 'a signed-in buyer user' });
  return { orgId: actor.orgId, userId: actor.userId };
}

function assertOrderable(sku: PurchasableSku, quantity: Decimal): void {
  if (!isOrderableQuantity(quantity, sku.moq, sku.increment)) {
    throw new Problem(
      'orders.quantity_not_orderable',
      { skuId: sku.sku.id, moq: qty(sku.moq), increment: qty(sku.increment), quantity: qty(quantity) },
      { skuId: sku.sku.id, moq: qty(sku.moq), increment: qty(sku.increment) },
    );
  }
}

/** Adds to (mode 'add') or sets (mode 'set') the quantity of a SKU in the user's cart. */
export async function putCartItem(ctx: Ctx, input: { skuId: string; quantity: string; mode: 'add' | 'set' }): Promise<CartItem> {
  const { orgId, userId } = buyer(ctx);
  return ctx.db.transaction(async (tx) => {
    const sku = await getPurchasableSku(tx, { skuId: input.skuId, buyerOrgId: orgId });
    const [current] = await tx.select().from(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.skuId, input.skuId))).for('update');
    const quantity = input.mode === 'add' && current ? dec(current.quantity).plus(input.quantity) : dec(input.quantity);
    if (quantity.lte(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/quantity', in: 'body', message: 'must be positive' }]);
    assertOrderable(sku, quantity);
    const [row] = current
      ? await tx.update(cartItems).set({ quantity: quantity.toFixed(3) }).where(eq(cartItems.id, current.id)).returning()
      : await tx
          .insert(cartItems)
          .values({ id: newId('cart'), orgId, userId, skuId: input.skuId, quantity: quantity.toFixed(3) })
          .onConflictDoUpdate({ target: [cartItems.userId, cartItems.skuId], set: { quantity: quantity.toFixed(3) } })
          .returning();
    return row!;
  });
}

/** Sets the quantity of one of the user's cart lines (another user's line: 404). */
export async function setCartItemQuantity(ctx: Ctx, cartItemId: string, quantity: string): Promise<CartItem> {
  // Carts belong to users: an API key has none, so every cart line is unknown to it.
  if (!ctx.actor?.userId) throw notFound('cart item', cartItemId);
  const { userId } = buyer(ctx);
  const [item] = await ctx.db.select().from(cartItems).where(and(eq(cartItems.id, cartItemId), eq(cartItems.userId, userId)));
  if (!item) throw notFound('cart item', cartItemId);
  return putCartItem(ctx, { skuId: item.skuId, quantity, mode: 'set' });
}

export async function removeCartItem(ctx: Ctx, cartItemId: string): Promise<void> {
  if (!ctx.actor?.userId) throw notFound('cart item', cartItemId);
  const { userId } = buyer(ctx);
  const removed = await ctx.db.delete(cartItems).where(and(eq(cartItems.id, cartItemId), eq(cartItems.userId, userId))).returning({ id: cartItems.id });
  if (!removed.length) throw notFound('cart item', cartItemId);
}

export async function clearCart(ctx: Ctx): Promise<void> {
  const { userId } = buyer(ctx);
  await ctx.db.delete(cartItems).where(eq(cartItems.userId, userId));
}

export interface CartLineView {
  id: string;
  skuId: string;
  name: string;
  nameEn: string | null;
  spec: string | null;
  skuCode: string;
  uom: string;
  quantity: string;
  unitPrice: string;
  unitPriceInclTax: string;
  taxRate: string;
  priceSource: string;
  listPrice: string;
  lineSubtotal: string;
  lineTax: string;
  lineTotal: string;
  available: string | null;
  moq: string;
  increment: string;
  /** Why this line cannot be ordered as it is, or null. */
  issue: 'unavailable' | 'insufficient_stock' | 'quantity_not_orderable' | null;
}

export interface CartGroupView {
  supplierOrgId: string;
  supplierName: string;
  supplierNameEn: string | null;
  lines: CartLineView[];
  subtotal: string;
  taxTotal: string;
  total: string;
}

/** The cart as the checkout will split it: one group per supplier, each line priced for this buyer. */
export async function viewCart(ctx: Ctx): Promise<{ groups: CartGroupView[]; subtotal: string; taxTotal: string; total: string; unavailable: Array<{ id: string; skuId: string; quantity: string }> }> {
  const { orgId, userId } = buyer(ctx);
  const tx = ctx.db;
  const items = await tx.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.addedAt));
  const stock = await availableBySku(tx, items.map((i) => i.skuId));
  const groups = new Map<string, CartGroupView>();
  const unavailable: Array<{ id: string; skuId: string; quantity: string }> = [];
  for (const item of items) {
    let sku: PurchasableSku;
    try {
      sku = await getPurchasableSku(tx, { skuId: item.skuId, buyerOrgId: orgId });
    } catch {
      unavailable.push({ id: item.id, skuId: item.skuId, quantity: qty(item.quantity) });
      continue;
    }
    const price = await priceForBuyer(tx, { skuId: item.skuId, buyerOrgId: orgId, quantity: item.quantity });
    const lineSubtotal = price.unitPrice.times(item.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const lineTax = lineSubtotal.times(price.taxRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const available = stock.get(item.skuId);
    let group = groups.get(sku.supplierOrgId);
    if (!group) {
      group = { supplierOrgId: sku.supplierOrgId, supplierName: '', supplierNameEn: null, lines: [], subtotal: '0', taxTotal: '0', total: '0' };
      groups.set(sku.supplierOrgId, group);
    }
    group.lines.push({
      id: item.id,
      skuId: item.skuId,
      name: sku.product.nameZh,
      nameEn: sku.product.nameEn,
      spec: [sku.product.brand, sku.product.model].filter(Boolean).join(' ') || null,
      skuCode: sku.sku.skuCode,
      uom: sku.uom,
      quantity: qty(item.quantity),
      unitPrice: money(price.unitPrice, 4).replace(/(\.\d\d)00$/, '$1'),
      unitPriceInclTax: money(price.unitPriceInclTax),
      taxRate: price.taxRate.toString(),
      priceSource: price.source,
      listPrice: money(price.listPrice),
      lineSubtotal: money(lineSubtotal),
      lineTax: money(lineTax),
      lineTotal: money(lineSubtotal.plus(lineTax)),
      available: available === undefined ? null : qty(available),
      moq: qty(sku.moq),
      increment: qty(sku.increment),
      issue: !isOrderableQuantity(item.quantity, sku.moq, sku.increment) ? 'quantity_not_orderable' : available !== undefined && available.lt(item.quantity) ? 'insufficient_stock' : null,
    });
  }
  const orgs = new Map((await organizationsByIds(tx, [...groups.keys()])).map((o) => [o.id, o]));
  let subtotal = dec(0);
  let taxTotal = dec(0);
  for (const group of groups.values()) {
    const org = orgs.get(group.supplierOrgId);
    group.supplierName = org?.name ?? group.supplierOrgId;
    group.supplierNameEn = org?.nameEn ?? null;
    const s = group.lines.reduce((a, l) => a.plus(l.lineSubtotal), dec(0));
    const t = group.lines.reduce((a, l) => a.plus(l.lineTax), dec(0));
    group.subtotal = money(s);
    group.taxTotal = money(t);
    group.total = money(s.plus(t));
    subtotal = subtotal.plus(s);
    taxTotal = taxTotal.plus(t);
  }
  const sorted = [...groups.values()].sort((a, b) => (a.supplierOrgId < b.supplierOrgId ? -1 : 1));
  return { groups: sorted, subtotal: money(subtotal), taxTotal: money(taxTotal), total: money(subtotal.plus(taxTotal)), unavailable };
}

export interface CheckoutInput {
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number | null;
  deliveryAddress: string;
  deliveryRegion?: string | null;
  needBy?: string | null;
  budgetLineId?: string | null;
  notes?: string | null;
  /** Order these SKUs directly ("buy now"), leaving the cart alone. */
  items?: Array<{ skuId: string; quantity: string }>;
  /** Check out only these SKUs of the cart (default: the whole cart). */
  skuIds?: string[];
}

/**
 * Checks the cart out in ONE transaction: one order per supplier, each priced for this buyer,
 * all placed or none (a lost stock race is the 409 `inventory.insufficient_stock` naming the SKU
 * and what is available, and nothing is kept). The cart rows are locked first, so a second
 * checkout of the same cart waits and then finds it empty.
 */
export async function checkout(ctx: Ctx, input: CheckoutInput): Promise<{ checkoutId: string; orders: OrderWithLines[] }> {
  const { orgId, userId } = buyer(ctx);
  const checkoutId = newId('chk');
  return ctx.db.transaction(async (tx) => {
    let wanted: Array<{ skuId: string; quantity: string }>;
    let fromCart: string[] = [];
    if (input.items?.length) {
      const merged = new Map<string, Decimal>();
      for (const i of input.items) merged.set(i.skuId, (merged.get(i.skuId) ?? dec(0)).plus(i.quantity));
      wanted = [...merged].map(([skuId, q]) => ({ skuId, quantity: q.toFixed(3) }));
    } else {
      const conditions = [eq(cartItems.userId, userId)];
      if (input.skuIds?.length) conditions.push(inArray(cartItems.skuId, input.skuIds));
      const rows = await tx.select().from(cartItems).where(and(...conditions)).orderBy(asc(cartItems.skuId)).for('update');
      wanted = rows.map((r) => ({ skuId: r.skuId, quantity: r.quantity }));
      fromCart = rows.map((r) => r.id);
    }
    if (!wanted.length) throw new Problem('orders.cart_empty');
    const bySupplier = new Map<string, Array<{ sku: PurchasableSku; quantity: string }>>();
    for (const item of wanted) {
      const sku = await getPurchasableSku(tx, { skuId: item.skuId, buyerOrgId: orgId });
      assertOrderable(sku, dec(item.quantity));
      const list = bySupplier.get(sku.supplierOrgId) ?? [];
      list.push({ sku, quantity: item.quantity });
      bySupplier.set(sku.supplierOrgId, list);
    }
    const orders: OrderWithLines[] = [];
    // Suppliers (and, inside reserveStock, SKUs) in a fixed order: concurrent checkouts lock stock rows in the same order.
    for (const supplierOrgId of [...bySupplier.keys()].sort()) {
      const base: CreateOrderInput = {
        source: 'cart',
        sourceRef: checkoutId,
        buyerOrgId: orgId,
        buyerUserId: userId,
        supplierOrgId,
        lines: bySupplier.get(supplierOrgId)!.sort((a, b) => (a.sku.sku.id < b.sku.sku.id ? -1 : 1)).map((l) => ({ skuId: l.sku.sku.id, quantity: l.quantity, sku: l.sku })),
        paymentMethod: input.paymentMethod,
        creditDays: input.creditDays ?? null,
        budgetLineId: input.budgetLineId ?? null,
        deliveryAddress: input.deliveryAddress,
        deliveryRegion: input.deliveryRegion ?? null,
        needBy: input.needBy ?? null,
        notes: input.notes ?? null,
      };
      orders.push(await createOrder(tx, ctx, base, { audit: false }));
    }
    if (fromCart.length) await tx.delete(cartItems).where(inArray(cartItems.id, fromCart));
    for (const order of orders) await auditSubmitted(tx, ctx, order);
    return { checkoutId, orders };
  });
}

/** Cart lines of a user (for tests and the web badge). */
export async function cartCount(tx: Tx, userId: string): Promise<number> {
  const [row] = await query<{ n: string }>(tx, sql`select count(*)::text as n from cart_items where user_id = ${userId}`);
  return Number(row?.n ?? 0);
}

