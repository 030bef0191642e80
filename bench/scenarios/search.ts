// `npm run bench -- search [--skus 1000000] [--seconds 30] [--connections 32]`: generates a catalog of
// SKUs on a fresh PostgreSQL database (set-based SQL from a tokenised vocabulary, no per-row
// inserts), starts the server, and runs a mix of 200+ realistic searches through HTTP.
import autocannon from 'autocannon';
import pg from 'pg';
import { systemCtx } from '../../src/platform/context.ts';
import { openDatabase } from '../../src/platform/db.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { documentTokens, latinText } from '../../src/modules/catalog/tokens.ts';
import { argValue } from '../support/load.ts';
import { freshPgDatabase } from '../support/pg.ts';
import { spawnServer } from '../support/server.ts';

/** [category, 中文名, English name, model stem, variant specs, base price]. */
const FAMILIES: Array<[string, string, string, string, string[], number]> = [
  ['010101', '铜芯交联聚乙烯绝缘钢带铠装电力电缆', 'copper XLPE armoured power cable', 'YJV22-8.7/15', ['3x70', '3x95', '3x120', '3x150', '3x185', '3x240', '3x300'], 180],
  ['010101', '铜芯交联聚乙烯绝缘电力电缆', 'copper XLPE power cable', 'YJV-0.6/1', ['4x25', '4x35', '4x50', '4x95', '4x120', '4x185'], 60],
  ['010103', '阻燃交联聚乙烯绝缘电力电缆', 'flame-retardant XLPE power cable', 'ZC-YJV-0.6/1', ['3x50', '3x95', '4x150'], 70],
  ['010104', '耐火电力电缆', 'fire-resistant power cable', 'NH-YJV-0.6/1', ['4x16', '4x35', '4x70'], 40],
  ['010201', '铝芯交联聚乙烯绝缘架空电缆', 'aluminium XLPE overhead insulated cable', 'JKLYJ-10', ['1x70', '1x120', '1x185', '1x240'], 15],
  ['010301', '铜芯聚氯乙烯绝缘控制电缆', 'copper PVC control cable', 'KVV-450/750', ['4x1.5', '7x1.5', '10x2.5'], 8],
  ['010401', '钢芯铝绞线', 'ACSR conductor', 'JL/G1A', ['95/15', '150/25', '240/30', '400/35'], 9000],
  ['010501', '聚氯乙烯绝缘铜芯电线', 'PVC insulated copper wire', 'BV', ['1.5', '2.5', '4', '6'], 2],
  ['030101', '油浸式配电变压器', 'oil-immersed distribution transformer', 'S13-M', ['200/10', '315/10', '400/10', '630/10'], 40000],
  ['030102', '环氧树脂干式变压器', 'cast-resin dry-type transformer', 'SCB13', ['400/10', '630/10', '1000/10'], 80000],
  ['030401', '电流互感器', 'current transformer', 'LZZBJ9-10', ['100/5', '200/5', '400/5'], 900],
  ['040101', '小型断路器', 'miniature circuit breaker', 'DZ47-63', ['1P-C16', '1P-C32', '2P-C32', '3P-C63'], 20],
  ['040102', '塑壳断路器', 'moulded-case circuit breaker', 'NM1-250', ['100A', '160A', '250A'], 450],
  ['040104', '户外高压真空断路器', 'outdoor vacuum circuit breaker', 'ZW32-12', ['630A', '1250A'], 27000],
  ['040401', '气体绝缘环网柜', 'gas-insulated ring main unit', 'XGN15-12', ['630A'], 36000],
  ['040701', '交流接触器', 'AC contactor', 'CJX2', ['9A', '18A', '32A', '65A'], 60],
  ['050101', '盘形悬式瓷绝缘子', 'porcelain suspension insulator', 'XP-70', ['70kN', '100kN'], 45],
  ['050301', '棒形悬式复合绝缘子', 'composite long-rod insulator', 'FXBW4-110/100', ['100kN'], 380],
  ['050401', '氧化锌避雷器', 'metal-oxide surge arrester', 'YH5WZ-17/45', ['17kV'], 130],
  ['060102', '三相智能电能表', 'three-phase smart meter', 'DTZY666', ['1.5(6)A', '10(100)A'], 650],
  ['070301', '配电自动化终端', 'distribution terminal unit', 'DTU', ['8路', '16路'], 30000],
  ['080301', '数字万用表', 'digital multimeter', 'DT830', ['B', 'D'], 40],
  ['080104', '液压压线钳', 'hydraulic crimping tool', 'CPO-240', ['240'], 460],
  ['090101', '电工安全帽', 'electrician safety helmet', 'ABS-V', ['红', '黄', '蓝'], 30],
  ['090201', '绝缘手套', 'insulating gloves', 'JYST-12', ['M', 'L', 'XL'], 160],
  ['100101', '热镀锌角钢', 'hot-dip galvanised angle steel', 'L50x5', ['6m', '9m'], 4200],
  ['110101', 'A4复印纸', 'A4 copy paper', '70g', ['500张', '2500张'], 25],
];
const BRANDS: Array<[string, string]> = [['远东', 'Far East'], ['特变电工', 'TBEA'], ['正泰', 'Chint'], ['德力西', 'Delixi'], ['平高', 'Pinggao'], ['南瑞', 'NARI'], ['宝胜', 'Baosheng'], ['亨通', 'Hengtong'], ['许继', 'XJ'], ['西电', 'XD'], ['施耐德', 'Schneider'], ['ABB', 'ABB']];
const REGIONS = ['全国', '江苏', '浙江', '安徽', '上海', '山东', '河南', '广东'];

