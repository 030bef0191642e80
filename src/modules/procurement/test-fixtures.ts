import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, createTestOrg, type TestServer } from '../../../test/support/harness.ts';

/** Test factories for procurement: categories, a buyer with its people, plans, rules, requisitions. */

let n = 0;
const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}`;

export async function signedIn(server: TestServer, email: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const r = await client.signIn(email);
  assert.equal(r.status, 200, r.text);
  return client;
}

/** The commodity codes the tests use, created by a platform operator through the catalog API. */
export async function ensureCategories(server: TestServer): Promise<ApiClient> {
  const platform = await createTestOrg(server.ctx, ['platform']);
  const operator = await signedIn(server, platform.admin);
  for (const [code, zh, en] of [
    ['01', '电线电缆', 'Wires and cables'],
    ['0101', '电力电缆', 'Power cables'],
    ['04', '开关设备', 'Switchgear'],
    ['0401', '断路器', 'Circuit breakers'],
    ['08', 'MRO工具', 'MRO tools'],
    ['0801', '手动工具', 'Hand tools'],
  ] as const) {
    const r = await operator.post('/api/v1/catalog/categories', { code, nameZh: zh, nameEn: en });
    assert.ok(r.status === 201 || r.status === 409, r.text);
  }
  return operator;
}

export interface Buyer {
  orgId: string;
  ids: Record<'admin' | 'requester' | 'approverA' | 'approverB' | 'finance' | 'purchaser', string>;
  admin: ApiClient;
  requester: ApiClient;
  approverA: ApiClient;
  approverB: ApiClient;
  finance: ApiClient;
  purchaser: ApiClient;
}

/** A buyer organisation with an admin, a requisitioner, two approvers, finance and a purchaser, all signed in. */
export async function createBuyer(server: TestServer): Promise<Buyer> {
  const tag = unique();
  const emails = {
    requester: `req-${tag}@buyer.test`,
    approverA: `appr-a-${tag}@buyer.test`,
    approverB: `appr-b-${tag}@buyer.test`,
    finance: `fin-${tag}@buyer.test`,
    purchaser: `pur-${tag}@buyer.test`,
  };
  const org = await createTestOrg(server.ctx, ['buyer'], [
    { role: 'requisitioner', email: emails.requester },
    { role: 'approver', email: emails.approverA },
    { role: 'approver', email: emails.approverB },
    { role: 'buyer_finance', email: emails.finance },
    { role: 'purchaser', email: emails.purchaser },
  ]);
  const [admin, requester, approverA, approverB, finance, purchaser] = await Promise.all(
    [org.admin, emails.requester, emails.approverA, emails.approverB, emails.finance, emails.purchaser].map((e) => signedIn(server, e)),
  );
  return {
    orgId: org.orgId,
    ids: {
      admin: org.users[org.admin]!,
      requester: org.users[emails.requester]!,
      approverA: org.users[emails.approverA]!,
      approverB: org.users[emails.approverB]!,
      finance: org.users[emails.finance]!,
      purchaser: org.users[emails.purchaser]!,
    },
    admin: admin!,
    requester: requester!,
    approverA: approverA!,
    approverB: approverB!,
    finance: finance!,
    purchaser: purchaser!,
  };
}

export const YEAR = new Date().getUTCFullYear();

/** An annual plan of this year with one budget line per [code, category, amount]. */
export async function createPlan(buyer: Buyer, lines: Array<[code: string, category: string | null, amount: string]>): Promise<{ planId: string; lineIds: Record<string, string> }> {
  const r = await buyer.finance.post('/api/v1/procurement/plans', {
    name: `${YEAR} 年度采购计划 ${unique()}`,
    periodType: 'annual',
    periodStart: `${YEAR}-01-01`,
    budgetLines: lines.map(([code, categoryCode, amount]) => ({ code: `${code}-${unique()}`, orgUnit: '物资部', categoryCode, amount })),
  });
  assert.equal(r.status, 201, r.text);
  const lineIds: Record<string, string> = {};
  for (const [i, [code]] of lines.entries()) lineIds[code] = r.body.budgetLines[i].id;
  return { planId: r.body.id, lineIds };
}

export async function createRule(buyer: Buyer, rule: Record<string, unknown>): Promise<string> {
  const r = await buyer.admin.post('/api/v1/procurement/approval-rules', rule);
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** A free-text line: `quantity` × `unitPrice` (estimate incl. tax) of a category. */
export const freeLine = (categoryCode: string, quantity: string, unitPrice: string, description = '非标件') => ({
  description,
  spec: '按图纸加工',
  categoryCode,
  quantity,
  uom: 'pcs',
  estimatedUnitPrice: unitPrice,
});

export async function draftRequisition(client: ApiClient, body: { budgetLineId?: string | null; lines: unknown[]; title?: string; needBy?: string }): Promise<any> {
  const r = await client.post('/api/v1/procurement/requisitions', { title: body.title ?? `需求 ${unique()}`, deliverySite: '南京 110kV 变电站', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

export async function submitted(client: ApiClient, body: Parameters<typeof draftRequisition>[1]): Promise<any> {
  const draft = await draftRequisition(client, body);
  const r = await client.post(`/api/v1/procurement/requisitions/${draft.id}/submit`, {});
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** The user's pending task on a requisition. */
export async function taskFor(client: ApiClient, requisitionId: string): Promise<any> {
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const r: { status: number; text: string; body: any } = await client.get(`/api/v1/procurement/approvals/inbox?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    const task = r.body.items.find((t: any) => t.documentId === requisitionId);
    if (task) return task;
    cursor = r.body.nextCursor;
  }
  return null;
}

