import type { Ctx } from '../platform/context.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { hasAnyOrganization, seedOrganization, type SeedOrganization } from '../modules/identity/seed.ts';
import { completeUscc } from '../modules/identity/uscc.ts';
import { seedCatalogDemo } from '../modules/catalog/demo/seed.ts';
import { seedProcurementDemo } from '../modules/procurement/demo.ts';
import { seedSourcingDemo } from '../modules/sourcing/demo.ts';

export const DEMO_PASSWORD = 'Cotrade@2026';
/** Shared TOTP secret of the demo platform users; `npx cotrade totp` prints its current code. */
export const DEMO_TOTP_SECRET = 'COTRADEDEMOMFASECRETKEY234567ABC';

type OrgSpec = Omit<SeedOrganization, 'users' | 'uscc'> & { users: Array<[email: string, name: string, roles: string[]]> };

const uscc = (n: number) => completeUscc(`9132000013${String(n).padStart(7, '0')}`);

export const DEMO_ORGANIZATIONS: OrgSpec[] = [
  {
    name: '国网电商科技（Cotrade 平台运营）',
    nameEn: 'Cotrade Platform Operations',
    kinds: ['platform'],
    region: '江苏省南京市',
    users: [
      ['operator@cotrade.demo', '平台管理员 王静', ['operator_admin']],
      ['category@cotrade.demo', '品类经理 李强', ['category_manager']],
      ['supervisor@cotrade.demo', '监督审计员 赵敏', ['supervisor']],
      ['finance@cotrade.demo', '平台财务 陈芳', ['platform_finance']],
      ['service@cotrade.demo', '客服 刘洋', ['customer_service']],
    ],
  },
  {
    name: '国网江苏省电力有限公司',
    nameEn: 'State Grid Jiangsu Electric Power',
    kinds: ['buyer'],
    region: '江苏省南京市',
    users: [
      ['admin@js-grid.demo', '管理员 周峰', ['org_admin']],
      ['requisitioner@js-grid.demo', '需求提报人 吴磊', ['requisitioner']],
      ['approver@js-grid.demo', '审批人 郑华', ['approver']],
      ['purchaser@js-grid.demo', '采购员 孙丽', ['purchaser']],
      ['receiver@js-grid.demo', '仓管 钱进', ['receiver']],
      ['finance@js-grid.demo', '财务 冯雪', ['buyer_finance']],
    ],
  },
  {
    name: '国网浙江省电力有限公司',
    nameEn: 'State Grid Zhejiang Electric Power',
    kinds: ['buyer'],
    region: '浙江省杭州市',
    users: [
      ['admin@zj-grid.demo', '管理员 何涛', ['org_admin']],
      ['purchaser@zj-grid.demo', '采购员 许婷', ['purchaser', 'requisitioner']],
      ['approver@zj-grid.demo', '审批人 韩冰', ['approver']],
    ],
  },
  {
    name: '国网安徽省电力有限公司',
    nameEn: 'State Grid Anhui Electric Power',
    kinds: ['buyer'],
    region: '安徽省合肥市',
    users: [
      ['admin@ah-grid.demo', '管理员 曹宇', ['org_admin']],
      ['purchaser@ah-grid.demo', '采购员 彭静', ['purchaser', 'requisitioner']],
    ],
  },
  {
    name: '远东电缆有限公司',
    nameEn: 'Far East Cable Co., Ltd.',
    kinds: ['supplier'],
    region: '江苏省无锡市',
    users: [
      ['admin@fareast-cable.demo', '管理员 蒋伟', ['org_admin']],
      ['sales@fareast-cable.demo', '销售 沈琳', ['sales']],
      ['fulfilment@fareast-cable.demo', '发货 韦刚', ['fulfilment']],
      ['finance@fareast-cable.demo', '财务 杨柳', ['supplier_finance']],
    ],
  },
  {
    name: '正泰电器股份有限公司',
    nameEn: 'Chint Electric Co., Ltd.',
    kinds: ['supplier'],
    region: '浙江省温州市',
    users: [
      ['admin@chint.demo', '管理员 朱明', ['org_admin']],
      ['sales@chint.demo', '销售 秦月', ['sales', 'fulfilment']],
    ],
  },
  {
    name: '特变电工股份有限公司',
    nameEn: 'TBEA Co., Ltd.',
    kinds: ['supplier'],
    region: '新疆昌吉市',
    users: [
      ['admin@tbea.demo', '管理员 马骏', ['org_admin']],
      ['sales@tbea.demo', '销售 古丽', ['sales', 'fulfilment']],
    ],
  },
  {
    name: '河南平高电气股份有限公司',
    nameEn: 'Pinggao Electric Co., Ltd.',
    kinds: ['supplier'],
    region: '河南省平顶山市',
    users: [['admin@pinggao.demo', '管理员 范志', ['org_admin', 'sales']]],
  },
  {
    name: '德力西电气有限公司',
    nameEn: 'Delixi Electric Co., Ltd.',
    kinds: ['supplier'],
    region: '浙江省乐清市',
    users: [['admin@delixi.demo', '管理员 胡斌', ['org_admin', 'sales']]],
  },
  {
    name: '南瑞集团有限公司',
    nameEn: 'NARI Group Corporation',
    kinds: ['buyer', 'supplier'],
    region: '江苏省南京市',
    users: [
      ['admin@nari.demo', '管理员 邵刚', ['org_admin']],
      ['sales@nari.demo', '销售 叶青', ['sales']],
      ['purchaser@nari.demo', '采购员 戴宁', ['purchaser']],
    ],
  },
  {
    name: '顺丰供应链有限公司',
    nameEn: 'SF Supply Chain (logistics partner)',
    kinds: ['partner'],
    partnerType: 'logistics',
    region: '广东省深圳市',
    users: [['admin@sf-logistics.demo', '物流对接 邓超', ['org_admin', 'partner_agent']]],
  },
  {
    name: '中国检验认证集团江苏有限公司',
    nameEn: 'CCIC Jiangsu (inspection partner)',
    kinds: ['partner'],
    partnerType: 'inspection',
    region: '江苏省南京市',
    users: [['admin@ccic-inspection.demo', '质检对接 任洁', ['org_admin', 'partner_agent']]],
  },
  {
    name: '江苏银行股份有限公司',
    nameEn: 'Bank of Jiangsu (finance partner)',
    kinds: ['partner'],
    partnerType: 'finance',
    region: '江苏省南京市',
    users: [['admin@jsbank.demo', '金融对接 袁博', ['org_admin', 'partner_agent']]],
  },
];

