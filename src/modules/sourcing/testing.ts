/**
 * Test fixtures for the sourcing tests (never imported by the server): a buyer with its people,
 * suppliers with sales and finance users, platform operator and supervisor, signed-in clients,
 * and "time travel" for deadlines (the server clock is authoritative, so tests move the stored
 * deadline into the past instead of waiting).
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, createTestOrg, type TestOrg, type TestServer } from '../../../test/support/harness.ts';

// Every test process uses the same sealing secret (the server's key file is for real deployments).
process.env.COTRADE_SEALING_SECRET ??= 'test-sealing-secret-0123456789abcdefghijklmnop';

export async function signedIn(server: TestServer, email: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const r = await client.signIn(email);
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${r.text}`);
  return client;
}

const roleEmail = (org: TestOrg, role: string) => Object.keys(org.users).find((e) => e.startsWith(`${role}@`))!;

export interface BuyerSide {
  org: TestOrg;
  orgId: string;
  admin: ApiClient;
  purchaser: ApiClient;
  approver: ApiClient;
  finance: ApiClient;
  requisitioner: ApiClient;
  ids: { admin: string; purchaser: string; approver: string; finance: string; requisitioner: string };
}

export interface SupplierSide {
  org: TestOrg;
  orgId: string;
  admin: ApiClient;
  sales: ApiClient;
  finance: ApiClient;
}

export async function createBuyerSide(server: TestServer): Promise<BuyerSide> {
  const org = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }, { role: 'approver' }, { role: 'buyer_finance' }, { role: 'requisitioner' }]);
  const [admin, purchaser, approver, finance, requisitioner] = await Promise.all([org.admin, ...['purchaser', 'approver', 'buyer_finance', 'requisitioner'].map((r) => roleEmail(org, r))].map((e) => signedIn(server, e)));
  return {
    org,
    orgId: org.orgId,
    admin: admin!,
    purchaser: purchaser!,
    approver: approver!,
    finance: finance!,
    requisitioner: requisitioner!,
    ids: {
      admin: org.users[org.admin]!,
      purchaser: org.users[roleEmail(org, 'purchaser')]!,
      approver: org.users[roleEmail(org, 'approver')]!,
      finance: org.users[roleEmail(org, 'buyer_finance')]!,
      requisitioner: org.users[roleEmail(org, 'requisitioner')]!,
    },
  };
}

export async function createSupplierSide(server: TestServer): Promise<SupplierSide> {
  const org = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }, { role: 'supplier_finance' }]);
  const [admin, sales, finance] = await Promise.all([org.admin, roleEmail(org, 'sales'), roleEmail(org, 'supplier_finance')].map((e) => signedIn(server, e)));
  return { org, orgId: org.orgId, admin: admin!, sales: sales!, finance: finance! };
}

export async function createPlatformSide(server: TestServer): Promise<{ operator: ApiClient; supervisor: ApiClient; org: TestOrg }> {
  const org = await createTestOrg(server.ctx, ['platform'], [{ role: 'supervisor' }]);
  return { org, operator: await signedIn(server, org.admin), supervisor: await signedIn(server, roleEmail(org, 'supervisor')) };
}

/** A deadline `seconds` from now (server and test share the machine's clock). */
export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
export const today = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Moves an RFQ's deadline into the past, as if the server clock had reached it. */
export async function passRfqDeadline(server: TestServer, rfqId: string): Promise<void> {
  await query(server.db, sql`update rfqs set deadline = clock_timestamp() - interval '1 second' where id = ${rfqId}`);
}

export const expectStatus = (r: { status: number; text: string }, status: number, label = '') => assert.equal(r.status, status, `${label} ${r.text}`.trim());

export function ok<R extends { status: number; text: string }>(r: R, label = ''): R {
  if (r.status >= 300) assert.fail(`${label}: ${r.status} ${r.text}`);
  return r;
}