const QUERIES = [
  '电缆', '电力电缆', '交联聚乙烯', '铠装电缆', '控制电缆', '架空电缆', '耐火电缆', '阻燃', '钢芯铝绞线', '电线', '变压器', '油浸式变压器', '干式变压器', '互感器',
  '断路器', '小型断路器', '塑壳断路器', '真空断路器', '环网柜', '接触器', '绝缘子', '复合绝缘子', '避雷器', '电能表', '智能电能表', '配电自动化', '万用表', '压线钳',
  '安全帽', '绝缘手套', '角钢', '复印纸', 'YJV22-8.7/15', 'YJV22 3x240', 'yjv22 8.7/15 3*240', '3x240', '3×185', 'JKLYJ-10', 'KVV', 'S13-M-400/10', 'SCB13', 'DZ47-63',
  'NM1-250', 'ZW32-12', 'XGN15', 'CJX2', 'XP-70', 'FXBW4', 'YH5WZ', 'DTZY666', 'DT830', 'power cable', 'transformer', 'circuit breaker', 'insulator', 'surge arrester',
  'smart meter', 'multimeter', 'safety helmet', 'gloves', 'copper cable', 'transfromer', 'brekaer', '远东 电缆', '正泰 断路器', 'Chint breaker', 'TBEA transformer', 'ABB 断路器',
];
const FILTERS = ['', '&category=01', '&category=0101', '&category=04&inStock=true', '&sort=price_asc', '&sort=sales', '&region=江苏', '&priceMin=100&priceMax=10000', '&category=03&attr=voltage:10kV'];

export default async function searchBench(args: string[]): Promise<Record<string, unknown>> {
  const total = Number(argValue(args, 'skus') ?? 1_000_000);
  const seconds = Number(argValue(args, 'seconds') ?? 30);
  const connections = Number(argValue(args, 'connections') ?? 32);
  const fresh = await freshPgDatabase('cotrade_bench_search');
  let server: Awaited<ReturnType<typeof spawnServer>> | null = null;
  try {
    const database = await openDatabase({ databaseUrl: fresh.url, poolSize: 4 });
    await database.migrate();
    await seedDemo(systemCtx(database.db, 'bench'));
    await database.close();
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    const started = performance.now();
    await generate(client, total);
    const generateSeconds = (performance.now() - started) / 1000;
    const [{ skus, index_mb }] = (await client.query(`select (select count(*)::int from catalog_search_rows) as skus,
      round((select sum(pg_relation_size(indexrelid)) from pg_index where indrelid = 'catalog_search_rows'::regclass) / 1048576.0) as index_mb`)).rows;
    await client.end();
    server = await spawnServer({ env: { DATABASE_URL: fresh.url, COTRADE_DEMO: '0', COTRADE_DB_POOL: '16', LOG_LEVEL: 'warn' } });
    const urls: string[] = [];
    for (const q of QUERIES) for (const f of FILTERS) urls.push(`/api/v1/catalog/search?q=${encodeURIComponent(q)}${encodeURI(f)}&limit=20`);
    for (const f of FILTERS.slice(1)) urls.push(`/api/v1/catalog/search?${encodeURI(f.slice(1))}&limit=20`);
    // One pass warms the caches the way steady traffic would; it is timed separately.
    const coldStart = performance.now();
    const cold: number[] = [];
    for (const u of urls) {
      const t = performance.now();
      const r = await fetch(server.url + u);
      await r.arrayBuffer();
      cold.push(performance.now() - t);
    }
    const coldSeconds = (performance.now() - coldStart) / 1000;
    cold.sort((a, b) => a - b);
    const times: number[] = [];
    let i = 0;
    const tracker = autocannon({ url: server.url, connections, duration: seconds, requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: urls[i++ % urls.length] }) }] } as never);
    tracker.on('response', (_c, _s, _b, ms) => times.push(ms));
    const result = await tracker;
    times.sort((a, b) => a - b);
    const at = (arr: number[], q: number) => Math.round(arr[Math.min(arr.length - 1, Math.ceil(q * arr.length) - 1)]! * 100) / 100;
    return {
      scenario: 'search',
      skus,
      generate_s: Math.round(generateSeconds * 10) / 10,
      qps: Math.round(times.length / result.duration),
      p50_ms: at(times, 0.5),
      p95_ms: at(times, 0.95),
      p99_ms: at(times, 0.99),
      index_mb: Number(index_mb),
      distinct_queries: urls.length,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      uncached_first_pass: { queries: urls.length, seconds: Math.round(coldSeconds * 10) / 10, p50_ms: at(cold, 0.5), p95_ms: at(cold, 0.95), p99_ms: at(cold, 0.99) },
    };
  } finally {
    await server?.stop();
    await fresh.drop();
  }
}

