import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  demo: boolean;
  secureCookies: boolean;
  logLevel: string;
  /** Run the job worker and outbox relay in this process (off for pure API replicas). */
  worker: boolean;
  poolSize: number;
}

const truthy = (v: string | undefined, fallback: boolean) =>
  v === undefined || v === '' ? fallback : !['0', 'false', 'no', 'off'].includes(v.toLowerCase());

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.COTRADE_DATA_DIR ?? './data'),
    publicUrl: (env.COTRADE_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    demo: truthy(env.COTRADE_DEMO, true),
    secureCookies: truthy(env.COTRADE_SECURE_COOKIES, false),
    logLevel: env.LOG_LEVEL ?? 'warn',
    worker: truthy(env.COTRADE_WORKER, true),
    poolSize: Number(env.COTRADE_DB_POOL ?? 20),
    ...overrides,
  };
}
