-- Each scope row carries its article's write_id (kept in step by src/db/article-writes.ts), so a feed's
-- entry keys come from the listing index alone: one row read per item instead of a scope step plus an
-- article lookup. Existing rows are filled from their article before the index is rebuilt.
DROP INDEX `article_scopes_listing_idx`;--> statement-breakpoint
ALTER TABLE `article_scopes` ADD `write_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `article_scopes` SET `write_id` = (SELECT `write_id` FROM `articles` WHERE `articles`.`id` = `article_scopes`.`article_id`);--> statement-breakpoint
CREATE INDEX `article_scopes_listing_idx` ON `article_scopes` (`kind`,`key`,`listed`,`published_at`,`article_id`,`write_id`);
