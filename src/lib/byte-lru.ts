// A least-recently-used map under a byte budget: what every per-isolate cache is built on, so no
// sequence of requests can make an isolate hold more than the sum of the budgets.

/** Map entry, key header and value header, so a flood of tiny entries is bounded too. */
export const ENTRY_OVERHEAD_BYTES = 64;

/** Heap cost of a string: UTF-16 size, an upper bound of what V8 holds for it. */
export const stringBytes = (text: string): number => text.length * 2;

export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; cost: number }>();
  private bytes = 0;

  constructor(
    private budget: number,
    private readonly valueBytes: (value: V) => number,
  ) {}

  /** Bytes held now (keys, values and per-entry overhead). */
  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }

  setBudget(budget: number): void {
    this.budget = budget;
    this.evict();
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const cost = ENTRY_OVERHEAD_BYTES + stringBytes(key) + this.valueBytes(value);
    // One entry larger than a quarter of the budget would flush everything else for itself.
    if (cost > this.budget / 4) return;
    this.entries.set(key, { value, cost });
    this.bytes += cost;
    this.evict();
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.cost;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(key);
      this.bytes -= entry.cost;
    }
  }
}
