// A small client for the editor API, shared by the publish and import-feed commands.
import { createHash } from "node:crypto";
import { type ParseArgsConfig, parseArgs } from "node:util";

export const DEFAULT_BASE_URL = "http://127.0.0.1:8787";
const MAX_RETRY_WAIT_SECONDS = 30;

/** --url / --token, falling back to EDGE_FEED_TOKEN; throws a usage error when no token is given. */
export function connectionFrom(values: { url?: string; token?: string }): ApiClient {
  const token = values.token ?? process.env.EDGE_FEED_TOKEN;
  if (!token) throw new UsageError("no token: pass --token TOKEN or set EDGE_FEED_TOKEN");
  let base: URL;
  try {
    base = new URL(values.url ?? DEFAULT_BASE_URL);
  } catch {
    throw new UsageError(`--url is not a URL: ${values.url}`);
  }
  return new ApiClient(base, token);
}

export class UsageError extends Error {}

/** A failed API answer, with the problem+json body when there was one. */
export interface Problem {
  title?: string;
  detail?: string;
  errors?: { pointer?: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    text: string,
  ) {
    super(problem?.title ?? (text ? text.slice(0, 200) : `HTTP ${status}`));
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

export interface RequestOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  accept?: number[];
}

/** An answer the caller accepted; `data` is the parsed JSON body (null when there was none). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the editor API's JSON, read field by field by the commands.
  data: any;
}

export type FoundArticle =
  // biome-ignore lint/suspicious/noExplicitAny: the editor view, compared field by field.
  { article: any; etag: string | null; gone?: undefined } | { gone: true; detail: string };

export class ApiClient {
  /** The x-d1-bookmark of this run's last write: later requests read at least that state. */
  private bookmark: string | null = null;

  constructor(
    readonly base: URL,
    private readonly token: string,
  ) {}

  /** Sends one request; waits out 429/503 with a short Retry-After (up to 3 tries). */
  async request(
    method: string,
    path: string,
    { json, body, headers = {}, accept = [200, 201, 204] }: RequestOptions = {},
  ): Promise<ApiResponse> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/json, application/problem+json",
        ...(json !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.bookmark ? { "x-d1-bookmark": this.bookmark } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : body,
    };
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(new URL(path, this.base), init);
      } catch (err) {
        const cause = networkCause(err);
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
      this.bookmark = res.headers.get("x-d1-bookmark") ?? this.bookmark;
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
  async findArticle(idOrSlug: string): Promise<FoundArticle | null> {
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

  async uploadImage(bytes: Uint8Array, contentType: string) {
    const res = await this.request("POST", "/api/v1/media", {
      // A copy on its own ArrayBuffer: what fetch accepts under both the Node and the DOM types.
      body: new Uint8Array(bytes),
      headers: { "content-type": contentType },
    });
    return res.data;
  }
}

/** What undici says went wrong under a failed fetch: ECONNREFUSED and the like. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } })?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Stable JSON (sorted keys), so equal values hash and compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The shared command line of publish and import-feed: positionals, --url, --token, --draft, --help.
 * Exits 2 with the usage on bad input; `checkPositionals` returns true or a message.
 * `extraOptions`: a command's own node:util parseArgs options.
 */
export function parseCommandLine<Extra extends NonNullable<ParseArgsConfig["options"]>>(
  usage: string,
  checkPositionals: (positionals: string[]) => true | string,
  extraOptions: Extra = {} as Extra,
) {
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
    } as const);
    if ((args.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    const verdict = checkPositionals(args.positionals);
    if (verdict !== true) throw new UsageError(verdict);
    return { args, api: connectionFrom(args.values) };
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
}