/** A category and an approved product in it for the supplier (category-matched invitations). */
export async function giveSupplierCategory(server: TestServer, supplierOrgId: string, categoryCode: string): Promise<void> {
  await query(server.db, sql`insert into catalog_categories (code, parent_code, level, name_zh, name_en) values (${categoryCode.slice(0, 2)}, null, 1, '测试大类', 'Test group') on conflict (code) do nothing`);
  if (categoryCode.length > 2) {
    await query(server.db, sql`insert into catalog_categories (code, parent_code, level, name_zh, name_en) values (${categoryCode}, ${categoryCode.slice(0, 2)}, 2, '测试品类', 'Test category') on conflict (code) do nothing`);
  }
  await query(
    server.db,
    sql`insert into catalog_products (id, supplier_org_id, category_code, name_zh, specs, uom, tax_rate, lead_time_days, delivery_regions, review_status)
        values (${`prd_t${Math.random().toString(36).slice(2, 12)}`}, ${supplierOrgId}, ${categoryCode}, '测试产品', '{}'::jsonb, 'pcs', 0.13, 7, array['全国'], 'approved')`,
  );
}

/** Ledger invariant after every scenario. */
export async function assertTrialBalanceZero(server: TestServer): Promise<void> {
  const rows = await query<{ currency: string; diff: string }>(server.db, sql`select currency, (coalesce(sum(debit), 0) - coalesce(sum(credit), 0))::text as diff from ledger_postings group by currency`);
  for (const r of rows) assert.equal(Number(r.diff), 0, `trial balance ${r.currency} is ${r.diff}`);
}

/**
 * One resource of every kind the sourcing routes take as a path parameter, owned by `tenant` (a
 * buyer+supplier organisation whose admin is `client`): a closed RFQ it issued to `seller`, with
 * the seller's quote attachment and question; a published invitation tender to the seller with its
 * document, notice and the seller's registration. For the OpenAPI tenant-isolation walker.
 */
export async function sourcingFixtures(server: TestServer, tenant: { orgId: string; client: ApiClient }, seller: { org: TestOrg; sales: ApiClient }): Promise<Record<string, string>> {
  const rfq = ok(
    await tenant.client.post('/api/v1/rfqs', {
      title: '隔离测试询价',
      audience: 'invited',
      supplierOrgIds: [seller.org.orgId],
      deadline: inSeconds(3600),
      lines: [{ name: '测试物资', quantity: '5', uom: 'pcs' }],
    }),
    'rfq',
  ).body;
  ok(await tenant.client.post(`/api/v1/rfqs/${rfq.id}/publish`, {}), 'publish');
  const detail = ok(await tenant.client.get(`/api/v1/rfqs/${rfq.id}`), 'rfq detail').body;
  ok(await seller.sales.request('PUT', `/api/v1/rfqs/${rfq.id}/quote`, { body: { validUntil: today(30), lines: [{ rfqLineId: detail.lines[0].id, unitPrice: '10', taxRate: '0.13' }] } }), 'quote');
  const attachment = ok(await seller.sales.post(`/api/v1/rfqs/${rfq.id}/quote/attachments`, { filename: 'a.txt', mimeType: 'text/plain', contentBase64: Buffer.from('x').toString('base64') }), 'attachment').body;
  const question = ok(await seller.sales.post(`/api/v1/rfqs/${rfq.id}/questions`, { question: '交货地点？' }), 'question').body;
  await passRfqDeadline(server, rfq.id);
  ok(await tenant.client.get(`/api/v1/rfqs/${rfq.id}/quotes`), 'close');

  // An invitation tender to the seller, published (the admin is its single opener and evaluator).
  const adminId = ok(await tenant.client.get('/api/v1/me'), 'me').body.user.id as string;
  const tender = ok(
    await tenant.client.post('/api/v1/tenders', {
      title: '隔离测试招标',
      visibility: 'invited',
      supplierOrgIds: [seller.org.orgId],
      method: 'lowest_price',
      registrationDeadline: inSeconds(3000),
      bidDeadline: inSeconds(3600),
      openingAt: inSeconds(3600),
      openerUserIds: [adminId],
      openerQuorum: 1,
      evaluatorUserIds: [adminId],
      lines: [{ name: '测试设备', quantity: '1', uom: '台' }],
      documents: [{ title: '招标文件', body: '正文' }],
    }),
    'tender',
  ).body;
  ok(await tenant.client.post(`/api/v1/tenders/${tender.id}/openers/accept`, { passphrase: 'isolation opening phrase' }), 'accept');
  ok(await tenant.client.post(`/api/v1/tenders/${tender.id}/publish`, {}), 'publish tender');
  const registration = ok(await seller.sales.post(`/api/v1/tenders/${tender.id}/registration`, {}), 'registration').body;
  const tenderDetail = ok(await tenant.client.get(`/api/v1/tenders/${tender.id}`), 'tender detail').body;
  const notice = ok(await tenant.client.get(`/api/v1/public/tender-notices?tenderId=${tender.id}`), 'notices').body.items[0];
  return {
    rfqId: rfq.id,
    attachmentId: attachment.id,
    questionId: question.id,
    tenderId: tender.id,
    registrationId: registration.id,
    tenderDocumentId: tenderDetail.documents[0].id,
    noticeId: notice.id,
  };
}

