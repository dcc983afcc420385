/**
 * How messages show instants and spans: `Mon 09:15 Europe/London` for a due time, `14m` or `2h 5m` for how
 * long something lasted. Display only; computing due times is the router's job.
 */

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * An instant as `Mon 09:15 Europe/London` in the given IANA zone (UTC when none is known). When it is a
 * week or more away from `reference`, the date is added, `Mon 30 Nov 09:15 UTC`, so the weekday is not ambiguous.
 */
export function formatInstant(iso: string, timeZone: string | undefined, reference?: string): string {
  const zone = timeZone ?? 'UTC';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const withDate = reference !== undefined && Math.abs(at.getTime() - new Date(reference).getTime()) >= WEEK_MS;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: withDate ? 'numeric' : undefined,
    month: withDate ? 'short' : undefined,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = withDate ? ` ${part('day')} ${part('month')}` : '';
  return `${part('weekday')}${day} ${part('hour')}:${part('minute')} ${zone}`;
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
