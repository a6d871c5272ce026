// Bench instrumentation: sums D1's meta.rows_read over one request, so `npm run bench` can report
// rows read per route. Only wired in when BENCH_REPORT_D1_ROWS is "1"; production never pays for it.

export const ROWS_READ_HEADER = "x-d1-rows-read";

interface Counter {
  rowsRead: number;
}

type Queryable = Pick<D1Database, "prepare" | "batch">;

const unwrapped = new WeakMap<object, D1PreparedStatement>();

function countedStatement(real: D1PreparedStatement, counter: Counter): D1PreparedStatement {
  const add = <T extends D1Result>(result: T): T => {
    counter.rowsRead += result.meta?.rows_read ?? 0;
    return result;
  };
  const statement: D1PreparedStatement = {
    bind: (...values: unknown[]) => countedStatement(real.bind(...values), counter),
    all: async <T>() => add(await real.all<T>()),
    run: async <T>() => add(await real.run<T>()),
    // first() and raw() drop D1's meta, so the count comes from the same statement run through all();
    // the second execution is why throughput must never be measured with the counter on.
    first: (async (column?: string) => {
      const row = add(await real.all<Record<string, unknown>>()).results[0] ?? null;
      return column === undefined || row === null ? row : (row[column] ?? null);
    }) as D1PreparedStatement["first"],
    raw: (async (options?: { columnNames?: boolean }) => {
      add(await real.all());
      return options?.columnNames ? real.raw({ columnNames: true }) : real.raw();
    }) as D1PreparedStatement["raw"],
  };
  unwrapped.set(statement, real);
  return statement;
}

function countedQueryable<D extends Queryable>(real: D, counter: Counter): D {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => countedStatement(target.prepare(sql), counter);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements.map((s) => unwrapped.get(s) ?? s));
          for (const result of results) counter.rowsRead += result.meta?.rows_read ?? 0;
          return results;
        };
      }
      if (prop === "withSession") {
        return (constraint?: string) =>
          countedQueryable((target as unknown as D1Database).withSession(constraint), counter);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The binding with every statement's rows read added to `rowsRead()` (sessions taken from it too). */
export function countRowsRead(d1: D1Database): { d1: D1Database; rowsRead: () => number } {
  const counter: Counter = { rowsRead: 0 };
  return { d1: countedQueryable(d1, counter), rowsRead: () => counter.rowsRead };
}

/** The response with the count in ROWS_READ_HEADER (copied first when its headers are immutable). */
export function withRowsReadHeader(response: Response, rowsRead: number): Response {
  const copy = new Response(response.body, response);
  copy.headers.set(ROWS_READ_HEADER, String(rowsRead));
  return copy;
}
