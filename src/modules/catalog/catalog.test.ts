import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { ApiClient, createTestOrg, startTestServer } from '../../../test/support/harness.ts';
import { query } from '../../platform/db.ts';
import { reviewOrganization } from '../identity/organizations.ts';
import { seedCatalogDemo } from './demo/seed.ts';
import { consumeAgreementQuantity, priceForBuyer } from './index.ts';

const server = await startTestServer();
const platform = await createTestOrg(server.ctx, ['platform'], [{ role: 'category_manager' }]);
const suppliers = await Promise.all(['fareast', 'chint', 'tbea', 'pinggao', 'delixi', 'nari'].map(() => createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }])));
const [jiangsu, zhejiang, anhui] = await Promise.all([0, 1, 2].map(() => createTestOrg(server.ctx, ['buyer'], [{ role: 'purchaser' }])));
const ids = suppliers.map((s) => s.orgId);
await seedCatalogDemo(server.ctx, {
  fareast: ids[0]!, chint: ids[1]!, tbea: ids[2]!, pinggao: ids[3]!, delixi: ids[4]!, nari: ids[5]!,
  buyers: { jiangsu: jiangsu!.orgId, zhejiang: zhejiang!.orgId, anhui: anhui!.orgId },
});
const anonymous = new ApiClient(server.url);
const search = async (client: ApiClient, qs: string) => {
  const r = await client.get(`/api/v1/catalog/search?${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

/** [query, SKU code (or prefix) that must be among the top 3 hits]. */
const GOLD: Array<[string, string]> = [
  ['电缆', 'FE-|TB-'],
  ['电力电缆', 'YJ'],
  ['交联聚乙烯电力电缆', 'YJV'],
  ['铠装电缆', '22-'],
  ['YJV22-8.7/15 3x240', 'YJV22-8.7/15-3x240'],
  ['yjv22 8.7/15 3*240', 'YJV22-8.7/15-3x240'],
  ['YJV22 3×240', 'YJV22-8.7/15-3x240'],
  ['3x240', '3x240'],
  ['耐火电缆', 'NH-YJV'],
  ['阻燃电缆', 'ZC-YJV'],
  ['架空绝缘电缆', 'JKLYJ'],
  ['JKLYJ-10/240', 'JKLYJ-10-1x240'],
  ['钢芯铝绞线', 'ACSR'],
  ['控制电缆 KVV', 'KVV'],
  ['变压器', 'S13|SCB13|SBH15'],
  ['油浸式变压器 400', 'S13-M-400'],
  ['S13-M-400/10', 'S13-M-400'],
  ['干式变压器', 'SCB13'],
  ['非晶合金', 'SBH15'],
  ['箱变', 'ZGS11'],
  ['小型断路器 C32', 'C32'],
  ['DZ47 断路器', 'DZ47s'],
  ['NXB-63 1P C16', 'NXB63-1P-C16'],
  ['真空断路器', 'ZW32'],
  ['GIS', 'ZF12'],
  ['隔离开关', 'GW4'],
  ['环网柜', 'XGN15'],
  ['绝缘子', 'XP-70'],
  ['复合绝缘子', 'FXBW4'],
  ['避雷器', 'YH5WZ'],
  ['智能电能表', 'DTZ'],
  ['集中器', 'JZQ'],
  ['差动保护', 'PCS'],
  ['安全帽', 'H01'],
  ['绝缘手套', 'JYST12'],
  ['power cable', 'YJ'],
  ['oil transformer', 'S13'],
  ['circuit breaker', 'CHNT-N|DLX-|PG-ZW|PG-LW'],
  ['surge arrester', 'YH5WZ'],
  ['transfromer', 'S'],
  ['arrestor', 'YH5WZ'],
  ['multimeter', 'DT830'],
  ['Chint 电能表', 'CHNT-D'],
  ['远东 电缆', 'FE-'],
  ['交流接触器', 'NXC'],
];

test('the gold set: every query finds its expected product in the top 3', async () => {
  const misses: string[] = [];
  for (const [q, expected] of GOLD) {
    const body = await search(anonymous, `q=${encodeURIComponent(q)}&limit=3`);
    const top = body.items.map((i: { skuCode: string }) => i.skuCode);
    if (!top.some((code: string) => expected.split('|').some((e) => code.includes(e)))) misses.push(`${q} → ${top.join(', ') || '(none)'} (want ${expected})`);
  }
  assert.ok(GOLD.length >= 30);
  assert.deepEqual(misses, []);
});

test('facet counts equal the counts of the filtered result', async () => {
  for (const base of ['q=电缆', 'category=04', 'q=断路器&category=0401', 'category=0101']) {
    const body = await search(anonymous, `${base}&limit=1`);
    assert.ok(body.total > 0, base);
    const checks: Array<[string, number]> = [
      ...body.facets.categories.map((f: { value: string; count: number }) => [`category=${f.value}`, f.count] as [string, number]),
      ...body.facets.suppliers.map((f: { value: string; count: number }) => [`supplier=${f.value}`, f.count] as [string, number]),
      ...body.facets.regions.map((f: { value: string; count: number }) => [`region=${encodeURIComponent(f.value)}`, f.count] as [string, number]),
      ...body.facets.priceRanges.map((f: { min: string | null; max: string | null; count: number }) => [[f.min ? `priceMin=${f.min}` : '', f.max ? `priceMax=${f.max}` : ''].filter(Boolean).join('&'), f.count] as [string, number]),
      ...body.facets.attributes.flatMap((a: { key: string; values: Array<{ value: string; count: number }> }) => a.values.map((v) => [`attr=${encodeURIComponent(`${a.key}:${v.value}`)}`, v.count] as [string, number])),
      ['inStock=true', body.facets.inStock],
    ];
    for (const [filter, count] of checks) {
      // A region facet counts rows listing that region; the filter also admits nationwide rows.
      if (filter.startsWith('region=') && decodeURIComponent(filter.slice(7)) !== '全国') continue;
      const narrowed = await search(anonymous, `${base.replace(/category=\d+/, (m) => (filter.startsWith('category=') ? '' : m))}&${filter}&limit=1`);
      assert.equal(narrowed.total, count, `${base} + ${filter}`);
    }
  }
});

test('pagination walks the whole result without repeats', async () => {
  const seen = new Set<string>();
  let cursor: string | null = null;
  let total = 0;
  do {
    const body = await search(anonymous, `q=${encodeURIComponent('断路器')}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    total = body.total;
    for (const i of body.items) seen.add(i.skuId);
    cursor = body.nextCursor;
  } while (cursor);
  assert.equal(seen.size, total);
});

