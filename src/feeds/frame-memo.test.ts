import { afterEach, describe, expect, it, vi } from "vitest";
import { article, FIRST_PAGE, PUBLISHED, SITE } from "../../test/fixtures/article-rows";
import { SITE_SCOPE } from "../domain/scope";
import { renderFeedBytes } from "./feed-bytes";
import { frameKeyOf } from "./frame-memo";
import { buildFeedFrame, buildFeedParts, builtModel, type PagePaging } from "./model";
import { renderRss } from "./rss";
import { FEED_FORMATS } from "./urls";

const PAGE = FIRST_PAGE as PagePaging;

afterEach(() => {
  vi.restoreAllMocks();
});

const frame = () => buildFeedFrame(SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED, "full");

describe("buildFeedFrame", () => {
  it("is the same frame for the same inputs, and a new one when any of them differs", () => {
    const first = frame();
    expect(frame()).toBe(first);
    expect(buildFeedFrame({ ...SITE }, SITE_SCOPE, FIRST_PAGE, PUBLISHED, "full")).not.toBe(first);
    expect(buildFeedFrame(SITE, { kind: "tag", key: "x" }, FIRST_PAGE, PUBLISHED, "full")).not.toBe(first);
    expect(buildFeedFrame(SITE, SITE_SCOPE, { ...PAGE, limit: 5 }, PUBLISHED, "full")).not.toBe(first);
    expect(buildFeedFrame(SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED + 1, "full")).not.toBe(first);
    expect(buildFeedFrame(SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED, "excerpt")).not.toBe(first);
    const next = buildFeedFrame(SITE, SITE_SCOPE, { ...PAGE, next: { at: 5, id: 6 } }, PUBLISHED, "full");
    expect(next).not.toBe(first);
    expect(next.links.next?.rss).toContain("cursor=");
    expect(first.links.next).toBeUndefined();
    expect(frameKeyOf(first)).toBeDefined();
    expect(frameKeyOf({ ...first })).toBeUndefined();
  });
});

describe("renderFeedBytes of a memoized frame", () => {
  const rows = [article({ id: 31, writeId: "frame" })];

  it("encodes its head and tail once per format and render key, and nothing at budget 0", () => {
    const encode = vi.spyOn(TextEncoder.prototype, "encode");
    const cache = { budget: 1 << 20, renderKey: "frame-once" };
    for (const format of FEED_FORMATS)
      renderFeedBytes(format, buildFeedParts(rows, SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED), cache);
    const cold = encode.mock.calls.length;
    expect(cold).toBeGreaterThan(0);
    encode.mockClear();
    for (const format of FEED_FORMATS)
      renderFeedBytes(format, buildFeedParts(rows, SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED), cache);
    // Only the separators (one short constant per render) are encoded again.
    const warm = encode.mock.calls.map(([text]) => text ?? "");
    expect(warm.every((text) => text.length <= 1)).toBe(true);
    encode.mockClear();
    renderFeedBytes("rss", buildFeedParts(rows, SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED), {
      ...cache,
      renderKey: "other",
    });
    expect(encode.mock.calls.some(([text]) => (text ?? "").includes("<channel>"))).toBe(true);
    encode.mockClear();
    renderFeedBytes("rss", buildFeedParts(rows, SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED), {
      budget: 0,
      renderKey: "frame-once",
    });
    expect(encode.mock.calls.some(([text]) => (text ?? "").includes("<channel>"))).toBe(true);
  });

  it("writes the bytes of the text, with its head and tail kept or not", () => {
    const parts = () => buildFeedParts(rows, SITE, SITE_SCOPE, FIRST_PAGE, PUBLISHED + 7);
    const expected = new TextEncoder().encode(renderRss(builtModel(parts())));
    const cache = { budget: 1 << 20, renderKey: "frame-bytes" };
    expect(renderFeedBytes("rss", parts(), cache)).toEqual(expected);
    expect(renderFeedBytes("rss", parts(), cache)).toEqual(expected);
    expect(renderFeedBytes("rss", parts(), { budget: 0, renderKey: "frame-bytes" })).toEqual(expected);
  });
});
