/**
 * A pipeline's SLA as of `now`: `duration` when its last run took longer than `max_duration`; `late`
 * when `finish_by` (local time in the SLA's zone, DST-correct) has passed today with no success that
 * finished today before it; `not_run` when no success finished within `every` of `now`. Pure.
 */

import { instantOf, localTime } from '../router/zoned-time.js';
import type { RunArtifact } from './artifact.js';
import type { DbtSla } from './dbt-config.js';
import { isSuccessfulRun, runDurationMs } from './run-outcome.js';

export type SlaReason = 'duration' | 'late' | 'not_run';

export interface SlaBreach {
  readonly reason: SlaReason;
  readonly summary: string;
}

export interface SlaState {
  readonly state: 'ok' | 'breached';
  readonly reasons: readonly SlaReason[];
  readonly breaches: readonly SlaBreach[];
}

/**
 * `runs`: the pipeline's invocations finished at or before `now`, oldest first (freshness runs excluded).
 * `watchedSince`: when snowmon first watched the pipeline; a pipeline that never succeeded counts from it.
 */
export function evaluateSla(pipeline: string, sla: DbtSla, runs: readonly RunArtifact[], now: Date, watchedSince: Date): SlaState {
  const breaches: SlaBreach[] = [];
  const last = runs[runs.length - 1];
  const successes = runs.filter(isSuccessfulRun);
  const duration = last ? runDurationMs(last) : undefined;
  if (sla.maxDurationMs !== undefined && duration !== undefined && duration > sla.maxDurationMs) {
    breaches.push({
      reason: 'duration',
      summary: `pipeline ${pipeline} took ${formatMs(duration)} (max_duration ${formatMs(sla.maxDurationMs)}) in run ${last!.invocationId}`,
    });
  }
  if (sla.finishBy !== undefined) {
    const today = localTime(now, sla.timezone);
    const [hours, minutes] = sla.finishBy.split(':').map(Number) as [number, number];
    const deadline = instantOf(today, hours * 60 + minutes, sla.timezone);
    const midnight = instantOf(today, 0, sla.timezone);
    const onTime = successes.some((r) => r.generatedAt >= midnight && r.generatedAt < deadline);
    if (now >= deadline && !onTime) {
      breaches.push({
        reason: 'late',
        summary: `pipeline ${pipeline} is late: no successful run finished before ${sla.finishBy} ${sla.timezone} today`,
      });
    }
  }
  if (sla.everyMs !== undefined) {
    const lastSuccess = successes[successes.length - 1];
    const since = lastSuccess?.generatedAt ?? watchedSince;
    if (now.getTime() - since.getTime() > sla.everyMs) {
      const what = lastSuccess
        ? `last success finished ${formatMs(now.getTime() - since.getTime())} ago`
        : `no success since snowmon started watching ${formatMs(now.getTime() - since.getTime())} ago`;
      breaches.push({ reason: 'not_run', summary: `pipeline ${pipeline} has not run successfully within ${formatMs(sla.everyMs)}: ${what}` });
    }
  }
  return { state: breaches.length > 0 ? 'breached' : 'ok', reasons: breaches.map((b) => b.reason), breaches };
}

/** `1h 12m`, `45s`, `2d 3h`. */
export function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const shown = parts
    .filter(([n]) => n > 0)
    .slice(0, 2)
    .map(([n, u]) => `${n}${u}`);
  return shown.length > 0 ? shown.join(' ') : '0s';
}
