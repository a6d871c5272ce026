// A small client for the editor API, shared by the publish and import-feed commands.
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";

export const DEFAULT_BASE_URL = "http://127.0.0.1:8787";
const MAX_RETRY_WAIT_SECONDS = 30;

/** --url / --token, falling back to EDGE_FEED_TOKEN; throws a usage error when no token is given. */
export function connectionFrom(values) {
  const token = values.token ?? process.env.EDGE_FEED_TOKEN;
  if (!token) throw new UsageError("no token: pass --token TOKEN or set EDGE_FEED_TOKEN");
  let base;
  try {
    base = new URL(values.url ?? DEFAULT_BASE_URL);
  } catch {
    throw new UsageError(`--url is not a URL: ${values.url}`);
  }
  return new ApiClient(base, token);
}

export class UsageError extends Error {}

/** A failed API answer, with the problem+json body when there was one. */
export class ApiError extends Error {
  constructor(status, problem, text) {
    super(problem?.title ?? (text ? text.slice(0, 200) : `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
  }

  /** "HTTP 422 The request body failed validation" plus one line per failing field. */
  describe() {
    const lines = [`HTTP ${this.status} ${this.message}`];
    const errors = this.problem?.errors ?? [];
    if (this.problem?.detail && errors.length === 0) lines.push(`  ${this.problem.detail}`);
    for (const e of errors) lines.push(`  ${e.pointer || "/"}: ${e.detail}`);
    return lines.join("\n");
  }
}

export class ApiClient {
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }

  /** Sends one request; waits out 429/503 with a short Retry-After (up to 3 tries). */
  async request(method, path, { json, body, headers = {}, accept = [200, 201, 204] } = {}) {
    const init = {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/json, application/problem+json",
        ...(json !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : body,
    };
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await fetch(new URL(path, this.base), init);
      } catch (err) {
        const cause = err?.cause?.code ?? err?.cause?.errors?.[0]?.code ?? err?.cause?.message ?? err.message;
        throw new Error(`cannot reach ${this.base.origin} (${cause}): is the worker running? (npm start)`);
      }
      const wait = Number(res.headers.get("retry-after"));
      if (
        (res.status === 429 || res.status === 503) &&
        attempt < 3 &&
        wait >= 0 &&
        wait <= MAX_RETRY_WAIT_SECONDS
      ) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 1) * 1000));
        continue;
      }
      const text = await res.text();
      const data = parseJson(text);
      if (!accept.includes(res.status)) {
        const isProblem =
          (res.headers.get("content-type") ?? "").includes("json") && data && typeof data === "object";
        throw new ApiError(res.status, isProblem ? data : null, text);
      }
      return { status: res.status, headers: res.headers, data };
    }
  }

  /**
   * The article by slug or id: `{ article, etag }` (the editor view, deleted ones too, with
   * drafts:read), `{ gone: true, detail }` for the 410 a deleted article answers a token without
   * drafts:read, or null when there is none (404).
   */
  async findArticle(idOrSlug) {
    try {
      const res = await this.request("GET", `/api/v1/articles/${encodeURIComponent(idOrSlug)}`);
      return { article: res.data, etag: res.headers.get("etag") };
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) {
        return { gone: true, detail: err.problem?.detail ?? "The article was deleted." };
      }
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }

  async uploadImage(bytes, contentType) {
    const res = await this.request("POST", "/api/v1/media", {
      body: bytes,
      headers: { "content-type": contentType },
    });
    return res.data;
  }
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Stable JSON (sorted keys), so equal values hash and compare equal. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sha256(value) {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The shared command line of publish and import-feed: positionals, --url, --token, --draft, --help.
 * Exits 2 with the usage on bad input; `checkPositionals` returns true or a message.
 * `extraOptions`: a command's own node:util parseArgs options.
 */
export function parseCommandLine(usage, checkPositionals, extraOptions = {}) {
  try {
    const args = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        draft: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        ...extraOptions,
      },
    });
    if (args.values.help) {
      console.log(usage);
      process.exit(0);
    }
    const verdict = checkPositionals(args.positionals);
    if (verdict !== true) throw new UsageError(verdict);
    return { args, api: connectionFrom(args.values) };
  } catch (err) {
    console.error(`${err.message}\n${usage}`);
    process.exit(2);
  }
}
