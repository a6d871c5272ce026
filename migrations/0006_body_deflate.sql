-- The body deflated when that pays (src/db/article-body.ts). SQL cannot deflate, so existing rows keep
-- body_html_z NULL, are read as before, and are compacted later by the cron or `npm run storage:compact`
-- (src/db/body-compaction.ts), which the partial index finds without a scan and which empties it.
ALTER TABLE `articles` ADD `body_html_z` blob;--> statement-breakpoint
CREATE INDEX `articles_legacy_body_idx` ON `articles` (`id`) WHERE body_html_z is null;