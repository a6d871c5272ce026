CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `article_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`token_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `article_revisions_version_unique` ON `article_revisions` (`article_id`,`version`);--> statement-breakpoint
CREATE TABLE `article_scopes` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`article_id` integer NOT NULL,
	`listed` integer NOT NULL,
	`published_at` integer NOT NULL,
	`public_changed_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `key`, `article_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `article_scopes_listing_idx` ON `article_scopes` (`kind`,`key`,`listed`,`published_at`,`article_id`);--> statement-breakpoint
CREATE INDEX `article_scopes_changed_idx` ON `article_scopes` (`kind`,`key`,`public_changed_at`);--> statement-breakpoint
CREATE INDEX `article_scopes_article_idx` ON `article_scopes` (`article_id`);--> statement-breakpoint
CREATE TABLE `article_slugs` (
	`slug` text PRIMARY KEY NOT NULL,
	`article_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guid` text NOT NULL,
	`slug` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`subtitle` text,
	`summary` text NOT NULL,
	`summary_is_derived` integer NOT NULL,
	`language` text NOT NULL,
	`body_source` text NOT NULL,
	`body_format` text NOT NULL,
	`body_html` text NOT NULL,
	`body_text` text NOT NULL,
	`section` text NOT NULL,
	`tags` text NOT NULL,
	`authors` text NOT NULL,
	`editors` text NOT NULL,
	`source` text,
	`image` text,
	`print_edition` text,
	`published_at` integer,
	`published_offset` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`public_changed_at` integer,
	`deleted_at` integer,
	`version` integer NOT NULL,
	`write_id` text NOT NULL,
	`created_by` text,
	`updated_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_guid_unique` ON `articles` (`guid`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_updated_idx` ON `articles` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_status_updated_idx` ON `articles` (`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_public_changed_idx` ON `articles` (`public_changed_at`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`token_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`article_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`token_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`bucket` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL
);
