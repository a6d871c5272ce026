-- Storage for a million articles (docs/scaling.md): the body once in D1, revisions as undos.
-- Converts existing rows in place; touches only columns no other migration reads.
-- 1. Revisions: each row keeps what turns its version back into the one before (src/domain/revision-undo.ts),
--    written here as the previous snapshot whole, in the new article shape; version 1 has none.
ALTER TABLE `article_revisions` ADD `undo` text;
--> statement-breakpoint
UPDATE `article_revisions` SET `undo` = (
  SELECT json_object('set', json_set(json_remove(p.`snapshot`, '$.bodyText'), '$.bodySource',
    CASE
      WHEN json_extract(p.`snapshot`, '$.bodyFormat') = 'html'
        AND json_extract(p.`snapshot`, '$.bodySource') = json_extract(p.`snapshot`, '$.bodyHtml') THEN NULL
      ELSE json_extract(p.`snapshot`, '$.bodySource')
    END))
  FROM `article_revisions` p
  WHERE p.`article_id` = `article_revisions`.`article_id` AND p.`version` = `article_revisions`.`version` - 1
);
--> statement-breakpoint
ALTER TABLE `article_revisions` DROP COLUMN `snapshot`;
--> statement-breakpoint
-- 2. Articles: the plain text is derived from body_html; an HTML body's source is body_html itself.
ALTER TABLE `articles` ADD `markdown_source` text;
--> statement-breakpoint
UPDATE `articles` SET `markdown_source` = `body_source` WHERE `body_format` <> 'html' OR `body_source` <> `body_html`;
--> statement-breakpoint
ALTER TABLE `articles` DROP COLUMN `body_source`;
--> statement-breakpoint
ALTER TABLE `articles` DROP COLUMN `body_text`;
--> statement-breakpoint
ALTER TABLE `articles` RENAME COLUMN `markdown_source` TO `body_source`;
