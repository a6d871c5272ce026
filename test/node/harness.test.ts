import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startWorker } from "./harness";

describe("local worker harness (built bundle in Miniflare)", () => {
  let worker: LocalWorker;
  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(() => worker?.stop());

  it("serves the seeded sample articles through the public API", async () => {
    const res = await worker.fetch("/api/v1/articles");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { slug: string }[] };
    const slugs = body.items.map((a) => a.slug);
    expect(slugs).toContain("lakeside-community-governance");
    expect(slugs).toContain("harbor-city-night-buses");
    expect(slugs).not.toContain("riverfront-park-plan");
  });

  it("accepts a token minted by the Node scripts (same format and hash as the worker)", async () => {
    const res = await worker.fetch("/api/v1/articles?status=draft", {
      headers: { authorization: `Bearer ${worker.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { slug: string }[] };
    expect(body.items.map((a) => a.slug)).toEqual(["riverfront-park-plan"]);
  });
});
