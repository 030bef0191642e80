// `npm run bench -- api [--duration 20] [--connections 64] [--workers 2] [--cpu-prof DIR]`
// Authenticated GET /api/v1/me against PostgreSQL, from a server in its own process(es).
// Two server processes (serve --workers 2) by default: on this 2-core machine, shared with
// autocannon and PostgreSQL, they beat one process (which tops out at one core) by ~25%.
import { availableParallelism, loadavg } from 'node:os';
import { freshPgDatabase } from '../support/pg.ts';
import { argValue, runLoad } from '../support/load.ts';
import { spawnServer } from '../support/server.ts';
import { signInHeaders } from '../support/session.ts';

const USER = 'purchaser@js-grid.demo';

export default async function api(args: string[]): Promise<Record<string, unknown>> {
  const durationSeconds = Number(argValue(args, 'duration') ?? 20);
  const connections = Number(argValue(args, 'connections') ?? 64);
  const workers = argValue(args, 'workers') ?? '2';
  const profileDir = argValue(args, 'cpu-prof');

  const database = await freshPgDatabase('cotrade_bench_api');
  console.log(`database ${database.name}`);
  try {
    const server = await spawnServer({
      env: { DATABASE_URL: database.url, COTRADE_DEMO: '1', COTRADE_WORKERS: workers },
      nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    try {
      console.log(`server ready at ${server.url} in ${Math.round(server.readyMs)} ms`);
      const headers = await signInHeaders(server.url, USER);
      const url = `${server.url}/api/v1/me`;
      const probe = await fetch(url, { headers });
      if (probe.status !== 200) throw new Error(`GET /api/v1/me answered ${probe.status}: ${await probe.text()}`);

      // Other work on the machine skews the figures: say how busy it was before we started.
      const loadBefore = Math.round(loadavg()[0]! * 100) / 100;
      console.log(`machine load average (1 min) before the run: ${loadBefore} on ${availableParallelism()} CPUs`);
      // A short warm-up so the JIT, pool connections and caches are in place before measuring.
      await runLoad({ url, headers, connections, durationSeconds: Math.min(3, durationSeconds) });
      let rssPeakMb = 0;
      const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, server.rssMb())), 500);
      const cpuBefore = server.cpuSeconds();
      const figures = await runLoad({ url, headers, connections, durationSeconds });
      const cpuSeconds = server.cpuSeconds() - cpuBefore;
      clearInterval(sampler);
      const rssMb = Math.max(rssPeakMb, server.rssMb());
      console.log(
        `GET /api/v1/me as ${USER}: ${figures.requests} requests in ${durationSeconds} s at concurrency ${connections}` +
          ` (${workers} server processes); errors ${figures.errors}, non-2xx ${figures.non2xx}`,
      );
      if (figures.errors || figures.non2xx) console.log(`warning: ${figures.errors} errors and ${figures.non2xx} non-2xx responses`);
      return {
        rps: figures.rps,
        p50_ms: figures.p50_ms,
        p95_ms: figures.p95_ms,
        p99_ms: figures.p99_ms,
        rss_mb: rssMb,
        // CPU the server spent per request: less sensitive to other load than rps.
        server_cpu_ms_per_request: Math.round((cpuSeconds * 1000 * 1000) / Math.max(1, figures.requests)) / 1000,
        load_avg_before: loadBefore,
        requests: figures.requests,
        errors: figures.errors + figures.non2xx,
        connections,
        duration_s: durationSeconds,
        server_processes: workers === 'auto' ? availableParallelism() : Number(workers),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
