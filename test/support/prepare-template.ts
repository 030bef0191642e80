// Builds (or with --drop, removes) the migrated template that each test file copies.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db.ts';
import { migrationFingerprint, serverUrl, testBaseUrl, TEMPLATE_ROOT } from './env.ts';

const drop = process.argv.includes('--drop');
const baseUrl = testBaseUrl();

if (baseUrl) {
  const template = `cotrade_tpl_${process.env.COTRADE_TEST_RUN ?? process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl(baseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  if (drop) {
    // Test databases of this run are dropped by their files; sweep any left by a crash.
    const { rows } = await admin.query(`select datname from pg_database where datname like $1`, [`cotrade_t_${process.env.COTRADE_TEST_RUN}_%`]);
    for (const r of rows) await admin.query(`drop database if exists "${r.datname}" with (force)`);
    await admin.end();
    process.exit(0);
  }
  await admin.query(`create database ${template}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: serverUrl(baseUrl, template), poolSize: 1 });
  await database.migrate();
  await database.close();
  console.log(JSON.stringify({ COTRADE_TEST_PG_TEMPLATE: template }));
} else {
  const dir = path.join(TEMPLATE_ROOT, `pglite-${migrationFingerprint()}`);
  if (drop) process.exit(0);
  if (!existsSync(path.join(dir, 'ready'))) {
    rmSync(dir, { recursive: true, force: true });
    const building = `${dir}.building-${process.pid}`;
    mkdirSync(building, { recursive: true });
    const database = await openDatabase({ dataDir: building });
    await database.migrate();
    await database.close();
    cpSync(building, dir, { recursive: true });
    rmSync(building, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'ready'));
  }
  console.log(JSON.stringify({ COTRADE_TEST_PGLITE_TEMPLATE: dir }));
}
