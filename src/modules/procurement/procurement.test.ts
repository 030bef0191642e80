import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, createTestOrg, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import {
  assertBudgetInvariants,
  createBuyer,
  createPlan,
  createRule,
  draftRequisition,
  ensureCategories,
  freeLine,
  signedIn,
  submitted,
  taskFor,
  YEAR,
  type Buyer,
} from './test-fixtures.ts';

let server: TestServer;
let operator: ApiClient;
let buyer: Buyer;

before(async () => {
  server = await startTestServer({ signInLimit: 10_000, config: { logLevel: (process.env.TEST_LOG as 'error') ?? 'silent' } });
  operator = await ensureCategories(server);
  buyer = await createBuyer(server);
});

const api = (path: string) => `/api/v1/procurement${path}`;

describe('plans and budget lines', () => {
  test('creates an annual plan with budget lines, its period computed, totals summed', async () => {
    const r = await buyer.finance.post(api('/plans'), {
      name: `${YEAR} 年度计划`,
      periodType: 'quarterly',
      periodStart: `${YEAR}-04-01`,
      budgetLines: [
        { code: 'Q2-CABLE', orgUnit: '运检部', categoryCode: '01', amount: '300000' },
        { code: 'Q2-MRO', orgUnit: '运检部', categoryCode: '08', amount: '20000.50', periodStart: `${YEAR}-05-01`, periodEnd: `${YEAR}-05-31` },
      ],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.periodEnd, `${YEAR}-06-30`);
    assert.equal(r.body.totals.amount, '320000.50');
    assert.equal(r.body.budgetLines[1].remaining, '20000.50');
    assert.equal(r.headers.get('etag'), '"v1"');
    const list = await buyer.requester.get(api('/plans?limit=1'));
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const funds = await buyer.requester.get(api(`/budget-lines?planId=${r.body.id}&fundsCategory=080101`));
    assert.deepEqual(funds.body.items.map((l: any) => l.code), ['Q2-MRO']);
  });

  test('refuses a category outside the coding, a period outside the plan and a duplicate code', async () => {
    const { planId } = await createPlan(buyer, [['X', '01', '1000']]);
    const unknown = await buyer.finance.post(api(`/plans/${planId}/budget-lines`), { code: 'BAD-CAT', orgUnit: 'u', categoryCode: '99', amount: '10' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0].pointer, '/categoryCode');
    const outside = await buyer.finance.post(api(`/plans/${planId}/budget-lines`), { code: 'BAD-PERIOD', orgUnit: 'u', amount: '10', periodStart: `${YEAR + 1}-01-01`, periodEnd: `${YEAR + 1}-02-01` });
    assert.equal(outside.status, 400);
    const first = await buyer.finance.post(api(`/plans/${planId}/budget-lines`), { code: 'DUP', orgUnit: 'u', amount: '10' });
    assert.equal(first.status, 201);
    const dup = await buyer.finance.post(api(`/plans/${planId}/budget-lines`), { code: 'DUP', orgUnit: 'u', amount: '10' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'procurement.budget_code_taken');
    const requesterCannot = await buyer.requester.post(api(`/plans/${planId}/budget-lines`), { code: 'NOPE', orgUnit: 'u', amount: '10' });
    assert.equal(requesterCannot.status, 403);
  });

  test('edits carry the version read: a stale version is a 409, a stale If-Match a 412', async () => {
    const { planId, lineIds } = await createPlan(buyer, [['V', null, '1000']]);
    const ok = await buyer.finance.patch(api(`/budget-lines/${lineIds.V}`), { amount: '2000', version: 1 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.version, 2);
    const stale = await buyer.finance.patch(api(`/budget-lines/${lineIds.V}`), { amount: '3000', version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'resource.version_conflict');
    const staleEtag = await buyer.finance.patch(api(`/plans/${planId}`), { name: 'renamed' }, { 'if-match': '"v7"' });
    assert.equal(staleEtag.status, 412);
    const renamed = await buyer.finance.patch(api(`/plans/${planId}`), { name: 'renamed' }, { 'if-match': '"v1"' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.headers.get('etag'), '"v2"');
  });

  test('a budget amount cannot go below what is committed; a closed plan takes no new commitments', async () => {
    const { planId, lineIds } = await createPlan(buyer, [['LOW', null, '1000']]);
    const req = await submitted(buyer.requester, { budgetLineId: lineIds.LOW, lines: [freeLine('0801', '4', '150')] });
    assert.equal(req.status, 'approved'); // no rule applies in this organisation yet
    const low = await buyer.finance.patch(api(`/budget-lines/${lineIds.LOW}`), { amount: '500' });
    assert.equal(low.status, 422);
    assert.equal(low.body.code, 'procurement.budget_below_used');
    const closed = await buyer.finance.post(api(`/plans/${planId}/close`), {});
    assert.equal(closed.status, 200);
    const draft = await draftRequisition(buyer.requester, { budgetLineId: lineIds.LOW, lines: [freeLine('0801', '1', '10')] });
    const refused = await buyer.requester.post(api(`/requisitions/${draft.id}/submit`), {});
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'procurement.plan_closed');
    assert.equal((await buyer.finance.post(api(`/plans/${planId}/close`), {})).status, 409);
    await assertBudgetInvariants(server);
  });
});

describe('requisitions', () => {
  test('drafts free-text lines with category and estimate; edits replace lines; numbers are per organisation', async () => {
    const draft = await draftRequisition(buyer.requester, { lines: [freeLine('0101', '120.5', '88.8'), freeLine('0401', '3', '1999.99', '真空断路器')], needBy: `${YEAR}-12-20` });
    assert.match(draft.number, new RegExp(`^REQ-\\d{4}-\\d{6}$`));
    assert.equal(draft.status, 'draft');
    assert.equal(draft.totalAmount, '16700.37'); // 120.5 × 88.8 = 10700.40; 3 × 1999.99 = 5999.97
    assert.equal(draft.lines[0].quantity, '120.5');
    assert.equal(draft.lines[1].remainingQuantity, '3');
    const edited = await buyer.requester.patch(api(`/requisitions/${draft.id}`), { lines: [freeLine('0801', '2', '10')], version: draft.version });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.body.totalAmount, '20.00');
    assert.equal(edited.body.lines.length, 1);
    const other = await buyer.approverA.patch(api(`/requisitions/${draft.id}`), { title: 'x' });
    assert.equal(other.status, 403);
  });

  test('refuses a free-text line without a category, an unknown category and a bad date, naming the field', async () => {
    const noCat = await buyer.requester.post(api('/requisitions'), { title: 't', lines: [{ description: 'x', quantity: '1', uom: 'pcs', estimatedUnitPrice: '1' }] });
    assert.equal(noCat.status, 400);
    assert.equal(noCat.body.errors[0].pointer, '/lines/0/categoryCode');
    const unknown = await buyer.requester.post(api('/requisitions'), { title: 't', lines: [freeLine('9999', '1', '1')] });
    assert.equal(unknown.body.errors[0].pointer, '/lines/0/categoryCode');
    const badDate = await buyer.requester.post(api('/requisitions'), { title: 't', needBy: `${YEAR}-02-30`, lines: [] });
    assert.equal(badDate.status, 400);
    const zero = await buyer.requester.post(api('/requisitions'), { title: 't', lines: [freeLine('08', '0', '1')] });
    assert.equal(zero.body.errors[0].pointer, '/lines/0/quantity');
    const empty = await draftRequisition(buyer.requester, { lines: [] });
    const submitEmpty = await buyer.requester.post(api(`/requisitions/${empty.id}/submit`), {});
    assert.equal(submitEmpty.status, 422);
    assert.equal(submitEmpty.body.code, 'procurement.requisition_empty');
  });

  test('a catalog SKU line takes name, unit, category and the buyer price (incl. VAT) from the catalog', async () => {
    const supplier = await createTestOrg(server.ctx, ['supplier']);
    const sales = await signedIn(server, supplier.admin);
    const product = await sales.post('/api/v1/catalog/my/products', {
      categoryCode: '0101',
      nameZh: '交联聚乙烯绝缘电力电缆',
      nameEn: 'XLPE power cable',
      brand: '远东',
      model: 'YJV22',
      uom: 'm',
      leadTimeDays: 7,
      skus: [{ skuCode: `YJV22-3x240-${Date.now()}`, listPrice: '500', moq: '100', increment: '100', availableQty: '10000' }],
      submit: true,
    });
    assert.equal(product.status, 201, product.text);
    const approved = await operator.post(`/api/v1/catalog/review-queue/${product.body.product.id}/approve`, {});
    assert.equal(approved.status, 200, approved.text);
    const skuId = product.body.skus[0].id;
    const draft = await draftRequisition(buyer.requester, { lines: [{ skuId, quantity: '200' }] });
    const line = draft.lines[0];
    assert.equal(line.skuId, skuId);
    assert.equal(line.supplierOrgId, supplier.orgId);
    assert.equal(line.categoryCode, '0101');
    assert.equal(line.uom, 'm');
    assert.equal(line.description, 'XLPE power cable');
    assert.equal(line.amount, '113000.00'); // 500 + 13% VAT = 565.00 × 200
    const offStep = await buyer.requester.post(api('/requisitions'), { title: 't', lines: [{ skuId, quantity: '150' }] });
    assert.equal(offStep.status, 400);
    assert.equal(offStep.body.errors[0].pointer, '/lines/0/quantity');
    const notASku = await buyer.requester.post(api('/requisitions'), { title: 't', lines: [{ skuId: 'sku_missing', quantity: '1' }] });
    assert.equal(notASku.body.errors[0].pointer, '/lines/0/skuId');
  });

  test('a budget line that does not fund the category or the need-by date is refused at submission', async () => {
    const { lineIds } = await createPlan(buyer, [['CAB', '01', '100000']]);
    const wrongCategory = await draftRequisition(buyer.requester, { budgetLineId: lineIds.CAB, lines: [freeLine('0801', '1', '10')] });
    const r1 = await buyer.requester.post(api(`/requisitions/${wrongCategory.id}/submit`), {});
    assert.equal(r1.status, 422);
    assert.equal(r1.body.code, 'procurement.budget_line_mismatch');
    const wrongYear = await draftRequisition(buyer.requester, { budgetLineId: lineIds.CAB, needBy: `${YEAR + 1}-03-01`, lines: [freeLine('0101', '1', '10')] });
    const r2 = await buyer.requester.post(api(`/requisitions/${wrongYear.id}/submit`), {});
    assert.equal(r2.status, 422);
    assert.match(r2.body.detail, /period/);
  });
});

describe('approvals', () => {
  let org: Buyer;
  let cable: string;
  before(async () => {
    org = await createBuyer(server);
    cable = (await createPlan(org, [['CAB', '01', '1000000']])).lineIds.CAB!;
    // The demo's rules: below 50,000 any approver; from 50,000 an approver, then the org admin.
    await createRule(org, { name: '< 50k', priority: 20, maxAmount: '50000', steps: [{ roles: ['approver'], mode: 'any' }] });
    await createRule(org, { name: '≥ 50k', priority: 20, minAmount: '50000', steps: [{ roles: ['approver'], mode: 'any' }, { roles: ['org_admin'], mode: 'any' }] });
  });

  test('below 50,000: one level, any approver; the other approver’s task is skipped and the budget committed', async () => {
    const req = await submitted(org.requester, { budgetLineId: cable, lines: [freeLine('0101', '10', '4999.99')] });
    assert.equal(req.status, 'pending_approval');
    assert.deepEqual(req.approval.map((t: any) => [t.step, t.status]).sort(), [[1, 'pending'], [1, 'pending']]);
    assert.deepEqual(req.approval.map((t: any) => t.assigneeId).sort(), [org.ids.approverA, org.ids.approverB].sort());
    const task = await taskFor(org.approverB, req.id);
    assert.equal(task.document.number, req.number);
    assert.equal(task.document.requesterName !== null, true);
    const decided = await org.approverB.post(api(`/approval-tasks/${task.id}/approve`), { comment: '同意' });
    assert.equal(decided.status, 200, decided.text);
    assert.equal(decided.body.outcome, 'approved');
    const after = (await org.requester.get(api(`/requisitions/${req.id}`))).body;
    assert.equal(after.status, 'approved');
    assert.deepEqual(after.approval.map((t: any) => t.status).sort(), ['approved', 'skipped']);
    assert.deepEqual(after.commitment, [{ budgetLineId: cable, committed: '49999.90', spent: '0.00' }]);
    assert.equal(after.budgetLine.committed, '49999.90');
    const again = await org.approverA.post(api(`/approval-tasks/${after.approval.find((t: any) => t.status === 'skipped').id}/approve`), {});
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'procurement.task_not_pending');
    const events = await query(server.db, sql`select topic from outbox_events where payload->>'requisitionId' = ${req.id} order by id`);
    assert.deepEqual(events.map((e: any) => e.topic), ['procurement.requisition.created', 'procurement.requisition.submitted', 'procurement.requisition.approved']);
    const audit = await query(server.db, sql`select action from audit_log where target_id = ${req.id} order by seq`);
    assert.deepEqual(audit.map((a: any) => a.action), ['procurement.requisition.created', 'procurement.requisition.submitted', 'procurement.requisition.approved']);
  });

  test('from 50,000: the approver level first, then the org admin; budget committed only at the last level', async () => {
    const req = await submitted(org.requester, { budgetLineId: cable, lines: [freeLine('0101', '1', '50000')] });
    assert.deepEqual(req.approval.map((t: any) => [t.step, t.status]), [[1, 'pending'], [1, 'pending'], [2, 'queued']]);
    assert.equal(await taskFor(org.admin, req.id), null, 'the admin sees nothing before level 1 is done');
    const first = await org.approverA.post(api(`/approval-tasks/${(await taskFor(org.approverA, req.id)).id}/approve`), {});
    assert.equal(first.body.outcome, 'pending');
    let detail = (await org.requester.get(api(`/requisitions/${req.id}`))).body;
    assert.deepEqual(detail.commitment, []);
    const adminTask = await taskFor(org.admin, req.id);
    assert.equal(adminTask.step, 2);
    assert.ok(adminTask.dueAt);
    const last = await org.admin.post(api(`/approval-tasks/${adminTask.id}/approve`), {});
    assert.equal(last.body.outcome, 'approved');
    detail = (await org.requester.get(api(`/requisitions/${req.id}`))).body;
    assert.equal(detail.status, 'approved');
    assert.equal(detail.commitment[0].committed, '50000.00');
    await assertBudgetInvariants(server);
  });

  test('an all-of level needs every approver; the next approver cannot decide someone else’s task', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'all approvers', steps: [{ roles: ['approver'], mode: 'all' }] });
    const req = await submitted(local.requester, { lines: [freeLine('08', '1', '100')] });
    const a = await taskFor(local.approverA, req.id);
    const b = await taskFor(local.approverB, req.id);
    const notMine = await local.approverA.post(api(`/approval-tasks/${b.id}/approve`), {});
    assert.equal(notMine.status, 403);
    assert.equal(notMine.body.code, 'procurement.not_assignee');
    assert.equal((await local.approverA.post(api(`/approval-tasks/${a.id}/approve`), {})).body.outcome, 'pending');
    assert.equal((await local.requester.get(api(`/requisitions/${req.id}`))).body.status, 'pending_approval');
    assert.equal((await local.approverB.post(api(`/approval-tasks/${b.id}/approve`), {})).body.outcome, 'approved');
  });

  test('rules match by category and by the budget share left; the first by priority wins', async () => {
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['ANY', null, '100000']]);
    await createRule(local, { name: 'switchgear: admin', priority: 10, categoryCode: '04', steps: [{ roles: ['org_admin'], mode: 'any' }] });
    await createRule(local, { name: 'budget nearly used: finance', priority: 20, budgetRemainingBelow: '0.2', steps: [{ roles: ['buyer_finance'], mode: 'any' }] });
    await createRule(local, { name: 'default', priority: 30, steps: [{ roles: ['approver'], mode: 'any' }] });
    const assigneesOf = (r: any) => r.approval.map((t: any) => t.assigneeId).sort();
    const switchgear = await submitted(local.requester, { budgetLineId: lineIds.ANY, lines: [freeLine('0401', '1', '100'), freeLine('08', '1', '1')] });
    assert.deepEqual(assigneesOf(switchgear), [local.ids.admin]);
    const big = await submitted(local.requester, { budgetLineId: lineIds.ANY, lines: [freeLine('0801', '1', '85000')] });
    assert.deepEqual(assigneesOf(big), [local.ids.finance], '15% left after it: below the 20% threshold');
    const small = await submitted(local.requester, { budgetLineId: lineIds.ANY, lines: [freeLine('0801', '1', '1000')] });
    assert.deepEqual(assigneesOf(small), [local.ids.approverA, local.ids.approverB].sort());
    const rules = await local.requester.get(api('/approval-rules'));
    assert.deepEqual(rules.body.items.map((r: any) => r.priority), [10, 20, 30]);
    const deactivated = await local.admin.patch(api(`/approval-rules/${rules.body.items[0].id}`), { active: false, version: 1 });
    assert.equal(deactivated.status, 200, deactivated.text);
    const nowDefault = await submitted(local.requester, { budgetLineId: lineIds.ANY, lines: [freeLine('0401', '1', '100')] });
    assert.deepEqual(assigneesOf(nowDefault), [local.ids.approverA, local.ids.approverB].sort());
    const badRole = await local.admin.post(api('/approval-rules'), { name: 'x', steps: [{ roles: ['sales'], mode: 'any' }] });
    assert.equal(badRole.status, 400);
    assert.equal(badRole.body.errors[0].pointer, '/steps/0/roles');
    assert.equal((await local.requester.post(api('/approval-rules'), { name: 'x', steps: [{ roles: ['approver'], mode: 'any' }] })).status, 403);
  });

  test('a rejection needs a comment, ends the approval and can be revised and resubmitted', async () => {
    const req = await submitted(org.requester, { budgetLineId: cable, lines: [freeLine('0101', '1', '100')] });
    const task = await taskFor(org.approverA, req.id);
    const silent = await org.approverA.post(api(`/approval-tasks/${task.id}/reject`), {});
    assert.equal(silent.status, 400);
    const rejected = await org.approverA.post(api(`/approval-tasks/${task.id}/reject`), { comment: '规格不明确，请补充图纸' });
    assert.equal(rejected.body.outcome, 'rejected');
    let detail = (await org.requester.get(api(`/requisitions/${req.id}`))).body;
    assert.equal(detail.status, 'rejected');
    assert.deepEqual(detail.approval.map((t: any) => t.status).sort(), ['rejected', 'skipped']);
    assert.equal(detail.approval.find((t: any) => t.status === 'rejected').comment, '规格不明确，请补充图纸');
    assert.deepEqual(detail.commitment, []);
    assert.equal(await taskFor(org.approverB, req.id), null);
    const revised = await org.requester.post(api(`/requisitions/${req.id}/revise`), {});
    assert.equal(revised.body.status, 'draft');
    const resubmitted = await org.requester.post(api(`/requisitions/${req.id}/submit`), {});
    assert.equal(resubmitted.body.status, 'pending_approval');
    assert.equal(resubmitted.body.approval.filter((t: any) => t.status === 'pending').length, 2);
    const withdrawn = await org.requester.post(api(`/requisitions/${req.id}/withdraw`), {});
    assert.equal(withdrawn.body.status, 'draft');
    assert.equal(withdrawn.body.approval.filter((t: any) => t.status === 'pending').length, 0);
  });

  test('no self-approval: the requester is never routed their own requisition and cannot decide it', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'approvers or admin', steps: [{ roles: ['approver', 'org_admin'], mode: 'any' }] });
    // The admin requests: the route goes to the two approvers only.
    const req = await submitted(local.admin, { lines: [freeLine('08', '1', '10')] });
    assert.deepEqual(req.approval.map((t: any) => t.assigneeId).sort(), [local.ids.approverA, local.ids.approverB].sort());
    const task = req.approval[0];
    const self = await local.admin.post(api(`/approval-tasks/${task.id}/approve`), {});
    assert.equal(self.status, 403);
    assert.equal(self.body.code, 'procurement.self_approval');
    // When only the requester holds the role, the level has nobody: a clear 422 at submission.
    const onlyAdmin = await createBuyer(server);
    await createRule(onlyAdmin, { name: 'admin only', steps: [{ roles: ['org_admin'], mode: 'any' }] });
    const draft = await draftRequisition(onlyAdmin.admin, { lines: [freeLine('08', '1', '10')] });
    const refused = await onlyAdmin.admin.post(api(`/requisitions/${draft.id}/submit`), {});
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'procurement.no_eligible_approver');
    assert.equal((await onlyAdmin.admin.get(api(`/requisitions/${draft.id}`))).body.status, 'draft');
  });

  test('delegation while away: new and pending tasks go to the delegate, recorded, and come back on revoke', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'finance approves', steps: [{ roles: ['buyer_finance'], mode: 'any' }] });
    const before = await submitted(local.requester, { lines: [freeLine('08', '1', '10')] });
    assert.equal(before.approval[0].assigneeId, local.ids.finance);
    const now = Date.now();
    const delegation = await local.finance.post(api('/approval-delegations'), { toUserId: local.ids.approverA, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() });
    assert.equal(delegation.status, 201, delegation.text);
    assert.equal(delegation.body.active, true);
    const moved = await taskFor(local.approverA, before.id);
    assert.equal(moved.delegatedFromId, local.ids.finance);
    assert.equal(await taskFor(local.finance, before.id), null);
    const after = await submitted(local.requester, { lines: [freeLine('08', '1', '10')] });
    assert.equal(after.approval[0].assigneeId, local.ids.approverA);
    assert.equal(after.approval[0].delegatedFromId, local.ids.finance);
    assert.ok(after.approval[0].delegatedFromName);
    // Never to the requester: a delegation to the requester leaves their own requisition with the approver.
    await local.approverB.post(api('/approval-delegations'), { toUserId: local.ids.requester, startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() });
    const decided = await local.approverA.post(api(`/approval-tasks/${moved.id}/approve`), { comment: '代审批' });
    assert.equal(decided.body.outcome, 'approved');
    const revoked = await local.finance.post(api(`/approval-delegations/${delegation.body.id}/revoke`), {});
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.active, false);
    assert.equal((await taskFor(local.finance, after.id)).delegatedFromId, null);
    const others = await local.approverA.post(api(`/approval-delegations/${delegation.body.id}/revoke`), {});
    assert.equal(others.status, 404);
    const audit = await query(server.db, sql`select action from audit_log where target_id = ${delegation.body.id} order by seq`);
    assert.deepEqual(audit.map((a: any) => a.action), ['procurement.delegation.created', 'procurement.delegation.revoked']);
    const mine = await local.approverA.get(api('/approval-delegations?includePast=true'));
    assert.equal(mine.body.items.length, 1);
  });

  test('a task waiting too long is reminded once by the scheduled job, by mail in the assignee’s language', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'remind after 2h', steps: [{ roles: ['buyer_finance'], mode: 'any', remindAfterHours: 2 }] });
    const req = await submitted(local.requester, { lines: [freeLine('08', '1', '10')] });
    const task = req.approval[0];
    assert.ok(Math.abs(new Date(task.dueAt).getTime() - Date.now() - 2 * 3600_000) < 60_000);
    const runReminders = async () => {
      await query(server.db, sql`update job_schedules set next_run_at = now() where name = 'procurement.approval-reminders'`);
      await server.platform.jobs.runDue();
    };
    await runReminders();
    const notYet = await query<any>(server.db, sql`select reminded_at from approval_tasks where id = ${task.id}`);
    assert.equal(notYet[0].reminded_at, null);
    await query(server.db, sql`update approval_tasks set due_at = now() - interval '1 minute' where id = ${task.id}`);
    const mailsOf = () => query<any>(server.db, sql`select m.subject, m.status from mail_outbox m join users u on lower(u.email) = lower(m."to") where u.id = ${local.ids.finance}`);
    // The server's own worker runs jobs too (runDue is a no-op while it is busy): wait for the outcome.
    for (let i = 0; i < 50 && (await mailsOf())[0]?.status !== 'sent'; i++) {
      await runReminders();
      await new Promise((r) => setTimeout(r, 100));
    }
    await runReminders();
    const [row] = await query<any>(server.db, sql`select reminded_at from approval_tasks where id = ${task.id}`);
    assert.ok(row.reminded_at);
    const mails = await mailsOf();
    assert.equal(mails.length, 1, 'reminded once');
    assert.match(mails[0].subject, new RegExp(req.number));
    assert.equal(mails[0].status, 'sent');
  });

  test('the inbox pages pending tasks and lists decided ones', async () => {
    const local = await createBuyer(server);
    await createRule(local, { name: 'approvers', steps: [{ roles: ['approver'], mode: 'any' }] });
    const reqs = [];
    for (let i = 0; i < 3; i++) reqs.push(await submitted(local.requester, { lines: [freeLine('08', '1', String(10 + i))] }));
    const page1 = await local.approverA.get(api('/approvals/inbox?limit=2'));
    assert.equal(page1.body.items.length, 2);
    assert.ok(page1.body.nextCursor);
    const page2 = await local.approverA.get(api(`/approvals/inbox?limit=2&cursor=${page1.body.nextCursor}`));
    assert.equal(page2.body.items.length, 1);
    assert.equal(page2.body.nextCursor, null);
    const ids = [...page1.body.items, ...page2.body.items].map((t: any) => t.documentId).sort();
    assert.deepEqual(ids, reqs.map((r) => r.id).sort());
    await local.approverA.post(api(`/approval-tasks/${page2.body.items[0].id}/approve`), {});
    const decided = await local.approverA.get(api('/approvals/inbox?status=decided'));
    assert.equal(decided.body.items.length, 1);
    assert.equal(decided.body.items[0].document.status, 'approved');
    const bad = await local.approverA.get(api('/approvals/inbox?cursor=not-a-cursor'));
    assert.equal(bad.status, 400);
  });
});

