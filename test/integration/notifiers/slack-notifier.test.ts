import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { SlackReceiver } from '../../../src/notifiers/slack.js';
import { SlackNotifier } from '../../../src/notifiers/slack.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { COST_100_FIRING, cost100Escalation, cost100Resolved, PIPELINE_FAILURE } from '../../fixtures/notifiers/notifications.js';

const TOKEN = 'xoxb-test-token-1234';

describe('SlackNotifier against the fake Web API', () => {
  let fake: FakeSlack;
  let notifier: SlackNotifier;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    notifier = new SlackNotifier(receiver(fake.apiUrl), { timeoutMs: 500 });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('does post a Block Kit parent and return the channel id and ts when the group is new', async () => {
    const result = await notifier.send(COST_100_FIRING);
    const channelId = FakeSlack.channelId('#data-costs');
    expect(result).toEqual({
      ok: true,
      receiverData: { slack: { channelId, ts: '1700000000.000100' } },
      providerResponse: `slack ${channelId} 1700000000.000100`,
    });
    const [call] = fake.calls;
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.params['channel']).toBe('#data-costs');
    expect(call?.params['thread_ts']).toBeUndefined();
    expect(call?.params['text']).toContain('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    const blocks = call?.params['blocks'] as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended', emoji: true },
    });
    const all = JSON.stringify(blocks);
    expect(all).toContain(':alarm_clock: *respond by Mon 23 Nov 09:15 UTC*');
    expect(all).toContain('*What to do:* review the top queries');
    expect(all).toContain('TRANSFORM_WH: 612.4 credits this cycle (suspended)');
  });

  it('does update the parent and reply in its thread when the group resolves', async () => {
    const first = await notifier.send(COST_100_FIRING);
    if (!first.ok) throw new Error(first.error);
    const result = await notifier.send(cost100Resolved(first.receiverData));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.receiverData).toEqual(first.receiverData);
    expect(fake.calledMethods()).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
    const { channelId = '', ts = '' } = first.receiverData['slack'] ?? {};
    const updated = fake.message(channelId, ts);
    expect(updated?.text).toContain('✅ [RESOLVED] cost monitor ACCOUNT_MONTHLY at 100%');
    expect(JSON.stringify(updated?.blocks)).toContain('~🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended~ — *resolved after 14m*');
    const reply = fake.messages[1];
    expect(reply?.threadTs).toBe(ts);
    expect(reply?.replyBroadcast).toBe(false);
    expect(fake.calls[1]?.params['channel']).toBe(channelId);
  });

  it('does fall back to a thread reply when the parent can no longer be edited', async () => {
    const first = await notifier.send(COST_100_FIRING);
    if (!first.ok) throw new Error(first.error);
    fake.failNext('chat.update', { error: 'edit_window_closed' });
    const result = await notifier.send(cost100Resolved(first.receiverData));
    expect(result).toMatchObject({ ok: true, providerResponse: expect.stringContaining('parent not updated: edit_window_closed') });
    expect(fake.messages[1]?.threadTs).toBe(first.receiverData.slack?.ts);
    expect(fake.messages[1]?.text).toContain('✅ [RESOLVED]');
  });

  it('does broadcast the thread reply with the mention when it escalates', async () => {
    const first = await notifier.send(COST_100_FIRING);
    if (!first.ok) throw new Error(first.error);
    const result = await notifier.send(cost100Escalation(first.receiverData));
    expect(result.ok).toBe(true);
    expect(fake.calledMethods()).toEqual(['chat.postMessage', 'chat.postMessage']);
    const reply = fake.messages[1];
    expect(reply?.replyBroadcast).toBe(true);
    expect(reply?.threadTs).toBe(first.receiverData.slack?.ts);
    expect(reply?.text.startsWith('@data-oncall 🚨 🔴 [CRITICAL]')).toBe(true);
  });

  it('does show the due time in the configured zone when one is given', async () => {
    const london = new SlackNotifier(receiver(fake.apiUrl), { timeZone: 'Europe/London' });
    await london.send(PIPELINE_FAILURE);
    expect(fake.messages[0]?.text).toContain('🟠 [ERROR] model fct_orders failed in nightly — respond by Mon 23 Nov 09:15 GMT');
  });

  it('does return retryable with Retry-After when Slack answers 429', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: true, retryAfterMs: 7000, error: 'slack chat.postMessage: rate limited (429), retry after 7s' });
    expect(fake.calls).toHaveLength(1);
  });

  it('does return retryable without a wait when a 429 has no Retry-After', async () => {
    fake.failNext('chat.postMessage', { status: 429 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it('does return retryable when Slack answers 5xx, once', async () => {
    fake.failNext('chat.postMessage', { status: 503 });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: true, error: 'slack chat.postMessage: HTTP 503' });
    expect(fake.calls).toHaveLength(1);
  });

  it('does return not retryable when Slack answers ok:false', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: false, error: 'slack chat.postMessage: channel_not_found' });
  });

  it('does return retryable when Slack answers ok:false ratelimited', async () => {
    fake.failNext('chat.postMessage', { error: 'ratelimited' });
    expect(await notifier.send(COST_100_FIRING)).toMatchObject({ ok: false, retryable: true });
  });

  it('does return retryable when Slack answers ok:false with a transient server error', async () => {
    fake.failNext('chat.postMessage', { error: 'service_unavailable' });
    expect(await notifier.send(COST_100_FIRING)).toEqual({ ok: false, retryable: true, error: 'slack chat.postMessage: service_unavailable' });
  });

  it('does answer auth.test for the bot token the real client sends', async () => {
    const client = new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const answer = await client.auth.test();
    expect(answer).toMatchObject({ ok: true, user_id: 'U0SNOWMON', team_id: 'T0FAKE' });
    expect(fake.calls[0]?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('does return retryable when the request times out', async () => {
    fake.failNext('chat.postMessage', { hang: true });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: false, retryable: true, error: 'slack chat.postMessage: timed out' });
  });

  it('does return retryable without the token when the connection is refused', async () => {
    await fake.stop();
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toMatchObject({ ok: false, retryable: true });
    if (!result.ok) {
      expect(result.error).toMatch(/^slack chat.postMessage: /);
      expect(result.error).not.toContain(TOKEN);
    }
  });

  it('does not post the reply when updating the parent fails retryably', async () => {
    const first = await notifier.send(COST_100_FIRING);
    if (!first.ok) throw new Error(first.error);
    fake.failNext('chat.update', { status: 500 });
    const result = await notifier.send(cost100Resolved(first.receiverData));
    expect(result).toEqual({ ok: false, retryable: true, error: 'slack chat.update: HTTP 500' });
    expect(fake.messages).toHaveLength(1);
  });
});

function receiver(apiUrl: string): SlackReceiver {
  return { type: 'slack', name: 'slack-data-costs', sendResolved: true, channel: '#data-costs', token: new Secret(TOKEN), apiUrl };
}
