// Direct tests of the Idempotency-Key lookups in src/db/idempotency.ts against the real local D1.
import { beforeAll, describe, expect, it } from "vitest";
import { findIdempotencyKey, IDEMPOTENCY_TTL_MS, pruneIdempotencyKeys } from "../../../src/db/idempotency";
import { chineseArticle } from "../../fixtures/articles";
import { db, resetDatabase } from "../support/database";
import { createArticle, mintToken } from "../support/helpers";

/** One create with an Idempotency-Key by one token, and a second token that claimed nothing. */
async function seed() {
  await resetDatabase();
  const token = await mintToken();
  const other = await mintToken();
  const claimedAt = Date.now();
  const body = chineseArticle({ slug: "idem-q" });
  const created = await createArticle(token.secret, body, { "idempotency-key": "k-1" });
  return { tokenId: token.id, otherTokenId: other.id, created, claimedAt };
}

let seeded: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  seeded = await seed();
});

describe("findIdempotencyKey", () => {
  it("finds the claim of this token on this key, pointing at the created article", async () => {
    const claim = await findIdempotencyKey(db(), seeded.tokenId, "k-1", Date.now());
    expect(claim?.articleId).toBe(seeded.created.id);
    expect(claim?.requestHash).toMatch(/\S/);
  });

  it("does not find another token's claim or another key", async () => {
    expect(await findIdempotencyKey(db(), seeded.otherTokenId, "k-1", Date.now())).toBeUndefined();
    expect(await findIdempotencyKey(db(), seeded.tokenId, "k-2", Date.now())).toBeUndefined();
  });

  it("treats a claim as gone once the TTL has passed", async () => {
    const claim = await findIdempotencyKey(db(), seeded.tokenId, "k-1", Date.now());
    if (!claim) throw new Error("claimed in beforeAll");
    expect(
      await findIdempotencyKey(db(), seeded.tokenId, "k-1", claim.createdAt + IDEMPOTENCY_TTL_MS - 1),
    ).toBeDefined();
    expect(
      await findIdempotencyKey(db(), seeded.tokenId, "k-1", claim.createdAt + IDEMPOTENCY_TTL_MS),
    ).toBeUndefined();
  });
});

describe("pruneIdempotencyKeys", () => {
  it("keeps live claims and removes expired ones", async () => {
    expect(await pruneIdempotencyKeys(db(), seeded.claimedAt)).toBe(0);
    expect(await pruneIdempotencyKeys(db(), Date.now() + IDEMPOTENCY_TTL_MS)).toBe(1);
    expect(await findIdempotencyKey(db(), seeded.tokenId, "k-1", Date.now())).toBeUndefined();
  });
});
