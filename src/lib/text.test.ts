import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collapseWhitespace, deriveSummary, htmlToText, stripXmlInvalid } from "./text";

const codePointLength = (s: string) => Array.from(s).length;
const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

describe("stripXmlInvalid", () => {
  it("returns the same string when there is nothing to remove", () => {
    const clean = "Hello\tworld\r\n中文 עברית 😀 \u0085 \u{1FFFE}";
    expect(stripXmlInvalid(clean)).toBe(clean);
  });

  it("removes C0 controls except tab, line feed and carriage return", () => {
    let controls = "";
    for (let code = 0; code < 0x20; code++) controls += String.fromCharCode(code);
    expect(stripXmlInvalid(`a${controls}b`)).toBe("a\t\n\rb");
  });

  it("removes U+FFFE and U+FFFF", () => {
    expect(stripXmlInvalid("a\uFFFEb\uFFFFc")).toBe("abc");
  });

  it("removes lone surrogates but keeps surrogate pairs", () => {
    expect(stripXmlInvalid("a\uD83Db")).toBe("ab");
    expect(stripXmlInvalid("a\uDE00b")).toBe("ab");
    expect(stripXmlInvalid("\uDE00\uD83D")).toBe("");
    expect(stripXmlInvalid("x\uD83D\uD83D\uDE00y")).toBe("x😀y");
    expect(stripXmlInvalid("👨‍👩‍👧 中文 ✓")).toBe("👨‍👩‍👧 中文 ✓");
  });

  it("always yields XML-valid text and is idempotent", () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    // Built by hand: fast-check's "binary" unit spends about a second building its tables.
    const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(anyCodeUnit, anyCodePoint) }), (input) => {
        const out = stripXmlInvalid(input);
        expect(hasLoneSurrogate(out)).toBe(false);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for control characters.
        expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(out)).toBe(false);
        expect(stripXmlInvalid(out)).toBe(out);
      }),
      { numRuns: 300 },
    );
  });
});

describe("collapseWhitespace", () => {
  it("collapses runs of any whitespace and trims", () => {
    expect(collapseWhitespace("  a \n\t b\u3000\u00A0c  ")).toBe("a b c");
  });
});

describe("deriveSummary", () => {
  const paragraph =
    "边缘计算正在改变新闻的分发方式。读者希望在任何地方都能快速打开页面，而不必等待遥远的服务器响应！" +
    "我们把渲染放到离读者最近的节点上，并把内容缓存起来？这样一来，首屏时间大幅缩短，服务器的负担也减轻了。" +
    "接下来的几个月里，我们还会继续优化订阅源的生成速度，让更多的阅读器能够及时获取最新的文章内容和摘要信息";

  it("returns short text unchanged apart from whitespace", () => {
    expect(deriveSummary("  短文本。\n 第二行  ")).toBe("短文本。 第二行");
    expect(deriveSummary("")).toBe("");
  });

  it("cuts a long Chinese paragraph at the last sentence end within the limit", () => {
    const summary = deriveSummary(paragraph, 60);
    expect(codePointLength(summary)).toBeLessThanOrEqual(60);
    expect(summary).toBe(
      "边缘计算正在改变新闻的分发方式。读者希望在任何地方都能快速打开页面，而不必等待遥远的服务器响应！",
    );
  });

  it("cuts hard with an ellipsis when no sentence ends late enough", () => {
    const noPunctuation =
      "我们还会继续优化订阅源的生成速度让更多的阅读器能够及时获取最新的文章内容和摘要信息".repeat(3);
    const summary = deriveSummary(noPunctuation, 40);
    expect(codePointLength(summary)).toBe(40);
    expect(summary.endsWith("…")).toBe(true);
    expect(noPunctuation.startsWith(summary.slice(0, -1))).toBe(true);
  });

  it("ignores a sentence end in the first half of the window", () => {
    const summary = deriveSummary(`开头。${"很长的句子没有任何标点符号".repeat(10)}`, 30);
    expect(summary.endsWith("…")).toBe(true);
    expect(codePointLength(summary)).toBe(30);
  });

  it("keeps a closing quote that follows the sentence end", () => {
    const summary = deriveSummary(
      `他说：“我们明天一起去看看那座新修好的桥吧。”然后${"转身离开了房间".repeat(5)}`,
      30,
    );
    expect(summary).toBe("他说：“我们明天一起去看看那座新修好的桥吧。”");
  });

  it("counts code points and never splits an emoji", () => {
    const emoji = "😀".repeat(50);
    const summary = deriveSummary(emoji, 10);
    expect(summary).toBe(`${"😀".repeat(9)}…`);
    expect(hasLoneSurrogate(summary)).toBe(false);
    expect(deriveSummary("😀".repeat(10), 10)).toBe("😀".repeat(10));
  });

  it("does not treat a decimal point or domain as a sentence end", () => {
    const text = "Version 1.2 of example.com ships today with faster feeds for every reader who subscribes";
    const summary = deriveSummary(text, 40);
    expect(summary.endsWith("…")).toBe(true);
    expect(summary).not.toMatch(/\d\.$/);
  });

  it("ends English text at a sentence or word boundary", () => {
    const text =
      "The quick brown fox jumps over the lazy dog. Then it runs away into the forest and disappears";
    expect(deriveSummary(text, 60)).toBe("The quick brown fox jumps over the lazy dog.");
    const words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
    const cut = deriveSummary(words, 30);
    expect(cut).toBe("alpha beta gamma delta…");
  });

  it("never exceeds the limit and never emits lone surrogates", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.integer({ min: 1, max: 80 }),
        (s, max) => {
          const summary = deriveSummary(s, max);
          expect(codePointLength(summary)).toBeLessThanOrEqual(max);
          expect(hasLoneSurrogate(summary)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("htmlToText", () => {
  it("decodes entities and separates paragraphs with a blank line", () => {
    const html =
      "<h2>标题</h2>\n<p>第一段 &amp; 更多&nbsp;内容</p>\n\n<p>第二段   <strong>加粗</strong>文字</p>";
    expect(htmlToText(html)).toBe("标题\n\n第一段 & 更多 内容\n\n第二段 加粗文字");
  });

  it("turns line-level elements into single line breaks", () => {
    expect(htmlToText("<ul><li>一</li><li>二</li></ul><p>a<br>b</p>")).toBe("一\n二\n\na\nb");
    expect(htmlToText("<p>a<br><br>b</p>")).toBe("a\n\nb");
    expect(htmlToText("<table><tr><th>名</th><th>值</th></tr><tr><td>x</td><td>1</td></tr></table>")).toBe(
      "名 值\nx 1",
    );
  });

  it("handles nested blocks, figures and quotes", () => {
    const html =
      "<blockquote><p>引用</p></blockquote><figure><img src=x alt=图><figcaption>说明</figcaption></figure><div><section>节</section></div>";
    expect(htmlToText(html)).toBe("引用\n\n说明\n\n节");
  });

  it("keeps line breaks inside pre", () => {
    expect(htmlToText("<pre><code>line 1\nline 2</code></pre>")).toBe("line 1\nline 2");
  });

  it("joins source lines wrapped between Chinese characters without a space", () => {
    expect(htmlToText("<p>中文句子\n继续，English\nwords</p>")).toBe("中文句子继续，English words");
  });

  it("skips script and style content and trims", () => {
    expect(htmlToText("  <style>p{}</style><p> x </p><script>alert(1)</script>  ")).toBe("x");
    expect(htmlToText("")).toBe("");
  });
});
