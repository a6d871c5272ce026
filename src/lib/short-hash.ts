/** FNV-1a (32-bit) as 8 hex digits: a stable, synchronous fingerprint for cache keys, not for security. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
