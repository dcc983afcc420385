/**
 * Reads an instant given on the command line (`--until`, `--at`): ISO 8601 with a date, a time and an
 * explicit zone (`Z` or `+01:00`), so a time never silently means the machine's zone. Nothing else.
 */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant, or an error message naming the option. */
export function parseInstant(option: string, text: string): Date | string {
  const date = new Date(text);
  if (!ISO_WITH_ZONE.test(text.trim()) || Number.isNaN(date.getTime())) {
    return `${option}: invalid time "${text}" (expected ISO 8601 with a zone, e.g. 2026-11-20T17:45:00Z)`;
  }
  return date;
}
