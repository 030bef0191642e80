import { defineMessages } from './i18n.tsx';

/** Words every module uses: actions, statuses, validation, errors. Module strings live beside the module. */
export const common = defineMessages({
  appName: ['Cotrade 产业电商平台', 'Cotrade Industrial Trading'],
  appTagline: ['工业品采购与交易的数字底座', 'The digital base of industrial procurement and trade'],
  language: ['语言', 'Language'],
  loading: ['加载中…', 'Loading…'],
  save: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  confirm: ['确认', 'Confirm'],
  close: ['关闭', 'Close'],
  edit: ['编辑', 'Edit'],
  revoke: ['撤销', 'Revoke'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  refresh: ['刷新', 'Refresh'],
  loadMore: ['加载更多', 'Load more'],
  noMore: ['没有更多了', 'No more entries'],
  actions: ['操作', 'Actions'],
  details: ['详情', 'Details'],
  view: ['查看', 'View'],
  back: ['返回', 'Back'],
  all: ['全部', 'All'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  none: ['无', 'None'],
  copy: ['复制', 'Copy'],
  copied: ['已复制', 'Copied'],
  download: ['下载', 'Download'],
  signOut: ['退出登录', 'Sign out'],
  saved: ['已保存', 'Saved'],
  retry: ['重试', 'Retry'],
  status: ['状态', 'Status'],
  name: ['名称', 'Name'],
  email: ['邮箱', 'E-mail'],
  createdAt: ['创建时间', 'Created'],
  updatedAt: ['更新时间', 'Updated'],
  optional: ['选填', 'optional'],
  optionalLabel: ['{label}（选填）', '{label} (optional)'],
  shownCount: ['已显示 {n} 条', '{n} shown'],
  notFoundTitle: ['页面不存在', 'Page not found'],
  notFoundDetail: ['您访问的页面不存在或已移动。', 'The page you asked for does not exist or has moved.'],
  forbiddenTitle: ['无权访问', 'No access'],
  forbiddenDetail: ['您的角色没有访问此页面的权限，请联系企业管理员。', 'Your roles do not allow this page. Ask your organisation admin.'],
  unexpectedTitle: ['出现意外错误', 'Something went wrong'],
  unexpectedDetail: ['请稍后重试；如果问题持续，请联系平台客服。', 'Please try again; if it keeps happening, contact platform support.'],
  loadFailed: ['加载失败', 'Could not load'],

  fieldRequired: ['此项为必填项', 'This field is required'],
  fieldEmail: ['请输入有效的邮箱地址', 'Enter a valid e-mail address'],
  fieldMinLength: ['至少 {n} 个字符', 'At least {n} characters'],
  fieldMaxLength: ['最多 {n} 个字符', 'At most {n} characters'],
  fieldMinItems: ['至少选择 {n} 项', 'Choose at least {n}'],
  fieldFormat: ['格式不正确', 'The format is not valid'],
  fieldInvalid: ['取值无效', 'This value is not valid'],

  orgStatus_draft: ['待提交', 'Draft'],
  orgStatus_pending_review: ['待审核', 'Pending review'],
  orgStatus_active: ['已认证', 'Active'],
  orgStatus_rejected: ['已驳回', 'Rejected'],
  orgStatus_suspended: ['已暂停', 'Suspended'],

  kind_buyer: ['采购方', 'Buyer'],
  kind_supplier: ['供应商', 'Supplier'],
  kind_partner: ['合作伙伴', 'Partner'],
  kind_platform: ['平台运营方', 'Platform operator'],

  partnerType_logistics: ['物流', 'Logistics'],
  partnerType_inspection: ['质检', 'Inspection'],
  partnerType_finance: ['金融机构', 'Finance'],
  partnerType_legal: ['法律服务', 'Legal'],

  userStatus_active: ['正常', 'Active'],
  userStatus_disabled: ['已停用', 'Disabled'],
  userStatus_locked: ['已锁定', 'Locked'],

  invitationStatus_pending: ['待接受', 'Pending'],
  invitationStatus_accepted: ['已接受', 'Accepted'],
  invitationStatus_revoked: ['已撤销', 'Revoked'],
  invitationStatus_expired: ['已过期', 'Expired'],
});

/** Looks up `common[prefix + value]`, falling back to the raw value for codes the UI does not know yet. */
export function commonLabel(prefix: string, value: string | null | undefined): readonly [string, string] {
  if (!value) return ['—', '—'];
  const msg = (common as Record<string, readonly [string, string]>)[`${prefix}${value}`];
  return msg ?? [value, value];
}
