// Synthetic news articles for benchmarks and load tests: ~3,000 Chinese characters, subheadings, an image.
// Deterministic (seeded), so runs are comparable.

const PHRASES = [
  "城市更新项目稳步推进",
  "社区服务中心延长开放时间",
  "居民议事会定期召开",
  "公共交通线网持续优化",
  "老旧小区改造惠及万余户",
  "街道推行网格化管理",
  "志愿者队伍不断壮大",
  "数字平台让办事更便捷",
  "文化活动丰富群众生活",
  "生态公园向市民免费开放",
  "重点项目建设进度过半",
  "基层干部深入一线调研",
  "营商环境持续改善",
  "就业服务覆盖新业态从业者",
  "养老服务网络逐步完善",
  "学校周边交通秩序明显好转",
];
const HEADINGS = ["把服务送到家门口", "让数据多跑路", "凝聚多方治理合力", "下一步工作安排", "群众满意度提升"];
const SECTIONS = [
  ["深度报道", "自媒体"],
  ["深度报道", "城市文化"],
  ["城市", "交通"],
  ["城市", "规划"],
  ["经济", "产业"],
];
const TAGS = ["基层治理", "社区", "交通", "文化", "产业", "民生", "规划"];
const AUTHORS = [
  { name: "林晓舟", title: "湖城市委常委、组织部部长" },
  { name: "陈墨", title: "本报记者" },
  { name: "周一鸣", title: "本报记者" },
  { name: "王若溪", title: "特约评论员" },
];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The element at `index` wrapped around the list's length (the lists above are never empty). */
const pick = <T,>(list: readonly T[], index: number): T => list[index % list.length] as T;

function paragraph(random: () => number, chars: number) {
  let text = "";
  while ([...text].length < chars) {
    text += pick(PHRASES, Math.floor(random() * PHRASES.length));
    text += random() < 0.3 ? "。" : "，";
  }
  return `${text.replace(/，$/, "")}。`;
}

/** An editor-API create payload; `index` varies the section, tags, author and date. */
export function syntheticArticle(
  index: number,
  { bodyChars = 3000, publishedAt }: { bodyChars?: number; publishedAt?: string } = {},
) {
  const random = mulberry32(index + 1);
  const parts = [];
  let written = 0;
  let heading = 0;
  while (written < bodyChars) {
    if (written > 0 && written % 700 < 240) parts.push(`<h2>${pick(HEADINGS, heading++)}</h2>`);
    const length = 180 + Math.floor(random() * 120);
    parts.push(`<p>${paragraph(random, length)}</p>`);
    written += length;
  }
  parts.splice(
    2,
    0,
    `<figure><img src="https://images.example.org/bench/${index}.jpg" alt="现场图片"><figcaption>第${index}号稿件配图说明。</figcaption></figure>`,
  );
  const when =
    publishedAt ?? new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString().replace("Z", "+00:00");
  return {
    title: `第${index}号稿件：${pick(PHRASES, index)}`,
    language: "zh-CN",
    status: "published",
    publishedAt: when,
    section: pick(SECTIONS, index),
    tags: [pick(TAGS, index), pick(TAGS, index + 3)],
    authors: [pick(AUTHORS, index)],
    editors: [{ name: "苏青禾" }],
    source: { name: "城市观察报" },
    image: { url: `https://images.example.org/bench/lead-${index}.jpg`, caption: `第${index}号稿件主图。` },
    printEdition: { publication: "城市观察报", date: when.slice(0, 10), page: String((index % 20) + 1) },
    bodyFormat: "html",
    body: parts.join(""),
  };
}
