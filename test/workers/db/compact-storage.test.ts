// Through the real write path: the body is stored once, and an edit costs its change, not a copy
// of the article; every version still reads back exactly.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle } from "../../fixtures/articles";
import { resetDatabase } from "../support/database";
import { type ApiArticle, createArticle, mintToken, patchArticle, request } from "../support/helpers";

beforeEach(resetDatabase);

const PARAGRAPH = "社区服务中心延长开放时间，居民议事会定期召开，志愿者队伍不断壮大。";
const BODY = `<h2>把服务送到家门口</h2>${Array.from({ length: 40 }, (_, i) => `<p>${i}${PARAGRAPH}</p>`).join("")}`;

type EditorArticle = ApiArticle & { body: string; bodyFormat: string };

async function revision(secret: string, id: number, version: number) {
  const res = await request(`/api/v1/articles/${id}/revisions/${version}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  return ((await res.json()) as { article: EditorArticle }).article;
}

describe("compact storage", () => {
  it("stores an HTML body once and revisions as small undos, reading every version back exactly", async () => {
    const { secret } = await mintToken();
    const created = (await createArticle(
      secret,
      chineseArticle({ body: BODY, bodyFormat: "html" }),
    )) as EditorArticle;
    const edits = [
      { title: "更正后的标题" },
      { body: BODY.replace("0社区服务中心", "0街道服务中心") },
      { tags: ["社区"] },
    ];
    const versions = [created];
    for (const patch of edits) {
      const res = await patchArticle(secret, created.id, `"a${created.id}-v${versions.length}"`, patch);
      versions.push((await res.json()) as EditorArticle);
    }
    const row = await env.DB.prepare("select * from articles where id = ?").bind(created.id).first();
    expect(row?.body_source).toBeNull();
    expect(row).not.toHaveProperty("body_text");
    const { results } = await env.DB.prepare(
      "select version, length(cast(undo as blob)) as bytes from article_revisions where article_id = ? order by version",
    )
      .bind(created.id)
      .all<{ version: number; bytes: number | null }>();
    expect(results.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(results[0]?.bytes).toBeNull();
    for (const r of results.slice(1)) expect(r.bytes).toBeLessThan(600);
    for (const [i, answered] of versions.entries()) {
      const { sanitizerChanges: _changes, ...expected } = answered as EditorArticle & {
        sanitizerChanges?: unknown;
      };
      const stored = await revision(secret, created.id, i + 1);
      expect(stored).toEqual(expected);
      expect(stored.body).toBe(expected.bodyHtml);
    }
  });

  it("keeps a Markdown body's source beside its HTML and gives it back to the editor", async () => {
    const { secret } = await mintToken();
    const markdown = `## 小标题\n\n${PARAGRAPH}**加粗**。`;
    const created = (await createArticle(
      secret,
      chineseArticle({ body: markdown, bodyFormat: "markdown" }),
    )) as EditorArticle;
    expect(created.body).toBe(markdown);
    expect(created.bodyText).toContain("加粗");
    const row = await env.DB.prepare("select body_source from articles where id = ?")
      .bind(created.id)
      .first();
    expect(row?.body_source).toBe(markdown);
    const edited = await patchArticle(secret, created.id, `"a${created.id}-v1"`, { bodyFormat: "html" });
    expect(((await edited.json()) as EditorArticle).body).toBe(markdown);
    expect((await revision(secret, created.id, 1)).body).toBe(markdown);
  });
});
