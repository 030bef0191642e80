// Screenshots of the auction and presale pages in both languages, with real data made through the API:
//   node --import tsx web/scripts/auction-screenshots.ts [outDir=.tmp/screenshots/auctions]
// Starts its own server (demo data, fresh PostgreSQL database), needs a built web app
// (`npm run build:web`) and Debian's chromium (see STACK.md).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { freshPgDatabase } from '../../bench/support/pg.ts';
import { spawnServer } from '../../bench/support/server.ts';

const out = process.argv[2] ?? '.tmp/screenshots/auctions';
const PASSWORD = 'Cotrade@2026';
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
    await this.call('POST', '/auth/sign-in', { email: this.email, password: PASSWORD });
    return this;
  }
}

const database = await freshPgDatabase('cotrade_shots_auctions');
const db = new pg.Client({ connectionString: database.url });
const server = await spawnServer({ env: { DATABASE_URL: database.url, COTRADE_DEMO: '1', COTRADE_WORKERS: '1' } });
try {
  const base = server.url;
  await db.connect();
  const as = (email: string) => new Client(base, email).signIn();
  const purchaser = await as('purchaser@js-grid.demo');
  const seller = await as('purchaser@zj-grid.demo');
  const fareast = await as('sales@fareast-cable.demo');
  const chint = await as('sales@chint.demo');
  const tbea = await as('sales@tbea.demo');
  const nari = await as('purchaser@nari.demo');
  const orgOf = async (c: Client) => (await c.call('GET', '/me')).organization.id as string;
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  // A running reverse auction with bids, a proxy and an extension rule.
  const lot = await purchaser.call('POST', '/auctions/lots', {
    kind: 'reverse',
    title: '2026 年第四批 10kV 电力电缆竞价',
    itemName: '交联聚乙烯绝缘钢带铠装电力电缆 YJV22-8.7/15kV-3×240',
    itemSpec: 'GB/T 12706.2-2020，铜导体',
    uom: 'm',
    quantity: '12000',
    taxRate: '0.13',
    deliveryAddress: '江苏省南京市江宁区 国网物资仓库',
    startPrice: '520.00',
    reservePrice: '470.00',
    stepType: 'absolute',
    stepValue: '1.00',
    tiePolicy: 'rank_behind',
    visibility: 'rank',
    proxyAllowed: true,
    access: 'invited',
    depositAmount: '0',
    startsAt: minutes(-5),
    endsAt: minutes(45),
    antiSniping: { windowSeconds: 300, extensionSeconds: 180, maxExtensions: 5, extendFrom: 'close', triggerRank: 1 },
  });
  await purchaser.call('POST', `/auctions/lots/${lot.id}/invitations`, { orgIds: [await orgOf(fareast), await orgOf(chint), await orgOf(tbea)] });
  await purchaser.call('POST', `/auctions/lots/${lot.id}/publish`, {});
  for (const c of [fareast, chint, tbea]) await c.call('POST', `/auctions/lots/${lot.id}/registration`, {});
  const bid = (c: Client, id: string, price: string) => c.call('POST', `/auctions/lots/${id}/bids`, { price });
  await bid(fareast, lot.id, '505.00');
  await bid(chint, lot.id, '498.00');
  await bid(tbea, lot.id, '501.50');
  await bid(fareast, lot.id, '492.00');
  await bid(chint, lot.id, '489.00');
  await tbea.call('POST', `/auctions/lots/${lot.id}/proxy`, { limit: '486.00' });

  // A forward auction of scrap cable, public, best price shown, with deposits.
  const scrap = await seller.call('POST', '/auctions/lots', {
    kind: 'forward',
    title: '废旧电缆及铜材处置拍卖（第 12 批）',
    itemName: '废旧铜芯电缆（含护套）',
    uom: 't',
    quantity: '36.5',
    taxRate: '0.13',
    deliveryAddress: '浙江省杭州市萧山区 废旧物资回收站（买受人自提）',
    startPrice: '42000.00',
    reservePrice: '45000.00',
    stepType: 'absolute',
    stepValue: '500.00',
    tiePolicy: 'refuse',
    visibility: 'best_price',
    access: 'public',
    depositAmount: '50000.00',
    startsAt: minutes(-10),
    endsAt: minutes(25),
    antiSniping: { windowSeconds: 120, extensionSeconds: 120, maxExtensions: 10, extendFrom: 'bid', triggerRank: 1 },
  });
  await seller.call('POST', `/auctions/lots/${scrap.id}/publish`, {});
  let ref = 0;
  for (const c of [nari, chint]) {
    await c.call('POST', `/auctions/lots/${scrap.id}/registration`, {});
    await c.call('POST', `/auctions/lots/${scrap.id}/deposit`, { amount: '50000.00', bankReference: `CCB2026112200${++ref}` });
  }
  await bid(nari, scrap.id, '42000.00');
  await bid(chint, scrap.id, '43500.00');
  await bid(nari, scrap.id, '44500.00');

  // A presale on a listed SKU, one reservation.
  const [skuRow] = (await db.query<{ id: string }>("select id from catalog_skus where sku_code = 'FE-BV-2.5'")).rows;
  const presale = await fareast.call('POST', '/presales', {
    skuId: skuRow!.id,
    title: '2027 年一季度 BV 电线预售（锁定铜价）',
    unitPrice: '2.10',
    depositPerUnit: '0.30',
    quantityCap: '200000',
    minQuantity: '5000',
    startsAt: minutes(-60),
    endsAt: minutes(60 * 24 * 14),
    deliveryFrom: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10),
    deliveryTo: new Date(Date.now() + 70 * 86_400_000).toISOString().slice(0, 10),
    balanceDueBy: minutes(60 * 24 * 30),
  });
  await fareast.call('POST', `/presales/${presale.id}/open`, {});
  await purchaser.call('POST', `/presales/${presale.id}/orders`, { quantity: '20000', amount: '6000.00', bankReference: 'ICBC20261122018', deliveryAddress: '江苏省南京市江宁区 国网物资仓库' });
  console.log(`data ready: lot ${lot.number}, scrap ${scrap.number}, presale ${presale.id}`);

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
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.evaluate(async (l) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('cotrade_csrf='))?.split('=')[1] ?? '';
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ lang: l }) });
      localStorage.setItem('cotrade.lang', l);
    }, lang);
  };
  const shot = async (page: Page, name: string, url: string, prepare?: (page: Page) => Promise<void>) => {
    await page.goto(`${base}${url}`);
    await page.waitForLoadState('networkidle').catch(() => {}); // the live socket never idles the network
    await page.waitForTimeout(1500);
    if (prepare) await prepare(page).catch((error: Error) => console.log(`${name}: could not prepare: ${error.message.split('\n')[0]}`));
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    console.log(`${name}.png`);
  };

  for (const lang of (process.env.LANGS?.split(',') ?? ['zh-CN', 'en']) as Array<'zh-CN' | 'en'>) {
    const suffix = lang === 'en' ? 'en' : 'zh';
    let ctx = await browser(lang);
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'purchaser@js-grid.demo', lang);
    await shot(page, `buyer-lots-${suffix}`, '/buyer/auctions/lots');
    await shot(page, `buyer-lot-console-${suffix}`, `/buyer/auctions/lots/${lot.id}`);
    await shot(page, `buyer-lot-wizard-${suffix}`, '/buyer/auctions/lots/new');
    await shot(page, `buyer-lot-wizard-time-${suffix}`, '/buyer/auctions/lots/new', async (p) => {
      await p.locator('input#title').fill(lang === 'en' ? 'Q4 10 kV cable' : '四季度 10kV 电缆');
      await p.locator('input#itemName').fill('YJV22-8.7/15kV-3×240');
      await p.getByTestId('wizard-next').click();
      await p.locator('input#startPrice').fill('520.00');
      await p.getByTestId('wizard-next').click();
      await p.waitForTimeout(500);
    });
    await shot(page, `buyer-presales-${suffix}`, '/buyer/auctions/presales');
    await shot(page, `buyer-presale-orders-${suffix}`, '/buyer/auctions/presale-orders');
    await ctx.close();

    ctx = await browser(lang);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'sales@fareast-cable.demo', lang);
    await shot(page, `supplier-lots-${suffix}`, '/supplier/auctions/lots');
    await shot(page, `supplier-room-${suffix}`, `/supplier/auctions/lots/${lot.id}`, async (p) => {
      await p.getByTestId('bid-input').fill('487.00');
      await p.waitForTimeout(300);
    });
    await shot(page, `supplier-presales-${suffix}`, '/supplier/auctions/presales');
    await ctx.close();

    ctx = await browser(lang);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'purchaser@nari.demo', lang);
    await shot(page, `buyer-forward-room-${suffix}`, `/buyer/auctions/lots/${scrap.id}`);
    await ctx.close();
  }
} finally {
  await db.end().catch(() => {});
  await server.stop();
  await database.drop();
}
