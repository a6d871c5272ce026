import { beforeEach, describe, expect, it } from "vitest";
import samples from "../../sample/articles.json";
import { sniffImage } from "../../src/lib/image-info";
import { resetDatabase } from "./support/database";
import { createArticle, mintToken, request } from "./support/helpers";
import { findOne, parseHtml, text } from "./support/html";

beforeEach(resetDatabase);

const SITE = "https://news.example.com";
const enc = encodeURIComponent;
const lakeside = samples.find((a) => a.slug === "lakeside-community-governance");

async function page(path: string) {
  const res = await request(path);
  expect(res.status).toBe(200);
  const parsed = parseHtml(await res.text());
  expect(parsed.errors).toEqual([]);
  return parsed.document;
}

describe("schema.org JSON-LD on article pages", () => {
  it("embeds NewsArticle + BreadcrumbList JSON-LD carrying every field of the sample", async () => {
    if (!lakeside) throw new Error("sample/articles.json lost its Chinese article");
    const { secret } = await mintToken();
    const zh = await createArticle(secret, lakeside);
    const doc = await page("/articles/lakeside-community-governance");
    const script = findOne(doc, "script", { type: "application/ld+json" });
    const data = JSON.parse(text(script));
    const url = `${SITE}/articles/lakeside-community-governance`;
    expect(data["@context"]).toBe("https://schema.org");
    const [article, breadcrumb] = data["@graph"];
    expect(article).toEqual({
      "@type": "NewsArticle",
      "@id": `${url}#article`,
      url,
      mainEntityOfPage: { "@type": "WebPage", "@id": url },
      headline: lakeside.title,
      alternativeHeadline: lakeside.subtitle,
      description: zh.summary,
      inLanguage: "zh-CN",
      datePublished: "2020-12-09T09:50:37+08:00",
      dateModified: "2020-12-09T09:50:37+08:00",
      author: [
        {
          "@type": "Person",
          name: "林晓舟",
          jobTitle: "湖城市委常委、组织部部长",
          url: `${SITE}/author/${enc("林晓舟")}`,
        },
      ],
      editor: [{ "@type": "Person", name: "苏青禾" }],
      articleSection: "自媒体",
      keywords: ["基层治理", "社区", "网格化"],
      publisher: {
        "@type": "Organization",
        name: "城市观察 City Observer",
        url: `${SITE}/`,
        logo: { "@type": "ImageObject", url: `${SITE}/assets/logo.png`, width: 256, height: 256 },
      },
      sourceOrganization: { "@type": "Organization", name: "城市观察报", url: "https://paper.example.org/" },
      image: {
        "@type": "ImageObject",
        url: `${SITE}${lakeside.image?.url}`,
        contentUrl: `${SITE}${lakeside.image?.url}`,
        caption: "湖城市社区网格员在东湖街道走访居民。",
        creditText: "湖城市委组织部 供图",
        description: lakeside.image?.alt,
        width: 1200,
        height: 800,
      },
      printEdition: "2020-12-07",
      printPage: "17",
      isPartOf: {
        "@type": "PublicationIssue",
        datePublished: "2020-12-07",
        isPartOf: { "@type": "Periodical", name: "城市观察报" },
      },
      isAccessibleForFree: true,
    });
    expect(breadcrumb).toEqual({
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "首页", item: `${SITE}/` },
        { "@type": "ListItem", position: 2, name: "深度报道", item: `${SITE}/section/${enc("深度报道")}` },
        {
          "@type": "ListItem",
          position: 3,
          name: "自媒体",
          item: `${SITE}/section/${enc("深度报道")}/${enc("自媒体")}`,
        },
      ],
    });
  });
});

describe("the publisher logo named in the JSON-LD", () => {
  it("is served as a PNG of the size the JSON-LD declares", async () => {
    const res = await request("/assets/logo.png");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const info = sniffImage(new Uint8Array(await res.arrayBuffer()));
    expect(info).toMatchObject({ type: "image/png", width: 256, height: 256 });
  });
});
