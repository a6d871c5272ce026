import { sha256Hex } from "./sha256";

/** Key-order-independent JSON, so the same logical body hashes the same however it was serialized. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function canonicalJsonHash(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
