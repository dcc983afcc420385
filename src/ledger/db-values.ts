/**
 * How values are stored, the same on SQLite and Postgres: instants as ISO-8601 UTC text (fixed width,
 * so text order is time order), JSON as text. Conversions only; no queries here.
 */

/** An instant as stored: `2026-11-22T10:00:00.000Z`. */
export function toDbTime(date: Date): string {
  return date.toISOString();
}

/** A stored instant back to a Date. */
export function fromDbTime(text: string): Date {
  return new Date(text);
}

/** A nullable stored instant back to a Date or undefined. */
export function fromDbTimeOrUndefined(text: string | null): Date | undefined {
  return text === null ? undefined : new Date(text);
}

/** A value as JSON text. */
export function toDbJson(value: unknown): string {
  return JSON.stringify(value);
}

/** JSON text back to a value of the type the column holds. */
export function fromDbJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
