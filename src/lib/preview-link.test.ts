import { describe, expect, it } from "vitest";
import { signPreview, verifyPreview } from "./preview-link";

const SECRET = "test-secret-for-preview-links";
const CLAIM = { articleId: 7, version: 3, expiresAt: 2_000_000_000 };
const NOW = 1_900_000_000_000;

describe("preview link signatures", () => {
  it("verify the signature they were signed with", async () => {
    const signature = await signPreview(SECRET, CLAIM);
    expect(await verifyPreview(SECRET, CLAIM, signature, NOW)).toBe(true);
  });

  it("refuse a spelling that differs only in the last character's unused bits", async () => {
    const signature = await signPreview(SECRET, CLAIM);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(signature.at(-1) ?? "");
    // Same 4 data bits, other padding bits: decodes to the same 32 bytes.
    const sibling = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(sibling).not.toBe(signature);
    expect(await verifyPreview(SECRET, CLAIM, sibling, NOW)).toBe(false);
  });
});
