// postinstall: build the web app so `npm start` serves it. Skipped when there is no web/ source yet
// or when the build is already newer than every source file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');
if (!existsSync(path.join(web, 'index.html'))) process.exit(0);
if (!existsSync(path.join(root, 'node_modules', 'vite'))) process.exit(0);

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}
if (existsSync(dist) && statSync(dist).mtimeMs >= newest(web) && process.env.FORCE_WEB_BUILD !== '1') process.exit(0);
execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
