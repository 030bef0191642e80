import { defineProblems } from '../../platform/problem.ts';

export const IdentityProblems = defineProblems({
  /** E-mail or password wrong; the answer does not say which. */
  'identity.invalid_credentials': {
    status: 401,
    title: { en: 'Wrong e-mail or password', 'zh-CN': '邮箱或密码错误' },
    detail: { en: 'The e-mail or password is not correct.', 'zh-CN': '邮箱或密码不正确。' },
  },
  /** Too many failed sign-ins: wait until `lockedUntil`. */
  'identity.account_locked': {
    status: 429,
    title: { en: 'Account temporarily locked', 'zh-CN': '账户已临时锁定' },
    detail: { en: 'Too many failed sign-ins. Try again after {lockedUntil}.', 'zh-CN': '登录失败次数过多，请于 {lockedUntil} 之后再试。' },
  },
  /** Too many sign-in attempts from this address: slow down. */
  'identity.sign_in_throttled': {
    status: 429,
    title: { en: 'Too many sign-in attempts', 'zh-CN': '登录尝试过于频繁' },
    detail: { en: 'Try again in {retryAfterSeconds} seconds.', 'zh-CN': '请在 {retryAfterSeconds} 秒后重试。' },
  },
  /** The account is disabled by its organisation admin. */
  'identity.user_disabled': {
    status: 403,
    title: { en: 'Account disabled', 'zh-CN': '账户已停用' },
    detail: { en: 'This account has been disabled by your organisation admin.', 'zh-CN': '该账户已被企业管理员停用。' },
  },
  /** The TOTP code did not verify: check the device clock and enter the current code. */
  'identity.mfa_code_invalid': {
    status: 422,
    title: { en: 'Invalid verification code', 'zh-CN': '动态码无效' },
    detail: { en: 'The code is wrong or expired.', 'zh-CN': '动态码错误或已过期。' },
  },
  /** MFA is not enrolled, or already is: follow the status the sign-in returned. */
  'identity.mfa_state': {
    status: 409,
    title: { en: 'MFA is not in the expected state', 'zh-CN': '多因素认证状态不符' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The password breaks the policy: 10+ characters, three character classes, not the e-mail name. */
  'identity.weak_password': {
    status: 422,
    title: { en: 'Password does not meet the policy', 'zh-CN': '密码不符合安全策略' },
    detail: {
      en: 'Use at least 10 characters with three of: lower case, upper case, digits, symbols; not your e-mail name ({reason}).',
      'zh-CN': '密码至少 10 位，包含小写、大写、数字、符号中的三类，且不能包含邮箱用户名（{reason}）。',
    },
  },
  /** The unified social credit code fails its GB 32100-2015 check. */
  'identity.uscc_invalid': {
    status: 422,
    title: { en: 'Invalid unified social credit code', 'zh-CN': '统一社会信用代码无效' },
    detail: { en: 'The code {uscc} is not valid ({reason}).', 'zh-CN': '代码 {uscc} 无效（{reason}）。' },
  },
  /** An organisation with that code is already registered. */
  'identity.uscc_taken': {
    status: 409,
    title: { en: 'Organisation already registered', 'zh-CN': '该企业已注册' },
    detail: { en: 'An organisation with code {uscc} is already registered.', 'zh-CN': '统一社会信用代码 {uscc} 已被注册。' },
  },
  /** A user with that e-mail exists. */
  'identity.email_taken': {
    status: 409,
    title: { en: 'E-mail already in use', 'zh-CN': '邮箱已被使用' },
    detail: { en: 'The e-mail {email} is already registered.', 'zh-CN': '邮箱 {email} 已被注册。' },
  },
  /** A role that this organisation's kinds cannot hold. */
  'identity.role_not_allowed': {
    status: 422,
    title: { en: 'Role not available', 'zh-CN': '角色不可用' },
    detail: { en: 'The role {role} is not available to this organisation.', 'zh-CN': '该企业不能使用角色 {role}。' },
  },
  /** An admin tried to lock themself out (drop own admin role or disable own account). */
  'identity.self_lockout': {
    status: 422,
    title: { en: 'You cannot do this to your own account', 'zh-CN': '不能对自己的账户执行此操作' },
    detail: { en: 'Ask another admin to remove your admin role or disable your account.', 'zh-CN': '请由其他管理员移除您的管理员角色或停用您的账户。' },
  },
  /** API key permissions must be a subset of the creator's. */
  'identity.permission_not_grantable': {
    status: 422,
    title: { en: 'Permission cannot be granted', 'zh-CN': '无法授予该权限' },
    detail: { en: 'You do not hold {permission}, so a key you create cannot either.', 'zh-CN': '您本身没有权限 {permission}，因此无法授予密钥。' },
  },
  /** The invitation link is unknown, used, revoked or expired. */
  'identity.invitation_invalid': {
    status: 410,
    title: { en: 'Invitation no longer valid', 'zh-CN': '邀请已失效' },
    detail: { en: 'This invitation is {status}. Ask for a new one.', 'zh-CN': '该邀请已{status}，请联系管理员重新邀请。' },
  },
  /** Submitting a registration needs a business licence document first. */
  'identity.licence_missing': {
    status: 422,
    title: { en: 'Business licence missing', 'zh-CN': '缺少营业执照' },
    detail: { en: 'Upload the business licence before submitting for review.', 'zh-CN': '请先上传营业执照再提交审核。' },
  },
  /** Upload not accepted: wrong type or too large. */
  'identity.document_invalid': {
    status: 422,
    title: { en: 'Document not accepted', 'zh-CN': '文件不被接受' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
});
