import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { generate } from 'otplib';
import pg from 'pg';
import { buildPlatform, type BuildOptions, type Platform } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { systemCtx, type Ctx } from '../../src/platform/context.ts';
import { openDatabase, type Database } from '../../src/platform/db.ts';
import { newId } from '../../src/platform/ids.ts';
import { hashPassword } from '../../src/modules/identity/password.ts';
import { seedOrganization } from '../../src/modules/identity/seed.ts';
import { completeUscc } from '../../src/modules/identity/uscc.ts';
import { ROOT, serverUrl, testBaseUrl } from './env.ts';

export const TEST_PASSWORD = 'Test#Passw0rd';

/**
 * Cleanups run once, after every test of the file: registered at import, so the hook sits on the
 * file's root whether servers are started in a test, a `before` hook or a suite.
 */
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed', error));
});
export function onFileEnd(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
export const TEST_TOTP_SECRET = 'COTRADETESTMFASECRETKEY234567ABC';

export interface TestDatabase {
  database: Database;
  /** DATABASE_URL of this test database (PostgreSQL), or undefined for PGlite. */
  url: string | undefined;
  dataDir: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: a copy of the run's template. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const base = testBaseUrl();
  if (base) {
    const template = process.env.COTRADE_TEST_PG_TEMPLATE;
    if (!template) throw new Error('run tests through `npm test` (no COTRADE_TEST_PG_TEMPLATE)');
    const name = `cotrade_t_${process.env.COTRADE_TEST_RUN ?? 'x'}_${newId('d').slice(2).toLowerCase()}`;
    const admin = new pg.Client({ connectionString: serverUrl(base, 'postgres') });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = serverUrl(base, name);
    const database = await openDatabase({ databaseUrl: url, poolSize: 30 });
    return {
      database,
      url,
      dataDir: undefined,
      async drop() {
        await database.close().catch(() => {});
        const c = new pg.Client({ connectionString: serverUrl(base, 'postgres') });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const template = process.env.COTRADE_TEST_PGLITE_TEMPLATE;
  if (!template) throw new Error('run tests through `npm test` (no COTRADE_TEST_PGLITE_TEMPLATE)');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cotrade-test-'));
  cpSync(path.join(template, 'pg'), path.join(dataDir, 'pg'), { recursive: true });
  const database = await openDatabase({ dataDir });
  return {
    database,
    url: undefined,
    dataDir,
    async drop() {
      await database.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const isPostgres = () => Boolean(testBaseUrl());

export interface TestServer {
  url: string;
  platform: Platform;
  db: Database['db'];
  testDb: TestDatabase;
  ctx: Ctx;
  close(): Promise<void>;
}

/**
 * Starts the real server on a random port over a fresh test database, and closes it when the
 * file's tests end. Real HTTP: tests talk to it with `ApiClient`.
 */
export async function startTestServer(options: BuildOptions & { config?: Partial<Config>; testDb?: TestDatabase } = {}): Promise<TestServer> {
  const testDb = options.testDb ?? (await openTestDatabase());
  const config = loadConfig({}, { port: 0, demo: false, logLevel: 'silent', publicUrl: 'http://localhost', ...options.config });
  const platform = await buildPlatform(config, testDb.database, options);
  await platform.start();
  const url = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await platform.app.close();
    await platform.stop();
    await testDb.drop();
  };
  onFileEnd(close);
  return { url, platform, db: testDb.database.db, testDb, ctx: systemCtx(testDb.database.db, 'test'), close };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A browser-like client: keeps cookies, echoes the CSRF token, speaks JSON. */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  bearer: string | null = null;
  lang: string | null = 'en';

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    url: string,
    options: { body?: unknown; headers?: Record<string, string>; raw?: RequestInit['body']; idempotencyKey?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.lang && !headers['accept-language']) headers['accept-language'] = this.lang;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('cotrade_csrf');
    if (csrf && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] ??= csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(new URL(url, this.baseUrl), {
      method,
      headers,
      body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let body: any = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body, text };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, { headers });
  }
  post<T = any>(url: string, body?: unknown, options: { headers?: Record<string, string>; idempotencyKey?: string } = {}) {
    return this.request<T>('POST', url, { body: body ?? {}, ...options });
  }
  patch<T = any>(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, { body, headers });
  }

  /** Signs in; for users with MFA enrolled under TEST_TOTP_SECRET, also passes the second factor. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    const response = await this.post('/api/v1/auth/sign-in', { email, password });
    if (response.status === 200 && response.body.status === 'mfa_required') {
      const code = await generate({ secret: TEST_TOTP_SECRET });
      const verified = await this.post('/api/v1/auth/mfa/verify', { code });
      if (verified.status !== 200) throw new Error(`MFA failed: ${verified.text}`);
    }
    return response;
  }
}

let passwordHash: Promise<string> | null = null;
export function testPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

let orgCounter = 0;
export interface TestOrg {
  orgId: string;
  /** e-mail → user id */
  users: Record<string, string>;
  admin: string;
}

/**
 * Creates an active organisation with an admin and, optionally, users with given roles.
 * Platform users get MFA enrolled with TEST_TOTP_SECRET.
 */
export async function createTestOrg(
  ctx: Ctx,
  kinds: string[],
  extraUsers: Array<{ role: string; email?: string }> = [],
): Promise<TestOrg> {
  const n = ++orgCounter;
  const tag = `${kinds.join('-')}${n}-${Math.random().toString(36).slice(2, 8)}`;
  const isPlatform = kinds.includes('platform');
  const admin = `admin@${tag}.test`;
  const hash = await testPasswordHash();
  const users = [
    { email: admin, name: `Admin ${tag}`, roles: [isPlatform ? 'operator_admin' : 'org_admin'] },
    ...extraUsers.map((u) => ({ email: u.email ?? `${u.role}@${tag}.test`, name: `${u.role} ${tag}`, roles: [u.role] })),
  ];
  const digits = String(Date.now() % 1e7).padStart(7, '0') + String(n).padStart(2, '0');
  const { orgId, userIds } = await seedOrganization(ctx, {
    name: `测试企业 ${tag}`,
    nameEn: `Test org ${tag}`,
    uscc: completeUscc(`91320000${digits}`.slice(0, 17)),
    kinds,
    users: users.map((u) => ({ ...u, passwordHash: hash, mfaSecret: isPlatform ? TEST_TOTP_SECRET : undefined })),
  });
  return { orgId, users: userIds, admin };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `cotrade serve` as a separate OS process (for multi-process and kill tests). */
export async function spawnServerProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/cotrade.mjs'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, COTRADE_DEMO: '0', LOG_LEVEL: 'error', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return; // exited, or killed by a signal
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  onFileEnd(() => stop('SIGKILL'));
  return { url, child, stop };
}
