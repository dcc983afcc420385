/**
 * The fleet bench's notification accounting, pure: what the store meant to send (outbox rows, the
 * notification log, the alerts) against what the fake Slack received. Lost: an outbox row never sent,
 * a row marked sent whose Slack message the fake does not hold, or an alert the log never told its
 * receiver about. Duplicates are in-flight-duplicates.ts's.
 */

export interface OutboxRow {
  readonly id: string;
  readonly receiver: string;
  readonly status: string;
  readonly providerResponse: string | null;
}

export interface SlackMessageRef {
  readonly channel: string;
  readonly ts: string;
}

export interface AlertRow {
  readonly fingerprint: string;
  readonly status: string;
}

export interface LogRow {
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
}

export interface NotificationAudit {
  readonly outboxRows: number;
  readonly sent: number;
  /** Rows not `sent` at the end (pending, failed, sending, dead), by status. */
  readonly unsent: Readonly<Record<string, number>>;
  /** Rows marked sent whose message (or thread reply) the fake never received. */
  readonly missingAtSlack: number;
  /** Firing alerts that no notification-log entry lists as firing (never announced). */
  readonly unannounced: number;
  readonly lost: number;
}

/** The Slack message refs a provider response names (`slack C123 1700.1` or `slack C123 1700.1 reply 1700.2`). */
export function slackRefs(providerResponse: string | null): SlackMessageRef[] {
  const match = /^slack (\S+) (\S+)(?: reply (\S+))?/.exec(providerResponse ?? '');
  if (!match) return [];
  const [, channel = '', ts = '', reply] = match;
  return reply !== undefined && reply !== '?' ? [{ channel, ts: reply }] : [{ channel, ts }];
}

export function auditNotifications(input: {
  readonly outbox: readonly OutboxRow[];
  readonly received: readonly SlackMessageRef[];
  readonly alerts: readonly AlertRow[];
  readonly log: readonly LogRow[];
}): NotificationAudit {
  const received = new Set(input.received.map((m) => `${m.channel} ${m.ts}`));
  const unsent: Record<string, number> = {};
  let sent = 0;
  let missingAtSlack = 0;
  for (const row of input.outbox) {
    if (row.status !== 'sent') {
      unsent[row.status] = (unsent[row.status] ?? 0) + 1;
      continue;
    }
    sent++;
    const refs = slackRefs(row.providerResponse);
    if (refs.length === 0 || refs.some((r) => !received.has(`${r.channel} ${r.ts}`))) missingAtSlack++;
  }
  const announced = new Set(input.log.flatMap((l) => l.firing));
  const resolvedAnnounced = new Set(input.log.flatMap((l) => l.resolved));
  const unannounced = input.alerts.filter((a) => a.status === 'firing' && !announced.has(a.fingerprint) && !resolvedAnnounced.has(a.fingerprint)).length;
  const unsentCount = Object.values(unsent).reduce((a, b) => a + b, 0);
  return {
    outboxRows: input.outbox.length,
    sent,
    unsent,
    missingAtSlack,
    unannounced,
    lost: unsentCount + missingAtSlack + unannounced,
  };
}
