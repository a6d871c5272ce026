import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createArticleSchema } from "../../src/domain/article-input";
import { request } from "./support/helpers";

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { security?: Record<string, string[]>[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const DOCUMENTED_PREFIXES = ["/api/", "/micropub", "/media/"];
const METHODS = new Set(["GET", "POST", "PATCH", "DELETE", "PUT"]);

/** "/api/v1/articles/:id{[0-9]+}" and "/api/v1/articles/{idOrSlug}" both become "/api/v1/articles/{}". */
const normalize = (path: string) =>
  path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, "{}").replace(/\{[A-Za-z]+\}/g, "{}");

async function document(): Promise<Doc> {
  const res = await request("/api/v1/openapi.json");
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe("GET /api/v1/openapi.json", () => {
  it("documents exactly the API routes the app serves (both directions)", async () => {
    const served = new Set(
      createApp()
        .routes.filter((r) => METHODS.has(r.method) && !r.path.includes("*"))
        .filter((r) => DOCUMENTED_PREFIXES.some((p) => r.path.startsWith(p)))
        .map((r) => `${r.method} ${normalize(r.path)}`),
    );
    const doc = await document();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${normalize(path)}`),
      ),
    );
    expect([...served].sort()).toEqual([...documented].sort());
    expect(served.size).toBeGreaterThanOrEqual(12);
  });

  it("is OpenAPI 3.1 whose request schemas come from the validators", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.components.schemas.ArticleCreate;
    expect(Object.keys(create?.properties ?? {}).sort()).toEqual(
      Object.keys(createArticleSchema.shape).sort(),
    );
    expect(create?.required).toEqual(["title"]);
    expect(create?.properties?.guid).toMatchObject({ type: "string", maxLength: 500 });
    expect(doc.paths["/api/v1/articles"]?.post?.security).toEqual([
      { bearer: ["articles:write", "articles:publish"] },
    ]);
  });

  it("has no dangling $ref", async () => {
    const doc = await document();
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.split("/").pop()?.replace('"', "") ?? "";
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });
});

describe("GET /api/docs", () => {
  it("lists every operation, its scopes, body fields and the problem types, without scripts", async () => {
    const res = await request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    const doc = await document();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) expect(html).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(html).toContain("articles:publish");
    expect(html).toContain("printEdition");
    expect(html).toContain("/problems/validation-failed");
    expect(html).not.toContain("<script");
  });
});
