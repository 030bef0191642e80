// Screenshots of the settlement pages in both languages, with real data made through the API:
//   node --import tsx web/scripts/settlement-screenshots.ts [outDir=.tmp/screenshots/settlement]
// Starts its own server (demo data, fresh PostgreSQL database), needs a built web app
// (`npm run build:web`) and Debian's chromium (see STACK.md).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { freshPgDatabase } from '../../bench/support/pg.ts';
import { spawnServer } from '../../bench/support/server.ts';

const out = process.argv[2] ?? '.tmp/screenshots/settlement';
const PASSWORD = 'Cotrade@2026';
const TOTP = 'COTRADEDEMOMFASECRETKEY234567ABC';
mkdirSync(out, { recursive: true });

class Client {
  cookie = '';
  csrf = '';
  constructor(
    readonly base: string,
    readonly email: string,
  ) {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call(method: string, p: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.base}/api/v1${p}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name] = pair!.split('=');
      this.cookie = [...this.cookie.split('; ').filter((x) => x && !x.startsWith(`${name}=`)), pair].join('; ');
      if (name === 'cotrade_csrf') this.csrf = pair!.slice(name.length + 1);
    }
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${p} as ${this.email}: ${res.status} ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : null;
  }
  async signIn(): Promise<this> {
    const r = await this.call('POST', '/auth/sign-in', { email: this.email, password: PASSWORD });
    if (r.status === 'mfa_required') await this.call('POST', '/auth/mfa/verify', { code: await generate({ secret: TOTP }) });
    return this;
  }
}

