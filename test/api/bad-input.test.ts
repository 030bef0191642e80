// Bad input, generated from the OpenAPI document for every operation: malformed JSON, wrong
// types, missing fields, oversized strings, deep nesting, text PostgreSQL cannot store, bad
// query and path parameters. Each must be a 4xx problem+json, never a 5xx and never accepted.
// The caller holds the route's permission, so the answer is about the input, not about access.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_JSON_DEPTH } from '../../src/platform/http.ts';
import { encodeCursor } from '../../src/platform/pagination.ts';
import { ApiClient, createTestOrg, startTestServer, type ApiResponse } from '../support/harness.ts';
import { ROLES } from '../../src/modules/identity/roles.ts';
import { operator, signedIn, uniqueEmail } from './helpers.ts';
import { acceptsType, fillPath, loadOpenApi, operationsOf, primaryBranch, sample, walkSchema, withValueAt, type Operation, type Schema } from './openapi.ts';

const server = await startTestServer({ signInLimit: 1_000_000 });
const buyerSupplier = await createTestOrg(server.ctx, ['buyer', 'supplier']);
const orgAdmin = await signedIn(server, buyerSupplier.admin);
const { client: operatorClient } = await operator(server);
const operations = operationsOf(await loadOpenApi(server.url));

interface Case {
  label: string;
  /** Input a route may read leniently (a cursor it did not issue may just give an empty page): anything but a 5xx. */
  lenient?: boolean;
  method?: string;
  url?: string;
  raw?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const permissionsOf = async (client: ApiClient) => new Set<string>((await client.get('/api/v1/me')).body.permissions);

/** Who can hold each permission: a buyer+supplier admin, a partner admin, and every platform role (MFA passed). */
const partner = await createTestOrg(server.ctx, ['partner']);
const platformRoles = [...ROLES.values()].filter((r) => r.party === 'platform' && r.key !== 'operator_admin').map((r) => r.key);
const platform = await createTestOrg(server.ctx, ['platform'], platformRoles.map((role) => ({ role, email: uniqueEmail(role) })));
const actors: Array<{ client: ApiClient; permissions: Set<string> }> = [];
for (const client of [orgAdmin, await signedIn(server, partner.admin), operatorClient, ...(await Promise.all(Object.keys(platform.users).map((email) => signedIn(server, email))))]) {
  actors.push({ client, permissions: await permissionsOf(client) });
}

/**
 * Public routes anonymously; the rest as someone who holds the route's permission, so the answer
 * is about the input, not about access.
 */
function actorFor(op: Operation): ApiClient {
  if (op.isPublic) return new ApiClient(server.url);
  if (!op.permission) return orgAdmin;
  const actor = actors.find((a) => a.permissions.has(op.permission!));
  if (!actor) throw new Error(`${op.id}: no predefined role holds ${op.permission}; grant it to one (grantPermissions) or add an actor in test/api/bad-input.test.ts`);
  return actor.client;
}

const nest = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const nestArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const WRONG_TYPE_CANDIDATES: unknown[] = [12345, 1.5, true, 'text', [], {}, null, [1, 2]];
const BROKEN_TEXT = ['nul \u0000 inside', 'lone \ud800 surrogate'];

function validPathValues(op: Operation): Record<string, string> {
  return Object.fromEntries(op.pathParams.map((p) => [p.name, String(sample(p.schema, `${op.id} ${p.name}`))]));
}

function validQuery(op: Operation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.queryParams) if (p.required) out[p.name] = String(sample(p.schema));
  return out;
}

function urlOf(op: Operation, path: Record<string, string>, queryValues: Record<string, string | string[]>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(queryValues)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const s = qs.toString();
  return fillPath(op.path, path) + (s ? `?${s}` : '');
}

/** Strings longer than allowed, made of a character the schema would otherwise accept. */
function oversized(schema: Schema, example: unknown): string[] {
  const ch = typeof example === 'string' && example.length ? example[0]! : 'a';
  const out = [ch.repeat(100_000)];
  if (schema.maxLength !== undefined) out.unshift(ch.repeat(schema.maxLength + 1));
  return out;
}