// --- tenders ------------------------------------------------------------------------------------------

export const PASSPHRASES = { purchaser: 'purchaser opening phrase 1', approver: 'approver opening phrase 2', finance: 'finance opening phrase 3' } as const;

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, label: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tender's bid deadline (and registration) passed, the opening window open since a second. */
export async function passBidDeadline(server: TestServer, tenderId: string): Promise<void> {
  await query(
    server.db,
    sql`update tenders set registration_deadline = least(registration_deadline, clock_timestamp() - interval '3 seconds'),
          bid_deadline = clock_timestamp() - interval '2 seconds', opening_at = clock_timestamp() - interval '1 second' where id = ${tenderId}`,
  );
}

/** The opening window of a closed tender has ended. */
export async function passOpeningWindow(server: TestServer, tenderId: string): Promise<void> {
  await query(
    server.db,
    sql`update tenders set registration_deadline = clock_timestamp() - make_interval(mins => opening_window_minutes + 3),
          bid_deadline = clock_timestamp() - make_interval(mins => opening_window_minutes + 2),
          opening_at = clock_timestamp() - make_interval(mins => opening_window_minutes + 1) where id = ${tenderId}`,
  );
}

export const tenderLinesInput = [
  { name: '10kV 干式变压器 SCB13-1000', spec: '1000kVA Dyn11', quantity: '4', uom: '台', categoryCode: '0201' },
  { name: '高压开关柜 KYN28A-12', spec: '1250A 31.5kA', quantity: '10', uom: '面' },
];

/**
 * A published tender of `buyer`: openers purchaser, approver, finance (2 of 3), evaluators
 * approver and requisitioner. Extra fields override (e.g. visibility, deposit, method).
 */
export async function publishedTender(buyer: BuyerSide, extra: Record<string, unknown> = {}): Promise<any> {
  const created = ok(
    await buyer.purchaser.post('/api/v1/tenders', {
      title: '配网设备招标',
      description: '2026 年配网改造设备公开招标',
      visibility: 'public',
      method: 'comprehensive',
      priceWeight: '60',
      technicalWeight: '30',
      commercialWeight: '10',
      depositAmount: '5000.00',
      registrationDeadline: inSeconds(3000),
      bidDeadline: inSeconds(3600),
      openingAt: inSeconds(3600),
      openerUserIds: [buyer.ids.purchaser, buyer.ids.approver, buyer.ids.finance],
      openerQuorum: 2,
      evaluatorUserIds: [buyer.ids.approver, buyer.ids.requisitioner],
      lines: tenderLinesInput,
      documents: [{ title: '招标文件', body: '技术规范书与商务条款', filename: 'tender.txt', mimeType: 'text/plain', contentBase64: Buffer.from('招标文件正文').toString('base64') }],
      deliveryAddress: '南京市江宁区 220kV 变电站',
      ...extra,
    }),
    'create tender',
  ).body;
  await acceptOpeners(buyer, created.id);
  const published = ok(await buyer.purchaser.post(`/api/v1/tenders/${created.id}/publish`, {}), 'publish tender').body;
  const detail = ok(await buyer.purchaser.get(`/api/v1/tenders/${created.id}`), 'tender detail').body;
  return { ...published, lineIds: detail.lines.map((l: any) => l.id), documents: detail.documents };
}

