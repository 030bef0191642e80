import { sql } from 'drizzle-orm';
import { recordAudit } from '../../../platform/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import { query, type Tx } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import { insertStandardItem, type StandardItem } from '../coding.ts';
import { insertProduct, type ProductInput, type SkuInput } from '../products.ts';
import { agreementItems, agreements, attributes, categories, adBids, storefronts } from '../schema.ts';
import { setStorefrontStanding } from '../views.ts';
import { TEMPLATES, TREE, type Node } from './tree.ts';

/** Fourth levels for the main branches, so the tree is as deep as a real coding table. */
const FOURTH: Record<string, Array<[string, string]>> = {
  '01': [['低压', 'Low voltage'], ['中压', 'Medium voltage'], ['高压', 'High voltage']],
  '03': [['10kV级', '10 kV class'], ['35kV级', '35 kV class']],
  '04': [['户内型', 'Indoor'], ['户外型', 'Outdoor']],
  '05': [['交流', 'AC'], ['直流', 'DC']],
};

function flatten(nodes: Node[], out: Array<{ code: string; zh: string; en: string }> = []) {
  for (const [code, zh, en, children] of nodes) {
    out.push({ code, zh, en });
    if (children) flatten(children, out);
    else if (code.length === 6 && FOURTH[code.slice(0, 2)]) {
      FOURTH[code.slice(0, 2)]!.forEach(([z, e], i) => out.push({ code: `${code}${String(i + 1).padStart(2, '0')}`, zh: `${zh}（${z}）`, en: `${en} (${e})` }));
    }
  }
  return out;
}

export interface DemoSuppliers {
  fareast: string;
  chint: string;
  tbea: string;
  pinggao: string;
  delixi: string;
  nari: string;
  buyers: { jiangsu: string; zhejiang: string; anhui: string };
}

const ALL = ['全国'];
const EAST = ['江苏', '浙江', '安徽', '上海'];

type P = Omit<ProductInput, 'skus' | 'leadTimeDays'> & { leadTimeDays?: number; skus: Array<SkuInput & { item?: string }> };

function cableProduct(brandZh: string, brandEn: string, code: string, model: string, voltage: string, nameZh: string, nameEn: string, sections: Array<[string, string]>, prefix: string, armoured: boolean, item?: Record<string, string>): P {
  return {
    categoryCode: code,
    nameZh: `${brandZh} ${model}-${voltage} ${nameZh}`,
    nameEn: `${brandEn} ${model}-${voltage} ${nameEn}`,
    brand: brandZh,
    model: `${model}-${voltage.replace('kV', '')}`,
    uom: 'm',
    specs: { conductor: model.includes('LV') ? 'aluminium' : 'copper', voltage, armoured, flame_retardant: model.startsWith('ZR') || model.startsWith('ZC') },
    deliveryRegions: ALL,
    warrantyMonths: 24,
    origin: brandZh === '远东' ? '江苏宜兴' : '新疆昌吉',
    leadTimeDays: 15,
    skus: sections.map(([s, price]) => ({ skuCode: `${prefix}-${model}-${voltage.replace('kV', '')}-${s}`, specs: { cross_section: s }, listPrice: price, moq: '100', increment: '50', availableQty: String(5000 + s.length * 1000), tiers: [{ minQty: '1000', unitPrice: (Number(price) * 0.97).toFixed(2) }, { minQty: '5000', unitPrice: (Number(price) * 0.94).toFixed(2) }], item: item?.[s] })),
  };
}

