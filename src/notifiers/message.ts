/**
 * Renders a `Notification` into the parts every channel shows: a title with severity and status, what
 * happened and how bad, the numbers, when to respond by, what to do next, and the context lines behind it.
 * Channel-neutral plain text; Slack blocks, email HTML and PagerDuty fields are built from this elsewhere.
 */

import type { Labels } from '../alerts/alert.js';
import { defaultRunbook } from '../alerts/runbooks.js';
import { formatCredits, formatUsd } from '../report/format-value.js';
import { formatDuration, formatInstant, readableInstants } from './format-time.js';
import type { Notification, NotifiedAlert } from './notifier.js';

/** How bad a group is: the worst severity label among its firing alerts (all of them once resolved). */
export type MessageSeverity = 'critical' | 'error' | 'warning' | 'info';

export interface MessageOptions {
  /** IANA zone for times shown to people when the notification names none; UTC when absent. */
  readonly timeZone?: string;
}

/** A labelled value, e.g. `Severity: critical`. */
export interface MessageFact {
  readonly label: string;
  readonly value: string;
}

/** One alert of the group as it reads in a message. */
export interface MessageAlert {
  readonly fingerprint: string;
  readonly status: 'firing' | 'resolved';
  readonly summary: string;
  readonly description?: string;
  /** `412.50 credits (≈ $1,031)`: the alert's own money, absent when the `Spend` fact already states it. */
  readonly numbers?: string;
  /** Since when it fires, e.g. `since Mon 08:02 UTC`, or `resolved after 14m`. */
  readonly timing: string;
}

export interface RenderedMessage {
  /** `🔴 [CRITICAL] xy12345 · cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended`; ✅ and `[RESOLVED]` when resolved. */
  readonly title: string;
  /**
   * What the group is about, without severity or status: the account, then the summary of its most
   * severe, then most recent, alert, `(+N more)`.
   */
  readonly headline: string;
  /** The Snowflake account the alerts are about, when the notification names it. */
  readonly account?: string;
  /** The title while firing (what a resolved message strikes through). */
  readonly firingTitle: string;
  readonly severity: MessageSeverity;
  readonly status: 'firing' | 'resolved';
  readonly kind: Notification['kind'];
  /** One sentence on why this message exists: new, changed, still firing, escalated, resolved after N. */
  readonly intro: string;
  /** `respond by Mon 09:15 Europe/London`, while firing and a due time is known. */
  readonly due?: string;
  /** `resolved after 14m`, once resolved. */
  readonly resolved?: string;
  /** Who to mention (escalations), as configured, e.g. `@data-oncall`. */
  readonly mention?: string;
  /** Severity, status, account, group labels, start, the spend when the shown alerts state one figure (the due time is `due`). */
  readonly facts: readonly MessageFact[];
  /** Every alert of the group, firing first. */
  readonly alerts: readonly MessageAlert[];
  /** What to do next; every message has one. */
  readonly nextStep: string;
  /** The finding's own recommendation, when one alert has it. */
  readonly recommendation?: string;
  /** Warehouses, queries and the like behind the alert (its `context` annotation lines, de-duplicated). */
  readonly context: readonly string[];
  /** `route cost-100-suspend · group {...}`: where the message came from. */
  readonly footer: string;
}

const SEVERITY_RANK: Readonly<Record<MessageSeverity, number>> = { critical: 4, error: 3, warning: 2, info: 1 };
const SEVERITY_EMOJI: Readonly<Record<MessageSeverity, string>> = { critical: '🔴', error: '🟠', warning: '🟡', info: '🔵' };
const RESOLVED_EMOJI = '✅';
const ESCALATION_EMOJI = '🚨';
const RESOLVED_NEXT_STEP = 'nothing urgent: it cleared on its own or was fixed; note the cause in the thread if it is worth keeping';

