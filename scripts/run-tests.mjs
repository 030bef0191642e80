// Runs the test suite: `node scripts/run-tests.mjs [unit|e2e] [files…]`.
// Builds one migrated database template first (a PGlite data dir, or a PostgreSQL template
// database when TEST_DATABASE_URL / DATABASE_URL is set); each test file copies it.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const mode = process.argv[2] === 'e2e' ? 'e2e' : 'unit';
const explicit = ['unit', 'e2e'].includes(process.argv[2]) ? process.argv.slice(3) : process.argv.slice(2);

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

const all = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))].sort();
const files = explicit.length
  ? explicit
  : all.filter((f) => (mode === 'e2e' ? f.startsWith('test/e2e/') : !f.startsWith('test/e2e/')));
if (!files.length) {
  console.error(`no ${mode} test files found`);
  process.exit(1);
}

const env = { ...process.env, COTRADE_TEST_RUN: String(process.pid) };
const prepare = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/prepare-template.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
if (prepare.status !== 0) {
  console.error('could not prepare the test database template');
  process.exit(1);
}
const prepared = JSON.parse(prepare.stdout.toString().trim().split('\n').pop());
Object.assign(env, prepared);
console.log(`test database: ${prepared.COTRADE_TEST_PG_TEMPLATE ? `PostgreSQL template ${prepared.COTRADE_TEST_PG_TEMPLATE}` : `PGlite template ${prepared.COTRADE_TEST_PGLITE_TEMPLATE}`}; ${files.length} files`);

const concurrency = mode === 'e2e' ? 1 : Number(process.env.TEST_CONCURRENCY ?? 2);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: root, env, stdio: 'inherit' },
);

const cleanup = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/prepare-template.ts'), '--drop'], { cwd: root, env, stdio: 'inherit' });
if (cleanup.status !== 0) console.error('warning: could not drop the test template');
process.exit(result.status ?? 1);
