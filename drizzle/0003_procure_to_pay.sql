CREATE TABLE "stock_levels" (
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"org_id" text NOT NULL,
	"on_hand" numeric(18, 3) DEFAULT '0' NOT NULL,
	"reserved" numeric(18, 3) DEFAULT '0' NOT NULL,
	"low_stock_threshold" numeric(18, 3),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_sku_id_warehouse_id_pk" PRIMARY KEY("sku_id","warehouse_id"),
	CONSTRAINT "stock_levels_non_negative" CHECK ("stock_levels"."on_hand" >= 0 and "stock_levels"."reserved" >= 0 and "stock_levels"."reserved" <= "stock_levels"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"on_hand_delta" numeric(18, 3) NOT NULL,
	"reserved_delta" numeric(18, 3) NOT NULL,
	"reference_type" text,
	"reference_id" text,
	"note" text,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"sku_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"org_id" text NOT NULL,
	"reference_type" text NOT NULL,
	"reference_id" text NOT NULL,
	"reference_line_id" text,
	"quantity" numeric(18, 3) NOT NULL,
	"consumed" numeric(18, 3) DEFAULT '0' NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "stock_reservations_quantities" CHECK ("stock_reservations"."quantity" > 0 and "stock_reservations"."consumed" >= 0 and "stock_reservations"."consumed" <= "stock_reservations"."quantity")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"region" text,
	"address" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"purpose" text NOT NULL,
	"currency" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"memo" text,
	"reference_type" text,
	"reference_id" text,
	"dedupe_key" text,
	"reverses_entry_id" text,
	"created_by" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reference_type" text,
	"reference_id" text,
	"expires_at" timestamp with time zone,
	"posted_entry_id" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "ledger_holds_positive" CHECK ("ledger_holds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"account_id" text NOT NULL,
	"currency" text NOT NULL,
	"debit" numeric(20, 4) DEFAULT '0' NOT NULL,
	"credit" numeric(20, 4) DEFAULT '0' NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_postings_one_side" CHECK (("ledger_postings"."debit" >= 0 and "ledger_postings"."credit" >= 0) and ("ledger_postings"."debit" = 0) <> ("ledger_postings"."credit" = 0))
);
--> statement-breakpoint
CREATE TABLE "cart_items" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"sku_id" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_items_positive" CHECK ("cart_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"buyer_signed_by" text,
	"buyer_signed_at" timestamp with time zone,
	"supplier_signed_by" text,
	"supplier_signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goods_receipt_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"receipt_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"received_quantity" numeric(18, 3) NOT NULL,
	"accepted_quantity" numeric(18, 3) NOT NULL,
	"rejected_quantity" numeric(18, 3) NOT NULL,
	"inspection_result" text NOT NULL,
	"rejection_reason" text,
	CONSTRAINT "goods_receipt_lines_split" CHECK ("goods_receipt_lines"."accepted_quantity" >= 0 and "goods_receipt_lines"."rejected_quantity" >= 0 and "goods_receipt_lines"."accepted_quantity" + "goods_receipt_lines"."rejected_quantity" = "goods_receipt_lines"."received_quantity")
);
--> statement-breakpoint
CREATE TABLE "goods_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"shipment_id" text,
	"buyer_org_id" text NOT NULL,
	"number" text NOT NULL,
	"received_by" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notes" text,
	"inspection_report_name" text,
	"inspection_report" "bytea"
);
--> statement-breakpoint
CREATE TABLE "order_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_by_org_id" text NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb,
	"resolution" text,
	"refund_amount" numeric(20, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"type" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" text,
	"actor_org_id" text,
	"data" jsonb,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"sku_id" text,
	"requisition_line_id" text,
	"category_code" text,
	"name" text NOT NULL,
	"spec" text,
	"supplier_sku_code" text,
	"uom" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"line_subtotal" numeric(20, 4) NOT NULL,
	"line_tax" numeric(20, 4) NOT NULL,
	"line_total" numeric(20, 4) NOT NULL,
	"price_source" text NOT NULL,
	"agreement_item_id" text,
	"shipped_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"received_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"accepted_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"rejected_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"invoiced_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"returned_quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	CONSTRAINT "purchase_order_lines_quantities" CHECK ("purchase_order_lines"."quantity" > 0 and "purchase_order_lines"."shipped_quantity" <= "purchase_order_lines"."quantity" and "purchase_order_lines"."received_quantity" <= "purchase_order_lines"."shipped_quantity"
          and "purchase_order_lines"."accepted_quantity" + "purchase_order_lines"."rejected_quantity" <= "purchase_order_lines"."received_quantity" and "purchase_order_lines"."invoiced_quantity" <= "purchase_order_lines"."accepted_quantity")
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"buyer_user_id" text,
	"source" text NOT NULL,
	"source_ref" text,
	"requisition_id" text,
	"budget_line_id" text,
	"status" text NOT NULL,
	"payment_method" text NOT NULL,
	"credit_days" integer,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"subtotal" numeric(20, 4) NOT NULL,
	"tax_total" numeric(20, 4) NOT NULL,
	"total" numeric(20, 4) NOT NULL,
	"escrow_held" numeric(20, 4) DEFAULT '0' NOT NULL,
	"delivery_address" text,
	"delivery_region" text,
	"need_by" date,
	"notes" text,
	"reservation_expires_at" timestamp with time zone,
	"cancel_reason" text,
	"submitted_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "purchase_orders_escrow_non_negative" CHECK ("purchase_orders"."escrow_held" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"shipment_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	CONSTRAINT "shipment_lines_positive" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"number" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"status" text NOT NULL,
	"shipped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "supplier_evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"delivery" smallint NOT NULL,
	"quality" smallint NOT NULL,
	"service" smallint NOT NULL,
	"price" smallint NOT NULL,
	"comment" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supplier_evaluations_range" CHECK ("supplier_evaluations"."delivery" between 1 and 5 and "supplier_evaluations"."quality" between 1 and 5 and "supplier_evaluations"."service" between 1 and 5 and "supplier_evaluations"."price" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shipment_id" text NOT NULL,
	"status" text NOT NULL,
	"location" text,
	"description" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text,
	"external_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_delegations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"from_user_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "approval_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"document_type" text DEFAULT 'requisition' NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"min_amount" numeric(20, 4),
	"max_amount" numeric(20, 4),
	"category_code" text,
	"budget_remaining_below" numeric(5, 4),
	"steps" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"document_type" text NOT NULL,
	"document_id" text NOT NULL,
	"step" integer NOT NULL,
	"mode" text NOT NULL,
	"rule_id" text,
	"assignee_id" text NOT NULL,
	"delegated_from_id" text,
	"status" text NOT NULL,
	"comment" text,
	"decided_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"code" text NOT NULL,
	"org_unit" text NOT NULL,
	"category_code" text,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"committed" numeric(20, 4) DEFAULT '0' NOT NULL,
	"spent" numeric(20, 4) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "budget_lines_within_amount" CHECK ("budget_lines"."committed" >= 0 and "budget_lines"."spent" >= 0 and "budget_lines"."committed" + "budget_lines"."spent" <= "budget_lines"."amount")
);
--> statement-breakpoint
CREATE TABLE "budget_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"budget_line_id" text NOT NULL,
	"kind" text NOT NULL,
	"committed_delta" numeric(20, 4) DEFAULT '0' NOT NULL,
	"spent_delta" numeric(20, 4) DEFAULT '0' NOT NULL,
	"reference_type" text NOT NULL,
	"reference_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text NOT NULL,
	"notes" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requisition_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"requisition_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"sku_id" text,
	"supplier_org_id" text,
	"category_code" text,
	"description" text NOT NULL,
	"spec" text,
	"quantity" numeric(18, 3) NOT NULL,
	"uom" text NOT NULL,
	"estimated_unit_price" numeric(20, 4) DEFAULT '0' NOT NULL,
	"amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"need_by" date,
	"ordered_quantity" numeric(18, 3) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requisitions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"requester_id" text NOT NULL,
	"org_unit" text,
	"delivery_site" text,
	"need_by" date,
	"budget_line_id" text,
	"status" text NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"total_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"justification" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_statement_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"value_date" date NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"payer_name" text,
	"payer_account" text,
	"bank_reference" text NOT NULL,
	"remittance_info" text,
	"status" text NOT NULL,
	"matched_payment_id" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"id" text PRIMARY KEY NOT NULL,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"imported_by" text NOT NULL,
	"line_count" integer NOT NULL,
	"matched_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category_code" text,
	"supplier_tier" text,
	"rate" numeric(6, 4) NOT NULL,
	"min_amount" numeric(20, 4),
	"max_amount" numeric(20, 4),
	"priority" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "commission_rules_rate" CHECK ("commission_rules"."rate" >= 0 and "commission_rules"."rate" < 1)
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"invoice_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"description" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(6, 4) NOT NULL,
	"line_subtotal" numeric(20, 4) NOT NULL,
	"line_tax" numeric(20, 4) NOT NULL,
	"line_total" numeric(20, 4) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"vat_invoice_number" text NOT NULL,
	"order_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"buyer_org_id" text NOT NULL,
	"issue_date" date NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"subtotal" numeric(20, 4) NOT NULL,
	"tax_total" numeric(20, 4) NOT NULL,
	"total" numeric(20, 4) NOT NULL,
	"status" text NOT NULL,
	"match_result" jsonb,
	"exception_reason" text,
	"due_date" date,
	"paid_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "invoices_paid_within_total" CHECK ("invoices"."paid_amount" >= 0 and "invoices"."paid_amount" <= "invoices"."total")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"buyer_org_id" text NOT NULL,
	"purpose" text NOT NULL,
	"order_id" text,
	"invoice_id" text,
	"amount" numeric(20, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"bank_reference" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_by" text,
	"statement_line_id" text,
	"ledger_entry_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_positive" CHECK ("payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_org_id" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"reference" text,
	"ledger_entry_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_positive" CHECK ("payouts"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ADD CONSTRAINT "goods_receipt_lines_receipt_id_goods_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."goods_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ADD CONSTRAINT "goods_receipt_lines_order_line_id_purchase_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."purchase_order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD CONSTRAINT "goods_receipts_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cases" ADD CONSTRAINT "order_cases_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_order_line_id_purchase_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."purchase_order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_evaluations" ADD CONSTRAINT "supplier_evaluations_order_id_purchase_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_plan_id_procurement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."procurement_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_movements" ADD CONSTRAINT "budget_movements_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_requisition_id_requisitions_id_fk" FOREIGN KEY ("requisition_id") REFERENCES "public"."requisitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD CONSTRAINT "bank_statement_lines_statement_id_bank_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."bank_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_levels_org_idx" ON "stock_levels" USING btree ("org_id","sku_id");--> statement-breakpoint
CREATE INDEX "stock_movements_sku_idx" ON "stock_movements" USING btree ("sku_id","warehouse_id","id");--> statement-breakpoint
CREATE INDEX "stock_movements_org_idx" ON "stock_movements" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "stock_reservations_reference_idx" ON "stock_reservations" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_expiry_idx" ON "stock_reservations" USING btree ("expires_at") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_org_code_idx" ON "warehouses" USING btree ("org_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_owner_purpose_idx" ON "ledger_accounts" USING btree ("owner","purpose","currency");--> statement-breakpoint
CREATE INDEX "ledger_entries_reference_idx" ON "ledger_entries" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_dedupe_idx" ON "ledger_entries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "ledger_holds_account_idx" ON "ledger_holds" USING btree ("account_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "ledger_holds_reference_idx" ON "ledger_holds" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE INDEX "ledger_holds_expiry_idx" ON "ledger_holds" USING btree ("expires_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "ledger_postings_account_idx" ON "ledger_postings" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_postings_entry_idx" ON "ledger_postings" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_user_sku_idx" ON "cart_items" USING btree ("user_id","sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_order_idx" ON "contracts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "goods_receipt_lines_receipt_idx" ON "goods_receipt_lines" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "goods_receipts_order_idx" ON "goods_receipts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_cases_order_idx" ON "order_cases" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_lines_no_idx" ON "purchase_order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_buyer_number_idx" ON "purchase_orders" USING btree ("buyer_org_id","number");--> statement-breakpoint
CREATE INDEX "purchase_orders_buyer_idx" ON "purchase_orders" USING btree ("buyer_org_id","created_at");--> statement-breakpoint
CREATE INDEX "purchase_orders_supplier_idx" ON "purchase_orders" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE INDEX "purchase_orders_status_idx" ON "purchase_orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "shipment_lines_shipment_idx" ON "shipment_lines" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipments_tracking_idx" ON "shipments" USING btree ("carrier","tracking_number");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_evaluations_order_idx" ON "supplier_evaluations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "supplier_evaluations_supplier_idx" ON "supplier_evaluations" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_external_idx" ON "tracking_events" USING btree ("shipment_id","external_id");--> statement-breakpoint
CREATE INDEX "approval_delegations_from_idx" ON "approval_delegations" USING btree ("from_user_id","starts_at");--> statement-breakpoint
CREATE INDEX "approval_rules_org_idx" ON "approval_rules" USING btree ("org_id","document_type","priority");--> statement-breakpoint
CREATE INDEX "approval_tasks_document_idx" ON "approval_tasks" USING btree ("document_type","document_id","step");--> statement-breakpoint
CREATE INDEX "approval_tasks_assignee_idx" ON "approval_tasks" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_lines_org_code_idx" ON "budget_lines" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "budget_lines_plan_idx" ON "budget_lines" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_movements_dedupe_idx" ON "budget_movements" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "budget_movements_line_idx" ON "budget_movements" USING btree ("budget_line_id","created_at");--> statement-breakpoint
CREATE INDEX "procurement_plans_org_idx" ON "procurement_plans" USING btree ("org_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "requisition_lines_no_idx" ON "requisition_lines" USING btree ("requisition_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "requisitions_org_number_idx" ON "requisitions" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "requisitions_org_status_idx" ON "requisitions" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "bank_statement_lines_statement_idx" ON "bank_statement_lines" USING btree ("statement_id","line_no");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_lines" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_supplier_vat_number_idx" ON "invoices" USING btree ("supplier_org_id","vat_invoice_number");--> statement-breakpoint
CREATE INDEX "invoices_order_idx" ON "invoices" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "invoices_buyer_idx" ON "invoices" USING btree ("buyer_org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "invoices_supplier_idx" ON "invoices" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_bank_reference_idx" ON "payments" USING btree ("buyer_org_id","bank_reference");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_invoice_idx" ON "payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payouts_supplier_idx" ON "payouts" USING btree ("supplier_org_id","created_at");