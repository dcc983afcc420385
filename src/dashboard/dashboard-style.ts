/**
 * The dashboard's one stylesheet, served as `/static/dashboard.css` (the Content-Security-Policy allows
 * styles from the page's own origin only, no inline styles): light and dark by `prefers-color-scheme`,
 * one column at phone width, tables that scroll sideways instead of clipping.
 */

export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --line: #d8dee4; --card: #f6f8fa;
  --accent: #0b62c4; --ok: #1a7f37; --warn: #9a6700; --crit: #cf222e; --info: #0969da; --bar: #0b62c4; --bar-bg: #e6ebf1; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1419; --fg: #e6edf3; --muted: #9aa5b1; --line: #30363d; --card: #161b22;
    --accent: #58a6ff; --ok: #3fb950; --warn: #d29922; --crit: #f85149; --info: #58a6ff; --bar: #58a6ff; --bar-bg: #26303b; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
header.top { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; }
header.top nav { display: flex; flex-wrap: wrap; gap: .1rem .8rem; }
header.top nav a { text-decoration: none; padding: .1rem 0; }
header.top nav a[aria-current="page"] { font-weight: 700; border-bottom: 2px solid var(--accent); }
nav.accounts { display: flex; flex-wrap: wrap; gap: .1rem .8rem; padding: .35rem 1rem; border-bottom: 1px solid var(--line); font-size: .9rem; }
nav.accounts a[aria-current="true"] { font-weight: 700; border-bottom: 2px solid var(--accent); }
header.top .who { margin-left: auto; color: var(--muted); font-size: .85rem; }
main { padding: .8rem 1rem 2rem; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: .8rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .7rem .8rem; min-width: 0; }
.wide { grid-column: 1 / -1; }
.kpis { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.kpi .v { font-size: 1.5rem; font-weight: 700; }
.kpi .l { color: var(--muted); font-size: .8rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
.sev { display: inline-block; border-radius: 4px; padding: 0 .35rem; font-size: .78rem; font-weight: 600; color: #fff; }
.sev-critical { background: var(--crit); } .sev-warning { background: var(--warn); } .sev-info { background: var(--info); }
.st-ok { color: var(--ok); } .st-partial { color: var(--warn); } .st-failed, .st-stale { color: var(--crit); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.wrap { overflow-wrap: anywhere; min-width: 12rem; }
td.q { overflow-wrap: anywhere; word-break: break-word; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .82rem; overflow-wrap: anywhere; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain li { padding: .3rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
ul.plain li:last-child { border-bottom: 0; }
svg { display: block; max-width: 100%; height: auto; }
svg .bar-bg { fill: var(--bar-bg); } svg .bar { fill: var(--bar); } svg .bar-warn { fill: var(--warn); } svg .bar-crit { fill: var(--crit); }
svg .proj { fill: none; stroke: var(--fg); stroke-width: 2; stroke-dasharray: 4 3; }
svg .tick { stroke: var(--muted); stroke-width: 1; } svg .tick-crit { stroke: var(--crit); stroke-width: 2; }
svg text { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg .line { fill: none; stroke: var(--bar); stroke-width: 2; } svg .area { fill: var(--bar); opacity: .15; }
.monitor { margin-bottom: .7rem; }
.monitor .head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .2rem .8rem; }
form.inline { display: inline; }
form.stack { display: grid; gap: .4rem; max-width: 40rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: end; margin-bottom: .6rem; }
label { display: grid; gap: .15rem; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .3rem .5rem; }
button { cursor: pointer; background: var(--card); }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.notice { border-left: 4px solid var(--accent); background: var(--card); padding: .5rem .7rem; margin-bottom: .8rem; }
.notice.error { border-color: var(--crit); }
@media (max-width: 600px) {
  main { padding: .6rem .6rem 2rem; }
  .grid { grid-template-columns: 1fr; }
  .kpi .v { font-size: 1.25rem; }
  table { font-size: .82rem; }
  .hide-narrow { display: none; }
}
`;
