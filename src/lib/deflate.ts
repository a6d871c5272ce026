// Raw DEFLATE (RFC 1951) through the platform's streams: native in workerd and in Node 20, so the
// worker and the scripts read and write the same bytes without a library in the bundle.

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const writer = stream.writable.getWriter();
  // Typed for views of any buffer; the streams take views of plain ArrayBuffers, which these always are.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const [out] = await Promise.all([collect(stream.readable), written]);
  return out;
}

export function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return transform(bytes, new CompressionStream("deflate-raw"));
}

/** Throws on bytes that are not a complete raw DEFLATE stream of UTF-8. */
export async function inflateRawText(bytes: Uint8Array): Promise<string> {
  // ignoreBOM keeps a leading U+FEFF: the text comes back exactly as it went in.
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
    await transform(bytes, new DecompressionStream("deflate-raw")),
  );
}
