import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 18, scale: 4 });
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** One option of an enumeration attribute: a stable code with labels in both languages. */
export interface AttributeOption {
  code: string;
  zh: string;
  en: string;
}

/** Spec values as stored: numbers already converted to the template's unit. */
export type SpecValue = string | number | boolean;
export type Specs = Record<string, SpecValue>;

/**
 * The unified commodity coding tree (统一物料编码). The code is the identity: two digits per level
 * (`07` → `0701` → `070103`), stable for ever; a retired category keeps its code.
 */
export const categories = pgTable(
  'catalog_categories',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: integer('level').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    status: text('status').notNull().default('active'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('catalog_categories_parent_idx').on(t.parentCode, t.sortOrder)],
);

/** Attribute template lines of a category; children inherit them (a child may redefine a key). */
export const attributes = pgTable(
  'catalog_attributes',
  {
    categoryCode: text('category_code').notNull().references(() => categories.code),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** number | enum | text | boolean */
    type: text('type').notNull(),
    unit: text('unit'),
    options: jsonb('options').$type<AttributeOption[]>(),
    required: boolean('required').notNull().default(false),
    filterable: boolean('filterable').notNull().default(false),
    /** A variant axis: SKUs of one product differ in it. */
    variant: boolean('variant').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.categoryCode, t.key] })],
);

/** Standard items (标准物料): coded master entries; suppliers' SKUs attach to them as offers. */
export const standardItems = pgTable(
  'catalog_standard_items',
  {
    id: text('id').primaryKey(),
    /** Category code + serial, e.g. `070101-0003`: the unified commodity code of the item. */
    code: text('code').notNull(),
    categoryCode: text('category_code').notNull().references(() => categories.code),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    specs: jsonb('specs').notNull().$type<Specs>(),
    uom: text('uom').notNull(),
    status: text('status').notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('catalog_standard_items_code_idx').on(t.code), index('catalog_standard_items_category_idx').on(t.categoryCode)],
);

/** A supplier's product; its SKUs are the variants. Listing review (上架审核) is on the product. */
export const products = pgTable(
  'catalog_products',
  {
    id: text('id').primaryKey(),
    supplierOrgId: text('supplier_org_id').notNull(),
    categoryCode: text('category_code').notNull().references(() => categories.code),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    brand: text('brand'),
    model: text('model'),
    descriptionZh: text('description_zh'),
    descriptionEn: text('description_en'),
    specs: jsonb('specs').notNull().$type<Specs>(),
    uom: text('uom').notNull(),
    /** Pieces per box when the unit is `box`. */
    packSize: integer('pack_size'),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4 }).notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    warrantyMonths: integer('warranty_months'),
    origin: text('origin'),
    deliveryRegions: text('delivery_regions').array().notNull(),
    /** draft | pending_review | approved | rejected */
    reviewStatus: text('review_status').notNull(),
    reviewNote: text('review_note'),
    submittedAt: ts('submitted_at'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    /** The supplier's shelf switch (上架/下架); buyers see a product only when approved and active. */
    active: boolean('active').notNull().default(true),
    salesCount: integer('sales_count').notNull().default(0),
    rating: numeric('rating', { precision: 3, scale: 2 }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('catalog_products_supplier_idx').on(t.supplierOrgId, t.createdAt),
    index('catalog_products_review_idx').on(t.reviewStatus, t.submittedAt),
  ],
);

