/**
 * Posts alerts to Alertmanager's v2 API (`POST /api/v2/alerts`), as a Prometheus-like client does: the
 * label set, annotations, `startsAt`, and `endsAt` only for a resolve. Re-posting firing alerts before
 * `resolve_timeout` is the caller's job (AM's client contract). Nothing else of the API.
 */

export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** ISO time the alert started. */
  readonly startsAt: string;
  /** ISO time it ended: set (to now) to resolve it. */
  readonly endsAt?: string;
}

export async function postAlerts(baseUrl: string, alerts: readonly PostableAlert[]): Promise<void> {
  if (alerts.length === 0) return;
  const res = await fetch(`${baseUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((a) => ({ ...a, generatorURL: 'http://snowmon.bench/' }))),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`alertmanager POST /api/v2/alerts: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}
