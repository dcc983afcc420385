/**
 * Inline SVG charts for the HTML report: the hour × weekday heatmap (one `<rect>` per cell with a hover
 * title, a colour-scale legend) and a horizontal bar chart. Strings of markup only; no scripts, no fonts.
 */
import { formatCredits, formatRatio } from './format-value.js';
import { escapeHtml as esc } from './html-escape.js';
import type { DayCredits } from './spend-story.js';
import { WEEKDAYS, cellLabel, type UtilizationGrid } from './utilization-grid.js';

/** Colour stops of the heatmap scale, from the quietest hour with credits to the busiest. */
const SCALE: readonly (readonly [number, number, number])[] = [
  [207, 226, 252],
  [125, 178, 250],
  [59, 130, 246],
  [30, 58, 138],
];
const EMPTY_CELL = '#f3f4f6';

/** The fill of a cell whose credits are `share` (0–1] of the busiest cell; grey when nothing was spent. */
export function heatColor(share: number): string {
  if (!(share > 0)) return EMPTY_CELL;
  const t = Math.min(1, share) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(t));
  const from = SCALE[i]!;
  const to = SCALE[i + 1]!;
  const mix = (k: number) => Math.round(from[k]! + (to[k]! - from[k]!) * (t - i));
  return `#${[mix(0), mix(1), mix(2)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The heatmap SVG: 7 rows × 24 cells, each `<rect class="hm-cell">` titled `Mon 14:00 UTC — 12.3 credits, 41 % busy`. */
export function heatmapSvg(grid: UtilizationGrid, idPrefix = ''): string {
  const cell = 32;
  const gap = 3;
  const left = 44;
  const top = 22;
  const width = left + 24 * cell;
  const legendTop = top + 7 * cell + 18;
  const height = legendTop + 16;
  const parts: string[] = [
    `<svg class="heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="credits by hour and weekday">`,
  ];
  for (let h = 0; h < 24; h += 1) {
    parts.push(`<text x="${left + h * cell + (cell - gap) / 2}" y="${top - 8}" class="axis" text-anchor="middle">${String(h).padStart(2, '0')}</text>`);
  }
  grid.cells.forEach((hours, d) => {
    const y = top + d * cell;
    parts.push(`<text x="${left - 8}" y="${y + (cell - gap) / 2 + 4}" class="axis" text-anchor="end">${WEEKDAYS[d]}</text>`);
    for (const c of hours) {
      const busy = c.utilization === undefined ? '' : `, ${formatRatio(c.utilization).replace('%', ' %')} busy`;
      const title = `${cellLabel(c)} — ${formatCredits(c.credits)} credits${busy}`;
      const fill = heatColor(grid.maxCredits > 0 ? c.credits / grid.maxCredits : 0);
      parts.push(
        `<rect class="hm-cell" x="${left + c.hourUtc * cell}" y="${y}" width="${cell - gap}" height="${cell - gap}" rx="3" fill="${fill}"><title>${esc(title)}</title></rect>`,
      );
    }
  });
  const legendWidth = 240;
  parts.push(
    `<defs><linearGradient id="${idPrefix}hm-scale">`,
    ...SCALE.map((_, i) => `<stop offset="${(i / (SCALE.length - 1)) * 100}%" stop-color="${heatColor(Math.max(0.0001, i / (SCALE.length - 1)))}"/>`),
    '</linearGradient></defs>',
    `<rect x="${left}" y="${legendTop}" width="14" height="12" rx="2" fill="${EMPTY_CELL}" stroke="#d1d5db"/>`,
    `<text x="${left + 20}" y="${legendTop + 10}" class="axis">none</text>`,
    `<text x="${left + 70}" y="${legendTop + 10}" class="axis" text-anchor="end">0</text>`,
    `<rect x="${left + 76}" y="${legendTop}" width="${legendWidth}" height="12" rx="2" fill="url(#${idPrefix}hm-scale)"/>`,
    `<text x="${left + 82 + legendWidth}" y="${legendTop + 10}" class="axis">${esc(formatCredits(grid.maxCredits))} credits / hour-slot (busiest)</text>`,
    '</svg>',
  );
  return parts.join('');
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as shown beside the bar. */
  readonly display: string;
}

/**
 * The daily trend: one bar per day, scaled to the width it is given (no text inside, so it stays legible
 * on a phone; the caller writes the figures beside it). Each bar has a hover title.
 */
export function trendSvg(days: readonly DayCredits[]): string {
  const width = 600;
  const height = 90;
  const step = width / Math.max(1, days.length);
  const max = Math.max(0, ...days.map((d) => d.credits));
  const parts = [`<svg class="trend" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="credits billed per day">`];
  days.forEach((d, i) => {
    const h = max > 0 ? Math.max(d.credits > 0 ? 1 : 0, (d.credits / max) * (height - 4)) : 0;
    parts.push(
      `<rect class="day" x="${(i * step + 1).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${d.day}: ${formatCredits(d.credits)} credits`)}</title></rect>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A horizontal bar chart, largest first, at most `limit` bars; `class="bar"` on each bar. */
export function barChartSvg(title: string, bars: readonly Bar[], color: string, limit = 12): string {
  const shown = [...bars]
    .filter((b) => Number.isFinite(b.value))
    .sort((a, b) => b.value - a.value)
    .slice(0, limit);
  const row = 26;
  // Wide enough for the longest label: names tell the bars apart, so none is cut.
  const labelWidth = Math.min(320, Math.max(80, Math.ceil(Math.max(0, ...shown.map((b) => Array.from(b.label).length)) * 6.6) + 12));
  const barArea = 260;
  const width = labelWidth + barArea + 110;
  const height = shown.length * row + 8;
  const max = Math.max(0, ...shown.map((b) => b.value));
  const parts = [`<svg class="bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">`];
  shown.forEach((bar, i) => {
    const y = 4 + i * row;
    const w = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (Math.max(0, bar.value) / max) * barArea) : 0;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 15}" class="axis" text-anchor="end">${esc(bar.label)}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" rx="3" fill="${color}"><title>${esc(`${bar.label}: ${bar.display}`)}</title></rect>`,
      `<text x="${labelWidth + w + 6}" y="${y + 15}" class="value">${esc(bar.display)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
