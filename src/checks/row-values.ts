/**
 * Reading typed values out of result rows, whatever form the driver gave them: SHOW columns arrive
 * as strings (`'100.00'`, `'75%,90%'`, `'true'`, `'null'`), ACCOUNT_USAGE columns as numbers, booleans
 * or ISO strings. Pure helpers; no check logic.
 */

import type { Row } from '../sources/snowflake-client.js';

/** A finite number, or undefined for NULL, `''`, `'null'` and anything non-numeric. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || text.toLowerCase() === 'null') return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A number with NULL read as 0. */
export function num0(value: unknown): number {
  return num(value) ?? 0;
}

/** A non-empty string, or undefined for NULL, `''` and the SHOW placeholder `'null'`. */
export function str(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  if (text.trim() === '' || text.trim().toLowerCase() === 'null') return undefined;
  return text;
}

/** A boolean from true/false, 'true'/'false', 'Y'/'N', 'YES'/'NO', 1/0; undefined when unknown. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const text = str(value)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (['true', 'y', 'yes', '1', 't'].includes(text)) return true;
  if (['false', 'n', 'no', '0', 'f'].includes(text)) return false;
  return undefined;
}

/** Percentages from a SHOW trigger column: `'75%,88%'` → [75, 88]; `''`/NULL → []. */
export function percentages(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  const text = str(value);
  if (!text) return [];
  return text
    .split(',')
    .map((part) => num(part.replace('%', '')))
    .filter((n): n is number => n !== undefined);
}

/**
 * A timestamp from SHOW (`2001-01-01 00:00:00.000 -0700`), ISO strings, epoch milliseconds or a Date.
 * Strings without an offset are read as UTC.
 */
export function time(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return new Date(value);
  const text = str(value)?.trim();
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (m) {
    const offset = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`) : 'Z';
    const d = new Date(`${m[1]}T${m[2] ?? '00:00:00'}${offset}`);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The rows of statement `index`, or an empty list when the check returned fewer result sets. */
export function resultAt(results: readonly (readonly Row[])[], index: number): readonly Row[] {
  return results[index] ?? [];
}

/** Credits per hour for a warehouse size as Snowflake spells it (`X-Small`...`6X-Large`), Gen1 standard. */
export function creditsPerHour(size: unknown): number | undefined {
  const key = str(size)
    ?.toUpperCase()
    .replace(/[\s_-]/g, '');
  if (!key) return undefined;
  const map: Readonly<Record<string, number>> = {
    XSMALL: 1,
    SMALL: 2,
    MEDIUM: 4,
    LARGE: 8,
    XLARGE: 16,
    '2XLARGE': 32,
    '3XLARGE': 64,
    '4XLARGE': 128,
    '5XLARGE': 256,
    '6XLARGE': 512,
    XXLARGE: 32,
    XXXLARGE: 64,
  };
  return map[key];
}

/** Rounds for display: 2 decimals, or 3 significant digits below 1. */
export function fmt(n: number): string {
  if (Math.abs(n) >= 1 || n === 0) return (Math.round(n * 100) / 100).toString();
  return Number(n.toPrecision(3)).toString();
}
