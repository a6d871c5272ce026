import { describe, expect, it } from "vitest";
import { feedContentType } from "./http";

const CHROMIUM = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const FEEDPARSER =
  "application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1";

describe("feedContentType", () => {
  it("gives a browser navigating to an XML feed application/xml, so its CSS stylesheet applies", () => {
    expect(feedContentType("rss", CHROMIUM)).toBe("application/xml; charset=utf-8");
    expect(feedContentType("atom", CHROMIUM)).toBe("application/xml; charset=utf-8");
  });

  it("gives feed readers, fetch() and JSON Feed the feed media types", () => {
    expect(feedContentType("rss", FEEDPARSER)).toBe("application/rss+xml; charset=utf-8");
    expect(feedContentType("atom", "*/*")).toBe("application/atom+xml; charset=utf-8");
    expect(feedContentType("rss", undefined)).toBe("application/rss+xml; charset=utf-8");
    expect(feedContentType("atom", `text/html,${FEEDPARSER}`)).toBe("application/atom+xml; charset=utf-8");
    expect(feedContentType("json", CHROMIUM)).toBe("application/feed+json; charset=utf-8");
  });
});
