import { eq, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { listOrgUsers, organizationsByIds, type DirectoryUser } from '../identity/index.ts';
import { rfqs, tenders } from './schema.ts';
import { closeRfqIfDue } from './service/rfq-access.ts';
import { answerRfqQuestion, askRfqQuestion, submitQuote } from './service/rfq-quotes.ts';
import { createRfq, publishRfq } from './service/rfqs.ts';
import { payDeposit } from './service/deposits.ts';
import { submitBid } from './service/tender-bids.ts';
import { declareConflict, saveScores } from './service/tender-evaluation.ts';
import { confirmOpening } from './service/tender-opening.ts';
import { acceptOpenerRole, createTender, decideQualification, publishTender, registerForTender } from './service/tenders.ts';
import { tenderBids } from './schema.ts';

/** The opening passphrase of every demo opener (README: demo accounts). */
export const DEMO_OPENING_PASSPHRASE = 'Cotrade@2026-opening';

function as(ctx: Ctx, user: DirectoryUser, kinds: string[]): Ctx {
  const actor: Actor = { type: 'user', id: user.id, userId: user.id, orgId: user.orgId, orgKinds: kinds, orgStatus: 'active', roles: user.roles, permissions: new Set(['*']), mfaPassed: true };
  return { ...ctx, lang: 'zh-CN', actor };
}

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour - 8, 30, 0, 0); // Beijing time
  return d.toISOString();
};
const date = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Sourcing demo for 国网江苏: an open RFQ with quotes (sealed from the buyer) and an answered
 * question; a closed RFQ ready to compare and award; an open tender taking registrations and a
 * sealed bid; a tender opened by two of its three openers and evaluated, ready for the award.
 */
