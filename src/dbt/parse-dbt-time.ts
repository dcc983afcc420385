/**
 * Reads a dbt timestamp: `Z` or `+00:00` offsets, 0–9 fractional digits (JS keeps milliseconds), year
 * 0001 (an empty source table), and no zone at all, which means UTC (never the machine's zone).
 */

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The instant, or undefined when `value` is not such a timestamp. */
export function parseDbtTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [, date, time, fraction, zone] = m;
  const seconds = time!.length === 5 ? `${time}:00` : time;
  const millis = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
  const instant = new Date(`${date}T${seconds}.${millis}${offset}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
}
