/**
 * How Snowflake spells trigger percentages in SHOW RESOURCE MONITORS and the RESOURCE_MONITORS view.
 * Formatting only.
 */

/** `[75, 90]` → `'75%,90%'`; empty → null. */
export function percentList(values: readonly number[]): string | null {
  return values.length === 0 ? null : values.map((v) => `${v}%`).join(',');
}
