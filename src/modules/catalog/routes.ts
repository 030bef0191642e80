import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import type { EventBus } from '../../platform/events.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { DateTime, IdParam, Money, NonEmpty, Nullable, Ok, Page, PageQuery, problems, Str } from '../../platform/schemas.ts';
import { createAdBid, listOwnAdBids, updateAdBid } from './ads.ts';
import {
  createCategory,
  createStandardItem,
  effectiveTemplate,
  getCategoryByCode,
  getStandardItem,
  listCategories,
  listStandardItems,
  setCategoryAttributes,
  updateCategory,
  updateStandardItem,
} from './coding.ts';
import { exportProducts, importCodingTable, importProducts, PRODUCT_COLUMNS, readTable, toCsv, toXlsx, type Table } from './imports.ts';
import { PERM } from './permissions.ts';
import { createAgreement, describeAgreements, findContractBuyers, getAgreement, listAgreements, listPriceHistory, priceForBuyer, transitionAgreementStatus, type Agreement, type AgreementItem } from './pricing.ts';
import {
  addProductFile,
  addSku,
  createProduct,
  deleteProductFile,
  getOwnProduct,
  getProductForReview,
  listOwnProducts,
  listReviewQueue,
  MAX_FILE_BYTES,
  readProductFile,
  reviewProduct,
  setProductActive,
  submitProduct,
  supplierOrgOf,
  updateProduct,
  updateSku,
} from './products.ts';
import { searchCatalog, recordAdClick } from './search.ts';
import { setSupplierActive } from './search-rows.ts';
import { compareOffers, getOwnStorefront, getPublicProduct, getStorefront, isOrderableQuantity, toPriceView, updateStorefront } from './views.ts';
import { searchCache } from './search.ts';
import { products, skus } from './schema.ts';
import { and, eq } from 'drizzle-orm';
import { getOrganization } from '../identity/index.ts';
import './permissions.ts';

// --- schemas --------------------------------------------------------------------------------

const CategoryCode = Type.String({ pattern: '^(\\d{2}){1,6}$', maxLength: 12 });
const Decimalish = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,4})?$', maxLength: 20 });
const Quantity = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,3})?$', maxLength: 20 });
const TaxRate = Type.String({ pattern: '^0(\\.\\d{1,4})?$', maxLength: 6 });
const Option = Type.Object({ code: NonEmpty(40), zh: NonEmpty(60), en: NonEmpty(60) });
const SpecValueIn = Type.Union([Str(200), Type.Number(), Type.Boolean(), Type.Object({ value: Type.Union([Type.Number(), Str(40)]), unit: NonEmpty(16) })]);
const SpecsIn = Type.Record(Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9_]{0,63}$' }), SpecValueIn, { maxProperties: 60 });
const SpecsOut = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]));
const Region = Str(40);

const CategorySchema = Type.Object({
  code: Type.String(),
  parentCode: Nullable(Type.String()),
  level: Type.Integer(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  name: Type.String(),
  status: Type.String(),
  sortOrder: Type.Integer(),
  version: Type.Integer(),
});
const AttributeSchema = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  name: Type.String(),
  type: Type.String(),
  unit: Nullable(Type.String()),
  options: Nullable(Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }))),
  required: Type.Boolean(),
  filterable: Type.Boolean(),
  variant: Type.Boolean(),
  definedIn: Type.String(),
});
const StandardItemSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  categoryCode: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  name: Type.String(),
  specs: SpecsOut,
  uom: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
});
const TierSchema = Type.Object({ minQty: Type.String(), unitPrice: Type.String() });
const SkuSchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  skuCode: Type.String(),
  standardItemId: Nullable(Type.String()),
  specs: SpecsOut,
  listPrice: Type.String(),
  currency: Type.String(),
  moq: Type.String(),
  increment: Type.String(),
  availableQty: Type.String(),
  leadTimeDays: Nullable(Type.Integer()),
  active: Type.Boolean(),
  tiers: Type.Array(TierSchema),
  version: Type.Integer(),
});
const ProductSchema = Type.Object({
  id: Type.String(),
  supplierOrgId: Type.String(),
  categoryCode: Type.String(),
  nameZh: Type.String(),
  nameEn: Nullable(Type.String()),
  brand: Nullable(Type.String()),
  model: Nullable(Type.String()),
  descriptionZh: Nullable(Type.String()),
  descriptionEn: Nullable(Type.String()),
  specs: SpecsOut,
  uom: Type.String(),
  packSize: Nullable(Type.Integer()),
  taxRate: Type.String(),
  leadTimeDays: Type.Integer(),
  warrantyMonths: Nullable(Type.Integer()),
  origin: Nullable(Type.String()),
  deliveryRegions: Type.Array(Type.String()),
  reviewStatus: Type.String(),
  reviewNote: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  reviewedAt: Nullable(DateTime),
  active: Type.Boolean(),
  salesCount: Type.Integer(),
  rating: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});
