import { describe, expect, it } from "vitest";
import { article } from "../../test/fixtures/article-rows";
import { applyUndo, undoOf } from "./revision-undo";

const LONG_BODY = `<h2>把服务送到家门口</h2>${"<p>社区服务中心延长开放时间，居民议事会定期召开。</p>".repeat(80)}`;

describe("revision undo", () => {
  const before = article({ id: 7, bodyHtml: LONG_BODY, version: 3, writeId: "w3" });
  const after = article({
    id: 7,
    title: "更正后的标题",
    tags: ["基层治理", "社区"],
    bodyHtml: LONG_BODY.replace("延长开放时间", "全天开放"),
    version: 4,
    writeId: "w4",
  });

  it("turns the later version back into the earlier one exactly", () => {
    expect(applyUndo(after, undoOf(after, before))).toEqual(before);
  });

  it("keeps only what changed, the body as an edit script", () => {
    const undo = undoOf(after, before);
    expect(Object.keys(undo.set ?? {}).sort()).toEqual(["tags", "title", "version", "writeId"]);
    expect(Object.keys(undo.patch ?? {})).toEqual(["bodyHtml"]);
    expect(JSON.stringify(undo).length).toBeLessThan(200);
  });

  it("stores a rewritten body whole when its edit script would be longer than the body", () => {
    const alternating = article({ id: 9, bodyHtml: `<p>${"甲乙".repeat(150)}</p>` });
    const rewritten = { ...alternating, bodyHtml: alternating.bodyHtml.replaceAll("乙", "丙"), version: 2 };
    const undo = undoOf(rewritten, alternating);
    expect(undo.set?.bodyHtml).toBe(alternating.bodyHtml);
    expect(undo.patch).toBeUndefined();
    expect(applyUndo(rewritten, undo)).toEqual(alternating);
  });

  it("stores nothing for a field that did not change, and restores nulls", () => {
    const withSubtitle = article({ id: 8, subtitle: "副标题", version: 1 });
    const cleared = { ...withSubtitle, subtitle: null, version: 2 };
    const undo = undoOf(cleared, withSubtitle);
    expect(undo).toEqual({ set: { subtitle: "副标题", version: 1 } });
    expect(applyUndo(cleared, undo)).toEqual(withSubtitle);
  });
});
