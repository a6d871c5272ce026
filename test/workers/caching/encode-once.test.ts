import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chineseArticle } from "../../fixtures/articles";
import { appRequest } from "../support/fault-env";
import { createArticle, mintToken } from "../support/helpers";

// A document rendered on a miss is turned into UTF-8 once: the response, this isolate's LRU and
// caches.default all take those bytes; with the LRU off nothing is encoded for it.

beforeAll(async () => {
  const token = (await mintToken()).secret;
  for (const run of ["on", "off"]) {
    await createArticle(token, chineseArticle({ slug: `encode-${run}`, tags: [`编码${run}`] }));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Text bodies handed to `new Response` while `run` runs: each is one more UTF-8 encoding. */
async function textBodiesDuring(run: () => Promise<void>) {
  const texts: number[] = [];
  const RealResponse = Response;
  vi.stubGlobal(
    "Response",
    class extends RealResponse {
      constructor(body?: BodyInit | null, init?: ResponseInit) {
        if (typeof body === "string" && body.length > 1000) texts.push(body.length);
        super(body, init);
      }
    },
  );
  const encode = vi.spyOn(TextEncoder.prototype, "encode");
  await run();
  const encoded = encode.mock.calls.filter(([text]) => (text?.length ?? 0) > 1000).length;
  return { texts: texts.length, encoded };
}

describe("a rendered document is encoded once", () => {
  for (const [run, bytes] of [
    ["on", "8388608"],
    ["off", "0"],
  ] as const) {
    const tag = encodeURIComponent(`编码${run}`);
    for (const path of [`/tag/${tag}/feed.xml`, `/articles/encode-${run}`, `/tag/${tag}`]) {
      it(`${path}, document LRU ${run}`, async () => {
        const counts = await textBodiesDuring(async () => {
          const res = await appRequest(path, {}, { FEED_DOCUMENT_CACHE_BYTES: bytes });
          expect(res.headers.get("x-edge-cache")).toBe("miss");
          await res.arrayBuffer();
        });
        expect(counts.texts + counts.encoded).toBe(1);
      });
    }
  }
});
