/**
 * Reads a request body chunk by chunk without ever holding more than `limit` bytes, so a caller can
 * look at a prefix (to authenticate) before deciding whether the rest is worth reading at all.
 */
export class BoundedBody {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array> | null;
  private chunks: Uint8Array[] = [];
  private joined: Uint8Array | null = new Uint8Array(0);
  size = 0;
  done: boolean;

  constructor(
    body: ReadableStream<Uint8Array> | null,
    private readonly limit: number,
    private readonly tooLarge: () => Error,
  ) {
    this.reader = body?.getReader() ?? null;
    this.done = this.reader === null;
  }

  /** Reads until at least `size` bytes are held or the body ends; throws tooLarge past the limit. */
  async fill(size: number): Promise<void> {
    while (!this.done && this.size < size) {
      const { done, value } = await (this.reader as ReadableStreamDefaultReader<Uint8Array>).read();
      if (done) {
        this.done = true;
        break;
      }
      this.size += value.byteLength;
      if (this.size > this.limit) {
        await this.cancel();
        throw this.tooLarge();
      }
      this.chunks.push(value);
      this.joined = null;
    }
  }

  async readAll(): Promise<Uint8Array> {
    await this.fill(Number.POSITIVE_INFINITY);
    return this.bytes();
  }

  /** Everything read so far, as one array (joined lazily, once per read). */
  bytes(): Uint8Array {
    if (this.joined) return this.joined;
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.chunks = [out];
    this.joined = out;
    return out;
  }

  /** Stops reading: the rest of the body is never buffered. */
  async cancel(): Promise<void> {
    this.done = true;
    this.size = 0;
    this.chunks = [];
    this.joined = new Uint8Array(0);
    await this.reader?.cancel().catch(() => {});
  }
}
