ALTER TABLE "contracts" ADD COLUMN "signed_pdf" "bytea";--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "signed_sha256" text;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD COLUMN "inspection_report_type" text;--> statement-breakpoint
ALTER TABLE "order_cases" ADD COLUMN "resolved_by" text;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "resume_status" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_org_id" text;--> statement-breakpoint
CREATE INDEX "shipments_carrier_org_idx" ON "shipments" USING btree ("carrier_org_id","shipped_at");