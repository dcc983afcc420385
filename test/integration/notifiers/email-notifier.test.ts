import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmailNotifier } from '../../../src/notifiers/email.js';
import type { EmailReceiver } from '../../../src/notifiers/email.js';
import { FakeSmtp } from '../../fakes/fake-smtp.js';
import { COST_100_ALERT, COST_100_FIRING, COST_GROUP_KEY, cost100Resolved } from '../../fixtures/notifiers/notifications.js';

const COST_90 = {
  ...COST_100_FIRING,
  route: 'cost-90',
  alerts: [
    {
      ...COST_100_ALERT,
      labels: { ...COST_100_ALERT.labels, threshold: '90', severity: 'warning' },
      annotations: { ...COST_100_ALERT.annotations, summary: 'cost monitor ACCOUNT_MONTHLY at 90% of 1,000 credits' },
    },
  ],
};

describe('EmailNotifier against the fake SMTP server (real nodemailer)', () => {
  let fake: FakeSmtp;

  beforeAll(async () => {
    fake = await new FakeSmtp().start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.messages.length = 0;
  });

  it('does send one text and HTML message with the tier in the subject and the group headers when the group fires', async () => {
    const notifier = new EmailNotifier(receiver(fake.port, ['lead@example.com']));
    const result = await notifier.send(COST_90);
    await notifier.close();
    expect(result).toMatchObject({
      ok: true,
      receiverData: { email: { messageId: expect.stringMatching(/^<snowmon\.outbox-1\.[0-9a-f]{12}@example\.com>$/) } },
    });
    expect(fake.messages).toHaveLength(1);
    const [sent] = fake.messages;
    expect(sent?.from).toBe('snowmon@example.com');
    expect(sent?.to).toEqual(['lead@example.com']);
    const mail = sent!.mail;
    expect(mail.headers.get('subject')).toBe('[COST 90%] WARNING: cost monitor ACCOUNT_MONTHLY at 90% of 1,000 credits (respond by Mon 23 Nov 09:15 UTC)');
    expect(mail.headers.get('x-snowmon-group')).toBe(COST_GROUP_KEY);
    expect(mail.headers.get('x-alert-fingerprint')).toBe(COST_100_ALERT.fingerprint);
    expect(mail.contentType).toMatch(/^multipart\/alternative/);
    expect(mail.text).toContain('What to do: review the top queries');
    expect(mail.text).toContain('- TRANSFORM_WH: 612.4 credits this cycle (suspended)');
    expect(mail.html).toContain('<strong>What to do:</strong> review the top queries');
    expect(mail.html).toContain('<li>BI_WH: 301.9 credits this cycle (suspended)</li>');
  });

  it('does thread the resolve under the first message when the group resolves', async () => {
    const notifier = new EmailNotifier(receiver(fake.port, ['lead@example.com']));
    const first = await notifier.send(COST_90);
    if (!first.ok) throw new Error(first.error);
    const second = await notifier.send({
      ...cost100Resolved(first.receiverData),
      route: 'cost-90',
      alerts: [{ ...COST_90.alerts[0]!, status: 'resolved', endsAt: '2026-11-23T09:15:00.000Z' }],
    });
    await notifier.close();
    expect(second).toMatchObject({ ok: true, receiverData: first.receiverData });
    const firstId = first.receiverData.email?.messageId;
    const reply = fake.messages[1]!.mail;
    expect(reply.headers.get('in-reply-to')).toBe(firstId);
    expect(reply.headers.get('references')).toBe(firstId);
    expect(reply.headers.get('subject')).toBe('[COST 90%] RESOLVED: cost monitor ACCOUNT_MONTHLY at 90% of 1,000 credits');
    expect(reply.text).toContain('Resolved after 14m');
  });

  it('does return retryable when the server refuses the recipient with 4xx', async () => {
    fake.refuse('busy@example.com', 450);
    const notifier = new EmailNotifier(receiver(fake.port, ['busy@example.com']));
    const result = await notifier.send(COST_90);
    await notifier.close();
    expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^smtp EENVELOPE 450 at RCPT TO/) });
    expect(fake.messages).toHaveLength(0);
  });

  it('does return a permanent failure when the server refuses the recipient with 5xx', async () => {
    fake.refuse('nobody@example.com', 550);
    const notifier = new EmailNotifier(receiver(fake.port, ['nobody@example.com']));
    const result = await notifier.send(COST_90);
    await notifier.close();
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^smtp EENVELOPE 550 at RCPT TO/) });
  });

  it('does deliver to the others and say who was refused when one of several recipients is refused', async () => {
    fake.refuse('gone@example.com', 550);
    const notifier = new EmailNotifier(receiver(fake.port, ['lead@example.com', 'gone@example.com']));
    const result = await notifier.send(COST_90);
    await notifier.close();
    expect(result).toMatchObject({ ok: true, providerResponse: expect.stringContaining('(refused: gone@example.com)') });
    expect(fake.messages[0]?.to).toEqual(['lead@example.com']);
  });

  it('does return retryable when nothing listens on the port', async () => {
    const closed = await new FakeSmtp().start();
    const port = closed.port;
    await closed.stop();
    const notifier = new EmailNotifier(receiver(port, ['lead@example.com']));
    const result = await notifier.send(COST_90);
    await notifier.close();
    expect(result).toEqual({ ok: false, retryable: true, error: 'smtp ESOCKET at CONN' });
  });
});

function receiver(port: number, to: readonly string[]): EmailReceiver {
  return {
    type: 'email',
    name: 'email-lead',
    sendResolved: true,
    to,
    from: 'snowmon <snowmon@example.com>',
    smtp: { host: '127.0.0.1', port, secure: false },
  };
}
