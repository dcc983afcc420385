/**
 * The contract every notifier keeps, run against each receiver type through `createNotifier` and the real
 * client library talking to its fake: a firing then a resolved notification arrive as the provider's
 * messages, each says what to do, the resolve is recognisable as one, `send_resolved: false` sends
 * nothing, and a provider that is down gives a retryable failure instead of a throw.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { ReceiverData } from '../../../src/notifiers/notifier.js';
import type { ReceiverConfig, ReceiverType } from '../../../src/notifiers/registry.js';
import { createNotifier, type NotifierDeps } from '../../../src/notifiers/registry.js';
import { FakePagerDuty } from '../../fakes/fake-pagerduty.js';
import { FakeSlackWebhook } from '../../fakes/fake-slack-webhook.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSmtp } from '../../fakes/fake-smtp.js';
import { COST_100_FIRING, cost100Resolved } from '../../fixtures/notifiers/notifications.js';

/** One thing the provider received, reduced to what the contract checks. */
interface Delivery {
  readonly action: string;
  readonly text: string;
}

interface Harness {
  readonly receiver: (sendResolved: boolean) => ReceiverConfig;
  readonly deps: NotifierDeps;
  readonly deliveries: () => Delivery[];
  /** Which `ReceiverData` key later sends need; undefined when the provider returns nothing to keep. */
  readonly dataKey?: keyof ReceiverData;
  /** Stops the provider so sends fail (then `stop` does nothing); undefined for receivers without one. */
  readonly takeDown?: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

const HARNESSES: { readonly [K in ReceiverType]: () => Promise<Harness> } = {
  slack: async () => {
    const fake = await new FakeSlack().start();
    return {
      receiver: (sendResolved) => ({
        type: 'slack',
        name: 'slack-data-costs',
        sendResolved,
        channel: '#data-costs',
        token: new Secret('xoxb-contract'),
        apiUrl: fake.apiUrl,
      }),
      deps: { timeoutMs: 2000 },
      deliveries: () => fake.calls.map((c) => ({ action: c.method, text: JSON.stringify(c.params) })),
      dataKey: 'slack',
      takeDown: () => fake.stop(),
      stop: () => fake.stop(),
    };
  },
  slack_webhook: async () => {
    const fake = await new FakeSlackWebhook().start();
    return {
      receiver: (sendResolved) => ({ type: 'slack_webhook', name: 'slack-hook', sendResolved, url: new Secret(fake.url) }),
      deps: { timeoutMs: 2000 },
      deliveries: () => fake.posts.map((p) => ({ action: 'post', text: JSON.stringify(p.body) })),
      takeDown: () => fake.stop(),
      stop: () => fake.stop(),
    };
  },
  pagerduty: async () => {
    const fake = await new FakePagerDuty().start();
    return {
      receiver: (sendResolved) => ({
        type: 'pagerduty',
        name: 'pagerduty-data',
        sendResolved,
        routingKey: new Secret('R0UTINGKEY0000000000000000000002'),
        server: fake.server,
      }),
      deps: { timeoutMs: 2000, pagerDutyAgent: fake.agent(), pagerDutyRetryTimeoutMs: 5 },
      deliveries: () => fake.events.map((e) => ({ action: String(e.body.event_action), text: JSON.stringify(e.body) })),
      dataKey: 'pagerduty',
      takeDown: () => fake.stop(),
      stop: () => fake.stop(),
    };
  },
  email: async () => {
    const fake = await new FakeSmtp().start();
    return {
      receiver: (sendResolved) => ({
        type: 'email',
        name: 'email-lead',
        sendResolved,
        to: ['lead@example.com'],
        from: 'snowmon@example.com',
        smtp: { host: '127.0.0.1', port: fake.port, secure: false },
      }),
      deps: { timeoutMs: 2000 },
      deliveries: () => fake.messages.map((m) => ({ action: 'mail', text: `${m.mail.headers.get('subject') ?? ''}\n${m.mail.text ?? ''}` })),
      dataKey: 'email',
      takeDown: () => fake.stop(),
      stop: () => fake.stop(),
    };
  },
  console: async () => {
    const written: string[] = [];
    return {
      receiver: (sendResolved) => ({ type: 'console', name: 'console', sendResolved }),
      deps: { out: { write: (text: string) => written.push(text) } },
      deliveries: () => written.map((text) => ({ action: 'write', text })),
      stop: async () => undefined,
    };
  },
};

const KINDS = Object.keys(HARNESSES) as ReceiverType[];

for (const kind of KINDS) {
  describe(`notifier contract: ${kind}`, () => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    it('does deliver the firing message with what to do, then a recognisable resolve, when the group fires and resolves', async () => {
      harness = await HARNESSES[kind]();
      const notifier = createNotifier(harness.receiver(true), harness.deps);
      const first = await notifier.send(COST_100_FIRING);
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      if (harness.dataKey !== undefined) expect(first.receiverData[harness.dataKey]).toBeDefined();
      const fired = harness.deliveries();
      expect(fired.length).toBeGreaterThanOrEqual(1);
      for (const delivery of fired) {
        expect(delivery.text).toContain('cost monitor ACCOUNT_MONTHLY at 100%');
        expect(delivery.text).toContain('review the top queries');
      }

      const second = await notifier.send(cost100Resolved(first.receiverData));
      await notifier.close?.();
      expect(second.ok).toBe(true);
      if (second.ok && harness.dataKey !== undefined) expect(second.receiverData[harness.dataKey]).toEqual(first.receiverData[harness.dataKey]);
      const resolved = harness.deliveries().slice(fired.length);
      expect(resolved.length).toBeGreaterThanOrEqual(1);
      for (const delivery of resolved) {
        expect(delivery.action === 'resolve' || delivery.text.includes('RESOLVED')).toBe(true);
      }
    });

    it('does send nothing for the resolve and keep the earlier receiver data when send_resolved is off', async () => {
      harness = await HARNESSES[kind]();
      const notifier = createNotifier(harness.receiver(false), harness.deps);
      const first = await notifier.send(COST_100_FIRING);
      if (!first.ok) throw new Error(first.error);
      const before = harness.deliveries().length;
      const second = await notifier.send(cost100Resolved(first.receiverData));
      await notifier.close?.();
      expect(second).toEqual({ ok: true, receiverData: first.receiverData, providerResponse: expect.stringContaining('send_resolved is off') });
      expect(harness.deliveries()).toHaveLength(before);
    });

    it.skipIf(kind === 'console')('does return a retryable failure instead of throwing when the provider is down', async () => {
      harness = await HARNESSES[kind]();
      await harness.takeDown?.();
      const notifier = createNotifier(harness.receiver(true), harness.deps);
      const result = await notifier.send(COST_100_FIRING);
      await notifier.close?.();
      expect(result).toMatchObject({ ok: false, retryable: true });
    });
  });
}
