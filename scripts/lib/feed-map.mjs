// RSS 2.0 / Atom / JSON Feed (parsed by feedsmith) → editor API create payloads, one per item.
import { parseFeed } from "feedsmith";
import { sha256 } from "./api-client.mjs";
import { alternate, fromAtom, fromJson, fromRss, htmlToText, textOf } from "./feed-items.mjs";
import { SLUG_PATTERN } from "./front-matter.mjs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/;
const ZONES = {
  UT: "Z",
  UTC: "Z",
  GMT: "Z",
  Z: "Z",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** { format, title, items: [{ label, article, updatedAt }] }; throws when the text is no feed. */
export function mapFeed(text, { sourceUrl = null, draft = false, now = Date.now() } = {}) {
  const { format, feed } = parseFeed(text);
  const read = { rss: fromRss, atom: fromAtom, json: fromJson, rdf: fromRss }[format];
  const base = feed.link ?? feed.home_page_url ?? alternate(feed.links) ?? sourceUrl;
  const language = normalizeLanguage(feed.language ?? feed.xml?.lang ?? feed.dc?.language);
  const items = (feed.items ?? feed.entries ?? []).map((item) => {
    const raw = read(item);
    const article = compact({
      guid: guidOf(raw, base),
      title: title(raw),
      summary: raw.summary ? clip(htmlToText(raw.summary), 2000) : undefined,
      body: raw.body,
      bodyFormat: "html",
      language: normalizeLanguage(raw.language) ?? language,
      tags: tagsOf(raw.categories),
      authors: raw.authors.flatMap(authorOf).slice(0, 30),
      image: raw.image ? imageOf(raw.image) : undefined,
      source: raw.source?.name
        ? compact({ name: clip(raw.source.name, 300), url: httpUrl(raw.source.url) })
        : undefined,
      publishedAt: toRfc3339(raw.published),
      slug: slugOf(raw.link),
    });
    article.status = draft
      ? "draft"
      : article.publishedAt && Date.parse(article.publishedAt) > now
        ? "scheduled"
        : "published";
    return { label: article.title, article, updatedAt: Date.parse(toRfc3339(raw.updated) ?? "") || null };
  });
  return { format, title: textOf(feed.title) ?? "", items };
}

/** The source's id as an absolute URI (Atom needs one); plain ids are scoped under the site's URL. */
function guidOf(raw, base) {
  const id = typeof raw.id === "string" ? raw.id.trim() : raw.id != null ? String(raw.id) : "";
  if (id && URI.test(id) && id.length <= 500) return id;
  if (id) {
    const scoped = base
      ? `${base.replace(/#.*$/, "")}#${encodeURIComponent(id)}`
      : `urn:x-imported-guid:${encodeURIComponent(id)}`;
    if (URI.test(scoped) && scoped.length <= 500) return scoped;
  }
  if (raw.link && URI.test(raw.link) && raw.link.length <= 500) return raw.link;
  return `urn:x-imported-item:${sha256([raw.title, raw.published, raw.body].join("\u0000")).slice(0, 40)}`;
}

function title(raw) {
  const given = textOf(raw.title)?.trim();
  if (given) return clip(given, 500);
  const text = htmlToText(raw.summary ?? raw.body ?? "");
  return clip(text, 60) || "Untitled";
}

function tagsOf(values) {
  const tags = values
    .flatMap((v) => String(v ?? "").split("/"))
    .map((t) => clip(t.trim(), 100))
    .filter((t) => t && t !== "." && t !== "..");
  return [...new Set(tags)].slice(0, 50);
}

function authorOf(author) {
  const name = typeof author === "string" ? author : (author?.name ?? author?.email);
  const clean = name ? clip(String(name).replace(/\//g, "-").trim(), 200) : "";
  if (!clean) return [];
  return [compact({ name: clean, url: typeof author === "object" ? httpUrl(author.url) : undefined })];
}

function imageOf(image) {
  const url = httpUrl(image.url);
  if (!url) return undefined;
  const int = (n) => (Number.isInteger(Number(n)) && Number(n) > 0 ? Number(n) : undefined);
  return compact({
    url,
    caption: image.caption ? clip(htmlToText(image.caption), 2000) : undefined,
    credit: image.credit ? clip(image.credit, 300) : undefined,
    alt: image.alt ? clip(image.alt, 1000) : undefined,
    width: int(image.width),
    height: int(image.height),
    type: /^image\/[a-z0-9.+-]+$/.test(image.type ?? "") ? image.type : undefined,
    length: int(image.length),
  });
}

function slugOf(link) {
  if (!link) return undefined;
  try {
    const segment = new URL(link).pathname.split("/").filter(Boolean).pop() ?? "";
    const slug = decodeURIComponent(segment)
      .replace(/\.(?:html?|php|aspx?)$/i, "")
      .toLowerCase();
    return SLUG_PATTERN.test(slug) && slug.length <= 120 ? slug : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 822 (RSS) or ISO 8601 → RFC 3339, keeping the source's offset. */
export function toRfc3339(value) {
  if (!value) return undefined;
  const s = String(value).trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (iso) return `${iso[1]}T${iso[2]}${iso[3] ?? ":00"}${offset(iso[4] ?? "Z")}`;
  const rfc =
    /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,3})?$/.exec(
      s,
    );
  if (rfc) {
    const month = MONTHS.indexOf((rfc[2] ?? "").toLowerCase()) + 1;
    let year = Number(rfc[3]);
    if (year < 100) year += year < 50 ? 2000 : 1900;
    if (month > 0) {
      const p = (n) => String(n).padStart(2, "0");
      return `${year}-${p(month)}-${p(rfc[1])}T${p(rfc[4])}:${rfc[5]}:${rfc[6] ?? "00"}${offset(rfc[7] ?? "Z")}`;
    }
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(".000Z", "Z");
}

function offset(zone) {
  const upper = zone.toUpperCase();
  if (ZONES[upper]) return ZONES[upper];
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(upper);
  if (!m) return "Z";
  return m[2] === "00" && m[3] === "00" ? "Z" : `${m[1]}${m[2]}:${m[3]}`;
}

function normalizeLanguage(tag) {
  if (typeof tag !== "string" || !/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(tag.trim())) return undefined;
  const [lang, ...rest] = tag.trim().split("-");
  return [lang.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join("-");
}

function httpUrl(value) {
  return typeof value === "string" && /^https?:\/\/\S+$/i.test(value) && value.length <= 2048
    ? value
    : undefined;
}

function clip(s, max) {
  const chars = [...String(s)];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

function compact(object) {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  );
}
