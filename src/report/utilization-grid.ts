/**
 * Folds `warehouse_utilization` rows (`iso_dow` 1–7, `hour_utc` 0–23, `credits`, `utilization`) into a
 * 7 × 24 grid with its maximum and idle share, and maps a cell to a shade level. Pure; the renderers draw it.
 */
import type { Row } from '../sources/snowflake-client.js';

/** The check whose rows form the heatmap. */
export const UTILIZATION_CHECK = 'warehouse_utilization';

export const WEEKDAYS: readonly string[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface GridCell {
  /** 1 = Monday … 7 = Sunday. */
  readonly isoDow: number;
  readonly hourUtc: number;
  /** Credits metered in this weekday-hour over the window; 0 when no row came. */
  readonly credits: number;
  /** Share (0–1) of those credits attributed to queries, or undefined when unknown. */
  readonly utilization: number | undefined;
}

export interface UtilizationGrid {
  /** Seven rows (Mon–Sun) of 24 cells (00–23 UTC). */
  readonly cells: readonly (readonly GridCell[])[];
  readonly maxCredits: number;
  readonly totalCredits: number;
  /** Share (0–1) of credits not attributed to queries, weighted by credits; undefined without utilization data. */
  readonly idleShare: number | undefined;
}

/** Characters for shade levels 0 (no credits) to 4 (the busiest quarter). */
export const SHADES: readonly string[] = [' ', '░', '▒', '▓', '█'];

/** True for rows that are heatmap cells (they carry `iso_dow` and `hour_utc`); the check may add others. */
export function isGridRow(row: Row): boolean {
  return row['iso_dow'] !== undefined && row['iso_dow'] !== null && row['hour_utc'] !== undefined && row['hour_utc'] !== null;
}

/** The rows of check `name` that form the heatmap: `warehouse_utilization`'s grid rows, none for other checks. */
export function heatmapRows(name: string, rows: readonly Row[]): readonly Row[] {
  return name === UTILIZATION_CHECK ? rows.filter(isGridRow) : [];
}

/** Builds the grid; rows outside 1–7 × 0–23 or without numeric fields are ignored, duplicates summed. */
export function buildUtilizationGrid(rows: readonly Row[]): UtilizationGrid {
  const credits = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const busy = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const known = Array.from({ length: 7 }, () => new Array<boolean>(24).fill(false));
  for (const row of rows) {
    const dow = toNumber(row['iso_dow']);
    const hour = toNumber(row['hour_utc']);
    const spent = toNumber(row['credits']);
    if (dow === undefined || hour === undefined || spent === undefined) continue;
    if (!Number.isInteger(dow) || !Number.isInteger(hour) || dow < 1 || dow > 7 || hour < 0 || hour > 23) continue;
    const d = dow - 1;
    credits[d]![hour]! += spent;
    const utilization = toNumber(row['utilization']);
    if (utilization !== undefined) {
      busy[d]![hour]! += spent * utilization;
      known[d]![hour] = true;
    }
  }
  let maxCredits = 0;
  let totalCredits = 0;
  let knownCredits = 0;
  let busyCredits = 0;
  const cells = credits.map((hours, d) =>
    hours.map((spent, hour): GridCell => {
      maxCredits = Math.max(maxCredits, spent);
      totalCredits += spent;
      const isKnown = known[d]![hour]!;
      if (isKnown) {
        knownCredits += spent;
        busyCredits += busy[d]![hour]!;
      }
      const utilization = isKnown ? (spent > 0 ? busy[d]![hour]! / spent : 0) : undefined;
      return { isoDow: d + 1, hourUtc: hour, credits: spent, utilization };
    }),
  );
  return { cells, maxCredits, totalCredits, idleShare: knownCredits > 0 ? 1 - busyCredits / knownCredits : undefined };
}

/** Shade level 0–4 of a cell's credits against the grid maximum: 0 only when nothing was spent. */
export function shadeLevel(credits: number, maxCredits: number): number {
  if (credits <= 0 || maxCredits <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((credits / maxCredits) * 4)));
}

/** `Mon 14:00 UTC` for a cell. */
export function cellLabel(cell: GridCell): string {
  return `${WEEKDAYS[cell.isoDow - 1] ?? '?'} ${String(cell.hourUtc).padStart(2, '0')}:00 UTC`;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
