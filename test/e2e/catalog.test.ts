// Browser end-to-end test of the catalog (issue 3, item 8): a supplier creates a product with specs
// from the category template and submits it; the operator signs in with MFA and approves it in the
// listing review queue; a buyer finds it by a Chinese search, narrows by a facet, opens the product
// page and sees its price; the comparison view lists it against the competing offers.
// Runs Debian's chromium through playwright-core against the real server over a fresh test database.
import assert from 'node:assert/strict';
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { generate } from 'otplib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app.ts';
import { seedCatalogDemo } from '../../src/modules/catalog/demo/seed.ts';
import { ROOT } from '../support/env.ts';
import { createTestOrg, startTestServer, TEST_PASSWORD, TEST_TOTP_SECRET, type TestOrg, type TestServer } from '../support/harness.ts';

const SCREENSHOTS = path.join(ROOT, '.tmp', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The server serves web/dist only if it exists when it starts: build it (when stale) first. */
function ensureWebBuild(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-needed.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist/index.html is missing and could not be built: run `npm run build:web` and look at its errors');
}

function chromiumPath(): string {
  let found = '';
  try {
    found = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  } catch {
    // not installed
  }
  if (!found) throw new Error('chromium not found: `apt-get update && apt-get install -y chromium fonts-wqy-microhei` (see STACK.md)');
  return found;
}

let server: TestServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let operator: TestOrg;
let supplier: TestOrg;
let buyer: TestOrg;

before(async () => {
  ensureWebBuild();
  const executablePath = chromiumPath();
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
  // The demo catalog gives the new product a coding tree, templates and competitors.
  operator = await createTestOrg(server.ctx, ['platform'], [{ role: 'category_manager' }]);
  const demo = await Promise.all(['fareast', 'chint', 'tbea', 'pinggao', 'delixi', 'nari'].map(() => createTestOrg(server.ctx, ['supplier'])));
  const buyers = await Promise.all([0, 1, 2].map(() => createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }])));
  const ids = demo.map((s) => s.orgId);
  await seedCatalogDemo(server.ctx, {
    fareast: ids[0]!, chint: ids[1]!, tbea: ids[2]!, pinggao: ids[3]!, delixi: ids[4]!, nari: ids[5]!,
    buyers: { jiangsu: buyers[0]!.orgId, zhejiang: buyers[1]!.orgId, anhui: buyers[2]!.orgId },
  });
  supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  buyer = buyers[1]!; // no framework agreement: the buyer sees the list price
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cotrade-e2e-catalog-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath, args: CHROMIUM_ARGS, headless: true, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(20_000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
});

after(async () => {
  await context?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `e2e-catalog-${name}.png`) });

