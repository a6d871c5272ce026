// workerd implements node:zlib under nodejs_compat (wrangler.toml); the Worker's type packages do
// not declare it. Only what src/lib/deflate.ts uses.
declare module "node:zlib" {
  export function deflateRawSync(data: Uint8Array): Uint8Array;
  export function inflateRawSync(data: Uint8Array): Uint8Array;
}
