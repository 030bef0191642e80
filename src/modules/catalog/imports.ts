import { createRequire } from 'node:module';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { Problem } from '../../platform/problem.ts';
import { findCategory } from './coding.ts';
import { replaceTiers, recordPriceChange } from './pricing.ts';
import { insertProduct, supplierOrgOf, type ProductInput } from './products.ts';
import { categories, priceTiers, products, skus, standardItems } from './schema.ts';
import { refreshSearchRows } from './search-rows.ts';

const require = createRequire(import.meta.url);

export type Table = string[][];

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, an optional UTF-8 BOM. */
export function parseCsv(text: string): Table {
  const rows: Table = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export function toCsv(table: Table): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\uFEFF' + table.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

type ExcelJsModule = typeof import('exceljs');
function excel(): ExcelJsModule {
  return require('exceljs') as ExcelJsModule;
}

export async function parseXlsx(content: Buffer): Promise<Table> {
  const ExcelJS = excel();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new Problem('catalog.import_unreadable', { reason: `not an XLSX workbook (${(error as Error).message.slice(0, 100)})` });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: Table = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = r.getCell(c).value as unknown;
      values.push(v === null || v === undefined ? '' : typeof v === 'object' && v && 'text' in v ? String((v as { text: unknown }).text) : typeof v === 'object' && v && 'result' in v ? String((v as { result: unknown }).result) : String(v));
    }
    rows.push(values);
  });
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export async function toXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const ExcelJS = excel();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const r of table) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Reads an uploaded table; the format comes from the file name or content type. */
export async function readTable(file: { filename: string; contentType: string; content: Buffer }): Promise<Table> {
  const isXlsx = /\.xlsx$/i.test(file.filename) || file.contentType.includes('spreadsheetml');
  if (isXlsx) return parseXlsx(file.content);
  const text = file.content.toString('utf8');
  if (text.includes('\u0000')) throw new Problem('catalog.import_unreadable', { reason: 'the file is neither UTF-8 CSV nor XLSX' });
  return parseCsv(text);
}

export interface RowReport {
  row: number;
  status: 'created' | 'updated' | 'error';
  key: string;
  id?: string;
  errors?: Array<{ column: string; message: string }>;
}

export interface ImportReport {
  total: number;
  created: number;
  updated: number;
  failed: number;
  rows: RowReport[];
}

/** Columns of the product import/export table, in order. */
export const PRODUCT_COLUMNS = [
  'product_key', 'category_code', 'name_zh', 'name_en', 'brand', 'model', 'uom', 'tax_rate', 'lead_time_days', 'warranty_months', 'origin', 'delivery_regions',
  'specs', 'sku_code', 'sku_specs', 'standard_item_code', 'list_price', 'tiers', 'moq', 'increment', 'stock',
] as const;
type Column = (typeof PRODUCT_COLUMNS)[number];
const REQUIRED: Column[] = ['category_code', 'name_zh', 'uom', 'sku_code', 'list_price'];

function headerIndex(header: string[], columns: readonly string[], required: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.trim().toLowerCase();
    if (columns.includes(name)) index.set(name, i);
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) throw new Problem('catalog.import_unreadable', { reason: `missing column(s): ${missing.join(', ')}; the first row must name the columns` });
  return index;
}

