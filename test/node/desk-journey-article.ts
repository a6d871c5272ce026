import type { Page } from "playwright-core";

// The journey's article: shaped like a Chinese newspaper story (three-level section, subtitle, two
// authors with job titles, responsible editor, source, lead image with caption and credit, print
// line, Beijing time). The text is written for this test.

export const STORY = {
  section: ["国内", "城市", "环境"],
  title: "西河沿岸湿地完成生态修复",
  subtitle: "首批越冬候鸟回归，三处观鸟点向市民开放",
  summary: "历时两年的西河湿地修复工程日前完工，水质达到地表水三类标准。",
  tagsTyped: "生态，湿地,候鸟",
  tags: ["生态", "湿地", "候鸟"],
  authors: [
    { name: "王嘉宁", title: "本报记者" },
    { name: "许文", title: "西河市生态环境局副局长" },
  ],
  editor: "赵敏",
  source: { name: "西河晚报", url: "https://xihe.example.com/" },
  image: {
    caption: "11月28日，市民在修复后的湿地栈道上观鸟。",
    credit: "本报记者 王嘉宁 摄",
    alt: "湿地栈道上手持望远镜的市民",
  },
  print: { publication: "西河晚报", date: "2026-11-29", page: "03", section: "城市新闻" },
  publishedAt: { date: "2026-11-29", time: "07:30:00", offset: "+08:00" },
  /** The same instant in UTC. */
  publishedInstant: Date.parse("2026-11-28T23:30:00Z"),
  subheadings: ["芦苇带重新连成片", "观鸟点实行预约"],
  body: [
    "西河湿地修复工程于11月下旬通过验收，沿岸六公里的硬质护岸改为生态缓坡。",
    "",
    "## 芦苇带重新连成片",
    "",
    "施工方清除淤泥约十二万立方米，补种本地芦苇和香蒲，鱼类洄游通道同步打通。",
    "",
    "## 观鸟点实行预约",
    "",
    "三处观鸟点每天开放至日落，市民可通过“西河发布”预约入园。",
  ].join("\n"),
};

/**
 * Types the story into the desk's editor form (already open), one field at a time, as an editor
 * would. Without an image URL the field is left for the upload button to fill.
 */
export async function fillStory(page: Page, imageUrl?: string) {
  const fill = (name: string, value: string) => page.fill(`[name="${name}"]`, value);
  await fill("section", STORY.section.join(" › "));
  await fill("title", STORY.title);
  await fill("subtitle", STORY.subtitle);
  await fill("summary", STORY.summary);
  await fill("tags", STORY.tagsTyped);
  for (const [i, author] of STORY.authors.entries()) {
    if ((await page.locator(`[name="authors[${i}][name]"]`).count()) === 0)
      await page.click('button[name="_add"][value="authors"]');
    await fill(`authors[${i}][name]`, author.name);
    await fill(`authors[${i}][title]`, author.title);
  }
  await fill("editors[0][name]", STORY.editor);
  await fill("publishedAt[date]", STORY.publishedAt.date);
  await fill("publishedAt[time]", STORY.publishedAt.time);
  await fill("publishedAt[offset]", STORY.publishedAt.offset);
  await fill("source[name]", STORY.source.name);
  await fill("source[url]", STORY.source.url);
  if (imageUrl !== undefined) await fill("image[url]", imageUrl);
  await fill("image[caption]", STORY.image.caption);
  await fill("image[credit]", STORY.image.credit);
  await fill("image[alt]", STORY.image.alt);
  await fill("printEdition[publication]", STORY.print.publication);
  await fill("printEdition[date]", STORY.print.date);
  await fill("printEdition[page]", STORY.print.page);
  await fill("printEdition[section]", STORY.print.section);
  await page.selectOption('[name="bodyFormat"]', "markdown");
  await fill("body", STORY.body);
}

/** Every value a reader must find again wherever the story goes. */
export function storyValues(): string[] {
  return [
    ...STORY.section,
    STORY.title,
    STORY.subtitle,
    ...STORY.tags,
    ...STORY.authors.flatMap((a) => [a.name, a.title]),
    STORY.editor,
    STORY.source.name,
    STORY.image.caption,
    STORY.image.credit,
    ...STORY.subheadings,
  ];
}