export interface DemoAccount {
  organization: string;
  email: string;
  roles: string[];
  mfa: boolean;
}

/** Loads the demo marketplace once; returns false when the database already has organisations. */
export async function seedDemo(ctx: Ctx): Promise<DemoAccount[] | null> {
  if (await hasAnyOrganization(ctx)) return null;
  // One hash for every demo user: they share the demo password, and 30 hashes would slow first start.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [];
  let n = 1;
  const orgIds: Record<string, string> = {};
  for (const spec of DEMO_ORGANIZATIONS) {
    const isPlatform = spec.kinds.includes('platform');
    orgIds[spec.nameEn ?? spec.name] = (await seedOrganization(ctx, {
      ...spec,
      uscc: uscc(n++),
      contactName: spec.users[0]![1],
      contactPhone: '025-8888' + String(n).padStart(4, '0'),
      users: spec.users.map(([email, name, roles]) => ({
        email,
        name,
        roles,
        passwordHash,
        lang: 'zh-CN',
        mfaSecret: isPlatform ? DEMO_TOTP_SECRET : undefined,
      })),
    })).orgId;
    for (const [email, , roles] of spec.users) accounts.push({ organization: spec.name, email, roles, mfa: isPlatform });
  }
  const org = (nameEn: string) => orgIds[nameEn]!;
  await seedCatalogDemo(ctx, {
    fareast: org('Far East Cable Co., Ltd.'),
    chint: org('Chint Electric Co., Ltd.'),
    tbea: org('TBEA Co., Ltd.'),
    pinggao: org('Pinggao Electric Co., Ltd.'),
    delixi: org('Delixi Electric Co., Ltd.'),
    nari: org('NARI Group Corporation'),
    buyers: { jiangsu: org('State Grid Jiangsu Electric Power'), zhejiang: org('State Grid Zhejiang Electric Power'), anhui: org('State Grid Anhui Electric Power') },
  });
  await seedProcurementDemo(ctx, { jiangsu: org('State Grid Jiangsu Electric Power') });
  await seedSourcingDemo(ctx, {
    jiangsu: org('State Grid Jiangsu Electric Power'),
    fareast: org('Far East Cable Co., Ltd.'),
    chint: org('Chint Electric Co., Ltd.'),
    tbea: org('TBEA Co., Ltd.'),
    pinggao: org('Pinggao Electric Co., Ltd.'),
    delixi: org('Delixi Electric Co., Ltd.'),
  });
  return accounts;
}

export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const lines = [`Demo accounts (password for all: ${DEMO_PASSWORD}; platform users need a TOTP code: npx cotrade totp):`];
  for (const a of accounts) lines.push(`  ${a.email.padEnd(32)} ${a.roles.join(',').padEnd(28)} ${a.organization}${a.mfa ? '  [MFA]' : ''}`);
  return lines.join('\n');
}