test('price sorting and paid ranking: ads are labelled and recorded', async () => {
  const body = await search(anonymous, `q=${encodeURIComponent('电缆')}&sort=price_asc&limit=20`);
  const prices = body.items.map((i: { listPrice: string }) => Number(i.listPrice));
  assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
  assert.ok(body.ads.length >= 1);
  for (const ad of body.ads) assert.equal(ad.label, 'Ad');
  const click = await anonymous.post(`/api/v1/catalog/ads/${body.ads[0].placementId}/click`);
  assert.equal(click.status, 200);
  const [bid] = await query<{ impressions: number; clicks: number }>(server.db, sql`select impressions, clicks from catalog_ad_bids where product_id = ${click.body.productId}`);
  assert.ok(bid!.impressions >= 1);
  assert.equal(bid!.clicks, 1);
});

test('a contract price applies only to its buyer, within validity and caps', async () => {
  const [sku] = await query<{ id: string; agreement_item: string }>(
    server.db,
    sql`select s.id, i.id as agreement_item from catalog_skus s join catalog_agreement_items i on i.sku_id = s.id where s.sku_code like 'FE-YJV22-8.7/15-3x240'`,
  );
  const own = await priceForBuyer(server.db, { skuId: sku!.id, buyerOrgId: jiangsu!.orgId, quantity: 100 });
  const other = await priceForBuyer(server.db, { skuId: sku!.id, buyerOrgId: zhejiang!.orgId, quantity: 100 });
  assert.equal(own.source, 'contract');
  assert.equal(other.source, 'list');
  assert.ok(own.unitPrice.lt(other.unitPrice));
  assert.equal(own.unitPriceInclTax.toFixed(2), own.unitPrice.times(1.13).toDecimalPlaces(2).toFixed(2));
  // Over the cap: the contract price no longer applies and consuming is refused.
  const over = await priceForBuyer(server.db, { skuId: sku!.id, buyerOrgId: jiangsu!.orgId, quantity: 60000 });
  assert.notEqual(over.source, 'contract');
  await assert.rejects(server.db.transaction((tx) => consumeAgreementQuantity(tx, { agreementItemId: sku!.agreement_item, quantity: 60000 })), /remain/);
  await server.db.transaction((tx) => consumeAgreementQuantity(tx, { agreementItemId: sku!.agreement_item, quantity: 100 }));
  // Outside validity: no contract price.
  const later = await priceForBuyer(server.db, { skuId: sku!.id, buyerOrgId: jiangsu!.orgId, quantity: 100, at: new Date(Date.now() + 400 * 86400_000) });
  assert.notEqual(later.source, 'contract');
  // Through HTTP: the signed-in buyer sees the contract price, another buyer the tier/list price.
  const js = new ApiClient(server.url);
  await js.signIn(jiangsu!.admin);
  const zj = new ApiClient(server.url);
  await zj.signIn(zhejiang!.admin);
  const a = await js.get(`/api/v1/catalog/skus/${sku!.id}/price?quantity=100`);
  const b = await zj.get(`/api/v1/catalog/skus/${sku!.id}/price?quantity=100`);
  assert.equal(a.body.source, 'contract');
  assert.equal(b.body.source, 'list');
});

