/**
 * Turns row and finding values into short display strings: credits, dollars, bytes, percentages,
 * timestamps, arrays and objects. Plain text only; escaping for markdown or HTML is the renderer's job.
 */

/** How a column's values read; decided from the column name (see `columnKind`). */
export type ValueKind = 'credits' | 'usd' | 'bytes' | 'gb' | 'tb' | 'percent' | 'ratio' | 'seconds' | 'count' | 'text';

const CREDIT_FORMAT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const GENERAL_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Credits with two decimals and thousands separators, `1,234.50`; two significant digits below 0.01, `0.0042`. */
export function formatCredits(credits: number): string {
  if (credits !== 0 && Math.abs(credits) < 0.01) return String(Number(credits.toPrecision(2)));
  return CREDIT_FORMAT.format(credits);
}

/** Dollars: whole dollars from $100 up (`$1,234`), cents below (`$12.30`), a minus sign before the `$`. */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  return abs >= 100 ? `${sign}$${WHOLE_FORMAT.format(abs)}` : `${sign}$${abs.toFixed(2)}`;
}

/** Bytes in 1024-based units as Snowflake counts them: `512 B`, `1.5 KB`, `3.2 TB`. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(value >= 100 ? 0 : 1);
  return `${bytes < 0 ? '-' : ''}${text} ${BYTE_UNITS[unit]}`;
}

/** A share (0–1) as a whole percentage, `41%`; one decimal below 1 %, `0.5%`. */
export function formatRatio(ratio: number): string {
  const pct = ratio * 100;
  return `${pct !== 0 && Math.abs(pct) < 1 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** An ISO timestamp shortened to minutes: `2026-11-22 14:03Z`; other strings unchanged. */
export function formatTimestamp(text: string): string {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return text;
  const zone = match[3] === undefined ? '' : match[3] === 'Z' || /^[+-]00:?00$/.test(match[3]) ? 'Z' : ` ${match[3]}`;
  return `${match[1]} ${match[2]}${zone}`;
}

/** True for strings that look like ISO-8601 timestamps (what sources produce for timestamp columns). */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value);
}

/** Decides how a column reads from its lower-case name, e.g. `compute_credits` → credits, `total_gb` → gb. */
export function columnKind(column: string): ValueKind {
  const name = column.toLowerCase();
  if (name === 'usd' || name.endsWith('_usd') || name.startsWith('usd_')) return 'usd';
  if (name.includes('credit')) return 'credits';
  if (name.includes('bytes')) return 'bytes';
  if (/(^|_)gb($|_)/.test(name)) return 'gb';
  if (/(^|_)tb($|_)/.test(name)) return 'tb';
  if (name.endsWith('_pct') || name.endsWith('_percent')) return 'percent';
  if (name.includes('ratio') || name === 'utilization' || name === 'share' || name.endsWith('_share')) return 'ratio';
  if (name.endsWith('_s') || name.endsWith('_seconds')) return 'seconds';
  if (['runs', 'resumes', 'logins', 'count', 'min_hops'].includes(name) || name.startsWith('partitions_')) return 'count';
  return 'text';
}

/** A number formatted for its kind; `text` kind numbers get up to two decimals. */
export function formatNumber(value: number, kind: ValueKind): string {
  if (!Number.isFinite(value)) return String(value);
  switch (kind) {
    case 'credits':
      return formatCredits(value);
    case 'usd':
      return formatUsd(value);
    case 'bytes':
      return formatBytes(value);
    case 'gb':
      return formatBytes(value * 1024 ** 3);
    case 'tb':
      return formatBytes(value * 1024 ** 4);
    case 'percent':
      return `${GENERAL_FORMAT.format(value)}%`;
    case 'ratio':
      return formatRatio(value);
    case 'seconds':
      return formatSeconds(value);
    case 'count':
      return WHOLE_FORMAT.format(value);
    case 'text':
      return GENERAL_FORMAT.format(value);
  }
}

/** Seconds as `42s`, `12m 05s`, `3h 20m`. */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${GENERAL_FORMAT.format(seconds < 10 ? Math.round(seconds * 10) / 10 : s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${WHOLE_FORMAT.format(Math.floor(s / 3600))}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A check's duration in milliseconds as `83 ms`, `1.2 s`, `12 s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 999.5) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  return formatSeconds(seconds);
}

/**
 * Any row value as one line of text: numbers by the column's kind, null as `—`, booleans as
 * `yes`/`no`, timestamps shortened, arrays joined with `, `, objects as compact JSON, newlines flattened.
 */
export function formatValue(value: unknown, kind: ValueKind = 'text'): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value, kind);
  if (typeof value === 'bigint') return formatNumber(Number(value), kind);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    if (kind !== 'text' && isNumericString(value)) return formatNumber(Number(value), kind);
    return oneLine(isTimestamp(value) ? formatTimestamp(value) : value);
  }
  if (value instanceof Date) return formatTimestamp(value.toISOString());
  if (Array.isArray(value)) return value.map((item) => formatValue(item, kind)).join(', ');
  return oneLine(safeJson(value));
}

/** True when a value displays as a number (right-aligned in tables); numeric strings count in non-text columns. */
export function isNumeric(value: unknown, kind: ValueKind = 'text'): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return kind !== 'text' && typeof value === 'string' && isNumericString(value);
}

/** True for strings such as `1000.00` that SHOW commands return for numeric columns. */
export function isNumericString(text: string): boolean {
  return /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(text);
}

/** Collapses newlines, tabs and runs of whitespace into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shortens text to `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