const FileSchema = Type.Object({ id: Type.String(), kind: Type.String(), filename: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer(), sha256: Type.String(), sortOrder: Type.Integer(), createdAt: DateTime });
const ReviewSchema = Type.Object({ id: Type.Integer(), action: Type.String(), note: Nullable(Type.String()), changes: Nullable(Type.Array(Type.String())), actorId: Nullable(Type.String()), occurredAt: DateTime });
const ProductDetailSchema = Type.Object({ product: ProductSchema, skus: Type.Array(SkuSchema), files: Type.Array(FileSchema), reviews: Type.Optional(Type.Array(ReviewSchema)) });
const PriceSchema = Type.Object({
  quantity: Type.String(),
  unitPrice: Type.String(),
  unitPriceInclTax: Type.String(),
  taxRate: Type.String(),
  currency: Type.String(),
  source: Type.String(),
  agreementId: Nullable(Type.String()),
  agreementItemId: Nullable(Type.String()),
  listPrice: Type.String(),
  listPriceInclTax: Type.String(),
  lineTotal: Type.String(),
  lineTotalInclTax: Type.String(),
});
const SpecLineSchema = Type.Object({ key: Type.String(), name: Type.String(), value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]), display: Type.String(), unit: Nullable(Type.String()) });
const HitFields = {
  skuId: Type.String(),
  productId: Type.String(),
  supplierOrgId: Type.String(),
  supplierName: Type.String(),
  standardItemId: Nullable(Type.String()),
  categoryCode: Type.String(),
  title: Type.String(),
  titleZh: Type.String(),
  titleEn: Nullable(Type.String()),
  brand: Nullable(Type.String()),
  model: Nullable(Type.String()),
  skuCode: Type.String(),
  uom: Type.String(),
  listPrice: Type.String(),
  listPriceInclTax: Type.String(),
  contractPrice: Nullable(Type.String()),
  contractPriceInclTax: Nullable(Type.String()),
  taxRate: Type.String(),
  currency: Type.String(),
  availableQty: Type.String(),
  inStock: Type.Boolean(),
  leadTimeDays: Type.Integer(),
  salesCount: Type.Integer(),
  rating: Nullable(Type.String()),
  regions: Type.Array(Type.String()),
  attrs: Type.Record(Type.String(), Type.String()),
  offerCount: Nullable(Type.Integer()),
  imageFileId: Nullable(Type.String()),
};
const FacetValueSchema = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
const SearchResultSchema = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object(HitFields)),
  nextCursor: Nullable(Type.String()),
  ads: Type.Array(Type.Object({ ...HitFields, ad: Type.Boolean(), label: Type.String(), placementId: Type.String() })),
  facets: Type.Object({
    categories: Type.Array(FacetValueSchema),
    suppliers: Type.Array(FacetValueSchema),
    attributes: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), unit: Nullable(Type.String()), values: Type.Array(FacetValueSchema) })),
    priceRanges: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer(), min: Nullable(Type.String()), max: Nullable(Type.String()) })),
    inStock: Type.Integer(),
    regions: Type.Array(FacetValueSchema),
  }),
  matchMode: Type.String(),
  took_ms: Type.Number(),
  cached: Type.Boolean(),
});
const AgreementItemSchema = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  unitPrice: Type.String(),
  quantityCap: Nullable(Type.String()),
  usedQty: Type.String(),
  skuCode: Type.String(),
  productId: Type.String(),
  productName: Type.String(),
  uom: Type.String(),
  listPrice: Type.String(),
});
const AgreementSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  title: Type.String(),
  buyerOrgId: Type.String(),
  buyerName: Type.String(),
  supplierOrgId: Type.String(),
  supplierName: Type.String(),
  validFrom: DateTime,
  validTo: DateTime,
  status: Type.String(),
  note: Nullable(Type.String()),
  confirmedAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
  items: Type.Optional(Type.Array(AgreementItemSchema)),
});
const AdBidSchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  targetType: Type.String(),
  target: Type.String(),
  bidAmount: Type.String(),
  dailyBudget: Nullable(Type.String()),
  status: Type.String(),
  impressions: Type.Integer(),
  clicks: Type.Integer(),
  createdAt: DateTime,
  version: Type.Integer(),
});
const ImportReportSchema = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  failed: Type.Integer(),
  rows: Type.Array(Type.Object({ row: Type.Integer(), status: Type.String(), key: Type.String(), id: Type.Optional(Type.String()), errors: Type.Optional(Type.Array(Type.Object({ column: Type.String(), message: Type.String() }))) })),
});
const PriceHistorySchema = Type.Object({ id: Type.Integer(), skuId: Type.String(), categoryCode: Type.String(), supplierOrgId: Type.String(), kind: Type.String(), unitPrice: Type.String(), minQty: Nullable(Type.String()), agreementId: Nullable(Type.String()), buyerOrgId: Nullable(Type.String()), currency: Type.String(), effectiveAt: DateTime });
const StorefrontSchema = Type.Object({
  supplier: Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), region: Nullable(Type.String()) }),
  profile: Type.Object({ displayName: Type.String(), intro: Nullable(Type.String()), tier: Nullable(Type.String()), rating: Nullable(Type.String()), badges: Type.Array(Type.String()) }),
  productCount: Type.Integer(),
  skuCount: Type.Integer(),
  categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
});
const OwnStorefrontSchema = Type.Object({ supplierOrgId: Type.String(), displayNameZh: Nullable(Type.String()), displayNameEn: Nullable(Type.String()), introZh: Nullable(Type.String()), introEn: Nullable(Type.String()), tier: Nullable(Type.String()), rating: Nullable(Type.String()), version: Type.Integer() });