test('supplier creates, platform reviews; unapproved, inactive and suspended-supplier products are invisible everywhere', async () => {
  const supplier = await createTestOrg(server.ctx, ['supplier'], [{ role: 'sales' }]);
  const sales = new ApiClient(server.url);
  await sales.signIn(Object.keys(supplier.users).find((e) => e.startsWith('sales'))!);
  const [item] = await query<{ id: string }>(server.db, sql`select id from catalog_standard_items where code like '010101-%' order by code limit 1`);
  const created = await sales.post('/api/v1/catalog/my/products', {
    categoryCode: '010101', nameZh: '测试牌 紫铜芯特种电缆 QX-999', nameEn: 'Testbrand special cable QX-999', brand: '测试牌', model: 'QX-999', uom: 'm', leadTimeDays: 9,
    specs: { conductor: 'copper', voltage: '8.7/15kV' }, deliveryRegions: ['全国'],
    skus: [{ skuCode: 'QX-999-3x240', specs: { cross_section: '3x240' }, listPrice: '99.50', standardItemId: item!.id, moq: '10', increment: '10', availableQty: '100' }],
    submit: true,
  });
  assert.equal(created.status, 201, created.text);
  const productId = created.body.product.id;
  const skuId = created.body.skus[0].id;
  const visible = async () => {
    const s = await search(anonymous, 'q=QX-999');
    const detail = await anonymous.get(`/api/v1/catalog/products/${productId}`);
    const front = await search(anonymous, `supplier=${supplier.orgId}`);
    const compare = await anonymous.get(`/api/v1/catalog/standard-items/${item!.id}/offers`);
    const price = await anonymous.get(`/api/v1/catalog/skus/${skuId}/price`);
    const store = await anonymous.get(`/api/v1/catalog/storefronts/${supplier.orgId}`);
    const flags = [s.total > 0, detail.status === 200, front.total > 0, compare.body.offers.some((o: { skuId: string }) => o.skuId === skuId), price.status === 200, store.status === 200 && store.body.productCount > 0];
    return flags;
  };
  assert.deepEqual(await visible(), [false, false, false, false, false, false], 'pending review');
  const reviewer = new ApiClient(server.url);
  await reviewer.signIn(Object.keys(platform.users).find((e) => e.startsWith('category_manager'))!);
  const queue = await reviewer.get('/api/v1/catalog/review-queue');
  assert.ok(queue.body.items.some((p: { id: string }) => p.id === productId));
  assert.equal((await reviewer.post(`/api/v1/catalog/review-queue/${productId}/approve`, {})).status, 200);
  assert.deepEqual(await visible(), [true, true, true, true, true, true], 'approved');
  assert.equal((await sales.post(`/api/v1/catalog/my/products/${productId}/deactivate`)).status, 200);
  assert.deepEqual(await visible(), [false, false, false, false, false, false], 'inactive');
  assert.equal((await sales.post(`/api/v1/catalog/my/products/${productId}/activate`)).status, 200);
  assert.deepEqual(await visible(), [true, true, true, true, true, true], 'active again');
  // A material change goes back to review and disappears until approved again.
  const patched = await sales.patch(`/api/v1/catalog/my/products/${productId}`, { nameZh: '测试牌 紫铜芯特种电缆 QX-999 改' });
  assert.equal(patched.body.product.reviewStatus, 'pending_review');
  assert.deepEqual(await visible(), [false, false, false, false, false, false], 'changed');
  await reviewer.post(`/api/v1/catalog/review-queue/${productId}/approve`, {});
  // Suspension hides the supplier at once, before any event handler has run.
  await reviewOrganization(server.ctx, supplier.orgId, 'suspend', 'test');
  assert.deepEqual(await visible(), [false, false, false, false, false, false], 'suspended');
  await reviewOrganization(server.ctx, supplier.orgId, 'reinstate', null);
  // Reinstatement is eventual in search (the handler flips the rows back); detail is immediate.
  let flags = await visible();
  for (let i = 0; i < 50 && flags.includes(false); i++) {
    await server.platform.bus.relay();
    await server.platform.jobs.runDue();
    flags = await visible();
  }
  assert.deepEqual(flags, [true, true, true, true, true, true], 'reinstated');
  // Rejection needs a reason and reaches the supplier.
  await sales.patch(`/api/v1/catalog/my/products/${productId}`, { descriptionZh: '新描述' });
  const rejected = await reviewer.post(`/api/v1/catalog/review-queue/${productId}/reject`, { reason: '图片缺失' });
  assert.equal(rejected.body.reviewStatus, 'rejected');
  const mine = await sales.get(`/api/v1/catalog/my/products/${productId}`);
  assert.equal(mine.body.product.reviewNote, '图片缺失');
  // Another supplier cannot see or change it.
  const other = new ApiClient(server.url);
  await other.signIn(suppliers[0]!.admin);
  assert.equal((await other.get(`/api/v1/catalog/my/products/${productId}`)).status, 404);
  assert.equal((await other.patch(`/api/v1/catalog/my/products/${productId}`, { nameZh: 'x' })).status, 404);
});

