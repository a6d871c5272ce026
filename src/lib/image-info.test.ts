import { describe, expect, it } from "vitest";
import { avif, gif, jpeg, png, webpLossless, webpLossy, webpVp8x } from "../../test/fixtures/images";
import { sniffImage } from "./image-info";

describe("sniffImage", () => {
  it.each([
    ["png", png(1200, 800), "image/png", 1200, 800],
    ["jpeg (progressive SOF2 after APP0 and DQT)", jpeg(640, 480), "image/jpeg", 640, 480],
    ["gif", gif(320, 200), "image/gif", 320, 200],
    ["webp VP8X", webpVp8x(4000, 3000), "image/webp", 4000, 3000],
    ["webp lossless", webpLossless(300, 150), "image/webp", 300, 150],
    ["webp lossy", webpLossy(800, 600), "image/webp", 800, 600],
    ["avif (the largest ispe, not the thumbnail's)", avif(1920, 1080), "image/avif", 1920, 1080],
  ])("reads type and size of %s", (_name, bytes, type, width, height) => {
    expect(sniffImage(bytes)).toMatchObject({ type, width, height });
  });

  it("refuses what is not one of the five types, whatever it claims", () => {
    const enc = new TextEncoder();
    expect(sniffImage(enc.encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(enc.encode("GIF8"))).toBeNull();
    expect(sniffImage(Uint8Array.from([0x42, 0x4d, 0, 0]))).toBeNull(); // BMP
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });

  it("keeps the type but omits a size it cannot read from a truncated header", () => {
    const info = sniffImage(jpeg(640, 480).slice(0, 12));
    expect(info?.type).toBe("image/jpeg");
    expect(info?.width).toBeUndefined();
  });
});
