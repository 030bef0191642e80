import { format, type Lang, type Text } from './i18n.ts';

export interface FieldError {
  /** JSON pointer into the request part named by `in`, e.g. `/admin/email`. */
  pointer: string;
  in: 'body' | 'querystring' | 'params' | 'headers';
  message: string;
}

export interface ProblemType {
  status: number;
  title: Text;
  detail: Text;
}

const registry = new Map<string, ProblemType>();

/**
 * Registers problem types. Each module calls this from its errors.ts with one entry per code:
 * the code is stable and becomes the `type` URI, title is fixed, detail takes `{params}`.
 */
export function defineProblems<T extends Record<string, ProblemType>>(types: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, type] of Object.entries(types)) {
    registry.set(code, type);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function problemTypeUri(code: string): string {
  return `https://cotrade.dev/problems/${code.replace(/\./g, '/')}`;
}

/** A problem a service throws on purpose; the error handler renders it as RFC 9457 JSON. */
export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly extra: Record<string, unknown> = {},
    readonly errors?: FieldError[],
  ) {
    const type = registry.get(code);
    if (!type) throw new Error(`unregistered problem code ${code}`);
    super(format(type.detail.en, params));
    this.status = type.status;
  }

  toJSON(lang: Lang, instance: string): Record<string, unknown> {
    const type = registry.get(this.code)!;
    return {
      type: problemTypeUri(this.code),
      title: type.title[lang],
      status: this.status,
      detail: format(type.detail[lang], this.params),
      instance,
      code: this.code,
      ...this.extra,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const P = defineProblems({
  'request.invalid': {
    status: 400,
    title: { en: 'The request is not valid', 'zh-CN': '请求参数无效' },
    detail: { en: '{count} field(s) failed validation.', 'zh-CN': '有 {count} 个字段未通过校验。' },
  },
  'request.malformed': {
    status: 400,
    title: { en: 'The request could not be read', 'zh-CN': '无法解析请求' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  'request.too_large': {
    status: 413,
    title: { en: 'The request body is too large', 'zh-CN': '请求内容过大' },
    detail: { en: 'The body exceeds {limit} bytes.', 'zh-CN': '请求内容超过 {limit} 字节。' },
  },
  'request.headers_too_large': {
    status: 431,
    title: { en: 'Request headers too large', 'zh-CN': '请求头过大' },
    detail: { en: 'The URL or headers exceed the server limit.', 'zh-CN': '请求地址或请求头超出服务器限制。' },
  },
  'request.timeout': {
    status: 408,
    title: { en: 'Request timeout', 'zh-CN': '请求超时' },
    detail: { en: 'The request was not received in time.', 'zh-CN': '未能及时收到完整请求。' },
  },
  'request.unsupported_media_type': {
    status: 415,
    title: { en: 'Unsupported content type', 'zh-CN': '不支持的内容类型' },
    detail: { en: 'Content type {contentType} is not accepted here.', 'zh-CN': '此处不接受内容类型 {contentType}。' },
  },
  'request.not_found': {
    status: 404,
    title: { en: 'Not found', 'zh-CN': '未找到' },
    detail: { en: 'No route {method} {url}.', 'zh-CN': '没有路由 {method} {url}。' },
  },
  'request.method_not_allowed': {
    status: 405,
    title: { en: 'Method not allowed', 'zh-CN': '不允许的请求方法' },
    detail: { en: '{method} is not allowed here.', 'zh-CN': '此处不允许 {method}。' },
  },
  'request.rate_limited': {
    status: 429,
    title: { en: 'Too many requests', 'zh-CN': '请求过于频繁' },
    detail: { en: 'Try again in {retryAfterSeconds} seconds.', 'zh-CN': '请在 {retryAfterSeconds} 秒后重试。' },
  },
  'resource.not_found': {
    status: 404,
    title: { en: 'Not found', 'zh-CN': '未找到' },
    detail: { en: 'No {resource} with id {id}.', 'zh-CN': '找不到 {resource}（{id}）。' },
  },
  'resource.version_conflict': {
    status: 409,
    title: { en: 'The record was changed by someone else', 'zh-CN': '记录已被他人修改' },
    detail: {
      en: 'You edited version {expected} but the {resource} is now at version {actual}. Reload and try again.',
      'zh-CN': '您编辑的是第 {expected} 版，但该{resource}已是第 {actual} 版。请刷新后重试。',
    },
  },
  'resource.precondition_failed': {
    status: 412,
    title: { en: 'Precondition failed', 'zh-CN': '前置条件不满足' },
    detail: {
      en: 'If-Match {expected} does not match the current ETag {actual}.',
      'zh-CN': 'If-Match {expected} 与当前 ETag {actual} 不符。',
    },
  },
  'state.transition_not_allowed': {
    status: 409,
    title: { en: 'This action is not allowed in the current state', 'zh-CN': '当前状态下不允许此操作' },
    detail: {
      en: 'Cannot {command} a {resource} that is {state}.',
      'zh-CN': '{resource}当前为“{state}”，不能执行“{command}”。',
    },
  },
  'idempotency.key_reused': {
    status: 422,
    title: { en: 'Idempotency key reused with a different request', 'zh-CN': '幂等键被用于不同的请求' },
    detail: {
      en: 'The key {key} was first used with a different method, path or body.',
      'zh-CN': '幂等键 {key} 首次使用时的方法、路径或内容与本次不同。',
    },
  },
  'idempotency.in_flight': {
    status: 409,
    title: { en: 'The first request with this idempotency key is still running', 'zh-CN': '使用该幂等键的首个请求仍在处理中' },
    detail: { en: 'Retry after a moment to get its result.', 'zh-CN': '请稍后重试以获取其结果。' },
  },
  /** No valid session or API key: sign in, or send a valid key. */
  'auth.unauthenticated': {
    status: 401,
    title: { en: 'Sign-in required', 'zh-CN': '需要登录' },
    detail: { en: 'Sign in or send a valid API key.', 'zh-CN': '请登录或提供有效的 API 密钥。' },
  },
  /** The session has not passed its second factor yet: complete MFA. */
  'auth.mfa_required': {
    status: 401,
    title: { en: 'Multi-factor authentication required', 'zh-CN': '需要多因素认证' },
    detail: { en: 'Enter the code from your authenticator app to continue.', 'zh-CN': '请输入身份验证器中的动态码以继续。' },
  },
  /** The actor lacks the route's permission: ask an admin for a role that has it. */
  'auth.forbidden': {
    status: 403,
    title: { en: 'Not allowed', 'zh-CN': '无权操作' },
    detail: { en: 'This needs the permission {permission}.', 'zh-CN': '此操作需要权限 {permission}。' },
  },
  /** Cookie-authenticated write without the CSRF header: send X-CSRF-Token from the cotrade_csrf cookie. */
  'auth.csrf_failed': {
    status: 403,
    title: { en: 'CSRF check failed', 'zh-CN': 'CSRF 校验失败' },
    detail: { en: 'Send the X-CSRF-Token header with the value of the cotrade_csrf cookie.', 'zh-CN': '请在 X-CSRF-Token 请求头中携带 cotrade_csrf Cookie 的值。' },
  },
  /** The organisation is not active (in review, rejected or suspended): only its registration pages work. */
  'auth.org_inactive': {
    status: 403,
    title: { en: 'Organisation not active', 'zh-CN': '企业账户未启用' },
    detail: { en: 'Your organisation is {status}; this is available once it is active.', 'zh-CN': '贵企业当前状态为“{status}”，启用后方可使用此功能。' },
  },
  'internal': {
    status: 500,
    title: { en: 'Internal server error', 'zh-CN': '服务器内部错误' },
    detail: { en: 'Something went wrong; reference {requestId}.', 'zh-CN': '服务器出错，参考编号 {requestId}。' },
  },
});

export function notFound(resource: string, id: string): Problem {
  return new Problem('resource.not_found', { resource, id });
}

export function invalidField(pointer: string, message: string): Problem {
  return new Problem('request.invalid', { count: 1 }, {}, [{ pointer, in: 'body', message }]);
}
