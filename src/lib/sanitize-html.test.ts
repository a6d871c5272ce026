import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "./sanitize-html";
import { stripXmlInvalid } from "./text";

// Written independently of the implementation's tables, so a typo there cannot hide here.
const SAFE_ELEMENTS = new Set(
  (
    "p br hr h2 h3 h4 h5 h6 strong b em i u s del ins sub sup small mark code pre kbd blockquote q cite " +
    "ul ol li dl dt dd a img figure figcaption table thead tbody tfoot tr th td caption abbr time span div section"
  ).split(" "),
);
const VOID_ELEMENTS = new Set(["br", "hr", "img"]);
const SAFE_ATTRIBUTES = new Set(
  "href title rel hreflang src alt width height cite colspan rowspan scope start reversed value datetime lang dir".split(
    " ",
  ),
);
const URL_ATTRIBUTES = new Set(["href", "src", "cite"]);

function isSafeUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside schemes.
  const compact = value.replace(/[\u0000-\u0020\u007F-\u009F\s]/g, "").toLowerCase();
  if (/^(https?|mailto|tel):/.test(compact)) return true;
  const colon = compact.indexOf(":");
  const pathStart = compact.search(/[/?#]/);
  return colon === -1 || (pathStart !== -1 && pathStart < colon);
}

/** Parses sanitized output and lists every reason it would be unsafe or malformed. */
function findProblems(html: string): string[] {
  const problems: string[] = [];
  let explicitCloses = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes, isImplied) {
        if (isImplied) problems.push(`implied <${name}>`);
        if (!SAFE_ELEMENTS.has(name)) problems.push(`element <${name}>`);
        if (name === "img" && attributes.src === undefined) problems.push("img without src");
        for (const [attribute, value] of Object.entries(attributes)) {
          if (!SAFE_ATTRIBUTES.has(attribute)) problems.push(`attribute ${attribute} on <${name}>`);
          if (URL_ATTRIBUTES.has(attribute) && !isSafeUrl(value))
            problems.push(`url ${attribute}="${value}"`);
        }
      },
      onclosetag(name, isImplied) {
        if (VOID_ELEMENTS.has(name)) return;
        if (isImplied) problems.push(`unclosed or misnested <${name}>`);
        else explicitCloses++;
      },
      oncomment: () => problems.push("comment"),
      onprocessinginstruction: () => problems.push("processing instruction"),
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const closeTags = html.match(/<\/[a-z0-9]+>/g)?.length ?? 0;
  if (closeTags !== explicitCloses) problems.push(`${closeTags - explicitCloses} stray end tag(s)`);
  if (stripXmlInvalid(html) !== html) problems.push("XML-invalid character");
  if (/<\/?(script|style|iframe|svg|math)/i.test(html)) problems.push("dangerous tag text");
  return problems;
}

function expectSafe(input: string): string {
  const out = sanitizeHtml(input);
  expect(findProblems(out), `${JSON.stringify(input)} -> ${JSON.stringify(out)}`).toEqual([]);
  expect(sanitizeHtml(out), `not idempotent for ${JSON.stringify(input)}`).toBe(out);
  return out;
}

