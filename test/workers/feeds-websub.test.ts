import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chineseArticle, draftArticle } from "../fixtures/articles";
import { type ApiArticle, createArticle, jsonRequest, mintToken, patchArticle } from "./support/helpers";

// The worker pings the hub in waitUntil; fetch is spied in this isolate, so nothing leaves it.

const HUB = env.WEBSUB_HUB_URL ?? "";
const SITE = "https://news.example.com";
let token: string;

beforeAll(async () => {
  token = (await mintToken()).secret;
});
afterEach(() => vi.restoreAllMocks());

type FetchArgs = Parameters<typeof fetch>;

function spyHub(answer: () => Promise<Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation((...args: FetchArgs) => {
    const url = args[0] instanceof Request ? args[0].url : String(args[0]);
    if (url !== HUB) throw new Error(`unexpected outbound fetch to ${url}`);
    return answer();
  });
}

function pings(spy: ReturnType<typeof spyHub>) {
  return spy.mock.calls.map(([input, init]) => {
    const url = input instanceof Request ? input.url : String(input);
    const body = new URLSearchParams(String(init?.body ?? ""));
    return { url, method: init?.method, type: new Headers(init?.headers).get("content-type"), body };
  });
}

const topicsOf = (spy: ReturnType<typeof spyHub>) => pings(spy).flatMap((p) => p.body.getAll("hub.url"));

function feedUrls(base: string): string[] {
  const path = base
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
  return ["feed.xml", "atom.xml", "feed.json"].map((f) => `${SITE}${path}/${f}`);
}

const ok = () => Promise.resolve(new Response(null, { status: 204 }));

describe("WebSub publish pings", () => {
  it("creating a published article POSTs hub.mode=publish with every feed it appears in", async () => {
    const spy = spyHub(ok);
    const created = await createArticle(token, chineseArticle({ slug: "ws-create", tags: ["基层治理"] }));
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    const [ping] = pings(spy);
    expect(ping?.url).toBe(HUB);
    expect(ping?.method).toBe("POST");
    expect(ping?.type).toBe("application/x-www-form-urlencoded");
    expect(ping?.body.get("hub.mode")).toBe("publish");
    expect(new Set(topicsOf(spy))).toEqual(
      new Set([
        ...feedUrls(""),
        ...feedUrls("/section/深度报道"),
        ...feedUrls("/section/深度报道/自媒体"),
        ...feedUrls("/tag/基层治理"),
        ...feedUrls("/author/林晓舟"),
      ]),
    );
    expect(created.status).toBe("published");
  });

  it("splits many topics over several pings", async () => {
    const spy = spyHub(ok);
    const tags = Array.from({ length: 8 }, (_, i) => `标签${i}`);
    await createArticle(token, chineseArticle({ slug: "ws-many", tags }));
    await vi.waitFor(() => expect(topicsOf(spy)).toHaveLength(3 * (1 + 2 + 8 + 1)));
    expect(pings(spy).length).toBe(2);
  });

  it("stays silent for drafts, pings when a draft is published, and for old and new scopes on a move", async () => {
    const spy = spyHub(ok);
    const draft = await createArticle(token, draftArticle({ slug: "ws-draft", tags: ["草稿"] }));
    const edited = await patchArticle(token, draft.id, `"a${draft.id}-v${draft.version}"`, { title: "改" });
    expect(edited.status).toBe(200);
    const v2 = (await edited.json()) as ApiArticle;
    await new Promise((r) => setTimeout(r, 50));
    expect(spy).not.toHaveBeenCalled();

    const published = await patchArticle(token, draft.id, `"a${draft.id}-v${v2.version}"`, {
      status: "published",
    });
    expect(published.status).toBe(200);
    const v3 = (await published.json()) as ApiArticle;
    await vi.waitFor(() => expect(topicsOf(spy)).toEqual(expect.arrayContaining(feedUrls("/tag/草稿"))));

    spy.mockClear();
    const moved = await patchArticle(token, draft.id, `"a${draft.id}-v${v3.version}"`, { tags: ["新标签"] });
    expect(moved.status).toBe(200);
    await vi.waitFor(() =>
      expect(topicsOf(spy)).toEqual(
        expect.arrayContaining([...feedUrls("/tag/草稿"), ...feedUrls("/tag/新标签")]),
      ),
    );
  });

  it("deleting a published article pings its feeds", async () => {
    const created = await createArticle(token, chineseArticle({ slug: "ws-delete", tags: ["删除"] }));
    const spy = spyHub(ok);
    const res = await jsonRequest("DELETE", `/api/v1/articles/${created.id}`, token, "");
    expect(res.status).toBe(204);
    await vi.waitFor(() => expect(topicsOf(spy)).toEqual(expect.arrayContaining(feedUrls("/tag/删除"))));
  });
});

describe("a failing hub", () => {
  it.each([
    ["rejects", () => Promise.reject(new TypeError("connection refused"))],
    ["answers 500", () => Promise.resolve(new Response("boom", { status: 500 }))],
  ])("that %s changes nothing for the editor and is logged", async (_name, answer) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const spy = spyHub(answer);
    const created = await createArticle(
      token,
      chineseArticle({ slug: `ws-fail-${_name.length}`, tags: ["失败"] }),
    );
    expect(created.id).toBeGreaterThan(0);
    const res = await patchArticle(token, created.id, `"a${created.id}-v${created.version}"`, {
      summary: "改",
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => {
      const events = log.mock.calls.map((c) => String(c[0])).filter((e) => e.includes("websub.ping.failed"));
      expect(events).toHaveLength(2);
    });
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