/** Loads the demo catalog: coding tree, templates, standard items, products with offers, agreements, ads. */
export async function seedCatalogDemo(ctx: Ctx, orgs: DemoSuppliers): Promise<{ categories: number; products: number; skus: number }> {
  return ctx.db.transaction(async (tx) => {
    const nodes = flatten(TREE);
    await tx.insert(categories).values(nodes.map((n, i) => ({ code: n.code, parentCode: n.code.length > 2 ? n.code.slice(0, -2) : null, level: n.code.length / 2, nameZh: n.zh, nameEn: n.en, sortOrder: i })));
    for (const [code, list] of Object.entries(TEMPLATES)) {
      await tx.insert(attributes).values(list.map((a, i) => ({ categoryCode: code, key: a.key, nameZh: a.nameZh, nameEn: a.nameEn, type: a.type, unit: a.unit ?? null, options: a.options ?? null, required: a.required ?? false, filterable: a.filterable ?? false, variant: a.variant ?? false, sortOrder: i })));
    }
    const items = await seedStandardItems(tx);
    const products = demoProducts(items);
    let skuCount = 0;
    const productIds: Record<string, string> = {};
    for (const [supplierKey, list] of Object.entries(products)) {
      const orgId = orgs[supplierKey as keyof Omit<DemoSuppliers, 'buyers'>];
      for (const p of list) {
        const product = await insertProduct(tx, orgId, { ...p, leadTimeDays: p.leadTimeDays ?? 7, skus: p.skus.map(({ item, ...s }) => ({ ...s, standardItemId: item ?? null })) }, { actorId: ctx.actor?.id ?? null, approve: true });
        productIds[p.skus[0]!.skuCode] = product.id;
        skuCount += p.skus.length;
      }
    }
    // Sales and ratings so the sort orders mean something.
    await query(tx, sql`update catalog_products set sales_count = (abs(hashtext(id)) % 500), rating = round((3.8 + (abs(hashtext(id || 'r')) % 12) / 10.0)::numeric, 1)`);
    await query(tx, sql`update catalog_search_rows r set sales_count = p.sales_count, rating = p.rating from catalog_products p where p.id = r.product_id`);
    const standings: Array<[string, string, string]> = [[orgs.fareast, 'strategic', '4.8'], [orgs.chint, 'strategic', '4.7'], [orgs.tbea, 'admitted', '4.6'], [orgs.pinggao, 'admitted', '4.5'], [orgs.delixi, 'registered', '4.3'], [orgs.nari, 'strategic', '4.9']];
    for (const [orgId, tier, rating] of standings) await setStorefrontStanding(tx, orgId, { tier, rating });
    await tx.update(storefronts).set({ introZh: '国家电网合格供应商，产品通过型式试验，提供全国配送与技术服务。', introEn: 'Qualified State Grid supplier; type-tested products, nationwide delivery and service.' });
    await seedAgreements(tx, orgs);
    await seedAds(tx, orgs, productIds);
    await recordAudit(tx, ctx, { action: 'catalog.demo.seeded', targetType: 'catalog', orgId: null, data: { categories: nodes.length, skus: skuCount } });
    return { categories: nodes.length, products: Object.values(products).flat().length, skus: skuCount };
  });
}

async function seedStandardItems(tx: Tx): Promise<Record<string, StandardItem>> {
  const defs: Array<[key: string, category: string, zh: string, en: string, uom: string, specs: Record<string, string | number | boolean>]> = [
    ['yjv22-15-3x240', '010101', '铜芯交联聚乙烯绝缘钢带铠装电力电缆 YJV22-8.7/15kV 3×240', 'Copper XLPE steel-tape armoured power cable YJV22-8.7/15kV 3x240', 'm', { conductor: 'copper', voltage: '8.7/15kV', cross_section: '3x240', armoured: true }],
    ['yjv22-15-3x120', '010101', '铜芯交联聚乙烯绝缘钢带铠装电力电缆 YJV22-8.7/15kV 3×120', 'Copper XLPE armoured power cable YJV22-8.7/15kV 3x120', 'm', { conductor: 'copper', voltage: '8.7/15kV', cross_section: '3x120', armoured: true }],
    ['yjv-1-4x95', '010101', '铜芯交联聚乙烯绝缘电力电缆 YJV-0.6/1kV 4×95', 'Copper XLPE power cable YJV-0.6/1kV 4x95', 'm', { conductor: 'copper', voltage: '0.6/1kV', cross_section: '4x95', armoured: false }],
    ['jklyj-10-240', '010201', '10kV铝芯交联聚乙烯绝缘架空电缆 JKLYJ-10/240', '10 kV aluminium XLPE overhead cable JKLYJ-10/240', 'm', { conductor: 'aluminium', cross_section: '1x240' }],
    ['s13-400', '030101', 'S13-M-400/10 油浸式配电变压器', 'S13-M-400/10 oil-immersed distribution transformer', 'set', { capacity: 400, voltage: '10kV', efficiency: '2' }],
    ['scb13-630', '030102', 'SCB13-630/10 干式变压器', 'SCB13-630/10 dry-type transformer', 'set', { capacity: 630, voltage: '10kV', efficiency: '2' }],
    ['mcb-1p-c32', '040101', '小型断路器 1P C32', 'Miniature circuit breaker 1P C32', 'piece', { rated_current: 32, poles: '1P', voltage: '220V' }],
    ['mcb-3p-c63', '040101', '小型断路器 3P C63', 'Miniature circuit breaker 3P C63', 'piece', { rated_current: 63, poles: '3P', voltage: '0.4kV' }],
    ['meter-3p-05s', '060102', '三相智能电能表 0.5S级', 'Three-phase smart meter class 0.5S', 'piece', { accuracy: '0.5S' }],
    ['xp-70', '050101', '盘形悬式瓷绝缘子 XP-70', 'Cap-and-pin porcelain insulator XP-70', 'piece', { voltage: '10kV' }],
    ['helmet-abs', '090101', 'ABS电工安全帽', 'ABS safety helmet', 'piece', { standard: 'GB 2811-2019' }],
    ['gloves-12kv', '090201', '12kV绝缘手套', '12 kV insulating gloves', 'pair', { standard: 'GB/T 17622' }],
  ];
  const out: Record<string, StandardItem> = {};
  for (const [key, category, zh, en, uom, specs] of defs) out[key] = await insertStandardItem(tx, { categoryCode: category, nameZh: zh, nameEn: en, uom, specs });
  return out;
}

