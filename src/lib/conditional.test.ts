import { afterEach, describe, expect, it, vi } from "vitest";
import { strongEtag } from "./conditional";
import * as hashing from "./short-hash";

afterEach(() => vi.restoreAllMocks());

// The ETag as strongEtag computed it before it kept one per key.
const fresh = (validator: number | string, key: string) =>
  `"${typeof validator === "number" ? validator.toString(36) : validator}-${hashing.shortHash(key)}"`;

describe("strongEtag", () => {
  it("hashes a key once while its validator holds, and answers what a fresh computation would", () => {
    const key = `feed|/memo-${Math.random()}.xml|render`;
    const spy = vi.spyOn(hashing, "shortHash");
    const first = strongEtag(1234, key);
    expect(strongEtag(1234, key)).toBe(first);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(first).toBe(fresh(1234, key));
  });

  it("a changed validator or key gives another ETag", () => {
    const key = `article|${Math.random()}|render`;
    const first = strongEtag(7, key);
    expect(strongEtag(8, key)).toBe(fresh(8, key));
    expect(strongEtag(8, key)).not.toBe(first);
    expect(strongEtag("7", key)).toBe(`"7-${hashing.shortHash(key)}"`);
    expect(strongEtag(7, `${key}x`)).toBe(fresh(7, `${key}x`));
    expect(strongEtag(7, `${key}x`)).not.toBe(first);
    // Back to the first validator: the first ETag again.
    expect(strongEtag(7, key)).toBe(first);
  });
});