export const skus = pgTable(
  'catalog_skus',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull().references(() => products.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** The supplier's own article number, unique per supplier. */
    skuCode: text('sku_code').notNull(),
    /** When set, this SKU is the supplier's offer on that standard item. */
    standardItemId: text('standard_item_id').references(() => standardItems.id),
    /** Variant-axis values (and any spec that differs from the product's). */
    specs: jsonb('specs').notNull().$type<Specs>(),
    /** Tax-exclusive list price per `uom`. */
    listPrice: money('list_price').notNull(),
    currency: text('currency').notNull().default('CNY'),
    moq: quantity('moq').notNull(),
    increment: quantity('increment').notNull(),
    /** Supplier-entered stock until the inventory module owns it (it calls setSkuAvailability). */
    availableQty: quantity('available_qty').notNull(),
    leadTimeDays: integer('lead_time_days'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('catalog_skus_code_idx').on(t.supplierOrgId, t.skuCode),
    index('catalog_skus_product_idx').on(t.productId),
    index('catalog_skus_standard_item_idx').on(t.standardItemId),
  ],
);

/** Volume breaks: from `minQty` on, the unit price is `unitPrice` (tax-exclusive). */
export const priceTiers = pgTable(
  'catalog_price_tiers',
  {
    skuId: text('sku_id').notNull().references(() => skus.id),
    minQty: quantity('min_qty').notNull(),
    unitPrice: money('unit_price').notNull(),
  },
  (t) => [primaryKey({ columns: [t.skuId, t.minQty] })],
);

/** Every price a SKU ever had, by kind; read by the price index and supervision. */
export const priceHistory = pgTable(
  'catalog_price_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: text('sku_id').notNull(),
    categoryCode: text('category_code').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** list | tier | contract */
    kind: text('kind').notNull(),
    unitPrice: money('unit_price').notNull(),
    minQty: quantity('min_qty'),
    agreementId: text('agreement_id'),
    buyerOrgId: text('buyer_org_id'),
    currency: text('currency').notNull().default('CNY'),
    effectiveAt: ts('effective_at').notNull().defaultNow(),
    recordedBy: text('recorded_by'),
  },
  (t) => [
    index('catalog_price_history_sku_idx').on(t.skuId, t.effectiveAt),
    index('catalog_price_history_category_idx').on(t.categoryCode, t.effectiveAt),
  ],
);

/** Framework agreements (框架协议): contract prices of one supplier for one buyer. */
export const agreements = pgTable(
  'catalog_agreements',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    buyerOrgId: text('buyer_org_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to').notNull(),
    /** draft | active | suspended | terminated */
    status: text('status').notNull(),
    createdBy: text('created_by'),
    confirmedBy: text('confirmed_by'),
    confirmedAt: ts('confirmed_at'),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('catalog_agreements_code_idx').on(t.code),
    index('catalog_agreements_buyer_idx').on(t.buyerOrgId, t.status),
    index('catalog_agreements_supplier_idx').on(t.supplierOrgId, t.status),
  ],
);

export const agreementItems = pgTable(
  'catalog_agreement_items',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id').notNull().references(() => agreements.id),
    skuId: text('sku_id').notNull().references(() => skus.id),
    unitPrice: money('unit_price').notNull(),
    /** Total quantity that may be bought at this price; null is no cap. */
    quantityCap: quantity('quantity_cap'),
    usedQty: quantity('used_qty').notNull().default('0'),
  },
  (t) => [uniqueIndex('catalog_agreement_items_sku_idx').on(t.agreementId, t.skuId), index('catalog_agreement_items_by_sku_idx').on(t.skuId)],
);

/** Images and documents of products, kept in the database like organisation documents. */
export const files = pgTable(
  'catalog_files',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull().references(() => products.id),
    supplierOrgId: text('supplier_org_id').notNull(),
    /** image | datasheet | test_report | certificate | other */
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('catalog_files_product_idx').on(t.productId, t.sortOrder)],
);

