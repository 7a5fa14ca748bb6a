/**
 * Statements of the login path built once, then run with new values on the database or in any
 * of its transactions.
 *
 * drizzle builds a statement's SQL text anew on every call: for the login path's statements that
 * costs 0.1–0.35 ms of CPU each, more than PostgreSQL spends running them. Its own `.prepare()`
 * builds once, but binds the result to the connection or transaction it was built on
 * (drizzle-team/drizzle-orm#613). `reusable` keeps what drizzle built (the SQL text, its
 * parameters with `sql.placeholder()`s, and how rows map to objects) and hands it, on each call,
 * to the session of the executor given: the statement runs in that transaction, and its
 * placeholders are filled (and encoded for their columns) as drizzle's own prepared statements are.
 *
 * Two things differ from a statement built on each call, and are refused or avoided here: a
 * placeholder's value goes through its column's encoder even when null (a null timestamp would
 * throw, a null jsonb become JSON `null`), so values are never null; and what drizzle computes in
 * JS while building (`$defaultFn`, `$onUpdate`) would be computed once, so reusable statements
 * leave such columns out (the schema has none).
 */
import type { Executor } from './index.ts';

type Preparable<R> = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } };

/** What a drizzle prepared statement carries besides its session (public in JS, internal in its types). */
type Built = {
  query: { sql: string; params: unknown[] };
  fields: unknown;
  customResultMapper: unknown;
  joinsNotNullableMap: unknown;
};

/**
 * `build` gets an executor and returns a drizzle query with `sql.placeholder(name)` where values
 * go; it runs once. The statement returned takes the executor and the placeholders' values.
 */
export function reusable<R>(name: string, build: (ex: Executor) => Preparable<R>) {
  let built: Built | undefined;
  return async (ex: Executor, values: Record<string, unknown>): Promise<R> => {
    if (!built) {
      const first = build(ex).prepare(name) as unknown as Omit<Built, 'query'> & { getQuery(): Built['query'] };
      built = { query: first.getQuery(), fields: first.fields, customResultMapper: first.customResultMapper, joinsNotNullableMap: first.joinsNotNullableMap };
    }
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined) throw new Error(`reusable statement ${name}: no value for ${key}`);
    }
    const statement = ex._.session.prepareQuery(built.query, built.fields as never, name, true, built.customResultMapper as never);
    (statement as unknown as { joinsNotNullableMap: unknown }).joinsNotNullableMap = built.joinsNotNullableMap;
    return statement.execute(values) as Promise<R>;
  };
}