const TierIn = Type.Object({ minQty: Quantity, unitPrice: Decimalish });
const SkuIn = Type.Object({
  skuCode: NonEmpty(64),
  specs: Type.Optional(SpecsIn),
  standardItemId: Type.Optional(Nullable(IdParam)),
  listPrice: Decimalish,
  tiers: Type.Optional(Type.Array(TierIn, { maxItems: 20 })),
  moq: Type.Optional(Quantity),
  increment: Type.Optional(Quantity),
  availableQty: Type.Optional(Quantity),
  leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
  active: Type.Optional(Type.Boolean()),
});
const ProductFields = {
  categoryCode: CategoryCode,
  nameZh: NonEmpty(200),
  nameEn: Type.Optional(Nullable(Str(200))),
  brand: Type.Optional(Nullable(Str(100))),
  model: Type.Optional(Nullable(Str(100))),
  descriptionZh: Type.Optional(Nullable(Str(5000))),
  descriptionEn: Type.Optional(Nullable(Str(5000))),
  specs: Type.Optional(SpecsIn),
  uom: NonEmpty(16),
  packSize: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
  taxRate: Type.Optional(TaxRate),
  leadTimeDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  warrantyMonths: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 600 }))),
  origin: Type.Optional(Nullable(Str(100))),
  deliveryRegions: Type.Optional(Type.Array(Region, { maxItems: 50 })),
};
const AttributeIn = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', maxLength: 40 }),
  nameZh: NonEmpty(60),
  nameEn: NonEmpty(60),
  type: Type.Union([Type.Literal('number'), Type.Literal('enum'), Type.Literal('text'), Type.Literal('boolean')]),
  unit: Type.Optional(Nullable(Str(16))),
  options: Type.Optional(Nullable(Type.Array(Option, { maxItems: 200 }))),
  required: Type.Optional(Type.Boolean()),
  filterable: Type.Optional(Type.Boolean()),
  variant: Type.Optional(Type.Boolean()),
});
const Version = Type.Optional(Type.Integer({ minimum: 0 }));
const SortSchema = Type.Union(['relevance', 'price_asc', 'price_desc', 'sales', 'rating', 'newest'].map((s) => Type.Literal(s)));

// --- mappers --------------------------------------------------------------------------------

const pick = (lang: string, zh: string, en: string | null) => (lang === 'en' ? (en ?? zh) : zh);
const toCategory = (lang: string) => (c: Awaited<ReturnType<typeof getCategoryByCode>>) => ({ ...c, name: pick(lang, c.nameZh, c.nameEn) });
const toAttribute = (lang: string) => (a: Awaited<ReturnType<typeof effectiveTemplate>>[number]) => ({ ...a, name: pick(lang, a.nameZh, a.nameEn) });
const toItem = (lang: string) => (i: Awaited<ReturnType<typeof getStandardItem>>) => ({ ...i, name: pick(lang, i.nameZh, i.nameEn) });

async function describeAgreement(ctx: Ctx, agreement: Agreement & { items?: AgreementItem[] }) {
  const [view] = await describeAgreements(ctx.db, [agreement], ctx.lang);
  return view!;
}

/** The buyer organisation a signed-in caller acts for, if it buys. */
function buyerOf(ctx: Ctx): string | null {
  const a = ctx.actor;
  return a?.orgId && a.orgKinds.includes('buyer') && a.orgStatus === 'active' ? a.orgId : null;
}

async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ file: { filename: string; contentType: string; content: Buffer }; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new Problem('request.unsupported_media_type', { contentType: req.headers['content-type'] ?? 'none' });
  let file: { filename: string; contentType: string; content: Buffer } | null = null;
  const fields: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10 } })) {
    if (part.type === 'file') {
      const content = await part.toBuffer();
      if (part.file.truncated) throw new Problem('request.too_large', { limit: maxBytes });
      file = { filename: part.filename, contentType: part.mimetype, content };
    } else if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, 200);
  }
  if (!file) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/file', in: 'body', message: 'a file part is required' }]);
  return { file, fields };
}

async function sendTable(reply: FastifyReply, table: Table, name: string, format: 'csv' | 'xlsx') {
  if (format === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await toXlsx(table, name));
  }
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(table));
}

export interface CatalogRouteOptions {
  /** With a bus, search rows follow supplier status changes and the search cache is dropped on them. */
  bus?: EventBus;
  db?: Db;
}

