CREATE TABLE "order_settlements" (
	"order_id" text PRIMARY KEY NOT NULL,
	"buyer_org_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"payment_method" text NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"escrow_paid" numeric(20, 4) DEFAULT '0' NOT NULL,
	"escrow_released" numeric(20, 4) DEFAULT '0' NOT NULL,
	"escrow_refunded" numeric(20, 4) DEFAULT '0' NOT NULL,
	"receivable_open" numeric(20, 4) DEFAULT '0' NOT NULL,
	"accepted_value" numeric(20, 4) DEFAULT '0' NOT NULL,
	"reduced_value" numeric(20, 4) DEFAULT '0' NOT NULL,
	"commission_charged" numeric(20, 4) DEFAULT '0' NOT NULL,
	"commission_detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"settled_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "order_settlements_escrow" CHECK ("order_settlements"."escrow_released" >= 0 and "order_settlements"."escrow_refunded" >= 0 and "order_settlements"."escrow_released" + "order_settlements"."escrow_refunded" <= "order_settlements"."escrow_paid"),
	CONSTRAINT "order_settlements_receivable" CHECK ("order_settlements"."receivable_open" >= 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"price_percent" numeric(8, 4) NOT NULL,
	"price_amount" numeric(20, 4) NOT NULL,
	"total_amount" numeric(20, 4) NOT NULL,
	"reminder_days_before" integer DEFAULT 3 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "matched_type" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "matched_id" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "buyer_org_id" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "suspense_entry_id" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "matched_by" text;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD COLUMN "matched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD COLUMN "encoding" text DEFAULT 'utf-8' NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD COLUMN "unmatched_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD COLUMN "duplicate_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_statements" ADD COLUMN "total_amount" numeric(20, 4) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "commission_rules" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "commission_rules" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_method" text DEFAULT 'escrow' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "commission" numeric(20, 4);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "decision_reason" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "allocation" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "note" text;--> statement-breakpoint
CREATE INDEX "order_settlements_buyer_idx" ON "order_settlements" USING btree ("buyer_org_id");--> statement-breakpoint
CREATE INDEX "order_settlements_supplier_idx" ON "order_settlements" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE INDEX "bank_statement_lines_reference_idx" ON "bank_statement_lines" USING btree ("bank_reference");--> statement-breakpoint
CREATE INDEX "bank_statement_lines_status_idx" ON "bank_statement_lines" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statements_sha256_idx" ON "bank_statements" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "bank_statements_created_idx" ON "bank_statements" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_supplier_number_idx" ON "invoices" USING btree ("supplier_org_id","number");--> statement-breakpoint
CREATE INDEX "invoices_due_idx" ON "invoices" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "payments_buyer_idx" ON "payments" USING btree ("buyer_org_id","created_at");--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_bounds" CHECK ("commission_rules"."min_amount" is null or "commission_rules"."max_amount" is null or "commission_rules"."min_amount" <= "commission_rules"."max_amount");