function bodyCases(op: Operation): Case[] {
  const cases: Case[] = [
    { label: 'truncated JSON', raw: '{"a":' },
    { label: 'single-quoted JSON', raw: "{'a': 1}" },
    { label: 'trailing garbage', raw: '{"a":1}}' },
    { label: 'empty JSON body', raw: '' },
    { label: `JSON nested ${MAX_JSON_DEPTH + 8} deep`, raw: nest(MAX_JSON_DEPTH + 8) },
    { label: 'JSON nested 100 000 deep', raw: nestArray(100_000) },
    { label: 'JSON nested 100 000 deep with an Idempotency-Key', raw: nestArray(100_000), headers: { 'idempotency-key': `deep-${op.id}` } },
    { label: 'body over the size limit', raw: JSON.stringify({ junk: 'x'.repeat(1100 * 1024) }) },
    { label: 'XML', raw: '<order/>', headers: { 'content-type': 'application/xml' } },
  ];
  const schema = op.jsonBody;
  if (!schema) return cases; // no body is read: only what fails before the handler is bad input here
  const base = sample(schema, op.id);
  for (const root of ['[]', '"text"', '42', 'null', 'true']) {
    if (!acceptsType(schema, JSON.parse(root))) cases.push({ label: `body is ${root}`, raw: root });
  }
  for (const [pointer, node] of walkSchema(schema)) {
    if (!pointer || pointer.includes('(') || pointer.includes('[]') || pointer.includes('*') || pointer.includes('{')) continue;
    const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
    const name = pointer.slice(pointer.lastIndexOf('/') + 1);
    const parent = [...walkSchema(schema)].find(([p]) => p === parentPointer)?.[1];
    const parentValue = parentPointer.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], base);
    if (parentValue === undefined || parentValue === null || typeof parentValue !== 'object') continue; // optional parent not in the sample
    const at = (label: string, value: unknown): Case => ({ label: `${pointer}: ${label}`, body: withValueAt(base, pointer, value) });
    const s = primaryBranch(node);
    if (parent && (parent.required ?? []).includes(name)) cases.push(at('missing required field', undefined));
    for (const candidate of WRONG_TYPE_CANDIDATES) {
      if (!acceptsType(node, candidate)) cases.push(at(`wrong type ${JSON.stringify(candidate)}`, candidate));
    }
    if (s.type === 'string' && !('const' in s)) {
      const example = sample(node);
      for (const long of oversized(s, example)) cases.push(at(`string of ${long.length} characters`, long));
      for (const text of BROKEN_TEXT) cases.push(at(JSON.stringify(text), text));
      if (s.enum || s.format || s.pattern) cases.push(at('value outside the allowed set', '#not-valid#'));
      if (s.minLength) cases.push(at('too short', ''));
    }
    if (Array.isArray(node.anyOf) && node.anyOf.every((b: Schema) => 'const' in b)) cases.push(at('value outside the allowed set', '#not-valid#'));
    if (s.type === 'integer' || s.type === 'number') {
      if (s.minimum !== undefined) cases.push(at('below the minimum', s.minimum - 1));
      if (s.maximum !== undefined) cases.push(at('above the maximum', s.maximum + 1));
      cases.push(at('a huge number', 1e308));
    }
    if (s.type === 'array') {
      const item = sample(s.items ?? {});
      if (s.maxItems !== undefined) {
        cases.push(at(`${s.maxItems + 1} items`, Array.from({ length: s.maxItems + 1 }, (_, i) => (typeof item === 'string' ? `${item}${i}`.slice(-(s.items?.maxLength ?? 64)) : item))));
      }
      if (s.minItems) cases.push(at('empty array', []));
      if (s.uniqueItems) cases.push(at('duplicate items', [item, item]));
      const itemSchema: Schema = s.items ?? {};
      if (itemSchema.enum || itemSchema.pattern || itemSchema.format || (Array.isArray(itemSchema.anyOf) && itemSchema.anyOf.every((b: Schema) => 'const' in b))) {
        cases.push(at('item outside the allowed set', ['#not-valid#']));
      }
      for (const candidate of WRONG_TYPE_CANDIDATES) {
        if (!acceptsType(s.items ?? {}, candidate)) {
          cases.push(at(`item of wrong type ${JSON.stringify(candidate)}`, [candidate]));
          break;
        }
      }
    }
    cases.push(at(`nested ${MAX_JSON_DEPTH + 8} deep`, JSON.parse(nest(MAX_JSON_DEPTH + 8))));
  }
  return cases;
}

