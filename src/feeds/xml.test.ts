import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  cdata,
  element,
  escapeXml,
  escapeXmlAttribute,
  escapeXmlText,
  normalizeLineEnds,
  onLines,
  parent,
} from "./xml";

describe("escapeXml", () => {
  it("escapes the five markup characters", () => {
    expect(escapeXml(`x < y & z > "q" 'a'`)).toBe("x &lt; y &amp; z &gt; &quot;q&quot; &#39;a&#39;");
  });

  it("escapes an existing entity again, so text reads back literally", () => {
    expect(escapeXml("&amp; &#x41;")).toBe("&amp;amp; &amp;#x41;");
  });

  it("drops characters XML 1.0 cannot carry and keeps everything else", () => {
    const lone = String.fromCharCode(0xd800);
    expect(escapeXml(`a\u0000b\u0008c\u000bd\u001fe\ufffef\uffffg${lone}h`)).toBe("abcdefgh");
    expect(escapeXml("tab\tlf\ncr\r 🎉 עברית 《标题》")).toBe("tab\tlf\ncr\r 🎉 עברית 《标题》");
  });

  it("cannot leave a CDATA terminator behind", () => {
    expect(escapeXml("]]>")).toBe("]]&gt;");
  });
});

describe("escapeXmlAttribute", () => {
  it("keeps tab and line feed through attribute-value normalization and normalizes CR", () => {
    expect(escapeXmlAttribute("a\tb\r\nc\rd\u0001<")).toBe("a&#x9;b&#xA;c&#xA;d&lt;");
    expect(normalizeLineEnds("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
  });
});

describe("element / parent", () => {
  it("writes escaped text and attributes, skipping absent attributes", () => {
    expect(element("title", { type: "text", skip: undefined, none: null }, "a<b")).toBe(
      '<title type="text">a&lt;b</title>',
    );
    expect(element("link", { href: "https://x.example/?a=1&b=2", length: 0 })).toBe(
      '<link href="https://x.example/?a=1&amp;b=2" length="0"/>',
    );
  });

  it("produces well-formed XML for hostile values", () => {
    const xml = parent("root", { "xml:lang": 'zh"CN' }, [element("a", { v: "<&>'\"" }, "]]>&\u0001")]);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});

describe("escapeXmlText, cdata and onLines (the RSS writer's byte choices)", () => {
  it("escapes only &, < and > in text, after dropping what XML cannot carry", () => {
    expect(escapeXmlText(`a & <b> "q" 'a'\u0001`)).toBe(`a &amp; &lt;b&gt; "q" 'a'`);
    expect(element("t", undefined, '"&"', escapeXmlText)).toBe('<t>"&amp;"</t>');
  });

  it("splits every ]]> of a CDATA section and writes nothing for empty content", () => {
    const section = cdata("a]]>b]]>\u0000");
    expect(section).toBe("<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>");
    expect(XMLValidator.validate(`<t>${section}</t>`)).toBe(true);
    expect(cdata("\u0001\ufffe")).toBe("");
  });

  it("puts each child on its own indented line and the closing tag one level up", () => {
    expect(parent("a", undefined, onLines(["<b/>", "<c/>"], "    ", "  "))).toBe(
      "<a>\n    <b/>\n    <c/>\n  </a>",
    );
  });
});