describe('budget', () => {
  test('an approval that would overspend is refused with 422 naming line, requested and remaining — in English and Chinese', async () => {
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['TIGHT', '08', '1000']]);
    await createRule(local, { name: 'approvers', steps: [{ roles: ['approver'], mode: 'any' }] });
    const first = await submitted(local.requester, { budgetLineId: lineIds.TIGHT, lines: [freeLine('08', '6', '100')] });
    const second = await submitted(local.requester, { budgetLineId: lineIds.TIGHT, lines: [freeLine('08', '5', '100')] });
    assert.equal((await local.approverA.post(api(`/approval-tasks/${(await taskFor(local.approverA, first.id)).id}/approve`), {})).body.outcome, 'approved');
    const task = await taskFor(local.approverA, second.id);
    const refused = await local.approverA.post(api(`/approval-tasks/${task.id}/approve`), {});
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'procurement.budget_exceeded');
    assert.equal(refused.body.requested, '500.00');
    assert.equal(refused.body.remaining, '400.00');
    assert.match(refused.body.detail, /TIGHT-.* has 400\.00 CNY remaining; 500\.00 CNY requested/);
    local.approverA.lang = 'zh-CN';
    const zh = await local.approverA.post(api(`/approval-tasks/${task.id}/approve`), {});
    assert.equal(zh.body.title, '预算额度不足');
    assert.match(zh.body.detail, /剩余 400\.00 CNY，本次需要 500\.00 CNY/);
    // Nothing of the refused decision is kept: the task is still pending, the line unchanged.
    assert.equal((await taskFor(local.approverA, second.id)).status, 'pending');
    assert.equal((await local.requester.get(api(`/requisitions/${second.id}`))).body.status, 'pending_approval');
    assert.equal((await local.finance.get(api(`/budget-lines/${lineIds.TIGHT}`))).body.committed, '600.00');
    await assertBudgetInvariants(server);
  });

  test('cancelling an approved requisition releases its commitment exactly once', async () => {
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['REL', null, '1000']]);
    const req = await submitted(local.requester, { budgetLineId: lineIds.REL, lines: [freeLine('08', '3', '100')] });
    assert.equal(req.status, 'approved');
    const cancelled = await local.requester.post(api(`/requisitions/${req.id}/cancel`), { reason: '需求取消' });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.released, '300.00');
    assert.equal(cancelled.body.budgetLine.committed, '0.00');
    assert.equal((await local.requester.post(api(`/requisitions/${req.id}/cancel`), {})).status, 409);
    const movements = await local.finance.get(api(`/budget-lines/${lineIds.REL}/movements`));
    assert.deepEqual(movements.body.items.map((m: any) => [m.kind, m.committedDelta]), [['release', '-300.00'], ['commit', '300.00']]);
    await assertBudgetInvariants(server);
  });
});