test('specs are validated against the inherited template, with unit conversion', async () => {
  const sales = new ApiClient(server.url);
  await sales.signIn(suppliers[0]!.admin);
  const bad = await sales.post('/api/v1/catalog/my/products', {
    categoryCode: '010401', nameZh: '钢芯铝绞线 测试', uom: 'km', leadTimeDays: 5, specs: { conductor: 'gold', colour: 'red' },
    skus: [{ skuCode: 'T-1', specs: { strand_area: 'abc' }, listPrice: '10' }],
  });
  assert.equal(bad.status, 422);
  const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer).sort();
  assert.deepEqual(pointers, ['/skus/0/specs/strand_area', '/specs/colour', '/specs/conductor']);
  const good = await sales.post('/api/v1/catalog/my/products', {
    categoryCode: '010401', nameZh: '钢芯铝绞线 测试', uom: 'km', leadTimeDays: 5, specs: { conductor: 'aluminium' },
    skus: [{ skuCode: 'T-2', specs: { strand_area: '240 mm2' }, listPrice: '10' }],
  });
  assert.equal(good.status, 201, good.text);
  assert.equal(good.body.skus[0].specs.strand_area, 240);
});

test('an import with good and bad rows lands exactly the good rows and reports each bad one', async () => {
  const sales = new ApiClient(server.url);
  await sales.signIn(suppliers[1]!.admin);
  const csv = [
    'product_key,category_code,name_zh,uom,sku_code,sku_specs,specs,list_price,moq,stock',
    'A,040101,导入测试断路器,piece,IMP-A-1,rated_current=16;poles=1P,voltage=220V,12.5,10,100',
    'A,040101,导入测试断路器,piece,IMP-A-2,rated_current=32;poles=1P,voltage=220V,13.5,10,100',
    'B,040101,坏行断路器,piece,IMP-B-1,poles=9P,,12,10,100',
    'C,999999,无此分类,piece,IMP-C-1,,,5,1,1',
    'D,040101,价格错误,piece,IMP-D-1,,,abc,1,1',
    'E,040102,导入塑壳断路器,piece,IMP-E-1,rated_current=100,,400,1,5',
  ].join('\n');
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
  const r = await sales.request('POST', '/api/v1/catalog/my/products/import', { raw: form });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.created, 3);
  assert.equal(r.body.failed, 3);
  assert.deepEqual(r.body.rows.filter((x: { status: string }) => x.status === 'error').map((x: { row: number }) => x.row), [4, 5, 6]);
  const codes = await query<{ sku_code: string }>(server.db, sql`select sku_code from catalog_skus where sku_code like 'IMP-%' order by 1`);
  assert.deepEqual(codes.map((c) => c.sku_code), ['IMP-A-1', 'IMP-A-2', 'IMP-E-1']);
  // Export round-trips as XLSX and CSV.
  const xlsx = await sales.get('/api/v1/catalog/my/products/export?format=xlsx');
  assert.equal(xlsx.status, 200);
  const csvOut = await sales.get('/api/v1/catalog/my/products/export?format=csv');
  assert.match(csvOut.text, /IMP-A-2/);
});

