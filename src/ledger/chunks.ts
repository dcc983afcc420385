/**
 * Splits a list into slices of at most `size` items, so one statement never carries more bind
 * parameters than a dialect allows (SQLite 32766, Postgres 65535).
 */

/** The items of `items` in order, `size` at a time. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
