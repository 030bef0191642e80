// Runs autocannon against one URL and reduces its result to the figures we report.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections?: number;
  durationSeconds?: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}

export interface LoadFigures {
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/**
 * One autocannon run in this thread. Percentiles are exact, computed from every response time
 * (autocannon's own summary has no p95).
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const times: number[] = [];
  // autocannon treats an explicit `undefined` as a value, so only set what was given.
  const tracker = autocannon({
    url: options.url,
    connections: options.connections ?? 64,
    duration: options.durationSeconds ?? 20,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.method ? { method: options.method } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  tracker.on('response', (_client, _status, _bytes, ms) => {
    times.push(ms);
  });
  const result = await tracker;
  const sorted = Float64Array.from(times).sort();
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 100) / 100 : NaN);
  return {
    rps: Math.round(sorted.length / result.duration),
    p50_ms: at(0.5),
    p95_ms: at(0.95),
    p99_ms: at(0.99),
    requests: sorted.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** `--name value` or `--name=value` from a scenario's args. */
export function argValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}
