import type { FastifyInstance } from 'fastify';

const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

interface RouteSeries extends Series {
  /** Requests by status code. */
  statuses: Map<number, number>;
}

/** Request counts and latency histograms per route, in Prometheus text format. */
export class HttpMetrics {
  /** route → method → series. Nested maps so observing a request builds no strings. */
  private readonly routes = new Map<string, Map<string, RouteSeries>>();
  private readonly startedAt = Date.now();

  observe(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.routes.get(route);
    if (!byMethod) this.routes.set(route, (byMethod = new Map()));
    let series = byMethod.get(method);
    if (!series) byMethod.set(method, (series = { count: 0, sum: 0, buckets: BUCKETS_SECONDS.map(() => 0), statuses: new Map() }));
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
    series.count++;
    series.sum += seconds;
    for (let i = 0; i < BUCKETS_SECONDS.length; i++) if (seconds <= BUCKETS_SECONDS[i]!) series.buckets[i]!++;
  }

  render(): string {
    const lines: string[] = [];
    const all = [...this.routes].flatMap(([route, byMethod]) => [...byMethod].map(([method, series]) => ({ labels: `method="${method}",route="${route}"`, series })));
    lines.push('# HELP cotrade_http_requests_total HTTP requests by route and status.');
    lines.push('# TYPE cotrade_http_requests_total counter');
    for (const { labels, series } of all) {
      for (const [status, count] of series.statuses) lines.push(`cotrade_http_requests_total{${labels},status="${status}"} ${count}`);
    }
    lines.push('# HELP cotrade_http_request_duration_seconds HTTP request latency by route.');
    lines.push('# TYPE cotrade_http_request_duration_seconds histogram');
    for (const { labels, series } of all) {
      BUCKETS_SECONDS.forEach((le, i) => {
        lines.push(`cotrade_http_request_duration_seconds_bucket{${labels},le="${le}"} ${series.buckets[i]}`);
      });
      lines.push(`cotrade_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${series.count}`);
      lines.push(`cotrade_http_request_duration_seconds_sum{${labels}} ${series.sum}`);
      lines.push(`cotrade_http_request_duration_seconds_count{${labels}} ${series.count}`);
    }
    const memory = process.memoryUsage();
    lines.push('# TYPE cotrade_process_resident_memory_bytes gauge');
    lines.push(`cotrade_process_resident_memory_bytes ${memory.rss}`);
    lines.push('# TYPE cotrade_process_uptime_seconds gauge');
    lines.push(`cotrade_process_uptime_seconds ${(Date.now() - this.startedAt) / 1000}`);
    return `${lines.join('\n')}\n`;
  }
}

export function registerMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
