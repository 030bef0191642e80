import { and, asc, desc, eq, getTableColumns, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../../platform/pagination.ts';
import { organizationsByIds } from '../../identity/index.ts';
import { ORDER_TRANSITIONS, type OrderStatus } from '../order.state.ts';
import { contracts, orderEvents, purchaseOrders } from '../schema.ts';
import { listCases } from './cases.ts';
import { getOrderForOrg, linesOf, partyOf, type Order } from './common.ts';
import { evaluationOf } from './evaluations.ts';
import { listReceipts, listShipments } from './fulfilment.ts';
import { signRequiresMfa } from './lifecycle.ts';

export interface OrderFilter {
  role?: 'buyer' | 'supplier';
  status?: string[];
  q?: string;
  counterpartyOrgId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** Orders the acting organisation is a party to, newest first, keyset-paged. */
export async function listOrders(ctx: Ctx, filter: OrderFilter): Promise<{ items: Array<Order & { party: 'buyer' | 'supplier'; counterpartyName: string | null }>; nextCursor: string | null }> {
  const orgId = ctx.actor!.orgId!;
  const conditions: SQL[] = [];
  if (filter.role === 'buyer') conditions.push(eq(purchaseOrders.buyerOrgId, orgId));
  else if (filter.role === 'supplier') conditions.push(eq(purchaseOrders.supplierOrgId, orgId));
  else conditions.push(or(eq(purchaseOrders.buyerOrgId, orgId), eq(purchaseOrders.supplierOrgId, orgId))!);
  if (filter.status?.length) conditions.push(inArray(purchaseOrders.status, filter.status));
  if (filter.q) conditions.push(ilike(purchaseOrders.number, `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (filter.counterpartyOrgId) conditions.push(or(eq(purchaseOrders.buyerOrgId, filter.counterpartyOrgId), eq(purchaseOrders.supplierOrgId, filter.counterpartyOrgId))!);
  if (filter.from) conditions.push(sql`${purchaseOrders.createdAt} >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`${purchaseOrders.createdAt} < (${filter.to}::date + 1)`);
  // Checkout creates one order per supplier in one transaction (same created_at): exact-time cursor.
  const key = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  if (key) conditions.push(beforeCursor(purchaseOrders.createdAt, purchaseOrders.id, key));
  const rows = await ctx.db
    .select({ ...getTableColumns(purchaseOrders), cursorAt: cursorTime(purchaseOrders.createdAt) })
    .from(purchaseOrders)
    .where(and(...conditions))
    .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
  const names = new Map((await organizationsByIds(ctx.db, [...new Set(page.items.flatMap((o) => [o.buyerOrgId, o.supplierOrgId]))])).map((o) => [o.id, o]));
  return {
    items: page.items.map(({ cursorAt: _cursorAt, ...o }) => {
      const party = partyOf(o, orgId)!;
      const other = names.get(party === 'buyer' ? o.supplierOrgId : o.buyerOrgId);
      return { ...o, party, counterpartyName: other ? (ctx.lang === 'en' && other.nameEn ? other.nameEn : other.name) : null };
    }),
    nextCursor: page.nextCursor,
  };
}

/** Commands the acting side could issue now (the web shows them as buttons). */
export function availableActions(order: Order, party: 'buyer' | 'supplier'): string[] {
  const commands = Object.keys(ORDER_TRANSITIONS[order.status as OrderStatus] ?? {});
  const bySide: Record<string, 'buyer' | 'supplier' | 'either'> = {
    submit: 'buyer',
    cancel: 'buyer',
    confirm: 'supplier',
    reject: 'supplier',
    start_fulfilment: 'either',
    ship_partial: 'supplier',
    ship_all: 'supplier',
    receive: 'buyer',
    deliver: 'buyer',
    accept_partial: 'buyer',
    accept_all: 'buyer',
    close: 'buyer',
    open_dispute: 'either',
  };
  const out = new Set<string>();
  for (const c of commands) {
    const side = bySide[c];
    if (!side || (side !== 'either' && side !== party)) continue;
    out.add(c === 'start_fulfilment' ? 'sign' : c.startsWith('ship') ? 'ship' : c.startsWith('accept') || c === 'deliver' ? 'receive' : c);
  }
  if (['partially_accepted', 'accepted', 'invoiced', 'settled', 'closed'].includes(order.status) && party === 'buyer') out.add('evaluate');
  return [...out];
}

export async function getOrderDetail(ctx: Ctx, orderId: string) {
  const tx = ctx.db;
  const order = await getOrderForOrg(tx, ctx.actor?.orgId, orderId);
  const party = partyOf(order, ctx.actor?.orgId)!;
  const [lines, shipmentRows, receipts, cases, evaluation, orgs, contractRows] = await Promise.all([
    linesOf(tx, order.id),
    listShipments(tx, order.id),
    listReceipts(tx, order.id),
    listCases(tx, [order.id]),
    evaluationOf(tx, order.id),
    organizationsByIds(tx, [order.buyerOrgId, order.supplierOrgId]),
    tx
      .select({ id: contracts.id, orderId: contracts.orderId, number: contracts.number, status: contracts.status, sha256: contracts.sha256, signedSha256: contracts.signedSha256, buyerSignedBy: contracts.buyerSignedBy, buyerSignedAt: contracts.buyerSignedAt, supplierSignedBy: contracts.supplierSignedBy, supplierSignedAt: contracts.supplierSignedAt, createdAt: contracts.createdAt })
      .from(contracts)
      .where(eq(contracts.orderId, order.id)),
  ]);
  const org = (id: string) => {
    const o = orgs.find((x) => x.id === id);
    return { id, name: o?.name ?? id, nameEn: o?.nameEn ?? null, uscc: o?.uscc ?? null };
  };
  const contract = contractRows[0] ?? null;
  const actions = availableActions(order, party).filter((a) => a !== 'sign' || (contract && (party === 'buyer' ? !contract.buyerSignedBy : !contract.supplierSignedBy)));
  return {
    ...order,
    party,
    buyer: org(order.buyerOrgId),
    supplier: org(order.supplierOrgId),
    lines,
    contract: contract ? { ...contract, signRequiresMfa: signRequiresMfa(order) } : null,
    shipments: shipmentRows,
    receipts,
    cases,
    evaluation,
    actions,
  };
}

export async function orderTimeline(tx: Tx, orgId: string | null | undefined, orderId: string) {
  const order = await getOrderForOrg(tx, orgId, orderId);
  return tx.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(asc(orderEvents.id));
}