const database = await freshPgDatabase('cotrade_shots_settlement');
const db = new pg.Client({ connectionString: database.url });
const server = await spawnServer({ env: { DATABASE_URL: database.url, COTRADE_DEMO: '1', COTRADE_WORKERS: '1' } });
try {
  const base = server.url;
  await db.connect();
  const as = (email: string) => new Client(base, email).signIn();
  const purchaser = await as('purchaser@js-grid.demo');
  const receiver = await as('receiver@js-grid.demo');
  const buyerFinance = await as('finance@js-grid.demo');
  const sales = await as('sales@fareast-cable.demo');
  const fulfilment = await as('fulfilment@fareast-cable.demo');
  const supplierFinance = await as('finance@fareast-cable.demo');
  const platformFinance = await as('finance@cotrade.demo');
  const sku = async (code: string) => (await db.query<{ id: string }>('select id from catalog_skus where sku_code = $1', [code])).rows[0]!.id;
  const bv = await sku('FE-BV-2.5');
  const kvv = await sku('FE-KVV-4x1.5');

  await platformFinance.call('POST', '/platform/commission-rules', { name: '默认佣金', rate: '0.015' });
  await platformFinance.call('POST', '/platform/commission-rules', { name: '电线电缆', categoryCode: '01', rate: '0.02', minAmount: '10.00', maxAmount: '5000.00', priority: 50 });
  await platformFinance.call('POST', '/platform/commission-rules', { name: '战略供应商', supplierTier: 'strategic', rate: '0.01' });

  const order = async (paymentMethod: 'escrow' | 'credit', items: Array<[string, string]>) => {
    const r = await purchaser.call('POST', '/orders/checkout', { paymentMethod, creditDays: paymentMethod === 'credit' ? 30 : null, deliveryAddress: '江苏省南京市江宁区 物资仓库', items: items.map(([skuId, quantity]) => ({ skuId, quantity })) });
    const o = r.orders[0];
    await sales.call('POST', `/orders/${o.id}/confirm`, {});
    await purchaser.call('POST', `/orders/${o.id}/contract/sign`, {});
    await sales.call('POST', `/orders/${o.id}/contract/sign`, {});
    return o as { id: string; number: string; total: string; lines: Array<{ id: string; skuId: string; quantity: string }> };
  };
  const fulfil = async (o: Awaited<ReturnType<typeof order>>, bySku: Record<string, [string, string]>) => {
    const s = await fulfilment.call('POST', `/orders/${o.id}/shipments`, { carrier: '顺丰速运', trackingNumber: `SF${Date.now()}`, lines: o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) });
    await receiver.call('POST', `/shipments/${s.shipment.id}/deliver`);
    await receiver.call('POST', `/orders/${o.id}/receipts`, {
      shipmentId: s.shipment.id,
      lines: o.lines.map((l) => {
        const [accepted, rejected] = bySku[l.skuId]!;
        return { orderLineId: l.id, receivedQuantity: l.quantity, acceptedQuantity: accepted, rejectedQuantity: rejected, rejectionReason: rejected !== '0' ? '绝缘层破损' : null };
      }),
    });
  };

  // Escrow, accepted with rejections, invoiced and settled.
  const o1 = await order('escrow', [[bv, '1000'], [kvv, '500']]);
  await buyerFinance.call('POST', '/payments', { purpose: 'escrow', orderId: o1.id, amount: o1.total, bankReference: 'ICBC20261121001' });
  await fulfil(o1, { [bv]: ['900', '100'], [kvv]: ['500', '0'] });
  await supplierFinance.call('POST', '/invoices', { orderId: o1.id, vatInvoiceNumber: '24322000000012345678' });
  // Credit terms: one in the exception queue (price over tolerance), one approved and due.
  const o2 = await order('credit', [[bv, '2000']]);
  await fulfil(o2, { [bv]: ['2000', '0'] });
  const exception = await supplierFinance.call('POST', '/invoices', { orderId: o2.id, vatInvoiceNumber: '24322000000012345679', lines: [{ orderLineId: o2.lines[0]!.id, quantity: '2000', unitPrice: '2.40' }] });
  const o3 = await order('credit', [[kvv, '800']]);
  await fulfil(o3, { [kvv]: ['800', '0'] });
  const due = await supplierFinance.call('POST', '/invoices', { orderId: o3.id, vatInvoiceNumber: '24322000000012345680' });
  await buyerFinance.call('POST', '/payments', { purpose: 'invoice', invoiceId: due.id, amount: '1000.00', bankReference: 'ICBC20261121002' });
  // Accepted, not invoiced yet (the supplier's new-invoice page), and an escrow order paid by the bank statement.
  const o4 = await order('credit', [[bv, '500'], [kvv, '200']]);
  await fulfil(o4, { [bv]: ['500', '0'], [kvv]: ['150', '50'] });
  const o5 = await order('escrow', [[bv, '300']]);
  const csv = [
    '起息日,金额,币种,付款人名称,付款人账号,银行流水号,附言',
    `2026-11-21,${o5.total},CNY,国网江苏省电力有限公司,32001588800052000123,BOC20261121088,支付订单 ${o5.number} 货款`,
    '2026-11-21,5000.00,CNY,国网浙江省电力有限公司,33001616200052000456,BOC20261121089,预付款',
    '2026-11-21,-25.00,CNY,中国银行,,BOC20261121090,跨行汇款手续费',
  ].join('\r\n');
  const imported = await platformFinance.call('POST', '/platform/bank-statements', { filename: '中国银行对账单-20261121.csv', content: Buffer.from(csv).toString('base64') });
  const supplierOrg = (await supplierFinance.call('GET', '/me')).organization.id as string;
  await platformFinance.call('POST', '/platform/payouts', { supplierOrgId: supplierOrg, amount: '500.00', reference: 'ICBC-PAYOUT-20261121-01' });
  console.log(`data ready: statement ${imported.statement.id}`);

  const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const browser = async (lang: 'zh-CN' | 'en') => {
    const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'cotrade-shots-')), { executablePath, args, headless: true, viewport: { width: 1440, height: 900 }, locale: lang });
    ctx.setDefaultTimeout(120_000);
    await ctx.addInitScript('window.__name = (f) => f');
    await ctx.addInitScript((l) => localStorage.setItem('cotrade.lang', l), lang);
    return ctx;
  };
  const signIn = async (page: Page, email: string, lang: string) => {
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('sign-in-email').fill(email);
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    const mfa = page.locator('.ant-otp input').first();
    await Promise.race([mfa.waitFor({ timeout: 10000 }).catch(() => {}), page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 10000 }).catch(() => {})]);
    if (await mfa.isVisible().catch(() => false)) {
      await mfa.click();
      await page.keyboard.type(await generate({ secret: TOTP }));
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    }
    await page.evaluate(async (l) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('cotrade_csrf='))?.split('=')[1] ?? '';
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ lang: l }) });
      localStorage.setItem('cotrade.lang', l);
    }, lang);
  };
  const shot = async (page: Page, name: string, url: string, prepare?: (page: Page) => Promise<void>) => {
    await page.goto(`${base}${url}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(800);
    if (prepare) await prepare(page).catch((error: Error) => console.log(`${name}: could not prepare: ${error.message.split('\n')[0]}`));
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
    console.log(`${name}.png`);
  };

  for (const lang of (process.env.LANGS?.split(',') ?? ['zh-CN', 'en']) as Array<'zh-CN' | 'en'>) {
    const suffix = lang === 'en' ? 'en' : 'zh';
    let ctx = await browser(lang);
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'finance@fareast-cable.demo', lang);
    await shot(page, `supplier-invoices-${suffix}`, '/supplier/finance/invoices');
    await shot(page, `supplier-new-invoice-${suffix}`, `/supplier/finance/invoices/new?orderId=${o4.id}`);
    await shot(page, `supplier-invoice-exception-${suffix}`, `/supplier/finance/invoices/${exception.id}`);
    await shot(page, `supplier-payouts-${suffix}`, '/supplier/finance/payouts');
    await shot(page, `supplier-ledger-${suffix}`, '/supplier/finance/ledger', async (p) => {
      await p.getByTestId('balances-table').locator('tbody tr').first().click();
      await p.waitForTimeout(1200);
    });
    await ctx.close();

    ctx = await browser(lang);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'finance@js-grid.demo', lang);
    await shot(page, `buyer-exception-queue-${suffix}`, '/buyer/finance/invoices');
    await shot(page, `buyer-invoice-match-${suffix}`, `/buyer/finance/invoices/${exception.id}`, async (p) => {
      await p.getByTestId('invoice-approve').click();
      await p.getByTestId('decision-reason').fill(lang === 'en' ? 'Copper price rose; agreed with the supplier' : '铜价上涨，已与供应商协商一致');
      await p.waitForTimeout(400);
    });
    await shot(page, `buyer-invoice-due-${suffix}`, `/buyer/finance/invoices/${due.id}`);
    await shot(page, `buyer-payments-${suffix}`, '/buyer/finance/payments', async (p) => {
      await p.getByTestId('record-payment').click();
      await p.waitForTimeout(500);
    });
    await shot(page, `buyer-ledger-${suffix}`, '/buyer/finance/ledger');
    await shot(page, `buyer-settings-${suffix}`, '/buyer/finance/settings');
    await ctx.close();

    ctx = await browser(lang);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'finance@cotrade.demo', lang);
    await shot(page, `operator-bank-statements-${suffix}`, '/operator/finance/bank-statements', async (p) => {
      await p.getByTestId('statements-table').locator('tbody tr').first().click();
      await p.waitForTimeout(1200);
    });
    await shot(page, `operator-commission-rules-${suffix}`, '/operator/finance/commission-rules');
    await shot(page, `operator-payouts-${suffix}`, '/operator/finance/payouts');
    await shot(page, `operator-ledger-${suffix}`, '/operator/finance/ledger');
    await ctx.close();
  }
} finally {
  await db.end().catch(() => {});
  await server.stop();
  await database.drop();
}
process.exit(0);