describe('tenant isolation', () => {
  test('another organisation’s plans, lines, requisitions, rules and tasks are 404; lists show only one’s own', async () => {
    const { planId, lineIds } = await createPlan(buyer, [['ISO', null, '1000']]);
    const rule = await createRule(buyer, { name: 'iso', priority: 1, minAmount: '999999', steps: [{ roles: ['approver'], mode: 'any' }] });
    const local = await createBuyer(server);
    await createRule(local, { name: 'approvers', steps: [{ roles: ['approver'], mode: 'any' }] });
    const theirReq = await submitted(local.requester, { lines: [freeLine('08', '1', '10')] });
    const theirTask = await taskFor(local.approverA, theirReq.id);
    const mine = await draftRequisition(buyer.requester, { lines: [freeLine('08', '1', '10')] });
    for (const path of [`/plans/${planId}`, `/budget-lines/${lineIds.ISO}`, `/budget-lines/${lineIds.ISO}/movements`, `/requisitions/${mine.id}`, `/approval-rules/${rule}`]) {
      const r = await local.admin.get(api(path));
      assert.equal(r.status, 404, `${path}: ${r.text}`);
    }
    assert.equal((await local.admin.patch(api(`/budget-lines/${lineIds.ISO}`), { amount: '1' })).status, 404);
    assert.equal((await local.admin.post(api(`/requisitions/${mine.id}/cancel`), {})).status, 404);
    assert.equal((await buyer.approverA.post(api(`/approval-tasks/${theirTask.id}/approve`), {})).status, 404);
    const usingTheirLine = await local.requester.post(api('/requisitions'), { title: 't', budgetLineId: lineIds.ISO, lines: [] });
    assert.equal(usingTheirLine.status, 400);
    const list = await local.admin.get(api('/requisitions?limit=200'));
    assert.ok(!list.body.items.some((r: any) => r.id === mine.id));
    const supplier = await createTestOrg(server.ctx, ['supplier']);
    const supplierAdmin = await signedIn(server, supplier.admin);
    assert.equal((await supplierAdmin.get(api('/requisitions'))).status, 403);
    // A supplier's admin holds the admin permissions, but procurement is for buyers only.
    const refused = await supplierAdmin.post(api('/approval-rules'), { name: 'x', steps: [{ roles: ['approver'], mode: 'any' }] });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'procurement.buyers_only');
  });
});