export async function acceptOpeners(buyer: BuyerSide, tenderId: string): Promise<void> {
  for (const [client, passphrase] of [[buyer.purchaser, PASSPHRASES.purchaser], [buyer.approver, PASSPHRASES.approver], [buyer.finance, PASSPHRASES.finance]] as const) {
    ok(await client.post(`/api/v1/tenders/${tenderId}/openers/accept`, { passphrase }), 'accept opener');
  }
}

/** Registers, gets qualified and pays the deposit (when the tender asks for one). */
export async function qualifiedBidder(buyer: BuyerSide, supplier: SupplierSide, tender: any, options: { deposit?: boolean } = {}): Promise<void> {
  const reg = ok(await supplier.sales.post(`/api/v1/tenders/${tender.id}/registration`, { statement: '具备相应资质', contactName: '张三', contactPhone: '13800000000' }), 'register').body;
  ok(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/registrations/${reg.id}/qualify`, { decision: 'qualified' }), 'qualify');
  if (options.deposit !== false && Number(tender.depositAmount) > 0) {
    ok(await supplier.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: tender.depositAmount, bankReference: `DEP-${supplier.orgId.slice(-6)}-${tender.id.slice(-6)}` }), 'deposit');
  }
}

export function bidBody(tender: any, prices: [string, string], extra: Record<string, unknown> = {}) {
  return {
    documentRevision: tender.documentRevision ?? 1,
    lines: [
      { tenderLineId: tender.lineIds[0], unitPrice: prices[0], taxRate: '0.13' },
      { tenderLineId: tender.lineIds[1], unitPrice: prices[1], taxRate: '0.13' },
    ],
    leadTimeDays: 30,
    warrantyMonths: 24,
    validityDays: 90,
    technicalProposal: '满足技术规范书全部条款',
    ...extra,
  };
}

export async function placeBid(supplier: SupplierSide, tender: any, prices: [string, string], extra: Record<string, unknown> = {}): Promise<any> {
  return ok(await supplier.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, prices, extra) }), 'bid').body;
}

/** Every value of every text, json, bytea, numeric and array column of every table that contains `needle`. */
export async function scanDatabase(server: TestServer, needles: string[]): Promise<string[]> {
  const columns = await query<{ table_name: string; column_name: string; data_type: string }>(
    server.db,
    sql`select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea', 'numeric', 'ARRAY')`,
  );
  const hits: string[] = [];
  for (const { table_name, column_name, data_type } of columns) {
    const col = sql.identifier(column_name);
    const table = sql.identifier(table_name);
    for (const needle of needles) {
      const condition =
        data_type === 'bytea'
          ? sql`position(convert_to(${needle}, 'UTF8') in ${col}) > 0`
          : data_type === 'numeric'
            ? /^-?\d+(\.\d+)?$/.test(needle)
              ? sql`${col} = ${needle}::numeric`
              : null
            : sql`${col}::text like ${`%${needle}%`}`;
      if (!condition) continue;
      const [row] = await query<{ n: number }>(server.db, sql`select count(*)::int as n from ${table} where ${condition}`);
      if (row!.n > 0) hits.push(`${table_name}.${column_name} contains ${needle} (${row!.n} rows)`);
    }
  }
  return hits;
}