/** Renders one notification; pure, `options.timeZone` only changes how times read. */
export function renderMessage(notification: Notification, options: MessageOptions = {}): RenderedMessage {
  const zone = notification.timeZone ?? options.timeZone;
  const account = notification.account;
  const alerts = orderAlerts(notification.alerts.map((a) => readableTexts(a, zone)));
  const firing = alerts.filter((a) => a.status === 'firing');
  const shown = firing.length > 0 ? firing : alerts;
  const severity = groupSeverity(shown);
  const spend = sharedSpend(shown);
  const status = notification.status;
  const headline = headlineOf(shown, notification.groupLabels, account);
  const firingTitle = `${SEVERITY_EMOJI[severity]} [${severity.toUpperCase()}] ${headline}`;
  const title =
    status === 'resolved'
      ? `${RESOLVED_EMOJI} [RESOLVED] ${headline}`
      : notification.kind === 'escalation'
        ? `${ESCALATION_EMOJI} ${firingTitle}`
        : firingTitle;
  const resolved = status === 'resolved' ? `resolved after ${formatDuration(spanMs(alerts, notification.createdAt))}` : undefined;
  const due = status === 'firing' && notification.dueAt !== undefined ? dueLine(notification.dueAt, notification.createdAt, zone) : undefined;
  const first = shown[0];
  const runbook =
    status === 'resolved'
      ? RESOLVED_NEXT_STEP
      : (shown.find((a) => a.annotations.runbook)?.annotations.runbook ?? defaultRunbook(first?.labels ?? notification.groupLabels));
  const recommendation = status === 'resolved' ? undefined : shown.find((a) => a.annotations.recommendation)?.annotations.recommendation;
  return Object.freeze({
    title,
    headline,
    ...(account === undefined ? {} : { account }),
    firingTitle,
    severity,
    status,
    kind: notification.kind,
    intro: introOf(notification, firing.length, alerts.length, resolved),
    ...(due === undefined ? {} : { due }),
    ...(resolved === undefined ? {} : { resolved }),
    ...(notification.mention === undefined ? {} : { mention: notification.mention }),
    facts: Object.freeze(factsOf(notification, shown, severity, spend, zone)),
    alerts: Object.freeze(alerts.map((a) => messageAlert(a, notification.createdAt, spend, zone))),
    nextStep: runbook,
    ...(recommendation === undefined ? {} : { recommendation }),
    context: Object.freeze(contextOf(shown)),
    footer: `route ${notification.route} · group ${notification.groupKey} · ${notification.reason}`,
  });
}

/**
 * Firing first, then resolved; within each the worst severity first, then the most recent start, so the
 * headline is the group's most severe, most recent alert; stable otherwise.
 */
function orderAlerts(alerts: readonly NotifiedAlert[]): readonly NotifiedAlert[] {
  const worstFirst = (list: readonly NotifiedAlert[]) =>
    [...list].sort(
      (a, b) =>
        SEVERITY_RANK[alertSeverity(b.labels)] - SEVERITY_RANK[alertSeverity(a.labels)] || new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime(),
    );
  return [...worstFirst(alerts.filter((a) => a.status === 'firing')), ...worstFirst(alerts.filter((a) => a.status !== 'firing'))];
}

/** The alert with the ISO instants in its texts read in the message's zone (`Mon 16 Nov 01:00 UTC`). */
function readableTexts(alert: NotifiedAlert, zone: string | undefined): NotifiedAlert {
  const read = (text: string) => readableInstants(text, zone);
  const { summary, description, recommendation, runbook, context } = alert.annotations;
  return {
    ...alert,
    annotations: {
      ...alert.annotations,
      summary: read(summary),
      ...(description === undefined ? {} : { description: read(description) }),
      ...(recommendation === undefined ? {} : { recommendation: read(recommendation) }),
      ...(runbook === undefined ? {} : { runbook: read(runbook) }),
      ...(context === undefined ? {} : { context: context.map(read) }),
    },
  };
}

/** The worst severity label; `error` for a pipeline failure that is not critical; `warning` when unlabelled. */
export function groupSeverity(alerts: readonly NotifiedAlert[]): MessageSeverity {
  let worst: MessageSeverity = 'info';
  let seen = false;
  for (const alert of alerts) {
    const severity = alertSeverity(alert.labels);
    seen = true;
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[worst]) worst = severity;
  }
  return seen ? worst : 'warning';
}

function alertSeverity(labels: Labels): MessageSeverity {
  const label = labels['severity'];
  const known: MessageSeverity = label === 'critical' || label === 'error' || label === 'warning' || label === 'info' ? label : 'warning';
  if (labels['alert_type'] === 'pipeline_failure' && known !== 'critical') return 'error';
  return known;
}

function headlineOf(alerts: readonly NotifiedAlert[], groupLabels: Labels, account: string | undefined): string {
  const first = alerts[0];
  const base = `${account === undefined ? '' : `${account} · `}${first?.annotations.summary ?? labelText(groupLabels)}`;
  return alerts.length > 1 ? `${base} (+${alerts.length - 1} more)` : base;
}

function labelText(labels: Labels): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(', ');
  return text === '' ? 'alert group' : text;
}

