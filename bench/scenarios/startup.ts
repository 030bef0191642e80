// `npm run bench -- startup [--restarts 3]`
// Cold start of `npm start` (node bin/cotrade.mjs serve) to the first 200 from /health on a fresh
// embedded database (initdb, migrations and demo data included), then restarts on that data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argValue } from '../support/load.ts';
import { spawnServer } from '../support/server.ts';

export default async function startup(args: string[]): Promise<Record<string, unknown>> {
  const restarts = Number(argValue(args, 'restarts') ?? 3);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cotrade-bench-startup-'));
  // An empty DATABASE_URL selects the embedded database even if the caller's shell has one.
  const env = { COTRADE_DATA_DIR: dataDir, DATABASE_URL: '', COTRADE_DEMO: '1', COTRADE_WORKERS: '' };
  try {
    const first = await spawnServer({ env });
    const firstMs = Math.round(first.readyMs);
    if (!first.output().includes('Demo accounts')) console.log('warning: the first start printed no demo accounts');
    await first.stop();
    console.log(`first start (fresh embedded database, demo data): ${firstMs} ms`);

    const restartMs: number[] = [];
    for (let i = 0; i < restarts; i++) {
      const again = await spawnServer({ env });
      restartMs.push(Math.round(again.readyMs));
      await again.stop();
      console.log(`restart ${i + 1} on the existing data dir: ${restartMs[i]} ms`);
    }
    const sorted = [...restartMs].sort((a, b) => a - b);
    return { first_start_ms: firstMs, restart_ms: sorted[Math.floor(sorted.length / 2)]!, restarts_ms: restartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
