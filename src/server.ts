import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { buildPlatform, type BuildOptions, type Platform } from './app.ts';
import type { Config } from './config.ts';
import { systemCtx } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { formatDemoAccounts, seedDemo } from './demo/seed.ts';

export interface RunningServer {
  platform: Platform;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions extends BuildOptions {
  quiet?: boolean;
  /** Migrate and load demo data before listening (default). Cluster workers leave it to the primary. */
  prepare?: boolean;
}

/** Migrates, then loads the demo marketplace if configured and the database is empty. */
async function prepareDatabase(config: Config, database: Database, quiet: boolean): Promise<void> {
  await database.migrate();
  if (config.demo) {
    const accounts = await seedDemo(systemCtx(database.db, 'demo-seed'));
    if (accounts && !quiet) console.log(formatDemoAccounts(accounts));
  }
}

/** Opens the database, migrates, loads demo data on an empty database, then listens. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  if (options.prepare !== false) await prepareDatabase(config, database, options.quiet ?? false);
  const platform = await buildPlatform(config, database, options);
  await platform.start();
  const address = await platform.app.listen({ port: config.port, host: config.host });
  if (!options.quiet) console.log(`Cotrade listening on ${address} (${database.driver}${database.dataDir ? `, data in ${database.dataDir}` : ''})`);
  let closing: Promise<void> | null = null;
  return {
    platform,
    url: address,
    close() {
      closing ??= (async () => {
        await platform.app.close();
        await platform.stop();
        await database.close();
      })();
      return closing;
    },
  };
}

/** `COTRADE_WORKERS` / `serve --workers`: a count, or `auto` for one per CPU. Default 1. */
export function workerCount(value: string | undefined): number {
  if (!value) return 1;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`workers must be a number from 1 to 64 or "auto", not "${value}"`);
  return n;
}

/**
 * Runs `workers` server processes on one port with node:cluster. The primary migrates and loads
 * demo data once, then forks; each worker runs the whole app: API, event listener and job worker
 * (jobs are claimed with FOR UPDATE SKIP LOCKED, so two workers never run the same one). A worker
 * that dies after it started is replaced. Needs PostgreSQL: the embedded database is one process.
 */
export async function startCluster(config: Config, workers: number): Promise<{ close(): Promise<void> }> {
  if (!cluster.isPrimary) throw new Error('startCluster runs in the primary process');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await prepareDatabase(config, database, false);
  } finally {
    await database.close();
  }

  let stopping = false;
  const listening = new Set<Worker>();
  const fork = () => cluster.fork();
  const allListening = new Promise<void>((resolve, reject) => {
    cluster.on('listening', (worker) => {
      listening.add(worker);
      if (listening.size === workers) resolve();
    });
    cluster.on('exit', (worker, code, signal) => {
      const started = listening.delete(worker);
      if (stopping) return;
      if (!started) {
        reject(new Error(`a server worker failed to start (exit code ${code ?? signal})`));
        return;
      }
      console.error(`server worker ${worker.process.pid} exited (${code ?? signal}); starting a new one`);
      fork();
    });
  });
  for (let i = 0; i < workers; i++) fork();
  try {
    await allListening;
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    throw error;
  }
  console.log(`Cotrade listening on http://${config.host}:${config.port} (postgres, ${workers} server processes)`);

  return {
    async close() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => worker.process.kill('SIGKILL'), 15_000);
              worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
