import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem, type FieldError } from '../../platform/problem.ts';
import { attributes, categories, standardItems, type AttributeOption, type Specs } from './schema.ts';
import { validateSpecs, type SpecInput, type TemplateAttribute } from './specs.ts';
import './errors.ts';
import { isUnit } from './units.ts';

export type Category = typeof categories.$inferSelect;
export type StandardItem = typeof standardItems.$inferSelect;

export const CATEGORY_CODE = /^(\d{2})+$/;

/** The codes of a category and its ancestors, root first: `070103` → `07`, `0701`, `070103`. */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  for (let i = 2; i <= code.length; i += 2) out.push(code.slice(0, i));
  return out;
}

export async function findCategory(tx: Tx, code: string): Promise<Category | null> {
  const [row] = await tx.select().from(categories).where(eq(categories.code, code));
  return row ?? null;
}

/** The category with this code; 404 when there is none. */
export async function getCategoryByCode(tx: Tx, code: string): Promise<Category> {
  const row = await findCategory(tx, code);
  if (!row) throw notFound('category', code);
  return row;
}

/** Categories under `parentCode` (all when absent) to `depth` levels below it. */
export async function listCategories(tx: Tx, filter: { parentCode?: string; depth?: number; includeRetired?: boolean }): Promise<Category[]> {
  const conditions = [];
  if (filter.parentCode) conditions.push(like(categories.code, `${filter.parentCode}__%`));
  if (filter.depth) {
    const base = filter.parentCode ? filter.parentCode.length / 2 : 0;
    conditions.push(sql`${categories.level} <= ${base + filter.depth}`);
  }
  if (!filter.includeRetired) conditions.push(eq(categories.status, 'active'));
  return tx.select().from(categories).where(and(...conditions)).orderBy(asc(categories.code));
}

/** The category's effective attribute template: its own lines plus those inherited from ancestors. */
export async function effectiveTemplate(tx: Tx, code: string): Promise<TemplateAttribute[]> {
  const codes = ancestorCodes(code);
  const rows = await tx.select().from(attributes).where(inArray(attributes.categoryCode, codes));
  const byKey = new Map<string, TemplateAttribute>();
  // Deeper categories override their ancestors' definition of the same key.
  rows.sort((a, b) => a.categoryCode.length - b.categoryCode.length);
  for (const r of rows) {
    byKey.set(r.key, {
      key: r.key,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      type: r.type as TemplateAttribute['type'],
      unit: r.unit,
      options: r.options ?? null,
      required: r.required,
      filterable: r.filterable,
      variant: r.variant,
      sortOrder: r.sortOrder,
      definedIn: r.categoryCode,
    });
  }
  return [...byKey.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.key.localeCompare(b.key));
}

export interface CategoryInput {
  code: string;
  nameZh: string;
  nameEn: string;
  sortOrder?: number;
}

function checkCode(code: string): void {
  if (!CATEGORY_CODE.test(code) || code.length > 12) {
    throw new Problem('catalog.category_invalid', { reason: `code ${code} must be 2 to 12 digits, two per level` }, {}, [
      { pointer: '/code', in: 'body', message: 'must be 2, 4, 6 … 12 digits' },
    ]);
  }
}

async function insertCategory(tx: Tx, input: CategoryInput): Promise<Category> {
  checkCode(input.code);
  const parentCode = input.code.length > 2 ? input.code.slice(0, -2) : null;
  if (parentCode) {
    const parent = await findCategory(tx, parentCode);
    if (!parent) throw new Problem('catalog.category_invalid', { reason: `parent category ${parentCode} does not exist` }, {}, [{ pointer: '/code', in: 'body', message: `parent ${parentCode} does not exist` }]);
  }
  const inserted = await tx
    .insert(categories)
    .values({ code: input.code, parentCode, level: input.code.length / 2, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), sortOrder: input.sortOrder ?? 0 })
    .onConflictDoNothing()
    .returning();
  if (!inserted[0]) throw new Problem('catalog.code_taken', { code: input.code });
  return inserted[0];
}

