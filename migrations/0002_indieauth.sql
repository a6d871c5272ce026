CREATE TABLE `indieauth_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`client_name` text NOT NULL,
	`redirect_uri` text NOT NULL,
	`code_challenge` text NOT NULL,
	`scopes` text NOT NULL,
	`scope_words` text NOT NULL,
	`editor_token_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`replayed_at` integer,
	`issued_token_id` text,
	FOREIGN KEY (`editor_token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indieauth_codes_expires_idx` ON `indieauth_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `indieauth_refresh_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`access_token_id` text NOT NULL,
	`client_id` text NOT NULL,
	`client_name` text NOT NULL,
	`scopes` text NOT NULL,
	`scope_words` text NOT NULL,
	`editor_token_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`access_token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indieauth_refresh_family_idx` ON `indieauth_refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `indieauth_refresh_expires_idx` ON `indieauth_refresh_tokens` (`expires_at`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `client_id` text;