// Framework agreements as the web pages read them: the parties' names, what each item is, and the
// buyer lookup a supplier drafts with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiClient, createTestOrg, startTestServer } from '../../../test/support/harness.ts';

const server = await startTestServer();
const supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
const buyer = await createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }]);
const otherBuyer = await createTestOrg(server.ctx, ['buyer']);

const sales = new ApiClient(server.url);
await sales.signIn(`sales@${supplier.admin.split('@')[1]}`);
const operator = await createTestOrg(server.ctx, ['platform']);
const platform = new ApiClient(server.url);
await platform.signIn(operator.admin);
const category = await platform.post('/api/v1/catalog/categories', { code: '97', nameZh: '测试工具', nameEn: 'Test tools' });
assert.equal(category.status, 201, category.text);
const purchaser = new ApiClient(server.url);
await purchaser.signIn(`purchaser@${buyer.admin.split('@')[1]}`);
purchaser.lang = 'zh-CN';

const created = await sales.post('/api/v1/catalog/my/products', {
  categoryCode: '97',
  nameZh: '绝缘螺丝刀套装',
  nameEn: 'Insulated screwdriver set',
  uom: 'set',
  leadTimeDays: 5,
  skus: [{ skuCode: `SD-${Date.now().toString(36)}`, listPrice: '120.00' }],
});
assert.equal(created.status, 201, created.text);
const sku = created.body.skus[0];

test('a supplier finds active buyer organisations by name or credit code, never itself or other kinds', async () => {
  const byName = await sales.get(`/api/v1/catalog/agreement-buyers?q=${encodeURIComponent('测试企业')}`);
  assert.equal(byName.status, 200, byName.text);
  const ids = byName.body.items.map((o: { id: string }) => o.id);
  assert.ok(ids.includes(buyer.orgId) && ids.includes(otherBuyer.orgId));
  assert.ok(!ids.includes(supplier.orgId), 'suppliers are not offered as buyers');
  const short = await sales.get('/api/v1/catalog/agreement-buyers?q=x');
  assert.equal(short.status, 400);
  const asBuyer = await purchaser.get(`/api/v1/catalog/agreement-buyers?q=${encodeURIComponent('测试企业')}`);
  assert.equal(asBuyer.status, 403, 'only suppliers draft agreements');
});

test('agreements carry both parties’ names and each item’s SKU, product and list price', async () => {
  const draft = await sales.post('/api/v1/catalog/agreements', {
    buyerOrgId: buyer.orgId,
    title: '2026 年度工具框架协议',
    validFrom: new Date(Date.now() - 86400_000).toISOString(),
    validTo: new Date(Date.now() + 300 * 86400_000).toISOString(),
    items: [{ skuId: sku.id, unitPrice: '99.00', quantityCap: '500' }],
  });
  assert.equal(draft.status, 201, draft.text);
  assert.equal(draft.body.supplierName, `Test org ${supplier.admin.split('@')[1]!.replace('.test', '')}`);
  assert.equal(draft.body.items[0].skuCode, sku.skuCode);
  assert.equal(draft.body.items[0].productName, 'Insulated screwdriver set');
  assert.equal(draft.body.items[0].listPrice, '120.00');
  assert.equal(draft.body.items[0].uom, 'set');

  // The buyer reads it in Chinese: names in Chinese, and confirms it.
  const list = await purchaser.get('/api/v1/catalog/agreements');
  const mine = list.body.items.find((a: { id: string }) => a.id === draft.body.id);
  assert.ok(mine, 'the buyer sees the draft');
  assert.match(mine.supplierName, /^测试企业/);
  const detail = await purchaser.get(`/api/v1/catalog/agreements/${draft.body.id}`);
  assert.equal(detail.body.items[0].productName, '绝缘螺丝刀套装');
  const confirmed = await purchaser.post(`/api/v1/catalog/agreements/${draft.body.id}/confirm`, { version: detail.body.version });
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.body.status, 'active');
  assert.match(confirmed.body.buyerName, /^测试企业/);
});