/** Adds a category under its parent (the code minus its last two digits). */
export async function createCategory(ctx: Ctx, input: CategoryInput): Promise<Category> {
  return ctx.db.transaction(async (tx) => {
    const category = await insertCategory(tx, input);
    await emitEvent(tx, 'catalog.category.created', { code: category.code });
    await recordAudit(tx, ctx, { action: 'catalog.category.created', targetType: 'category', targetId: category.code, orgId: null, data: { ...input } });
    return category;
  });
}

/** Renames, reorders or retires a category; the code never changes. */
export async function updateCategory(
  ctx: Ctx,
  code: string,
  input: { nameZh?: string; nameEn?: string; sortOrder?: number; status?: 'active' | 'retired'; version?: number },
): Promise<Category> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(categories).where(eq(categories.code, code)).for('update');
    if (!current) throw notFound('category', code);
    assertVersion('category', current.version, { version: input.version });
    const [updated] = await tx
      .update(categories)
      .set({
        nameZh: input.nameZh?.trim() ?? current.nameZh,
        nameEn: input.nameEn?.trim() ?? current.nameEn,
        sortOrder: input.sortOrder ?? current.sortOrder,
        status: input.status ?? current.status,
        updatedAt: new Date(),
        version: current.version + 1,
      })
      .where(eq(categories.code, code))
      .returning();
    await emitEvent(tx, 'catalog.category.updated', { code });
    await recordAudit(tx, ctx, { action: 'catalog.category.updated', targetType: 'category', targetId: code, orgId: null, data: { ...input } });
    return updated!;
  });
}

export interface AttributeInput {
  key: string;
  nameZh: string;
  nameEn: string;
  type: 'number' | 'enum' | 'text' | 'boolean';
  unit?: string | null;
  options?: AttributeOption[] | null;
  required?: boolean;
  filterable?: boolean;
  variant?: boolean;
}

function checkAttributes(list: AttributeInput[]): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((a, i) => {
    if (seen.has(a.key)) errors.push({ pointer: `/attributes/${i}/key`, in: 'body', message: 'duplicate key' });
    seen.add(a.key);
    if (a.type === 'enum' && !a.options?.length) errors.push({ pointer: `/attributes/${i}/options`, in: 'body', message: 'an enumeration needs options' });
    if (a.unit && !isUnit(a.unit)) errors.push({ pointer: `/attributes/${i}/unit`, in: 'body', message: `unknown unit ${a.unit}` });
    if (a.unit && a.type !== 'number') errors.push({ pointer: `/attributes/${i}/unit`, in: 'body', message: 'only numbers have units' });
  });
  if (errors.length) throw new Problem('request.invalid', { count: errors.length }, {}, errors);
}

/** Replaces the category's own attribute lines (inherited ones are edited on the ancestor). */
export async function setCategoryAttributes(ctx: Ctx, code: string, list: AttributeInput[]): Promise<TemplateAttribute[]> {
  checkAttributes(list);
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(categories).where(eq(categories.code, code)).for('update');
    if (!current) throw notFound('category', code);
    await tx.delete(attributes).where(eq(attributes.categoryCode, code));
    if (list.length) {
      await tx.insert(attributes).values(
        list.map((a, i) => ({
          categoryCode: code,
          key: a.key,
          nameZh: a.nameZh,
          nameEn: a.nameEn,
          type: a.type,
          unit: a.unit ?? null,
          options: a.options ?? null,
          required: a.required ?? false,
          filterable: a.filterable ?? false,
          variant: a.variant ?? false,
          sortOrder: i,
        })),
      );
    }
    await tx.update(categories).set({ updatedAt: new Date(), version: current.version + 1 }).where(eq(categories.code, code));
    await emitEvent(tx, 'catalog.category.template_changed', { code });
    await recordAudit(tx, ctx, { action: 'catalog.category.template_changed', targetType: 'category', targetId: code, orgId: null, data: { keys: list.map((a) => a.key) } });
    return effectiveTemplate(tx, code);
  });
}

// --- standard items -------------------------------------------------------------------------

export interface StandardItemInput {
  categoryCode: string;
  nameZh: string;
  nameEn: string;
  uom: string;
  specs: Record<string, SpecInput>;
  /** Optional explicit code; otherwise the next serial under the category. */
  code?: string;
}

