// The web app's API types (web/src/platform/api-types.gen.ts) must match the route schemas of
// the server: a route the web app is typed against that changes or disappears without the types
// being regenerated fails here, not in a user's browser. Routes not typed yet are only reported.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, renderApiTypes, typedPaths, type OpenApiDoc } from '../../web/scripts/api-types.ts';
import { startTestServer } from '../support/harness.ts';

test('the web app API types match the current OpenAPI document', async (t) => {
  const server = await startTestServer();
  const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDoc;
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const paths = typedPaths(committed);
  const expected = renderApiTypes(doc, paths);
  if (process.env.UPDATE_API_TYPES === '1') writeFileSync(API_TYPES_FILE, expected);
  const untyped = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/') && !paths.has(p.slice('/api/v1'.length)));
  if (untyped.length) t.diagnostic(`${untyped.length} routes have no web types yet (add them with web/scripts/gen-api-types.ts when a page needs them)`);
  assert.ok(
    committed === expected,
    'web/src/platform/api-types.gen.ts no longer matches the route schemas: run `UPDATE_API_TYPES=1 node scripts/run-tests.mjs e2e test/e2e/api-types.test.ts` (or `node --import tsx web/scripts/gen-api-types.ts` against a running server for every route), then `npm run typecheck`, and commit it',
  );
});
