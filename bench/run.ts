// `npm run bench -- <scenario> [args…]`: runs bench/scenarios/<scenario>.ts, whose default export
// returns the figures; they are printed last, as one JSON line, so scripts can read them.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const [name, ...args] = process.argv.slice(2);
const dir = path.join(import.meta.dirname, 'scenarios');
const available = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <scenario> [args]\nscenarios: ${available.join(', ')}`);
  process.exit(2);
}
const scenario = (await import(path.join(dir, `${name}.ts`))) as { default: (args: string[]) => Promise<Record<string, unknown>> };
const figures = await scenario.default(args);
console.log(JSON.stringify(figures));
process.exit(0);
