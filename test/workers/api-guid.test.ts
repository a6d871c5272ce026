import { beforeEach, describe, expect, it } from "vitest";
import { chineseArticle, englishArticle } from "../fixtures/articles";
import { dumpDatabase, resetDatabase } from "./support/database";
import type { ApiArticle } from "./support/helpers";
import { createArticle, jsonRequest, mintToken, ORIGIN, patchArticle } from "./support/helpers";

beforeEach(resetDatabase);

interface Problem {
  type: string;
  errors?: { pointer: string; detail: string }[];
  articleId?: number;
}

describe("guid on create (imports keep their source's id)", () => {
  it("becomes the article's permanent feed id", async () => {
    const { secret } = await mintToken();
    const guid = "https://old.example.com/?p=123";
    const article = await createArticle(secret, chineseArticle({ guid }));
    expect(article.guid).toBe(guid);
  });

  it("answers 409 with the existing article's Location for a guid already imported, writing nothing", async () => {
    const { secret } = await mintToken();
    const guid = "tag:old.example.com,2020:post-7";
    const first = await createArticle(secret, chineseArticle({ guid }));
    const before = await dumpDatabase();
    const again = await jsonRequest("POST", "/api/v1/articles", secret, englishArticle({ guid }));
    expect(again.status).toBe(409);
    expect(again.headers.get("location")).toBe(`${ORIGIN}/api/v1/articles/${first.id}`);
    expect(again.headers.get("etag")).toBe(`"a${first.id}-v1"`);
    const body = (await again.json()) as Problem;
    expect(body.type).toBe("/problems/conflict");
    expect(body.errors?.[0]?.pointer).toBe("/guid");
    expect(body.articleId).toBe(first.id);
    expect(await dumpDatabase()).toBe(before);
  });

  it("reports the guid, not the slug, when an import is repeated with both", async () => {
    const { secret } = await mintToken();
    const body = chineseArticle({ guid: "urn:x:same", slug: "same-slug" });
    const first = await createArticle(secret, body);
    const again = await jsonRequest("POST", "/api/v1/articles", secret, body);
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).articleId).toBe(first.id);
  });

  it.each([
    ["not a URI", "post-7"],
    ["whitespace", "https://old.example.com/a b"],
    ["too long", `urn:x:${"a".repeat(500)}`],
    ["a control character", "urn:x:\u0001"],
  ])("refuses a guid with %s (422, /guid)", async (_name, guid) => {
    const { secret } = await mintToken();
    const res = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle({ guid }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors?.map((e) => e.pointer)).toEqual(["/guid"]);
  });

  it("cannot be changed afterwards (PATCH does not know the field)", async () => {
    const { secret } = await mintToken();
    const article = await createArticle(secret, chineseArticle());
    const res = await patchArticle(secret, article.id, `"a${article.id}-v1"`, { guid: "urn:x:other" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors?.[0]).toEqual({
      pointer: "/guid",
      detail: "is not a known field",
    });
  });
});

describe("Idempotency-Key retries whose first attempt claimed a slug or guid", () => {
  it("replays the first answer instead of reporting the article's own slug or guid as taken", async () => {
    const { secret } = await mintToken();
    const headers = { "idempotency-key": "publish-abc" };
    const body = chineseArticle({ slug: "fixed-slug", guid: "urn:x:fixed" });
    const first = await jsonRequest("POST", "/api/v1/articles", secret, body, headers);
    const again = await jsonRequest("POST", "/api/v1/articles", secret, body, headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as ApiArticle).id).toBe(((await first.json()) as ApiArticle).id);
  });

  it("still reports the slug as taken to a different request", async () => {
    const { secret } = await mintToken();
    await createArticle(secret, chineseArticle({ slug: "fixed-slug" }));
    const res = await jsonRequest(
      "POST",
      "/api/v1/articles",
      secret,
      englishArticle({ slug: "fixed-slug" }),
      {
        "idempotency-key": "new-key",
      },
    );
    expect(res.status).toBe(409);
    expect(((await res.json()) as Problem).errors?.[0]?.pointer).toBe("/slug");
  });
});
