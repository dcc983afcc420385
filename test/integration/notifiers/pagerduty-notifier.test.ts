import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { event } from '@pagerduty/pdjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { PagerDutyNotifier } from '../../../src/notifiers/pagerduty.js';
import type { PagerDutyReceiver } from '../../../src/notifiers/pagerduty.js';
import { FakePagerDuty } from '../../fakes/fake-pagerduty.js';
import { COST_100_ALERT, COST_100_FIRING, COST_GROUP_KEY, cost100Resolved, PIPELINE_FAILURE } from '../../fixtures/notifiers/notifications.js';

const ROUTING_KEY = 'R0UTINGKEY0000000000000000000001';
const EXPECTED_KEY = createHash('sha256').update(`cost-100-suspend|${COST_GROUP_KEY}`).digest('hex');

describe('PagerDutyNotifier against the fake Events API (HTTPS, real pdjs)', () => {
  let fake: FakePagerDuty;
  let notifier: PagerDutyNotifier;

  beforeAll(async () => {
    fake = await new FakePagerDuty().start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.events.length = 0;
    notifier = new PagerDutyNotifier(receiver(fake.server), { agent: fake.agent(), retryTimeoutMs: 5 });
  });

  it('does trigger with the deterministic dedup_key and the message details when the group fires', async () => {
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({
      ok: true,
      receiverData: { pagerduty: { dedupKey: EXPECTED_KEY } },
      providerResponse: `pagerduty trigger 202 ${EXPECTED_KEY}`,
    });
    const [sent] = fake.events;
    expect(sent?.path).toBe('/v2/enqueue');
    expect(sent?.body).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: EXPECTED_KEY,
      payload: {
        summary: '[CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended',
        source: 'snowmon',
        severity: 'critical',
        timestamp: COST_100_FIRING.createdAt,
        component: 'ACCOUNT_MONTHLY',
        group: 'cost-100-suspend',
        class: 'cost_monitor',
        custom_details: {
          what_to_do: COST_100_ALERT.annotations.runbook,
          respond: 'respond by Mon 23 Nov 09:15 UTC',
          due_at: '2026-11-23T09:15:00.000Z',
          labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY' },
          context: COST_100_ALERT.annotations.context,
        },
      },
    });
    expect(EXPECTED_KEY).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does resolve with the same dedup_key and no payload when the group resolves', async () => {
    const first = await notifier.send(COST_100_FIRING);
    if (!first.ok) throw new Error(first.error);
    const result = await notifier.send(cost100Resolved(first.receiverData));
    expect(result).toMatchObject({ ok: true, receiverData: { pagerduty: { dedupKey: EXPECTED_KEY } } });
    expect(fake.events[1]?.body).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: EXPECTED_KEY });
  });

  it('does resolve with the computed key when nothing was stored (after a restart)', async () => {
    await notifier.send(cost100Resolved(undefined));
    expect(fake.events[0]?.body['dedup_key']).toBe(EXPECTED_KEY);
  });

  it('does send severity error when a pipeline fails', async () => {
    await notifier.send(PIPELINE_FAILURE);
    expect(fake.events[0]?.body.payload?.['severity']).toBe('error');
  });

  it('does cut the summary to 1024 characters when the alert summary is longer', async () => {
    const long = { ...COST_100_FIRING, alerts: [{ ...COST_100_ALERT, annotations: { ...COST_100_ALERT.annotations, summary: 'x'.repeat(3000) } }] };
    await notifier.send(long);
    const summary = String(fake.events[0]?.body.payload?.['summary']);
    expect([...summary]).toHaveLength(1024);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('does return a permanent failure with the errors when PagerDuty answers 400', async () => {
    fake.answerNext({ status: 400 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: false, error: "pagerduty trigger: HTTP 400: 'routing_key' is invalid" });
  });

  it('does return retryable when PagerDuty keeps answering 429 (after pdjs own three quick retries)', async () => {
    fake.answerNext({ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('HTTP 429') });
    expect(fake.events).toHaveLength(4);
  });

  it('does return retryable without retrying when PagerDuty answers 500', async () => {
    fake.answerNext({ status: 500 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: true, error: 'pagerduty trigger: HTTP 500: internal error' });
    expect(fake.events).toHaveLength(1);
  });

  it('does return retryable when a 502 comes back as HTML', async () => {
    fake.answerNext({ status: 502, rawBody: '<html>bad gateway</html>' });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('does return retryable and leave no timer behind when the connection is refused', async () => {
    const port = await closedPort();
    const refused = new PagerDutyNotifier(receiver(`127.0.0.1:${port}`), { agent: fake.agent() });
    const { result, left } = await timersLeftBy(() => refused.send(COST_100_FIRING));
    expect(result).toEqual({ ok: false, retryable: true, error: 'pagerduty: ECONNREFUSED' });
    expect(left).toEqual([]);
  });

  it('does show that bare pdjs leaves its requestTimeout timer behind when the connection is refused (why the wrapper sets 0)', async () => {
    const port = await closedPort();
    const { result, left } = await timersLeftBy(() =>
      event({
        server: `127.0.0.1:${port}`,
        requestTimeout: 30_000, // pdjs's default
        data: { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'k', payload: { summary: 's', source: 's', severity: 'info' } },
      }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(String(result)).toMatch(/ECONNREFUSED/);
    expect(left.map((t) => t.delay)).toEqual([30_000]);
    for (const t of left) clearTimeout(t.handle); // this test's stray timer must not outlive it
  });

  it('does return retryable when the call times out', async () => {
    fake.answerNext({ hang: true });
    const slow = new PagerDutyNotifier(receiver(fake.server), { agent: fake.agent(), timeoutMs: 300 });
    const result = await slow.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: true, error: 'pagerduty: timed out' });
  });
});

function receiver(server: string): PagerDutyReceiver {
  return { type: 'pagerduty', name: 'pagerduty-data', sendResolved: true, routingKey: new Secret(ROUTING_KEY), server };
}

/**
 * Runs `fn` and returns the timers it armed that still keep the event loop alive when it settles (not
 * fired, not cleared, not unref'd). Only timers `fn` armed are seen, so other tests' or libraries' timers
 * in the same process cannot change the answer.
 */
async function timersLeftBy<T>(fn: () => Promise<T>): Promise<{ result: T; left: { handle: NodeJS.Timeout; delay: number }[] }> {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const armed = new Map<NodeJS.Timeout, number>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const handle: NodeJS.Timeout = realSet(
      (...a: unknown[]) => {
        armed.delete(handle);
        callback(...a);
      },
      delay,
      ...args,
    );
    armed.set(handle, delay ?? 0);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = (handle?: NodeJS.Timeout | string | number) => {
    if (handle !== undefined && typeof handle === 'object') armed.delete(handle);
    realClear(handle);
  };
  try {
    const result = await fn();
    return { result, left: [...armed].filter(([h]) => h.hasRef()).map(([handle, delay]) => ({ handle, delay })) };
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