const SUPPLIER_STATUS_TOPICS = ['identity.organization.suspended', 'identity.organization.reinstated', 'identity.organization.approved', 'identity.organization.changed'];

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRouteOptions> = async (app, options) => {
  const { bus, db } = options;
  if (bus && db) {
    // Keep the denormalised supplier flag of search rows in step with the organisation's status.
    bus.handle('catalog.supplier-status', SUPPLIER_STATUS_TOPICS, async (event) => {
      const orgId = String((event.payload as { orgId?: string }).orgId ?? event.orgId ?? '');
      if (!orgId) return;
      await db.transaction(async (tx) => {
        const org = await getOrganization(tx, orgId).catch(() => null);
        if (org) await setSupplierActive(tx, orgId, org.status === 'active');
      });
    });
    bus.on('*', (event) => {
      if (event.topic.startsWith('identity.organization.')) searchCache.clear();
    });
  }
  const tags = ['catalog'];

  // --- coding: categories, templates, standard items ----------------------------------------
  app.get('/catalog/categories', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'The category tree (flat, ordered by code): all, or under a parent to a depth',
      querystring: Type.Object({ parent: Type.Optional(CategoryCode), depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 6 })), includeRetired: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ items: Type.Array(CategorySchema) }), ...problems() },
    },
  }, async (req) => ({ items: (await listCategories(req.ctx.db, { parentCode: req.query.parent, depth: req.query.depth, includeRetired: req.query.includeRetired })).map(toCategory(req.ctx.lang)) }));

  app.get('/catalog/categories/:code', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'One category with its path, children and effective (inherited) attribute template',
      params: Type.Object({ code: CategoryCode }),
      response: { 200: Type.Object({ category: CategorySchema, path: Type.Array(CategorySchema), children: Type.Array(CategorySchema), attributes: Type.Array(AttributeSchema) }), ...problems(404) },
    },
  }, async (req) => {
    const lang = req.ctx.lang;
    const category = await getCategoryByCode(req.ctx.db, req.params.code);
    const path = [];
    for (let i = 2; i < category.code.length; i += 2) path.push(await getCategoryByCode(req.ctx.db, category.code.slice(0, i)));
    const children = await listCategories(req.ctx.db, { parentCode: category.code, depth: 1 });
    const attributes = await effectiveTemplate(req.ctx.db, category.code);
    return { category: toCategory(lang)(category), path: [...path, category].map(toCategory(lang)), children: children.map(toCategory(lang)), attributes: attributes.map(toAttribute(lang)) };
  });

  app.post('/catalog/categories', {
    config: { access: { permission: PERM.coding } },
    schema: {
      tags,
      summary: 'Add a category (code = parent code + two digits)',
      body: Type.Object({ code: CategoryCode, nameZh: NonEmpty(100), nameEn: NonEmpty(100), sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) }),
      response: { 201: CategorySchema, ...problems(401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toCategory(req.ctx.lang)(await createCategory(req.ctx, req.body))));

  app.patch('/catalog/categories/:code', {
    config: { access: { permission: PERM.coding } },
    schema: {
      tags,
      summary: 'Rename, reorder or retire a category',
      params: Type.Object({ code: CategoryCode }),
      body: Type.Object({ nameZh: Type.Optional(NonEmpty(100)), nameEn: Type.Optional(NonEmpty(100)), sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])), version: Version }),
      response: { 200: CategorySchema, ...problems(401, 403, 404, 409) },
    },
  }, async (req) => toCategory(req.ctx.lang)(await updateCategory(req.ctx, req.params.code, req.body)));

  app.put('/catalog/categories/:code/attributes', {
    config: { access: { permission: PERM.coding } },
    schema: {
      tags,
      summary: "Replace the category's own attribute lines; returns the effective template",
      params: Type.Object({ code: CategoryCode }),
      body: Type.Object({ attributes: Type.Array(AttributeIn, { maxItems: 60 }) }),
      response: { 200: Type.Object({ attributes: Type.Array(AttributeSchema) }), ...problems(401, 403, 404) },
    },
  }, async (req) => ({ attributes: (await setCategoryAttributes(req.ctx, req.params.code, req.body.attributes)).map(toAttribute(req.ctx.lang)) }));

  app.post('/catalog/coding/import', {
    config: { access: { permission: PERM.coding } },
    bodyLimit: 5 * 1024 * 1024,
    schema: { tags, summary: 'Import a coding table (CSV or XLSX: code, name_zh, name_en, sort_order); row-by-row report', consumes: ['multipart/form-data'], response: { 200: ImportReportSchema, ...problems(401, 403, 413, 415) } },
  }, async (req) => {
    const { file } = await readUpload(req, 4 * 1024 * 1024);
    return importCodingTable(req.ctx, await readTable(file));
  });

  app.get('/catalog/standard-items', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Standard items (标准物料), by category (prefix) and text',
      querystring: Type.Object({ ...PageQuery.properties, category: Type.Optional(CategoryCode), q: Type.Optional(Str(100)) }),
      response: { 200: Page(StandardItemSchema), ...problems() },
    },
  }, async (req) => {
    const page = await listStandardItems(req.ctx.db, { categoryCode: req.query.category, q: req.query.q, limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toItem(req.ctx.lang)), nextCursor: page.nextCursor };
  });

  app.get('/catalog/standard-items/:itemId', {
    config: { access: { public: true } },
    schema: { tags, summary: 'One standard item', params: Type.Object({ itemId: IdParam }), response: { 200: StandardItemSchema, ...problems(404) } },
  }, async (req) => toItem(req.ctx.lang)(await getStandardItem(req.ctx.db, req.params.itemId)));

  app.post('/catalog/standard-items', {
    config: { access: { permission: PERM.coding } },
    schema: {
      tags,
      summary: 'Code a standard item under a category with its defining specs',
      body: Type.Object({ categoryCode: CategoryCode, nameZh: NonEmpty(200), nameEn: NonEmpty(200), uom: NonEmpty(16), specs: SpecsIn, code: Type.Optional(Type.String({ pattern: '^(\\d{2}){1,6}-\\d{4,6}$', maxLength: 20 })) }),
      response: { 201: StandardItemSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(toItem(req.ctx.lang)(await createStandardItem(req.ctx, req.body))));

  app.patch('/catalog/standard-items/:itemId', {
    config: { access: { permission: PERM.coding } },
    schema: {
      tags,
      summary: 'Edit or retire a standard item',
      params: Type.Object({ itemId: IdParam }),
      body: Type.Object({ nameZh: Type.Optional(NonEmpty(200)), nameEn: Type.Optional(NonEmpty(200)), specs: Type.Optional(SpecsIn), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])), version: Version }),
      response: { 200: StandardItemSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => toItem(req.ctx.lang)(await updateStandardItem(req.ctx, req.params.itemId, req.body)));

  app.get('/catalog/standard-items/:itemId/offers', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Price comparison: every visible offer on a standard item, with the price for the caller’s organisation',
      params: Type.Object({ itemId: IdParam }),
      querystring: Type.Object({ quantity: Type.Optional(Quantity) }),
      response: {
        200: Type.Object({
          item: StandardItemSchema,
          specs: Type.Array(SpecLineSchema),
          offers: Type.Array(Type.Object({ skuId: Type.String(), productId: Type.String(), supplierOrgId: Type.String(), supplierName: Type.String(), supplierTier: Nullable(Type.String()), rating: Nullable(Type.String()), skuCode: Type.String(), title: Type.String(), uom: Type.String(), moq: Type.String(), increment: Type.String(), availableQty: Type.String(), inStock: Type.Boolean(), leadTimeDays: Type.Integer(), price: PriceSchema })),
        }),
        ...problems(404),
      },
    },
  }, async (req) => {
    const result = await compareOffers(req.ctx.db, req.params.itemId, { buyerOrgId: buyerOf(req.ctx), lang: req.ctx.lang, quantity: req.query.quantity });
    return { ...result, item: toItem(req.ctx.lang)(result.item) };
  });

  // --- buyer-facing: search, product, prices, storefronts, ads ------------------------------
  app.get('/catalog/search', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Search visible SKUs (Chinese/English/model codes, typo-tolerant) with facets, sorting, cursor pages and labelled ads',
      querystring: Type.Object({
        q: Type.Optional(Str(200)),
        category: Type.Optional(CategoryCode),
        supplier: Type.Optional(IdParam),
        standardItem: Type.Optional(IdParam),
        attr: Type.Optional(Type.Union([Type.Array(Str(200), { maxItems: 20 }), Str(200)])),
        priceMin: Type.Optional(Decimalish),
        priceMax: Type.Optional(Decimalish),
        inStock: Type.Optional(Type.Boolean()),
        region: Type.Optional(Region),
        sort: Type.Optional(SortSchema),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: SearchResultSchema, ...problems() },
    },
  }, async (req) => {
    const attr = req.query.attr === undefined ? undefined : Array.isArray(req.query.attr) ? req.query.attr : [req.query.attr];
    return searchCatalog(req.ctx, { ...req.query, attr, sort: req.query.sort as never });
  });

  app.get('/catalog/products/:productId', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'A visible product with its SKUs, specs, files and the price for the caller’s organisation',
      params: Type.Object({ productId: IdParam }),
      response: {
        200: Type.Object({
          product: ProductSchema,
          category: Type.Object({ code: Type.String(), path: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
          supplier: Type.Object({ id: Type.String(), name: Type.String(), region: Nullable(Type.String()), tier: Nullable(Type.String()), rating: Nullable(Type.String()) }),
          specs: Type.Array(SpecLineSchema),
          template: Type.Array(Type.Object({ key: Type.String(), nameZh: Type.String(), nameEn: Type.String(), type: Type.String(), unit: Nullable(Type.String()), variant: Type.Boolean() })),
          skus: Type.Array(Type.Object({ ...SkuSchema.properties, specLines: Type.Array(SpecLineSchema), price: PriceSchema, standardItem: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), offerCount: Type.Integer() })) })),
          files: Type.Array(FileSchema),
        }),
        ...problems(404),
      },
    },
  }, async (req) => getPublicProduct(req.ctx.db, req.params.productId, { buyerOrgId: buyerOf(req.ctx), lang: req.ctx.lang }));

  app.get('/catalog/skus/:skuId/price', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'The best price for the caller’s organisation at a quantity (contract, tier or list), tax-exclusive and inclusive',
      params: Type.Object({ skuId: IdParam }),
      querystring: Type.Object({ quantity: Type.Optional(Quantity) }),
      response: { 200: Type.Object({ ...PriceSchema.properties, orderable: Type.Boolean(), moq: Type.String(), increment: Type.String() }), ...problems(404) },
    },
  }, async (req) => {
    const db = req.ctx.db;
    const [row] = await db.select({ sku: skus, product: products }).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(eq(skus.id, req.params.skuId));
    const supplier = row ? await getOrganization(db, row.product.supplierOrgId).catch(() => null) : null;
    if (!row || !supplier || supplier.status !== 'active' || !row.sku.active || row.product.reviewStatus !== 'approved' || !row.product.active) throw notFound('sku', req.params.skuId);
    const quantity = req.query.quantity ?? row.sku.moq;
    const price = await priceForBuyer(db, { skuId: row.sku.id, buyerOrgId: buyerOf(req.ctx), quantity });
    return { ...toPriceView(price, quantity), orderable: isOrderableQuantity(quantity, row.sku.moq, row.sku.increment), moq: row.sku.moq, increment: row.sku.increment };
  });

  app.get('/catalog/files/:fileId', {
    config: { access: { public: true } },
    schema: { tags, summary: 'An image or document of a visible product (or of the caller’s own)', params: Type.Object({ fileId: IdParam }), response: problems(404) },
  }, async (req, reply) => {
    const file = await readProductFile(req.ctx.db, req.params.fileId);
    if (!file) throw notFound('file', req.params.fileId);
    const own = req.ctx.actor?.orgId === file.supplierOrgId || Boolean(req.ctx.actor?.orgKinds.includes('platform'));
    if (!own) await getPublicProduct(req.ctx.db, file.productId, { buyerOrgId: null, lang: req.ctx.lang }).catch(() => {
      throw notFound('file', req.params.fileId);
    });
    return (reply as FastifyReply)
      .type(file.contentType)
      .header('etag', `"${file.sha256}"`)
      .header('cache-control', 'private, max-age=300')
      .header('content-disposition', `${file.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.content);
  });

  app.get('/catalog/storefronts/:supplierId', {
    config: { access: { public: true } },
    schema: { tags, summary: 'A supplier storefront: profile, badges, categories (products via /catalog/search?supplier=)', params: Type.Object({ supplierId: IdParam }), response: { 200: StorefrontSchema, ...problems(404) } },
  }, async (req) => getStorefront(req.ctx.db, req.params.supplierId, req.ctx.lang));

  app.post('/catalog/ads/:placementId/click', {
    config: { access: { public: true } },
    schema: { tags, summary: 'Record a click on a shown ad; returns the product to open', params: Type.Object({ placementId: IdParam }), response: { 200: Type.Object({ productId: Type.String() }), ...problems(404) } },
  }, async (req) => {
    const result = await recordAdClick(req.ctx, req.params.placementId);
    if (!result) throw notFound('ad placement', req.params.placementId);
    return result;
  });

  // --- supplier: products, SKUs, files, import/export, storefront, ads -----------------------
  const supplierAccess = { access: { permission: PERM.products } };

  app.get('/catalog/my/products', {
    config: supplierAccess,
    schema: {
      tags,
      summary: 'Own products, newest first',
      querystring: Type.Object({ ...PageQuery.properties, reviewStatus: Type.Optional(Type.Union(['draft', 'pending_review', 'approved', 'rejected'].map((s) => Type.Literal(s)))), q: Type.Optional(Str(100)), category: Type.Optional(CategoryCode) }),
      response: { 200: Page(Type.Object({ ...ProductSchema.properties, skuCount: Type.Integer() })), ...problems(401, 403) },
    },
  }, async (req) => listOwnProducts(req.ctx, { reviewStatus: req.query.reviewStatus, q: req.query.q, categoryCode: req.query.category, limit: req.query.limit ?? 50, cursor: req.query.cursor }));

  app.post('/catalog/my/products', {
    config: supplierAccess,
    schema: {
      tags,
      summary: 'Create a product with its SKUs (draft; `submit: true` sends it to listing review)',
      body: Type.Object({ ...ProductFields, skus: Type.Array(SkuIn, { minItems: 1, maxItems: 200 }), submit: Type.Optional(Type.Boolean()) }),
      response: { 201: ProductDetailSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await createProduct(req.ctx, req.body)));

  app.get('/catalog/my/products/export', {
    config: supplierAccess,
    schema: { tags, summary: 'Export own products and SKUs as CSV or XLSX (the import format)', querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }), response: problems(401, 403) },
  }, async (req, reply) => sendTable(reply, await exportProducts(req.ctx), 'products', req.query.format ?? 'csv'));

  app.get('/catalog/my/products/import-template', {
    config: supplierAccess,
    schema: { tags, summary: 'An empty import table with an example row', querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }), response: problems(401, 403) },
  }, async (req, reply) =>
    sendTable(
      reply,
      [
        [...PRODUCT_COLUMNS],
        ['P1', '010101', '铜芯交联聚乙烯绝缘电力电缆', 'XLPE power cable', '远东', 'YJV22', 'm', '0.13', '15', '24', '江苏无锡', '全国', 'voltage=8.7/15kV;conductor=copper', 'FE-YJV22-3x240', 'cross_section=3x240', '', '512.50', '1000:498;5000:489', '100', '100', '20000'],
      ],
      'import-template',
      req.query.format ?? 'csv',
    ));

  app.post('/catalog/my/products/import', {
    config: supplierAccess,
    bodyLimit: 10 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import products from CSV or XLSX (multipart `file`, optional field `submit=true`): valid rows land, each bad row is reported',
      consumes: ['multipart/form-data'],
      response: { 200: ImportReportSchema, ...problems(401, 403, 413, 415) },
    },
  }, async (req) => {
    const { file, fields } = await readUpload(req, 8 * 1024 * 1024);
    return importProducts(req.ctx, await readTable(file), { submit: fields.submit === 'true' });
  });

  app.get('/catalog/my/products/:productId', {
    config: supplierAccess,
    schema: { tags, summary: 'One own product with SKUs, tiers, files and its review trail', params: Type.Object({ productId: IdParam }), response: { 200: ProductDetailSchema, ...problems(401, 403, 404) } },
  }, async (req) => getOwnProduct(req.ctx, req.params.productId));

  app.patch('/catalog/my/products/:productId', {
    config: supplierAccess,
    schema: {
      tags,
      summary: 'Edit a product; material changes of an approved product send it back to review',
      params: Type.Object({ productId: IdParam }),
      body: Type.Partial(Type.Object({ ...ProductFields, version: Version })),
      response: { 200: ProductDetailSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req) => updateProduct(req.ctx, req.params.productId, { ...req.body, ifMatch: req.headers['if-match'] }));

  app.post('/catalog/my/products/:productId/submit', {
    config: supplierAccess,
    schema: { tags, summary: 'Send a draft or rejected product to listing review', params: Type.Object({ productId: IdParam }), response: { 200: ProductSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => submitProduct(req.ctx, req.params.productId));

  for (const [path, active] of [['activate', true], ['deactivate', false]] as const) {
    app.post(`/catalog/my/products/:productId/${path}`, {
      config: supplierAccess,
      schema: { tags, summary: active ? 'Put a product on the shelf (上架)' : 'Take a product off the shelf (下架)', params: Type.Object({ productId: IdParam }), response: { 200: ProductSchema, ...problems(401, 403, 404) } },
    }, async (req) => setProductActive(req.ctx, (req.params as { productId: string }).productId, active));
  }

  app.post('/catalog/my/products/:productId/skus', {
    config: supplierAccess,
    schema: { tags, summary: 'Add a SKU (variant) to a product', params: Type.Object({ productId: IdParam }), body: SkuIn, response: { 201: ProductDetailSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.code(201).send(await addSku(req.ctx, req.params.productId, req.body)));

  app.patch('/catalog/my/skus/:skuId', {
    config: supplierAccess,
    schema: {
      tags,
      summary: 'Edit a SKU: price, tiers, stock, MOQ, lead time, shelf state (commercial: at once); specs or standard item (material: review)',
      params: Type.Object({ skuId: IdParam }),
      body: Type.Object({
        listPrice: Type.Optional(Decimalish),
        tiers: Type.Optional(Type.Array(TierIn, { maxItems: 20 })),
        moq: Type.Optional(Quantity),
        increment: Type.Optional(Quantity),
        availableQty: Type.Optional(Quantity),
        leadTimeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
        active: Type.Optional(Type.Boolean()),
        specs: Type.Optional(SpecsIn),
        standardItemId: Type.Optional(Nullable(IdParam)),
        version: Version,
      }),
      response: { 200: ProductDetailSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => updateSku(req.ctx, req.params.skuId, req.body));

  app.get('/catalog/my/skus/:skuId/price-history', {
    config: { access: { permission: PERM.priceHistory } },
    schema: {
      tags,
      summary: 'Price history of a SKU (own SKUs; any for the platform)',
      params: Type.Object({ skuId: IdParam }),
      querystring: Type.Object({ from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })), to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })) }),
      response: { 200: Type.Object({ items: Type.Array(PriceHistorySchema) }), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const actor = req.ctx.actor!;
    if (!actor.orgKinds.includes('platform')) {
      const [own] = await req.ctx.db.select({ id: skus.id }).from(skus).where(and(eq(skus.id, req.params.skuId), eq(skus.supplierOrgId, actor.orgId!)));
      if (!own) throw notFound('sku', req.params.skuId);
    }
    const items = await listPriceHistory(req.ctx.db, { skuId: req.params.skuId, from: req.query.from ? new Date(req.query.from) : undefined, to: req.query.to ? new Date(req.query.to) : undefined });
    return { items };
  });

  app.post('/catalog/my/products/:productId/files', {
    config: supplierAccess,
    bodyLimit: MAX_FILE_BYTES + 64 * 1024,
    schema: { tags, summary: 'Attach an image or document (multipart: field `kind` image|datasheet|test_report|certificate|other, file `file`)', params: Type.Object({ productId: IdParam }), consumes: ['multipart/form-data'], response: { 201: FileSchema, ...problems(401, 403, 404, 413, 415, 422) } },
  }, async (req, reply) => {
    const { file, fields } = await readUpload(req, MAX_FILE_BYTES);
    return reply.code(201).send(await addProductFile(req.ctx, req.params.productId, { kind: fields.kind ?? 'image', filename: file.filename, contentType: file.contentType, content: file.content }));
  });

  app.delete('/catalog/my/files/:fileId', {
    config: supplierAccess,
    schema: { tags, summary: 'Remove an own product file', params: Type.Object({ fileId: IdParam }), response: { 200: Ok, ...problems(401, 403, 404) } },
  }, async (req) => {
    await deleteProductFile(req.ctx, req.params.fileId);
    return { ok: true };
  });

  app.get('/catalog/my/storefront', {
    config: supplierAccess,
    schema: { tags, summary: 'Own storefront profile', response: { 200: OwnStorefrontSchema, ...problems(401, 403) } },
  }, async (req) => getOwnStorefront(req.ctx.db, supplierOrgOf(req.ctx)));

  app.patch('/catalog/my/storefront', {
    config: supplierAccess,
    schema: {
      tags,
      summary: 'Edit own storefront profile (names and introductions in both languages)',
      body: Type.Object({ displayNameZh: Type.Optional(Nullable(Str(100))), displayNameEn: Type.Optional(Nullable(Str(100))), introZh: Type.Optional(Nullable(Str(2000))), introEn: Type.Optional(Nullable(Str(2000))), version: Version }),
      response: { 200: OwnStorefrontSchema, ...problems(401, 403, 409) },
    },
  }, async (req) => updateStorefront(req.ctx, supplierOrgOf(req.ctx), req.body));

  app.get('/catalog/my/ad-bids', {
    config: { access: { permission: PERM.ads } },
    schema: { tags, summary: 'Own paid-ranking bids with impressions and clicks', response: { 200: Type.Object({ items: Type.Array(AdBidSchema) }), ...problems(401, 403) } },
  }, async (req) => ({ items: await listOwnAdBids(req.ctx) }));

  app.post('/catalog/my/ad-bids', {
    config: { access: { permission: PERM.ads } },
    schema: {
      tags,
      summary: 'Bid for the top slots of a keyword or a category (shown labelled as ads)',
      body: Type.Object({ productId: IdParam, targetType: Type.Union([Type.Literal('keyword'), Type.Literal('category')]), target: NonEmpty(100), bidAmount: Money, dailyBudget: Type.Optional(Nullable(Money)) }),
      response: { 201: AdBidSchema, ...problems(401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await createAdBid(req.ctx, req.body)));

  app.patch('/catalog/my/ad-bids/:bidId', {
    config: { access: { permission: PERM.ads } },
    schema: {
      tags,
      summary: 'Change, pause, resume or end a bid',
      params: Type.Object({ bidId: IdParam }),
      body: Type.Object({ bidAmount: Type.Optional(Money), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('ended')])), version: Version }),
      response: { 200: AdBidSchema, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (req) => updateAdBid(req.ctx, req.params.bidId, req.body));

  // --- framework agreements ---------------------------------------------------------------
  app.get('/catalog/agreements', {
    config: { access: { permission: PERM.agreementsRead } },
    schema: { tags, summary: 'Framework agreements the organisation is party to', querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(Str(20)) }), response: { 200: Page(AgreementSchema), ...problems(401, 403) } },
  }, async (req) => {
    const page = await listAgreements(req.ctx, { status: req.query.status, limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: await describeAgreements(req.ctx.db, page.items, req.ctx.lang), nextCursor: page.nextCursor };
  });

  app.get('/catalog/agreement-buyers', {
    config: { access: { permission: PERM.agreementsManage } },
    schema: {
      tags,
      summary: 'Active buyer organisations a supplier may draft a framework agreement for, by name or unified social credit code',
      querystring: Type.Object({ q: Str(100, { minLength: 2 }) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), region: Nullable(Type.String()) })) }), ...problems(401, 403) },
    },
  }, async (req) => ({ items: await findContractBuyers(req.ctx, req.query.q) }));

  app.post('/catalog/agreements', {
    config: { access: { permission: PERM.agreementsManage } },
    schema: {
      tags,
      summary: 'Draft a framework agreement (supplier) with contract prices and quantity caps for one buyer',
      body: Type.Object({
        buyerOrgId: IdParam,
        title: NonEmpty(200),
        validFrom: Type.String({ format: 'date-time', maxLength: 40 }),
        validTo: Type.String({ format: 'date-time', maxLength: 40 }),
        note: Type.Optional(Nullable(Str(1000))),
        items: Type.Array(Type.Object({ skuId: IdParam, unitPrice: Decimalish, quantityCap: Type.Optional(Nullable(Quantity)) }), { minItems: 1, maxItems: 500 }),
      }),
      response: { 201: AgreementSchema, ...problems(401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await describeAgreement(req.ctx, await createAgreement(req.ctx, req.body))));

  app.get('/catalog/agreements/:agreementId', {
    config: { access: { permission: PERM.agreementsRead } },
    schema: { tags, summary: 'One agreement with its items', params: Type.Object({ agreementId: IdParam }), response: { 200: AgreementSchema, ...problems(401, 403, 404) } },
  }, async (req) => describeAgreement(req.ctx, await getAgreement(req.ctx, req.params.agreementId)));

  for (const command of ['confirm', 'suspend', 'resume', 'terminate'] as const) {
    app.post(`/catalog/agreements/:agreementId/${command}`, {
      config: { access: { permission: PERM.agreementsManage } },
      schema: {
        tags,
        summary: command === 'confirm' ? 'The buyer confirms a draft agreement: its prices apply from then on' : `${command[0]!.toUpperCase()}${command.slice(1)} an agreement (either party)`,
        params: Type.Object({ agreementId: IdParam }),
        body: Type.Optional(Type.Object({ version: Version })),
        response: { 200: AgreementSchema, ...problems(401, 403, 404, 409) },
      },
    }, async (req) => describeAgreement(req.ctx, await transitionAgreementStatus(req.ctx, (req.params as { agreementId: string }).agreementId, command, (req.body as { version?: number } | undefined)?.version)));
  }

  // --- platform: listing review -----------------------------------------------------------
  app.get('/catalog/review-queue', {
    config: { access: { permission: PERM.review } },
    schema: {
      tags,
      summary: 'Listing review queue (上架审核), oldest submission first',
      querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(Type.Union(['pending_review', 'approved', 'rejected', 'draft'].map((s) => Type.Literal(s)))) }),
      response: { 200: Page(ProductSchema), ...problems(401, 403) },
    },
  }, async (req) => listReviewQueue(req.ctx.db, { status: req.query.status, limit: req.query.limit ?? 50, cursor: req.query.cursor }));

  app.get('/catalog/review-queue/:productId', {
    config: { access: { permission: PERM.review } },
    schema: { tags, summary: 'A product under review with SKUs, files and its review trail', params: Type.Object({ productId: IdParam }), response: { 200: ProductDetailSchema, ...problems(401, 403, 404) } },
  }, async (req) => getProductForReview(req.ctx.db, req.params.productId));

  app.post('/catalog/review-queue/:productId/approve', {
    config: { access: { permission: PERM.review } },
    schema: { tags, summary: 'Approve a product for listing', params: Type.Object({ productId: IdParam }), body: Type.Optional(Type.Object({ note: Type.Optional(Nullable(Str(1000))) })), response: { 200: ProductSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => reviewProduct(req.ctx, req.params.productId, 'approve', req.body?.note ?? null));

  app.post('/catalog/review-queue/:productId/reject', {
    config: { access: { permission: PERM.review } },
    schema: { tags, summary: 'Reject a product with the reason the supplier will see', params: Type.Object({ productId: IdParam }), body: Type.Object({ reason: NonEmpty(1000) }), response: { 200: ProductSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => reviewProduct(req.ctx, req.params.productId, 'reject', req.body.reason));

  app.get('/catalog/price-history', {
    config: { access: { permission: PERM.priceHistory } },
    schema: {
      tags,
      summary: 'Price history by category (prefix) or SKU: the platform sees all, a supplier its own',
      querystring: Type.Object({ category: Type.Optional(CategoryCode), skuId: Type.Optional(IdParam), from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })), to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }),
      response: { 200: Type.Object({ items: Type.Array(PriceHistorySchema) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const actor = req.ctx.actor!;
    const supplierOrgId = actor.orgKinds.includes('platform') ? undefined : actor.orgId!;
    return { items: await listPriceHistory(req.ctx.db, { categoryCode: req.query.category, skuId: req.query.skuId, supplierOrgId, from: req.query.from ? new Date(req.query.from) : undefined, to: req.query.to ? new Date(req.query.to) : undefined, limit: req.query.limit }) };
  });
};

