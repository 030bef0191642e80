// Reads the served OpenAPI document and makes values from its schemas: the walkers that test
// every route (tenant isolation, bad input) are built on this, so new routes are covered as
// soon as they are registered.
import { ApiClient } from '../support/harness.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI path with `{param}` placeholders. */
  path: string;
  id: string;
  permission: string | undefined;
  isPublic: boolean;
  /** Platform-only: guarded by a `platform.*` permission. */
  isPlatform: boolean;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request body schema, if the operation declares one. */
  jsonBody: Schema | null;
  raw: Schema;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function loadOpenApi(baseUrl: string): Promise<Schema> {
  const response = await new ApiClient(baseUrl).get('/api/openapi.json');
  if (response.status !== 200) throw new Error(`GET /api/openapi.json: ${response.status}`);
  return response.body;
}

export function operationsOf(document: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const permission: string | undefined = op['x-permission'];
      out.push({
        method: method.toUpperCase(),
        path,
        id: `${method.toUpperCase()} ${path}`,
        permission,
        isPublic: !op.security,
        isPlatform: Boolean(permission?.startsWith('platform.')),
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        jsonBody: op.requestBody?.content?.['application/json']?.schema ?? null,
        raw: op,
      });
    }
  }
  return out;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

/** The JSON type of a value, as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The JSON types a schema can accept (looking through anyOf/oneOf/allOf, const and enum). */
export function typesOf(schema: Schema): Set<string> {
  const out = new Set<string>();
  const add = (s: Schema) => {
    if (!s || typeof s !== 'object' || Object.keys(s).length === 0) {
      for (const t of ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object']) out.add(t);
      return;
    }
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) add(branch);
    if ('const' in s) out.add(jsonType(s.const));
    if (Array.isArray(s.enum)) for (const v of s.enum) out.add(jsonType(v));
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    for (const t of types) {
      out.add(t);
      if (t === 'number') out.add('integer');
    }
    if (s.nullable) out.add('null');
  };
  add(schema);
  return out;
}

export function acceptsType(schema: Schema, value: unknown): boolean {
  const types = typesOf(schema);
  const t = jsonType(value);
  return types.has(t) || (t === 'integer' && types.has('number'));
}

/** A schema with its anyOf/oneOf narrowed to the first branch that is not null. */
export function primaryBranch(schema: Schema): Schema {
  const branches: Schema[] = schema.anyOf ?? schema.oneOf ?? [];
  if (!branches.length) return schema;
  return primaryBranch(branches.find((b) => b.type !== 'null') ?? branches[0]!);
}

// Strings that satisfy the patterns in use; a new pattern fails loudly until one is added here.
const PATTERN_SAMPLES = ['123456', '100.00', '0.05', '10', '10-0001', '1001', 'abc123', 'ABC123', 'sample', 'a', '1', '2026-01-01', '2026-01', 'x_1', 'CNY', 'A1', 'draft'];

let counter = 0;
/** A value valid for the schema: required properties only, the first branch of a union. */
export function sample(schema: Schema, where = '#'): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  const s = primaryBranch(schema);
  if (s !== schema) return sample(s, where);
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const n = ++counter;
      if (s.format === 'email') return `sample${n}@example.test`;
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'date') return '2026-01-01';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 64;
      if (s.pattern) {
        const re = new RegExp(s.pattern, 'u');
        const found = PATTERN_SAMPLES.find((c) => re.test(c) && c.length >= min && c.length <= max);
        if (found === undefined) throw new Error(`no sample string for pattern ${s.pattern} at ${where}: add one to PATTERN_SAMPLES in test/api/openapi.ts`);
        return found;
      }
      return `s${n}${'x'.repeat(Math.max(0, min))}`.slice(0, Math.max(min, Math.min(max, 12)));
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return s.maximum !== undefined ? Math.min(min, s.maximum) : min;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const items = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: items }, (_, i) => sample(s.items ?? {}, `${where}/${i}`));
    }
    case 'object':
    default: {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = sample(s.properties?.[name] ?? {}, `${where}/${name}`);
      return out;
    }
  }
}

/** Every sub-schema of a request schema, with its JSON pointer. */
export function* walkSchema(schema: Schema, pointer = ''): Generator<[string, Schema]> {
  if (!schema || typeof schema !== 'object') return;
  yield [pointer, schema];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const [i, branch] of ((schema[key] as Schema[] | undefined) ?? []).entries()) yield* walkSchema(branch, `${pointer}(${key}[${i}])`);
  }
  for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) yield* walkSchema(child, `${pointer}/${name}`);
  for (const [name, child] of Object.entries<Schema>(schema.patternProperties ?? {})) yield* walkSchema(child, `${pointer}/{${name}}`);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') yield* walkSchema(schema.additionalProperties, `${pointer}/*`);
  if (schema.items && typeof schema.items === 'object') yield* walkSchema(schema.items, `${pointer}/[]`);
}

/** Sets a value at a JSON pointer inside a clone of `base`; `undefined` deletes it. */
export function withValueAt(base: unknown, pointer: string, value: unknown): unknown {
  const clone = structuredClone(base) as Record<string, unknown>;
  const parts = pointer.split('/').slice(1);
  let node = clone;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return clone;
}