function demoProducts(items: Record<string, StandardItem>): Record<'fareast' | 'chint' | 'tbea' | 'pinggao' | 'delixi' | 'nari', P[]> {
  const id = (k: string) => items[k]!.id;
  const secs = (list: string[], base: number): Array<[string, string]> => list.map((s, i) => [s, (base * (1 + i * 0.55)).toFixed(2)]);
  return {
    fareast: [
      cableProduct('远东', 'Far East', '010101', 'YJV22', '8.7/15kV', '铜芯交联聚乙烯绝缘钢带铠装聚氯乙烯护套电力电缆', 'copper XLPE insulated steel-tape armoured PVC sheathed power cable', secs(['3x70', '3x95', '3x120', '3x150', '3x185', '3x240', '3x300'], 168), 'FE', true, { '3x240': id('yjv22-15-3x240'), '3x120': id('yjv22-15-3x120') }),
      cableProduct('远东', 'Far East', '010101', 'YJV', '0.6/1kV', '铜芯交联聚乙烯绝缘电力电缆', 'copper XLPE insulated power cable', secs(['4x25', '4x35', '4x50', '4x70', '4x95', '4x120', '3x185+1x95'], 62), 'FE', false, { '4x95': id('yjv-1-4x95') }),
      cableProduct('远东', 'Far East', '010103', 'ZC-YJV', '0.6/1kV', 'C类阻燃交联聚乙烯绝缘电力电缆', 'class C flame-retardant XLPE power cable', secs(['3x50', '3x95', '4x150'], 70), 'FE', false),
      cableProduct('远东', 'Far East', '010104', 'NH-YJV', '0.6/1kV', '耐火交联聚乙烯绝缘电力电缆', 'fire-resistant XLPE power cable', secs(['4x16', '4x35', '4x70'], 38), 'FE', false),
      cableProduct('远东', 'Far East', '010105', 'YJLW03', '64/110kV', '高压交联聚乙烯绝缘皱纹铝套电力电缆', 'high-voltage XLPE corrugated aluminium sheathed power cable', secs(['1x630', '1x800', '1x1000'], 980), 'FE', false),
      { categoryCode: '010201', nameZh: '远东 JKLYJ-10kV 铝芯交联聚乙烯绝缘架空电缆', nameEn: 'Far East JKLYJ-10kV aluminium XLPE overhead insulated cable', brand: '远东', model: 'JKLYJ-10', uom: 'm', specs: { conductor: 'aluminium' }, deliveryRegions: ALL, leadTimeDays: 10, skus: ['1x70', '1x120', '1x185', '1x240'].map((s, i) => ({ skuCode: `FE-JKLYJ-10-${s}`, specs: { cross_section: s }, listPrice: (12.5 + i * 6).toFixed(2), moq: '500', increment: '100', availableQty: '30000', item: s === '1x240' ? id('jklyj-10-240') : undefined })) },
      { categoryCode: '010301', nameZh: '远东 KVV 铜芯聚氯乙烯绝缘控制电缆', nameEn: 'Far East KVV copper PVC control cable', brand: '远东', model: 'KVV-450/750', uom: 'm', specs: { conductor: 'copper' }, deliveryRegions: ALL, skus: ['4x1.5', '7x1.5', '10x2.5', '14x2.5'].map((s, i) => ({ skuCode: `FE-KVV-${s}`, specs: { cross_section: s }, listPrice: (6 + i * 4).toFixed(2), moq: '100', increment: '100', availableQty: '20000' })) },
      { categoryCode: '010401', nameZh: '远东 JL/G1A 钢芯铝绞线', nameEn: 'Far East JL/G1A ACSR conductor', brand: '远东', model: 'JL/G1A', uom: 'km', specs: { conductor: 'aluminium' }, deliveryRegions: ALL, leadTimeDays: 20, skus: [95, 150, 240, 300, 400].map((a, i) => ({ skuCode: `FE-ACSR-${a}`, specs: { strand_area: a }, listPrice: (5200 + i * 3100).toFixed(2), moq: '1', increment: '0.5', availableQty: '80' })) },
      { categoryCode: '010501', nameZh: '远东 BV 聚氯乙烯绝缘铜芯电线', nameEn: 'Far East BV PVC insulated copper building wire', brand: '远东', model: 'BV', uom: 'm', specs: { conductor: 'copper' }, deliveryRegions: ALL, leadTimeDays: 3, skus: ['1.5', '2.5', '4', '6', '10'].map((s, i) => ({ skuCode: `FE-BV-${s}`, specs: { cross_section: `1x${s}` }, listPrice: (1.2 + i * 1.1).toFixed(2), moq: '100', increment: '100', availableQty: '100000' })) },
      { categoryCode: '010701', nameZh: '远东 10kV 冷缩电缆终端头', nameEn: 'Far East 10 kV cold-shrink cable termination', brand: '远东', model: 'NLS-10/3.2', uom: 'set', specs: { conductor: 'copper' }, deliveryRegions: ALL, skus: ['25-50', '70-120', '150-240', '300-400'].map((s, i) => ({ skuCode: `FE-NLS-${s}`, specs: { cross_section: s }, listPrice: (380 + i * 90).toFixed(2), moq: '1', increment: '1', availableQty: '200' })) },
    ],
    tbea: [
      cableProduct('特变电工', 'TBEA', '010101', 'YJV22', '8.7/15kV', '铜芯交联聚乙烯绝缘钢带铠装电力电缆', 'copper XLPE steel-tape armoured power cable', secs(['3x95', '3x120', '3x240', '3x300'], 172), 'TB', true, { '3x240': id('yjv22-15-3x240'), '3x120': id('yjv22-15-3x120') }),
      cableProduct('特变电工', 'TBEA', '010106', 'YJLHV22', '0.6/1kV', '铝合金导体交联聚乙烯绝缘铠装电力电缆', 'aluminium alloy XLPE armoured power cable', secs(['4x95', '4x150', '4x240'], 35), 'TB', true),
      { categoryCode: '030101', nameZh: '特变电工 S13-M 油浸式配电变压器', nameEn: 'TBEA S13-M oil-immersed distribution transformer', brand: '特变电工', model: 'S13-M', uom: 'set', specs: { voltage: '10kV', efficiency: '2' }, deliveryRegions: ALL, leadTimeDays: 30, warrantyMonths: 36, origin: '新疆昌吉', skus: [200, 315, 400, 630, 800].map((c, i) => ({ skuCode: `TB-S13-M-${c}/10`, specs: { capacity: c }, listPrice: (38000 + i * 15000).toFixed(2), moq: '1', increment: '1', availableQty: String(5 + i), item: c === 400 ? id('s13-400') : undefined, tiers: [{ minQty: '5', unitPrice: (36500 + i * 14500).toFixed(2) }] })) },
      { categoryCode: '030102', nameZh: '特变电工 SCB13 环氧树脂浇注干式变压器', nameEn: 'TBEA SCB13 cast-resin dry-type transformer', brand: '特变电工', model: 'SCB13', uom: 'set', specs: { voltage: '10kV', efficiency: '2' }, deliveryRegions: ALL, leadTimeDays: 35, skus: [400, 630, 1000, 1250].map((c, i) => ({ skuCode: `TB-SCB13-${c}/10`, specs: { capacity: c }, listPrice: (72000 + i * 28000).toFixed(2), moq: '1', increment: '1', availableQty: '3', item: c === 630 ? id('scb13-630') : undefined })) },
      { categoryCode: '030103', nameZh: '特变电工 SBH15-M 非晶合金铁心配电变压器', nameEn: 'TBEA SBH15-M amorphous alloy core distribution transformer', brand: '特变电工', model: 'SBH15-M', uom: 'set', specs: { voltage: '10kV', efficiency: '1' }, deliveryRegions: ALL, leadTimeDays: 40, skus: [200, 400, 630].map((c, i) => ({ skuCode: `TB-SBH15-${c}`, specs: { capacity: c }, listPrice: (52000 + i * 21000).toFixed(2), moq: '1', increment: '1', availableQty: '2' })) },
      { categoryCode: '030201', nameZh: '特变电工 SZ11-50000/110 有载调压电力变压器', nameEn: 'TBEA SZ11-50000/110 on-load tap-changing power transformer', brand: '特变电工', model: 'SZ11-50000/110', uom: 'set', specs: { voltage: '110kV', capacity: 50000 }, deliveryRegions: ALL, leadTimeDays: 120, skus: [{ skuCode: 'TB-SZ11-50000-110', listPrice: '4680000.00', moq: '1', increment: '1', availableQty: '0' }] },
      { categoryCode: '030301', nameZh: '特变电工 ZGS11 美式箱式变电站', nameEn: 'TBEA ZGS11 American-type package substation', brand: '特变电工', model: 'ZGS11', uom: 'set', specs: { voltage: '10kV' }, deliveryRegions: EAST, leadTimeDays: 45, skus: [400, 630].map((c) => ({ skuCode: `TB-ZGS11-${c}`, specs: { capacity: c }, listPrice: String(118000 + c * 60), moq: '1', increment: '1', availableQty: '1' })) },
    ],
    chint: [
      { categoryCode: '040101', nameZh: '正泰 NXB-63 小型断路器', nameEn: 'Chint NXB-63 miniature circuit breaker', brand: '正泰', model: 'NXB-63', uom: 'piece', specs: { voltage: '220V' }, deliveryRegions: ALL, leadTimeDays: 3, skus: [6, 10, 16, 20, 25, 32, 40, 63].flatMap((a) => (['1P', '2P', '3P'] as const).map((p) => ({ skuCode: `CHNT-NXB63-${p}-C${a}`, specs: { rated_current: a, poles: p }, listPrice: ((p === '1P' ? 12 : p === '2P' ? 26 : 39) + a * 0.08).toFixed(2), moq: '10', increment: '10', availableQty: '2000', item: a === 32 && p === '1P' ? id('mcb-1p-c32') : a === 63 && p === '3P' ? id('mcb-3p-c63') : undefined, tiers: [{ minQty: '100', unitPrice: ((p === '1P' ? 11 : p === '2P' ? 24 : 36) + a * 0.08).toFixed(2) }] }))) },
      { categoryCode: '040102', nameZh: '正泰 NM1 塑料外壳式断路器', nameEn: 'Chint NM1 moulded-case circuit breaker', brand: '正泰', model: 'NM1-250S', uom: 'piece', specs: { voltage: '0.4kV', poles: '3P' }, deliveryRegions: ALL, leadTimeDays: 5, skus: [100, 125, 160, 200, 250].map((a, i) => ({ skuCode: `CHNT-NM1-250S-${a}A`, specs: { rated_current: a }, listPrice: (420 + i * 60).toFixed(2), moq: '1', increment: '1', availableQty: '300' })) },
      { categoryCode: '040106', nameZh: '正泰 NXBLE-63 漏电保护断路器', nameEn: 'Chint NXBLE-63 residual-current circuit breaker', brand: '正泰', model: 'NXBLE-63', uom: 'piece', specs: { voltage: '220V', poles: '2P' }, deliveryRegions: ALL, leadTimeDays: 3, skus: [16, 32, 63].map((a) => ({ skuCode: `CHNT-NXBLE-${a}`, specs: { rated_current: a }, listPrice: (65 + a * 0.3).toFixed(2), moq: '10', increment: '10', availableQty: '800' })) },
      { categoryCode: '040701', nameZh: '正泰 NXC 交流接触器', nameEn: 'Chint NXC AC contactor', brand: '正泰', model: 'NXC', uom: 'piece', specs: { voltage: '0.4kV' }, deliveryRegions: ALL, skus: [9, 12, 18, 25, 32].map((a) => ({ skuCode: `CHNT-NXC-${a}`, specs: { rated_current: a }, listPrice: (48 + a * 2).toFixed(2), moq: '5', increment: '5', availableQty: '600' })) },
      { categoryCode: '060102', nameZh: '正泰 DTZY666 三相费控智能电能表', nameEn: 'Chint DTZY666 three-phase smart prepaid meter', brand: '正泰', model: 'DTZY666', uom: 'piece', specs: { accuracy: '0.5S' }, deliveryRegions: ALL, leadTimeDays: 10, skus: [{ skuCode: 'CHNT-DTZY666-3x1.5(6)A', listPrice: '680.00', moq: '10', increment: '10', availableQty: '500', item: id('meter-3p-05s') }, { skuCode: 'CHNT-DTZY666-3x10(100)A', listPrice: '620.00', moq: '10', increment: '10', availableQty: '800' }] },
      { categoryCode: '060101', nameZh: '正泰 DDZY666 单相费控智能电能表', nameEn: 'Chint DDZY666 single-phase smart meter', brand: '正泰', model: 'DDZY666', uom: 'piece', specs: { accuracy: '2' }, deliveryRegions: ALL, leadTimeDays: 7, skus: [{ skuCode: 'CHNT-DDZY666-5(60)A', listPrice: '198.00', moq: '20', increment: '10', availableQty: '5000' }] },
      { categoryCode: '030101', nameZh: '正泰 S13-M 全密封油浸式变压器', nameEn: 'Chint S13-M hermetically sealed oil transformer', brand: '正泰', model: 'S13-M', uom: 'set', specs: { voltage: '10kV', efficiency: '2' }, deliveryRegions: EAST, leadTimeDays: 25, skus: [315, 400, 500].map((c, i) => ({ skuCode: `CHNT-S13-M-${c}`, specs: { capacity: c }, listPrice: (41000 + i * 12000).toFixed(2), moq: '1', increment: '1', availableQty: '4', item: c === 400 ? id('s13-400') : undefined })) },
      { categoryCode: '080301', nameZh: '正泰 DT830 数字万用表', nameEn: 'Chint DT830 digital multimeter', brand: '正泰', model: 'DT830', uom: 'piece', specs: { material: 'ABS' }, deliveryRegions: ALL, leadTimeDays: 2, skus: [{ skuCode: 'CHNT-DT830B', listPrice: '38.00', moq: '1', increment: '1', availableQty: '900' }, { skuCode: 'CHNT-DT830D', listPrice: '52.00', moq: '1', increment: '1', availableQty: '400' }] },
    ],
    delixi: [
      { categoryCode: '040101', nameZh: '德力西 DZ47s 小型断路器', nameEn: 'Delixi DZ47s miniature circuit breaker', brand: '德力西', model: 'DZ47s', uom: 'piece', specs: { voltage: '220V' }, deliveryRegions: ALL, leadTimeDays: 3, skus: [10, 16, 20, 32, 40, 63].flatMap((a) => (['1P', '3P'] as const).map((p) => ({ skuCode: `DLX-DZ47s-${p}-C${a}`, specs: { rated_current: a, poles: p }, listPrice: ((p === '1P' ? 11 : 36) + a * 0.07).toFixed(2), moq: '10', increment: '10', availableQty: '3000', item: a === 32 && p === '1P' ? id('mcb-1p-c32') : a === 63 && p === '3P' ? id('mcb-3p-c63') : undefined }))) },
      { categoryCode: '040103', nameZh: '德力西 CDW1 万能式框架断路器', nameEn: 'Delixi CDW1 air circuit breaker', brand: '德力西', model: 'CDW1-2000', uom: 'piece', specs: { voltage: '0.4kV', poles: '3P' }, deliveryRegions: ALL, leadTimeDays: 12, skus: [1000, 1600, 2000].map((a, i) => ({ skuCode: `DLX-CDW1-${a}`, specs: { rated_current: a }, listPrice: (8600 + i * 2400).toFixed(2), moq: '1', increment: '1', availableQty: '20' })) },
      { categoryCode: '040702', nameZh: '德力西 JR36 热过载继电器', nameEn: 'Delixi JR36 thermal overload relay', brand: '德力西', model: 'JR36-20', uom: 'piece', specs: { voltage: '0.4kV' }, deliveryRegions: ALL, skus: [{ skuCode: 'DLX-JR36-20', specs: { rated_current: 20 }, listPrice: '36.00', moq: '5', increment: '5', availableQty: '1000' }] },
      { categoryCode: '080104', nameZh: '德力西 CPO-240 液压压线钳', nameEn: 'Delixi CPO-240 hydraulic crimping tool', brand: '德力西', model: 'CPO-240', uom: 'piece', specs: { material: '合金钢' }, deliveryRegions: ALL, skus: [{ skuCode: 'DLX-CPO-240', listPrice: '468.00', moq: '1', increment: '1', availableQty: '60' }] },
      { categoryCode: '090101', nameZh: '德力西 ABS 电工安全帽 V型', nameEn: 'Delixi ABS electrician safety helmet V-type', brand: '德力西', model: 'DLX-H01', uom: 'piece', specs: { standard: 'GB 2811-2019' }, deliveryRegions: ALL, leadTimeDays: 3, skus: ['红', '黄', '蓝', '白'].map((c) => ({ skuCode: `DLX-H01-${c}`, specs: { size: c }, listPrice: '32.00', moq: '10', increment: '10', availableQty: '2000', item: c === '黄' ? id('helmet-abs') : undefined })) },
      { categoryCode: '090201', nameZh: '德力西 12kV 带电作业绝缘手套', nameEn: 'Delixi 12 kV live-working insulating gloves', brand: '德力西', model: 'JYST-12', uom: 'pair', specs: { standard: 'GB/T 17622' }, deliveryRegions: ALL, leadTimeDays: 5, skus: ['M', 'L', 'XL'].map((s) => ({ skuCode: `DLX-JYST12-${s}`, specs: { size: s }, listPrice: '168.00', moq: '2', increment: '1', availableQty: '300', item: s === 'L' ? id('gloves-12kv') : undefined })) },
      { categoryCode: '090301', nameZh: '德力西 全身式五点安全带', nameEn: 'Delixi full-body five-point safety harness', brand: '德力西', model: 'DLX-FB5', uom: 'set', specs: { standard: 'GB 6095-2021' }, deliveryRegions: ALL, skus: [{ skuCode: 'DLX-FB5', listPrice: '215.00', moq: '1', increment: '1', availableQty: '150' }] },
    ],
    pinggao: [
      { categoryCode: '040104', nameZh: '平高 ZW32-12 户外高压真空断路器', nameEn: 'Pinggao ZW32-12 outdoor HV vacuum circuit breaker', brand: '平高', model: 'ZW32-12', uom: 'set', specs: { voltage: '10kV', poles: '3P' }, deliveryRegions: ALL, leadTimeDays: 30, skus: [630, 1250].map((a, i) => ({ skuCode: `PG-ZW32-12-${a}`, specs: { rated_current: a }, listPrice: (26800 + i * 5200).toFixed(2), moq: '1', increment: '1', availableQty: '12' })) },
      { categoryCode: '040105', nameZh: '平高 LW35-126 六氟化硫断路器', nameEn: 'Pinggao LW35-126 SF6 circuit breaker', brand: '平高', model: 'LW35-126', uom: 'set', specs: { voltage: '110kV', poles: '3P' }, deliveryRegions: ALL, leadTimeDays: 90, skus: [{ skuCode: 'PG-LW35-126-3150', specs: { rated_current: 3150 }, listPrice: '386000.00', moq: '1', increment: '1', availableQty: '0' }] },
      { categoryCode: '040201', nameZh: '平高 GW4-126 户外高压隔离开关', nameEn: 'Pinggao GW4-126 outdoor HV disconnector', brand: '平高', model: 'GW4-126', uom: 'set', specs: { voltage: '110kV' }, deliveryRegions: ALL, leadTimeDays: 45, skus: [{ skuCode: 'PG-GW4-126-2000', specs: { rated_current: 2000 }, listPrice: '42500.00', moq: '1', increment: '1', availableQty: '6' }] },
      { categoryCode: '040503', nameZh: '平高 ZF12-126 气体绝缘金属封闭开关设备（GIS）', nameEn: 'Pinggao ZF12-126 gas-insulated switchgear (GIS)', brand: '平高', model: 'ZF12-126', uom: 'set', specs: { voltage: '110kV' }, deliveryRegions: ALL, leadTimeDays: 150, skus: [{ skuCode: 'PG-ZF12-126-bay', listPrice: '1280000.00', moq: '1', increment: '1', availableQty: '0' }] },
      { categoryCode: '040401', nameZh: '平高 XGN15-12 SF6气体绝缘环网柜', nameEn: 'Pinggao XGN15-12 SF6 gas-insulated ring main unit', brand: '平高', model: 'XGN15-12', uom: 'set', specs: { voltage: '10kV' }, deliveryRegions: EAST, leadTimeDays: 30, skus: [{ skuCode: 'PG-XGN15-12-630', specs: { rated_current: 630 }, listPrice: '36800.00', moq: '1', increment: '1', availableQty: '8' }] },
      { categoryCode: '050101', nameZh: '平高 XP-70 盘形悬式瓷绝缘子', nameEn: 'Pinggao XP-70 cap-and-pin porcelain insulator', brand: '平高', model: 'XP-70', uom: 'piece', specs: { voltage: '10kV', mech_load: 70 }, deliveryRegions: ALL, skus: [{ skuCode: 'PG-XP-70', listPrice: '46.00', moq: '50', increment: '10', availableQty: '10000', item: id('xp-70') }] },
      { categoryCode: '050301', nameZh: '平高 FXBW4-110/100 棒形悬式复合绝缘子', nameEn: 'Pinggao FXBW4-110/100 composite long-rod insulator', brand: '平高', model: 'FXBW4-110/100', uom: 'piece', specs: { voltage: '110kV', mech_load: 100 }, deliveryRegions: ALL, skus: [{ skuCode: 'PG-FXBW4-110-100', listPrice: '385.00', moq: '10', increment: '10', availableQty: '2000' }] },
      { categoryCode: '050401', nameZh: '平高 YH5WZ-17/45 氧化锌避雷器', nameEn: 'Pinggao YH5WZ-17/45 metal-oxide surge arrester', brand: '平高', model: 'YH5WZ-17/45', uom: 'piece', specs: { voltage: '10kV' }, deliveryRegions: ALL, skus: [{ skuCode: 'PG-YH5WZ-17-45', listPrice: '128.00', moq: '10', increment: '10', availableQty: '3000' }] },
    ],
    nari: [
      { categoryCode: '070101', nameZh: '南瑞 PCS-931 光纤电流差动线路保护装置', nameEn: 'NARI PCS-931 fibre-optic line differential protection', brand: '南瑞', model: 'PCS-931', uom: 'set', specs: {}, deliveryRegions: ALL, leadTimeDays: 60, skus: [{ skuCode: 'NR-PCS-931A', listPrice: '98000.00', moq: '1', increment: '1', availableQty: '5' }] },
      { categoryCode: '070201', nameZh: '南瑞 PCS-978 变压器保护装置', nameEn: 'NARI PCS-978 transformer protection relay', brand: '南瑞', model: 'PCS-978', uom: 'set', specs: {}, deliveryRegions: ALL, leadTimeDays: 60, skus: [{ skuCode: 'NR-PCS-978', listPrice: '126000.00', moq: '1', increment: '1', availableQty: '3' }] },
      { categoryCode: '070301', nameZh: '南瑞 NSP 配电自动化站所终端 DTU', nameEn: 'NARI NSP distribution terminal unit (DTU)', brand: '南瑞', model: 'NSP-DTU', uom: 'set', specs: {}, deliveryRegions: ALL, leadTimeDays: 30, skus: [{ skuCode: 'NR-DTU-8', listPrice: '32000.00', moq: '1', increment: '1', availableQty: '20' }] },
      { categoryCode: '070302', nameZh: '南瑞 馈线终端 FTU 一二次融合柱上开关', nameEn: 'NARI feeder terminal unit FTU integrated pole switch', brand: '南瑞', model: 'NSP-FTU', uom: 'set', specs: {}, deliveryRegions: ALL, leadTimeDays: 30, skus: [{ skuCode: 'NR-FTU-01', listPrice: '18500.00', moq: '1', increment: '1', availableQty: '40' }] },
      { categoryCode: '070303', nameZh: '南瑞 架空线路故障指示器', nameEn: 'NARI overhead line fault indicator', brand: '南瑞', model: 'NR-FI', uom: 'set', specs: {}, deliveryRegions: ALL, skus: [{ skuCode: 'NR-FI-3', listPrice: '2600.00', moq: '3', increment: '3', availableQty: '300' }] },
      { categoryCode: '060201', nameZh: '南瑞 I型集中器', nameEn: 'NARI type-I data concentrator', brand: '南瑞', model: 'NR-JZQ-I', uom: 'piece', specs: { accuracy: '1' }, deliveryRegions: ALL, skus: [{ skuCode: 'NR-JZQ-I', listPrice: '1450.00', moq: '5', increment: '5', availableQty: '700' }] },
      { categoryCode: '060102', nameZh: '南瑞 三相四线智能电能表', nameEn: 'NARI three-phase four-wire smart meter', brand: '南瑞', model: 'DTZ341', uom: 'piece', specs: { accuracy: '0.5S' }, deliveryRegions: ALL, skus: [{ skuCode: 'NR-DTZ341-1.5(6)A', listPrice: '705.00', moq: '10', increment: '10', availableQty: '400', item: id('meter-3p-05s') }] },
      { categoryCode: '070502', nameZh: '南瑞 阀控式铅酸蓄电池组', nameEn: 'NARI valve-regulated lead-acid battery bank', brand: '南瑞', model: 'GFM-300', uom: 'set', specs: {}, deliveryRegions: ALL, skus: [{ skuCode: 'NR-GFM-300-104', listPrice: '56000.00', moq: '1', increment: '1', availableQty: '6' }] },
    ],
  };
}

