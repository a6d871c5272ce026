// Which hosts the server may fetch client metadata from. Only literal addresses and names can be
// checked here: Workers expose no DNS lookup, so a public name resolving to a private address is
// left to the platform (Cloudflare's edge cannot reach private networks anyway).

const LOOPBACK_NAMES = /^(localhost|.*\.localhost)$/i;

export function isLoopbackHost(hostname: string): boolean {
  const host = stripBrackets(hostname);
  if (LOOPBACK_NAMES.test(host) || host === "::1") return true;
  const v4 = ipv4(host);
  return v4 !== null && v4[0] === 127;
}

/** 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 0/8, 100.64/10, ::1, ::, fc00::/7, fe80::/10, localhost. */
export function isPrivateHost(hostname: string): boolean {
  const host = stripBrackets(hostname).toLowerCase();
  if (isLoopbackHost(host)) return true;
  const v4 = ipv4(host);
  if (v4) return isPrivateV4(v4);
  if (!host.includes(":")) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) return isPrivateV4(ipv4(mapped[1]) ?? [0]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hexMapped)
    return isPrivateV4([
      Number.parseInt(hexMapped[1] ?? "0", 16) >> 8,
      Number.parseInt(hexMapped[1] ?? "0", 16) & 255,
    ]);
  const first = Number.parseInt(host.startsWith("::") ? "0" : (host.split(":")[0] ?? "0"), 16);
  return host === "::" || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

function isPrivateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** URL() has already normalised decimal/hex/short forms (http://2130706433/ → 127.0.0.1). */
function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m ? m.slice(1).map(Number) : null;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * May the server fetch `url`? http(s) only, default or explicit port, no private or reserved
 * address — except loopback when the site itself runs on loopback (local development and tests).
 */
export function isFetchAllowed(url: URL, siteUrl: string): boolean {
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (url.username || url.password) return false;
  if (!isPrivateHost(url.hostname)) return true;
  return isLoopbackHost(new URL(siteUrl).hostname) && isLoopbackHost(url.hostname);
}
