import type { Context } from "hono";
import { cors } from "hono/cors";
import { requireToken } from "../auth/middleware";
import { articleUrl } from "../domain/article-view";
import type { Mf2Properties } from "../domain/micropub";
import { type AppEnv, createRouter } from "../env";
import { absoluteUrl } from "../lib/site";
import type { CreateResult } from "../services/article-service";
import { type PreparedImage, prepareImage } from "../services/media";
import { config, createPost, deletePost, knownCategories, sourceOf, updatePost } from "../services/micropub";
import { guarded, invalidRequest } from "../services/micropub-errors";
import { readMicropubPost } from "./micropub-request";

// Micropub endpoint (w3.org/TR/micropub). Clients find it through the Link header every answer
// here carries; errors are problem+json that also carry Micropub's `error`/`error_description`.

type Ctx = Context<AppEnv>;

export const micropub = createRouter();

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

micropub.get("/", async (c) =>
  guarded(c, async () => {
    // Header only: tokens in query strings are refused app-wide (refuseTokenInQuery).
    await requireToken(c, async () => {});
    const q = c.req.query("q");
    if (q === "config") return c.json(config(c));
    if (q === "syndicate-to") return c.json({ "syndicate-to": [] });
    if (q === "category") return c.json({ categories: await knownCategories(c) });
    if (q === "source") {
      const url = c.req.query("url");
      if (!url) throw invalidRequest("q=source needs a url parameter", "/url");
      const only = [...(c.req.queries("properties[]") ?? []), ...(c.req.queries("properties") ?? [])];
      return c.json(await sourceOf(c, url, only));
    }
    throw invalidRequest("Supported queries: q=config, q=source, q=syndicate-to, q=category", "/q");
  }),
);

micropub.post("/", async (c) => guarded(c, async () => handlePost(c)));

async function handlePost(c: Ctx): Promise<Response> {
  const request = await readMicropubPost(c);
  if (request.kind === "json") {
    const body = request.json;
    if (typeof body.action === "string") return action(c, body.action, body);
    const types = Array.isArray(body.type) ? body.type : [];
    if (!types.includes("h-entry"))
      throw invalidRequest('Only "type": ["h-entry"] posts are supported', "/type");
    return created(c, await createPost(c, propertiesFrom(body.properties)));
  }
  const { form } = request;
  const act = form.get("action");
  if (typeof act === "string") return action(c, act, { url: form.get("url") });
  const h = form.get("h") ?? "entry";
  if (h !== "entry") throw invalidRequest("Only h=entry posts are supported", "/h");
  const { props, uploads } = await formProperties(form);
  return created(c, await createPost(c, props, uploads));
}

async function action(c: Ctx, name: string, body: Record<string, unknown>): Promise<Response> {
  const url = typeof body.url === "string" ? body.url : undefined;
  if (!url) throw invalidRequest(`action=${name} needs the post's url`, "/url");
  if (name === "delete" || name === "undelete") {
    await deletePost(c, url, name === "undelete");
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
  const { before, after } = await updatePost(c, {
    url,
    replace: body.replace as Mf2Properties | undefined,
    add: body.add as Mf2Properties | undefined,
    delete: del as string[] | Mf2Properties | undefined,
  });
  if (after.slug === before.slug) return c.body(null, 204);
  c.header("location", articleUrl(c.var.site, after));
  return c.body(null, 201);
}

function created(c: Ctx, { article, sanitizerChanges }: CreateResult) {
  const url = articleUrl(c.var.site, article);
  c.header("location", url);
  return c.json({ id: article.id, url, status: article.status, sanitizerChanges }, 201);
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
