// Screenshots of the main pages in both languages, for looking at the UI:
//   node --import tsx web/scripts/screenshots.ts [baseUrl=http://localhost:3000] [outDir=.tmp/screenshots]
// Needs a server with the demo data (`npm start`) and Debian's chromium (see STACK.md).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Page } from 'playwright-core';
import { usccCheckChar } from '../src/modules/identity/uscc.ts';

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
  // tsx (esbuild keepNames) wraps functions passed to page.evaluate in a `__name` helper.
  await ctx.addInitScript('window.__name = (f) => f');
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

/** Registers an organisation through the API from inside the page (so the page holds its session). */
async function registerViaPage(page: Page, tag: string, submit: boolean): Promise<string> {
  const first17 = `91320000${String(Date.now() % 1e9).padStart(9, '0')}`.slice(0, 17);
  const uscc = first17 + usccCheckChar(first17);
  await page.goto(`${base}/sign-in`);
  return page.evaluate(
    async ({ uscc, tag, submit }) => {
      const csrf = () => document.cookie.split('; ').find((c) => c.startsWith('cotrade_csrf='))?.split('=')[1] ?? '';
      const r = await fetch('/api/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organization: { name: `苏州示例机电设备有限公司 ${tag}`, nameEn: `Suzhou Sample M&E ${tag}`, uscc, kinds: ['supplier'], region: '江苏省苏州市' }, admin: { name: '示例 管理员', email: `admin-${tag}@sample.test`, password: 'Sample#Passw0rd' } }),
      });
      const reg = (await r.json()) as { organization: { id: string } };
      const form = new FormData();
      form.append('kind', 'business_licence');
      form.append('file', new Blob(['%PDF-1.4 sample'], { type: 'application/pdf' }), '营业执照.pdf');
      await fetch('/api/v1/organization/documents', { method: 'POST', headers: { 'x-csrf-token': csrf() }, body: form });
      if (submit) await fetch('/api/v1/organization/submit', { method: 'POST', headers: { 'x-csrf-token': csrf() } });
      return reg.organization.id;
    },
    { uscc, tag, submit },
  );
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
    await shot(page, `${tag}-sign-in-wrong`, '/sign-in', async (p) => {
      await p.getByTestId('sign-in-email').fill('admin@nari.demo');
      await p.getByTestId('sign-in-password').fill('wrong-password');
      await p.getByTestId('sign-in-submit').click();
      await p.getByTestId('sign-in-error').waitFor();
    });
    await shot(page, `${tag}-register-taken`, '/register', async (p) => {
      await p.getByTestId('org-name').fill('重复邮箱测试有限公司');
      const first17 = `91320000${String(Date.now() % 1e9).padStart(9, '0')}`.slice(0, 17);
      await p.getByTestId('org-uscc').fill(first17 + usccCheckChar(first17));
      await p.getByTestId('admin-name').fill('张三');
      await p.getByTestId('admin-email').fill('admin@nari.demo');
      await p.getByTestId('admin-password').fill('Sample#Passw0rd');
      await p.getByTestId('admin-password-confirm').fill('Sample#Passw0rd');
      await p.getByTestId('register-submit').click();
      await p.waitForTimeout(1200);
      await p.getByTestId('admin-email').scrollIntoViewIfNeeded();
    });
    await ctx.close();
  }
  let pendingOrg = '';
  let rejectCtx: Awaited<ReturnType<typeof context>> | null = null;
  if (!only || only.some((o) => 'registration'.includes(o) || o.includes('registration'))) {
    const ctx = await context(lang);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const stamp = Date.now().toString(36);
    await registerViaPage(page, `d${stamp}`, false);
    await shot(page, `${tag}-registration-draft`, '/registration');
    await ctx.clearCookies();
    pendingOrg = await registerViaPage(page, `p${stamp}`, true);
    await shot(page, `${tag}-registration-pending`, '/registration');
    rejectCtx = ctx;
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
    if (pendingOrg && rejectCtx) {
      await page.goto(`${base}/operator/organizations/${pendingOrg}`);
      await page.getByTestId('org-reject').click();
      await page.getByTestId('review-text').fill(lang === 'en' ? 'The licence scan is unreadable; upload a clearer copy.' : '营业执照扫描件不清晰，请上传清晰的彩色扫描件。');
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `${tag}-operator-reject.png`) });
      await page.getByTestId('review-confirm').click();
      await page.waitForTimeout(800);
      const rp = rejectCtx.pages()[0]!;
      await shot(rp, `${tag}-registration-rejected`, '/registration');
      await rejectCtx.close();
    }
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
    await shot(page, `${tag}-api-key-secret`, '/supplier/settings/api-keys', async (p) => {
      await p.getByTestId('create-api-key').click();
      await p.getByTestId('api-key-name').fill(`ERP ${Date.now().toString(36)}`);
      await p.getByTestId('perm-org.profile.read').check();
      await p.locator('.ant-modal-footer .ant-btn-primary').first().click();
      await p.getByTestId('api-key-secret').waitFor();
      await p.waitForTimeout(400);
    });
    await shot(page, `${tag}-audit`, '/supplier/audit');
    await ctx.close();
  }
  for (const [email, name, url] of [
    ['admin@sf-logistics.demo', 'partner-home', '/partner'],
    ['purchaser@js-grid.demo', 'purchaser-home', '/buyer'],
  ] as const) {
    if (only && !only.some((o) => name.includes(o))) continue;
    const ctx = await context(lang);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await signIn(page, email, lang);
    await shot(page, `${tag}-${name}`, url);
    await ctx.close();
  }
}
