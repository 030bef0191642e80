// Browser end-to-end test of sourcing (issue 5): a buyer creates and publishes an RFQ in the
// wizard, a supplier quotes on its page, the buyer sees the quotes sealed until the deadline, then
// compares and awards into an order; a supplier submits a sealed tender bid and gets a receipt,
// an opener confirms the opening with the passphrase, and the opening record shows the prices.
// Runs Debian's chromium through playwright-core against the real server over a fresh test database.
import assert from 'node:assert/strict';
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app.ts';
import { query } from '../../src/platform/db.ts';
import { createBuyerSide, createSupplierSide, ok, PASSPHRASES, passBidDeadline, passRfqDeadline, publishedTender, qualifiedBidder, type BuyerSide, type SupplierSide } from '../../src/modules/sourcing/testing.ts';
import { ROOT } from '../support/env.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/harness.ts';

const SCREENSHOTS = path.join(ROOT, '.tmp', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function ensureWebBuild(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-needed.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist/index.html is missing and could not be built: run `npm run build:web`');
}

let server: TestServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let buyer: BuyerSide;
let supplier: SupplierSide;

before(async () => {
  ensureWebBuild();
  const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer({ signInLimit: 1_000_000 });
  buyer = await createBuyerSide(server);
  supplier = await createSupplierSide(server);
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cotrade-e2e-sourcing-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath, args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(20_000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
});

after(async () => {
  await context?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `e2e-sourcing-${name}.png`), fullPage: true });

/** Waits for a locator; on failure leaves a screenshot of what the page showed. */
async function see(locator: ReturnType<Page['getByTestId']>, label: string): Promise<void> {
  try {
    await locator.waitFor();
  } catch (error) {
    await shot(`failed-${label}`).catch(() => {});
    throw error;
  }
}
const emailOf = (org: { users: Record<string, string> }, role: string) => Object.keys(org.users).find((e) => e.startsWith(`${role}@`))!;

async function signIn(email: string): Promise<void> {
  await context.clearCookies();
  await page.goto(`${server.url}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(TEST_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const title = `电缆附件询价 ${Date.now().toString(36)}`;

test('RFQ: the wizard publishes, a supplier quotes, quotes stay sealed, then the buyer compares and awards', { timeout: 300_000 }, async () => {
  await signIn(emailOf(buyer.org, 'purchaser'));
  await page.goto(`${server.url}/buyer/sourcing/rfqs/new`);
  await page.getByTestId('rfq-title').fill(title);
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('rfq-line-name-0').fill('冷缩终端头 10kV');
  await page.getByTestId('rfq-line-qty-0').fill('24');
  await page.getByTestId('wizard-next').click();
  await page.getByText('全部合格供应商').click();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('rfq-publish').click();
  await page.waitForURL(/\/buyer\/sourcing\/rfqs\/rfq_/);
  await page.getByTestId('rfq-status').getByText('报价中').waitFor();
  const rfqId = page.url().split('/').pop()!;

  await signIn(emailOf(supplier.org, 'sales'));
  await page.goto(`${server.url}/supplier/sourcing/inbox`);
  await page.getByText(title).click();
  await page.getByTestId('quote-price-0').fill('1850.75');
  await page.getByTestId('quote-submit').click();
  await see(page.getByTestId('my-quote-status').getByText('已报价'), 'quote');
  await shot('supplier-quote');

  await signIn(emailOf(buyer.org, 'purchaser'));
  await page.goto(`${server.url}/buyer/sourcing/rfqs/${rfqId}`);
  await page.getByTestId('quotes-sealed').waitFor();
  assert.ok(!(await page.content()).includes('1850.75'), 'the quote is sealed from the buyer before the deadline');

  await passRfqDeadline(server, rfqId);
  await page.reload();
  await page.getByTestId('comparison').waitFor();
  await page.getByTestId('award-whole-1').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await page.getByText(/PO-\d{4}-\d{6}/).waitFor();
  await shot('rfq-awarded');
  const orders = await query<{ total: string }>(server.db, sql`select total::numeric(20,2)::text as total from purchase_orders where source = 'rfq' and source_ref = ${rfqId}`);
  assert.deepEqual(orders.map((o) => o.total), ['50192.34']); // 24 × 1850.75 = 44418.00 + 13 % VAT
});

test('tender: a sealed bid from the browser gets a receipt; the opener confirms with the passphrase; the record shows the prices', { timeout: 300_000 }, async () => {
  const tender = await publishedTender(buyer, { depositAmount: '0', title: `配网设备招标 ${Date.now().toString(36)}` });
  await qualifiedBidder(buyer, supplier, tender);
  await signIn(emailOf(supplier.org, 'sales'));
  await page.goto(`${server.url}/supplier/sourcing/tenders/${tender.id}`);
  await page.getByTestId('bid-price-0').fill('168888.88');
  await page.getByTestId('bid-price-1').fill('52222.22');
  await page.getByTestId('bid-technical').fill('满足技术规范书全部条款');
  await page.getByTestId('submit-bid').click();
  await page.getByTestId('bid-receipt').getByText(/[0-9a-f]{64}/).waitFor();
  assert.ok(!(await page.content()).includes('168888.88') || (await page.getByTestId('bid-price-0').inputValue()) === '', 'after submitting, the page shows the receipt, not the prices');
  await shot('supplier-sealed-bid');

  await passBidDeadline(server, tender.id);
  await signIn(emailOf(buyer.org, 'purchaser'));
  await page.goto(`${server.url}/buyer/sourcing/tenders/${tender.id}`);
  await page.getByTestId('confirm-opening').click();
  await page.getByTestId('passphrase-input').fill(PASSPHRASES.purchaser);
  await page.getByTestId('passphrase-submit').click();
  await page.getByTestId('opening-progress').getByText('已确认 1 / 需 2 人').waitFor();
  assert.ok(!(await page.content()).includes('168888.88'));
  ok(await buyer.approver.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.approver }), 'second opener');
  await page.reload();
  await page.getByRole('tab', { name: '开标' }).click();
  await see(page.getByTestId('opening-record').getByText('¥1,353,488.83'), 'record'); // 4 × 168888.88 + 10 × 52222.22, + 13 % VAT per line
  await shot('opening-record');
});
