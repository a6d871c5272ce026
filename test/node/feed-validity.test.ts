import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseFeed as parseRowan } from "@rowanmanning/feed-parser";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startWorker } from "./harness";
import { w3cRssTextWarnings } from "./w3c-rules";

// Validity of the built worker's feeds against the formats' own definitions: Atom against the RFC 4287
// RELAX NG grammar (xmllint, Debian package libxml2-utils), JSON Feed against the JSON Schema (ajv),
// and, with no offline W3C Feed Validation Service, RSS and Atom against the validator's rules
// encoded below. A third, independent parser reads every XML feed back.

const exec = promisify(execFile);
const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), "schemas");

const SCOPES = [
  "",
  "/section/深度报道",
  "/section/深度报道/自媒体",
  "/tag/社区",
  "/author/林晓舟",
  "/author/Maya Okafor",
];
const FILES = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;
type Format = keyof typeof FILES;

const encodePath = (base: string) =>
  base
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");

let worker: LocalWorker;
let dir: string;
/** Every document to check: subscription documents, a second page, archives. */
const documents: { format: Format; path: string }[] = [];

beforeAll(async () => {
  worker = await startWorker();
  dir = await mkdtemp(path.join(tmpdir(), "feed-validity-"));
  for (const scope of SCOPES) {
    for (const format of Object.keys(FILES) as Format[]) {
      documents.push({ format, path: `${encodePath(scope)}/${FILES[format]}` });
      documents.push({ format, path: `/archive/2020-12${encodePath(scope)}/${FILES[format]}` });
    }
  }
  for (const format of Object.keys(FILES) as Format[]) {
    // Excerpt documents (no content:encoded / atom:content / content_html) must stay valid too.
    documents.push({ format, path: `/${FILES[format]}?content=excerpt` });
    documents.push({
      format,
      path: `/archive/2020-12${encodePath("/tag/社区")}/${FILES[format]}?content=excerpt`,
    });
  }
  for (const format of Object.keys(FILES) as Format[]) {
    const first = await fetchText(`/${FILES[format]}?limit=1`);
    const next = {
      rss: /<atom:link href="([^"]+)" rel="next"/,
      atom: /<link rel="next" href="([^"]+)"/,
      json: /"next_url":"([^"]+)"/,
    }[format].exec(first.body);
    const url = next?.[1];
    if (!url) throw new Error(`no next link in ${format}`);
    documents.push({ format, path: url.replaceAll("&amp;", "&").replace(worker.url, "") });
  }
});

afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fetchText(p: string) {
  const res = await worker.fetch(p);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${body.slice(0, 200)}`);
  return { res, body };
}

async function xmllint(args: string[], xml: string) {
  const file = path.join(dir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  await writeFile(file, xml);
  try {
    await exec("xmllint", [...args, file]);
    return "";
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === "ENOENT") throw new Error("xmllint not found: apt-get install -y libxml2-utils");
    return e.stderr ?? String(err);
  }
}

// RFC 822 as the W3C validator accepts it without warnings: 4-digit year, GMT or a numeric zone.
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** href/src values in escaped HTML content (as it appears inside the XML text). */
function contentUrls(xml: string): string[] {
  const html = xml
    // Processing instructions are not content: the stylesheet's site-relative href is the browser's.
    .replace(/<\?[\s\S]*?\?>/g, "")
    .replace(/<!\[CDATA\[|\]\]>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
  return [...html.matchAll(/\s(?:href|src|cite)="([^"]*)"/g)].map((m) => m[1] ?? "");
}

describe("Atom", () => {
  it("every document validates against the RFC 4287 RELAX NG grammar", async () => {
    const rng = path.join(SCHEMAS, "atom.rng");
    for (const doc of documents.filter((d) => d.format === "atom")) {
      const { body } = await fetchText(doc.path);
      expect(await xmllint(["--noout", "--relaxng", rng], body), doc.path).toBe("");
    }
  });

  it("the grammar check is not vacuous: a feed without its id is rejected", async () => {
    const { body } = await fetchText("/atom.xml");
    const broken = body.replace(/<id>[^<]*<\/id>/, "");
    expect(await xmllint(["--noout", "--relaxng", path.join(SCHEMAS, "atom.rng")], broken)).toMatch(
      /fails to validate/,
    );
    expect(documents.filter((d) => d.format === "atom").length).toBe(SCOPES.length * 2 + 3);
  });

  it("follows the validator's other rules: ids, dates, authors, self link, absolute references", async () => {
    for (const doc of documents.filter((d) => d.format === "atom")) {
      const { body } = await fetchText(doc.path);
      const feed = parseRowan(body);
      expect(feed.meta.type).toBe("atom");
      const self = /<link rel="self" href="([^"]+)" type="application\/atom\+xml"\/>/.exec(body)?.[1];
      expect(self?.replaceAll("&amp;", "&"), doc.path).toBe(`${worker.url}${doc.path}`);
      for (const date of body.matchAll(/<(updated|published)>([^<]*)</g)) expect(date[2]).toMatch(RFC3339);
      const ids = [...body.matchAll(/<entry[^>]*>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      // Schematron rule of RFC 4287 §4.1.1: a feed author, or one in every entry.
      expect(body).toMatch(/<author><name>[^<]+<\/name>/);
      for (const url of contentUrls(body)) expect(url).toMatch(/^(https?:|mailto:|tel:)/);
      expect(feed.items.length).toBe(ids.length);
      for (const item of feed.items) {
        expect(item.title).toBeTruthy();
        expect(item.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/articles\//);
        expect(item.published?.getTime()).toBeGreaterThan(0);
        expect(item.updated?.getTime()).toBeGreaterThanOrEqual(item.published?.getTime() ?? 0);
      }
    }
  });
});

describe("RSS 2.0", () => {
  it("every document is namespace-well-formed and follows the validator's rules", async () => {
    for (const doc of documents.filter((d) => d.format === "rss")) {
      const { res, body } = await fetchText(doc.path);
      expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
      // xmllint reports undeclared prefixes (e.g. media:, dc:) as namespace errors.
      expect(await xmllint(["--noout"], body), doc.path).toBe("");
      const channel = body.slice(0, body.indexOf("<item>") === -1 ? undefined : body.indexOf("<item>"));
      for (const required of ["title", "link", "description"])
        expect(channel).toMatch(new RegExp(`<${required}>`));
      // MissingAtomSelfLink / SelfDoesntMatchLocation
      const self = /<atom:link href="([^"]+)" rel="self" type="application\/rss\+xml"\/>/.exec(body)?.[1];
      expect(self?.replaceAll("&amp;", "&"), doc.path).toBe(`${worker.url}${doc.path}`);
      for (const date of body.matchAll(/<(pubDate|lastBuildDate)>([^<]*)</g)) expect(date[2]).toMatch(RFC822);
      // InvalidHttpGUID: a non-URL guid must say isPermaLink="false".
      for (const guid of body.matchAll(/<guid([^>]*)>([^<]*)<\/guid>/g)) {
        expect(guid[1]).toBe(' isPermaLink="false"');
        expect(guid[2]).toMatch(/^urn:uuid:/);
      }
      // <author> must be an e-mail address; names belong in dc:creator.
      expect(body).not.toMatch(/<author>/);
      // ContainsRelRef
      for (const url of contentUrls(body)) expect(url).toMatch(/^(https?:|mailto:|tel:)/);
      for (const m of body.matchAll(/<media:content url="([^"]+)" medium="image"/g))
        expect(m[1]).toMatch(/^https?:/);
      for (const m of body.matchAll(/<link>([^<]+)<\/link>/g)) expect(m[1]).toMatch(/^https?:/);
      // ContainsHTML, CharacterData, "should not include both source and dc:source"
      expect(w3cRssTextWarnings(body), doc.path).toEqual([]);
      expect(body).not.toContain("Invalid Date");
      expect(body).not.toContain("<enclosure");

      const feed = parseRowan(body);
      expect(feed.meta.type).toBe("rss");
      for (const item of feed.items) {
        expect(item.id).toMatch(/^urn:uuid:/);
        expect(item.title).toBeTruthy();
        expect(item.published?.getTime()).toBeGreaterThan(0);
        expect(item.authors.length).toBeGreaterThan(0);
      }
    }
  });

  it("the text rules are not vacuous: HTML in a title, a bare reference, source beside dc:source", () => {
    const item = (inner: string) => `<rss><channel><item>${inner}</item></channel></rss>`;
    expect(w3cRssTextWarnings(item("<title>x &lt;b&gt;bold&lt;/b&gt; y</title>"))).toHaveLength(1);
    expect(w3cRssTextWarnings(item("<title><![CDATA[Tom &amp; Jerry]]></title>"))).toHaveLength(1);
    expect(w3cRssTextWarnings(item("<title>x &lt;b&gt; y</title>"))).toHaveLength(1);
    expect(w3cRssTextWarnings(item("<title>x &#x26;lt;b&#x26;gt; y AT&amp;T 1 &lt; 2</title>"))).toEqual([]);
    expect(
      w3cRssTextWarnings(item('<source url="https://a.example/">A</source><dc:source>A</dc:source>')),
    ).toEqual(["An item should not include both source and dc:source"]);
  });

  it("reads the sample article back field by field with a third parser", async () => {
    const { body } = await fetchText(`${encodePath("/tag/社区")}/feed.xml`);
    const feed = parseRowan(body);
    const item = feed.items.find((i) => i.url?.endsWith("/articles/lakeside-community-governance"));
    expect(item?.title).toBe("以“小网格”撬动基层“大治理”");
    expect(item?.published?.toISOString()).toBe("2020-12-09T01:50:37.000Z");
    expect(item?.authors.map((a) => a.name)).toEqual(["林晓舟"]);
    expect(item?.categories.map((c) => c.term)).toEqual(["深度报道/自媒体", "基层治理", "社区", "网格化"]);
    expect(item?.media[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f]{32}\.jpg$/);
    expect(feed.language).toBe("zh-CN");
  });
});

describe("JSON Feed 1.1", () => {
  it("every document validates against the JSON Feed 1.1 schema", async () => {
    const schema = JSON.parse(await readFile(path.join(SCHEMAS, "jsonfeed-v1.1.schema.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    for (const doc of documents.filter((d) => d.format === "json")) {
      const { res, body } = await fetchText(doc.path);
      expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
      const feed = JSON.parse(body);
      expect(validate(feed) ? [] : validate.errors, doc.path).toEqual([]);
      expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
      expect(validate({ ...feed, items: [{ title: "no id, no content" }] })).toBe(false);
      expect(feed.feed_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*feed\.json(\?content=excerpt)?$/);
      if (feed.next_url) expect(feed.next_url).not.toBe(feed.feed_url);
      for (const item of feed.items) {
        expect(item.id).toMatch(/^urn:uuid:/);
        const excerpt = doc.path.includes("content=excerpt");
        expect(typeof (excerpt ? item.content_text : item.content_html)).toBe("string");
        expect(item.date_published).toMatch(RFC3339);
        for (const url of contentUrls(item.content_html ?? ""))
          expect(url).toMatch(/^(https?:|mailto:|tel:)/);
      }
    }
  });
});
