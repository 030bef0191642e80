/**
 * Test fixtures for the orders tests (never imported by the server): a category, products with
 * SKUs approved in the catalog, warehouses with stock, a budget line, and signed-in clients.
 */
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import type { Ctx } from '../../platform/context.ts';
import { query } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { ApiClient, createTestOrg, TEST_TOTP_SECRET, type TestOrg, type TestServer } from '../../../test/support/harness.ts';
import { insertProduct } from '../catalog/products.ts';
import { adjustStock, createWarehouse } from '../inventory/index.ts';

let n = 0;

export interface Parties {
  buyer: TestOrg;
  supplier: TestOrg;
  supplier2: TestOrg;
  purchaser: ApiClient;
  receiver: ApiClient;
  sales: ApiClient;
  fulfilment: ApiClient;
  sales2: ApiClient;
  buyerAdmin: ApiClient;
}

export async function signedIn(server: TestServer, email: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const r = await client.signIn(email);
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${r.text}`);
  return client;
}

export function userCtx(server: TestServer, org: TestOrg, email: string, kinds: string[]): Ctx {
  return { ...server.ctx, actor: { ...server.ctx.actor!, type: 'user', id: org.users[email]!, userId: org.users[email]!, orgId: org.orgId, orgKinds: kinds } };
}

export async function createParties(server: TestServer): Promise<Parties> {
  const buyer = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }, { role: 'receiver' }]);
  const supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }, { role: 'fulfilment' }]);
  const supplier2 = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  const email = (org: TestOrg, role: string) => Object.keys(org.users).find((e) => e.startsWith(`${role}@`))!;
  return {
    buyer,
    supplier,
    supplier2,
    purchaser: await signedIn(server, email(buyer, 'purchaser')),
    receiver: await signedIn(server, email(buyer, 'receiver')),
    sales: await signedIn(server, email(supplier, 'sales')),
    fulfilment: await signedIn(server, email(supplier, 'fulfilment')),
    sales2: await signedIn(server, email(supplier2, 'sales')),
    buyerAdmin: await signedIn(server, buyer.admin),
  };
}

export const roleEmail = (org: TestOrg, role: string) => Object.keys(org.users).find((e) => e.startsWith(`${role}@`))!;

async function ensureCategory(server: TestServer): Promise<string> {
  await query(
    server.db,
    sql`insert into catalog_categories (code, parent_code, level, name_zh, name_en) values ('99', null, 1, '测试品类', 'Test category'), ('9901', '99', 2, '测试电缆', 'Test cables')
        on conflict (code) do nothing`,
  );
  return '9901';
}

/**
 * An approved product with one SKU per price, stock per SKU in one new warehouse of the supplier
 * (null stock: the supplier keeps no stock for it). Returns SKU ids in order.
 */
export async function createSkus(
  server: TestServer,
  supplier: TestOrg,
  skus: Array<{ price: string; stock: string | null; taxRate?: string; moq?: string; increment?: string; tiers?: Array<{ minQty: string; unitPrice: string }> }>,
): Promise<{ skuIds: string[]; warehouseId: string }> {
  const categoryCode = await ensureCategory(server);
  const k = ++n;
  const ctx = userCtx(server, supplier, supplier.admin, ['supplier']);
  const product = await server.db.transaction((tx) =>
    insertProduct(
      tx,
      supplier.orgId,
      {
        categoryCode,
        nameZh: `交联聚乙烯电力电缆 测试${k}`,
        nameEn: `XLPE power cable test ${k}`,
        brand: '测试牌',
        model: `YJV22-${k}`,
        uom: 'm',
        taxRate: skus[0]?.taxRate ?? '0.13',
        leadTimeDays: 7,
        deliveryRegions: ['全国'],
        skus: skus.map((s, i) => ({ skuCode: `T${k}-${i}-${Math.random().toString(36).slice(2, 7)}`, listPrice: s.price, moq: s.moq ?? '1', increment: s.increment ?? '1', availableQty: s.stock ?? '0', tiers: s.tiers })),
      },
      { actorId: null, approve: true },
    ),
  );
  const rows = await query<{ id: string }>(server.db, sql`select id from catalog_skus where product_id = ${product.id} order by sku_code`);
  const byCode = await query<{ id: string; sku_code: string }>(server.db, sql`select id, sku_code from catalog_skus where product_id = ${product.id}`);
  const ordered = skus.map((_, i) => byCode.find((r) => r.sku_code.startsWith(`T${k}-${i}-`))!.id);
  void rows;
  const warehouse = await createWarehouse(ctx, { code: `WH${k}-${newId('w').slice(-5)}`, name: `测试仓库 ${k}` });
  for (const [i, s] of skus.entries()) {
    if (s.stock !== null) await adjustStock(ctx, { skuId: ordered[i]!, warehouseId: warehouse.id, delta: s.stock, reason: 'opening stock' });
  }
  return { skuIds: ordered, warehouseId: warehouse.id };
}

/** An active annual plan with one budget line of `amount` for the buyer. */
export async function createBudgetLine(server: TestServer, buyer: TestOrg, amount: string): Promise<string> {
  const planId = newId('plan');
  const lineId = newId('bl');
  const year = new Date().getUTCFullYear();
  await query(
    server.db,
    sql`insert into procurement_plans (id, org_id, name, period_type, period_start, period_end, status, created_by)
        values (${planId}, ${buyer.orgId}, '年度采购计划', 'annual', ${`${year}-01-01`}, ${`${year}-12-31`}, 'active', ${buyer.users[buyer.admin]!})`,
  );
  await query(
    server.db,
    sql`insert into budget_lines (id, org_id, plan_id, code, org_unit, category_code, period_start, period_end, amount)
        values (${lineId}, ${buyer.orgId}, ${planId}, ${`BL-${++n}`}, '物资部', null, ${`${year}-01-01`}, ${`${year}-12-31`}, ${amount})`,
  );
  return lineId;
}

export async function budgetOf(server: TestServer, budgetLineId: string): Promise<{ committed: string; spent: string }> {
  const [row] = await query<{ committed: string; spent: string }>(server.db, sql`select committed::text, spent::text from budget_lines where id = ${budgetLineId}`);
  return row!;
}

export const totp = () => generate({ secret: TEST_TOTP_SECRET });

/** Invariants that must hold after every scenario. */
export async function assertInvariants(server: TestServer): Promise<void> {
  const bad = await query(server.db, sql`select sku_id from stock_levels where on_hand < 0 or reserved < 0 or reserved > on_hand`);
  if (bad.length) throw new Error(`stock went negative or over-reserved: ${JSON.stringify(bad)}`);
  const mismatch = await query(
    server.db,
    sql`select s.sku_id from stock_levels s
        left join (select sku_id, warehouse_id, sum(quantity - consumed) as held from stock_reservations where status = 'active' group by 1, 2) r
          on r.sku_id = s.sku_id and r.warehouse_id = s.warehouse_id
        where s.reserved <> coalesce(r.held, 0)`,
  );
  if (mismatch.length) throw new Error(`reserved differs from active reservations: ${JSON.stringify(mismatch)}`);
  const totals = await query(
    server.db,
    sql`select o.id from purchase_orders o left join purchase_order_lines l on l.order_id = o.id group by o.id
        having o.subtotal <> coalesce(sum(l.line_subtotal), 0) or o.tax_total <> coalesce(sum(l.line_tax), 0) or o.total <> coalesce(sum(l.line_total), 0)
           or o.total <> o.subtotal + o.tax_total`,
  );
  if (totals.length) throw new Error(`order totals differ from their lines: ${JSON.stringify(totals)}`);
  const lines = await query(server.db, sql`select id from purchase_order_lines where line_total <> line_subtotal + line_tax`);
  if (lines.length) throw new Error(`line totals inconsistent: ${JSON.stringify(lines)}`);
  // Every active reservation belongs to an order that still needs it (submitted or later, not cancelled).
  const orphans = await query(
    server.db,
    sql`select r.id from stock_reservations r join purchase_orders o on o.id = r.reference_id
        where r.reference_type = 'order' and r.status = 'active' and o.status in ('cancelled', 'rejected', 'draft')`,
  );
  if (orphans.length) throw new Error(`active reservations of dead orders: ${JSON.stringify(orphans)}`);
}

/**
 * One resource of every kind the orders routes take as a path parameter, with `tenant` (an
 * active buyer organisation, `client` its admin) as a party: an order bought from `seller`,
 * confirmed, signed, shipped, received with one unit rejected (with an inspection report), a
 * return case, and a cart line of the admin. For the tenant-isolation walker.
 */
export async function orderFixtures(server: TestServer, tenant: { orgId: string; client: ApiClient }, seller: { org: TestOrg; sales: ApiClient }): Promise<Record<string, string>> {
  const ok = <R extends { status: number; text: string }>(r: R, label: string): R => {
    if (r.status >= 300) throw new Error(`${label}: ${r.status} ${r.text}`);
    return r;
  };
  const { skuIds } = await createSkus(server, seller.org, [{ price: '10', stock: '100' }]);
  const sku = skuIds[0]!;
  const order = ok(await tenant.client.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: sku, quantity: '3' }] }), 'checkout').body.orders[0];
  ok(await seller.sales.post(`/api/v1/orders/${order.id}/confirm`, {}), 'confirm');
  ok(await tenant.client.post(`/api/v1/orders/${order.id}/contract/sign`, {}), 'buyer sign');
  ok(await seller.sales.post(`/api/v1/orders/${order.id}/contract/sign`, {}), 'supplier sign');
  const shipment = ok(await seller.sales.post(`/api/v1/orders/${order.id}/shipments`, { carrier: '顺丰', trackingNumber: `SF${Date.now()}`, lines: [{ orderLineId: order.lines[0].id, quantity: '3' }] }), 'ship').body.shipment;
  const receipt = ok(
    await tenant.client.post(`/api/v1/orders/${order.id}/receipts`, { shipmentId: shipment.id, lines: [{ orderLineId: order.lines[0].id, receivedQuantity: '3', acceptedQuantity: '2', rejectedQuantity: '1', rejectionReason: '破损' }] }),
    'receipt',
  ).body.receipt;
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.4 inspection')], { type: 'application/pdf' }), 'report.pdf');
  ok(await tenant.client.request('POST', `/api/v1/receipts/${receipt.id}/report`, { raw: form }), 'report');
  const returnCase = ok(await tenant.client.post(`/api/v1/orders/${order.id}/returns`, { reason: '破损', lines: [{ orderLineId: order.lines[0].id, quantity: '1' }] }), 'return').body;
  const cartItem = ok(await tenant.client.post('/api/v1/orders/cart/items', { skuId: sku, quantity: '1' }), 'cart').body;
  return { orderId: order.id, shipmentId: shipment.id, receiptId: receipt.id, caseId: returnCase.id, cartItemId: cartItem.id };
}
