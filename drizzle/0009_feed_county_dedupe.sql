DROP INDEX "feed_files_source_period_sha_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "feed_files_source_period_sha_idx" ON "feed_files" USING btree ("source","period","sha256","area_code");--> statement-breakpoint
-- Feeds loaded from the command line before feeds had a county (area ''): a database holding one county's households gives them that county.
UPDATE "feed_files" SET "area_code" = c."county" FROM (SELECT min(substr("area_code", 1, 6)) AS "county" FROM "households" HAVING count(DISTINCT substr("area_code", 1, 6)) = 1) c WHERE "feed_files"."area_code" = '';--> statement-breakpoint
UPDATE "feed_records" SET "area_code" = f."area_code" FROM "feed_files" f WHERE f."id" = "feed_records"."file_id" AND "feed_records"."area_code" = '' AND f."area_code" <> '';
