// The write path called without HTTP, as the cron and a desk call it: a hand-built WriteContext
// is all a service needs, and the service applies only the publish-vs-draft rule.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InsufficientScopeError } from "../../src/auth/insufficient-scope";
import { findArticleById } from "../../src/db/article-queries";
import { createArticleSchema } from "../../src/domain/article-input";
import { siteFromEnv } from "../../src/lib/site";
import { createArticle, deleteArticle, patchArticle } from "../../src/services/article-service";
import type { WriteActor, WriteContext } from "../../src/services/write-context";
import { draftArticle, englishArticle } from "../fixtures/articles";
import { db, dumpDatabase, resetDatabase } from "./support/database";

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

function writeContext(actor: WriteActor, background: Promise<unknown>[] = []): WriteContext {
  const site = { ...siteFromEnv(env), websubHubUrl: null };
  return { db: db(), site, now: Date.now(), actor, waitUntil: (work) => background.push(work) };
}

const writer: WriteActor = { id: "tok_writer", mayPublish: false };
const publisher: WriteActor = { id: "tok_publisher", mayPublish: true };

describe("services with a WriteContext", () => {
  it("saves a draft for an actor that may not publish, recording the actor", async () => {
    const { article } = await createArticle(writeContext(writer), createArticleSchema.parse(draftArticle()));
    expect(article).toMatchObject({ status: "draft", createdBy: "tok_writer", updatedBy: "tok_writer" });
    expect((await findArticleById(db(), article.id))?.version).toBe(1);
  });

  it("refuses to publish for such an actor with the scope on the error, writing nothing", async () => {
    const before = await dumpDatabase();
    const attempt = createArticle(writeContext(writer), createArticleSchema.parse(englishArticle()));
    await expect(attempt).rejects.toBeInstanceOf(InsufficientScopeError);
    await expect(attempt).rejects.toMatchObject({ scope: "articles:publish", init: { status: 403 } });
    expect(await dumpDatabase()).toBe(before);
  });

  it("keeps public articles out of a non-publisher's reach: no edit, no delete", async () => {
    const { article } = await createArticle(
      writeContext(publisher),
      createArticleSchema.parse(englishArticle()),
    );
    const w = writeContext(writer);
    await expect(patchArticle(w, article, { title: "Changed" })).rejects.toMatchObject({
      scope: "articles:publish",
    });
    await expect(deleteArticle(w, article)).rejects.toMatchObject({ scope: "articles:publish" });
    const deleted = await deleteArticle(writeContext(publisher), article);
    expect(deleted).toMatchObject({ updatedBy: "tok_publisher", version: 2 });
    expect(deleted.deletedAt).not.toBeNull();
  });

  it("hands the hub ping to waitUntil when the site has a hub", async () => {
    const hub = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(null, { status: 202 }));
    const background: Promise<unknown>[] = [];
    const w = writeContext(publisher, background);
    const withHub = { ...w, site: { ...w.site, websubHubUrl: "https://hub.example.com/" } };
    await createArticle(withHub, createArticleSchema.parse(englishArticle()));
    expect(background).toHaveLength(1);
    await Promise.all(background);
    expect(hub).toHaveBeenCalledWith("https://hub.example.com/", expect.objectContaining({ method: "POST" }));
  });
});
