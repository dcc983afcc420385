/**
 * `snowmon alerts [--all] [--account NAME] [--history FINGERPRINT] [--format table|json]`: the alert ledger as a table
 * (firing alerts, or all with `--all`) with each alert's response state (due, overdue, acknowledged),
 * or one alert's history. Read-only: it never changes an alert.
 */

import type { Kysely } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import { AckStore } from '../ledger/ack-store.js';
import type { Acknowledgement } from '../ledger/ack-store.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { alertFromRow } from '../ledger/alert-row.js';
import type { Database } from '../ledger/database.js';
import { layoutTable } from '../report/text-table.js';
import { notificationsByFingerprint } from './alert-notifications.js';
import type { AlertNotification } from './alert-notifications.js';
import { EXIT, UsageError, complain, parseCommandArgs, say, tableWidth, withStore } from './command-io.js';
import { describeAlertBrief, keyLabels } from './describe-alert-brief.js';

const USAGE = `usage: snowmon alerts [--all] [--account NAME] [--history FINGERPRINT] [--format table|json] [--config FILE]
  Lists firing alerts (--all: resolved ones too) with when they started, when last seen, and whether a
  response is due, overdue or acknowledged; --account keeps one account's (its account label, fleet
  mode); --history shows one alert's status changes and acks.
`;

interface AlertView {
  readonly alert: Alert;
  readonly ack?: Acknowledgement;
  readonly notifications: readonly AlertNotification[];
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(argv, {
      all: { type: 'boolean' },
      account: { type: 'string' },
      history: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values.help === true) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0] as string}"`);
    if (parsed.values.format !== 'table' && parsed.values.format !== 'json') {
      throw new UsageError(`invalid --format "${String(parsed.values.format)}" (expected table or json)`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    complain(`${error.message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values } = parsed;
  const json = values.format === 'json';
  return withStore(values.config as string | undefined, async (db, config) => {
    const now = new Date();
    const account = values.account as string | undefined;
    if (account !== undefined && !config.accounts.some((a) => a.name === account)) {
      const names = config.accounts.map((a) => a.name).join(', ');
      complain(`note: account "${account}" is not one of the configured accounts (${names}); listing the store's alerts with that account label`);
    }
    if (values.history !== undefined) return history(db, values.history as string, json);
    const views = await loadViews(db, values.all === true, account);
    if (json) {
      say(
        JSON.stringify(
          views.map((v) => alertJson(v, now)),
          null,
          2,
        ),
      );
    } else if (views.length === 0) {
      say(values.all === true ? 'no alerts in the store' : 'no firing alerts (--all shows resolved ones)');
    } else {
      const headers = ['fingerprint', 'alert_type', 'labels', 'severity', ...(values.all === true ? ['status'] : []), 'since', 'last seen', 'response'];
      const table = layoutTable(
        headers.map((header) => ({ header, align: 'left' as const, long: header === 'labels' || header === 'response' })),
        views.map((v) => [
          v.alert.fingerprint,
          v.alert.labels['alert_type'] ?? '',
          keyLabels(v.alert.labels),
          v.alert.labels['severity'] ?? '',
          ...(values.all === true ? [v.alert.status] : []),
          shortTime(v.alert.startsAt),
          shortTime(v.alert.lastSeenAt),
          responseState(v, now),
        ]),
        tableWidth(),
        0,
      );
      say([table.header, table.rule, ...table.rows].join('\n'));
    }
    return EXIT.ok;
  });
}

async function loadViews(db: Kysely<Database>, all: boolean, account: string | undefined): Promise<AlertView[]> {
  const every = all
    ? (await db.selectFrom('alerts').selectAll().orderBy('status').orderBy('starts_at').orderBy('fingerprint').execute()).map(alertFromRow)
    : await new AlertLedger(db).active();
  const alerts = account === undefined ? every : every.filter((a) => a.labels['account'] === account);
  const notified = await notificationsByFingerprint(db);
  const acks = new AckStore(db);
  const views: AlertView[] = [];
  for (const alert of alerts) {
    const ack = await acks.latestSince({ fingerprint: alert.fingerprint }, alert.startsAt);
    views.push({ alert, ...(ack ? { ack } : {}), notifications: alert.status === 'firing' ? (notified.get(alert.fingerprint) ?? []) : [] });
  }
  return views;
}

