// One name, one identity: Unicode spellings collapse to NFC; section filters match whole levels;
// dates in years 0001–0099 are kept as given.
import { describe, expect, it } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { type ApiArticle, createArticle, jsonRequest, mintToken, request } from "./support/helpers";

const NFC = "Café Liège";
const NFD = NFC.normalize("NFD");
const HANGUL_NFC = "한국";
const HANGUL_NFD = HANGUL_NFC.normalize("NFD");

async function list(query: string, token?: string): Promise<ApiArticle[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await request(`/api/v1/articles?${query}`, { headers });
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { items: ApiArticle[] }).items;
}

describe("names are stored in NFC, so other spellings are the same name", () => {
  it("NFD tag, section, author, editor and slug are stored as NFC and share one page and feed", async () => {
    const { secret } = await mintToken();
    const decomposed = await createArticle(
      secret,
      chineseArticle({
        title: "NFD spelling",
        slug: HANGUL_NFD,
        tags: [NFD, NFC],
        section: [NFD],
        authors: [{ name: NFD }],
        editors: [{ name: NFD }],
      }),
    );
    expect(decomposed.tags).toEqual([NFC]);
    expect(decomposed.section).toEqual([NFC]);
    expect(decomposed.authors[0]?.name).toBe(NFC);
    expect(decomposed.slug).toBe(HANGUL_NFC);
    await createArticle(
      secret,
      chineseArticle({ title: "NFC spelling", tags: [NFC], section: [NFC], authors: [{ name: NFC }] }),
    );
    for (const path of ["tag", "section", "author"].map((k) => `/${k}/${encodeURIComponent(NFC)}`)) {
      const page = await (await request(path)).text();
      expect(page, path).toContain("NFD spelling");
      expect(page, path).toContain("NFC spelling");
    }
    for (const param of ["tag", "section", "author"]) {
      expect((await list(`${param}=${encodeURIComponent(NFD)}`)).map((a) => a.title).sort()).toEqual([
        "NFC spelling",
        "NFD spelling",
      ]);
    }
    // The NFC slug is already taken by the NFD one, and the NFD URL finds the article.
    const clash = await jsonRequest("POST", "/api/v1/articles", secret, chineseArticle({ slug: HANGUL_NFC }));
    expect(clash.status).toBe(409);
    expect((await request(`/api/v1/articles/${encodeURIComponent(HANGUL_NFD)}`)).status).toBe(200);
  });

  it("emoji ZWJ sequences and subdivision flags are names, not hidden characters", async () => {
    const { secret } = await mintToken();
    const names = ["👩‍💻", "👨‍👩‍👧", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "❤️", "١٢٣\u0600"];
    const created = await createArticle(secret, chineseArticle({ tags: names }));
    expect(created.tags).toEqual(names);
  });
});

describe("editor ?section= filter matches whole breadcrumb levels", () => {
  const LONG = ["深度报道与调查研究中心", "自媒体与网络舆论观察", "长三角城市基层治理专题"];

  it("finds a three-level Chinese path of any length, drafts included, and never a partial level", async () => {
    const { secret } = await mintToken();
    const published = await createArticle(secret, chineseArticle({ title: "Deep path", section: LONG }));
    const draft = await createArticle(secret, draftArticle({ title: "Deep draft", section: LONG }));
    await createArticle(secret, chineseArticle({ title: "City hall", section: ["City", "Hall"] }));
    await createArticle(secret, draftArticle({ title: "City draft", section: ["City", "Hall"] }));
    const path = LONG.join("/");
    expect(new TextEncoder().encode(path).length).toBeGreaterThan(50);

    const ids = (items: ApiArticle[]) => items.map((a) => a.id).sort();
    expect(ids(await list(`section=${encodeURIComponent(path)}`, secret))).toEqual(
      [published.id, draft.id].sort(),
    );
    expect(ids(await list(`section=${encodeURIComponent(LONG.slice(0, 2).join("/"))}`, secret))).toHaveLength(
      2,
    );
    expect(ids(await list(`section=${encodeURIComponent(path)}`))).toEqual([published.id]);
    const titles = async (q: string) => (await list(`section=${q}`, secret)).map((a) => a.title).sort();
    expect(await titles("City")).toEqual(["City draft", "City hall"]);
    expect(await titles("City/Hall")).toEqual(["City draft", "City hall"]);
    for (const partial of ["Cit", "City/Ha", "City/Hall/", "City/Hall/x", "深度报道与调查"]) {
      expect(await titles(encodeURIComponent(partial)), partial).toEqual([]);
    }
  });
});

describe("publication dates in years 0001–0099 are stored exactly", () => {
  for (const publishedAt of [
    "0001-01-01T00:00:00+08:00",
    "0050-06-15T12:30:00Z",
    "0099-12-31T23:59:59-05:00",
  ]) {
    it(`${publishedAt} round-trips`, async () => {
      const { secret } = await mintToken();
      const created = await createArticle(secret, chineseArticle({ publishedAt }));
      expect(created.publishedAt).toBe(publishedAt);
      const read = (await (await request(`/api/v1/articles/${created.id}`)).json()) as ApiArticle;
      expect(read.publishedAt).toBe(publishedAt);
    });
  }

  it("0004-02-29 exists, 0100-02-29 does not", async () => {
    const { secret } = await mintToken();
    const leap = await createArticle(secret, chineseArticle({ publishedAt: "0004-02-29T00:00:00Z" }));
    expect(leap.publishedAt).toBe("0004-02-29T00:00:00Z");
    const res = await jsonRequest(
      "POST",
      "/api/v1/articles",
      secret,
      chineseArticle({ publishedAt: "0100-02-29T00:00:00Z" }),
    );
    expect(res.status).toBe(422);
  });
});