async function signIn(email: string, totpSecret?: string): Promise<void> {
  await context.clearCookies();
  await page.goto(`${server.url}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(TEST_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  if (totpSecret) {
    const firstCell = page.locator('.ant-otp input').first();
    await firstCell.waitFor();
    await firstCell.click();
    await page.keyboard.type(await generate({ secret: totpSecret }));
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Opens an antd Select (by its test id) and picks the option with this exact label. */
async function choose(testId: string, optionLabel: string, type?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (type) await page.keyboard.type(type);
  await page.locator(`.ant-select-dropdown:visible [title="${optionLabel}"]`).first().click();
}

const tag = Date.now().toString(36).slice(-4);
const productNameZh = `北极星 YJV22-8.7/15kV 耐寒型铜芯交联聚乙烯绝缘钢带铠装电力电缆 ${tag}`;
const skuCode = `BJX-YJV22-3x240-${tag}`;

test('a supplier lists a product, the operator approves it, and a buyer finds, prices and compares it', { timeout: 300_000 }, async () => {
  // 1. The supplier creates the product: the category's template decides the spec inputs.
  await signIn(`sales@${supplier.admin.split('@')[1]}`);
  await page.goto(`${server.url}/supplier/catalog/products/new`);
  await page.getByTestId('product-category-select').click();
  await page.keyboard.type('010101');
  await page.locator('.ant-select-dropdown:visible [title="010101 交联聚乙烯绝缘电力电缆"]').click();
  await page.getByTestId('spec-input-conductor').waitFor(); // the template arrived
  await page.getByTestId('product-name-zh').fill(productNameZh);
  await page.getByTestId('product-name-en').fill(`Polaris YJV22-8.7/15kV cold-resistant armoured power cable ${tag}`);
  await page.getByTestId('product-brand').fill('北极星');
  await page.getByTestId('product-model').fill('YJV22-8.7/15');
  await choose('product-uom', '米 (m)', '米');
  await choose('spec-input-voltage', '8.7/15kV');
  await choose('spec-input-armoured', '是');
  await page.getByTestId('sku-card-0').getByTestId('sku-code').fill(skuCode);
  await page.getByTestId('sku-card-0').getByTestId('spec-input-cross_section').fill('3x240');
  await page.getByTestId('sku-card-0').getByTestId('sku-list-price').fill('355');
  await page.getByTestId('sku-card-0').getByTestId('sku-moq').fill('100');
  await page.getByTestId('sku-card-0').getByTestId('sku-increment').fill('50');
  await page.getByTestId('sku-card-0').getByTestId('sku-stock').fill('8000');
  await page.getByTestId('sku-card-0').getByTestId('sku-standard-item').click();
  await page.keyboard.type('010101-0001');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  // A required spec of the template left empty is refused on the form.
  await page.getByTestId('product-save-submit').click();
  await page.getByTestId('spec-conductor').getByText('分类模板要求填写此参数').waitFor();
  await choose('spec-input-conductor', '铜');
  await shot('supplier-form');
  await page.getByTestId('product-save-submit').click();
  await page.waitForURL((url) => /\/supplier\/catalog\/products\/prd_/.test(url.pathname));
  await page.getByTestId('review-status').filter({ hasText: '待审核' }).waitFor();
  await shot('supplier-submitted');

  // 2. The operator signs in with MFA and approves it in the listing review queue.
  await signIn(operator.admin, TEST_TOTP_SECRET);
  await page.goto(`${server.url}/operator/catalog/review`);
  await page.getByTestId('review-queue').getByText(productNameZh).click();
  await page.getByTestId('review-product-name').filter({ hasText: productNameZh }).waitFor();
  await page.getByTestId('review-changes').waitFor();
  await shot('operator-review');
  await page.getByTestId('review-approve').click();
  await page.getByTestId('review-text').fill('规格参数齐全，准予上架');
  await page.getByTestId('review-confirm').click();
  await page.getByTestId('review-status').filter({ hasText: '已通过' }).waitFor();
  await shot('operator-approved');

  // 3. The buyer searches in Chinese and narrows by the supplier facet.
  await signIn(`purchaser@${buyer.admin.split('@')[1]}`);
  await page.goto(`${server.url}/buyer/catalog`);
  await page.getByTestId('catalog-search').locator('input').fill('耐寒电力电缆');
  await page.getByTestId('catalog-search').locator('input').press('Enter');
  const ours = page.locator(`[data-testid="search-hit"][data-sku="${skuCode}"]`);
  await ours.waitFor();
  const facet = page.getByTestId(`facet-supplier-${supplier.orgId}`);
  await facet.waitFor();
  const facetCount = Number((await facet.locator('.facet-count').innerText()).replace(/\D/g, ''));
  await facet.locator('.ant-checkbox-label, label').first().click();
  await page.getByTestId('filter-chips').waitFor();
  await page.locator('[data-testid="search-hit"]').nth(facetCount - 1).waitFor();
  await page.locator('[data-testid="search-hit"]').nth(facetCount).waitFor({ state: 'detached' });
  const codes = await page.locator('[data-testid="search-hit"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sku')));
  assert.deepEqual(codes, [skuCode], 'the facet count equals the filtered result, and it is our SKU');
  await shot('buyer-search');

  // 4. The product page shows the price for this buyer, incl. and excl. VAT, and its source.
  await ours.getByTestId('hit-title').click();
  await page.getByTestId('product-title').filter({ hasText: productNameZh }).waitFor();
  const price = await page.getByTestId('buyer-price').innerText();
  assert.match(price, /¥355\.00/);
  assert.match(price, /含税 ¥401\.15/); // 355.00 × 1.13
  assert.match(await page.getByTestId('price-source').first().innerText(), /目录价/);
  assert.match(await page.getByTestId('line-total').innerText(), /¥40,115\.00/); // 100 m at MOQ, incl. VAT
  assert.match(await page.getByTestId('specs-table').innerText(), /导体材质[\s\S]*铜/);
  await shot('buyer-product');

  // 5. The comparison view lists the competing offers on the same standard item.
  await page.getByTestId('compare-link').click();
  await page.getByTestId('offers-table').waitFor();
  const rows = page.getByTestId('offer-row');
  await rows.first().waitFor();
  assert.ok((await rows.count()) >= 3, 'our offer and at least two competitors');
  const table = await page.getByTestId('offers-table').innerText();
  assert.ok(table.includes(skuCode), 'our SKU is among the offers');
  assert.ok(table.includes('TB-YJV22-8.7/15-3x240') && table.includes('FE-YJV22-8.7/15-3x240'), 'the competitors are listed');
  await shot('buyer-compare');
});
