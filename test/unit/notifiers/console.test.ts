import { describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../../src/notifiers/console.js';
import { COST_100_FIRING, COST_100_ON_ACCOUNT, COST_TIERS_FIRING } from '../../fixtures/notifiers/notifications.js';

describe('ConsoleNotifier', () => {
  it('does write the plain-text message with what to do to the given sink', async () => {
    const written: string[] = [];
    const notifier = new ConsoleNotifier({ type: 'console', name: 'demo', sendResolved: true }, { out: { write: (t: string) => written.push(t) } });
    const result = await notifier.send(COST_100_FIRING);
    expect(result).toEqual({ ok: true, receiverData: {}, providerResponse: 'console demo' });
    const text = written.join('');
    expect(text).toContain('── demo · firing · Mon 23 Nov 09:01 UTC ──');
    expect(text).toContain(
      '🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended\nNew: 1 of 1 alert firing (first notification).\nRespond by Mon 23 Nov 09:15 UTC\n',
    );
    expect(text).toContain('What to do: review the top queries');
    expect(text).toContain('- BI_WH: 301.9 credits this cycle (suspended)');
  });
});

describe('ConsoleNotifier money', () => {
  it('does print one monitor’s spend once, never the sum of its tier alerts', async () => {
    const written: string[] = [];
    await new ConsoleNotifier({ type: 'console', name: 'demo', sendResolved: true }, { out: { write: (t: string) => written.push(t) } }).send(
      COST_TIERS_FIRING,
    );
    const text = written.join('');
    expect(text).toContain('Spend: 285.73 credits (≈ $571)');
    expect(text).not.toContain('857.19');
  });
});

describe('ConsoleNotifier account and zone', () => {
  it('does name the account and stamp the message in the route’s zone, not raw ISO', async () => {
    const written: string[] = [];
    await new ConsoleNotifier({ type: 'console', name: 'demo', sendResolved: true }, { out: { write: (t: string) => written.push(t) } }).send(
      COST_100_ON_ACCOUNT,
    );
    const text = written.join('');
    expect(text).toContain('── demo · firing · Mon 23 Nov 09:01 GMT ──');
    expect(text).toContain('🔴 [CRITICAL] xy12345.eu-west-1 · cost monitor');
    expect(text).not.toContain('.000Z');
  });
});
