import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from './audit.ts';
import { hasPermission, type Actor, type Ctx } from './context.ts';
import { query, type Db } from './db.ts';
import { langFromHeader, type Lang } from './i18n.ts';
import { ulid } from './ids.ts';
import { Problem, type FieldError } from './problem.ts';

export const SESSION_COOKIE = 'cotrade_session';
export const CSRF_COOKIE = 'cotrade_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who may call a route. Default (no `access`): a signed-in actor of an active organisation that
 * has passed MFA. `permission` adds an RBAC check. `public` needs nobody.
 */
export interface RouteAccess {
  public?: boolean;
  permission?: string;
  /** Allowed while the session still owes its second factor (the MFA routes themselves). */
  mfaPending?: boolean;
  /** Allowed for an organisation still in review or rejected (its own registration pages). */
  inactiveOrg?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    ctx: Ctx;
    authVia: 'session' | 'api_key' | null;
    csrfToken: string | null;
    idempotency: { scope: string; key: string } | null;
  }
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  userLang: Lang | null;
}

export interface Authenticator {
  fromSession(token: string): Promise<ResolvedSession | null>;
  fromApiKey(token: string): Promise<Actor | null>;
}

const AUTH_PROBLEMS = {
  unauthenticated: 'auth.unauthenticated',
  mfaRequired: 'auth.mfa_required',
  forbidden: 'auth.forbidden',
  csrf: 'auth.csrf_failed',
  orgInactive: 'auth.org_inactive',
} as const;

/** Resolves the actor, language and request id; enforces CSRF, MFA and the route's permission. */
export function registerRequestContext(app: FastifyInstance, db: Db, auth: Authenticator): void {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('authVia', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('idempotency', null);

  app.addHook('onRequest', async (req) => {
    const headerLang = langFromHeader(req.headers['accept-language']);
    req.ctx = { db, actor: null, lang: headerLang ?? 'en', requestId: req.id, ip: req.ip };
    if (!req.url.startsWith('/api/v1/')) return;
    const route = req.routeOptions; // a getter that builds a new object on every read
    if (!route.url) return;
    const access = route.config?.access;

    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const actor = await auth.fromApiKey(authorization.slice(7).trim());
      if (!actor && !access?.public) throw new Problem(AUTH_PROBLEMS.unauthenticated);
      req.ctx.actor = actor;
      req.authVia = actor ? 'api_key' : null;
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      const session = token ? await auth.fromSession(token) : null;
      if (session) {
        req.ctx.actor = session.actor;
        req.authVia = 'session';
        req.csrfToken = session.csrfToken;
        if (!headerLang && session.userLang) req.ctx.lang = session.userLang;
      }
    }

    // Cookie-authenticated writes must echo the CSRF token: a cross-site form cannot read it.
    if (req.authVia === 'session' && UNSAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== req.csrfToken) {
      throw new Problem(AUTH_PROBLEMS.csrf);
    }
    if (access?.public) return;
    const actor = req.ctx.actor;
    if (!actor) throw new Problem(AUTH_PROBLEMS.unauthenticated);
    if (!actor.mfaPassed && !access?.mfaPending) throw new Problem(AUTH_PROBLEMS.mfaRequired);
    if (actor.orgStatus !== 'active' && !access?.inactiveOrg) {
      throw new Problem(AUTH_PROBLEMS.orgInactive, { status: actor.orgStatus ?? 'unknown' });
    }
    if (access?.permission && !hasPermission(actor, access.permission)) {
      throw new Problem(AUTH_PROBLEMS.forbidden, { permission: access.permission });
    }
  });
}

/** Renders every error as RFC 9457 problem+json; only the unexpected becomes a 500. */
export function registerProblemHandler(app: FastifyInstance, spaFallback?: (url: string) => string | null): void {
  app.setErrorHandler((error: FastifyError | Problem, req: FastifyRequest, reply: FastifyReply) => {
    const lang = req.ctx?.lang ?? langFromHeader(req.headers['accept-language']) ?? 'en';
    const problem = toProblem(error, req);
    if (problem.status >= 500) req.log.error({ err: error, requestId: req.id }, 'unhandled error');
    void reply
      .code(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send(problem.toJSON(lang, req.url));
  });
  app.setNotFoundHandler((req, reply) => {
    const html = req.method === 'GET' ? spaFallback?.(req.url) : null;
    if (html) {
      void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
      return;
    }
    const problem = new Problem('request.not_found', { method: req.method, url: req.url.split('?')[0] });
    const lang = langFromHeader(req.headers['accept-language']) ?? 'en';
    void reply.code(404).type('application/problem+json; charset=utf-8').send(problem.toJSON(lang, req.url));
  });
}

function toProblem(error: FastifyError | Problem, req: FastifyRequest): Problem {
  if (error instanceof Problem) return error;
  const fastifyError = error as FastifyError & { validationContext?: FieldError['in'] };
  if (fastifyError.validation) {
    const where = fastifyError.validationContext ?? 'body';
    const errors: FieldError[] = fastifyError.validation.map((v) => {
      const params = v.params as Record<string, unknown>;
      const pointer =
        (v.instancePath || '') +
        (typeof params?.missingProperty === 'string' ? `/${params.missingProperty}` : '') +
        (typeof params?.additionalProperty === 'string' ? `/${params.additionalProperty}` : '');
      return { pointer: pointer || '/', in: where, message: v.message ?? 'is not valid' };
    });
    return new Problem('request.invalid', { count: errors.length }, {}, errors);
  }
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem('request.too_large', { limit: req.routeOptions.bodyLimit ?? 1048576 });
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new Problem('request.unsupported_media_type', { contentType: req.headers['content-type'] ?? 'none' });
  }
  if (status === 429) return new Problem('request.rate_limited', { retryAfterSeconds: 60 });
  if (status === 405) return new Problem('request.method_not_allowed', { method: req.method });
  if (status >= 400 && status < 500) return new Problem('request.malformed', { reason: fastifyError.message });
  return new Problem('internal', { requestId: req.id });
}

