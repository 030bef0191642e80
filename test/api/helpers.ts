// Factories and small tools shared by the API tests. Everything goes through real HTTP and a
// real database; the only fake is the mail transport (mail leaves the machine in production).
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { MailMessage, MailTransport } from '../../src/platform/mail.ts';
import { mailOutbox } from '../../src/platform/schema.ts';
import { completeUscc } from '../../src/modules/identity/uscc.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { migrationFingerprint, ROOT, TEMPLATE_ROOT } from '../support/env.ts';
import { ApiClient, createTestOrg, openTestDatabase, TEST_PASSWORD, type TestDatabase, type TestOrg, type TestServer } from '../support/harness.ts';

export const STRONG_PASSWORD = 'Str0ng#Passw0rd!';

/** Captures what the mail job hands to the transport, instead of the log. */
export function fakeMailbox(): MailTransport & { sent: Array<MailMessage & { id: string }> } {
  const sent: Array<MailMessage & { id: string }> = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}

/** A valid unified social credit code nobody else in this run has. */
export function randomUscc(): string {
  const digits = Array.from({ length: 15 }, () => String(randomInt(10))).join('');
  return completeUscc(`91${digits}`);
}

export function uniqueEmail(label = 'user'): string {
  return `${label}.${Date.now().toString(36)}${randomInt(1e9).toString(36)}@example.test`;
}

/** Polls until `check` returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function signedIn(server: TestServer, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const response = await client.signIn(email, password);
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${response.text}`);
  return client;
}

/** The platform organisation with an operator admin whose session has passed MFA. */
export async function operator(server: TestServer, extraUsers: Array<{ role: string; email?: string }> = []): Promise<{ org: TestOrg; client: ApiClient }> {
  const org = await createTestOrg(server.ctx, ['platform'], extraUsers);
  return { org, client: await signedIn(server, org.admin) };
}

export interface Registration {
  client: ApiClient;
  orgId: string;
  adminEmail: string;
  uscc: string;
}

/** Registers an organisation through the public API; the returned client holds its admin's session. */
export async function registerOrg(server: { url: string }, kinds: string[] = ['buyer']): Promise<Registration> {
  const client = new ApiClient(server.url);
  const adminEmail = uniqueEmail('admin');
  const uscc = randomUscc();
  const response = await client.post('/api/v1/registrations', {
    organization: { name: `注册企业 ${uscc}`, uscc, kinds },
    admin: { name: 'First Admin', email: adminEmail, password: STRONG_PASSWORD },
  });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${response.text}`);
  return { client, orgId: response.body.organization.id, adminEmail, uscc };
}

/** A tiny but real PDF, as a browser would upload it. */
export function licenceForm(kind = 'business_licence', filename = 'licence.pdf', type = 'application/pdf'): FormData {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type }), filename);
  return form;
}

export async function uploadLicence(client: ApiClient, form = licenceForm()) {
  return client.request('POST', '/api/v1/organization/documents', { raw: form });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/cotrade.mjs …` as its own process. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _url, COTRADE_DATA_DIR: _dir, ...inherited } = process.env;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/cotrade.mjs'), ...args], {
      cwd: ROOT,
      env: { ...inherited, COTRADE_DEMO: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cotrade ${args.join(' ')} timed out: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment that points the CLI or a server process at this test database. */
export function databaseEnv(testDb: TestDatabase): Record<string, string> {
  return testDb.url ? { DATABASE_URL: testDb.url } : { COTRADE_DATA_DIR: testDb.dataDir! };
}

/**
 * A test database whose `drop` only closes it, so a server can be stopped and the data handed
 * to another process (PGlite is single-process). Call `destroy` to really remove it.
 */
export async function keepableTestDatabase(): Promise<TestDatabase & { destroy(): Promise<void> }> {
  const real = await openTestDatabase();
  return {
    ...real,
    drop: () => real.database.close().catch(() => {}),
    destroy: () => real.drop(),
  };
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export async function mailTo(server: TestServer, to: string) {
  return server.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
}

/** The invitation token from the link in an e-mail body. */
export function tokenFromMail(body: string): string {
  const match = /\/invitations\/([A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no invitation link in: ${body}`);
  return match[1]!;
}

/**
 * A migrated, empty PGlite data directory, also when the run is on PostgreSQL (for the embedded
 * server and cross-driver backups). Copies the run's template, building one if there is none.
 */
export async function freshPgliteDir(): Promise<string> {
  let template = process.env.COTRADE_TEST_PGLITE_TEMPLATE;
  if (!template) {
    template = path.join(TEMPLATE_ROOT, `pglite-${migrationFingerprint()}`);
    if (!existsSync(path.join(template, 'ready'))) {
      const building = `${template}.building-${process.pid}-${randomInt(1e9)}`;
      mkdirSync(building, { recursive: true });
      const database = await openDatabase({ dataDir: building });
      await database.migrate();
      await database.close();
      mkdirSync(path.join(building, 'ready'));
      try {
        renameSync(building, template);
      } catch {
        rmSync(building, { recursive: true, force: true }); // another file built it first
      }
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cotrade-pglite-'));
  cpSync(path.join(template, 'pg'), path.join(dir, 'pg'), { recursive: true });
  return dir;
}
