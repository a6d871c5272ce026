import { describe, expect, it } from "vitest";
import { entryCacheSize } from "../../src/feeds/feed-bytes";
import { chineseArticle } from "../fixtures/articles";
import { FORMATS, feedPath } from "./support/feed-helpers";
import {
  createArticle,
  hidingChanges,
  mintToken,
  patchArticle,
  request,
  versionEtag,
} from "./support/helpers";

// Feed entries are encoded once per isolate (src/feeds/feed-bytes.ts). Every change a reader must see
// has to reach every format at once, and nothing hidden may come back out of that cache.

const TAG = "条目缓存";
const SCOPES = ["", `/tag/${TAG}`];
const PATHS = SCOPES.flatMap((scope) => FORMATS.map((format) => feedPath(scope, format)));

const feedTexts = async () => Promise.all(PATHS.map(async (path) => (await request(path)).text()));

async function publishedPair(secret: string, slug: string) {
  const shown = await createArticle(
    secret,
    chineseArticle({ slug: `${slug}-kept`, title: `${slug} 保留`, tags: [TAG] }),
  );
  const changed = await createArticle(
    secret,
    chineseArticle({ slug, title: `${slug} 原标题`, body: `<p>${slug} 原正文</p>`, tags: [TAG] }),
  );
  const before = await feedTexts();
  for (const text of before) expect(text).toContain(`${slug} 原标题`);
  // The feeds above were built from encoded entries, which this isolate now holds.
  expect(entryCacheSize()).toBeGreaterThan(0);
  return { shown, changed };
}

describe("encoded feed entries", () => {
  it("are written afresh in every format after an edit", async () => {
    const { secret } = await mintToken();
    const { changed } = await publishedPair(secret, "edited");
    const res = await patchArticle(secret, changed.id, versionEtag(changed), {
      title: "edited 新标题",
      body: "<p>edited 新正文</p>",
    });
    expect(res.status).toBe(200);
    for (const text of await feedTexts()) {
      expect(text).toContain("edited 新标题");
      expect(text).toContain("edited 新正文");
      expect(text).not.toContain("edited 原标题");
      expect(text).not.toContain("edited 原正文");
      expect(text).toContain("edited 保留");
    }
  });

  it("never bring back an article taken back to draft, rescheduled or deleted", async () => {
    const { secret } = await mintToken();
    const changes = hidingChanges(secret);
    for (const [slug, hide] of changes) {
      const { changed } = await publishedPair(secret, slug);
      expect((await hide(changed)).status, slug).toBeLessThan(300);
      for (const text of await feedTexts()) {
        expect(text, slug).not.toContain(`${slug} 原标题`);
        expect(text, slug).not.toContain(`${slug} 原正文`);
        expect(text, slug).toContain(`${slug} 保留`);
      }
    }
  });
});