function queryCases(op: Operation): Case[] {
  const cases: Case[] = [];
  const path = validPathValues(op);
  const base = validQuery(op);
  for (const p of op.queryParams) {
    const s = primaryBranch(p.schema);
    const at = (label: string, value: string | string[]): Case => ({ label: `?${p.name}: ${label}`, url: urlOf(op, path, { ...base, [p.name]: value }) });
    if (p.required) cases.push({ label: `?${p.name}: missing`, url: urlOf(op, path, Object.fromEntries(Object.entries(base).filter(([k]) => k !== p.name))) });
    for (const text of BROKEN_TEXT.slice(0, 1)) cases.push(at('NUL character', text));
    if (s.type === 'integer' || s.type === 'number') {
      cases.push(at('not a number', 'abc'), at('empty', ''), at('two values', ['1', '2']), at('huge', '1e400'));
      if (s.type === 'integer') cases.push(at('fraction', '1.5'));
      if (s.minimum !== undefined) cases.push(at('below the minimum', String(s.minimum - 1)));
      if (s.maximum !== undefined) cases.push(at('above the maximum', String(s.maximum + 1)));
    }
    if (s.type === 'string' || s.anyOf || s.enum) {
      if (s.maxLength !== undefined) cases.push(at(`${s.maxLength + 1} characters`, 'a'.repeat(s.maxLength + 1)));
      cases.push(at('100 000 characters', 'a'.repeat(100_000)));
      if (s.enum || s.anyOf || s.const !== undefined) cases.push(at('value outside the allowed set', '#not-valid#'));
    }
    if (p.name === 'cursor') {
      const forged = [
        '!!!',
        encodeCursor({} as unknown as unknown[]),
        encodeCursor(['not a time', 'x']),
        encodeCursor(['2026-01-01T00:00:00.000Z']),
        encodeCursor([1e300]),
        encodeCursor([null, null]),
        encodeCursor(['x']),
        encodeCursor([{ a: 1 }, ['b']]),
        encodeCursor(['2026-01-01T00:00:00.000Z', 'x'.repeat(300)]),
      ];
      for (const cursor of forged) cases.push({ ...at(`forged cursor ${Buffer.from(cursor, 'base64url').toString().slice(0, 40)}`, cursor), lenient: true });
    }
  }
  return cases;
}

function pathCases(op: Operation): Case[] {
  const cases: Case[] = [];
  const base = validPathValues(op);
  for (const p of op.pathParams) {
    const s = primaryBranch(p.schema);
    const raw = (label: string, encoded: string): Case => ({
      label: `{${p.name}}: ${label}`,
      url: fillPath(op.path, base).replace(encodeURIComponent(base[p.name]!), encoded),
    });
    if (s.maxLength !== undefined) cases.push(raw(`${s.maxLength + 1} characters`, 'a'.repeat(s.maxLength + 1)));
    cases.push(raw('100 000 characters', 'a'.repeat(100_000)));
    cases.push(raw('NUL character', 'a%00b'));
    cases.push(raw('broken percent-encoding', '%E0%A4%A'));
    cases.push(raw('lone surrogate', '%ED%A0%80'));
  }
  return cases;
}

async function send(op: Operation, c: Case): Promise<ApiResponse> {
  const client = actorFor(op);
  const method = c.method ?? op.method;
  const url = c.url ?? urlOf(op, validPathValues(op), validQuery(op));
  const headers: Record<string, string> = { ...c.headers };
  if (c.raw !== undefined) {
    headers['content-type'] ??= 'application/json';
    return client.request(method, url, { raw: c.raw, headers });
  }
  return client.request(method, url, { body: c.body, headers });
}

