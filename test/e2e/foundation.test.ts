// Browser end-to-end test of the foundation (issue 2, item 8): an organisation registers in the
// browser and uploads its licence, the operator signs in with MFA and approves it, then its admin
// signs in, switches the language (kept after a reload) and invites a user.
// Runs Debian's chromium through playwright-core against the real server over a fresh test database.
import assert from 'node:assert/strict';
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app.ts';
import { completeUscc } from '../../src/modules/identity/uscc.ts';
import { mailOutbox } from '../../src/platform/schema.ts';
import { ROOT } from '../support/env.ts';
import { ApiClient, createTestOrg, startTestServer, TEST_PASSWORD, TEST_TOTP_SECRET, type TestServer } from '../support/harness.ts';

const SCREENSHOTS = path.join(ROOT, '.tmp', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The server serves web/dist only if it exists when it starts: build it (when stale) first. */
function ensureWebBuild(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-needed.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`web/dist/index.html is missing and could not be built: run \`npm run build:web\` and look at its errors`);
  }
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

/** A tiny but well-formed one-page PDF, standing in for a scanned business licence. */
function licencePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const text = 'BT /F1 24 Tf 72 760 Td (Business licence - e2e test) Tj ET';
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body);
}

let server: TestServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;

before(async () => {
  ensureWebBuild();
  const executablePath = chromiumPath();
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cotrade-e2e-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1366, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
});

after(async () => {
  await context?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `e2e-${name}.png`) });

async function signIn(email: string, totpSecret?: string): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(TEST_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  if (totpSecret) {
    const firstCell = page.locator('.ant-otp input').first();
    await firstCell.waitFor();
    await shot('mfa-step');
    await firstCell.click();
    await page.keyboard.type(await generate({ secret: totpSecret }));
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

async function signOutFromWorkspace(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
}

test('an organisation registers, the operator approves it, and its admin switches language and invites a user', { timeout: 240_000 }, async () => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const uscc = completeUscc(`91320000${String(Date.now() % 1e9).padStart(9, '0')}`.slice(0, 17));
  const adminEmail = `admin-${tag}@e2e.test`;
  const orgName = `江苏端到端测试电气有限公司 ${tag}`;
  const operator = await createTestOrg(server.ctx, ['platform']);

  // 1. Register the organisation in the browser (the browser's language, Chinese).
  await page.goto(`${server.url}/register`);
  await page.getByTestId('org-name').fill(orgName);
  await page.getByTestId('org-name-en').fill(`E2E Electric ${tag}`);
  await page.getByTestId('org-uscc').fill(uscc.slice(0, 17));
  await page.getByTestId('org-uscc').blur();
  await page.getByText('应为 18 位，当前 17 位').waitFor(); // the client-side format hint
  await page.getByTestId('org-uscc').fill(uscc);
  await page.getByText('格式与校验位正确').waitFor();
  await page.getByTestId('org-kind-supplier').click(); // buyer is preselected: buyer and supplier
  await page.getByTestId('admin-name').fill('端到端 管理员');
  await page.getByTestId('admin-email').fill(adminEmail);
  await page.getByTestId('admin-password').fill(TEST_PASSWORD);
  await page.getByTestId('admin-password-confirm').fill(TEST_PASSWORD);
  await shot('register-filled');
  await page.getByTestId('register-submit').click();
  await page.waitForURL((url) => url.pathname === '/registration');

  // 2. Upload the licence and submit for review.
  assert.equal(await page.getByTestId('submit-registration').isDisabled(), true, 'submitting needs a licence first');
  await page.locator('input[type=file]').setInputFiles({ name: 'business-licence.pdf', mimeType: 'application/pdf', buffer: licencePdf() });
  await page.locator('.ant-table').getByText('business-licence.pdf', { exact: true }).waitFor();
  await shot('registration-draft');
  await page.getByTestId('submit-registration').click();
  await page.getByTestId('org-status').filter({ hasText: '待审核' }).waitFor();
  await shot('registration-pending');
  await page.getByTestId('sign-out').click();
  await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));

  // 3. The operator signs in with the TOTP step and approves it from the review queue.
  await signIn(operator.admin, TEST_TOTP_SECRET);
  assert.match(new URL(page.url()).pathname, /^\/operator/);
  await page.goto(`${server.url}/operator/organizations`);
  await page.getByTestId(`review-${uscc}`).click();
  await page.locator('.ant-table').getByText('business-licence.pdf', { exact: true }).waitFor(); // listed for download
  await shot('operator-review');
  await page.getByTestId('org-approve').click();
  await page.getByTestId('review-confirm').click();
  await page.getByTestId('org-status').filter({ hasText: '已认证' }).waitFor();
  await shot('operator-approved');
  await signOutFromWorkspace();

  // 4. The organisation's admin signs in and lands in a workspace with its organisation card.
  await signIn(adminEmail);
  await page.getByTestId('org-card').filter({ hasText: orgName }).waitFor();
  await page.getByTestId('workspace-switch').waitFor(); // buyer and supplier: both workspaces
  await page.getByRole('menuitem', { name: '用户与角色' }).waitFor();
  await shot('admin-home-zh');

  // 5. Switch to English: the UI changes, and stays English after a reload, also with this
  //    browser's own memory cleared (the choice is remembered for the user).
  await page.getByTestId('language-switch').click();
  await page.getByTestId('lang-en').click();
  await page.getByRole('menuitem', { name: 'Users & roles' }).waitFor();
  assert.equal(await page.getByRole('menuitem', { name: '用户与角色' }).count(), 0);
  await page.reload();
  await page.getByRole('menuitem', { name: 'Users & roles' }).waitFor();
  await page.evaluate("localStorage.removeItem('cotrade.lang')");
  await page.reload();
  await page.getByRole('menuitem', { name: 'Users & roles' }).waitFor();
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { user: { lang: string } });
  assert.equal(me.user.lang, 'en');
  await shot('admin-home-en');

  // 6. Invite a user; the invitation appears in the list.
  const invitee = `buyer-${tag}@e2e.test`;
  await page.getByRole('menuitem', { name: 'Users & roles' }).click();
  await page.getByTestId('invite-user').click();
  await page.getByTestId('invite-email').fill(invitee);
  await page.getByTestId('invite-name').fill('Purchaser Li');
  await page.getByTestId('role-purchaser').check();
  await page.getByTestId('invite-send').click();
  const row = page.getByTestId('invitations-table').locator('tr', { hasText: invitee });
  await row.waitFor();
  assert.match(await row.innerText(), /Pending/);
  assert.match(await row.innerText(), /Purchaser/);
  await page.locator('.ant-modal-wrap').first().waitFor({ state: 'hidden' });
  await shot('admin-invited');
});

