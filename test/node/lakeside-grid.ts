// The fields the "lakeside-grid" Markdown examples (publish-cli test, the editor-tools doc) publish, as the
// editor API gives them back.
export const LAKESIDE_GRID_FIELDS = {
  title: "以“小网格”撬动基层“大治理”",
  subtitle: "湖城市探索社区治理新路径",
  summary: "湖城市把社区网格作为基层治理的基本单元。",
  language: "zh-CN",
  section: ["深度报道", "自媒体"],
  tags: ["基层治理", "社区"],
  editors: [{ name: "苏青禾" }],
  source: { name: "城市观察报", url: "https://paper.example.org/" },
  printEdition: { publication: "城市观察报", date: "2020-12-07", page: "17" },
  publishedAt: "2020-12-09T09:50:37+08:00",
  status: "published",
};
