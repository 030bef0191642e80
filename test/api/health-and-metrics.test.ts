import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiClient, createTestOrg, startTestServer } from '../support/harness.ts';
import { signedIn } from './helpers.ts';

const server = await startTestServer();

test('GET /health answers 200 with the database ok, without signing in', async () => {
  const response = await new ApiClient(server.url).get('/health');
  assert.equal(response.status, 200);
  assert.equal(response.body.status, 'ok');
  assert.equal(response.body.database, 'ok');
  assert.equal(response.body.driver, server.testDb.url ? 'postgres' : 'pglite');
});

/** Parses Prometheus text into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    out.set(match[1]!, Number(match[2]));
  }
  return out;
}

test('GET /metrics counts requests per route and status, with latency histogram buckets', async () => {
  const org = await createTestOrg(server.ctx, ['buyer']);
  const admin = await signedIn(server, org.admin);
  for (let i = 0; i < 3; i++) assert.equal((await admin.get('/api/v1/me')).status, 200);
  const userId = org.users[org.admin]!;
  assert.equal((await admin.get(`/api/v1/organization/users/${userId}`)).status, 200);
  assert.equal((await admin.get('/api/v1/organization/users/usr_NOPE')).status, 404);
  assert.equal((await new ApiClient(server.url).get('/api/v1/me')).status, 401);

  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^text\/plain/);
  const text = await response.text();
  assert.match(text, /# TYPE cotrade_http_requests_total counter/);
  assert.match(text, /# TYPE cotrade_http_request_duration_seconds histogram/);
  const m = parseMetrics(text);

  assert.equal(m.get('cotrade_http_requests_total{method="GET",route="/api/v1/me",status="200"}'), 3);
  assert.equal(m.get('cotrade_http_requests_total{method="GET",route="/api/v1/me",status="401"}'), 1);
  // Routes are labelled by their pattern, not the id, so ids cannot blow up the series count.
  assert.equal(m.get('cotrade_http_requests_total{method="GET",route="/api/v1/organization/users/:userId",status="200"}'), 1);
  assert.equal(m.get('cotrade_http_requests_total{method="GET",route="/api/v1/organization/users/:userId",status="404"}'), 1);
  assert.ok(![...m.keys()].some((k) => k.includes(userId)), 'no series per id');

  const series = 'method="GET",route="/api/v1/me"';
  assert.equal(m.get(`cotrade_http_request_duration_seconds_count{${series}}`), 4);
  assert.equal(m.get(`cotrade_http_request_duration_seconds_bucket{${series},le="+Inf"}`), 4);
  assert.ok((m.get(`cotrade_http_request_duration_seconds_sum{${series}}`) ?? 0) > 0);
  const buckets = [...m.entries()].filter(([k]) => k.startsWith(`cotrade_http_request_duration_seconds_bucket{${series},`));
  assert.ok(buckets.length >= 5, 'several buckets');
  const values = buckets.map(([, v]) => v);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'buckets are cumulative');
  assert.ok((m.get('cotrade_process_resident_memory_bytes') ?? 0) > 0);
});

test('unmatched URLs are counted under one label, not one series per URL', async () => {
  for (let i = 0; i < 3; i++) await fetch(`${server.url}/api/v1/nothing-${i}`);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  assert.ok(!text.includes('nothing-'), 'random paths do not become series');
});

test('GET /health answers 503 when the database is gone', async () => {
  const { keepableTestDatabase } = await import('./helpers.ts');
  const testDb = await keepableTestDatabase();
  const broken = await startTestServer({ testDb });
  await testDb.database.close();
  const response = await new ApiClient(broken.url).get('/health');
  assert.equal(response.status, 503);
  assert.equal(response.body.database, 'unreachable');
  await broken.close().catch(() => {});
  await testDb.destroy();
});
