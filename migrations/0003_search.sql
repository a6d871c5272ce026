-- Full-text search index (docs/search.md). Contentless: FTS5 keeps only its inverted index, never a
-- copy of the text; rowid = articles.id. Columns hold tokens made by src/lib/search-text.ts
-- (bigrams + last character of each CJK run, Latin words), so unicode61 only splits on spaces.
-- Visibility is not stored here: queries join article_scopes (src/db/visibility.ts) at read time.
-- Existing articles are indexed by `npm run search:rebuild` after this migration.
CREATE VIRTUAL TABLE `article_search` USING fts5(
	title, lede, body, meta,
	content='', contentless_delete=1, tokenize='unicode61'
);
