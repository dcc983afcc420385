/**
 * The storm delivered end to end through `Dispatcher` (SQLite file store) to the fake Slack Web API, HTTPS
 * PagerDuty and SMTP servers, on a simulated clock stepped by `nextWakeAt`: messages per receiver, the
 * simulated drain time under Slack's 1 message/s/channel, the wall time, and notifications lost (outbox
 * rows marked sent vs what the fakes received). Then the whole storm resolves and drains again.
 */

import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { DispatchEvent } from '../../src/dispatch/dispatch-events.js';
import type { Database } from '../../src/ledger/database.js';
import { openDatabase } from '../../src/ledger/open-database.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { loadRouting } from '../../src/router/load-routing.js';
import { FakePagerDuty } from '../../test/fakes/fake-pagerduty.js';
import { FakeSlack } from '../../test/fakes/fake-slack.js';
import { FakeSmtp } from '../../test/fakes/fake-smtp.js';
import { STORM_ENV, stormOutcomes, writeStormRouting, type StormGroup } from './storm-scenario.js';

export interface StormDeliveryOptions {
  readonly dir: string;
  readonly groups: readonly StormGroup[];
  readonly start: Date;
  readonly out: (line?: string) => void;
}

interface Fakes {
  readonly slack: FakeSlack;
  readonly pagerDuty: FakePagerDuty;
  readonly smtp: FakeSmtp;
}

/** What the fakes hold per receiver: Slack posts and parent updates, PagerDuty events, emails. */
function receipts(fakes: Fakes): Record<string, number> {
  return {
    'slack-storm': fakes.slack.calls.filter((c) => c.method === 'chat.postMessage').length,
    'slack-storm (chat.update)': fakes.slack.calls.filter((c) => c.method === 'chat.update').length,
    'pagerduty-storm': fakes.pagerDuty.events.length,
    'email-storm': fakes.smtp.messages.length,
  };
}

async function outboxCounts(db: Kysely<Database>): Promise<Map<string, Map<string, number>>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['receiver', 'status', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['receiver', 'status'])
    .execute();
  const out = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const byStatus = out.get(row.receiver) ?? new Map<string, number>();
    byStatus.set(row.status, Number(row.n));
    out.set(row.receiver, byStatus);
  }
  return out;
}

