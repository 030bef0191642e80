import { defineMessages } from '../../platform/i18n.tsx';

export const m = defineMessages({
  menuAudit: ['审计日志', 'Audit log'],
  title: ['审计日志', 'Audit log'],
  subtitleOrg: ['本企业的全部状态变更和敏感操作记录，每条记录以哈希链接前一条，防篡改', 'Every state change and sensitive read of your organisation, each entry chained to the previous by hash'],
  subtitlePlatform: ['全平台的状态变更和敏感操作记录，每条记录以哈希链接前一条，防篡改', 'Every state change and sensitive read on the platform, each entry chained to the previous by hash'],
  verify: ['校验哈希链', 'Verify chain'],
  verifyOk: ['哈希链完整', 'The hash chain is intact'],
  verifyOkDetail: ['已校验 {checked} 条记录，最新序号 {lastSeq}，未发现篡改。', 'Checked {checked} entries up to #{lastSeq}; no tampering found.'],
  verifyBroken: ['哈希链已断裂', 'The hash chain is broken'],
  verifyBrokenDetail: ['第一处断裂在序号 {seq}：{reason}。已校验 {checked} 条记录。', 'First broken link at #{seq}: {reason}. {checked} entries checked.'],
  action: ['操作', 'Action'],
  actionPlaceholder: ['操作代码，如 identity.user.updated', 'Action code, e.g. identity.user.updated'],
  targetType: ['对象类型', 'Target type'],
  targetId: ['对象 ID', 'Target ID'],
  orgId: ['企业 ID', 'Organisation ID'],
  seq: ['序号', 'Seq'],
  time: ['时间', 'Time'],
  actor: ['操作人', 'Actor'],
  target: ['对象', 'Target'],
  organization: ['所属企业', 'Organisation'],
  ip: ['IP 地址', 'IP address'],
  requestId: ['请求 ID', 'Request ID'],
  actorOrg: ['操作人企业', 'Actor\'s organisation'],
  data: ['内容', 'Data'],
  prevHash: ['前一条哈希', 'Previous hash'],
  hash: ['本条哈希', 'Entry hash'],
  entryTitle: ['审计记录 #{seq}', 'Audit entry #{seq}'],
  meSuffix: ['（我）', ' (me)'],
  actorType_user: ['用户', 'User'],
  actorType_api_key: ['API 密钥', 'API key'],
  actorType_system: ['系统', 'System'],
  actorType_anonymous: ['匿名', 'Anonymous'],
  recent: ['最近动态', 'Recent activity'],
  viewAll: ['查看全部', 'View all'],
  empty: ['暂无记录', 'No entries'],
  chainHint: ['本条哈希 = SHA-256（前一条哈希 + 本条内容）', 'Entry hash = SHA-256(previous hash + this entry)'],
});

export const auditLabels = defineMessages({
  'audit.chain.verified': ['校验哈希链', 'Hash chain verified'],
});

export const auditTargetTypes = defineMessages({
  audit_log: ['审计日志', 'Audit log'],
});
