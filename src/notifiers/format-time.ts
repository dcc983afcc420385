/**
 * How messages show instants and spans: `Mon 23 Nov 09:15 GMT` for a due time, `14:32 UTC` for a time
 * today, `14m` or `2h 5m` for how long something lasted. Display only, through Intl (which Temporal's own
 * toLocaleString calls too); computing due times is the router's job (router/zoned-time.ts).
 */

/**
 * An instant as people read it, `Mon 23 Nov 09:00 GMT`, in the given IANA zone (UTC when none is known):
 * weekday, date, 24-hour time and the zone's short name (`BST`, `CET`, `EST`; `GMT+9` where the zone has
 * no common abbreviation). Not for machine fields: those stay ISO 8601.
 */
export function formatInstant(iso: string, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = partsIn('en-GB', zone, at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')} ${zoneName(part('timeZoneName'), zone, at)}`;
}

/** `14:32 UTC`, `09:05 BST`, `18:30 EST`: hours and minutes in the zone, named as formatInstant names it. */
export function formatClockTime(at: Date, timeZone: string): string {
  const parts = partsIn('en-GB', timeZone, at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')} ${zoneName(part('timeZoneName'), timeZone, at)}`;
}

/** An ISO 8601 instant with its zone (`Z` or an offset), as checks write them into alert texts. */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})(?![\w:])/g;

/**
 * Free text with every ISO instant in it (`since 2026-11-16T01:00:01.225Z`) rewritten as formatInstant
 * reads it in the zone (`since Mon 16 Nov 01:00 UTC`): alert summaries are written once, before any route
 * (and so any zone) is known.
 */
export function readableInstants(text: string, timeZone: string | undefined): string {
  return text.replace(ISO_INSTANT, (iso) => formatInstant(iso, timeZone));
}

/** en-GB names European zones (GMT, BST, CET) but writes `GMT-5` for New York, where en-US says EST. */
function zoneName(british: string, zone: string, at: Date): string {
  if (!/^GMT[+-]/.test(british)) return british;
  const american = partsIn('en-US', zone, at).find((p) => p.type === 'timeZoneName')?.value ?? british;
  return /^GMT[+-]/.test(american) ? british : american;
}

function partsIn(locale: string, zone: string, at: Date): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at);
}

/** A span in the two largest units: `45s`, `14m`, `2h 5m`, `3d 4h`. Negative spans read as `0s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}
