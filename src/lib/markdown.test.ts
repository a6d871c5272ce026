import { describe, expect, it } from "vitest";
import { fastestMs } from "../../test/fixtures/timing";
import { MAX_MARKDOWN_NESTING, MarkdownTooDeepError, markdownToHtml } from "./markdown";
import { sanitizeHtml } from "./sanitize-html";

describe("markdownToHtml", () => {
  it("renders headings without ids", () => {
    const html = markdownToHtml("# 标题\n\n## 小标题 With Words\n");
    expect(html).toBe("<h1>标题</h1>\n<h2>小标题 With Words</h2>\n");
    expect(html).not.toContain("id=");
  });

  it("renders paragraphs, emphasis, links and images", () => {
    const html = markdownToHtml(
      '正文 **加粗** *斜体* [链接](https://example.com/a?b=1&c=2 "提示")\n\n![图](https://example.com/x.jpg)',
    );
    expect(html).toBe(
      '<p>正文 <strong>加粗</strong> <em>斜体</em> <a href="https://example.com/a?b=1&amp;c=2" title="提示">链接</a></p>\n' +
        '<p><img src="https://example.com/x.jpg" alt="图"></p>\n',
    );
  });

  it("supports GFM tables, strikethrough, lists and fenced code", () => {
    const html = markdownToHtml(
      "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~\n\n- 一\n- 二\n\n```js\nx < 1\n```\n",
    );
    expect(html).toContain("<table>");
    expect(html).toContain("<td>1</td>");
    expect(html).toContain("<del>删</del>");
    expect(html).toContain("<ul>\n<li>一</li>\n<li>二</li>\n</ul>");
    expect(html).toContain('<pre><code class="language-js">x &lt; 1\n</code></pre>');
  });

  it("does not turn single newlines into <br>", () => {
    expect(markdownToHtml("第一行\n第二行")).toBe("<p>第一行\n第二行</p>\n");
  });

  it("is synchronous", () => {
    expect(typeof markdownToHtml("x")).toBe("string");
  });

  it("passes raw HTML through, which sanitizeHtml then neutralizes", () => {
    const md =
      "# 标题\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n";
    const raw = markdownToHtml(md);
    expect(raw).toContain("<script>");
    const safe = sanitizeHtml(raw);
    // markdown-it leaves a javascript: link as literal text; the sanitizer drops the handler, adds alt.
    expect(safe).toBe('<h2>标题</h2>\n\n<p>[x](javascript:alert(1)) <img src="x" alt=""></p>\n');
  });

  it("produces markup that sanitizeHtml keeps except for alignment styles", () => {
    const md = "## 小节\n\n> 引用\n\n1. 甲\n2. 乙\n\n| 名 | 值 |\n|:--|--:|\n| a | 1 |\n";
    const html = markdownToHtml(md);
    const safe = sanitizeHtml(html);
    expect(safe).toBe(html.replace(/ style="text-align:(left|right)"/g, ""));
  });
});

describe("markdownToHtml on hostile input", () => {
  it.each([
    ["_a", "_a"],
    ["*_a", "*_a"],
    ["[a](", "[a]("],
  ])(
    "stays linear on %s runs (4× the input: ~4× linear, 16× quadratic; bound 10×)",
    (_name, unit) => {
      // A 4× step keeps linear and quadratic far apart, so a loaded machine's noise cannot cross the bound.
      const small = unit.repeat(25_000);
      const large = unit.repeat(100_000);
      markdownToHtml(small);
      const ratio = fastestMs(() => markdownToHtml(large)) / fastestMs(() => markdownToHtml(small));
      expect(ratio).toBeLessThan(10);
    },
    60_000,
  );

  it("refuses 2,000 nested quotes with a clear error instead of overflowing the stack", () => {
    expect(() => markdownToHtml(">".repeat(2000))).toThrow(MarkdownTooDeepError);
    expect(() => markdownToHtml(`${">".repeat(MAX_MARKDOWN_NESTING - 1)} x`)).not.toThrow();
  });
});
