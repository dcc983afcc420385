/**
 * The dashboard's charts as server-side SVG (no script, styled by the stylesheet's classes so light and
 * dark both read): a monitor's cycle bar with ticks at 75 / 90 / 100 % and the projection, and a bar per
 * day for the spend trend. Every text goes through `html`, so names are escaped.
 */

import { html, type SafeHtml } from './html.js';

const THRESHOLDS = [75, 90, 100] as const;

/** A horizontal bar of `pct` used, ticks at the thresholds and a dashed marker at `projectedPct`. */
export function monitorBar(label: string, pct: number, projectedPct: number | undefined): SafeHtml {
  const width = 600;
  const scaleMax = Math.max(110, Math.ceil(Math.max(pct, projectedPct ?? 0) / 10) * 10 + 5);
  const x = (p: number) => Math.round((Math.min(p, scaleMax) / scaleMax) * width * 10) / 10;
  const cls = pct >= 100 ? 'bar-crit' : pct >= 90 ? 'bar-warn' : 'bar';
  const title = `${label}: ${pct.toFixed(1)}% used${projectedPct !== undefined ? `, projected ${projectedPct.toFixed(1)}%` : ''}`;
  return html`<svg viewBox="0 0 ${width} 34" role="img" aria-label="${title}">
    <title>${title}</title>
    <rect class="bar-bg" x="0" y="4" width="${width}" height="14" rx="3"></rect>
    <rect class="${cls}" x="0" y="4" width="${x(pct)}" height="14" rx="3"></rect>
    ${projectedPct !== undefined ? html`<rect class="proj" x="0" y="2" width="${x(projectedPct)}" height="18" rx="3"></rect>` : ''}
    ${THRESHOLDS.map((t) => html`<line class="${t === 100 ? 'tick-crit' : 'tick'}" x1="${x(t)}" x2="${x(t)}" y1="0" y2="22"></line><text x="${x(t)}" y="32" text-anchor="middle">${t}%</text>`)}
  </svg>`;
}

/** One bar per day, tallest scaled to the chart; the first and last days labelled. */
export function dailyBars(days: readonly { readonly day: string; readonly credits: number }[], unit: string): SafeHtml {
  if (days.length === 0) return html``;
  const width = 600;
  const height = 120;
  const top = Math.max(...days.map((d) => d.credits), 1e-9);
  const step = width / days.length;
  const first = days[0] as { day: string };
  const last = days[days.length - 1] as { day: string };
  const label = `credits per day, ${first.day} to ${last.day}, highest ${top.toFixed(1)} ${unit}`;
  return html`<svg viewBox="0 0 ${width} ${height + 16}" role="img" aria-label="${label}">
    <title>${label}</title>
    ${days.map((d, i) => {
      const h = Math.max(1, Math.round((d.credits / top) * height));
      return html`<rect class="bar" x="${(i * step + 1).toFixed(1)}" y="${height - h}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h}"
        ><title>${d.day}: ${d.credits.toFixed(2)} ${unit}</title></rect
      >`;
    })}
    <text x="0" y="${height + 13}">${first.day}</text>
    <text x="${width}" y="${height + 13}" text-anchor="end">${last.day}</text>
  </svg>`;
}
