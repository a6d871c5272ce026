import { type DefaultTreeAdapterTypes, parse, parseFragment, serialize } from "parse5";

// Pages are checked as a browser would read them: parsed by a spec-compliant HTML parser, then queried.

export type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

export interface ParsedPage {
  document: DefaultTreeAdapterTypes.Document;
  errors: string[];
}

export function parseHtml(text: string): ParsedPage {
  const errors: string[] = [];
  const document = parse(text, {
    onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`),
  });
  return { document, errors };
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function* walk(node: ParentNode): Generator<Element> {
  for (const child of node.childNodes) {
    if (!isElement(child)) continue;
    yield child;
    yield* walk(child.tagName === "template" ? (child as DefaultTreeAdapterTypes.Template).content : child);
  }
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(el: Element, name: string): boolean {
  return (attr(el, "class") ?? "").split(/\s+/).includes(name);
}

/** Elements by tag name and (optionally) exact attribute values, `class` meaning "has this class". */
export function findAll(root: ParentNode, tag: string, attrs: Record<string, string> = {}): Element[] {
  return [...walk(root)].filter(
    (el) =>
      (tag === "*" || el.tagName === tag) &&
      Object.entries(attrs).every(([k, v]) => (k === "class" ? hasClass(el, v) : attr(el, k) === v)),
  );
}

export function findOne(root: ParentNode, tag: string, attrs: Record<string, string> = {}): Element {
  const found = findAll(root, tag, attrs);
  if (found.length !== 1) {
    throw new Error(`expected one <${tag}> ${JSON.stringify(attrs)}, found ${found.length}`);
  }
  return found[0] as Element;
}

export function text(node: ParentNode): string {
  return node.childNodes
    .map((child) =>
      "value" in child && child.nodeName === "#text" ? child.value : "childNodes" in child ? text(child) : "",
    )
    .join("");
}

/** Normalized serialization of a subtree, or of an HTML fragment, for comparing markup. */
export function innerHtml(el: ParentNode): string {
  return serialize(el);
}

export function normalizeFragment(html: string): string {
  return serialize(parseFragment(html));
}

export function meta(root: ParentNode, key: string): string[] {
  return [...findAll(root, "meta", { property: key }), ...findAll(root, "meta", { name: key })].map(
    (el) => attr(el, "content") ?? "",
  );
}

export function allElements(root: ParentNode): Element[] {
  return [...walk(root)];
}
