CREATE TABLE "catalog_search_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"generation" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "catalog_search_state" ("id", "generation") VALUES (1, 0);
