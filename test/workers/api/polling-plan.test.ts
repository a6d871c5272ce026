import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { scopeChangesQuery } from "../../../src/db/delta-queries";
import { db } from "../support/database";

it("a scope's delta is read through the scope's indexes, never a scan of the archive", async () => {
  const query = scopeChangesQuery(
    db(),
    { kind: "section", key: "深度报道" },
    { since: 1, now: 2, limit: 20, after: { at: 1, id: 1 } },
  ).toSQL();
  const { results } = await env.DB.prepare(`explain query plan ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>();
  const plan = results.map((r) => r.detail).join("\n");
  expect(plan).toMatch(/article_scopes USING INDEX article_scopes_changed_idx/);
  expect(plan).toMatch(/article_scopes USING (COVERING )?INDEX article_scopes_listing_idx/);
  expect(plan).toMatch(/SEARCH articles USING INTEGER PRIMARY KEY/);
  expect(plan).not.toMatch(/SCAN (articles|article_scopes)\b/);
});
