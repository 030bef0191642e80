import type { ApiPaths } from './api-types.gen.ts';

/**
 * The one HTTP client of the web app: JSON in and out, the session cookie, the CSRF header on
 * unsafe requests, the UI language on every request, and RFC 9457 problems thrown as `ApiProblem`.
 */
export const API_BASE = '/api/v1';
const CSRF_COOKIE = 'cotrade_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type ApiPath = keyof ApiPaths;
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type OpOf<P extends ApiPath, M extends Method> = M extends keyof ApiPaths[P] ? ApiPaths[P][M] : never;
type PathsFor<M extends Method> = { [P in ApiPath]: M extends keyof ApiPaths[P] ? P : never }[ApiPath];
type Field<O, K extends string> = O extends Record<K, infer V> ? V : never;

/** The success body of a route, e.g. `ApiResponse<'/me', 'get'>`. */
export type ApiResponse<P extends ApiPath, M extends Method = 'get'> = Field<OpOf<P, M>, 'response'>;
/** The JSON body of a route. */
export type ApiBody<P extends ApiPath, M extends Method = 'post'> = Field<OpOf<P, M>, 'body'>;
/** The query string of a route. */
export type ApiQuery<P extends ApiPath, M extends Method = 'get'> = Field<OpOf<P, M>, 'query'>;

type Options<O> = ([Field<O, 'params'>] extends [never] ? { params?: undefined } : { params: Field<O, 'params'> }) &
  ([Field<O, 'query'>] extends [never] ? { query?: undefined } : { query?: Partial<Field<O, 'query'>> }) &
  ([Field<O, 'body'>] extends [never] ? { body?: undefined } : { body: Field<O, 'body'> }) & {
    signal?: AbortSignal;
    idempotencyKey?: string;
  };
type Args<O> = [Field<O, 'params'>, Field<O, 'body'>] extends [never, never] ? [options?: Options<O>] : [options: Options<O>];

/** One field-level error of a problem: `pointer` is a JSON pointer into the request body. */
export interface FieldProblem {
  pointer: string;
  in?: string;
  message: string;
}

/** An RFC 9457 problem answered by the server (or made up for a network failure). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(body: Record<string, unknown>, status: number) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    super(title);
    this.name = 'ApiProblem';
    this.status = status;
    this.body = body;
    this.type = typeof body.type === 'string' ? body.type : 'about:blank';
    this.title = title;
    this.detail = typeof body.detail === 'string' ? body.detail : '';
    this.code = typeof body.code === 'string' ? body.code : `http.${status}`;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]).filter((e) => e && typeof e.pointer === 'string') : [];
  }
}

export function isProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

let language = 'zh-CN';
/** Set by the i18n provider: the server answers problems in this language. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

type Listener = (problem: ApiProblem) => void;
const authListeners = new Set<Listener>();
/** Called when the server says the session is gone or no longer enough (401, MFA, inactive org). */
export function onAuthProblem(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function buildUrl(path: string, params?: Record<string, string>, query?: Record<string, unknown>): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new Error(`missing path parameter ${key} for ${path}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    search.set(k, String(v));
  }
  const qs = search.toString();
  return `${API_BASE}${filled}${qs ? `?${qs}` : ''}`;
}

const NETWORK_PROBLEM: Record<string, { title: string; detail: string }> = {
  'zh-CN': { title: '网络错误', detail: '无法连接服务器，请检查网络后重试。' },
  en: { title: 'Network error', detail: 'The server could not be reached. Check the connection and try again.' },
};

async function send(method: string, url: string, body: BodyInit | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  headers['accept-language'] = language;
  headers.accept ??= 'application/json, application/problem+json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    const text = NETWORK_PROBLEM[language] ?? NETWORK_PROBLEM.en!;
    throw new ApiProblem({ ...text, code: 'network.unreachable' }, 0);
  }
  if (!response.ok) {
    let problem: Record<string, unknown> = {};
    try {
      problem = (await response.json()) as Record<string, unknown>;
    } catch {
      problem = { title: `HTTP ${response.status}`, detail: response.statusText };
    }
    const error = new ApiProblem(problem, response.status);
    // GET /me is how the session itself finds out; announcing its 401 would loop.
    if (isAuthProblem(error) && !url.startsWith(`${API_BASE}/me`)) for (const listener of authListeners) listener(error);
    throw error;
  }
  return response;
}

function isAuthProblem(p: ApiProblem): boolean {
  return p.code === 'auth.unauthenticated' || p.code === 'auth.mfa_required' || p.code === 'auth.org_inactive';
}

async function request(method: Method, path: string, options: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal; idempotencyKey?: string } = {}): Promise<unknown> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await send(method.toUpperCase(), buildUrl(path, options.params, options.query), body, headers, options.signal);
  if (response.status === 204) return undefined;
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

function call<M extends Method>(method: M) {
  return <P extends PathsFor<M>>(path: P, ...args: Args<OpOf<P, M>>): Promise<ApiResponse<P, M>> =>
    request(method, path, args[0] as Parameters<typeof request>[2]) as Promise<ApiResponse<P, M>>;
}

export const api = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
  /** multipart/form-data upload (no JSON content type: the browser sets the boundary). */
  async upload<T>(path: ApiPath, form: FormData, params?: Record<string, string>): Promise<T> {
    const response = await send('POST', buildUrl(path, params), form, {});
    return (await response.json()) as T;
  },
  /** Downloads a file through the session and hands it to the browser as a file save. */
  async download(path: ApiPath, params: Record<string, string>, fallbackName: string): Promise<void> {
    const response = await send('GET', buildUrl(path, params), undefined, { accept: '*/*' });
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
    const href = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  },
};
