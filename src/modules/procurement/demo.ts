import type { Actor, Ctx } from '../../platform/context.ts';
import { listOrgUsers, type DirectoryUser } from '../identity/index.ts';
import { createRule, decideApprovalTask, listInbox } from './approvals.ts';
import { createPlan } from './plans.ts';
import { createRequisition, submitRequisition, type RequisitionLineInput } from './requisitions.ts';

/** Acts as a demo user (the seed runs without a request, so the actor is built here). */
function as(ctx: Ctx, user: DirectoryUser): Ctx {
  const actor: Actor = {
    type: 'user',
    id: user.id,
    userId: user.id,
    orgId: user.orgId,
    orgKinds: ['buyer'],
    orgStatus: 'active',
    roles: user.roles,
    permissions: new Set(['*']),
    mfaPassed: true,
  };
  return { ...ctx, lang: 'zh-CN', actor };
}

const line = (categoryCode: string, description: string, spec: string, quantity: string, uom: string, estimatedUnitPrice: string): RequisitionLineInput => ({
  categoryCode,
  description,
  spec,
  quantity,
  uom,
  estimatedUnitPrice,
});

/**
 * Procurement demo for 国网江苏: the 2026 plan (cables, switchgear, MRO), the two approval rules
 * (below 50,000 any approver; from 50,000 an approver, then the org admin) and requisitions in
 * each state — draft, waiting for the approver, waiting for the admin, approved, rejected.
 * Runs after the catalog demo (it needs the coding tree).
 */
export async function seedProcurementDemo(ctx: Ctx, orgs: { jiangsu: string }): Promise<{ requisitions: number }> {
  const users = await listOrgUsers(ctx.db, orgs.jiangsu);
  const byRole = (role: string) => users.find((u) => u.roles.includes(role))!;
  const admin = as(ctx, byRole('org_admin'));
  const finance = as(ctx, byRole('buyer_finance'));
  const requester = as(ctx, byRole('requisitioner'));
  const approver = as(ctx, byRole('approver'));

  const { lines } = await createPlan(finance, {
    name: '2026 年度物资采购计划',
    periodType: 'annual',
    periodStart: '2026-01-01',
    notes: '依据 2026 年度综合计划编制；电缆、开关设备、MRO 三类预算。',
    budgetLines: [
      { code: 'JS-2026-CABLE', orgUnit: '运维检修部', categoryCode: '01', amount: '5000000' },
      { code: 'JS-2026-SWGR', orgUnit: '基建部', categoryCode: '04', amount: '3000000' },
      { code: 'JS-2026-MRO', orgUnit: '物资部', categoryCode: '08', amount: '500000' },
    ],
  });
  const [cable, switchgear, mro] = lines.map((l) => l.id) as [string, string, string];

  await createRule(admin, { name: '5 万元以下：审批人任一审批', priority: 10, maxAmount: '50000', steps: [{ roles: ['approver'], mode: 'any' }] });
  await createRule(admin, {
    name: '5 万元及以上：审批人审批后企业管理员审批',
    priority: 10,
    minAmount: '50000',
    steps: [
      { roles: ['approver'], mode: 'any' },
      { roles: ['org_admin'], mode: 'any' },
    ],
  });

  const base = { orgUnit: '运维检修部', deliverySite: '南京市江宁区 220kV 东山变电站' };
  // Draft.
  await createRequisition(requester, {
    ...base,
    title: '班组 MRO 工具补充',
    needBy: '2026-12-20',
    budgetLineId: mro,
    lines: [line('0801', '绝缘扳手套装', '1000V 绝缘，12 件套', '10', '套', '680'), line('0801', '绝缘螺丝刀', '1000V VDE 认证', '30', '把', '45')],
  });
  // Waiting for an approver (below 50,000).
  const accessories = await createRequisition(requester, {
    ...base,
    title: '10kV 电缆终端头',
    needBy: '2026-12-15',
    budgetLineId: cable,
    justification: '配网改造工程电缆终端更换。',
    lines: [line('0107', '10kV 冷缩电缆终端', '三芯 95–240mm²，户外', '20', '套', '1200')],
  });
  await submitRequisition(requester, accessories.id);
  // Approved (below 50,000): the budget is committed.
  const crimpers = await createRequisition(requester, {
    ...base,
    title: '液压压线钳',
    needBy: '2026-12-10',
    budgetLineId: mro,
    lines: [line('0801', '液压压线钳', '16–400mm²，分体式', '5', '把', '3800')],
  });
  await submitRequisition(requester, crimpers.id);
  // Waiting for the org admin (from 50,000): the approver has approved level 1.
  const breakers = await createRequisition(requester, {
    ...base,
    orgUnit: '基建部',
    title: '10kV 真空断路器',
    needBy: '2026-12-31',
    budgetLineId: switchgear,
    justification: '110kV 秣陵变扩建工程 10kV 间隔。',
    lines: [line('0401', '户内高压真空断路器', 'VS1-12/1250-31.5', '10', '台', '18500')],
  });
  await submitRequisition(requester, breakers.id);
  // Rejected.
  const spare = await createRequisition(requester, {
    ...base,
    title: '备用电力电缆',
    needBy: '2026-12-31',
    budgetLineId: cable,
    lines: [line('0101', 'YJV22 电力电缆', '8.7/15kV 3×240', '100', '米', '300')],
  });
  await submitRequisition(requester, spare.id);

  const inbox = await listInbox(approver, { limit: 50 });
  const taskOf = (id: string) => inbox.items.find((t) => t.documentId === id)!.id;
  await decideApprovalTask(approver, { taskId: taskOf(crimpers.id), decision: 'approve', comment: '同意，按计划采购。' });
  await decideApprovalTask(approver, { taskId: taskOf(breakers.id), decision: 'approve', comment: '同意，请管理员审批。' });
  await decideApprovalTask(approver, { taskId: taskOf(spare.id), decision: 'reject', comment: '备品库存充足，暂不采购。' });
  return { requisitions: 5 };
}
