// The part of D1's API the backup code uses, met by the Workers binding, Miniflare's proxy and the
// wrangler CLI adapter in ./d1-targets.ts alike.
export interface SqlStatement {
  bind(...values: unknown[]): SqlStatement;
  all<Row = Record<string, unknown>>(): Promise<{ results: Row[] }>;
  first<Row = Record<string, unknown>>(): Promise<Row | null>;
  run(): Promise<unknown>;
}

export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  batch(statements: SqlStatement[]): Promise<{ results: unknown[] }[]>;
}
