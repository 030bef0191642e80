CREATE TABLE "auction_bids" (
	"lot_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"org_id" text NOT NULL,
	"actor_id" text,
	"price" numeric(20, 4) NOT NULL,
	"kind" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "auction_bids_lot_id_seq_pk" PRIMARY KEY("lot_id","seq")
);
--> statement-breakpoint
CREATE TABLE "auction_lots" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"owner_org_id" text NOT NULL,
	"created_by" text,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"category_code" text,
	"item_name" text NOT NULL,
	"item_spec" text,
	"uom" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"delivery_address" text,
	"delivery_region" text,
	"start_price" numeric(20, 4) NOT NULL,
	"reserve_price" numeric(20, 4),
	"step_type" text NOT NULL,
	"step_value" numeric(20, 4) NOT NULL,
	"bid_rule" text NOT NULL,
	"tie_policy" text NOT NULL,
	"visibility" text NOT NULL,
	"proxy_allowed" boolean DEFAULT false NOT NULL,
	"access" text NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"deposit_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"scheduled_ends_at" timestamp with time zone NOT NULL,
	"snipe_window_seconds" integer DEFAULT 0 NOT NULL,
	"extension_seconds" integer DEFAULT 0 NOT NULL,
	"max_extensions" integer DEFAULT 0 NOT NULL,
	"extend_from" text DEFAULT 'close' NOT NULL,
	"trigger_rank" integer DEFAULT 1 NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"bid_count" integer DEFAULT 0 NOT NULL,
	"best_price" numeric(20, 4),
	"best_org_id" text,
	"best_seq" bigint,
	"last_bid_us" bigint DEFAULT 0 NOT NULL,
	"chain_hash" text NOT NULL,
	"winner_org_id" text,
	"winning_price" numeric(20, 4),
	"order_id" text,
	"sale_total" numeric(20, 4),
	"pay_by" timestamp with time zone,
	"payment_reference" text,
	"paid_at" timestamp with time zone,
	"collected_at" timestamp with time zone,
	"outcome_reason" text,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "auction_lots_prices_positive" CHECK ("auction_lots"."start_price" > 0 and "auction_lots"."step_value" > 0 and "auction_lots"."quantity" > 0 and "auction_lots"."deposit_amount" >= 0),
	CONSTRAINT "auction_lots_window" CHECK ("auction_lots"."ends_at" > "auction_lots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "auction_participants" (
	"lot_id" text NOT NULL,
	"org_id" text NOT NULL,
	"status" text NOT NULL,
	"invited_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"deposit_status" text DEFAULT 'none' NOT NULL,
	"deposit_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"deposit_reference" text,
	"best_price" numeric(20, 4),
	"best_seq" bigint,
	"bid_count" integer DEFAULT 0 NOT NULL,
	"proxy_limit" numeric(20, 4),
	"proxy_set_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auction_participants_lot_id_org_id_pk" PRIMARY KEY("lot_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "auction_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"bank_reference" text NOT NULL,
	"purpose" text NOT NULL,
	"reference_id" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"ledger_entry_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "presale_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"presale_id" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"buyer_user_id" text,
	"quantity" numeric(18, 3) NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"total" numeric(20, 4) NOT NULL,
	"deposit_amount" numeric(20, 4) NOT NULL,
	"balance_amount" numeric(20, 4) NOT NULL,
	"status" text NOT NULL,
	"delivery_address" text,
	"order_id" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "presales" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_org_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"item_name" text NOT NULL,
	"uom" text NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"deposit_per_unit" numeric(20, 4) NOT NULL,
	"quantity_cap" numeric(18, 3),
	"quantity_taken" numeric(18, 3) DEFAULT '0' NOT NULL,
	"min_quantity" numeric(18, 3) DEFAULT '1' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"delivery_from" date NOT NULL,
	"delivery_to" date NOT NULL,
	"balance_due_by" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "presales_amounts" CHECK ("presales"."unit_price" > 0 and "presales"."deposit_per_unit" > 0 and "presales"."deposit_per_unit" <= "presales"."unit_price" and "presales"."quantity_taken" >= 0),
	CONSTRAINT "presales_cap" CHECK ("presales"."quantity_cap" is null or "presales"."quantity_taken" <= "presales"."quantity_cap")
);
--> statement-breakpoint
CREATE INDEX "auction_bids_org_idx" ON "auction_bids" USING btree ("lot_id","org_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_lots_owner_number_idx" ON "auction_lots" USING btree ("owner_org_id","number");--> statement-breakpoint
CREATE INDEX "auction_lots_owner_idx" ON "auction_lots" USING btree ("owner_org_id","created_at");--> statement-breakpoint
CREATE INDEX "auction_lots_due_idx" ON "auction_lots" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "auction_lots_public_idx" ON "auction_lots" USING btree ("access","status","starts_at");--> statement-breakpoint
CREATE INDEX "auction_participants_org_idx" ON "auction_participants" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_receipts_org_reference_idx" ON "auction_receipts" USING btree ("org_id","bank_reference");--> statement-breakpoint
CREATE INDEX "auction_receipts_reference_idx" ON "auction_receipts" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "presale_orders_presale_idx" ON "presale_orders" USING btree ("presale_id","created_at");--> statement-breakpoint
CREATE INDEX "presale_orders_buyer_idx" ON "presale_orders" USING btree ("buyer_org_id","created_at");--> statement-breakpoint
CREATE INDEX "presale_orders_supplier_idx" ON "presale_orders" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE INDEX "presales_supplier_idx" ON "presales" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE INDEX "presales_status_idx" ON "presales" USING btree ("status","ends_at");