// The CLI's API client hands each write's D1 bookmark back on its next request (read-your-writes
// within one `npm run publish` run, whichever replica answers).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ApiClient } from "../../scripts/lib/api-client";

const BOOKMARK = "00000000-00000007-00000000-0123456789abcdef0123456789abcdef";
const seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (req.method === "POST") headers["x-d1-bookmark"] = BOOKMARK;
  res.writeHead(req.method === "POST" ? 201 : 200, headers).end("{}");
});

beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("sends the bookmark of its last write with every later request of the run", async () => {
  const { port } = server.address() as AddressInfo;
  const client = new ApiClient(new URL(`http://127.0.0.1:${port}/`), "enf_test");
  await client.request("GET", "/api/v1/articles/a");
  await client.request("POST", "/api/v1/articles", { json: {} });
  await client.request("GET", "/api/v1/articles/a");
  await client.request("GET", "/api/v1/articles/b");
  expect(seen.map((h) => h["x-d1-bookmark"] ?? null)).toEqual([null, null, BOOKMARK, BOOKMARK]);
});