async function nextItemCode(tx: Tx, categoryCode: string): Promise<string> {
  const rows = await tx.select({ code: standardItems.code }).from(standardItems).where(eq(standardItems.categoryCode, categoryCode));
  let max = 0;
  for (const r of rows) {
    const m = r.code.match(/-(\d+)$/);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${categoryCode}-${String(max + 1).padStart(4, '0')}`;
}

async function validItemSpecs(tx: Tx, categoryCode: string, input: Record<string, SpecInput>): Promise<Specs> {
  const template = await effectiveTemplate(tx, categoryCode);
  const { specs, errors } = validateSpecs(template, input, '/specs', false);
  if (errors.length) throw new Problem('catalog.specs_invalid', { count: errors.length }, {}, errors);
  return specs;
}

export async function insertStandardItem(tx: Tx, input: StandardItemInput): Promise<StandardItem> {
  const category = await getCategoryByCode(tx, input.categoryCode);
  if (!isUnit(input.uom)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/uom', in: 'body', message: `unknown unit ${input.uom}` }]);
  const specs = await validItemSpecs(tx, category.code, input.specs);
  const code = input.code ?? (await nextItemCode(tx, category.code));
  if (!code.startsWith(`${category.code}-`)) {
    throw new Problem('catalog.category_invalid', { reason: `item code ${code} must start with ${category.code}-` });
  }
  const inserted = await tx
    .insert(standardItems)
    .values({ id: newId('sti'), code, categoryCode: category.code, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), specs, uom: input.uom })
    .onConflictDoNothing()
    .returning();
  if (!inserted[0]) throw new Problem('catalog.code_taken', { code });
  return inserted[0];
}

/** Codes a new standard item (标准物料) under a category with its defining specs. */
export async function createStandardItem(ctx: Ctx, input: StandardItemInput): Promise<StandardItem> {
  return ctx.db.transaction(async (tx) => {
    const item = await insertStandardItem(tx, input);
    await emitEvent(tx, 'catalog.standard_item.created', { standardItemId: item.id, code: item.code });
    await recordAudit(tx, ctx, { action: 'catalog.standard_item.created', targetType: 'standard_item', targetId: item.id, orgId: null, data: { code: item.code } });
    return item;
  });
}

export async function updateStandardItem(
  ctx: Ctx,
  id: string,
  input: { nameZh?: string; nameEn?: string; specs?: Record<string, SpecInput>; status?: 'active' | 'retired'; version?: number },
): Promise<StandardItem> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(standardItems).where(eq(standardItems.id, id)).for('update');
    if (!current) throw notFound('standard item', id);
    assertVersion('standard item', current.version, { version: input.version });
    const specs = input.specs ? await validItemSpecs(tx, current.categoryCode, input.specs) : current.specs;
    const [updated] = await tx
      .update(standardItems)
      .set({ nameZh: input.nameZh ?? current.nameZh, nameEn: input.nameEn ?? current.nameEn, specs, status: input.status ?? current.status, updatedAt: new Date(), version: current.version + 1 })
      .where(eq(standardItems.id, id))
      .returning();
    await emitEvent(tx, 'catalog.standard_item.updated', { standardItemId: id });
    await recordAudit(tx, ctx, { action: 'catalog.standard_item.updated', targetType: 'standard_item', targetId: id, orgId: null, data: { ...input } });
    return updated!;
  });
}

export async function getStandardItem(tx: Tx, id: string): Promise<StandardItem> {
  const [row] = await tx.select().from(standardItems).where(eq(standardItems.id, id));
  if (!row) throw notFound('standard item', id);
  return row;
}

export async function listStandardItems(
  tx: Tx,
  filter: { categoryCode?: string; q?: string; limit: number; cursor?: string },
): Promise<{ items: StandardItem[]; nextCursor: string | null }> {
  const conditions = [eq(standardItems.status, 'active')];
  if (filter.categoryCode) conditions.push(like(standardItems.categoryCode, `${filter.categoryCode}%`));
  if (filter.q) {
    const q = `%${filter.q.replace(/[%_\\]/g, '')}%`;
    conditions.push(sql`(${standardItems.nameZh} ilike ${q} or ${standardItems.nameEn} ilike ${q} or ${standardItems.code} ilike ${q})`);
  }
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(sql`${standardItems.code} > ${String(after[0])}`);
  const rows = await tx.select().from(standardItems).where(and(...conditions)).orderBy(asc(standardItems.code)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.code]);
}
