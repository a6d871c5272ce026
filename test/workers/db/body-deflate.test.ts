// The body is stored deflated when that pays (src/db/article-body.ts) and every reader gets the
// exact HTML back; rows from before migration 0006 read the same and are compacted in place.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFLATE_MIN_BYTES, inflateBody, storedBodyColumns } from "../../../src/db/article-body";
import { compactLegacyBodies, type SqlDatabaseLike } from "../../../src/db/body-compaction";
import worker from "../../../src/index";
import { chineseArticle } from "../../fixtures/articles";
import { resetDatabase } from "../support/database";
import { type ApiArticle, createArticle, mintToken, patchArticle, request } from "../support/helpers";

beforeEach(resetDatabase);

const PARAGRAPH =
  "社区服务中心延长开放时间，居民议事会定期召开😀，志愿者队伍不断壮大 &amp; 数字平台让办事更便捷。";
// About 3,000 characters of Chinese HTML, as the bench's template.
const LONG_BODY = Array.from({ length: 60 }, (_, i) => `<p>第${i}段${PARAGRAPH}</p>`).join("\n");
const SHORT_BODY = "<p>简讯：&amp; 😀 &lt;b&gt;</p>";

interface StoredRow {
  body_html: string;
  z: number | null;
  write_id: string;
  version: number;
}

function storedRow(id: number) {
  return env.DB.prepare(
    "select body_html, length(body_html_z) as z, write_id, version from articles where id = ?",
  )
    .bind(id)
    .first<StoredRow>();
}

