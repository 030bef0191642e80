/**
 * Test factories for settlement (never imported by the server): a buyer, a supplier and platform
 * finance with signed-in clients, and orders driven through the real HTTP API from checkout to
 * acceptance. Plus the money invariants every scenario ends with.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { dec } from '../../platform/money.ts';
import { ApiClient, createTestOrg, type TestOrg, type TestServer } from '../../../test/support/harness.ts';
import { trialBalance } from '../ledger/index.ts';
import { assertInvariants, createBudgetLine, createSkus } from '../orders/testing.ts';

export async function signedIn(server: TestServer, email: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const r = await client.signIn(email);
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${r.text}`);
  return client;
}

const roleEmail = (org: TestOrg, role: string) => Object.keys(org.users).find((e) => e.startsWith(`${role}@`))!;

export interface World {
  server: TestServer;
  buyer: TestOrg;
  supplier: TestOrg;
  platform: TestOrg;
  purchaser: ApiClient;
  receiver: ApiClient;
  buyerFinance: ApiClient;
  sales: ApiClient;
  fulfilment: ApiClient;
  supplierFinance: ApiClient;
  platformFinance: ApiClient;
  /** SKUs of the supplier: 100.00 and 33.335 per metre, 13 % VAT, plenty of stock. */
  skuIds: string[];
}

/** A buyer and a supplier with their people, platform finance, and two SKUs in stock. */
export async function createWorld(server: TestServer, platform?: { org: TestOrg; client: ApiClient }): Promise<World> {
  const buyer = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }, { role: 'receiver' }, { role: 'buyer_finance' }]);
  const supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }, { role: 'fulfilment' }, { role: 'supplier_finance' }]);
  const platformOrg = platform?.org ?? (await createTestOrg(server.ctx, ['platform'], [{ role: 'platform_finance' }]));
  const { skuIds } = await createSkus(server, supplier, [
    { price: '100.00', stock: '100000' },
    { price: '33.335', stock: '100000' },
  ]);
  return {
    server,
    buyer,
    supplier,
    platform: platformOrg,
    purchaser: await signedIn(server, roleEmail(buyer, 'purchaser')),
    receiver: await signedIn(server, roleEmail(buyer, 'receiver')),
    buyerFinance: await signedIn(server, roleEmail(buyer, 'buyer_finance')),
    sales: await signedIn(server, roleEmail(supplier, 'sales')),
    fulfilment: await signedIn(server, roleEmail(supplier, 'fulfilment')),
    supplierFinance: await signedIn(server, roleEmail(supplier, 'supplier_finance')),
    platformFinance: platform?.client ?? (await signedIn(server, roleEmail(platformOrg, 'platform_finance'))),
    skuIds,
  };
}

export interface PlacedOrder {
  id: string;
  number: string;
  total: string;
  lines: Array<{ id: string; quantity: string; unitPrice: string; lineTotal: string; categoryCode: string | null }>;
}

function ok(r: { status: number; text: string }, expected: number, what: string): void {
  assert.equal(r.status, expected, `${what}: ${r.status} ${r.text}`);
}

export interface OrderInput {
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number;
  items: Array<{ sku: number; quantity: string }>;
  budget?: boolean;
}

/** Checkout only: the order is submitted, waiting for the supplier. */
export async function checkout(w: World, input: OrderInput): Promise<PlacedOrder> {
  const budgetLineId = input.budget ? await createBudgetLine(w.server, w.buyer, '1000000') : null;
  const checkout = await w.purchaser.post('/api/v1/orders/checkout', {
    paymentMethod: input.paymentMethod,
    creditDays: input.creditDays ?? null,
    deliveryAddress: '江苏省南京市 物资仓库',
    budgetLineId,
    items: input.items.map((i) => ({ skuId: w.skuIds[i.sku]!, quantity: i.quantity })),
  });
  ok(checkout, 201, 'checkout');
  const order = checkout.body.orders[0];
  return { id: order.id, number: order.number, total: order.total, lines: order.lines };
}

/** Checkout, supplier confirmation and both signatures: the order is in fulfilment. */
export async function placeOrder(w: World, input: OrderInput): Promise<PlacedOrder> {
  const order = await checkout(w, input);
  ok(await w.sales.post(`/api/v1/orders/${order.id}/confirm`, {}), 200, 'confirm');
  ok(await w.purchaser.post(`/api/v1/orders/${order.id}/contract/sign`, {}), 200, 'buyer signs');
  ok(await w.sales.post(`/api/v1/orders/${order.id}/contract/sign`, {}), 200, 'supplier signs');
  return order;
}

/** Ships `quantities` (default: everything) and confirms delivery; returns the shipment id. */
export async function shipAndDeliver(w: World, order: PlacedOrder, quantities?: string[]): Promise<string> {
  const lines = order.lines.map((l, i) => ({ orderLineId: l.id, quantity: quantities?.[i] ?? l.quantity })).filter((l) => dec(l.quantity).gt(0));
  const shipped = await w.fulfilment.post(`/api/v1/orders/${order.id}/shipments`, { carrier: '顺丰速运', trackingNumber: `SF${Date.now()}${Math.random().toString().slice(2, 6)}`, lines });
  ok(shipped, 201, 'ship');
  ok(await w.receiver.post(`/api/v1/shipments/${shipped.body.shipment.id}/deliver`), 200, 'deliver');
  return shipped.body.shipment.id;
}

