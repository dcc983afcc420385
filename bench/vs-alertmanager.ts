/**
 * snowmon next to Prometheus Alertmanager: the same routing table (translated to an AM config) and the
 * same 60-second alert stream, in real time, both delivering webhooks to one local sink. Prints each
 * side's notifications per receiver, first-alert → first-notification latency per group (p50/p95), the
 * groups where the two sides told receivers different things, and the translation's known gaps. Installs
 * Debian's prometheus-alertmanager when it is missing (exits 0 with a message if that is refused).
 * Prints figures; asserts nothing. Run with `npm run bench:vs-alertmanager` (about 90 s).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher } from '../src/dispatch/dispatcher.js';
import type { CheckOutcome } from '../src/checks/check.js';
import { openDatabase } from '../src/ledger/open-database.js';
import { formatLabels, groupLabels } from '../src/router/group.js';
import { loadRouting } from '../src/router/load-routing.js';
import { matchingRoutes } from '../src/router/route-tree.js';
import type { RoutingConfig } from '../src/router/routing-config.js';
import { postAlerts, type PostableAlert } from './alertmanager/alertmanager-client.js';
import { alertmanagerConfig } from './alertmanager/alertmanager-config.js';
import { ensureAlertmanager, startAlertmanager, type RunningAlertmanager } from './alertmanager/alertmanager-process.js';
import {
  COMPARISON_RECEIVERS,
  comparisonRoutingYaml,
  firesAt,
  STREAM,
  STREAM_SECONDS,
  streamChecks,
  urlEnv,
  type StreamAlert,
} from './alertmanager/comparison-scenario.js';
import { firstNotificationLatencies, summarize, type LatencySummary } from './alertmanager/latency-stats.js';
import { toRecord, type NotificationRecord } from './alertmanager/notification-record.js';
import { startWebhookSink } from './alertmanager/webhook-sink.js';

/** After the stream: time for both sides' last group_interval flushes (5 s) to go out. */
const TAIL_SECONDS = 15;
const LOOP_MS = 100;
const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** The labels both sides see: the finding's plus `check` and `severity`, as snowmon's ingest adds them. */
const labelsOf = (a: StreamAlert) => ({ ...a.finding.labels, check: a.check, severity: a.finding.severity });

