/**
 * A pipeline's SLA as of `now`: `duration` when its last run took longer than `max_duration`; `late`
 * when `finish_by` (local time in the SLA's zone, DST-correct) has passed today with no success that
 * finished today before it; `not_run` when no success finished within `every` of `now`. Pure.
 *
 * `late` has two readings. `day` is the contract's (`snowmon dbt status`, `audit`): the day's deadline was
 * missed, so the pipeline stays late for the rest of that local day, even after a late success, and is
 * not late after midnight until the next deadline. `until_success` is the daemon's alert: it fires at the
 * missed deadline and resolves when the next success finishes, on the same day or after midnight.
 */

import { addDays, formatDate, instantOf, localTime, type LocalDate } from '../router/zoned-time.js';
import type { RunArtifact } from './artifact.js';
import type { DbtSla } from './dbt-config.js';
import { isSuccessfulRun, runDurationMs } from './run-outcome.js';

export type SlaReason = 'duration' | 'late' | 'not_run';

export interface SlaBreach {
  readonly reason: SlaReason;
  readonly summary: string;
}

/** How long a `late` breach lasts: the rest of the local day (the contract), or until the next success (the daemon). */
export type LateReading = 'day' | 'until_success';

export interface SlaState {
  readonly state: 'ok' | 'breached';
  readonly reasons: readonly SlaReason[];
  readonly breaches: readonly SlaBreach[];
}

/**
 * `runs`: the pipeline's invocations finished at or before `now`, oldest first (freshness runs excluded).
 * `watchedSince`: when snowmon first watched the pipeline; a pipeline that never succeeded counts from it,
 * and with `until_success` a deadline of a day it did not watch is not carried past midnight.
 */
export function evaluateSla(pipeline: string, sla: DbtSla, runs: readonly RunArtifact[], now: Date, watchedSince: Date, late: LateReading = 'day'): SlaState {
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
  const lateBreach =
    sla.finishBy === undefined ? undefined : lateness({ pipeline, finishBy: sla.finishBy, zone: sla.timezone, late, watchedSince }, successes, now);
  if (lateBreach !== undefined) breaches.push(lateBreach);
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

interface LateRule {
  readonly pipeline: string;
  readonly finishBy: string;
  readonly zone: string;
  readonly late: LateReading;
  readonly watchedSince: Date;
}

/**
 * The `late` breach, if any. `day` (the contract): today's deadline passed with no success finished today
 * before it. `until_success`: the latest deadline passed (today's, else yesterday's when snowmon was
 * already watching yesterday) with no success finished since the start of that deadline's local day, so
 * an on-time run, a late run and a run after midnight all end it.
 */
function lateness(rule: LateRule, successes: readonly RunArtifact[], now: Date): SlaBreach | undefined {
  const { pipeline, finishBy, zone } = rule;
  const [hours, minutes] = finishBy.split(':').map(Number) as [number, number];
  const deadlineOf = (day: LocalDate) => instantOf(day, hours * 60 + minutes, zone);
  const today = localTime(now, zone);
  if (rule.late === 'day') {
    const deadline = deadlineOf(today);
    const midnight = instantOf(today, 0, zone);
    if (now < deadline || successes.some((r) => r.generatedAt >= midnight && r.generatedAt < deadline)) return undefined;
    return { reason: 'late', summary: `pipeline ${pipeline} is late: no successful run finished before ${finishBy} ${zone} today` };
  }
  const carried = now < deadlineOf(today);
  const day = carried ? addDays(today, -1) : today;
  // Yesterday's miss is carried only when snowmon watched during yesterday (it reported it then).
  if (carried && rule.watchedSince >= instantOf(today, 0, zone)) return undefined;
  const midnight = instantOf(day, 0, zone);
  if (successes.some((r) => r.generatedAt >= midnight && r.generatedAt <= now)) return undefined;
  return {
    reason: 'late',
    summary: `pipeline ${pipeline} is late: no successful run finished before ${finishBy} ${zone} on ${formatDate(day)}, nor since`,
  };
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