/** Goods receipt with inspection: per line [accepted, rejected]. */
export async function receive(w: World, order: PlacedOrder, split: Array<[string, string]>, shipmentId?: string) {
  const lines = order.lines
    .map((l, i) => ({ orderLineId: l.id, accepted: split[i]?.[0] ?? '0', rejected: split[i]?.[1] ?? '0' }))
    .filter((l) => dec(l.accepted).plus(l.rejected).gt(0))
    .map((l) => ({ orderLineId: l.orderLineId, receivedQuantity: dec(l.accepted).plus(l.rejected).toString(), acceptedQuantity: l.accepted, rejectedQuantity: l.rejected, rejectionReason: dec(l.rejected).gt(0) ? '外护套破损' : null }));
  const r = await w.receiver.post(`/api/v1/orders/${order.id}/receipts`, { shipmentId: shipmentId ?? null, lines });
  ok(r, 201, 'receipt');
  return r.body;
}

export async function orderStatus(w: World, orderId: string): Promise<string> {
  const [row] = await query<{ status: string }>(w.server.db, sql`select status from purchase_orders where id = ${orderId}`);
  return row!.status;
}

export async function summary(w: World, orderId: string, client: ApiClient = w.buyerFinance) {
  const r = await client.get(`/api/v1/settlement/orders/${orderId}`);
  ok(r, 200, 'settlement summary');
  return r.body;
}

export async function balance(server: TestServer, owner: string, purpose: string): Promise<string> {
  const [row] = await query<{ balance: string | null }>(
    server.db,
    sql`select (case when a.type in ('asset', 'expense') then sum(p.debit - p.credit) else sum(p.credit - p.debit) end)::text as balance
        from ledger_accounts a join ledger_postings p on p.account_id = a.id
        where a.owner = ${owner} and a.purpose = ${purpose} group by a.type`,
  );
  return dec(row?.balance ?? 0).toFixed(2);
}

/**
 * The money invariants after every scenario: the trial balance is zero; what the escrow accounts
 * hold equals purchase_orders.escrow_held equals escrow payments less releases and refunds; an
 * order that is inspected, settled or cancelled holds nothing in escrow; stock and order totals
 * are sound (orders' own invariants).
 */
export async function assertMoneyInvariants(server: TestServer): Promise<void> {
  assert.deepEqual(await trialBalance(server.db), { CNY: '0' });
  const [escrow] = await query<{ ledger: string; orders: string; settlements: string; payments: string }>(
    server.db,
    sql`select
          (select coalesce(sum(p.credit - p.debit), 0) from ledger_postings p join ledger_accounts a on a.id = p.account_id where a.purpose = 'escrow')::text as ledger,
          (select coalesce(sum(escrow_held), 0) from purchase_orders)::text as orders,
          (select coalesce(sum(escrow_paid - escrow_released - escrow_refunded), 0) from order_settlements)::text as settlements,
          ((select coalesce(sum((allocation->>'escrow')::numeric), 0) from payments where purpose = 'escrow')
            - (select coalesce(sum(escrow_released + escrow_refunded), 0) from order_settlements))::text as payments`,
  );
  assert.ok(dec(escrow!.ledger).eq(escrow!.orders), `escrow ledger ${escrow!.ledger} <> purchase_orders.escrow_held ${escrow!.orders}`);
  assert.ok(dec(escrow!.ledger).eq(escrow!.settlements), `escrow ledger ${escrow!.ledger} <> settlements ${escrow!.settlements}`);
  assert.ok(dec(escrow!.ledger).eq(escrow!.payments), `escrow ledger ${escrow!.ledger} <> payments held ${escrow!.payments}`);
  const perOrder = await query(
    server.db,
    sql`select o.id, o.escrow_held, s.escrow_paid - s.escrow_released - s.escrow_refunded as held
        from purchase_orders o left join order_settlements s on s.order_id = o.id
        where o.escrow_held <> coalesce(s.escrow_paid - s.escrow_released - s.escrow_refunded, 0)
           or (o.status in ('accepted', 'partially_accepted', 'invoiced', 'settled', 'closed', 'cancelled', 'rejected') and o.escrow_held <> 0)`,
  );
  assert.deepEqual(perOrder, [], 'escrow held per order');
  const overInvoiced = await query(
    server.db,
    sql`select l.id from purchase_order_lines l
        left join (select il.order_line_id, sum(il.quantity) as q from invoice_lines il join invoices i on i.id = il.invoice_id
                   where i.status in ('approved', 'paid') group by 1) x on x.order_line_id = l.id
        where coalesce(x.q, 0) <> l.invoiced_quantity or l.invoiced_quantity > l.accepted_quantity`,
  );
  assert.deepEqual(overInvoiced, [], 'approved invoice quantities equal the order lines’ invoiced quantities, within accepted');
  const badInvoices = await query(server.db, sql`select id from invoices where paid_amount > total or (status = 'paid' and paid_amount <> total)`);
  assert.deepEqual(badInvoices, [], 'invoice paid amounts');
  await assertInvariants(server);
}
