// Writes web/src/platform/api-types.gen.ts from a running server's OpenAPI document:
//   node --import tsx web/scripts/gen-api-types.ts [http://localhost:3000/api/openapi.json | file.json]
// Run it after changing a route schema and commit the result; test/e2e/api-types.test.ts fails
// while the file is stale (it can also rewrite it: UPDATE_API_TYPES=1).
import { readFileSync, writeFileSync } from 'node:fs';
import { API_TYPES_FILE, renderApiTypes, type OpenApiDoc } from './api-types.ts';

const source = process.argv[2] ?? 'http://localhost:3000/api/openapi.json';
const doc = (/^https?:/.test(source) ? await (await fetch(source)).json() : JSON.parse(readFileSync(source, 'utf8'))) as OpenApiDoc;
writeFileSync(API_TYPES_FILE, renderApiTypes(doc));
console.log(`wrote ${API_TYPES_FILE}`);