async function main(): Promise<void> {
  const availability = ensureAlertmanager(err);
  if (!availability.ok) {
    out(`vs-alertmanager: not run: ${availability.reason}. Install it with: apt-get install -y prometheus-alertmanager`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-vs-am-'));
  const sink = await startWebhookSink();
  let am: RunningAlertmanager | undefined;
  const stopAm = () => void am?.stop(1000);
  process.once('SIGINT', stopAm);
  process.once('SIGTERM', stopAm);
  try {
    const env = Object.fromEntries(COMPARISON_RECEIVERS.map((r) => [urlEnv(r), `${sink.url}/snowmon/${r}`]));
    const routingFile = join(dir, 'routing.yaml');
    writeFileSync(routingFile, comparisonRoutingYaml());
    const routing = await loadRouting(routingFile, env);
    const translation = alertmanagerConfig(routing, { webhookUrl: (r) => `${sink.url}/am/${r}`, resolveTimeout: '5m' });
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, translation.yaml);
    am = await startAlertmanager({ binary: availability.binary, configFile: amConfig, storageDir: join(dir, 'am-data') });
    out(`snowmon vs ${availability.version}${availability.installed ? ' (installed now)' : ''} at ${am.url}, pid ${am.pid}`);
    out(`stream: ${STREAM.length} alerts over ${STREAM_SECONDS} s, then ${TAIL_SECONDS} s to settle; group_wait 1s (0s for sla/cost-100), group_interval 5s`);

    const db = await openDatabase(`sqlite:${join(dir, 'snowmon.db')}`);
    const alerting = new Dispatcher({ db, routing, owner: 'vs-alertmanager' });
    const firstAt = new Map<StreamAlert, number>();
    try {
      await run(alerting, am.url, firstAt);
    } finally {
      await alerting.close();
      await db.destroy();
    }
    await am.stop();
    report(routing, sink.receipts.map(toRecord), firstAt, translation.notes);
  } finally {
    process.off('SIGINT', stopAm);
    process.off('SIGTERM', stopAm);
    await am?.stop();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The real-time loop: each second, both sides get the stream's state; snowmon flushes and delivers every 100 ms. */
async function run(alerting: Dispatcher, amUrl: string, firstAt: Map<StreamAlert, number>): Promise<void> {
  const t0 = Date.now();
  const startsAt = (a: StreamAlert) => new Date(t0 + a.from * 1000).toISOString();
  let lastTick = -1;
  while (Date.now() < t0 + (STREAM_SECONDS + TAIL_SECONDS) * 1000) {
    const tick = Math.min(STREAM_SECONDS, Math.floor((Date.now() - t0) / 1000));
    if (tick > lastTick) {
      lastTick = tick;
      const now = new Date();
      const outcomes: CheckOutcome[] = streamChecks().map((check) => ({
        name: check,
        status: 'ok',
        rows: [],
        findings: STREAM.filter((a) => a.check === check && firesAt(a, tick)).map((a) => a.finding),
        startedAt: now.toISOString(),
        durationMs: 0,
        statementsSent: 0,
      }));
      // AM's client contract: re-post every firing alert each time; keep posting resolved ones (with endsAt).
      const posted: PostableAlert[] = STREAM.filter((a) => tick >= a.from).map((a) => ({
        labels: labelsOf(a),
        annotations: { summary: a.finding.summary },
        startsAt: startsAt(a),
        ...(firesAt(a, tick) ? {} : { endsAt: new Date(t0 + (a.to ?? tick) * 1000).toISOString() }),
      }));
      await Promise.all([alerting.ingest(outcomes, now), postAlerts(amUrl, posted)]);
      for (const a of STREAM) if (a.from === tick && !firstAt.has(a)) firstAt.set(a, now.getTime());
    }
    const now = new Date();
    await alerting.flush(now);
    for (;;) {
      const summary = await alerting.deliver(now);
      if (summary.sent + summary.failed + summary.dead === 0) break;
    }
    await new Promise((r) => setTimeout(r, LOOP_MS));
  }
}

function groupsOf(routing: RoutingConfig, a: StreamAlert): string[] {
  const labels = labelsOf(a);
  return matchingRoutes(routing, labels).map((r) => `${r.name}:${formatLabels(groupLabels(r.groupBy, labels))}`);
}

function report(routing: RoutingConfig, records: readonly NotificationRecord[], firstAt: ReadonlyMap<StreamAlert, number>, notes: readonly string[]): void {
  const sides = ['alertmanager', 'snowmon'] as const;
  out();
  out('notifications per receiver (firing / resolved messages):');
  out(`  ${'receiver'.padEnd(20)} ${'alertmanager'.padEnd(14)} snowmon`);
  for (const receiver of COMPARISON_RECEIVERS) {
    const cell = (side: string) => {
      const mine = records.filter((r) => r.side === side && r.receiver === receiver);
      return `${mine.filter((r) => r.status === 'firing').length} / ${mine.filter((r) => r.status === 'resolved').length}`;
    };
    out(`  ${receiver.padEnd(20)} ${cell('alertmanager').padEnd(14)} ${cell('snowmon')}`);
  }
  const totals = sides.map((s) => `${s} ${records.filter((r) => r.side === s).length}`).join(', ');
  out(`  total: ${totals}`);

  const groupStart = new Map<string, number>();
  for (const [alert, at] of firstAt) {
    for (const g of groupsOf(routing, alert)) groupStart.set(g, Math.min(groupStart.get(g) ?? Infinity, at));
  }
  out();
  out(`first alert → first notification, per group (${groupStart.size} groups), ms:`);
  for (const side of sides) {
    const latencies = firstNotificationLatencies(
      groupStart,
      records.filter((r) => r.side === side),
    );
    const never = [...groupStart.keys()].filter((g) => !latencies.has(g));
    out(`  ${side.padEnd(13)} ${formatSummary(summarize([...latencies.values()]))}${never.length > 0 ? `; never notified: ${never.join(', ')}` : ''}`);
  }

  out();
  out('where the two sides told a receiver different things (F = firing message with n firing alerts, R = resolved):');
  const keys = [...new Set(records.map((r) => `${r.group} → ${r.receiver}`))].sort();
  let differences = 0;
  for (const key of keys) {
    const sequence = (side: string) =>
      records
        .filter((r) => r.side === side && `${r.group} → ${r.receiver}` === key)
        .map((r) => (r.status === 'resolved' ? 'R' : `F${r.firing}`))
        .join(' ') || '—';
    const [a, s] = [sequence('alertmanager'), sequence('snowmon')];
    if (a === s) continue;
    differences++;
    out(`  ${key}\n      alertmanager: ${a}\n      snowmon:      ${s}`);
  }
  if (differences === 0) out('  none: every (group, receiver) got the same sequence');

  out();
  out('notes:');
  const resolvedOnlyBySnowmon = keys.filter(
    (k) =>
      records.some((r) => r.side === 'snowmon' && r.status === 'resolved' && `${r.group} → ${r.receiver}` === k) &&
      !records.some((r) => r.side === 'alertmanager' && r.status === 'resolved' && `${r.group} → ${r.receiver}` === k),
  );
  if (resolvedOnlyBySnowmon.length > 0) {
    out(
      `  - snowmon sent a resolve that Alertmanager never sent for: ${resolvedOnlyBySnowmon.join('; ')} ` +
        '(AM drops resolves of alerts that are inhibited or silenced when they resolve, #2754/#226; snowmon resolves what it announced)',
    );
  }
  for (const side of sides) {
    const other = side === 'snowmon' ? 'alertmanager' : 'snowmon';
    const only = keys.filter(
      (k) =>
        records.some((r) => r.side === side && `${r.group} → ${r.receiver}` === k) &&
        !records.some((r) => r.side === other && `${r.group} → ${r.receiver}` === k),
    );
    if (only.length > 0) out(`  - notified only by ${side}: ${only.join('; ')} (a flap around group_wait lands on either side of the group timer)`);
  }
  out(`  - snowmon's latency includes this harness's ${LOOP_MS} ms flush/deliver loop; AM runs its own group timers`);
  out(
    '  - AM alerts live in memory and need re-posting (done here every second); snowmon ingests check runs into its ledger and resolves an alert the first ok run that does not see it',
  );
  for (const note of notes) out(`  - translation: ${note}`);
}

function formatSummary(s: LatencySummary): string {
  if (s.count === 0) return 'no notifications';
  return `n=${s.count} p50=${s.p50} p95=${s.p95} max=${s.max}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`vs-alertmanager failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
