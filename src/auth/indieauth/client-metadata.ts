import { isFetchAllowed } from "./address-rules";
import { type ClientInfo, parseHApp } from "./h-app";

export const METADATA_MAX_BYTES = 64 * 1024;
export const METADATA_TIMEOUT_MS = 3000;
const MAX_REDIRECTS = 3;

export type { ClientInfo };

export type MetadataFailure =
  | "private-address"
  | "too-large"
  | "timeout"
  | "http-status"
  | "too-many-redirects"
  | "unreadable"
  | "client-id-mismatch";

export type MetadataResult = { ok: true; info: ClientInfo } | { ok: false; reason: MetadataFailure };

type Fetcher = (request: Request) => Promise<Response>;

/**
 * Fetches the client's metadata (JSON document or HTML h-app), bounded: 3 s in all, 64 KiB read,
 * redirects followed by hand (≤ 3), each target re-checked against the address rules.
 */
export async function fetchClientMetadata(
  clientId: URL,
  siteUrl: string,
  fetcher: Fetcher = (r) => fetch(r),
): Promise<MetadataResult> {
  const signal = AbortSignal.timeout(METADATA_TIMEOUT_MS);
  let url = clientId;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!isFetchAllowed(url, siteUrl)) return { ok: false, reason: "private-address" };
      const res = await fetcher(
        new Request(url, {
          redirect: "manual",
          signal,
          headers: { accept: "application/json, text/html;q=0.9", "user-agent": "EdgeNewsFeed-IndieAuth" },
        }),
      );
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return { ok: false, reason: "http-status" };
      }
      const text = await readBounded(res, signal);
      if (text === null) return { ok: false, reason: "too-large" };
      return interpret(res.headers.get("content-type") ?? "", text, url, clientId);
    }
    return { ok: false, reason: "too-many-redirects" };
  } catch (err) {
    return { ok: false, reason: signal.aborted || isAbort(err) ? "timeout" : "unreadable" };
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}

/** Reads at most METADATA_MAX_BYTES; null (and the stream cancelled) past that. */
async function readBounded(res: Response, signal: AbortSignal): Promise<string | null> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > METADATA_MAX_BYTES) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  for (;;) {
    const { done, value } = await Promise.race([reader.read(), aborted]);
    if (done) break;
    size += value.byteLength;
    if (size > METADATA_MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function interpret(contentType: string, text: string, finalUrl: URL, clientId: URL): MetadataResult {
  if (/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) return fromJson(text, clientId);
  if (/^text\/html\b/i.test(contentType)) return { ok: true, info: parseHApp(text, finalUrl) };
  return { ok: false, reason: "unreadable" };
}

function fromJson(text: string, clientId: URL): MetadataResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  if (typeof doc !== "object" || doc === null) return { ok: false, reason: "unreadable" };
  const record = doc as Record<string, unknown>;
  // The document speaks for the URL it was fetched from, or for nobody.
  if (record.client_id !== clientId.href) return { ok: false, reason: "client-id-mismatch" };
  const str = (v: unknown) => (typeof v === "string" && v.length <= 2000 ? v : null);
  const uri = str(record.client_uri);
  const redirects = Array.isArray(record.redirect_uris) ? record.redirect_uris : [];
  return {
    ok: true,
    info: {
      name: str(record.client_name)?.slice(0, 200) ?? null,
      uri: uri && clientId.href.startsWith(uri) ? uri : null,
      logo: str(record.logo_uri),
      redirectUris: redirects.filter((r): r is string => typeof r === "string").slice(0, 50),
    },
  };
}