/**
 * Idempotency-Key on unsafe requests: the first response is stored and replayed for the same
 * key and request; another request under the same key is a 422; one still running is a 409.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  const LOCK_SECONDS = 60;
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !UNSAFE_METHODS.has(req.method)) return;
    if (key.length < 1 || key.length > 200) {
      throw new Problem('request.invalid', { count: 1 }, {}, [
        { pointer: '/idempotency-key', in: 'headers', message: 'must be 1 to 200 characters' },
      ]);
    }
    const actor = req.ctx.actor;
    const scope = actor ? `${actor.type}:${actor.id}` : `anonymous:${req.ip}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.url}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const inserted = await query(
      db,
      sql`insert into idempotency_keys (scope, key, request_hash, status, locked_until)
          values (${scope}, ${key}, ${requestHash}, 'in_flight', now() + make_interval(secs => ${LOCK_SECONDS}))
          on conflict (scope, key) do nothing returning key`,
    );
    if (inserted.length) {
      req.idempotency = { scope, key };
      return;
    }
    const [row] = await query<{
      request_hash: string;
      status: string;
      response_status: number | null;
      response_headers: Record<string, string> | null;
      response_body: string | null;
      lapsed: boolean;
    }>(
      db,
      sql`select request_hash, status, response_status, response_headers, response_body,
            locked_until < now() as lapsed
          from idempotency_keys where scope = ${scope} and key = ${key}`,
    );
    if (!row) throw new Problem('idempotency.in_flight');
    if (row.request_hash !== requestHash) throw new Problem('idempotency.key_reused', { key });
    if (row.status === 'in_flight') {
      // A first attempt whose process died leaves a lapsed lock: this request takes it over.
      const taken = row.lapsed
        ? await query(
            db,
            sql`update idempotency_keys set locked_until = now() + make_interval(secs => ${LOCK_SECONDS})
                where scope = ${scope} and key = ${key} and status = 'in_flight' and locked_until < now() returning key`,
          )
        : [];
      if (!taken.length) throw new Problem('idempotency.in_flight');
      req.idempotency = { scope, key };
      return;
    }
    void reply
      .code(row.response_status ?? 200)
      .headers({ ...(row.response_headers ?? {}), 'idempotent-replayed': 'true' })
      .send(row.response_body ?? '');
    return reply;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem) return payload;
    req.idempotency = null;
    if (reply.statusCode >= 500 || (payload !== null && payload !== undefined && typeof payload !== 'string')) {
      await query(db, sql`delete from idempotency_keys where scope = ${idem.scope} and key = ${idem.key}`);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'location', 'etag']) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await query(
      db,
      sql`update idempotency_keys set status = 'completed', response_status = ${reply.statusCode},
            response_headers = ${JSON.stringify(headers)}::jsonb, response_body = ${(payload as string | null) ?? ''}
          where scope = ${idem.scope} and key = ${idem.key}`,
    );
    return payload;
  });
}

/** Deeper JSON than any of our bodies needs; deeper input would overflow recursive code (hashing, jsonb). */
export const MAX_JSON_DEPTH = 32;
/** NUL and unpaired surrogates: PostgreSQL cannot store them in text or jsonb. */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** JSON pointer to the first string (or key) PostgreSQL could not store, or null. */
function findUnstorableText(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, pointer] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE_TEXT.test(v)) return pointer || '/';
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (UNSTORABLE_TEXT.test(key)) return childPointer;
        stack.push([child, childPointer]);
      }
    }
  }
  return null;
}

/**
 * Input no route should ever see: JSON nested deeper than MAX_JSON_DEPTH, and text with NUL
 * characters or broken Unicode, anywhere in body, query or path. Both are a 400, not a 500.
 */
export function registerInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parseJson(req, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (isTooDeep(value, MAX_JSON_DEPTH)) return done(new Problem('request.malformed', { reason: `JSON nests deeper than ${MAX_JSON_DEPTH} levels.` }), undefined);
      done(null, value);
    });
  });
  app.addHook('preValidation', async (req) => {
    const parts = [['body', req.body], ['querystring', req.query], ['params', req.params]] as const;
    for (const [where, value] of parts) {
      const pointer = findUnstorableText(value);
      if (pointer !== null) {
        throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer, in: where, message: 'contains a NUL character or invalid Unicode' }]);
      }
    }
  });
  // Ajv coerces "1e400" or "Infinity" in a query to Infinity and lets it pass min/max checks.
  app.addHook('preHandler', async (req) => {
    for (const [where, value] of [['querystring', req.query], ['params', req.params]] as const) {
      for (const [key, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if ([v].flat().some((n) => typeof n === 'number' && !Number.isFinite(n))) {
          throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/${key}`, in: where, message: 'must be a finite number' }]);
        }
      }
    }
  });
}

/** Fastify's own request errors (bad URL encoding, over-long path parameter) as problem+json. */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const problem = new Problem('request.malformed', { reason: error.message });
  const lang = langFromHeader(req.headers['accept-language']) ?? 'en';
  void reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem.toJSON(lang, req.url));
}

/** Requests Node's HTTP parser refuses (headers or URL too large, garbage) as problem+json. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new Problem('request.headers_too_large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new Problem('request.timeout')
        : new Problem('request.malformed', { reason: 'The HTTP request could not be parsed.' });
  const body = JSON.stringify(problem.toJSON('en', ''));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function newRequestId(): string {
  return `req_${ulid()}`;
}
