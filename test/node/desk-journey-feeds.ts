import { expect } from "vitest";
import { STORY, storyValues } from "./desk-journey-article";
import type { LocalWorker } from "./harness";

/** The journey's story, found again in JSON Feed, RSS and Atom with every field each format carries. */
export async function expectFeedsCarryStory(worker: LocalWorker, imageUrl: string) {
  const json = (await (await worker.fetch("/feed.json")).json()) as {
    language?: string;
    items: Record<string, unknown>[];
  };
  const item = json.items.find((i) => i.title === STORY.title);
  expect(item).toMatchObject({
    summary: STORY.summary,
    image: `${worker.url}${imageUrl}`,
    tags: STORY.tags,
    authors: STORY.authors.map((a) => expect.objectContaining({ name: a.name })),
    _news: expect.objectContaining({
      subtitle: STORY.subtitle,
      section: STORY.section,
      authors: STORY.authors.map((a) => expect.objectContaining(a)),
      editors: [expect.objectContaining({ name: STORY.editor })],
      source: expect.objectContaining(STORY.source),
      printEdition: expect.objectContaining(STORY.print),
      image: expect.objectContaining(STORY.image),
    }),
  });
  // An item names its language only where it differs from the feed's.
  expect(item?.language ?? json.language).toBe("zh-CN");
  expect(Date.parse(String(item?.date_published))).toBe(STORY.publishedInstant);
  for (const heading of STORY.subheadings) expect(item?.content_html).toContain(heading);

  // Our RSS and Atom have no element for a subtitle or an author's job title (JSON Feed carries
  // both in _news, checked above): the XML feeds are held to every other field.
  const notInXml = new Set([STORY.subtitle, ...STORY.authors.map((a) => a.title)]);
  for (const [feed, itemTag, dateTag] of [
    ["/feed.xml", "item", "pubDate"],
    ["/atom.xml", "entry", "published"],
  ] as const) {
    const xml = await (await worker.fetch(feed)).text();
    const entry = xml
      .split(`<${itemTag}>`)
      .slice(1)
      .find((e) => e.includes(STORY.title));
    expect(entry, `${feed} has the story`).toBeDefined();
    const missing = [...storyValues(), STORY.summary, STORY.image.alt, STORY.print.page].filter(
      (value) => !entry?.includes(value) && !notInXml.has(value),
    );
    expect(missing, `${feed} is missing`).toEqual([]);
    const published = new RegExp(`<${dateTag}>([^<]+)</${dateTag}>`).exec(entry ?? "")?.[1];
    expect(Date.parse(published ?? ""), `${feed} ${dateTag}`).toBe(STORY.publishedInstant);
    expect(entry).toContain(imageUrl);
  }
}