const XSS_PAYLOADS: ReadonlyArray<readonly [string, string]> = [
  ["<script>alert(1)</script>", ""],
  ["<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ""],
  ["<script>alert(1)", ""],
  ["<img src=x onerror=alert(1)>", '<img src="x" alt="">'],
  ["<IMG SRC=javascript:alert(1)>", ""],
  ['<img src="java&#0000106;script:alert(1)">', ""],
  ['<img src="jav&#x09;ascript:alert(1)">', ""],
  ['<img src="data:image/svg+xml;base64,PHN2Zz4=">', ""],
  ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="&#x6A;avascript:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="&#106;&#97;&#118;&#97;script:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="java&Tab;script&colon;alert(1)">x</a>', "<a>x</a>"],
  ['<a href=" \u0001javascript:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"],
  ['<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"],
  ['<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a>x</a>"],
  ['<a href="file:///etc/passwd">x</a><a href="blob:https://a/b">y</a>', "<a>x</a><a>y</a>"],
  ['<a href="java&#1;script:alert(1)">x</a>', "<a>x</a>"],
  ["<a href=javascript:alert(1) target=_blank>x</a>", "<a>x</a>"],
  ["<svg onload=alert(1)><script>alert(1)</script></svg>after", "after"],
  ["<svg><p><style><img src=x onerror=alert(1)></style></svg>", ""],
  ['<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">', ""],
  ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', ""],
  ["<iframe src=javascript:alert(1)>fallback</iframe>ok", "ok"],
  ["<style>body{background:url(javascript:alert(1))}</style>text", "text"],
  ['<form action="javascript:alert(1)"><button formaction=javascript:alert(1)>go</button></form>', "go"],
  ['<p style="background:url(javascript:alert(1))" class=x id=y>styled</p>', "<p>styled</p>"],
  ["<div onclick=alert(1) onmouseover=alert(2)>x</div>", "<div>x</div>"],
  ["<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"],
  ["<<img src=x onerror=alert(1)//<", "&lt;"],
  ["<p><table><tr><td>x</p>", "<table><tr><td>x</td></tr></table>"],
  ["<!-- <script>alert(1)</script> -->safe", "safe"],
  ["<![CDATA[<script>alert(1)</script>]]>safe", "safe"],
  ["<?xml-stylesheet href=evil?><!DOCTYPE html>safe", "safe"],
  ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ""],
  ["<noembed><img src=x onerror=alert(1)></noembed><xmp><script>x</script></xmp>", ""],
  ["<textarea><script>alert(1)</script></textarea><title><b>t</b></title>", ""],
  ["<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>", ""],
  ["<base href=javascript:/><link rel=stylesheet href=x><meta http-equiv=refresh content=0>", ""],
  [
    '<a href="#" onclick="alert(1)" title="&quot;><script>">x</a>',
    '<a href="#" title="&quot;&gt;&lt;script&gt;">x</a>',
  ],
  [
    "<img src=https://a.example/x.png alt=x onerror=alert(1) srcset=javascript:alert(1)>",
    '<img src="https://a.example/x.png" alt="x">',
  ],
  ["<template><img src=x onerror=alert(1)></template><frameset><frame src=x></frameset>", ""],
  ["<b><i><u>unclosed", "<b><i><u>unclosed</u></i></b>"],
  ["</div></p></a>stray", "stray"],
  ["<blockquote cite=javascript:alert(1)>q</blockquote>", "<blockquote>q</blockquote>"],
  ["<custom-element onclick=x><font color=red>kept</font></custom-element>", "kept"],
  ["<a href='//evil.example/\\x'>x</a>", '<a href="//evil.example/\\x">x</a>'],
];

describe("sanitizeHtml: hostile input", () => {
  it.each(XSS_PAYLOADS)("%j", (input, expected) => {
    expect(expectSafe(input)).toBe(expected);
  });
});

describe("sanitizeHtml: legitimate markup", () => {
  const kept = [
    '<h2>小标题</h2><p>正文 <a href="https://example.com/a?b=1&amp;c=2">链接</a></p><figure><img src="https://example.com/x.jpg" alt="图"><figcaption>说明</figcaption></figure>',
    "<h3>三级</h3><h4>四</h4><h5>五</h5><h6>六</h6><hr><p>一<br>二</p>",
    '<ul><li>甲</li><li><strong>乙</strong> <em>丙</em></li></ul><ol start="3" reversed><li value="5">丁</li></ol>',
    '<blockquote cite="https://example.com/q"><p>引用 &lt;b&gt; &amp; “引号”</p></blockquote><p><q>短引</q> <cite>书名</cite></p>',
    '<table><caption>表</caption><thead><tr><th scope="col">名</th><th colspan="2">值</th></tr></thead><tbody><tr><td rowspan="2">a</td><td>1</td></tr></tbody><tfoot><tr><td>合计</td></tr></tfoot></table>',
    '<p lang="ar" dir="rtl">مرحبا بالعالم</p><p lang="zh-Hans">简体 😀 👨‍👩‍👧</p>',
    '<p><abbr title="HyperText Markup Language">HTML</abbr> <time datetime="2024-05-01T10:00:00Z">五月</time> <code>a &lt; b</code> <kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup> <small>小</small> <mark>标</mark> <s>删</s> <u>下</u> <b>粗</b> <i>斜</i></p>',
    "<pre><code>const x = 1 &lt; 2 &amp;&amp; y;\n  indented\n</code></pre>",
    "<dl><dt>术语</dt><dd>定义</dd></dl><div><section><span>嵌套</span></section></div>",
    '<p><a href="/relative/path">相对</a> <a href="#frag">锚点</a> <a href="?q=1">查询</a> <a href="mailto:a@example.com">邮件</a> <a href="tel:+861234">电话</a> <a href="//cdn.example.com/x" rel="nofollow" hreflang="en" title="标题">协议相对</a></p>',
    '<img src="https://example.com/a.png" alt="" width="640" height="480" title="t">',
    "<p>多行\n文本 with   spaces</p>\n\n<p>第二段</p>",
  ];

  it.each(kept)("keeps %j byte for byte", (html) => {
    expect(expectSafe(html)).toBe(html);
  });

  it("maps h1 to h2", () => {
    expect(expectSafe('<h1 lang="zh">标题</h1><p>x</p>')).toBe('<h2 lang="zh">标题</h2><p>x</p>');
  });

  it("normalizes attribute values and drops invalid ones", () => {
    expect(expectSafe('<ol start="007" reversed="reversed"><li value="-1">x</li></ol>')).toBe(
      '<ol start="7" reversed><li>x</li></ol>',
    );
    expect(expectSafe('<td colspan="abc" rowspan="99999999">x</td><th scope="ROW">y</th>')).toBe(
      '<td>x</td><th scope="row">y</th>',
    );
    expect(expectSafe('<img src="/a.png" width="1e3" height="100%">')).toBe('<img src="/a.png" alt="">');
    expect(expectSafe('<a rel="NoFollow  UGC no-op" href="  https://a.example/x \n">x</a>')).toBe(
      '<a rel="nofollow ugc" href="https://a.example/x">x</a>',
    );
    expect(expectSafe('<p lang="en-US&quot;" dir="sideways">x</p>')).toBe("<p>x</p>");
  });

  it("re-escapes text and attributes and keeps the first of duplicate attributes", () => {
    expect(expectSafe("<p title=a>1 &lt; 2 &gt; 0 &amp; \"q\" 'a'</p>")).toBe(
      "<p>1 &lt; 2 &gt; 0 &amp; \"q\" 'a'</p>",
    );
    expect(expectSafe('<a title="x" TITLE="y" title=\'<&">\'>z</a>')).toBe('<a title="x">z</a>');
    expect(expectSafe("<img src=x alt='a\"b<c>&d'>")).toBe('<img src="x" alt="a&quot;b&lt;c&gt;&amp;d">');
  });

  it("closes unclosed elements, drops stray end tags and removes empty paragraphs", () => {
    expect(expectSafe("<p>a<p>b")).toBe("<p>a</p><p>b</p>");
    expect(expectSafe("<ul><li>a<li>b</ul>")).toBe("<ul><li>a</li><li>b</li></ul>");
    expect(expectSafe("<p></p><p><script>x</script></p><p> </p>")).toBe("<p> </p>");
    expect(expectSafe("<li>a<font><li>b")).toBe("<li>a</li><li>b</li>");
    expect(expectSafe("<p><font><div>x</div>y</font>z</p>")).toBe("<div>x</div>yz");
    expect(expectSafe("<br/><br></br><hr/>")).toBe("<br><br><br><hr>");
  });

  it("strips XML-invalid characters from text and attributes", () => {
    expect(expectSafe('<abbr title="a\u0001b">x\u0000y\uFFFE&#1;z\uD800</abbr>')).toBe(
      '<abbr title="ab">xyz</abbr>',
    );
  });

  it("is fast enough for a typical article", () => {
    const article = `<h2>标题</h2>${'<p>边缘计算正在改变新闻的分发方式，<a href="https://example.com/a?b=1&amp;c=2">读者</a>希望<strong>快速</strong>打开页面。</p>'.repeat(60)}`;
    sanitizeHtml(article);
    const start = performance.now();
    for (let run = 0; run < 20; run++) sanitizeHtml(article);
    // Generous bound: only catches pathological slowness, workerd's clock is coarse.
    expect((performance.now() - start) / 20).toBeLessThan(20);
  });
});

describe("sanitizeHtml: properties", () => {
  const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
  // Built by hand: fast-check's "binary" unit spends about a second building its tables.
  const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

  it("sanitizes arbitrary strings safely and idempotently", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(anyCodePoint, anyCodeUnit), maxLength: 200 }), (s) => {
        expectSafe(s);
      }),
      { numRuns: 300 },
    );
  });

  const fragments = [
    ...'<script> </script> <SCRIPT> <style> </style> <svg> </svg> <math> <iframe srcdoc=" <noscript> <xmp> <title> <textarea> <template> <form> <object>'.split(
      " ",
    ),
    ..."<p> </p> <div> </div> <h1> </h1> <h2> <ul> <ol> <li> </li> <table> <tr> <td> </td> <th> <tbody> <thead> <a> </a> <b> </b> <i> </i> <em> <pre> <blockquote> <figure> <figcaption> <dl> <dt> <dd> <span> <font> <center> <custom-el> <body> <html>".split(
      " ",
    ),
    ..."<img <a <p <br/> </br> <hr/> <br> </p> </div> </a> </td> </tr> </table> </li> </ul>".split(" "),
    ...' href=" src=" href= src= cite=" title=" alt=\' onerror= onclick=" onload= style=" class= id= srcset=" width=" colspan="'.split(
      " ",
    ),
    ..."javascript: JaVaScRiPt: java\tscript: vbscript: data:text/html, file: https://example.com/ /path #frag //host mailto:a@b tel:1".split(
      " ",
    ),
    ..."&#106; &#x6A; &#0000106; &Tab; &colon; &NewLine; &amp; &lt; &gt; &quot; &#1; &#0; &#xD800; &nbsp; &#x1F600;".split(
      " ",
    ),
    ..."< > / = \" ' ` <!-- --> <![CDATA[ ]]> <? ?> <!DOCTYPE html> \u0000 \u0001 \uFFFF \uD83D \uDE00".split(
      " ",
    ),
    ..."alert(1) 中文段落 標題 😀 👨‍👩‍👧 مرحبا x 1".split(" "),
    " ",
    "\n",
    "\t",
  ];
  const hostileHtml = fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fragments) }, fc.string({ maxLength: 4 })), {
      maxLength: 40,
    })
    .map((parts) => parts.join(""));

  it("sanitizes generated hostile HTML safely and idempotently", () => {
    fc.assert(
      fc.property(hostileHtml, (html) => {
        expectSafe(html);
      }),
      { numRuns: 300 },
    );
  });
});
