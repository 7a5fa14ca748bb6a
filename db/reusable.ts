/**
 * Statements of the login path built once, then run with new values on the database or in any
 * of its transactions.
 *
 * drizzle builds a statement's SQL text anew on every call: for the login path's statements that
 * costs 0.1–0.35 ms of CPU each, more than PostgreSQL spends running them. Its own `.prepare()`
 * builds once, but binds the result to the connection or transaction it was built on
 * (drizzle-team/drizzle-orm#613). `reusable` keeps what drizzle built (the SQL text, its
 * parameters with `sql.placeholder()`s, and how rows map to objects) and hands it, on each call,
 * to the session of the executor given: the statement runs in that transaction.
 *
 * A placeholder's value is encoded for its column as drizzle encodes a value given directly, a
 * null included: it stays SQL NULL (drizzle's own prepared statements would hand null to the
 * column's encoder, which makes a null jsonb JSON `null` and throws on a null timestamp). A
 * placeholder outside a column's place (a where clause's comparison) takes the driver's value:
 * an ISO string for a timestamp. What drizzle computes in JS while building (`$defaultFn`,
 * `$onUpdate`) would be computed once, so reusable statements leave such columns out (the schema
 * has none).
 */
import { is, Param, Placeholder, sql } from 'drizzle-orm';
import type { Executor } from './index.ts';

type Preparable<R> = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } };

/** A parameter of the built statement: a fixed value, or a placeholder's (encoded for its column when it stands in one's place). */
type Slot = { value: unknown } | { name: string; encode?: (value: unknown) => unknown };

/** What a drizzle prepared statement carries besides its session (public in JS, internal in its types). */
type Built = {
  sql: string;
  slots: Slot[];
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
      const first = build(ex).prepare(name) as unknown as Omit<Built, 'sql' | 'slots'> & { getQuery(): { sql: string; params: unknown[] } };
      const query = first.getQuery();
      built = {
        sql: query.sql, slots: query.params.map(slotOf),
        fields: first.fields, customResultMapper: first.customResultMapper, joinsNotNullableMap: first.joinsNotNullableMap,
      };
    }
    const params = built.slots.map((slot) => {
      if ('value' in slot) return slot.value;
      const value = values[slot.name];
      if (value === undefined) throw new Error(`reusable statement ${name}: no value for ${slot.name}`);
      return value === null || !slot.encode ? value : slot.encode(value);
    });
    const statement = ex._.session.prepareQuery({ sql: built.sql, params }, built.fields as never, name, true, built.customResultMapper as never);
    (statement as unknown as { joinsNotNullableMap: unknown }).joinsNotNullableMap = built.joinsNotNullableMap;
    return statement.execute() as Promise<R>;
  };
}

/**
 * A statement whose shape depends on a small count (rows inserted at once, tokens compared):
 * `build` gets the count and an executor, and each count's statement is built once, when first
 * run. The statement returned takes the count, the executor and the placeholders' values.
 */
export function reusableByCount<R>(name: string, build: (count: number, ex: Executor) => Preparable<R>) {
  const byCount: Array<ReturnType<typeof reusable<R>>> = [];
  return (count: number, ex: Executor, values: Record<string, unknown>): Promise<R> =>
    (byCount[count] ??= reusable(`${name}_${count}`, (e) => build(count, e)))(ex, values);
}

function slotOf(param: unknown): Slot {
  if (is(param, Placeholder)) return { name: param.name };
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder } = param;
    return { name: param.value.name, encode: (value) => encoder.mapToDriverValue(value) };
  }
  return { value: param };
}

/**
 * A placeholder where drizzle's types want a column's value (an update's `set`, an insert's
 * values): filled and encoded as that column's value.
 */
export function columnValue<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}
