import { raw } from "hono/html";
import { Fragment as HonoFragment, jsx as honoJsx } from "hono/jsx/jsx-runtime";
import { describe, expect, it } from "vitest";
import { Fragment, jsx } from "./jsx-runtime";

// The string-writing runtime must write what hono/jsx writes for the same elements: the public pages
// (tests in test/workers/pages-*.test.ts) stay byte for byte what they were.

type Props = Record<string, unknown>;
type Element = { tag: string | ((props: Props) => unknown); props: Props; children: Node[] };
type Node = Element | string | number | boolean | null | undefined | Node[] | ReturnType<typeof raw>;

const el = (tag: Element["tag"], props: Props, ...children: Node[]): Element => ({ tag, props, children });

/** Builds the same tree with either runtime, as the compiled JSX would call it. */
function build(node: Node, runtime: "ours" | "hono"): unknown {
  if (Array.isArray(node)) return node.map((child) => build(child, runtime));
  if (node === null || typeof node !== "object" || !("tag" in node)) return node;
  const children = node.children.map((child) => build(child, runtime));
  const props = {
    ...node.props,
    ...(children.length ? { children: children.length === 1 ? children[0] : children } : {}),
  };
  if (runtime === "hono") return honoJsx(node.tag === "fragment" ? HonoFragment : (node.tag as never), props);
  return jsx(node.tag === "fragment" ? Fragment : (node.tag as never), props);
}

const Card = (props: Props) => props.children;

const TREES: Node[] = [
  el("p", {}, "plain & <escaped> \"text\" 'here'"),
  el("a", { href: "/x?a=1&b=<2>", title: `"q" 'a'`, class: "c", rel: undefined, id: null }, "link"),
  el("meta", { name: "description", content: "社区 & 网格" }),
  el("img", { src: "/i.jpg", alt: "", width: 640, height: 360 }),
  el("input", { type: "search", name: "q", value: 'a"b', maxlength: 200, required: true, disabled: false }),
  el(
    "ol",
    {},
    [1, 2, 3].map((n) => el("li", { lang: n === 2 ? "en" : undefined }, `item ${n}`, n)),
  ),
  el("div", {}, null, false, true, undefined, 0, "", [[["deep"]]], raw("<b>raw</b>")),
  el("fragment", {}, el("span", {}, "a"), " · ", el("span", {}, "b")),
  el(Card, {}, el("section", { className: "listing" }, el("h1", {}, "标题"))),
  el("label", { htmlFor: "q", class: "visually-hidden" }, "Search"),
  el("script", { type: "application/ld+json" }, raw('{"a":"\\u003c"}')),
  el(
    "html",
    { lang: "zh-CN" },
    el("head", {}, el("title", {}, "T & t"), el("meta", { charset: "utf-8" })),
    el("body", {}),
  ),
  el(
    "search",
    { class: "site-search" },
    el("form", { method: "get", action: "/search" }, el("button", { type: "submit" }, "Go")),
  ),
  el("time", { datetime: "2020-12-09T09:50:37+08:00" }, "2020年12月09日 09:50"),
];

describe("the string-writing JSX runtime", () => {
  it("writes each element byte for byte as hono/jsx does", () => {
    for (const tree of TREES) {
      expect(String(build(tree, "ours"))).toBe(String(build(tree, "hono")));
    }
  });

  it("renders hono/jsx children through their own output", () => {
    const banner = honoJsx("div", {
      class: "banner",
      children: ["Preview & ", honoJsx("strong", { children: "draft" })],
    });
    expect(String(jsx("main", { children: [banner, "after"] }))).toBe(
      '<main><div class="banner">Preview &amp; <strong>draft</strong></div>after</main>',
    );
  });

  it("refuses what it does not write like hono/jsx, rather than writing something else", () => {
    expect(() => jsx("a", { onclick: () => undefined })).toThrow(/attributes/);
    expect(() => jsx("p", { style: { color: "red" } })).toThrow(/attributes/);
    expect(() => jsx("p", { children: Promise.resolve("x") })).toThrow(/child/);
  });
});