test('categories, templates and standard items for the web', async () => {
  const tree = await anonymous.get('/api/v1/catalog/categories');
  assert.ok(tree.body.items.length >= 300);
  const cat = await anonymous.get('/api/v1/catalog/categories/010101');
  assert.ok(cat.body.attributes.some((a: { key: string; definedIn: string }) => a.key === 'conductor' && a.definedIn === '01'));
  const zh = new ApiClient(server.url);
  zh.lang = 'zh-CN';
  const zhCat = await zh.get('/api/v1/catalog/categories/01');
  assert.equal(zhCat.body.category.name, '电线电缆');
  const manager = new ApiClient(server.url);
  await manager.signIn(Object.keys(platform.users).find((e) => e.startsWith('category_manager'))!);
  const created = await manager.post('/api/v1/catalog/categories', { code: '010199', nameZh: '测试分类', nameEn: 'Test category' });
  assert.equal(created.status, 201);
  const orphan = await manager.post('/api/v1/catalog/categories', { code: '99999999', nameZh: '孤儿', nameEn: 'Orphan' });
  assert.equal(orphan.status, 422);
  const supplier = new ApiClient(server.url);
  await supplier.signIn(suppliers[0]!.admin);
  assert.equal((await supplier.post('/api/v1/catalog/categories', { code: '010198', nameZh: 'x', nameEn: 'x' })).status, 403);
  const items = await anonymous.get('/api/v1/catalog/standard-items?category=0101');
  assert.ok(items.body.items.length >= 2);
  const compare = await anonymous.get(`/api/v1/catalog/standard-items/${items.body.items[0].id}/offers`);
  assert.ok(compare.body.offers.length >= 2);
});
