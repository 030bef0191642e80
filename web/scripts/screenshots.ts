// Screenshots of the main pages in both languages, for looking at the UI:
//   node --import tsx web/scripts/screenshots.ts [baseUrl=http://localhost:3000] [outDir=.tmp/screenshots]
// Needs a server with the demo data (`npm start`) and Debian's chromium (see STACK.md).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? '.tmp/screenshots';
const only = process.env.SHOTS?.split(',');
const DEMO_PASSWORD = 'Cotrade@2026';
const DEMO_TOTP = 'COTRADEDEMOMFASECRETKEY234567ABC';
mkdirSync(out, { recursive: true });

const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function context(lang: 'zh-CN' | 'en') {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'cotrade-shots-')), {
    executablePath,
    args,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: lang,
  });
  await ctx.addInitScript((l) => localStorage.setItem('cotrade.lang', l), lang);
  return ctx;
}

async function signIn(page: Page, email: string, lang: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  const mfa = page.locator('.ant-otp input').first();
  await Promise.race([mfa.waitFor({ timeout: 8000 }).catch(() => {}), page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 8000 }).catch(() => {})]);
  if (await mfa.isVisible().catch(() => false)) {
    await mfa.click();
    await page.keyboard.type(await generate({ secret: DEMO_TOTP }));
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  }
  // the user's remembered language wins after sign-in; put the one we want back
  await page.evaluate(async (l) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('cotrade_csrf='))?.split('=')[1] ?? '';
    await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ lang: l }) });
    localStorage.setItem('cotrade.lang', l);
  }, lang);
}

async function shot(page: Page, name: string, url: string, prepare?: (page: Page) => Promise<void>) {
  if (only && !only.some((o) => name.includes(o))) return;
  await page.goto(`${base}${url}`);
  await page.waitForLoadState('load');
  await page.waitForTimeout(1200);
  if (prepare) await prepare(page);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
  console.log(`${name}.png`);
}

for (const lang of ['zh-CN', 'en'] as const) {
  const tag = lang === 'zh-CN' ? 'zh' : 'en';
  {
    const ctx = await context(lang);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await shot(page, `${tag}-sign-in`, '/sign-in');
    await shot(page, `${tag}-register`, '/register', async (p) => {
      await p.getByTestId('org-uscc').fill('91320000MA1X2Y3Z4');
      await p.getByTestId('register-submit').click();
      await p.waitForTimeout(300);
    });
    await shot(page, `${tag}-invitation-invalid`, '/invitations/not-a-token');
    await ctx.close();
  }
  {
    const ctx = await context(lang);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'operator@cotrade.demo', lang);
    await shot(page, `${tag}-operator-home`, '/operator');
    await shot(page, `${tag}-operator-review`, '/operator/organizations?status=all');
    await shot(page, `${tag}-operator-audit`, '/operator/audit', async (p) => {
      await p.getByTestId('verify-chain').click();
      await p.getByTestId('verify-result').waitFor();
    });
    await shot(page, `${tag}-operator-audit-entry`, '/operator/audit', async (p) => {
      await p.locator('.clickable-row').first().click();
      await p.waitForTimeout(500);
    });
    const orgs = await page.evaluate(async () => (await (await fetch('/api/v1/platform/organizations?status=active&kind=supplier')).json()) as { items: Array<{ id: string }> });
    if (orgs.items[0]) await shot(page, `${tag}-operator-org`, `/operator/organizations/${orgs.items[0].id}`);
    await ctx.close();
  }
  {
    const ctx = await context(lang);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, 'admin@nari.demo', lang);
    await shot(page, `${tag}-buyer-home`, '/buyer');
    await shot(page, `${tag}-users`, '/buyer/settings/users');
    await shot(page, `${tag}-invite`, '/buyer/settings/users', async (p) => {
      await p.getByTestId('invite-user').click();
      await p.waitForTimeout(400);
    });
    await shot(page, `${tag}-edit-user`, '/buyer/settings/users', async (p) => {
      await p.locator('[data-testid^="edit-user-"]').nth(1).click();
      await p.waitForTimeout(400);
    });
    await shot(page, `${tag}-api-keys`, '/supplier/settings/api-keys', async (p) => {
      await p.getByTestId('create-api-key').click();
      await p.waitForTimeout(400);
    });
    await shot(page, `${tag}-audit`, '/supplier/audit');
    await ctx.close();
  }
}
