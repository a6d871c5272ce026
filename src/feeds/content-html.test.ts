import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "../lib/sanitize-html";
import { absolutizeHtmlUrls, leadFigureHtml } from "./content-html";

const BASE = "https://news.example.com/articles/a-b";

describe("absolutizeHtmlUrls", () => {
  it("resolves relative href, src and cite against the article URL", () => {
    const html = sanitizeHtml(
      '<p><a href="/x?a=1&amp;b=2">x</a><a href="../y">y</a><a href="#n">n</a><img src="i.png" alt="i">' +
        '<q cite="//cdn.example.org/q">q</q></p>',
    );
    expect(absolutizeHtmlUrls(html, BASE)).toBe(
      '<p><a href="https://news.example.com/x?a=1&amp;b=2">x</a><a href="https://news.example.com/y">y</a>' +
        '<a href="https://news.example.com/articles/a-b#n">n</a><img src="https://news.example.com/articles/i.png" alt="i">' +
        '<q cite="https://cdn.example.org/q">q</q></p>',
    );
  });

  it("leaves absolute URLs, other attributes and text alone", () => {
    const html = sanitizeHtml(
      '<p title=" href=&quot;/t&quot;">say href="/not-a-link" <a href="mailto:a@b.example" title="/t">m</a>' +
        '<a href="https://o.example/p">o</a></p><ol reversed start="2"><li>x</li></ol>',
    );
    expect(absolutizeHtmlUrls(html, BASE)).toBe(html);
  });

  it("is exact when an attribute value ends just like an attribute name", () => {
    const html = '<a title="x href=" href="/y">y</a>';
    expect(absolutizeHtmlUrls(html, BASE)).toBe('<a title="x href=" href="https://news.example.com/y">y</a>');
  });
});

describe("leadFigureHtml", () => {
  it("writes the image with alt text and caption plus credit, escaped", () => {
    expect(
      leadFigureHtml(
        { url: "/m.jpg", alt: 'a "b"', caption: "湖城 <东湖>", credit: "供图 & 摄影" },
        "https://news.example.com/m.jpg",
      ),
    ).toBe(
      '<figure><img src="https://news.example.com/m.jpg" alt="a &quot;b&quot;">' +
        "<figcaption>湖城 &lt;东湖&gt; 供图 &amp; 摄影</figcaption></figure>",
    );
    expect(leadFigureHtml({ url: "x" }, "https://x.example/x")).toBe(
      '<figure><img src="https://x.example/x" alt=""></figure>',
    );
  });
});
