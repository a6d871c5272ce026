import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chineseArticle } from "../../fixtures/articles";
import { appRequest } from "../support/fault-env";
import { createArticle, mintToken } from "../support/helpers";

// A document rendered on a miss is turned into UTF-8 once: the response, this isolate's LRU and
// caches.default all take those bytes; with the LRU off nothing is encoded for it. A feed is encoded in
// pieces (head, each entry, tail), so "once" is counted in characters: every character of the
// document goes through one encoding, none through two.

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

/** Text bodies handed to `new Response` while `run` runs, and the characters TextEncoder encoded. */
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
  const encodedChars = encode.mock.calls.reduce((sum, [text]) => sum + (text?.length ?? 0), 0);
  return { textChars: texts.reduce((sum, length) => sum + length, 0), encodedChars };
}

describe("a rendered document is encoded once", () => {
  for (const [run, bytes] of [
    ["on", "8388608"],
    ["off", "0"],
  ] as const) {
    const tag = encodeURIComponent(`编码${run}`);
    for (const path of [`/tag/${tag}/feed.xml`, `/articles/encode-${run}`, `/tag/${tag}`]) {
      it(`${path}, document LRU ${run}`, async () => {
        let documentChars = 0;
        const counts = await textBodiesDuring(async () => {
          const res = await appRequest(path, {}, { FEED_DOCUMENT_CACHE_BYTES: bytes });
          expect(res.headers.get("x-edge-cache")).toBe("miss");
          documentChars = (await res.text()).length;
        });
        expect(documentChars).toBeGreaterThan(1000);
        // Small encodes beside the document (ETags, cache tags, hashes) are allowed; a second pass
        // over the document, or any part of it, is not.
        expect(counts.textChars + counts.encodedChars).toBeGreaterThanOrEqual(documentChars);
        expect(counts.textChars + counts.encodedChars).toBeLessThan(documentChars + 1000);
      });
    }
  }
});
