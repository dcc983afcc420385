/**
 * Parses config durations such as `500ms`, `30s`, `5m`, `1h`, `1d` or `1m30s` into milliseconds. Returns
 * undefined for anything else (including bare numbers, whose unit would be a guess); the caller reports.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit as string] ?? NaN);
  return Number.isFinite(total) ? Math.round(total) : undefined;
}