async function seedAgreements(tx: Tx, orgs: DemoSuppliers): Promise<void> {
  const now = new Date();
  const year = new Date(now.getTime() + 365 * 86400_000);
  const skuIds = async (prefix: string) => (await query<{ id: string; list_price: string }>(tx, sql`select id, list_price::text from catalog_skus where sku_code like ${`${prefix}%`} order by sku_code`));
  const defs: Array<[string, string, string, string, Array<{ id: string; list_price: string }>, string | null]> = [
    ['fa_demo_js_fareast', 'FA-2026-JS-0001', '2026年国网江苏电力电缆框架协议', orgs.fareast, await skuIds('FE-YJV22'), '50000'],
    ['fa_demo_js_chint', 'FA-2026-JS-0002', '2026年国网江苏低压电器框架协议', orgs.chint, await skuIds('CHNT-NXB63-1P'), '20000'],
  ];
  for (const [id, code, title, supplierOrgId, list, cap] of defs) {
    await tx.insert(agreements).values({ id, code, title, buyerOrgId: orgs.buyers.jiangsu, supplierOrgId, validFrom: now, validTo: year, status: 'active', confirmedAt: now });
    await tx.insert(agreementItems).values(list.map((s) => ({ id: newId('fai'), agreementId: id, skuId: s.id, unitPrice: (Number(s.list_price) * 0.9).toFixed(4), quantityCap: cap })));
  }
}

async function seedAds(tx: Tx, orgs: DemoSuppliers, productIds: Record<string, string>): Promise<void> {
  const bid = (supplierOrgId: string, skuCode: string, targetType: string, target: string, amount: string) => ({ id: newId('adb'), supplierOrgId, productId: productIds[skuCode]!, targetType, target, bidAmount: amount, status: 'active' });
  await tx.insert(adBids).values([
    bid(orgs.tbea, 'TB-YJV22-8.7/15-3x95', 'keyword', '电缆', '2.50'),
    bid(orgs.fareast, 'FE-YJV22-8.7/15-3x70', 'keyword', '电缆', '1.80'),
    bid(orgs.delixi, 'DLX-DZ47s-1P-C10', 'keyword', '断路器', '1.20'),
    bid(orgs.chint, 'CHNT-S13-M-315', 'category', '0301', '3.00'),
  ]);
}
