import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { SlackWebhookReceiver } from '../../../src/notifiers/slack-webhook.js';
import { SlackWebhookNotifier } from '../../../src/notifiers/slack-webhook.js';
import { FakeSlackWebhook } from '../../fakes/fake-slack-webhook.js';
import { COST_100_FIRING, COST_TIERS_FIRING, cost100Resolved } from '../../fixtures/notifiers/notifications.js';

describe('SlackWebhookNotifier against the fake incoming webhook (real @slack/webhook)', () => {
  let fake: FakeSlackWebhook;
  let notifier: SlackWebhookNotifier;

  beforeEach(async () => {
    fake = await new FakeSlackWebhook().start();
    notifier = new SlackWebhookNotifier(receiver(fake.url)); // the default 10 s deadline: a loaded machine is slow, no test here hangs
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('does post the same Block Kit message as the Web API receiver with top-level text when the group fires', async () => {
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: true, receiverData: {}, providerResponse: 'slack webhook ok' });
    const [post] = fake.posts;
    expect(post?.path).toBe('/hooks/T0FAKE/B0FAKE/not-a-real-secret');
    expect(post?.body.text).toBe('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended — respond by Mon 23 Nov 09:15 UTC');
    expect(post?.body.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(post?.body).not.toHaveProperty('thread_ts');
  });

  it('does post the resolve as a new message, not a thread reply, when the group resolves', async () => {
    await notifier.send(COST_100_FIRING);
    const result = await notifier.send(cost100Resolved({ slack: { channelId: 'C1', ts: '1.1' } }));
    expect(result.ok).toBe(true);
    expect(fake.posts).toHaveLength(2);
    expect(fake.posts[1]?.body.text).toContain('✅ [RESOLVED]');
    expect(fake.posts[1]?.body).not.toHaveProperty('thread_ts');
  });

  it('does post one monitor’s spend once, never the sum of its tier alerts', async () => {
    await notifier.send(COST_TIERS_FIRING);
    const posted = JSON.stringify(fake.posts[0]?.body.blocks);
    expect(posted.split('285.73 credits').length - 1).toBe(1);
    expect(posted).not.toContain('857.19');
  });

  it('does return retryable when the hook answers 429', async () => {
    fake.failNext({ status: 429, body: 'rate_limited' });
    expect(await notifier.send(COST_100_FIRING)).toEqual({ ok: false, retryable: true, error: 'slack webhook: HTTP 429: rate_limited' });
  });

  it('does return retryable once when the hook answers 500', async () => {
    fake.failNext({ status: 500 });
    expect(await notifier.send(COST_100_FIRING)).toMatchObject({ ok: false, retryable: true });
    expect(fake.posts).toHaveLength(1);
  });

  it('does return a permanent failure when the hook refuses the payload with 400', async () => {
    fake.failNext({ status: 400, body: 'invalid_blocks' });
    expect(await notifier.send(COST_100_FIRING)).toEqual({ ok: false, retryable: false, error: 'slack webhook: HTTP 400: invalid_blocks' });
  });

  it('does return a permanent failure when the hook was removed (404 no_service)', async () => {
    fake.failNext({ status: 404, body: 'no_service' });
    expect(await notifier.send(COST_100_FIRING)).toMatchObject({ ok: false, retryable: false });
  });

  it('does not reveal the hook URL when the connection is refused', async () => {
    const url = fake.url;
    await fake.stop();
    const result = await new SlackWebhookNotifier(receiver(url)).send(COST_100_FIRING);
    expect(result).toMatchObject({ ok: false, retryable: true });
    if (!result.ok) expect(result.error).not.toContain('not-a-real-secret');
  });
});

function receiver(url: string): SlackWebhookReceiver {
  return { type: 'slack_webhook', name: 'slack-hook', sendResolved: true, url: new Secret(url) };
}
