import { findArticleById } from "../../db/article-queries";
import { listDeskArticles } from "../../db/desk-articles";
import { ARTICLE_STATUSES, type ArticleStatus, isPubliclyVisible } from "../../domain/article";
import { normalizeName } from "../../domain/names";
import { hasScope } from "../../domain/token-scope";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { MAX_QUERY_CHARACTERS, parseSearchQuery } from "../../lib/search-text";
import { formatOffset } from "../../lib/time";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { ListPage } from "../../render/desk/list-page";
import { MessagePage } from "../../render/desk/message-page";
import { afterWrite } from "./after-write";
import { articleToFields } from "./article-fields";
import { chromeFor } from "./chrome";
import { renderEditor } from "./editor-view";
import { formToArticleInput } from "./form-input";
import { formFields, requireSameOrigin, requireSessionPage, requireSessionWrite } from "./guard";
import { lifecycleButtons, lifecycleNotice } from "./lifecycle";
import { deskRouter } from "./router";
import { createFromDesk, updateFromDesk } from "./write";

export const DESK_PAGE_SIZE = 20;

export const deskArticles = deskRouter();

deskArticles.get("/", requireSessionPage, async (c) => {
  const q = (name: string) => (c.req.query(name) ?? "").trim().slice(0, 200);
  const filters = {
    status: q("status"),
    section: q("section"),
    tag: q("tag"),
    author: q("author"),
    q: q("q"),
  };
  const status = isListStatus(filters.status) ? filters.status : undefined;
  const search = filters.q ? parseSearchQuery(filters.q.slice(0, MAX_QUERY_CHARACTERS)) : undefined;
  const searchUnusable = typeof search === "string";
  const rows = searchUnusable
    ? []
    : await listDeskArticles(
        c.var.db,
        {
          status,
          section: filters.section
            ? filters.section
                .split(/\s*(?:›|\/)\s*/)
                .filter(Boolean)
                .map(normalizeName)
            : undefined,
          tag: filters.tag ? normalizeName(filters.tag) : undefined,
          author: filters.author ? normalizeName(filters.author) : undefined,
          search,
          publicOnly: !hasScope(c.var.token, "drafts:read"),
          now: c.var.now,
        },
        { limit: DESK_PAGE_SIZE, before: decodeCursor(c.req.query("cursor")) },
      );
  const last = rows.at(-1);
  let olderHref: string | null = null;
  if (rows.length === DESK_PAGE_SIZE && last) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", encodeCursor({ at: last.updatedAt, id: last.id }));
    olderHref = `${next.pathname}${next.search}`;
  }
  const page = (
    <ListPage
      chrome={chromeFor(c)}
      filters={filters}
      articles={rows}
      olderHref={olderHref}
      siteOffset={c.var.site.defaultOffsetMinutes}
      searchUnusable={searchUnusable}
    />
  );
  return c.html(renderDeskDocument(page), searchUnusable ? 400 : 200);
});

deskArticles.get("/articles/new", requireSessionPage, (c) => {
  const fields = new Map([
    ["language", c.var.site.language],
    ["bodyFormat", "markdown"],
    ["publishedAt[offset]", formatOffset(c.var.site.defaultOffsetMinutes)],
  ]);
  return renderEditor(c, { articleId: null, version: null, fields });
});

deskArticles.post("/articles", requireSameOrigin, requireSessionWrite, async (c) => {
  const fields = await formFields(c);
  if (fields.has("_add"))
    return renderEditor(c, { articleId: null, version: null, fields, extraRow: fields.get("_add") });
  const { input, rows } = formToArticleInput(fields, "create");
  const result = await createFromDesk(c, input);
  return afterWrite(c, result, { articleId: null, version: null, fields, rows });
});

deskArticles.get("/articles/:id{[0-9]{1,15}}/edit", requireSessionPage, async (c) => {
  const article = await findArticleById(c.var.db, Number(c.req.param("id")));
  if (!article || (!hasScope(c.var.token, "drafts:read") && !isPubliclyVisible(article, c.var.now))) {
    return c.html(
      renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.notFound} />),
      404,
    );
  }
  const fields = articleToFields(article, c.var.site.defaultOffsetMinutes);
  const notice =
    c.req.query("saved") === "1"
      ? { kind: "ok" as const, text: c.var.strings.saved }
      : lifecycleNotice(c, article);
  const controls = lifecycleButtons(c, article);
  return renderEditor(c, { articleId: article.id, version: article.version, fields, notice, controls });
});

deskArticles.post("/articles/:id{[0-9]{1,15}}", requireSameOrigin, requireSessionWrite, async (c) => {
  const id = Number(c.req.param("id"));
  const fields = await formFields(c);
  const version = Number(fields.get("version"));
  const opened = { articleId: id, version: Number.isSafeInteger(version) ? version : 0, fields };
  if (fields.has("_add")) return renderEditor(c, { ...opened, extraRow: fields.get("_add") });
  const { input, rows } = formToArticleInput(fields, "update");
  const result = await updateFromDesk(c, id, opened.version, input);
  return afterWrite(c, result, { ...opened, rows });
});

function isListStatus(value: string): value is ArticleStatus | "deleted" {
  return value === "deleted" || (ARTICLE_STATUSES as readonly string[]).includes(value);
}
