import { Parser } from "htmlparser2";
import {
  ALLOWED_ELEMENTS,
  DROPPED_WITH_CONTENT,
  escapeText,
  IMPLIED_CLOSES,
  RENAMED_ELEMENTS,
  serializeAttributes,
  VOID_ELEMENTS,
} from "./sanitize-rules";
import { stripXmlInvalid } from "./text";

/**
 * Deepest element nesting accepted (Chromium's HTML parser flattens past 512 too). htmlparser2 keeps its open
 * elements in an array it unshifts into, so every tag costs time proportional to the depth: the cap is what
 * keeps a hostile body of "<ol><li><p>" × 40,000 linear.
 */
export const MAX_HTML_NESTING = 512;

/** The HTML nests elements deeper than MAX_HTML_NESTING; nothing was produced. */
export class HtmlTooDeepError extends Error {
  constructor() {
    super(`nests elements more than ${MAX_HTML_NESTING} levels deep`);
  }
}

/** One kind of change the sanitizer made, with how often: the editor is told, nothing is lost silently. */
export interface SanitizerChange {
  change:
    | "removed-element-with-content"
    | "unwrapped-element"
    | "renamed-element"
    | "removed-attribute"
    | "added-attribute"
    | "removed-characters";
  /** Element name as written in the source (lowercased). */
  element?: string;
  attribute?: string;
  /** For renamed-element: the element it became. */
  to?: string;
  count: number;
}

export interface SanitizedHtml {
  html: string;
  changes: SanitizerChange[];
}

interface OutputElement {
  name: string;
  isOpen: boolean;
  /** Index in the output chunks of the opening tag, to take back an empty <p> in constant time. */
  start: number;
  contentStart: number;
}

/** What became of one element htmlparser2 opened; mirrors its stack so every close event finds its open. */
interface ParsedElement {
  name: string;
  fate: "pending" | "kept" | "unwrapped" | "dropped" | "inside-dropped";
  output?: OutputElement;
}

/**
 * Allowlist HTML sanitizer. The output is always well-formed (own stack of open elements), fully re-escaped,
 * free of XML-invalid characters, deterministic and idempotent. Disallowed elements are unwrapped (their text
 * stays) unless their content is code or never shown. Time is linear in the input.
 */
export function sanitizeHtml(html: string): string {
  return sanitizeHtmlWithChanges(html).html;
}

/** sanitizeHtml plus the list of what it removed or added. Throws HtmlTooDeepError on absurd nesting. */
export function sanitizeHtmlWithChanges(html: string): SanitizedHtml {
  // Chunks, not one growing string: taking back an empty <p> must not copy everything written so far.
  const chunks: string[] = [];
  const outputStack: OutputElement[] = [];
  const parsedStack: ParsedElement[] = [];
  const changes = new Map<string, SanitizerChange>();
  let droppedDepth = 0;

  const note = (change: Omit<SanitizerChange, "count">) => {
    const key = `${change.change} ${change.element ?? ""} ${change.attribute ?? ""}`;
    const existing = changes.get(key);
    if (existing) existing.count += 1;
    else changes.set(key, { ...change, count: 1 });
  };

  const closeTopOutputElement = () => {
    const element = outputStack.pop();
    if (element === undefined) return;
    element.isOpen = false;
    if (element.name === "p" && chunks.length === element.contentStart) chunks.length = element.start;
    else chunks.push(`</${element.name}>`);
  };

  const openOutputElement = (name: string, attributes: string): OutputElement | undefined => {
    const closes = IMPLIED_CLOSES.get(name);
    if (closes !== undefined) {
      while (outputStack.length > 0 && closes.has(outputStack[outputStack.length - 1]?.name ?? "")) {
        closeTopOutputElement();
      }
    }
    const start = chunks.length;
    chunks.push(`<${name}${attributes}>`);
    if (VOID_ELEMENTS.has(name)) return undefined;
    const element: OutputElement = { name, isOpen: true, start, contentStart: chunks.length };
    outputStack.push(element);
    return element;
  };

  const resolve = (name: string, attributes: Record<string, string>): ParsedElement => {
    if (droppedDepth > 0) return { name, fate: "inside-dropped" };
    if (DROPPED_WITH_CONTENT.has(name)) {
      droppedDepth++;
      note({ change: "removed-element-with-content", element: name });
      return { name, fate: "dropped" };
    }
    const outputName = RENAMED_ELEMENTS.get(name) ?? name;
    if (!ALLOWED_ELEMENTS.has(outputName)) {
      note({ change: "unwrapped-element", element: name });
      return { name, fate: "unwrapped" };
    }
    const serialized = serializeAttributes(outputName, attributes, (kind, attribute) =>
      note({ change: kind === "added" ? "added-attribute" : "removed-attribute", element: name, attribute }),
    );
    if (serialized === null) {
      note({ change: "unwrapped-element", element: name });
      return { name, fate: "unwrapped" };
    }
    if (outputName !== name) note({ change: "renamed-element", element: name, to: outputName });
    return { name, fate: "kept", output: openOutputElement(outputName, serialized) };
  };

  const parser = new Parser(
    {
      onopentagname(name) {
        if (parsedStack.length >= MAX_HTML_NESTING) throw new HtmlTooDeepError();
        parsedStack.push({ name, fate: "pending" });
      },
      onopentag(name, attributes) {
        parsedStack[parsedStack.length - 1] = resolve(name, attributes);
      },
      ontext(text) {
        if (droppedDepth > 0 || text === "") return;
        const clean = stripXmlInvalid(text);
        if (clean !== text) note({ change: "removed-characters" });
        if (clean !== "") chunks.push(escapeText(clean));
      },
      onclosetag(name) {
        // A tag cut off by the end of input was named but never opened; void ones are never closed either.
        while (parsedStack.length > 0) {
          const top = parsedStack[parsedStack.length - 1];
          if (top === undefined || top.fate !== "pending" || top.name === name) break;
          parsedStack.pop();
        }
        const closed = parsedStack.pop();
        if (closed?.fate === "dropped") droppedDepth--;
        const element = closed?.output;
        if (element?.isOpen) {
          while (outputStack.length > 0 && element.isOpen) closeTopOutputElement();
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  while (outputStack.length > 0) closeTopOutputElement();
  return { html: chunks.join(""), changes: [...changes.values()] };
}
