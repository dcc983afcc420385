/**
 * `snowmon dbt status` as text: one line per pipeline (last run, counts, last success, SLA), then the
 * findings worst first with their routing labels, then the files that could not be read. The JSON form
 * is the `DbtStatus` object itself. No I/O.
 */

import type { DbtStatus } from './dbt-status.js';

export function renderDbtStatus(status: DbtStatus): string {
  const lines: string[] = [`dbt status as of ${status.generated_at}`, ''];
  if (status.pipelines.length === 0) {
    lines.push('no dbt invocations found (in a folder only files named run_results.json, sources.json or manifest.json are read)');
  } else {
    const rows = status.pipelines.map((p) => {
      const run = p.last_run;
      const counts = run
        ? Object.entries(run.counts)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'no results'
        : '';
      return [
        p.name,
        run ? `${run.status} ${run.command ?? ''} ${run.finished_at}`.replace(/\s+/g, ' ') : 'never ran',
        counts,
        p.last_success_at ? `last success ${p.last_success_at}` : 'no success',
        p.sla ? `sla ${p.sla.state}${p.sla.reasons.length > 0 ? ` (${p.sla.reasons.join(', ')})` : ''}` : '',
      ];
    });
    lines.push(...table(['pipeline', 'last run', 'results', 'success', 'sla'], rows));
  }
  lines.push('', status.findings.length === 0 ? 'no findings' : `${status.findings.length} finding${status.findings.length === 1 ? '' : 's'}:`);
  for (const f of status.findings) {
    const { alert_type, pipeline, ...rest } = f.labels;
    const labels = Object.entries(rest)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${alert_type} [${pipeline}] ${f.summary}`);
    if (labels) lines.push(`           ${labels}`);
  }
  if (status.problems.length > 0) {
    lines.push('', `${status.problems.length} file${status.problems.length === 1 ? '' : 's'} could not be read:`);
    for (const p of status.problems) lines.push(`  ${p.file}: ${p.error}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
