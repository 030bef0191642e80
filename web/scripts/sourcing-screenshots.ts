// Screenshots of the sourcing pages (RFQs, tenders, inbox, opening, evaluation, notices) in both
// languages, against a server with the demo data (`npm start`; the demo seeds RFQs and tenders):
//   node --import tsx web/scripts/sourcing-screenshots.ts [baseUrl=http://localhost:3000] [outDir=.tmp/screenshots/sourcing]
// Needs a built web app and Debian's chromium (see STACK.md).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? '.tmp/screenshots/sourcing';
const only = process.env.SHOTS?.split(',');
const PASSWORD = 'Cotrade@2026';
const TOTP = 'COTRADEDEMOMFASECRETKEY234567ABC';
mkdirSync(out, { recursive: true });
const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function context(lang: 'zh-CN' | 'en'): Promise<BrowserContext> {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'cotrade-shots-')), { executablePath, args, headless: true, viewport: { width: 1440, height: 900 }, locale: lang });
  await ctx.addInitScript('window.__name = (f) => f');
  await ctx.addInitScript((l) => localStorage.setItem('cotrade.lang', l), lang);
  return ctx;
}

async function signIn(page: Page, email: string, lang: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${base}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  const mfa = page.locator('.ant-otp input').first();
  await Promise.race([mfa.waitFor({ timeout: 8000 }).catch(() => {}), page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 8000 }).catch(() => {})]);
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
}

async function shot(page: Page, name: string, url: string, prepare?: (page: Page) => Promise<void>, fullPage = true): Promise<void> {
  if (only && !only.some((o) => name.includes(o))) return;
  await page.goto(`${base}${url}`);
  await page.waitForLoadState('load');
  await page.waitForTimeout(1500);
  if (prepare) await prepare(page);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  console.log(`${name}.png`);
}

/** Ids of the demo events, read through the API as the buyer. */
async function ids(page: Page): Promise<{ rfqOpen: string; rfqClosed: string; tenderOpen: string; tenderEvaluated: string }> {
  return page.evaluate(async () => {
    const rfqs = (await (await fetch('/api/v1/rfqs?role=buyer&limit=50')).json()).items as Array<{ id: string; status: string }>;
    const tenders = (await (await fetch('/api/v1/tenders?role=buyer&limit=50')).json()).items as Array<{ id: string; status: string }>;
    return {
      rfqOpen: rfqs.find((r) => r.status === 'open')!.id,
      rfqClosed: rfqs.find((r) => r.status === 'closed')!.id,
      tenderOpen: tenders.find((t) => t.status === 'published')!.id,
      tenderEvaluated: tenders.find((t) => t.status === 'evaluated')!.id,
    };
  });
}

const tab = (name: RegExp) => async (page: Page) => {
  await page.getByRole('tab', { name }).click();
  await page.waitForTimeout(800);
};

for (const lang of ['zh-CN', 'en'] as const) {
  const ctx = await context(lang);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const l = lang === 'zh-CN' ? 'zh' : 'en';
  await signIn(page, 'purchaser@js-grid.demo', lang);
  await page.goto(`${base}/buyer`);
  const id = await ids(page);
  await shot(page, `${l}-buyer-rfqs`, '/buyer/sourcing/rfqs');
  await shot(page, `${l}-buyer-rfq-sealed`, `/buyer/sourcing/rfqs/${id.rfqOpen}`);
  await shot(page, `${l}-buyer-rfq-comparison`, `/buyer/sourcing/rfqs/${id.rfqClosed}`);
  await shot(page, `${l}-buyer-rfq-by-line`, `/buyer/sourcing/rfqs/${id.rfqClosed}`, tab(lang === 'zh-CN' ? /按明细/ : /By line/));
  await shot(page, `${l}-buyer-rfq-new`, '/buyer/sourcing/rfqs/new', undefined, false);
  await shot(page, `${l}-buyer-tenders`, '/buyer/sourcing/tenders');
  await shot(page, `${l}-buyer-tender-overview`, `/buyer/sourcing/tenders/${id.tenderOpen}`, tab(lang === 'zh-CN' ? /概况/ : /Overview/));
  await shot(page, `${l}-buyer-tender-registrations`, `/buyer/sourcing/tenders/${id.tenderOpen}`, tab(lang === 'zh-CN' ? /报名/ : /Registrations/));
  await shot(page, `${l}-buyer-tender-opening-sealed`, `/buyer/sourcing/tenders/${id.tenderOpen}`, tab(lang === 'zh-CN' ? /^开标$/ : /^Opening$/));
  await shot(page, `${l}-buyer-tender-opening-record`, `/buyer/sourcing/tenders/${id.tenderEvaluated}`, tab(lang === 'zh-CN' ? /^开标$/ : /^Opening$/));
  await shot(page, `${l}-buyer-tender-award`, `/buyer/sourcing/tenders/${id.tenderEvaluated}`, tab(lang === 'zh-CN' ? /定标/ : /Award/));
  await shot(page, `${l}-buyer-tender-new`, '/buyer/sourcing/tenders/new', undefined, false);
  await signIn(page, 'approver@js-grid.demo', lang);
  await shot(page, `${l}-evaluator-workspace`, `/buyer/sourcing/tenders/${id.tenderEvaluated}`, tab(lang === 'zh-CN' ? /评标/ : /Evaluation/));
  await signIn(page, 'sales@fareast-cable.demo', lang);
  await shot(page, `${l}-supplier-inbox`, '/supplier/sourcing/inbox');
  await shot(page, `${l}-supplier-quote`, `/supplier/sourcing/rfqs/${id.rfqOpen}`);
  await shot(page, `${l}-supplier-tender-bid`, `/supplier/sourcing/tenders/${id.tenderOpen}`);
  await shot(page, `${l}-supplier-tender-result`, `/supplier/sourcing/tenders/${id.tenderEvaluated}`);
  await signIn(page, 'supervisor@cotrade.demo', lang);
  await shot(page, `${l}-operator-supervision`, '/operator/sourcing/tenders', async (p) => {
    await p.locator('.clickable-row').first().click();
    await p.waitForTimeout(1000);
  });
  await page.context().clearCookies();
  await shot(page, `${l}-public-notices`, '/notices');
  await ctx.close();
}
