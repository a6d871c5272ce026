// Reads an image's real type and pixel size from its first bytes; the Content-Type a client sends is not trusted.

export const IMAGE_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

export interface ImageInfo {
  type: ImageType;
  extension: (typeof IMAGE_TYPES)[ImageType];
  width?: number;
  height?: number;
}

export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const type = detectType(bytes);
  if (!type) return null;
  const size = SIZE_READERS[type](bytes);
  return { type, extension: IMAGE_TYPES[type], ...(size && size.width > 0 && size.height > 0 ? size : {}) };
}

function detectType(b: Uint8Array): ImageType | null {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (ascii(b, 0, 8) === "\x89PNG\r\n\x1a\n") return "image/png";
  if (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a") return "image/gif";
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "image/webp";
  if (ascii(b, 4, 4) === "ftyp" && isAvifBrand(b)) return "image/avif";
  return null;
}

function isAvifBrand(b: Uint8Array): boolean {
  const boxSize = u32be(b, 0);
  const end = Math.min(boxSize, b.length, 64);
  for (let i = 8; i + 4 <= end; i += 4) {
    if (i === 12) continue; // minor_version, not a brand
    const brand = ascii(b, i, 4);
    if (brand === "avif" || brand === "avis") return true;
  }
  return false;
}

type Size = { width: number; height: number } | null;

const SIZE_READERS: Record<ImageType, (b: Uint8Array) => Size> = {
  "image/png": (b) => (ascii(b, 12, 4) === "IHDR" ? { width: u32be(b, 16), height: u32be(b, 20) } : null),
  "image/gif": (b) => (b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null),
  "image/jpeg": jpegSize,
  "image/webp": webpSize,
  "image/avif": avifSize,
};

function jpegSize(b: Uint8Array): Size {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): Size {
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 " && b.length >= 30) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === "VP8L" && b.length >= 25 && b[20] === 0x2f) {
    const bits = ((b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X" && b.length >= 30) {
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/** The largest `ispe` (image spatial extent) under meta/iprp/ipco: the primary image, not a thumbnail. */
function avifSize(b: Uint8Array): Size {
  let best: Size = null;
  const walk = (start: number, end: number, path: string) => {
    let i = start;
    while (i + 8 <= end) {
      let size = u32be(b, i);
      const kind = ascii(b, i + 4, 4);
      let header = 8;
      if (size === 1) {
        size = Number((BigInt(u32be(b, i + 8)) << 32n) | BigInt(u32be(b, i + 12)));
        header = 16;
      } else if (size === 0) size = end - i;
      if (size < header || i + size > end) return;
      if (kind === "meta" && path === "") walk(i + header + 4, i + size, "meta");
      else if (kind === "iprp" && path === "meta") walk(i + header, i + size, "iprp");
      else if (kind === "ipco" && path === "iprp") walk(i + header, i + size, "ipco");
      else if (kind === "ispe" && path === "ipco" && size >= 20) {
        const width = u32be(b, i + 12);
        const height = u32be(b, i + 16);
        if (!best || width * height > best.width * best.height) best = { width, height };
      }
      i += size;
    }
  };
  walk(0, b.length, "");
  return best;
}

function ascii(b: Uint8Array, start: number, length: number): string {
  let out = "";
  for (let i = start; i < start + length && i < b.length; i++) out += String.fromCharCode(b[i] ?? 0);
  return out;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) =>
  (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