test('an invited platform user accepts the e-mail link and must enrol in MFA with the QR code step', { timeout: 120_000 }, async () => {
  await context.clearCookies();
  const operator = await createTestOrg(server.ctx, ['platform']);
  const api = new ApiClient(server.url);
  await api.signIn(operator.admin);
  const email = `supervisor-${Date.now().toString(36)}@e2e.test`;
  const invited = await api.post('/api/v1/organization/invitations', { email, roles: ['supervisor'] });
  assert.equal(invited.status, 201, invited.text);
  const [mail] = await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const link = /\/invitations\/[\w-]+/.exec(mail?.body ?? '')?.[0];
  assert.ok(link, `no invitation link in ${mail?.body}`);

  // Signed out, pages speak this browser's last choice (kept in localStorage): English here.
  await page.goto(`${server.url}/sign-in`);
  await page.evaluate("localStorage.setItem('cotrade.lang', 'en')");
  await page.goto(`${server.url}${link}`);
  await page.getByText('Accept invitation').first().waitFor();
  await page.getByTestId('invite-accept-name').fill('监督 审计员');
  await page.getByTestId('invite-accept-password').fill(TEST_PASSWORD);
  await page.getByTestId('invite-accept-confirm').fill(TEST_PASSWORD);
  await shot('invitation-accept');
  await page.getByTestId('invite-accept-submit').click();

  // Platform users must enrol: the secret is shown (with a QR code) and a first code confirms it.
  const secretText = await page.getByTestId('mfa-secret').innerText();
  await page.getByTestId('mfa-qr').waitFor();
  await shot('mfa-enrolment');
  const secret = secretText.replace(/\s/g, '');
  await page.locator('.ant-otp input').first().click();
  await page.keyboard.type(await generate({ secret }));
  await page.waitForURL((url) => url.pathname.startsWith('/operator'));
  // A supervisor reads the whole platform's audit log and verifies the chain.
  await page.goto(`${server.url}/operator/audit`);
  await page.getByTestId('verify-chain').click();
  await page.getByTestId('verify-result').filter({ hasText: 'The hash chain is intact' }).waitFor();
  await shot('supervisor-audit');
});
