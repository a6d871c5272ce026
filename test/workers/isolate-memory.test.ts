// Per-isolate caches are bounded by bytes, whatever keys anonymous requests invent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  invalidateFeedValidators,
  memoizedValidator,
  VALIDATOR_MEMO_BYTES,
  validatorMemoBytes,
} from "../../src/db/isolate-cache";
import { ByteLru, ENTRY_OVERHEAD_BYTES } from "../../src/lib/byte-lru";
import { request } from "./support/helpers";

describe("ByteLru", () => {
  it("never holds more than its budget, counting keys, values and per-entry overhead", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 300 }), fc.nat({ max: 500 })), { maxLength: 300 }),
        fc.integer({ min: 0, max: 5000 }),
        (writes, budget) => {
          const lru = new ByteLru<number>(budget, (n) => n);
          for (const [key, valueBytes] of writes) {
            lru.set(key, valueBytes);
            expect(lru.size).toBeLessThanOrEqual(budget);
          }
          const expected = [...new Set(writes.map(([k]) => k))]
            .map((k) => lru.get(k))
            .filter((v) => v !== undefined).length;
          expect(lru.count).toBe(expected);
        },
      ),
    );
  });

  it("bounds a flood of empty entries by count through the per-entry overhead", () => {
    const lru = new ByteLru<string>(100 * ENTRY_OVERHEAD_BYTES, () => 0);
    for (let i = 0; i < 10_000; i++) lru.set(String(i % 10), "");
    for (let i = 0; i < 10_000; i++) lru.set(`k${i}`, "");
    expect(lru.count).toBeLessThan(100);
    expect(lru.get("k9999")).toBe("");
    expect(lru.get("k0")).toBeUndefined();
  });
});

describe("validator memo", () => {
  it("does not remember scopes that do not exist", async () => {
    invalidateFeedValidators();
    let loads = 0;
    const missing = async () => {
      loads++;
      return null;
    };
    for (let i = 0; i < 3; i++)
      expect(await memoizedValidator("tag\u0000nope", 1000, 1000, missing)).toBeNull();
    expect(loads).toBe(3);
    expect(validatorMemoBytes()).toBe(0);
  });

  it("stays within its byte budget for thousands of long, distinct keys", async () => {
    invalidateFeedValidators();
    for (let i = 0; i < 3000; i++) {
      await memoizedValidator(`tag\u0000${i}-${"名".repeat(1500)}`, 1000, 1000, async () => i);
      expect(validatorMemoBytes()).toBeLessThanOrEqual(VALIDATOR_MEMO_BYTES);
    }
    expect(validatorMemoBytes()).toBeGreaterThan(VALIDATOR_MEMO_BYTES / 2);
  });

  it("remembers nothing for unknown feeds requested through the worker", async () => {
    invalidateFeedValidators();
    for (let i = 0; i < 20; i++) {
      const res = await request(`/tag/${i}-${"x".repeat(4000)}/feed.xml`);
      expect(res.status).toBe(404);
    }
    expect(validatorMemoBytes()).toBe(0);
  });
});
