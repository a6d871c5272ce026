// One status line redrawn in place on a terminal; nothing extra when stderr is a pipe or file,
// where each finished item is printed as its own line anyway.
export class Progress {
  private done = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY) && process.env.TERM !== "dumb";
  }

  start(label: string) {
    if (!this.tty) return;
    const width = 24;
    const filled = Math.round((this.done / Math.max(this.total, 1)) * width);
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const columns = this.stream.columns ?? 80;
    this.stream.write(`\r\x1b[K${bar} ${this.done}/${this.total} ${label}`.slice(0, columns + 5));
  }

  /** Prints a finished item's line(s) above the bar. */
  finish(line: string, out: NodeJS.WritableStream = process.stdout) {
    this.done++;
    if (this.tty) this.stream.write("\r\x1b[K");
    out.write(`[${this.done}/${this.total}] ${line}\n`);
  }

  end() {
    if (this.tty) this.stream.write("\r\x1b[K");
  }
}