/** `key=value; key=value` → object (values stay strings; the template converts them). */
function parsePairs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(/[;；]/)) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function problemMessages(error: unknown): Array<{ column: string; message: string }> {
  if (error instanceof Problem) {
    if (error.errors?.length) return error.errors.map((e) => ({ column: e.pointer.replace(/^\/skus\/\d+/, '').replace(/^\//, '') || 'row', message: e.message }));
    return [{ column: 'row', message: error.message }];
  }
  throw error;
}

/**
 * Imports products: one row per SKU; rows with the same product_key form one product. Each
 * product lands in its own savepoint: a bad row fails its product alone and is reported; nothing
 * of it is written. A known sku_code updates that SKU's commercial fields (price, stock, MOQ).
 */
export async function importProducts(ctx: Ctx, table: Table, options: { submit?: boolean } = {}): Promise<ImportReport> {
  const supplierOrgId = supplierOrgOf(ctx);
  if (table.length < 2) throw new Problem('catalog.import_unreadable', { reason: 'no data rows' });
  if (table.length > 5001) throw new Problem('catalog.import_unreadable', { reason: 'at most 5000 rows per file' });
  const index = headerIndex(table[0]!, PRODUCT_COLUMNS, REQUIRED);
  const get = (r: string[], c: Column) => (index.has(c) ? (r[index.get(c)!] ?? '').trim() : '');
  const groups = new Map<string, Array<{ row: number; cells: string[] }>>();
  table.slice(1).forEach((cells, i) => {
    const key = get(cells, 'product_key') || `row-${i + 2}`;
    groups.set(key, [...(groups.get(key) ?? []), { row: i + 2, cells }]);
  });
  const report: RowReport[] = [];
  return ctx.db.transaction(async (tx) => {
    for (const [key, rows] of groups) {
      try {
        const outcome = await tx.transaction(async (sp) => importGroup(sp, ctx, supplierOrgId, rows.map((r) => r.cells), get, options));
        rows.forEach((r, i) => report.push({ row: r.row, key, status: outcome.status, id: outcome.ids[i] }));
      } catch (error) {
        const messages = problemMessages(error);
        for (const r of rows) report.push({ row: r.row, key, status: 'error', errors: messages });
      }
    }
    report.sort((a, b) => a.row - b.row);
    const summary = {
      total: report.length,
      created: report.filter((r) => r.status === 'created').length,
      updated: report.filter((r) => r.status === 'updated').length,
      failed: report.filter((r) => r.status === 'error').length,
    };
    await emitEvent(tx, 'catalog.products.imported', summary, supplierOrgId);
    await recordAudit(tx, ctx, { action: 'catalog.products.imported', targetType: 'product_import', data: summary });
    return { ...summary, rows: report };
  });
}

function dec(value: string, column: string): string {
  try {
    const d = new Decimal(value);
    if (!d.isFinite()) throw new Error();
    return d.toString();
  } catch {
    throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/${column}`, in: 'body', message: `"${value}" is not a number` }]);
  }
}

async function importGroup(
  tx: Tx,
  ctx: Ctx,
  supplierOrgId: string,
  rows: string[][],
  get: (r: string[], c: Column) => string,
  options: { submit?: boolean },
): Promise<{ status: 'created' | 'updated'; ids: string[] }> {
  const codes = rows.map((r) => get(r, 'sku_code'));
  for (const r of rows) for (const c of REQUIRED) if (!get(r, c)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/${c}`, in: 'body', message: 'is required' }]);
  const existing = await tx.select().from(skus).where(and(eq(skus.supplierOrgId, supplierOrgId), inArray(skus.skuCode, codes)));
  if (existing.length === rows.length) {
    // Known SKUs: commercial fields only.
    const ids: string[] = [];
    for (const r of rows) {
      const sku = existing.find((s) => s.skuCode === get(r, 'sku_code'))!;
      const [product] = await tx.select().from(products).where(eq(products.id, sku.productId));
      const listPrice = new Decimal(dec(get(r, 'list_price'), 'list_price'));
      if (listPrice.lte(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/list_price', in: 'body', message: 'must be positive' }]);
      await tx
        .update(skus)
        .set({
          listPrice: listPrice.toFixed(4),
          ...(get(r, 'stock') ? { availableQty: new Decimal(dec(get(r, 'stock'), 'stock')).toFixed(3) } : {}),
          ...(get(r, 'moq') ? { moq: new Decimal(dec(get(r, 'moq'), 'moq')).toFixed(3) } : {}),
          ...(get(r, 'increment') ? { increment: new Decimal(dec(get(r, 'increment'), 'increment')).toFixed(3) } : {}),
          updatedAt: new Date(),
          version: sku.version + 1,
        })
        .where(eq(skus.id, sku.id));
      if (!listPrice.eq(sku.listPrice)) await recordPriceChange(tx, { sku, categoryCode: product!.categoryCode, kind: 'list', unitPrice: listPrice.toFixed(4), recordedBy: ctx.actor!.id });
      if (get(r, 'tiers')) await replaceTiers(tx, sku, product!.categoryCode, parseTiers(get(r, 'tiers')), ctx.actor!.id);
      await refreshSearchRows(tx, sku.productId);
      ids.push(sku.id);
    }
    return { status: 'updated', ids };
  }
  if (existing.length) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/sku_code', in: 'body', message: `SKU code(s) ${existing.map((s) => s.skuCode).join(', ')} already exist; a product's rows must be all new or all existing` }]);
  const first = rows[0]!;
  const itemCodes = rows.map((r) => get(r, 'standard_item_code')).filter(Boolean);
  const items = itemCodes.length ? await tx.select().from(standardItems).where(inArray(standardItems.code, itemCodes)) : [];
  const input: ProductInput = {
    categoryCode: get(first, 'category_code'),
    nameZh: get(first, 'name_zh'),
    nameEn: get(first, 'name_en') || null,
    brand: get(first, 'brand') || null,
    model: get(first, 'model') || null,
    uom: get(first, 'uom'),
    taxRate: get(first, 'tax_rate') ? dec(get(first, 'tax_rate'), 'tax_rate') : undefined,
    leadTimeDays: get(first, 'lead_time_days') ? Number.parseInt(dec(get(first, 'lead_time_days'), 'lead_time_days'), 10) : 7,
    warrantyMonths: get(first, 'warranty_months') ? Number.parseInt(dec(get(first, 'warranty_months'), 'warranty_months'), 10) : null,
    origin: get(first, 'origin') || null,
    deliveryRegions: get(first, 'delivery_regions') ? get(first, 'delivery_regions').split(/[;；]/).map((s) => s.trim()).filter(Boolean) : [],
    specs: parsePairs(get(first, 'specs')),
    skus: rows.map((r) => {
      const itemCode = get(r, 'standard_item_code');
      const item = itemCode ? items.find((i) => i.code === itemCode) : undefined;
      if (itemCode && !item) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/standard_item_code', in: 'body', message: `no standard item ${itemCode}` }]);
      return {
        skuCode: get(r, 'sku_code'),
        specs: parsePairs(get(r, 'sku_specs')),
        standardItemId: item?.id ?? null,
        listPrice: dec(get(r, 'list_price'), 'list_price'),
        tiers: get(r, 'tiers') ? parseTiers(get(r, 'tiers')) : undefined,
        moq: get(r, 'moq') ? dec(get(r, 'moq'), 'moq') : undefined,
        increment: get(r, 'increment') ? dec(get(r, 'increment'), 'increment') : undefined,
        availableQty: get(r, 'stock') ? dec(get(r, 'stock'), 'stock') : undefined,
      };
    }),
  };
  if (!(await findCategory(tx, input.categoryCode))) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/category_code', in: 'body', message: `no category ${input.categoryCode}` }]);
  const product = await insertProduct(tx, supplierOrgId, input, { actorId: ctx.actor!.id, submit: options.submit });
  const created = await tx.select({ id: skus.id, code: skus.skuCode }).from(skus).where(eq(skus.productId, product.id));
  return { status: 'created', ids: codes.map((c) => created.find((s) => s.code === c)?.id ?? product.id) };
}

function parseTiers(s: string): Array<{ minQty: string; unitPrice: string }> {
  return s
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [minQty, unitPrice] = p.split(/[:：]/).map((x) => x.trim());
      return { minQty: dec(minQty ?? '', 'tiers'), unitPrice: dec(unitPrice ?? '', 'tiers') };
    });
}

/** The supplier's products as the import table (round-trips through importProducts). */
export async function exportProducts(ctx: Ctx): Promise<Table> {
  const supplierOrgId = supplierOrgOf(ctx);
  const rows = await ctx.db
    .select({ product: products, sku: skus, itemCode: standardItems.code })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .leftJoin(standardItems, eq(standardItems.id, skus.standardItemId))
    .where(eq(skus.supplierOrgId, supplierOrgId))
    .orderBy(asc(products.createdAt), asc(products.id), asc(skus.skuCode));
  const tierRows = rows.length ? await ctx.db.select().from(priceTiers).where(inArray(priceTiers.skuId, rows.map((r) => r.sku.id))) : [];
  const pairs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join(';');
  const num = (v: string | null) => (v === null ? '' : new Decimal(v).toString());
  const table: Table = [[...PRODUCT_COLUMNS]];
  for (const { product: p, sku: s, itemCode } of rows) {
    const tiers = tierRows.filter((t) => t.skuId === s.id).sort((a, b) => new Decimal(a.minQty).cmp(b.minQty)).map((t) => `${num(t.minQty)}:${num(t.unitPrice)}`).join(';');
    table.push([
      p.id, p.categoryCode, p.nameZh, p.nameEn ?? '', p.brand ?? '', p.model ?? '', p.uom, num(p.taxRate), String(p.leadTimeDays), p.warrantyMonths === null ? '' : String(p.warrantyMonths),
      p.origin ?? '', p.deliveryRegions.join(';'), pairs(p.specs), s.skuCode, pairs(s.specs), itemCode ?? '', num(s.listPrice), tiers, num(s.moq), num(s.increment), num(s.availableQty),
    ]);
  }
  return table;
}

/**
 * Imports a coding table (code, name_zh, name_en[, sort_order]): new codes are added under their
 * parents (parents first, in the same file or already present), known codes are renamed.
 */
export async function importCodingTable(ctx: Ctx, table: Table): Promise<ImportReport> {
  if (table.length < 2) throw new Problem('catalog.import_unreadable', { reason: 'no data rows' });
  const index = headerIndex(table[0]!, ['code', 'name_zh', 'name_en', 'sort_order'], ['code', 'name_zh', 'name_en']);
  const cell = (r: string[], c: string) => (index.has(c) ? (r[index.get(c)!] ?? '').trim() : '');
  const rows = table.slice(1).map((cells, i) => ({ row: i + 2, cells })).sort((a, b) => cell(a.cells, 'code').length - cell(b.cells, 'code').length || a.row - b.row);
  const report: RowReport[] = [];
  return ctx.db.transaction(async (tx) => {
    for (const { row, cells } of rows) {
      const code = cell(cells, 'code');
      try {
        const status = await tx.transaction(async (sp) => {
          const errors: Array<{ column: string; message: string }> = [];
          if (!/^(\d{2}){1,6}$/.test(code)) errors.push({ column: 'code', message: 'must be 2 to 12 digits, two per level' });
          if (!cell(cells, 'name_zh')) errors.push({ column: 'name_zh', message: 'is required' });
          if (!cell(cells, 'name_en')) errors.push({ column: 'name_en', message: 'is required' });
          if (errors.length) throw Object.assign(new Error('row'), { rowErrors: errors });
          const sortOrder = Number.parseInt(cell(cells, 'sort_order') || '0', 10) || 0;
          const existing = await findCategory(sp, code);
          if (existing) {
            await sp.update(categories).set({ nameZh: cell(cells, 'name_zh'), nameEn: cell(cells, 'name_en'), sortOrder, updatedAt: new Date(), version: existing.version + 1 }).where(eq(categories.code, code));
            return 'updated' as const;
          }
          const parentCode = code.length > 2 ? code.slice(0, -2) : null;
          if (parentCode && !(await findCategory(sp, parentCode))) throw Object.assign(new Error('row'), { rowErrors: [{ column: 'code', message: `parent ${parentCode} does not exist` }] });
          await sp.insert(categories).values({ code, parentCode, level: code.length / 2, nameZh: cell(cells, 'name_zh'), nameEn: cell(cells, 'name_en'), sortOrder });
          return 'created' as const;
        });
        report.push({ row, key: code, status, id: code });
      } catch (error) {
        const rowErrors = (error as { rowErrors?: Array<{ column: string; message: string }> }).rowErrors;
        report.push({ row, key: code, status: 'error', errors: rowErrors ?? problemMessages(error) });
      }
    }
    report.sort((a, b) => a.row - b.row);
    const summary = {
      total: report.length,
      created: report.filter((r) => r.status === 'created').length,
      updated: report.filter((r) => r.status === 'updated').length,
      failed: report.filter((r) => r.status === 'error').length,
    };
    await emitEvent(tx, 'catalog.coding.imported', summary);
    await recordAudit(tx, ctx, { action: 'catalog.coding.imported', targetType: 'coding_table', orgId: null, data: summary });
    return { ...summary, rows: report };
  });
}