/** Budget invariants: per line, committed and spent equal the sums of its movements and fit the amount. */
export async function assertBudgetInvariants(server: TestServer): Promise<void> {
  const drift = await query(
    server.db,
    sql`select l.code, l.committed, l.spent, coalesce(m.c, 0) as mc, coalesce(m.s, 0) as ms from budget_lines l
        left join (select budget_line_id, sum(committed_delta) as c, sum(spent_delta) as s from budget_movements group by 1) m on m.budget_line_id = l.id
        where l.committed <> coalesce(m.c, 0) or l.spent <> coalesce(m.s, 0) or l.committed + l.spent > l.amount or l.committed < 0 or l.spent < 0`,
  );
  assert.deepEqual(drift, [], 'budget lines drifted from their movements');
}

/**
 * One procurement resource of every kind a procurement path parameter names, owned by the
 * organisation of `admin` (a buyer's org admin): for the generic tenant-isolation walker in
 * test/api. The category is inserted directly (the coding is not what is tested there).
 */
export async function procurementTenantIds(server: TestServer, admin: ApiClient, approverUserId: string): Promise<Record<'planId' | 'budgetLineId' | 'requisitionId' | 'taskId' | 'ruleId' | 'delegationId', string>> {
  await query(server.db, sql`insert into catalog_categories (code, level, name_zh, name_en) values ('08', 1, 'MRO工具', 'MRO tools') on conflict do nothing`);
  const plan = await admin.post('/api/v1/procurement/plans', {
    name: 'isolation plan',
    periodType: 'annual',
    periodStart: `${YEAR}-01-01`,
    budgetLines: [{ code: `ISO-${unique()}`, orgUnit: 'unit', categoryCode: '08', amount: '100000' }],
  });
  assert.equal(plan.status, 201, plan.text);
  const rule = await admin.post('/api/v1/procurement/approval-rules', { name: 'isolation rule', steps: [{ roles: [], userIds: [approverUserId], mode: 'any' }] });
  assert.equal(rule.status, 201, rule.text);
  const draft = await draftRequisition(admin, { budgetLineId: plan.body.budgetLines[0].id, lines: [freeLine('08', '1', '10')] });
  const req = await admin.post(`/api/v1/procurement/requisitions/${draft.id}/submit`, {});
  assert.equal(req.status, 200, req.text);
  const delegation = await admin.post('/api/v1/procurement/approval-delegations', {
    toUserId: approverUserId,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  assert.equal(delegation.status, 201, delegation.text);
  return {
    planId: plan.body.id,
    budgetLineId: plan.body.budgetLines[0].id,
    requisitionId: draft.id,
    taskId: req.body.approval[0].id,
    ruleId: rule.body.id,
    delegationId: delegation.body.id,
  };
}
