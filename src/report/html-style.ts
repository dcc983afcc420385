/**
 * The inline stylesheet of the HTML report: system fonts only, light theme, severity colours, print-friendly.
 * A constant string; the markup lives in `render-html.ts`.
 */

export const HTML_STYLE = `
:root { --critical: #b91c1c; --warning: #b45309; --info: #1d4ed8; --ok: #15803d; --muted: #6b7280; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: #111827; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0; }
h3 { font-size: 14px; margin: 16px 0 8px; color: #374151; text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta b { color: #111827; font-weight: 600; }
.counts { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.count { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.count .n { font-size: 26px; font-weight: 700; display: block; line-height: 1.1; }
.count .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.count.critical { border-left-color: var(--critical); } .count.critical .n { color: var(--critical); }
.count.warning { border-left-color: var(--warning); } .count.warning .n { color: var(--warning); }
.count.info { border-left-color: var(--info); } .count.info .n { color: var(--info); }
.count.failed { border-left-color: #7f1d1d; }
.count.savings { border-left-color: var(--ok); } .count.savings .n { color: var(--ok); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; }
.card-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.card-head .sub { color: var(--muted); font-size: 13px; }
.alert-box { border: 2px solid var(--critical); background: #fef2f2; border-radius: 10px; padding: 14px 18px; margin: 16px 0; }
.alert-box h2 { color: var(--critical); font-size: 16px; margin-bottom: 6px; }
.alert-box ul { margin: 0; padding-left: 20px; }
.alert-box.partial { border-color: var(--warning); background: #fffbeb; } .alert-box.partial h2 { color: var(--warning); }
.error { color: var(--critical); background: #fef2f2; border-radius: 6px; padding: 8px 10px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.grid2 .card { margin: 0; overflow-x: auto; }
@media (max-width: 1000px) { .grid2 { grid-template-columns: 1fr; } }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 11.5px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff; white-space: nowrap; }
.badge.critical { background: var(--critical); } .badge.warning { background: #d97706; } .badge.info { background: var(--info); }
.badge.ok { background: var(--ok); } .badge.failed { background: #7f1d1d; } .badge.partial { background: var(--warning); }
ul.findings { list-style: none; margin: 12px 0 0; padding: 0; }
ul.findings li { display: grid; grid-template-columns: 90px 1fr 90px; gap: 10px; padding: 8px 0; border-top: 1px solid var(--line); align-items: baseline; }
ul.findings .rec { color: #374151; font-size: 13px; margin-top: 2px; }
ul.findings .rec::before { content: "→ "; color: var(--muted); }
ul.findings .labels { color: var(--muted); font-size: 12px; margin-top: 2px; }
.money { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f9fafb; font-weight: 600; color: #374151; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { max-width: 360px; overflow-wrap: break-word; }
td.long { min-width: 240px; max-width: 520px; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: #374151; }
tr.total td { font-weight: 700; border-top: 2px solid #9ca3af; border-bottom: none; }
.table-wrap { overflow-x: auto; margin-top: 12px; }
details summary { cursor: pointer; color: var(--muted); margin-top: 12px; }
.more { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #4b5563; }
svg text.value { fill: #111827; font-weight: 600; }
svg .hm-cell:hover, svg .bar:hover { stroke: #111827; stroke-width: 1.5; }
.heatmap-wrap { overflow-x: auto; margin-top: 10px; }
.note { color: var(--muted); font-size: 13px; }
footer { color: var(--muted); font-size: 12px; margin-top: 28px; text-align: center; }
@media print { body { background: #fff; } .card { break-inside: avoid; } }
`;