const editor = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` } });
const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/** Makes the row look as migration 0006 leaves an older one: the body plain, body_html_z NULL. */
async function makeLegacy(id: number, html: string) {
  await env.DB.prepare("update articles set body_html = ?, body_html_z = null where id = ?")
    .bind(html, id)
    .run();
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

describe("deflated bodies", () => {
  it("gives back exactly the HTML stored, deflated or plain, for long, short and hostile bodies", async () => {
    const bodies = [
      LONG_BODY,
      SHORT_BODY,
      "",
      `\uFEFF${LONG_BODY}`,
      "<p>\u0000\u200d\u{10FFFF}\r\n\t</p>".repeat(200),
      "😀".repeat(1_000),
      "x".repeat(DEFLATE_MIN_BYTES - 1),
    ];
    for (const [i, html] of bodies.entries()) {
      const stored = storedBodyColumns(html);
      // A write id of its own per body, so the isolate's body cache cannot answer for D1's bytes.
      const row = { id: 1, writeId: `round-trip-${i}-${crypto.randomUUID()}`, ...stored };
      expect(inflateBody(row).bodyHtml).toBe(html);
    }
  });

  it("stores a 3,000-character body deflated and a short one plain", async () => {
    const { secret } = await mintToken();
    const long = await createArticle(secret, chineseArticle({ body: LONG_BODY }));
    const short = await createArticle(secret, chineseArticle({ slug: "short", body: SHORT_BODY }));
    expect(long.body).toBe(LONG_BODY);
    expect(short.body).toBe(SHORT_BODY);

    const longRow = await storedRow(long.id);
    expect(longRow?.body_html).toBe("");
    expect(longRow?.z).toBeGreaterThan(0);
    expect(longRow?.z).toBeLessThan(utf8Length(LONG_BODY) * 0.5);
    const shortRow = await storedRow(short.id);
    expect(shortRow).toMatchObject({ body_html: SHORT_BODY, z: 0 });

    // Every kind of reader gets the HTML: editor API, public API, page, feed.
    const view = (await (await request(`/api/v1/articles/${long.id}`, editor(secret))).json()) as ApiArticle;
    expect(view.body).toBe(LONG_BODY);
    const page = await (await request(`/articles/${long.slug}`)).text();
    expect(page).toContain(`<p>第59段${PARAGRAPH}</p>`);
    const feed = (await (await request("/feed.json")).json()) as { items: { content_html?: string }[] };
    const contents = feed.items.map((item) => item.content_html ?? "");
    expect(contents.some((html) => html.includes(`<p>第59段${PARAGRAPH}</p>`))).toBe(true);
  });

  it("an edit from long to short and back stores each body the way that pays", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, chineseArticle({ body: LONG_BODY }));
    const shortened = await patchArticle(secret, created.id, `"a${created.id}-v1"`, { body: SHORT_BODY });
    expect(((await shortened.json()) as ApiArticle).body).toBe(SHORT_BODY);
    expect(await storedRow(created.id)).toMatchObject({ body_html: SHORT_BODY, z: 0 });
    const lengthened = await patchArticle(secret, created.id, `"a${created.id}-v2"`, { body: LONG_BODY });
    expect(((await lengthened.json()) as ApiArticle).body).toBe(LONG_BODY);
    expect(await storedRow(created.id)).toMatchObject({ body_html: "" });
  });
});

describe("compacting rows written before migration 0006", () => {
  it("reads a legacy row identically before and after compaction, validators untouched", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, chineseArticle({ body: LONG_BODY }));
    await makeLegacy(created.id, LONG_BODY);
    const before = await storedRow(created.id);
    const pageBefore = await request(`/articles/${created.slug}`);
    const apiBefore = await request(`/api/v1/articles/${created.id}`, editor(secret));
    const apiBodyBefore = (await apiBefore.clone().json()) as ApiArticle;
    expect(apiBodyBefore.body).toBe(LONG_BODY);

    expect(await compactLegacyBodies(env.DB, 100)).toBe(1);
    const after = await storedRow(created.id);
    expect(after).toMatchObject({ body_html: "", write_id: before?.write_id, version: before?.version });
    expect(after?.z).toBeGreaterThan(0);
    expect(await compactLegacyBodies(env.DB, 100)).toBe(0);

    const pageAfter = await request(`/articles/${created.slug}`);
    expect(pageAfter.headers.get("etag")).toBe(pageBefore.headers.get("etag"));
    expect(await pageAfter.text()).toBe(await pageBefore.text());
    const apiAfter = await request(`/api/v1/articles/${created.id}`, editor(secret));
    expect(apiAfter.headers.get("etag")).toBe(apiBefore.headers.get("etag"));
    expect(await apiAfter.json()).toEqual(apiBodyBefore);
  });

  it("marks a legacy body not worth deflating as seen, so no later run reads it again", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, chineseArticle({ body: SHORT_BODY }));
    await makeLegacy(created.id, SHORT_BODY);
    expect(await compactLegacyBodies(env.DB, 100)).toBe(1);
    expect(await storedRow(created.id)).toMatchObject({ body_html: SHORT_BODY, z: 0 });
    expect(await compactLegacyBodies(env.DB, 100)).toBe(0);
  });

  it("loses no edit that lands between the compaction's read and its update", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, chineseArticle({ body: LONG_BODY }));
    await makeLegacy(created.id, LONG_BODY);
    const edited = LONG_BODY.replace("第0段", "更正后的第0段");
    // The edit runs once the compaction has read the old row and deflated it, right before its batch.
    const racing: SqlDatabaseLike = {
      prepare: (sql) => env.DB.prepare(sql),
      batch: async (statements) => {
        const res = await patchArticle(secret, created.id, `"a${created.id}-v1"`, { body: edited });
        expect(res.status).toBe(200);
        return env.DB.batch(statements as D1PreparedStatement[]);
      },
    };
    expect(await compactLegacyBodies(racing, 100)).toBe(1);
    const view = (await (
      await request(`/api/v1/articles/${created.id}`, editor(secret))
    ).json()) as ApiArticle;
    expect(view.version).toBe(2);
    expect(view.body).toBe(edited);
    expect(await storedRow(created.id)).toMatchObject({ body_html: "", version: 2 });
  });

  it("the cron compacts legacy rows, a bounded number per run", async () => {
    const { secret } = await mintToken();
    const created = await createArticle(secret, chineseArticle({ body: LONG_BODY }));
    await makeLegacy(created.id, LONG_BODY);
    await runCron();
    expect(await storedRow(created.id)).toMatchObject({ body_html: "" });
    const view = (await (
      await request(`/api/v1/articles/${created.id}`, editor(secret))
    ).json()) as ApiArticle;
    expect(view.body).toBe(LONG_BODY);
  });

  it("finds legacy rows through their partial index, without scanning articles", async () => {
    const { results } = await env.DB.prepare(
      "explain query plan select id, write_id, body_html from articles where body_html_z is null order by id limit 100",
    ).all<{ detail: string }>();
    expect(results.map((r) => r.detail).join("\n")).toContain("articles_legacy_body_idx");
  });
});
