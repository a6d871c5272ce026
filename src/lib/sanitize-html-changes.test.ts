// The sanitizer on hostile structure (linear time, bounded depth) and the changes it reports to editors.
import { describe, expect, it } from "vitest";
import { fastestMs } from "../../test/fixtures/timing";
import { HtmlTooDeepError, MAX_HTML_NESTING, sanitizeHtml, sanitizeHtmlWithChanges } from "./sanitize-html";

describe("sanitizeHtml on hostile structure", () => {
  it("stays linear on nested blocks that imply closes (4× the input: ~4× linear, 16× quadratic; bound 10×)", () => {
    const unit = `${"<ol><li><p>".repeat(100)}x${"</ol>".repeat(100)}`;
    // A 4× step keeps linear and quadratic far apart, so a loaded machine's noise cannot cross the bound.
    const small = unit.repeat(75);
    const large = unit.repeat(300);
    sanitizeHtml(large);
    const ratio = fastestMs(() => sanitizeHtml(large), 7) / fastestMs(() => sanitizeHtml(small), 7);
    expect(ratio).toBeLessThan(10);
  }, 60_000);

  it("refuses nesting deeper than MAX_HTML_NESTING instead of going quadratic", () => {
    expect(() => sanitizeHtml("<ol><li><p>".repeat(40_000))).toThrow(HtmlTooDeepError);
    expect(() => sanitizeHtml("<div>".repeat(MAX_HTML_NESTING))).not.toThrow();
  });
});

describe("sanitizeHtmlWithChanges", () => {
  it("unwraps a <form> wrapper and keeps all its text, even unclosed", () => {
    const { html, changes } = sanitizeHtmlWithChanges(
      '<form method="post" action="/x.aspx"><div><p>第一段</p><input type="hidden" name="__VIEWSTATE"><p>第二段',
    );
    expect(html).toBe("<div><p>第一段</p><p>第二段</p></div>");
    expect(changes).toContainEqual({ change: "unwrapped-element", element: "form", count: 1 });
    expect(changes).toContainEqual({ change: "removed-element-with-content", element: "input", count: 1 });
  });

  it("still drops code and never-shown content, and says so", () => {
    const { html, changes } = sanitizeHtmlWithChanges(
      "<p>a</p><script>x()</script><style>p{}</style><template><p>t</p></template><p>b</p>",
    );
    expect(html).toBe("<p>a</p><p>b</p>");
    expect(changes.map((c) => c.element).sort()).toEqual(["script", "style", "template"]);
  });

  it("gives every image an alt, so the page stays valid HTML, and reports it", () => {
    const { html, changes } = sanitizeHtmlWithChanges('<img src="/a.png"><img src="/b.png" alt="b">');
    expect(html).toBe('<img src="/a.png" alt=""><img src="/b.png" alt="b">');
    expect(changes).toEqual([{ change: "added-attribute", element: "img", attribute: "alt", count: 1 }]);
  });

  it("counts repeated changes once per kind and reports dropped attributes", () => {
    const { changes } = sanitizeHtmlWithChanges('<p onclick="x">1</p><p onclick="y">2</p><h1>t</h1>');
    expect(changes).toEqual([
      { change: "removed-attribute", element: "p", attribute: "onclick", count: 2 },
      { change: "renamed-element", element: "h1", to: "h2", count: 1 },
    ]);
  });

  it("reports nothing for clean input", () => {
    expect(sanitizeHtmlWithChanges('<p>正文 <a href="https://a.example/">链接</a></p>').changes).toEqual([]);
  });
});