function introOf(n: Notification, firing: number, total: number, resolved: string | undefined): string {
  const count = `${firing} of ${total} alert${total === 1 ? '' : 's'} firing`;
  switch (n.kind) {
    case 'firing':
      return `New: ${count} (${n.reason}).`;
    case 'update':
      return n.status === 'resolved' ? `All alerts ${resolved ?? 'resolved'}.` : `Changed: ${count} (${n.reason}).`;
    case 'repeat':
      return `Still firing: ${count} (${n.reason}).`;
    case 'escalation':
      return `Escalation: still firing and nobody has acknowledged it (${n.reason}).`;
    case 'resolved':
      return `All alerts ${resolved ?? 'resolved'}.`;
  }
}

function dueLine(dueAt: string, createdAt: string, zone: string | undefined): string {
  const when = formatInstant(dueAt, zone);
  return new Date(dueAt).getTime() <= new Date(createdAt).getTime() ? `respond now (was due ${when})` : `respond by ${when}`;
}

function factsOf(
  n: Notification,
  shown: readonly NotifiedAlert[],
  severity: MessageSeverity,
  spend: string | undefined,
  zone: string | undefined,
): MessageFact[] {
  const facts: MessageFact[] = [
    { label: 'Severity', value: severity },
    { label: 'Status', value: n.status },
    ...(n.account === undefined ? [] : [{ label: 'Account', value: n.account }]),
  ];
  for (const name of Object.keys(n.groupLabels).sort()) {
    // The group's account label (fleet mode groups by it) is the Account fact already.
    if (name === 'severity' || (name === 'account' && n.groupLabels[name] === n.account)) continue;
    facts.push({ label: name, value: n.groupLabels[name] ?? '' });
  }
  const earliest = shown.map((a) => a.startsAt).sort()[0];
  if (earliest !== undefined) facts.push({ label: 'Started', value: formatInstant(earliest, zone) });
  if (spend !== undefined) facts.push({ label: 'Spend', value: spend });
  return facts;
}

/**
 * The one money figure the shown alerts state, when they state exactly one: the 75/90/100 % alerts of a
 * monitor each carry the monitor's spend, so a group repeats one figure; adding them would count it 3 times.
 * Alerts stating different figures get no group figure; each line then shows its own.
 */
function sharedSpend(shown: readonly NotifiedAlert[]): string | undefined {
  const figures = new Set(shown.flatMap((a) => moneyText(a) ?? []));
  return figures.size === 1 ? [...figures][0] : undefined;
}

function messageAlert(alert: NotifiedAlert, createdAt: string, spend: string | undefined, zone: string | undefined): MessageAlert {
  const own = moneyText(alert);
  const numbers = own === spend ? undefined : own;
  const timing =
    alert.status === 'resolved'
      ? `resolved after ${formatDuration(new Date(alert.endsAt ?? createdAt).getTime() - new Date(alert.startsAt).getTime())}`
      : `firing since ${formatInstant(alert.startsAt, zone)}`;
  return {
    fingerprint: alert.fingerprint,
    status: alert.status,
    summary: alert.annotations.summary,
    ...(alert.annotations.description === undefined ? {} : { description: alert.annotations.description }),
    ...(numbers === undefined ? {} : { numbers }),
    timing,
  };
}

/** One alert's own money as `412.50 credits (≈ $1,031)`; undefined when it carries none. Never a sum. */
function moneyText(alert: NotifiedAlert): string | undefined {
  const { credits, usd } = alert.annotations;
  const creditText = typeof credits === 'number' ? `${formatCredits(credits)} credits` : undefined;
  const usdText = typeof usd === 'number' ? formatUsd(usd) : undefined;
  if (creditText !== undefined && usdText !== undefined) return `${creditText} (≈ ${usdText})`;
  return creditText ?? usdText;
}

function contextOf(alerts: readonly NotifiedAlert[]): string[] {
  const lines = new Set<string>();
  for (const alert of alerts) for (const line of alert.annotations.context ?? []) lines.add(line);
  return [...lines];
}

/** From the first start to the last end (or `createdAt` when an alert has no end). */
function spanMs(alerts: readonly NotifiedAlert[], createdAt: string): number {
  const starts = alerts.map((a) => new Date(a.startsAt).getTime());
  const ends = alerts.map((a) => new Date(a.endsAt ?? createdAt).getTime());
  if (starts.length === 0) return 0;
  return Math.max(...ends) - Math.min(...starts);
}