describe('requisition → order', () => {
  test('ordering an approved requisition moves its commitment to the order and marks it ordered, once', async () => {
    const supplier = await createTestOrg(server.ctx, ['supplier']);
    const sales = await signedIn(server, supplier.admin);
    const product = await sales.post('/api/v1/catalog/my/products', {
      categoryCode: '0401',
      nameZh: '小型断路器',
      uom: 'piece',
      leadTimeDays: 3,
      skus: [{ skuCode: `MCB-${Date.now()}`, listPrice: '100', moq: '1', increment: '1', availableQty: '1000' }],
      submit: true,
    });
    assert.equal(product.status, 201, product.text);
    assert.equal((await operator.post(`/api/v1/catalog/review-queue/${product.body.product.id}/approve`, {})).status, 200);
    const skuId = product.body.skus[0].id;
    const local = await createBuyer(server);
    const { lineIds } = await createPlan(local, [['ORD', '04', '100000']]);
    const req = await submitted(local.requester, { budgetLineId: lineIds.ORD, lines: [{ skuId, quantity: '50' }, freeLine('0401', '2', '300', '定制配电箱')] });
    assert.equal(req.status, 'approved');
    assert.equal(req.totalAmount, '6250.00'); // 50 × 113.00 + 2 × 300.00
    const ordered = await local.purchaser.post('/api/v1/orders/from-requisition', { requisitionId: req.id, paymentMethod: 'escrow' });
    assert.equal(ordered.status, 201, ordered.text);
    assert.equal(ordered.body.orders.length, 1);
    assert.deepEqual(ordered.body.skippedLines, [req.lines[1].id], 'the non-standard line is left for sourcing');
    const order = ordered.body.orders[0];
    const after = (await local.requester.get(api(`/requisitions/${req.id}`))).body;
    assert.equal(after.status, 'partially_ordered');
    assert.equal(after.lines[0].orderedQuantity, '50');
    // The order took its 5,650.00 of the requisition's 6,250.00; the rest stays with the requisition.
    assert.deepEqual(after.commitment, [{ budgetLineId: lineIds.ORD, committed: '600.00', spent: '0.00' }]);
    assert.equal(after.budgetLine.committed, '6250.00');
    const movements = await local.finance.get(api(`/budget-lines/${lineIds.ORD}/movements`));
    assert.ok(movements.body.items.some((mv: any) => mv.kind === 'transfer_in' && mv.referenceType === 'order' && mv.referenceId === order.id));
    const again = await local.purchaser.post('/api/v1/orders/from-requisition', { requisitionId: req.id, paymentMethod: 'escrow' });
    assert.ok(again.status >= 400 && again.status < 500, again.text);
    // Cancelling the rest releases only what the requisition still holds.
    const cancelled = await local.requester.post(api(`/requisitions/${req.id}/cancel`), {});
    assert.equal(cancelled.body.released, '600.00');
    assert.equal(cancelled.body.budgetLine.committed, '5650.00');
    await assertBudgetInvariants(server);
  });
});
