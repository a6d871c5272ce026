import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { RSS_ROOT } from "../../src/feeds/rss";
import { finishRss, rssCdata } from "./rss-feed6";

describe("finishRss (post-processing of feed's output)", () => {
  it("replaces the root start tag exactly once with one declaring every namespace we use", () => {
    const out = finishRss(
      '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="x"><channel><rss-like/></channel></rss>',
    );
    expect(out).toBe(`<?xml version="1.0"?>\n${RSS_ROOT}<channel><rss-like/></channel></rss>`);
    for (const prefix of ["atom", "content", "dc", "dcterms", "media", "fh"]) {
      expect(RSS_ROOT).toContain(`xmlns:${prefix}="`);
    }
  });

  it("splits every ]]> inside CDATA, not only the first as xml-js does", () => {
    const out = finishRss(`<rss><t><![CDATA[${rssCdata("a]]>b]]>c]]>")}]]></t></rss>`);
    expect(out).toBe(`${RSS_ROOT}<t><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]]]><![CDATA[>]]></t></rss>`);
    expect(XMLValidator.validate(out)).toBe(true);
  });
});
