/**
 * The delivery pass on its own, over a SQLite store and in-process notifiers: previous receiver data
 * threads later sends, an older unsent notification of the same group goes first, a receiver missing
 * from the routing table is a dead letter, a throwing notifier is retried, and Slack rows wait for their
 * channel's token instead of sleeping.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../../../src/dispatch/dispatch-events.js';
import { ChannelRateLimit } from '../../../src/delivery/channel-rate-limit.js';
import { deliverOutbox, type DeliverOutboxDeps } from '../../../src/delivery/deliver-outbox.js';
import type { Database } from '../../../src/ledger/database.js';
import { NotificationLog } from '../../../src/ledger/notification-log.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import type { Notification, Notifier, SendResult } from '../../../src/notifiers/notifier.js';

const T0 = new Date('2026-11-16T10:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);
const GROUP = '{}/{alert_type="dbt_test_failure"}:{alert_type="dbt_test_failure", model="orders"}';

function note(id: string, createdAt: Date, receiver = 'slack-a', kind: Notification['kind'] = 'firing'): Notification {
  return {
    id,
    receiver,
    route: 'dbt',
    groupKey: GROUP,
    groupLabels: { model: 'orders' },
    kind,
    status: 'firing',
    reason: 'first notification',
    alerts: [{ fingerprint: 'f1', labels: { model: 'orders' }, annotations: { summary: 'orders failed' }, status: 'firing', startsAt: T0.toISOString() }],
    createdAt: createdAt.toISOString(),
  };
}

class Recorder implements Notifier {
  readonly sent: Notification[] = [];
  constructor(private readonly answer: (n: Notification) => SendResult | Promise<SendResult>) {}
  async send(n: Notification): Promise<SendResult> {
    this.sent.push(n);
    return this.answer(n);
  }
}

describe('deliverOutbox', () => {
  let dir: string;
  let db: Kysely<Database>;
  let events: DispatchEvent[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snowmon-deliver-'));
    db = await openDatabase(`sqlite:${join(dir, 'store.db')}`);
    events = [];
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (notifiers: Record<string, Notifier>, channels: Record<string, string> = {}, owner = 'me'): DeliverOutboxDeps => ({
    outbox: new Outbox(db, { random: () => 0.5 }),
    log: new NotificationLog(db),
    owner,
    leaseMs: 60_000,
    notifierFor: (r) => notifiers[r],
    channelOf: (r) => channels[r],
    rateLimit: new ChannelRateLimit(),
    emit: (e) => events.push(e),
    onDelivered: async () => {},
    onDead: async () => {},
  });

  it('does thread a later send with what the first returned, merged into the notification log', async () => {
    const slack = new Recorder((n) => ({ ok: true, receiverData: n.previous ?? { slack: { channelId: 'C1', ts: '1.1' } }, providerResponse: 'ok' }));
    const log = new NotificationLog(db);
    await log.put({ groupKey: GROUP, receiver: 'slack-a', firingFingerprints: ['f1'], resolvedFingerprints: [], sentAt: T0 });
    const outbox = new Outbox(db);
    await outbox.enqueue(note('n1', T0));
    await outbox.enqueue(note('n2', plus(1000), 'slack-a', 'update'));
    const summary = await deliverOutbox(deps({ 'slack-a': slack }), plus(2000), 10);
    expect(summary).toMatchObject({ claimed: 2, sent: 2 });
    expect(slack.sent.map((n) => [n.id, n.previous])).toEqual([
      ['n1', undefined],
      ['n2', { slack: { channelId: 'C1', ts: '1.1' } }],
    ]);
    expect((await log.get(GROUP, 'slack-a'))?.receiverData).toEqual({ slack: { channelId: 'C1', ts: '1.1' } });
  });

  it('does hold a newer notification back while an older one of the same group and receiver waits for a retry', async () => {
    let fail = true;
    const hook = new Recorder(() => (fail ? { ok: false, retryable: true, error: 'HTTP 503' } : { ok: true, receiverData: {}, providerResponse: 'ok' }));
    const outbox = new Outbox(db);
    await outbox.enqueue(note('old', T0, 'hook'));
    await outbox.enqueue(note('new', plus(1000), 'hook', 'update'));
    const first = await deliverOutbox(deps({ hook }), plus(2000), 10);
    expect(first).toMatchObject({ claimed: 2, failed: 1, released: 1 });
    const retryAt = (await outbox.get('old'))!.nextAttemptAt;
    expect(retryAt).toEqual(plus(2000 + 15_000));
    expect(await outbox.get('new')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: retryAt });
    fail = false;
    expect(await deliverOutbox(deps({ hook }), retryAt, 10)).toMatchObject({ sent: 2 });
    expect(hook.sent.map((n) => n.id)).toEqual(['old', 'old', 'new']);
  });

  it('does make a dead letter of a row whose receiver left the routing table, and retry one whose notifier threw', async () => {
    const throwing = new Recorder(() => {
      throw new Error('socket hang up');
    });
    const outbox = new Outbox(db);
    await outbox.enqueue(note('gone', T0, 'removed'));
    await outbox.enqueue({ ...note('boom', T0, 'thrower'), groupKey: 'other' });
    expect(await deliverOutbox(deps({ thrower: throwing }), T0, 10)).toMatchObject({ dead: 1, failed: 1 });
    expect(await outbox.get('gone')).toMatchObject({ status: 'dead', lastError: 'receiver removed is not in the routing table' });
    expect(await outbox.get('boom')).toMatchObject({ status: 'failed', lastError: 'notifier threw: socket hang up' });
  });

  it('does release a Slack row to the next second instead of sending two to one channel at once', async () => {
    const slack = new Recorder(() => ({ ok: true, receiverData: {}, providerResponse: 'ok' }));
    const outbox = new Outbox(db);
    await outbox.enqueue({ ...note('a', T0), groupKey: 'g1' });
    await outbox.enqueue({ ...note('b', T0), groupKey: 'g2' });
    const d = deps({ 'slack-a': slack }, { 'slack-a': '#data-costs' });
    expect(await deliverOutbox(d, T0, 10)).toMatchObject({ sent: 1, released: 1 });
    expect(await deliverOutbox(d, plus(999), 10)).toMatchObject({ claimed: 0 });
    expect(await deliverOutbox(d, plus(1000), 10)).toMatchObject({ sent: 1 });
    const sentAt = events.flatMap((e) => (e.type === 'notification_sent' ? [e.at.getTime()] : []));
    expect(sentAt).toEqual([T0.getTime(), plus(1000).getTime()]);
  });
});
