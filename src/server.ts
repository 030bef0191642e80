import { buildPlatform, type BuildOptions, type Platform } from './app.ts';
import type { Config } from './config.ts';
import { systemCtx } from './platform/context.ts';
import { openDatabase } from './platform/db.ts';
import { formatDemoAccounts, seedDemo } from './demo/seed.ts';

export interface RunningServer {
  platform: Platform;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, loads demo data on an empty database, then listens. */
export async function startServer(config: Config, options: BuildOptions & { quiet?: boolean } = {}): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  await database.migrate();
  if (config.demo) {
    const accounts = await seedDemo(systemCtx(database.db, 'demo-seed'));
    if (accounts && !options.quiet) console.log(formatDemoAccounts(accounts));
  }
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
