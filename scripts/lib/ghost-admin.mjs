// Ghost 5's Admin API as `npm run bench:ghost` uses it: the owner created on a fresh site, a staff
// session (cookie + Origin, as Ghost Admin itself signs in), a custom integration for a Content API
// key, and the bench's articles created from HTML (`?source=html`) under fixed slugs.

/**
 * @typedef {{ title: string, body: string, section: string[], tags: string[], publishedAt: string,
 *   image: { url: string, caption?: string } }} BenchArticle
 *   the fields of a syntheticArticle payload that Ghost gets
 * @typedef {{ id: string, slug: string, url: string, tags: { name: string, slug: string }[] }} GhostPost
 */

const INTEGRATION_NAME = "Edge News Feed bench";

/**
 * @param {string} ghostUrl e.g. http://127.0.0.1:2368
 * @param {{ email: string, password: string }} admin
 */
export async function ghostAdmin(ghostUrl, admin) {
  const origin = new URL(ghostUrl).origin;
  let cookie = "";

  /**
   * @param {string} method
   * @param {string} pathAndQuery under /ghost/api/admin/
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async function call(method, pathAndQuery, body) {
    const res = await fetch(`${origin}/ghost/api/admin/${pathAndQuery}`, {
      method,
      headers: {
        origin,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("ghost-admin-api-session="));
    if (setCookie) cookie = setCookie.split(";")[0] ?? "";
    const text = await res.text();
    if (!res.ok) throw new Error(`Ghost ${method} ${pathAndQuery}: ${res.status} ${text.slice(0, 500)}`);
    // The session endpoint answers a plain "Created".
    return res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null;
  }

  // A fresh site has no owner yet; setup creates it (and is refused once one exists).
  const setup = await call("GET", "authentication/setup/");
  if (!setup.setup?.[0]?.status) {
    await call("POST", "authentication/setup/", {
      setup: [{ name: "Bench Owner", email: admin.email, password: admin.password, blogTitle: "城市观察报" }],
    });
  }
  await call("POST", "session/", { username: admin.email, password: admin.password });

  return {
    /** The Content API key of the bench's custom integration (created on first use). */
    async contentKey() {
      const listed = await call("GET", "integrations/?include=api_keys&limit=all");
      let integration = listed.integrations.find(
        (/** @type {{ name: string }} */ i) => i.name === INTEGRATION_NAME,
      );
      if (!integration) {
        const created = await call("POST", "integrations/?include=api_keys", {
          integrations: [{ name: INTEGRATION_NAME }],
        });
        integration = created.integrations[0];
      }
      const key = integration.api_keys.find((/** @type {{ type: string }} */ k) => k.type === "content");
      if (!key) throw new Error("Ghost integration has no content key");
      return /** @type {string} */ (key.secret);
    },

    /**
     * Leaves exactly `articles` published under the slugs bench-0…bench-N-1: other posts (Ghost's
     * welcome post) are deleted, missing ones created, present ones kept as they are.
     * @param {BenchArticle[]} articles
     * @param {(text: string) => void} progress
     * @returns {Promise<GhostPost[]>} in the order of `articles`
     */
    async loadArticles(articles, progress) {
      const wanted = new Set(articles.map((_, i) => `bench-${i}`));
      const existing = await call(
        "GET",
        "posts/?limit=all&fields=id,slug&filter=status:[draft,published,scheduled]",
      );
      for (const post of existing.posts) {
        if (!wanted.has(post.slug)) await call("DELETE", `posts/${post.id}/`);
      }
      const present = new Set(existing.posts.map((/** @type {{ slug: string }} */ p) => p.slug));
      for (const [i, article] of articles.entries()) {
        const slug = `bench-${i}`;
        if (present.has(slug)) continue;
        progress(`Ghost: creating ${slug}…`);
        await call("POST", "posts/?source=html", { posts: [toGhostPost(article, slug)] });
      }
      const all = await call("GET", "posts/?limit=all&include=tags&filter=status:published&formats=html");
      /** @type {Map<string, GhostPost>} */
      const bySlug = new Map(all.posts.map((/** @type {GhostPost} */ p) => [p.slug, p]));
      return articles.map((_, i) => {
        const post = bySlug.get(`bench-${i}`);
        if (!post) throw new Error(`Ghost has no published bench-${i}`);
        return post;
      });
    },
  };
}

/**
 * Our article as a Ghost post: the same title, body HTML (subheadings, inline figure), lead image and
 * caption, publication time; tags are our section path then our tags, so Ghost's tag page for the
 * first section name lists what our section page lists.
 * @param {BenchArticle} article
 * @param {string} slug
 */
function toGhostPost(article, slug) {
  const names = [...new Set([...article.section, ...article.tags])];
  return {
    title: article.title,
    slug,
    html: article.body,
    status: "published",
    published_at: new Date(article.publishedAt).toISOString(),
    feature_image: article.image.url,
    feature_image_caption: article.image.caption ?? null,
    tags: names.map((name) => ({ name })),
  };
}
