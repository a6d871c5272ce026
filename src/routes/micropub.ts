import type { Context } from "hono";
import { cors } from "hono/cors";
import { InsufficientScopeError } from "../auth/insufficient-scope";
import { assertScope, requireToken } from "../auth/middleware";
import { chargeWrites } from "../auth/rate-limit";
import { articleUrl } from "../domain/article-representation";
import type { Mf2Properties } from "../domain/micropub";
import { hasScope } from "../domain/token-scope";
import { type AppEnv, createRouter } from "../env";
import { absoluteUrl } from "../lib/site";
import { type PreparedImage, prepareImage } from "../services/media";
import {
  config,
  createPost,
  deletePost,
  knownCategories,
  type MicropubContext,
  newPostInput,
  sourceOf,
  updatePost,
} from "../services/micropub";
import { invalidRequest, micropubErrorHandler } from "./micropub-errors";
import { readMicropubPost } from "./micropub-request";
import { writeContextFrom } from "./request-write-context";

// Micropub endpoint (w3.org/TR/micropub). Clients find it through the Link header every answer
// here carries; errors are problem+json that also carry Micropub's `error`/`error_description`.

type Ctx = Context<AppEnv>;

export const micropub = createRouter();

// Set before app.route() mounts this router: Hono wraps a sub-app's handlers with its onError then.
micropub.onError(micropubErrorHandler);

micropub.use(
  cors({
    origin: "*",
    allowHeaders: ["Authorization", "Content-Type"],
    allowMethods: ["GET", "POST", "OPTIONS"],
    exposeHeaders: ["Location", "Link"],
    maxAge: 86400,
  }),
);

micropub.use(async (c, next) => {
  await next();
  c.res.headers.append("link", `<${absoluteUrl(c.var.site, "/micropub")}>; rel="micropub"`);
});

// Header only: tokens in query strings are refused app-wide (refuseTokenInQuery).
micropub.get("/", requireToken, async (c) => {
  const { db, site, now, token } = c.var;
  const q = c.req.query("q");
  if (q === "config") return c.json(config(site));
  if (q === "syndicate-to") return c.json({ "syndicate-to": [] });
  if (q === "category") {
    // Tags of public articles only, unless the token may read drafts, scheduled and deleted ones.
    return c.json({ categories: await knownCategories(db, now, hasScope(token, "drafts:read")) });
  }
  if (q === "source") {
    const url = c.req.query("url");
    if (!url) throw invalidRequest("q=source needs a url parameter", "/url");
    if (!hasScope(token, "drafts:read") && !hasScope(token, "articles:write")) {
      const detail = 'Reading a post\'s source needs the "drafts:read" or "articles:write" scope.';
      throw new InsufficientScopeError("drafts:read", detail, { challenge: false });
    }
    const only = [...(c.req.queries("properties[]") ?? []), ...(c.req.queries("properties") ?? [])];
    return c.json(await sourceOf({ db, site, origins: originsOf(c) }, url, only));
  }
  throw invalidRequest("Supported queries: q=config, q=source, q=syndicate-to, q=category", "/q");
});

micropub.post("/", async (c) => {
  const request = await readMicropubPost(c);
  if (request.kind === "json") {
    const body = request.json;
    if (typeof body.action === "string") return action(c, body.action, body);
    const types = Array.isArray(body.type) ? body.type : [];
    if (!types.includes("h-entry"))
      throw invalidRequest('Only "type": ["h-entry"] posts are supported', "/type");
    return create(c, propertiesFrom(body.properties));
  }
  const { form } = request;
  const act = form.get("action");
  if (typeof act === "string") return action(c, act, { url: form.get("url") });
  const h = form.get("h") ?? "entry";
  if (h !== "entry") throw invalidRequest("Only h=entry posts are supported", "/h");
  const { props, uploads } = await formProperties(form);
  return create(c, props, uploads);
});

async function create(c: Ctx, props: Mf2Properties, uploads: PreparedImage[] = []): Promise<Response> {
  const m = micropubContext(c);
  const input = await newPostInput(m, props, uploads);
  // After the mapping, as the REST API checks after its validators: a bad post is 400 for anyone.
  assertScope(c, "articles:write");
  const { article, sanitizerChanges } = await createPost(m, input, uploads);
  const url = articleUrl(c.var.site, article);
  c.header("location", url);
  return c.json({ id: article.id, url, status: article.status, sanitizerChanges }, 201);
}

/** The write context of this request, with the origins its URLs may carry and its media bucket. */
function micropubContext(c: Ctx): MicropubContext {
  return {
    ...writeContextFrom(c),
    origins: originsOf(c),
    media: c.env.MEDIA,
    chargeWrites: (writes) => chargeWrites(c, writes),
  };
}

function originsOf(c: Ctx): string[] {
  return [new URL(c.var.site.url).origin, new URL(c.req.url).origin];
}

async function action(c: Ctx, name: string, body: Record<string, unknown>): Promise<Response> {
  const url = typeof body.url === "string" ? body.url : undefined;
  if (!url) throw invalidRequest(`action=${name} needs the post's url`, "/url");
  if (name === "delete" || name === "undelete") {
    assertScope(c, "articles:write");
    await deletePost(micropubContext(c), url, name === "undelete");
    return c.body(null, 204);
  }
  if (name !== "update") throw invalidRequest("Supported actions: update, delete, undelete", "/action");
  for (const op of ["replace", "add"] as const) {
    if (body[op] !== undefined) propertiesFrom(body[op], `/${op}`);
  }
  const del = body.delete;
  if (del !== undefined && !(Array.isArray(del) && del.every((d) => typeof d === "string"))) {
    propertiesFrom(del, "/delete");
  }
  assertScope(c, "articles:write");
  const { before, after } = await updatePost(micropubContext(c), {
    url,
    replace: body.replace as Mf2Properties | undefined,
    add: body.add as Mf2Properties | undefined,
    delete: del as string[] | Mf2Properties | undefined,
  });
  if (after.slug === before.slug) return c.body(null, 204);
  c.header("location", articleUrl(c.var.site, after));
  return c.body(null, 201);
}

function propertiesFrom(value: unknown, pointer = "/properties"): Mf2Properties {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw invalidRequest("must be an object", pointer);
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values))
      throw invalidRequest("every property value must be an array", `${pointer}/${name}`);
  }
  return value as Mf2Properties;
}

async function formProperties(form: FormData) {
  const props: Mf2Properties = {};
  const uploads: PreparedImage[] = [];
  for (const [rawName, value] of form.entries()) {
    const name = rawName.replace(/\[\]$/, "");
    if (name === "access_token" || name === "h" || name === "action") continue;
    let entry: string;
    if (typeof value === "string") entry = value;
    else {
      const upload = await prepareImage(new Uint8Array(await value.arrayBuffer()));
      uploads.push(upload);
      entry = upload.path;
    }
    props[name] = [...(props[name] ?? []), entry];
  }
  return { props, uploads };
}
