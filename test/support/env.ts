import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../../src/platform/db.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const TEMPLATE_ROOT = path.join(ROOT, '.tmp', 'test-templates');

/** The PostgreSQL server tests run against, if any (TEST_DATABASE_URL wins over DATABASE_URL). */
export function testBaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function serverUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Changes whenever a migration changes, so a stale PGlite template is rebuilt. */
export function migrationFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