export async function seedSourcingDemo(ctx: Ctx, orgs: { jiangsu: string; fareast: string; chint: string; tbea: string; pinggao: string; delixi: string }): Promise<void> {
  const buyers = await listOrgUsers(ctx.db, orgs.jiangsu);
  const buyer = (role: string) => as(ctx, buyers.find((u) => u.roles.includes(role))!, ['buyer']);
  const supplier = async (orgId: string, role = 'sales') => {
    const users = await listOrgUsers(ctx.db, orgId);
    const [org] = await organizationsByIds(ctx.db, [orgId]);
    return as(ctx, users.find((u) => u.roles.includes(role)) ?? users.find((u) => u.roles.includes('org_admin'))!, org!.kinds);
  };
  const purchaser = buyer('purchaser');
  const approver = buyer('approver');
  const finance = buyer('buyer_finance');
  const requisitioner = buyer('requisitioner');
  const [fareast, chint, tbea, pinggao, delixi] = await Promise.all([supplier(orgs.fareast), supplier(orgs.chint), supplier(orgs.tbea), supplier(orgs.pinggao), supplier(orgs.delixi)]);
  const fareastFinance = await supplier(orgs.fareast, 'supplier_finance');

  // RFQ 1: open, two quotes in (sealed from the buyer), an answered question.
  const open = await createRfq(purchaser, {
    title: '10kV 电缆附件及终端头询价',
    description: '南京江宁 110kV 变电站配套电缆附件，含冷缩终端头与中间接头。',
    audience: 'invited',
    supplierOrgIds: [orgs.fareast, orgs.chint, orgs.tbea],
    deadline: inDays(3, 17),
    lines: [
      { name: '冷缩户外终端头 10kV 3×240', spec: 'WLS-10/3.2', quantity: '24', uom: '套', categoryCode: '0101' },
      { name: '冷缩中间接头 10kV 3×240', spec: 'JLS-10/3.2', quantity: '12', uom: '套', categoryCode: '0101' },
      { name: '电缆固定夹具（非标）', spec: '按图纸 DWG-0312', quantity: '200', uom: '只', allowAlternatives: true },
    ],
    deliveryAddress: '南京市江宁区 110kV 东山变电站',
    deliveryRegion: '江苏',
    paymentMethod: 'credit',
    creditDays: 60,
  });
  await publishRfq(purchaser, open.id);
  const openLines = await ctx.db.execute(sql`select id from rfq_lines where rfq_id = ${open.id} order by line_no`).then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows.map((x) => x.id));
  await submitQuote(fareast, open.id, { validUntil: date(40), leadTimeDays: 10, freight: '800', lines: [{ rfqLineId: openLines[0]!, unitPrice: '1850', taxRate: '0.13' }, { rfqLineId: openLines[1]!, unitPrice: '1420', taxRate: '0.13' }, { rfqLineId: openLines[2]!, unitPrice: '36.5', taxRate: '0.13' }] });
  await submitQuote(chint, open.id, { validUntil: date(30), leadTimeDays: 15, lines: [{ rfqLineId: openLines[0]!, unitPrice: '1795', taxRate: '0.13' }, { rfqLineId: openLines[2]!, unitPrice: '31', taxRate: '0.13', alternative: '标准件 GJ-240 替代' }] });
  const q = await askRfqQuestion(tbea, open.id, '中间接头是否需要提供铜屏蔽连接件？');
  await answerRfqQuestion(purchaser, open.id, q.id, '需要，含在报价内；请在备注中注明品牌。');

  // RFQ 2: closed with three quotes: the comparison table is ready for the award.
  const closed = await createRfq(purchaser, {
    title: '劳保用品及 MRO 工具年度询价',
    audience: 'invited',
    supplierOrgIds: [orgs.chint, orgs.delixi, orgs.pinggao],
    deadline: inDays(2, 17),
    lines: [
      { name: '绝缘手套 12kV', spec: 'YS101-31-02', quantity: '300', uom: '双', categoryCode: '0801' },
      { name: '验电器 10kV', spec: 'GDY-II', quantity: '40', uom: '支', categoryCode: '0801' },
    ],
    deliveryAddress: '南京市鼓楼区 物资仓库',
    paymentMethod: 'escrow',
  });
  await publishRfq(purchaser, closed.id);
  const closedLines = await ctx.db.execute(sql`select id from rfq_lines where rfq_id = ${closed.id} order by line_no`).then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows.map((x) => x.id));
  for (const [who, prices, lead] of [[chint, ['86', '420'], 7], [delixi, ['79.5', '455'], 10], [pinggao, ['91', '398'], 5]] as const) {
    await submitQuote(who, closed.id, { validUntil: date(45), leadTimeDays: lead, freight: '300', lines: [{ rfqLineId: closedLines[0]!, unitPrice: prices[0], taxRate: '0.13' }, { rfqLineId: closedLines[1]!, unitPrice: prices[1], taxRate: '0.13' }] });
  }
  await ctx.db.update(rfqs).set({ deadline: new Date(Date.now() - 3_600_000) }).where(eq(rfqs.id, closed.id));
  await closeRfqIfDue(ctx, closed.id);

  // Tender 1: open, registrations and one sealed bid in.
  const people = { openerUserIds: [purchaser.actor!.userId!, approver.actor!.userId!, finance.actor!.userId!], openerQuorum: 2, evaluatorUserIds: [approver.actor!.userId!, requisitioner.actor!.userId!] };
  const lines = [
    { name: '10kV 干式变压器 SCB13-1000/10', spec: '1000kVA Dyn11 含温控', quantity: '6', uom: '台', categoryCode: '0201' },
    { name: '高压开关柜 KYN28A-12', spec: '1250A 31.5kA', quantity: '18', uom: '面', categoryCode: '0401' },
  ];
  const openTender = await createTender(purchaser, {
    title: '2026 年配网改造设备公开招标',
    description: '江苏南京、镇江配网改造项目所需变压器与开关柜，分两包合并评标。',
    visibility: 'public',
    method: 'comprehensive',
    priceWeight: '60',
    technicalWeight: '30',
    commercialWeight: '10',
    qualificationRequirements: '具有有效的 CCC 认证与近三年同类供货业绩。',
    depositAmount: '20000',
    registrationDeadline: inDays(8, 17),
    bidDeadline: inDays(15),
    openingAt: inDays(15),
    ...people,
    lines,
    documents: [{ title: '招标文件（技术规范书与商务条款）', body: '技术规范书：变压器能效等级二级及以上；开关柜防护等级 IP4X。商务：到货验收合格后付款 90%，质保金 10%。' }],
    deliveryAddress: '南京市江宁区',
  });
  for (const opener of [purchaser, approver, finance]) await acceptOpenerRole(opener, openTender.id, DEMO_OPENING_PASSPHRASE);
  await publishTender(purchaser, openTender.id);
  const reg = await registerForTender(fareast, openTender.id, { statement: '具备 CCC 认证，近三年供货国网江苏 120 台。', contactName: '沈琳', contactPhone: '0510-8888 1001' });
  await decideQualification(purchaser, openTender.id, reg.id, { decision: 'qualified' });
  await payDeposit(fareastFinance, openTender.id, { amount: '20000', bankReference: 'ICBC-20260318-0021' });
  await registerForTender(chint, openTender.id, { statement: '开关柜具备型式试验报告。' });
  const openTenderLines = await ctx.db.execute(sql`select id from tender_lines where tender_id = ${openTender.id} order by line_no`).then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows.map((x) => x.id));
  await submitBid(fareast, openTender.id, { documentRevision: 1, lines: [{ tenderLineId: openTenderLines[0]!, unitPrice: '168000', taxRate: '0.13' }, { tenderLineId: openTenderLines[1]!, unitPrice: '52000', taxRate: '0.13' }], leadTimeDays: 45, warrantyMonths: 36, validityDays: 90, technicalProposal: '变压器采用一级能效硅钢片，开关柜五防联锁。' });

  // Tender 2: invitation tender, bids opened by two of three openers and evaluated: ready for the award.
  const evaluated = await createTender(purchaser, {
    title: '电力电缆邀请招标（YJV22 系列）',
    visibility: 'invited',
    supplierOrgIds: [orgs.fareast, orgs.tbea, orgs.delixi],
    method: 'comprehensive',
    priceWeight: '50',
    technicalWeight: '40',
    commercialWeight: '10',
    depositAmount: '5000',
    registrationDeadline: inDays(5, 17),
    bidDeadline: inDays(10),
    openingAt: inDays(10),
    ...people,
    lines: [{ name: '电力电缆 YJV22-8.7/15kV 3×240', spec: '铜芯 交联聚乙烯绝缘 钢带铠装', quantity: '3000', uom: 'm', categoryCode: '0101' }],
    documents: [{ title: '邀请招标文件', body: '电缆须提供第三方型式试验报告；交货分三批。' }],
    deliveryAddress: '镇江市京口区',
  });
  for (const opener of [purchaser, approver, finance]) await acceptOpenerRole(opener, evaluated.id, DEMO_OPENING_PASSPHRASE);
  await publishTender(purchaser, evaluated.id);
  const cableLine = (await ctx.db.execute(sql`select id from tender_lines where tender_id = ${evaluated.id}`).then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows))[0]!.id;
  for (const [who, financeOf, price, proposal] of [
    [fareast, fareastFinance, '312.50', '国网合格供应商，铠装层双层镀锌钢带，提供型式试验报告。'],
    [tbea, tbea, '298.80', '自有铜杆生产线，交期 20 天。'],
    [delixi, delixi, '305.00', '满足技术规范，质保 5 年。'],
  ] as const) {
    const r = await registerForTender(who, evaluated.id, { statement: '具备资质' });
    await decideQualification(purchaser, evaluated.id, r.id, { decision: 'qualified' });
    await payDeposit(financeOf, evaluated.id, { amount: '5000', bankReference: `DEMO-${who.actor!.orgId!.slice(-6)}` });
    await submitBid(who, evaluated.id, { documentRevision: 1, lines: [{ tenderLineId: cableLine, unitPrice: price, taxRate: '0.13' }], leadTimeDays: 25, warrantyMonths: 60, validityDays: 90, technicalProposal: proposal });
  }
  // The demo skips ahead to the opening: deadline passed, opening window open now.
  await ctx.db
    .update(tenders)
    .set({ registrationDeadline: new Date(Date.now() - 3 * 86_400_000), bidDeadline: new Date(Date.now() - 2 * 60_000), openingAt: new Date(Date.now() - 60_000) })
    .where(eq(tenders.id, evaluated.id));
  await confirmOpening(purchaser, evaluated.id, DEMO_OPENING_PASSPHRASE);
  await confirmOpening(finance, evaluated.id, DEMO_OPENING_PASSPHRASE);
  const bids = await ctx.db.select({ id: tenderBids.id, org: tenderBids.supplierOrgId }).from(tenderBids).where(eq(tenderBids.tenderId, evaluated.id));
  const technical: Record<string, [string, string]> = { [orgs.fareast]: ['92', '88'], [orgs.tbea]: ['84', '90'], [orgs.delixi]: ['80', '85'] };
  for (const [evaluator, bump] of [[approver, 0], [requisitioner, -2]] as const) {
    await declareConflict(evaluator, evaluated.id, { conflict: false, statement: '与各投标人无利害关系' });
    await saveScores(evaluator, evaluated.id, { submit: true, scores: bids.map((b) => ({ bidId: b.id, technical: String(Number(technical[b.org]![0]) + bump), commercial: technical[b.org]![1] })) });
  }
}
