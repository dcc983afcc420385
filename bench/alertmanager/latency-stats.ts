/**
 * The figures the side-by-side benchmark prints: per group, the time from its first alert to its first
 * notification, and nearest-rank percentiles over them. Pure; collecting the times is the benchmark's job.
 */

export interface LatencySummary {
  readonly count: number;
  readonly p50?: number;
  readonly p95?: number;
  readonly max?: number;
}

/** Nearest-rank percentile (p in (0, 100]) of the values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0 };
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

/** A notification that arrived for a group at a time (ms). */
export interface GroupArrival {
  readonly group: string;
  readonly at: number;
}

/**
 * Per group that has a first-alert time: its earliest notification at or after that time, minus the
 * first-alert time. Groups never notified are left out (count them apart).
 */
export function firstNotificationLatencies(firstAlertAt: ReadonlyMap<string, number>, arrivals: readonly GroupArrival[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const arrival of arrivals) {
    const start = firstAlertAt.get(arrival.group);
    if (start === undefined || arrival.at < start) continue;
    const latency = arrival.at - start;
    const known = out.get(arrival.group);
    if (known === undefined || latency < known) out.set(arrival.group, latency);
  }
  return out;
}