function check(op: Operation, c: Case, response: ApiResponse, failures: string[]): void {
  const type = response.headers.get('content-type') ?? '';
  if (c.lenient && response.status < 400) return;
  if (response.status < 400 || response.status >= 500 || !type.includes('application/problem+json')) {
    failures.push(`${op.id} — ${c.label}: ${response.status} ${type} ${response.text.slice(0, 160)}`);
  }
}

test('the OpenAPI document lists the operations', () => {
  assert.ok(operations.length >= 30, `only ${operations.length} operations`);
});

for (const op of operations) {
  test(`${op.id} answers bad input with a 4xx problem`, async () => {
    const unsafe = op.method !== 'GET' && op.method !== 'HEAD';
    const cases = [...(unsafe ? bodyCases(op) : []), ...queryCases(op), ...pathCases(op)];
    const failures: string[] = [];
    for (const c of cases) check(op, c, await send(op, c), failures);
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases`);
    // The actor is still signed in: nothing above was taken as a real request.
    if (!op.isPublic) assert.equal((await actorFor(op).get('/api/v1/me')).status, 200);
  });
}

test('validation problems name each bad field with a JSON pointer', async () => {
  const response = await new ApiClient(server.url).post('/api/v1/registrations', {
    organization: { name: 'x', uscc: 'x', kinds: ['buyer'] },
    admin: { name: 'x', email: 'not-an-email', password: 'x' },
  });
  assert.equal(response.status, 400);
  assert.equal(response.body.code, 'request.invalid');
  assert.deepEqual(response.body.errors, [{ pointer: '/admin/email', in: 'body', message: response.body.errors[0].message }]);
  const missing = await orgAdmin.post('/api/v1/organization/invitations', { roles: ['purchaser'] });
  assert.deepEqual(missing.body.errors.map((e: { pointer: string }) => e.pointer), ['/email']);
});

test('a float sent for a string field is refused, not converted', async () => {
  const response = await orgAdmin.patch('/api/v1/me', { name: 12.5 });
  assert.equal(response.status, 400);
  assert.equal(response.body.errors[0].pointer, '/name');
  assert.notEqual((await orgAdmin.get('/api/v1/me')).body.user.name, '12.5');
});

test('unknown routes and methods are problems too', async () => {
  const unknown = await orgAdmin.get('/api/v1/no-such-route');
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type')!, /problem\+json/);
  const method = await orgAdmin.request('DELETE', '/api/v1/me');
  assert.ok(method.status === 404 || method.status === 405);
  assert.match(method.headers.get('content-type')!, /problem\+json/);
});

// A request schema is a contract on input size too: every string is bounded, so nobody can add
// a field that takes a megabyte of text into a column or a log line.
const BOUNDED_FORMATS = new Set(['date-time', 'date', 'time', 'uuid', 'ipv4', 'ipv6']);
test('every string, array and map in every request schema has a bound', () => {
  const unbounded: string[] = [];
  for (const op of operations) {
    const schemas: Array<[string, Schema]> = [
      ...(op.jsonBody ? [['body', op.jsonBody] as [string, Schema]] : []),
      ...[...op.pathParams, ...op.queryParams].map((p) => [`${p.in} ${p.name}`, p.schema] as [string, Schema]),
    ];
    for (const [where, schema] of schemas) {
      for (const [pointer, node] of walkSchema(schema)) {
        const types = Array.isArray(node.type) ? node.type : [node.type];
        const label = `${op.id} ${where}${pointer}`;
        if (types.includes('string') && node.maxLength === undefined && !('const' in node) && !node.enum && !BOUNDED_FORMATS.has(node.format)) {
          unbounded.push(`${label}: string without maxLength`);
        }
        if (types.includes('array') && node.maxItems === undefined) unbounded.push(`${label}: array without maxItems`);
        const isMap = node.additionalProperties && typeof node.additionalProperties === 'object';
        if ((isMap || node.patternProperties) && node.maxProperties === undefined) unbounded.push(`${label}: map without maxProperties`);
      }
    }
  }
  assert.deepEqual(unbounded, [], 'add maxLength / maxItems / maxProperties (see Str() in src/platform/schemas.ts)');
});
