import { describe, expect, it } from "vitest";
import {
  fieldNameForPointer,
  formToArticleInput,
  publishedAtParts,
  splitSection,
  splitTags,
} from "./form-input";

const form = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("formToArticleInput", () => {
  it("builds the API's JSON from flat form names, dropping empty rows and groups", () => {
    const { input, rows } = formToArticleInput(
      form({
        title: " 标题 ",
        subtitle: "",
        body: "## 小标题\n\n正文",
        bodyFormat: "markdown",
        section: "要闻 › 国内",
        tags: "经济，民生, 城市",
        "authors[0][name]": "",
        "authors[1][name]": "王记者",
        "authors[1][title]": "本报记者",
        "authors[2][name]": "",
        "editors[0][name]": "李编辑",
        "source[name]": "",
        "source[url]": "",
        "image[url]": "/media/a.jpg",
        "image[caption]": "图说",
        "image[width]": "800",
        "printEdition[date]": "2026-11-30",
        "printEdition[page]": "4",
        "publishedAt[date]": "2026-11-30",
        "publishedAt[time]": "09:50",
        "publishedAt[offset]": "+08:00",
        status: "draft",
      }),
      "create",
    );
    expect(input).toEqual({
      title: "标题",
      body: "## 小标题\n\n正文",
      bodyFormat: "markdown",
      status: "draft",
      section: ["要闻", "国内"],
      tags: ["经济", "民生", "城市"],
      authors: [{ name: "王记者", title: "本报记者" }],
      editors: [{ name: "李编辑" }],
      image: { url: "/media/a.jpg", caption: "图说", width: 800 },
      printEdition: { date: "2026-11-30", page: "4" },
      publishedAt: "2026-11-30T09:50:00+08:00",
    });
    expect(rows.authors).toEqual([1]);
  });

  it("clears emptied optional fields with null when updating", () => {
    const { input } = formToArticleInput(form({ title: "T", body: "" }), "update");
    expect(input).toMatchObject({
      subtitle: null,
      summary: null,
      source: null,
      image: null,
      publishedAt: null,
    });
  });
});

it("stores a textarea's CRLF line ends as LF, as the API would", () => {
  const { input } = formToArticleInput(
    form({ title: "标题", summary: "第一行\r\n第二行", body: "## 小标题\r\n\r\n正文\r\n" }),
    "create",
  );
  expect(input).toMatchObject({ summary: "第一行\n第二行", body: "## 小标题\n\n正文\n" });
});

describe("form helpers", () => {
  it("splits sections on / and › and tags on both commas", () => {
    expect(splitSection("A/B › C")).toEqual(["A", "B", "C"]);
    expect(splitTags("a，b,,c、d")).toEqual(["a", "b", "c", "d"]);
  });

  it("maps a problem pointer to the form control the editor typed in", () => {
    const rows = { authors: [1, 3], editors: [0] };
    expect(fieldNameForPointer("/authors/1/name", rows)).toBe("authors[3][name]");
    expect(fieldNameForPointer("/image/url", rows)).toBe("image[url]");
    expect(fieldNameForPointer("/tags/2", rows)).toBe("tags");
    expect(fieldNameForPointer("/publishedAt", rows)).toBe("publishedAt");
    expect(fieldNameForPointer("/title", rows)).toBe("title");
  });

  it("shows a stored instant in the offset it was written with", () => {
    expect(publishedAtParts(Date.parse("2026-11-30T01:50:37Z"), 480)).toEqual({
      date: "2026-11-30",
      time: "09:50:37",
      offset: "+08:00",
    });
  });
});
