import { env } from "cloudflare:workers";
import type { DeskUser } from "./desk-kit";
import { ORIGIN, request } from "./helpers";

// A reference-shaped Chinese article (our own text) as the editor form sends it and as the API takes it.
export const BODY = [
  "湖滨新区图书馆周末起延长开放至晚十点。",
  "",
  "## 自习座位增至四百个",
  "",
  "新增座位可在线预约。",
].join("\n");

export const FORM: Record<string, string> = {
  section: "要闻 › 地方",
  title: "湖滨图书馆夜间开放 自习座位增至四百",
  subtitle: "周末开放时间延长至晚十点",
  summary: "湖滨新区图书馆延长周末开放时间，并新增自习座位。",
  language: "zh-CN",
  slug: "lakeside-library-nights",
  tags: "文化，公共服务, 民生",
  "authors[0][name]": "王岚",
  "authors[0][title]": "本报记者",
  "authors[1][name]": "",
  "editors[0][name]": "李楠",
  "source[name]": "湖滨晚报",
  "source[url]": "https://lakeside.example.com/",
  "image[url]": "https://img.example.com/library.jpg",
  "image[caption]": "读者在新开放的自习区学习。",
  "image[credit]": "本报记者 王岚 摄",
  "image[alt]": "图书馆自习区里坐满了读者",
  "printEdition[publication]": "湖滨晚报",
  "printEdition[date]": "2026-11-30",
  "printEdition[page]": "03",
  "printEdition[section]": "要闻",
  "publishedAt[date]": "2026-11-30",
  "publishedAt[time]": "08:30:00",
  "publishedAt[offset]": "+08:00",
  bodyFormat: "markdown",
  body: BODY,
};

export const JSON_ARTICLE = {
  section: ["要闻", "地方"],
  title: FORM.title,
  subtitle: FORM.subtitle,
  summary: FORM.summary,
  language: "zh-CN",
  slug: FORM.slug,
  tags: ["文化", "公共服务", "民生"],
  authors: [{ name: "王岚", title: "本报记者" }],
  editors: [{ name: "李楠" }],
  source: { name: "湖滨晚报", url: "https://lakeside.example.com/" },
  image: {
    url: "https://img.example.com/library.jpg",
    caption: "读者在新开放的自习区学习。",
    credit: "本报记者 王岚 摄",
    alt: "图书馆自习区里坐满了读者",
  },
  printEdition: { publication: "湖滨晚报", date: "2026-11-30", page: "03", section: "要闻" },
  publishedAt: "2026-11-30T08:30:00+08:00",
  bodyFormat: "markdown",
  body: BODY,
  status: "published",
};

/** A multipart POST from the editor form, as the browser sends it with the upload button. */
export function postMultipart(
  path: string,
  fields: Record<string, string>,
  file: { bytes: Uint8Array; name: string; type: string } | null,
  user: DeskUser,
  options: { csrf?: boolean } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (options.csrf !== false) form.append("_csrf", user.csrf);
  if (file) form.append("image[file]", new File([file.bytes], file.name, { type: file.type }));
  return request(path, {
    method: "POST",
    headers: { origin: ORIGIN, cookie: user.cookie },
    body: form,
    redirect: "manual",
  });
}

export async function clearBucket() {
  const listed = await env.MEDIA.list();
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
}

/** The `<article class="article">` element of a rendered page: the part readers read. */
export function articleMarkup(html: string): string {
  const m = /<article class="article">[\s\S]*<\/article>/.exec(html);
  if (!m) throw new Error("no article element");
  return m[0];
}

/** Social meta tags and JSON-LD: what aggregators read. */
export function headMetadata(html: string): string[] {
  return [
    ...html.matchAll(
      /<meta (?:property|name)="(?:og|article|twitter):[^>]*>|<script type="application\/ld\+json">[\s\S]*?<\/script>/g,
    ),
  ].map((m) => m[0]);
}
