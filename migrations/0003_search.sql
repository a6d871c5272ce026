-- Full-text search index (docs/search.md). Contentless: FTS5 keeps only its inverted index, never a
-- copy of the text; rowid = articles.id. Columns hold tokens made by src/lib/search-text.ts
-- (bigrams + last character of each CJK run, Latin words), so unicode61 only splits on spaces.
-- Not contentless_delete=1: its deletes never take a row out of bm25's statistics (row count and
-- average lengths grow with every edit). Writes remove a row with FTS5's 'delete' command and the
-- tokens it was indexed with instead, which keeps the statistics exact.
-- Visibility is not stored here: queries join article_scopes (src/db/visibility.ts) at read time.
-- Existing articles are indexed by `npm run search:rebuild` after this migration.
CREATE VIRTUAL TABLE `article_search` USING fts5(
	title, lede, body, meta,
	content='', tokenize='unicode61'
);