/** Inserts `total` SKUs (products of 1–4 variants) with their search rows, set-based. */
async function generate(client: pg.Client, total: number): Promise<void> {
  const { rows: suppliers } = await client.query(`select id, name from organizations where 'supplier' = any(kinds) order by name`);
  const fam = FAMILIES.map(([category, zh, en, model, variants, price], f) => ({ f, category, zh, en, model, variants, price }));
  // Vocabulary with its tokens precomputed by the application's tokenizer.
  const vocab = [] as Array<{ f: number; b: number; v: number; category: string; title_zh: string; title_en: string; model: string; spec: string; price: number; ta: string; tb: string; latin: string }>;
  for (const x of fam) for (let b = 0; b < BRANDS.length; b++) for (let v = 0; v < x.variants.length; v++) {
    const [bz, be] = BRANDS[b]!;
    const titleZh = `${bz} ${x.model} ${x.zh} ${x.variants[v]}`;
    const titleEn = `${be} ${x.model} ${x.en} ${x.variants[v]}`;
    vocab.push({ f: x.f, b, v, category: x.category, title_zh: titleZh, title_en: titleEn, model: x.model, spec: x.variants[v]!, price: x.price * (1 + v * 0.4), ta: documentTokens(titleZh, titleEn, bz, x.model), tb: documentTokens(x.zh, x.en, '电线电缆 变压器 开关'), latin: latinText(titleEn, be, x.model) });
  }
  await client.query(`create temp table vocab (n int primary key, category text, title_zh text, title_en text, model text, spec text, brand text, price numeric, ta text, tb text, latin text)`);
  const chunk = 500;
  for (let s = 0; s < vocab.length; s += chunk) {
    const part = vocab.slice(s, s + chunk);
    const values: unknown[] = [];
    const rowsSql = part.map((x, k) => {
      values.push(s + k, x.category, x.title_zh, x.title_en, x.model, x.spec, BRANDS[x.b]![0], x.price, x.ta, x.tb, x.latin);
      const o = k * 11;
      return `($${o + 1},$${o + 2},$${o + 3},$${o + 4},$${o + 5},$${o + 6},$${o + 7},$${o + 8},$${o + 9},$${o + 10},$${o + 11})`;
    });
    await client.query(`insert into vocab values ${rowsSql.join(',')}`, values);
  }
  const n = vocab.length;
  const supplierIds = suppliers.map((r: { id: string }) => r.id);
  const regions = REGIONS;
  // Indexes are dropped during the load and rebuilt after: far faster than maintaining them row by row.
  const { rows: indexes } = await client.query(`select indexname, indexdef from pg_indexes where tablename = 'catalog_search_rows' and indexname <> 'catalog_search_rows_pkey'`);
  for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
  await client.query(`set synchronous_commit = off`);
  const batch = 200_000;
  for (let from = 0; from < total; from += batch) {
    const to = Math.min(total, from + batch) - 1;
    await client.query(
      `insert into catalog_search_rows (sku_id, product_id, supplier_org_id, standard_item_id, category_code, title_zh, title_en, brand, model, sku_code, price, tax_rate, uom,
         available_qty, in_stock, lead_time_days, regions, attrs, sales_count, rating, listed, supplier_active, tokens_a, tokens_b, latin)
       select 'skub_' || g, 'prdb_' || (g / 3), ($1::text[])[1 + (g % $2)], null, v.category, v.title_zh, v.title_en, v.brand, v.model, 'B' || g || '-' || v.spec,
         round(v.price * (0.8 + (hashint4(g) & 1023) / 2048.0), 2), 0.13, 'piece', (g % 7) * 10, g % 7 <> 0, 3 + g % 40,
         array[($3::text[])[1 + (g % 8)]], jsonb_build_object('spec', v.spec), hashint4(g * 7) & 1023, 3.5 + (g % 15) / 10.0, true, true, v.ta, v.tb, v.latin
       from generate_series($4::int, $5::int) g join vocab v on v.n = (hashint4(g) & 2147483647) % $6`,
      [supplierIds, supplierIds.length, regions, from, to, n],
    );
  }
  for (const ix of indexes) await client.query(ix.indexdef);
  await client.query(`select setval('catalog_search_generation_seq', nextval('catalog_search_generation_seq') + 1)`);
  await client.query(`vacuum analyze catalog_search_rows`);
}
