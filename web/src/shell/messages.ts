import { defineMessages } from '../platform/i18n.tsx';

export const shell = defineMessages({
  welcome: ['您好，{name}', 'Hello, {name}'],
  homeSubtitle: ['{org} · {workspace}', '{org} · {workspace}'],
  quickLinks: ['常用功能', 'Shortcuts'],
  quickLinksEmpty: ['更多功能将随业务模块陆续开放。', 'More functions open as business modules arrive.'],
  switchWorkspace: ['切换工作台', 'Switch workspace'],
  myAccount: ['我的账户', 'My account'],
  roles: ['角色', 'Roles'],
  suspendedTitle: ['企业账户已暂停', 'Organisation suspended'],
  suspendedDetail: [
    '您所在的企业“{org}”已被平台暂停，暂时无法使用交易功能，如有疑问请联系平台客服。暂停原因：{reason}',
    'Your organisation "{org}" has been suspended by the platform and cannot trade for now; contact platform support with any questions. Reason: {reason}',
  ],
  noReason: ['未说明', 'not stated'],
  noWorkspaceTitle: ['没有可用的工作台', 'No workspace available'],
  noWorkspaceDetail: ['您的企业尚未开通任何工作台，请联系平台客服。', 'Your organisation has no workspace yet. Contact platform support.'],
  apiDocs: ['API 文档', 'API docs'],
});
