CREATE TABLE "rfq_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"rfq_id" text NOT NULL,
	"quote_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"filename" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rfq_invitations" (
	"rfq_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"source" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rfq_invitations_rfq_id_supplier_org_id_pk" PRIMARY KEY("rfq_id","supplier_org_id")
);
--> statement-breakpoint
CREATE TABLE "rfq_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"rfq_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"sku_id" text,
	"requisition_line_id" text,
	"category_code" text,
	"name" text NOT NULL,
	"spec" text,
	"quantity" numeric(18, 3) NOT NULL,
	"uom" text NOT NULL,
	"allow_alternatives" boolean DEFAULT false NOT NULL,
	"awarded_quote_id" text,
	"awarded_supplier_org_id" text,
	"order_id" text,
	CONSTRAINT "rfq_lines_quantity_positive" CHECK ("rfq_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "rfq_questions" (
	"id" text PRIMARY KEY NOT NULL,
	"rfq_id" text NOT NULL,
	"asked_by_org_id" text NOT NULL,
	"question" text NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rfq_quote_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"quote_id" text NOT NULL,
	"rfq_line_id" text NOT NULL,
	"unit_price" numeric(20, 4) NOT NULL,
	"tax_rate" numeric(5, 4) NOT NULL,
	"lead_time_days" integer,
	"alternative" text,
	"notes" text,
	CONSTRAINT "rfq_quote_lines_price" CHECK ("rfq_quote_lines"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rfq_quotes" (
	"id" text PRIMARY KEY NOT NULL,
	"rfq_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"valid_until" date NOT NULL,
	"lead_time_days" integer,
	"freight" numeric(20, 4) DEFAULT '0' NOT NULL,
	"freight_tax_rate" numeric(5, 4) DEFAULT '0.09' NOT NULL,
	"notes" text,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rfqs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"audience" text NOT NULL,
	"category_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"requisition_id" text,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"delivery_address" text,
	"delivery_region" text,
	"need_by" date,
	"payment_method" text DEFAULT 'escrow' NOT NULL,
	"credit_days" integer,
	"budget_line_id" text,
	"created_by" text NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_awards" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"bid_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"rank" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"offered_at" timestamp with time zone NOT NULL,
	"confirm_by" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"order_id" text
);
--> statement-breakpoint
CREATE TABLE "tender_bids" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"sealed" "bytea",
	"sealed_sha256" text,
	"document_revision" integer NOT NULL,
	"needs_reconfirmation" boolean DEFAULT false NOT NULL,
	"request_key" text,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"reconfirmed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"opened_content" jsonb,
	"total_price" numeric(20, 4),
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_deposits" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"amount" numeric(20, 4) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"bank_reference" text NOT NULL,
	"received_entry_id" text NOT NULL,
	"settled_entry_id" text,
	"reason" text,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "tender_deposits_positive" CHECK ("tender_deposits"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "tender_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"revision" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"material" boolean DEFAULT false NOT NULL,
	"filename" text,
	"mime_type" text,
	"size_bytes" integer,
	"sha256" text,
	"content" "bytea",
	"deadline_before" timestamp with time zone,
	"deadline_after" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_evaluators" (
	"tender_id" text NOT NULL,
	"user_id" text NOT NULL,
	"declared_at" timestamp with time zone,
	"conflict" boolean,
	"declaration" text,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "tender_evaluators_tender_id_user_id_pk" PRIMARY KEY("tender_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tender_invitations" (
	"tender_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tender_invitations_tender_id_supplier_org_id_pk" PRIMARY KEY("tender_id","supplier_org_id")
);
--> statement-breakpoint
CREATE TABLE "tender_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"category_code" text,
	"name" text NOT NULL,
	"spec" text,
	"quantity" numeric(18, 3) NOT NULL,
	"uom" text NOT NULL,
	CONSTRAINT "tender_lines_quantity_positive" CHECK ("tender_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "tender_notices" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"kind" text NOT NULL,
	"visibility" text NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_openers" (
	"tender_id" text NOT NULL,
	"user_id" text NOT NULL,
	"position" integer NOT NULL,
	"accepted_at" timestamp with time zone,
	"public_key" "bytea",
	"key_salt" "bytea",
	"protected_private_key" "bytea",
	"sealed_share" "bytea",
	"released_share" "bytea",
	"confirmed_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tender_openers_tender_id_user_id_pk" PRIMARY KEY("tender_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tender_openings" (
	"tender_id" text PRIMARY KEY NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"openers" jsonb NOT NULL,
	"bids" jsonb NOT NULL,
	"excluded" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"tender_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"status" text NOT NULL,
	"statement" text,
	"contact_name" text,
	"contact_phone" text,
	"registered_by" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "tender_results" (
	"tender_id" text NOT NULL,
	"bid_id" text NOT NULL,
	"supplier_org_id" text NOT NULL,
	"evaluated_price" numeric(20, 4) NOT NULL,
	"price_score" numeric(7, 3) NOT NULL,
	"technical_score" numeric(7, 3) NOT NULL,
	"commercial_score" numeric(7, 3) NOT NULL,
	"total_score" numeric(7, 3) NOT NULL,
	"passed" boolean NOT NULL,
	"rank" integer,
	CONSTRAINT "tender_results_tender_id_bid_id_pk" PRIMARY KEY("tender_id","bid_id")
);
--> statement-breakpoint
CREATE TABLE "tender_scores" (
	"tender_id" text NOT NULL,
	"bid_id" text NOT NULL,
	"evaluator_id" text NOT NULL,
	"technical" numeric(7, 3) NOT NULL,
	"commercial" numeric(7, 3) NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tender_scores_tender_id_bid_id_evaluator_id_pk" PRIMARY KEY("tender_id","bid_id","evaluator_id")
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"visibility" text NOT NULL,
	"category_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"method" text NOT NULL,
	"price_weight" numeric(5, 2) NOT NULL,
	"technical_weight" numeric(5, 2) NOT NULL,
	"commercial_weight" numeric(5, 2) NOT NULL,
	"technical_pass_score" numeric(5, 2) DEFAULT '60' NOT NULL,
	"qualification_requirements" text,
	"deposit_amount" numeric(20, 4) DEFAULT '0' NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"registration_deadline" timestamp with time zone NOT NULL,
	"bid_deadline" timestamp with time zone NOT NULL,
	"opening_at" timestamp with time zone NOT NULL,
	"opening_window_minutes" integer NOT NULL,
	"amendment_notice_minutes" integer NOT NULL,
	"award_confirm_minutes" integer NOT NULL,
	"opener_quorum" integer NOT NULL,
	"status" text NOT NULL,
	"document_revision" integer DEFAULT 0 NOT NULL,
	"sealing_public_key" "bytea",
	"delivery_address" text,
	"delivery_region" text,
	"need_by" date,
	"payment_method" text DEFAULT 'escrow' NOT NULL,
	"credit_days" integer,
	"budget_line_id" text,
	"created_by" text NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"evaluated_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"end_reason" text,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tenders_times" CHECK ("tenders"."registration_deadline" <= "tenders"."bid_deadline" and "tenders"."bid_deadline" <= "tenders"."opening_at")
);
--> statement-breakpoint
ALTER TABLE "rfq_attachments" ADD CONSTRAINT "rfq_attachments_rfq_id_rfqs_id_fk" FOREIGN KEY ("rfq_id") REFERENCES "public"."rfqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_attachments" ADD CONSTRAINT "rfq_attachments_quote_id_rfq_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."rfq_quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_invitations" ADD CONSTRAINT "rfq_invitations_rfq_id_rfqs_id_fk" FOREIGN KEY ("rfq_id") REFERENCES "public"."rfqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_lines" ADD CONSTRAINT "rfq_lines_rfq_id_rfqs_id_fk" FOREIGN KEY ("rfq_id") REFERENCES "public"."rfqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_questions" ADD CONSTRAINT "rfq_questions_rfq_id_rfqs_id_fk" FOREIGN KEY ("rfq_id") REFERENCES "public"."rfqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_quote_lines" ADD CONSTRAINT "rfq_quote_lines_quote_id_rfq_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."rfq_quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_quote_lines" ADD CONSTRAINT "rfq_quote_lines_rfq_line_id_rfq_lines_id_fk" FOREIGN KEY ("rfq_line_id") REFERENCES "public"."rfq_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rfq_quotes" ADD CONSTRAINT "rfq_quotes_rfq_id_rfqs_id_fk" FOREIGN KEY ("rfq_id") REFERENCES "public"."rfqs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_awards" ADD CONSTRAINT "tender_awards_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_awards" ADD CONSTRAINT "tender_awards_bid_id_tender_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."tender_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_bids" ADD CONSTRAINT "tender_bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_deposits" ADD CONSTRAINT "tender_deposits_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_evaluators" ADD CONSTRAINT "tender_evaluators_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_invitations" ADD CONSTRAINT "tender_invitations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_lines" ADD CONSTRAINT "tender_lines_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_notices" ADD CONSTRAINT "tender_notices_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_openers" ADD CONSTRAINT "tender_openers_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_openings" ADD CONSTRAINT "tender_openings_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_registrations" ADD CONSTRAINT "tender_registrations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_results" ADD CONSTRAINT "tender_results_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_results" ADD CONSTRAINT "tender_results_bid_id_tender_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."tender_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_scores" ADD CONSTRAINT "tender_scores_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_scores" ADD CONSTRAINT "tender_scores_bid_id_tender_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."tender_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rfq_attachments_quote_idx" ON "rfq_attachments" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "rfq_invitations_supplier_idx" ON "rfq_invitations" USING btree ("supplier_org_id","invited_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rfq_lines_no_idx" ON "rfq_lines" USING btree ("rfq_id","line_no");--> statement-breakpoint
CREATE INDEX "rfq_questions_rfq_idx" ON "rfq_questions" USING btree ("rfq_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rfq_quote_lines_line_idx" ON "rfq_quote_lines" USING btree ("quote_id","rfq_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rfq_quotes_rfq_supplier_idx" ON "rfq_quotes" USING btree ("rfq_id","supplier_org_id");--> statement-breakpoint
CREATE INDEX "rfq_quotes_supplier_idx" ON "rfq_quotes" USING btree ("supplier_org_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rfqs_org_number_idx" ON "rfqs" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "rfqs_org_created_idx" ON "rfqs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "rfqs_open_audience_idx" ON "rfqs" USING btree ("status","audience","created_at");--> statement-breakpoint
CREATE INDEX "tender_awards_tender_idx" ON "tender_awards" USING btree ("tender_id","offered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_awards_one_offer_idx" ON "tender_awards" USING btree ("tender_id") WHERE status = 'offered';--> statement-breakpoint
CREATE UNIQUE INDEX "tender_bids_supplier_idx" ON "tender_bids" USING btree ("tender_id","supplier_org_id");--> statement-breakpoint
CREATE INDEX "tender_bids_org_idx" ON "tender_bids" USING btree ("supplier_org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_deposits_supplier_idx" ON "tender_deposits" USING btree ("tender_id","supplier_org_id");--> statement-breakpoint
CREATE INDEX "tender_documents_tender_idx" ON "tender_documents" USING btree ("tender_id","created_at");--> statement-breakpoint
CREATE INDEX "tender_evaluators_user_idx" ON "tender_evaluators" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tender_invitations_supplier_idx" ON "tender_invitations" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_lines_no_idx" ON "tender_lines" USING btree ("tender_id","line_no");--> statement-breakpoint
CREATE INDEX "tender_notices_public_idx" ON "tender_notices" USING btree ("visibility","published_at");--> statement-breakpoint
CREATE INDEX "tender_notices_tender_idx" ON "tender_notices" USING btree ("tender_id","published_at");--> statement-breakpoint
CREATE INDEX "tender_openers_user_idx" ON "tender_openers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_registrations_supplier_idx" ON "tender_registrations" USING btree ("tender_id","supplier_org_id");--> statement-breakpoint
CREATE INDEX "tender_registrations_org_idx" ON "tender_registrations" USING btree ("supplier_org_id","registered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_org_number_idx" ON "tenders" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "tenders_org_created_idx" ON "tenders" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "tenders_public_idx" ON "tenders" USING btree ("visibility","status","created_at");