/** The listing-review trail of a product: submissions, decisions and their notes. */
export const reviews = pgTable(
  'catalog_reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: text('product_id').notNull().references(() => products.id),
    /** submitted | approved | rejected */
    action: text('action').notNull(),
    note: text('note'),
    changes: jsonb('changes').$type<string[]>(),
    actorId: text('actor_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('catalog_reviews_product_idx').on(t.productId, t.occurredAt)],
);

/** A supplier's storefront profile (店中店). */
export const storefronts = pgTable('catalog_storefronts', {
  supplierOrgId: text('supplier_org_id').primaryKey(),
  displayNameZh: text('display_name_zh'),
  displayNameEn: text('display_name_en'),
  introZh: text('intro_zh'),
  introEn: text('intro_en'),
  /** Badge shown on the storefront and in results: registered | admitted | strategic. */
  tier: text('tier'),
  rating: numeric('rating', { precision: 3, scale: 2 }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** Paid ranking (竞价排名): a supplier's bid for a keyword or a category slot. */
export const adBids = pgTable(
  'catalog_ad_bids',
  {
    id: text('id').primaryKey(),
    supplierOrgId: text('supplier_org_id').notNull(),
    productId: text('product_id').notNull().references(() => products.id),
    /** keyword | category */
    targetType: text('target_type').notNull(),
    /** The normalised keyword, or the category code. */
    target: text('target').notNull(),
    bidAmount: money('bid_amount').notNull(),
    dailyBudget: money('daily_budget'),
    /** active | paused | ended */
    status: text('status').notNull(),
    impressions: integer('impressions').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('catalog_ad_bids_target_idx').on(t.targetType, t.target, t.status), index('catalog_ad_bids_supplier_idx').on(t.supplierOrgId)],
);

/** One shown ad: which bid won which slot for which query; clicks refer back to it. */
export const adPlacements = pgTable(
  'catalog_ad_placements',
  {
    id: text('id').primaryKey(),
    bidId: text('bid_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    productId: text('product_id').notNull(),
    query: text('query'),
    categoryCode: text('category_code'),
    slot: integer('slot').notNull(),
    bidAmount: money('bid_amount').notNull(),
    viewerOrgId: text('viewer_org_id'),
    shownAt: ts('shown_at').notNull().defaultNow(),
    clickedAt: ts('clicked_at'),
  },
  (t) => [index('catalog_ad_placements_bid_idx').on(t.bidId, t.shownAt)],
);

/**
 * The search row: one per SKU, denormalised with everything search filters, sorts and facets
 * on, so a query touches one table. Written by the catalog in the same transaction as the change.
 */
export const searchRows = pgTable(
  'catalog_search_rows',
  {
    skuId: text('sku_id').primaryKey(),
    productId: text('product_id').notNull(),
    supplierOrgId: text('supplier_org_id').notNull(),
    standardItemId: text('standard_item_id'),
    categoryCode: text('category_code').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en'),
    brand: text('brand'),
    model: text('model'),
    skuCode: text('sku_code').notNull(),
    price: money('price').notNull(),
    taxRate: numeric('tax_rate', { precision: 5, scale: 4 }).notNull(),
    uom: text('uom').notNull(),
    availableQty: quantity('available_qty').notNull(),
    inStock: boolean('in_stock').notNull(),
    leadTimeDays: integer('lead_time_days').notNull(),
    regions: text('regions').array().notNull(),
    /** Filterable spec values as display strings, e.g. {"voltage":"8.7/15kV"}. */
    attrs: jsonb('attrs').notNull().$type<Record<string, string>>(),
    salesCount: integer('sales_count').notNull().default(0),
    rating: numeric('rating', { precision: 3, scale: 2 }),
    /** Product approved and active, and SKU active. */
    listed: boolean('listed').notNull(),
    /** Kept in step with the supplier organisation's status by an event handler. */
    supplierActive: boolean('supplier_active').notNull().default(true),
    visible: boolean('visible').generatedAlwaysAs(sql`listed and supplier_active`),
    /** Tokens of the title, brand and model (weight A) and of specs, category and supplier (B). */
    tokensA: text('tokens_a').notNull(),
    tokensB: text('tokens_b').notNull(),
    tsv: tsvector('tsv').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, tokens_a), 'A') || setweight(to_tsvector('simple'::regconfig, tokens_b), 'B')`,
    ),
    /** Lower-case Latin text and compact model codes, for trigram (typo-tolerant) matching. */
    latin: text('latin').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('catalog_search_tsv_idx').using('gin', t.tsv).where(sql`visible`),
    index('catalog_search_latin_idx').using('gin', t.latin.op('gin_trgm_ops')).where(sql`visible`),
    index('catalog_search_attrs_idx').using('gin', t.attrs.op('jsonb_path_ops')).where(sql`visible`),
    index('catalog_search_category_idx').on(t.categoryCode.op('text_pattern_ops')).where(sql`visible`),
    index('catalog_search_price_idx').on(t.price, t.skuId).where(sql`visible`),
    index('catalog_search_sales_idx').on(t.salesCount, t.skuId).where(sql`visible`),
    index('catalog_search_supplier_idx').on(t.supplierOrgId),
    index('catalog_search_product_idx').on(t.productId),
    index('catalog_search_standard_item_idx').on(t.standardItemId).where(sql`visible`),
  ],
);

/** Bumped on every change to search rows: a cached search answer is valid for one value. */
export const searchGenerationSeq = pgSequence('catalog_search_generation_seq');

/**
 * The search generation as a row, bumped inside the writing transaction: unlike a sequence it is
 * seen only after commit, so a search can never cache pre-commit rows under the new generation.
 */
export const searchState = pgTable('catalog_search_state', {
  id: integer('id').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull(),
});
