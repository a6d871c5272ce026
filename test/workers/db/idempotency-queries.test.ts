// Direct tests of the Idempotency-Key lookups in src/db/idempotency.ts against the real local D1.
import { beforeAll, describe, expect, it } from "vitest";
import { findIdempotencyKey, IDEMPOTENCY_TTL_MS, pruneIdempotencyKeys } from "../../../src/db/idempotency";
import { chineseArticle } from "../../fixtures/articles";
import { type ApiArticle, createArticle, db, mintToken, resetDatabase } from "../support/helpers";

let tokenId: string;
let otherTokenId: string;
let created: ApiArticle;
let claimedAt: number;

beforeAll(async () => {
  await resetDatabase();
  const token = await mintToken();
  tokenId = token.id;
  otherTokenId = (await mintToken()).id;
  const before = Date.now();
  created = await createArticle(token.secret, chineseArticle({ slug: "idem-q" }), {
    "idempotency-key": "k-1",
  });
  claimedAt = before;
});

describe("findIdempotencyKey", () => {
  it("finds the claim of this token on this key, pointing at the created article", async () => {
    const claim = await findIdempotencyKey(db(), tokenId, "k-1", Date.now());
    expect(claim?.articleId).toBe(created.id);
    expect(claim?.requestHash).toMatch(/\S/);
  });

  it("does not find another token's claim or another key", async () => {
    expect(await findIdempotencyKey(db(), otherTokenId, "k-1", Date.now())).toBeUndefined();
    expect(await findIdempotencyKey(db(), tokenId, "k-2", Date.now())).toBeUndefined();
  });

  it("treats a claim as gone once the TTL has passed", async () => {
    const claim = await findIdempotencyKey(db(), tokenId, "k-1", Date.now());
    if (!claim) throw new Error("claimed in beforeAll");
    expect(
      await findIdempotencyKey(db(), tokenId, "k-1", claim.createdAt + IDEMPOTENCY_TTL_MS - 1),
    ).toBeDefined();
    expect(
      await findIdempotencyKey(db(), tokenId, "k-1", claim.createdAt + IDEMPOTENCY_TTL_MS),
    ).toBeUndefined();
  });
});

describe("pruneIdempotencyKeys", () => {
  it("keeps live claims and removes expired ones", async () => {
    expect(await pruneIdempotencyKeys(db(), claimedAt)).toBe(0);
    expect(await pruneIdempotencyKeys(db(), Date.now() + IDEMPOTENCY_TTL_MS)).toBe(1);
    expect(await findIdempotencyKey(db(), tokenId, "k-1", Date.now())).toBeUndefined();
  });
});
