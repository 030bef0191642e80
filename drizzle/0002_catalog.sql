CREATE SEQUENCE "public"."catalog_search_generation_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "document_sequences" (
	"org_id" text NOT NULL,
	"series" text NOT NULL,
	"next_value" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_ad_bids" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_org_id" text NOT NULL,
	"product_id" text NOT NULL,
	"target_type" text NOT NULL,
	"target" text NOT NULL,
	"bid_amount" numeric(18, 4) NOT NULL,
	"daily_budget" numeric(18, 4),
	"status" text NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_ad_placements" (
	"id" text PRIMARY KEY NOT NULL,
	"bid_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"product_id" text NOT NULL,
	"query" text,
	"category_code" text,
	"slot" integer NOT NULL,
	"bid_amount" numeric(18, 4) NOT NULL,
	"viewer_org_id" text,
	"shown_at" timestamp with time zone DEFAULT now() NOT NULL,
	"clicked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "catalog_agreement_items" (
	"id" text PRIMARY KEY NOT NULL,
	"agreement_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"quantity_cap" numeric(18, 3),
	"used_qty" numeric(18, 3) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"created_by" text,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_attributes" (
	"category_code" text NOT NULL,
	"key" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"type" text NOT NULL,
	"unit" text,
	"options" jsonb,
	"required" boolean DEFAULT false NOT NULL,
	"filterable" boolean DEFAULT false NOT NULL,
	"variant" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "catalog_attributes_category_code_key_pk" PRIMARY KEY("category_code","key")
);
--> statement-breakpoint
CREATE TABLE "catalog_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"level" integer NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_files" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_price_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku_id" text NOT NULL,
	"category_code" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"kind" text NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"min_qty" numeric(18, 3),
	"agreement_id" text,
	"buyer_org_id" text,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"effective_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text
);
--> statement-breakpoint
CREATE TABLE "catalog_price_tiers" (
	"sku_id" text NOT NULL,
	"min_qty" numeric(18, 3) NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	CONSTRAINT "catalog_price_tiers_sku_id_min_qty_pk" PRIMARY KEY("sku_id","min_qty")
);
--> statement-breakpoint
CREATE TABLE "catalog_products" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_org_id" text NOT NULL,
	"category_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text,
	"brand" text,
	"model" text,
	"description_zh" text,
	"description_en" text,
	"specs" jsonb NOT NULL,
	"uom" text NOT NULL,
	"pack_size" integer,
	"tax_rate" numeric(5, 4) NOT NULL,
	"lead_time_days" integer NOT NULL,
	"warranty_months" integer,
	"origin" text,
	"delivery_regions" text[] NOT NULL,
	"review_status" text NOT NULL,
	"review_note" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"active" boolean DEFAULT true NOT NULL,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"rating" numeric(3, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"changes" jsonb,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_search_rows" (
	"sku_id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"standard_item_id" text,
	"category_code" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text,
	"brand" text,
	"model" text,
	"sku_code" text NOT NULL,
	"price" numeric(18, 4) NOT NULL,
	"tax_rate" numeric(5, 4) NOT NULL,
	"uom" text NOT NULL,
	"available_qty" numeric(18, 3) NOT NULL,
	"in_stock" boolean NOT NULL,
	"lead_time_days" integer NOT NULL,
	"regions" text[] NOT NULL,
	"attrs" jsonb NOT NULL,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"rating" numeric(3, 2),
	"listed" boolean NOT NULL,
	"supplier_active" boolean DEFAULT true NOT NULL,
	"visible" boolean GENERATED ALWAYS AS (listed and supplier_active) STORED,
	"tokens_a" text NOT NULL,
	"tokens_b" text NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, tokens_a), 'A') || setweight(to_tsvector('simple'::regconfig, tokens_b), 'B')) STORED,
	"latin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_skus" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"sku_code" text NOT NULL,
	"standard_item_id" text,
	"specs" jsonb NOT NULL,
	"list_price" numeric(18, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"moq" numeric(18, 3) NOT NULL,
	"increment" numeric(18, 3) NOT NULL,
	"available_qty" numeric(18, 3) NOT NULL,
	"lead_time_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_standard_items" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"category_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"specs" jsonb NOT NULL,
	"uom" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_storefronts" (
	"supplier_org_id" text PRIMARY KEY NOT NULL,
	"display_name_zh" text,
	"display_name_en" text,
	"intro_zh" text,
	"intro_en" text,
	"tier" text,
	"rating" numeric(3, 2),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_ad_bids" ADD CONSTRAINT "catalog_ad_bids_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_agreement_items" ADD CONSTRAINT "catalog_agreement_items_agreement_id_catalog_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."catalog_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_agreement_items" ADD CONSTRAINT "catalog_agreement_items_sku_id_catalog_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."catalog_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_attributes" ADD CONSTRAINT "catalog_attributes_category_code_catalog_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."catalog_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_files" ADD CONSTRAINT "catalog_files_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_price_tiers" ADD CONSTRAINT "catalog_price_tiers_sku_id_catalog_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."catalog_skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_products" ADD CONSTRAINT "catalog_products_category_code_catalog_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."catalog_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_reviews" ADD CONSTRAINT "catalog_reviews_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_skus" ADD CONSTRAINT "catalog_skus_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_skus" ADD CONSTRAINT "catalog_skus_standard_item_id_catalog_standard_items_id_fk" FOREIGN KEY ("standard_item_id") REFERENCES "public"."catalog_standard_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_standard_items" ADD CONSTRAINT "catalog_standard_items_category_code_catalog_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."catalog_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_sequences_idx" ON "document_sequences" USING btree ("org_id","series");--> statement-breakpoint
CREATE INDEX "catalog_ad_bids_target_idx" ON "catalog_ad_bids" USING btree ("target_type","target","status");--> statement-breakpoint
CREATE INDEX "catalog_ad_bids_supplier_idx" ON "catalog_ad_bids" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE INDEX "catalog_ad_placements_bid_idx" ON "catalog_ad_placements" USING btree ("bid_id","shown_at");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_agreement_items_sku_idx" ON "catalog_agreement_items" USING btree ("agreement_id","sku_id");--> statement-breakpoint
CREATE INDEX "catalog_agreement_items_by_sku_idx" ON "catalog_agreement_items" USING btree ("sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_agreements_code_idx" ON "catalog_agreements" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_agreements_buyer_idx" ON "catalog_agreements" USING btree ("buyer_org_id","status");--> statement-breakpoint
CREATE INDEX "catalog_agreements_supplier_idx" ON "catalog_agreements" USING btree ("supplier_org_id","status");--> statement-breakpoint
CREATE INDEX "catalog_categories_parent_idx" ON "catalog_categories" USING btree ("parent_code","sort_order");--> statement-breakpoint
CREATE INDEX "catalog_files_product_idx" ON "catalog_files" USING btree ("product_id","sort_order");--> statement-breakpoint
CREATE INDEX "catalog_price_history_sku_idx" ON "catalog_price_history" USING btree ("sku_id","effective_at");--> statement-breakpoint
CREATE INDEX "catalog_price_history_category_idx" ON "catalog_price_history" USING btree ("category_code","effective_at");--> statement-breakpoint
CREATE INDEX "catalog_products_supplier_idx" ON "catalog_products" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE INDEX "catalog_products_review_idx" ON "catalog_products" USING btree ("review_status","submitted_at");--> statement-breakpoint
CREATE INDEX "catalog_reviews_product_idx" ON "catalog_reviews" USING btree ("product_id","occurred_at");--> statement-breakpoint
CREATE INDEX "catalog_search_tsv_idx" ON "catalog_search_rows" USING gin ("tsv") WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_latin_idx" ON "catalog_search_rows" USING gin ("latin" gin_trgm_ops) WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_attrs_idx" ON "catalog_search_rows" USING gin ("attrs" jsonb_path_ops) WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_category_idx" ON "catalog_search_rows" USING btree ("category_code" text_pattern_ops) WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_price_idx" ON "catalog_search_rows" USING btree ("price","sku_id") WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_sales_idx" ON "catalog_search_rows" USING btree ("sales_count","sku_id") WHERE visible;--> statement-breakpoint
CREATE INDEX "catalog_search_supplier_idx" ON "catalog_search_rows" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE INDEX "catalog_search_product_idx" ON "catalog_search_rows" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "catalog_search_standard_item_idx" ON "catalog_search_rows" USING btree ("standard_item_id") WHERE visible;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_skus_code_idx" ON "catalog_skus" USING btree ("supplier_org_id","sku_code");--> statement-breakpoint
CREATE INDEX "catalog_skus_product_idx" ON "catalog_skus" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "catalog_skus_standard_item_idx" ON "catalog_skus" USING btree ("standard_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_standard_items_code_idx" ON "catalog_standard_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_standard_items_category_idx" ON "catalog_standard_items" USING btree ("category_code");