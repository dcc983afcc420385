/**
 * Draws the hour × weekday utilization grid as text: seven lines (Mon–Sun) of 24 two-character shade
 * cells between `│` bars, an hour ruler above and a legend below. Shared by the terminal and markdown reports.
 */
import { formatCredits, formatRatio } from './format-value.js';
import { SHADES, WEEKDAYS, shadeLevel, type UtilizationGrid } from './utilization-grid.js';

/** Width of one hour cell in characters. */
export const CELL_WIDTH = 2;

/** The grid lines, each prefixed by `indent`: ruler, seven weekday lines, legend lines. */
export function textHeatmap(grid: UtilizationGrid, indent = '  '): readonly string[] {
  const ruler = Array.from({ length: 8 }, (_, i) =>
    String(i * 3)
      .padStart(2, '0')
      .padEnd(CELL_WIDTH * 3),
  ).join('');
  const lines = [`${indent}     ${ruler.trimEnd()}   (hour, UTC)`];
  grid.cells.forEach((hours, d) => {
    const cells = hours.map((cell) => (SHADES[shadeLevel(cell.credits, grid.maxCredits)] ?? ' ').repeat(CELL_WIDTH));
    lines.push(`${indent}${WEEKDAYS[d]} │${cells.join('')}│`);
  });
  lines.push(`${indent}legend: ${shadeLegend(grid.maxCredits)}`);
  const idle = grid.idleShare === undefined ? '' : ` · idle share ${formatRatio(grid.idleShare)} of credits`;
  lines.push(`${indent}total ${formatCredits(grid.totalCredits)} credits${idle}`);
  return lines;
}

/** `'  ' none · ░ ≤ 25% · ▒ ≤ 50% · ▓ ≤ 75% · █ > 75% of the busiest hour (12.34 credits)`. */
export function shadeLegend(maxCredits: number): string {
  const steps = SHADES.slice(1).map((shade, i) => `${shade.repeat(CELL_WIDTH)} ${i < 3 ? `≤ ${(i + 1) * 25}%` : '> 75%'}`);
  return `[${' '.repeat(CELL_WIDTH)}] none · ${steps.join(' · ')} of the busiest hour (${formatCredits(maxCredits)} credits)`;
}