/** `acked by ana 2026-11-20 15:02Z`, `overdue since ...`, `due ...`, `notified`, `not notified`, `resolved ...`. */
function responseState(view: AlertView, now: Date): string {
  const { alert, ack, notifications } = view;
  if (alert.status === 'resolved') return `resolved ${alert.endsAt ? shortTime(alert.endsAt) : ''}`.trim();
  if (ack) return `acked by ${ack.by} ${shortTime(ack.at)}`;
  const groupAck = notifications.find((n) => n.acknowledgedAt !== undefined);
  if (groupAck?.acknowledgedAt) return `group acked ${shortTime(groupAck.acknowledgedAt)}`;
  const due = earliestDue(notifications);
  if (due) return due.getTime() <= now.getTime() ? `overdue since ${shortTime(due)}` : `due ${shortTime(due)}`;
  if (notifications.length > 0) return `notified (${[...new Set(notifications.map((n) => n.receiver))].join(', ')})`;
  return 'not notified';
}

function earliestDue(notifications: readonly AlertNotification[]): Date | undefined {
  return notifications
    .map((n) => n.dueAt)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

function alertJson(view: AlertView, now: Date): Record<string, unknown> {
  const { alert, ack, notifications } = view;
  const due = earliestDue(notifications);
  return {
    fingerprint: alert.fingerprint,
    alert_type: alert.labels['alert_type'] ?? null,
    severity: alert.labels['severity'] ?? null,
    status: alert.status,
    labels: alert.labels,
    summary: alert.annotations.summary,
    check: alert.check,
    starts_at: alert.startsAt.toISOString(),
    ends_at: alert.endsAt?.toISOString() ?? null,
    last_seen_at: alert.lastSeenAt.toISOString(),
    due_at: due?.toISOString() ?? null,
    overdue: due !== undefined && !ack && notifications.every((n) => n.acknowledgedAt === undefined) && due.getTime() <= now.getTime(),
    acknowledged: ack ? { by: ack.by, at: ack.at.toISOString(), comment: ack.comment ?? null } : null,
    notifications: notifications.map((n) => ({
      group_key: n.groupKey,
      receiver: n.receiver,
      due_at: n.dueAt?.toISOString() ?? null,
      acknowledged_at: n.acknowledgedAt?.toISOString() ?? null,
    })),
  };
}

async function history(db: Kysely<Database>, fingerprint: string, json: boolean): Promise<number> {
  const ledger = new AlertLedger(db);
  const alert = await ledger.get(fingerprint.trim());
  if (!alert) {
    complain(`no alert with fingerprint "${fingerprint}" in the store (snowmon alerts --all lists them)`);
    return EXIT.failed;
  }
  const entries = [...(await ledger.history(alert.fingerprint, 1000))].reverse();
  const acks = [...(await new AckStore(db).list({ fingerprint: alert.fingerprint }))].reverse();
  if (json) {
    say(
      JSON.stringify(
        {
          fingerprint: alert.fingerprint,
          status: alert.status,
          labels: alert.labels,
          summary: alert.annotations.summary,
          history: entries.map((e) => ({ at: e.at.toISOString(), from: e.from, to: e.to, note: e.note ?? null })),
          acknowledgements: acks.map((a) => ({ at: a.at.toISOString(), by: a.by, comment: a.comment ?? null })),
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  say(`${describeAlertBrief(alert)}: ${alert.status}, ${alert.annotations.summary}`);
  const lines = [
    ...entries.map((e) => ({ at: e.at, text: `${e.from} → ${e.to}${e.note ? ` (${e.note})` : ''}` })),
    ...acks.map((a) => ({ at: a.at, text: `acknowledged by ${a.by}${a.comment ? `: ${a.comment}` : ''}` })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const line of lines) say(`  ${line.at.toISOString()}  ${line.text}`);
  return EXIT.ok;
}

/** `2026-11-20 15:02Z`: minutes are enough in a table. */
function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