export async function runStormDelivery(options: StormDeliveryOptions): Promise<void> {
  const { out } = options;
  const fakes: Fakes = {
    slack: await new FakeSlack().start(),
    pagerDuty: await new FakePagerDuty().start(),
    smtp: await new FakeSmtp().start(),
  };
  const db = await openDatabase(`sqlite:${join(options.dir, 'storm.db')}`);
  const sentAt: Date[] = [];
  const events = new Map<string, number>();
  const onEvent = (event: DispatchEvent) => {
    events.set(event.type, (events.get(event.type) ?? 0) + 1);
    if (event.type === 'notification_sent') sentAt.push(event.at);
  };
  const routing = await loadRouting(
    writeStormRouting(options.dir, {
      slackApiUrl: fakes.slack.apiUrl,
      pagerDutyServer: fakes.pagerDuty.server,
      smtpHost: '127.0.0.1',
      smtpPort: fakes.smtp.port,
    }),
    STORM_ENV,
  );
  const alerting = new Dispatcher({
    db,
    routing,
    owner: 'bench-storm',
    notifierDeps: { pagerDutyAgent: fakes.pagerDuty.agent(), pagerDutyRetryTimeoutMs: 10 },
    onEvent,
  });
  const outbox = new Outbox(db);
  try {
    out('storm delivered through Dispatcher (SQLite file store, fake Slack/PagerDuty/SMTP, simulated clock):');
    let now = options.start;

    // Phase 1: the storm fires.
    let wall = performance.now();
    await alerting.ingest(stormOutcomes(options.groups, now), now);
    const ingestMs = performance.now() - wall;
    const fired = await drain(alerting, outbox, now, sentAt);
    out(
      `  fire: ingest ${ingestMs.toFixed(0)} ms wall; first notification at +${secs(fired.firstSentAt, now)} (group_wait), ` +
        `drained at +${secs(fired.lastSentAt, now)} simulated = ${secs(fired.lastSentAt, fired.firstSentAt)} of sending; ` +
        `${fired.passes} flush/deliver passes, ${(fired.wallMs / 1000).toFixed(1)} s wall (flush ${(fired.flushMs / 1000).toFixed(1)} s, ` +
        `slowest flush ${(fired.slowestFlushMs / 1000).toFixed(1)} s, ` +
        `deliver ${(fired.deliverMs / 1000).toFixed(1)} s)`,
    );
    const afterFire = receipts(fakes);
    out(`    messages per receiver: ${format(afterFire)}`);

    // Phase 2: every check runs clean: the storm resolves.
    now = new Date((fired.lastSentAt ?? now).getTime() + 60_000);
    wall = performance.now();
    await alerting.ingest(
      stormOutcomes(options.groups, now).map((o) => ({ ...o, findings: [] })),
      now,
    );
    const resolveIngestMs = performance.now() - wall;
    const resolved = await drain(alerting, outbox, now, sentAt);
    out(
      `  resolve: ingest ${resolveIngestMs.toFixed(0)} ms wall; first resolve at +${secs(resolved.firstSentAt, now)} (group_interval), ` +
        `drained at +${secs(resolved.lastSentAt, now)} simulated = ${secs(resolved.lastSentAt, resolved.firstSentAt)} of sending; ` +
        `${resolved.passes} passes, ${(resolved.wallMs / 1000).toFixed(1)} s wall (slowest flush ${(resolved.slowestFlushMs / 1000).toFixed(1)} s)`,
    );
    const afterResolve = receipts(fakes);
    out(`    messages per receiver: ${format(minus(afterResolve, afterFire))}`);

    // Lost: rows marked sent vs what the fakes hold (a Slack update of the parent is part of one notification).
    const rows = await outboxCounts(db);
    const sent = (r: string) => rows.get(r)?.get('sent') ?? 0;
    const unsent = [...rows].flatMap(([r, byStatus]) => [...byStatus].filter(([s]) => s !== 'sent').map(([s, n]) => `${r} ${s} ${n}`));
    const slackReplies = fakes.slack.messages.length;
    const lost = {
      'slack-storm': sent('slack-storm') - slackReplies,
      'pagerduty-storm': sent('pagerduty-storm') - afterResolve['pagerduty-storm']!,
      'email-storm': sent('email-storm') - afterResolve['email-storm']!,
    };
    out(
      `  outbox rows sent: slack ${sent('slack-storm')}, pagerduty ${sent('pagerduty-storm')}, email ${sent('email-storm')}; ` +
        `not sent: ${unsent.length === 0 ? 'none' : unsent.join(', ')}`,
    );
    out(
      `  notifications lost (rows sent − messages the fake holds): ${format(lost)}` +
        `${Object.values(lost).every((n) => n === 0) && unsent.length === 0 ? ' — none lost' : ' — LOST OR UNSENT NOTIFICATIONS'}`,
    );
    out(`  events: ${[...events].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  } finally {
    await alerting.close();
    await db.destroy();
    await fakes.slack.stop();
    await fakes.pagerDuty.stop();
    await fakes.smtp.stop();
  }
  out();
}

interface DrainFigures {
  readonly firstSentAt?: Date;
  readonly lastSentAt?: Date;
  readonly passes: number;
  readonly wallMs: number;
  readonly flushMs: number;
  /** The slowest single flush (the one that routes the whole storm). */
  readonly slowestFlushMs: number;
  readonly deliverMs: number;
}

/**
 * Steps the simulated clock from `from` through flushes and delivery passes (to each `nextWakeAt`) until
 * something was enqueued and the outbox is empty again.
 */
async function drain(alerting: Dispatcher, outbox: Outbox, from: Date, sentAt: Date[]): Promise<DrainFigures> {
  const before = sentAt.length;
  const t0 = performance.now();
  let flushMs = 0;
  let slowestFlushMs = 0;
  let deliverMs = 0;
  let now = from;
  let enqueued = 0;
  let passes = 0;
  for (; passes < 100_000; passes++) {
    let t = performance.now();
    enqueued += (await alerting.flush(now)).enqueued;
    flushMs += performance.now() - t;
    slowestFlushMs = Math.max(slowestFlushMs, performance.now() - t);
    t = performance.now();
    for (;;) {
      const summary = await alerting.deliver(now, { limit: 200 });
      if (summary.sent + summary.failed + summary.dead === 0) break;
    }
    deliverMs += performance.now() - t;
    if (enqueued > 0 && (await outbox.depth()) === 0) break;
    const next = await alerting.nextWakeAt(now);
    if (next === undefined) break;
    now = new Date(Math.max(next.getTime(), now.getTime() + 1));
  }
  const mine = sentAt.slice(before);
  return {
    ...(mine[0] !== undefined ? { firstSentAt: mine[0] } : {}),
    ...(mine.length > 0 ? { lastSentAt: mine[mine.length - 1] } : {}),
    passes,
    wallMs: performance.now() - t0,
    flushMs,
    slowestFlushMs,
    deliverMs,
  };
}

function secs(at: Date | undefined, from: Date | undefined): string {
  if (at === undefined || from === undefined) return '?';
  return `${((at.getTime() - from.getTime()) / 1000).toFixed(0)} s`;
}

function format(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function minus(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]));
}
