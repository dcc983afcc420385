/**
 * The inline stylesheet of the HTML report: system fonts only, light and dark (prefers-color-scheme),
 * severity colours, fluid from a 390 px phone to a wide screen, print-friendly. A constant string; the
 * markup lives in `render-html.ts`.
 */

export const HTML_STYLE = `
:root { color-scheme: light dark; --critical: #b91c1c; --warning: #b45309; --info: #1d4ed8; --ok: #15803d; --muted: #6b7280; --line: #e5e7eb;
  --bg: #f8fafc; --card: #fff; --text: #111827; --soft: #374151; --head: #f9fafb; --critical-bg: #fef2f2; --warning-bg: #fffbeb; --track: #e5e7eb; --bar: #2563eb; }
@media (prefers-color-scheme: dark) {
  :root { --critical: #f87171; --warning: #fbbf24; --info: #93c5fd; --ok: #4ade80; --muted: #9ca3af; --line: #374151;
    --bg: #0b1120; --card: #111827; --text: #e5e7eb; --soft: #d1d5db; --head: #1f2937; --critical-bg: #2a1215; --warning-bg: #2a1f0a; --track: #374151; --bar: #60a5fa; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 0; }
h3 { font-size: 13px; margin: 14px 0 6px; color: var(--soft); text-transform: uppercase; letter-spacing: .04em; }
a { color: var(--info); }
.meta { color: var(--muted); margin: 0 0 10px; overflow-wrap: anywhere; }
.meta b { color: var(--text); font-weight: 600; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 10px 0; }
.count { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 8px; padding: 6px 12px; min-width: 96px; }
.count .n { font-size: 20px; font-weight: 700; display: block; line-height: 1.15; }
.count .l { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .05em; }
.count.critical { border-left-color: var(--critical); } .count.critical .n { color: var(--critical); }
.count.warning { border-left-color: var(--warning); } .count.warning .n { color: var(--warning); }
.count.info { border-left-color: var(--info); } .count.info .n { color: var(--info); }
.count.failed { border-left-color: #7f1d1d; }
.count.savings { border-left-color: var(--ok); } .count.savings .n { color: var(--ok); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; margin: 12px 0; min-width: 0; }
.critical-card { border: 2px solid var(--critical); }
.card-head, .section-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.section-head { margin-top: 24px; }
.sub { color: var(--muted); font-size: 13px; }
.alert-box { border: 2px solid var(--critical); background: var(--critical-bg); border-radius: 10px; padding: 12px 16px; margin: 12px 0; }
.alert-box h2 { color: var(--critical); font-size: 15px; margin-bottom: 6px; }
.alert-box ul { margin: 0; padding-left: 20px; }
.alert-box.partial { border-color: var(--warning); background: var(--warning-bg); } .alert-box.partial h2 { color: var(--warning); }
.error { color: var(--critical); background: var(--critical-bg); border-radius: 6px; padding: 8px 10px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff; white-space: nowrap; }
.badge.critical { background: #b91c1c; } .badge.warning { background: #b45309; } .badge.info { background: #1d4ed8; }
.badge.ok { background: #15803d; } .badge.failed { background: #7f1d1d; } .badge.partial { background: #b45309; }
ul.findings { list-style: none; margin: 8px 0 0; padding: 0; }
ul.findings li { display: grid; grid-template-columns: 84px minmax(0, 1fr) auto; grid-template-areas: "badge text money"; gap: 4px 10px; padding: 7px 0; border-top: 1px solid var(--line); align-items: baseline; }
ul.findings li > .badge { grid-area: badge; justify-self: start; }
ul.findings li > .text { grid-area: text; overflow-wrap: anywhere; }
ul.findings li > .money { grid-area: money; }
ul.findings .check-name { color: var(--muted); font-size: 12px; }
ul.findings .rec { color: var(--soft); font-size: 13px; margin-top: 2px; }
ul.findings .rec::before { content: "→ "; color: var(--muted); }
ul.findings .labels { color: var(--muted); font-size: 11.5px; margin-top: 2px; }
.money { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
p.total { margin: 10px 0 0; }
.mtd { display: flex; gap: 8px 28px; flex-wrap: wrap; align-items: baseline; margin: 6px 0 2px; }
.mtd .big { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.mtd .unit { color: var(--muted); }
.spend-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 32px; }
@media (max-width: 1000px) { .spend-grid { grid-template-columns: minmax(0, 1fr); } }
ul.monitors, ul.drivers { list-style: none; margin: 0; padding: 0; }
li.monitor { padding: 6px 0; }
.mon-head { display: flex; justify-content: space-between; gap: 4px 12px; flex-wrap: wrap; }
.mon-head b { overflow-wrap: anywhere; }
.mon-foot { color: var(--muted); font-size: 12.5px; }
.meter { position: relative; height: 12px; background: var(--track); border-radius: 6px; margin: 4px 0 3px; }
.meter .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 6px; background: var(--ok); }
.meter.warning .fill { background: #d97706; } .meter.critical .fill { background: #dc2626; }
.meter .mark { position: absolute; top: -3px; bottom: -3px; width: 2px; margin-left: -1px; background: var(--muted); opacity: .7; }
.meter .proj { position: absolute; top: -4px; width: 0; height: 0; margin-left: -6px; border: 6px solid transparent; border-top: 8px solid var(--text); }
li.driver { display: grid; grid-template-columns: minmax(90px, max-content) minmax(40px, 1fr) auto; gap: 10px; align-items: center; padding: 3px 0; }
li.driver .name { overflow-wrap: anywhere; }
.track { display: block; height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; }
.track .fill { display: block; height: 100%; background: var(--bar); }
svg.trend { display: block; width: 100%; height: 70px; }
svg.trend rect.day { fill: var(--bar); }
svg.trend rect.day:hover { fill: var(--text); }
details.check { padding: 0; }
details.check > summary { cursor: pointer; padding: 10px 16px; display: flex; gap: 6px 10px; align-items: baseline; flex-wrap: wrap; list-style-position: inside; }
details.check > summary h3 { display: inline; margin: 0; font-size: 14px; color: var(--text); text-transform: none; letter-spacing: 0; }
details.check[open] > summary { border-bottom: 1px solid var(--line); }
details.check > :not(summary) { margin-left: 16px; margin-right: 16px; }
details.check > :last-child { margin-bottom: 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--head); font-weight: 600; color: var(--soft); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { max-width: 360px; overflow-wrap: break-word; }
td.long { min-width: 240px; max-width: 520px; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: var(--soft); }
.table-wrap, .chart-wrap { overflow-x: auto; margin-top: 10px; max-width: 100%; }
.more { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
svg text.value { fill: var(--text); font-weight: 600; }
svg .hm-cell:hover, svg .bar:hover { stroke: var(--text); stroke-width: 1.5; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; text-align: center; }
@media (max-width: 600px) {
  main { padding: 12px 10px 32px; }
  .card { padding: 12px; }
  .count { min-width: 0; flex: 1 1 28%; padding: 5px 8px; }
  ul.findings li { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: "badge money" "text text"; }
  li.driver { grid-template-columns: minmax(0, 1fr) auto; }
  #criticals .labels, #recommendations .labels { display: none; }
  li.driver .track { grid-column: 1 / -1; grid-row: 2; }
  details.check > :not(summary) { margin-left: 10px; margin-right: 10px; }
}
@media print { body { background: #fff; } .card { break-inside: avoid; } }
`;
