import { describe, expect, it } from 'vitest';
import { emailTier, renderEmail } from '../../../src/notifiers/email-content.js';
import { renderMessage } from '../../../src/notifiers/message.js';
import { COST_100_ON_ACCOUNT, COST_TIERS_FIRING, cost100Escalation, PIPELINE_FAILURE } from '../../fixtures/notifiers/notifications.js';

describe('emailTier', () => {
  it.each([
    [{ alert_type: 'cost_monitor', threshold: '90' }, '[COST 90%]'],
    [{ alert_type: 'pipeline_failure' }, '[PIPELINE FAILURE]'],
    [{}, '[ALERT]'],
  ])('does tag %o as %s', (labels, tier) => {
    expect(emailTier(labels)).toBe(tier);
  });
});

describe('renderEmail', () => {
  it('does put tier, level and due time in the subject', () => {
    expect(renderEmail(PIPELINE_FAILURE, renderMessage(PIPELINE_FAILURE)).subject).toBe(
      '[PIPELINE FAILURE] ERROR: model fct_orders failed in nightly (respond by Mon 23 Nov 09:15 UTC)',
    );
  });

  it('does mark escalations in the subject and carry the mention in both parts', () => {
    const n = cost100Escalation(undefined);
    const email = renderEmail(n, renderMessage(n));
    expect(email.subject.startsWith('[COST 100%] ESCALATION: ')).toBe(true);
    expect(email.text).toContain('@data-oncall Escalation:');
    expect(email.html).toContain('<strong>@data-oncall</strong>');
  });

  it('does escape HTML in alert text', () => {
    const n = { ...PIPELINE_FAILURE, alerts: [{ ...PIPELINE_FAILURE.alerts[0]!, annotations: { summary: 'model <script> & co failed' } }] };
    expect(renderEmail(n, renderMessage(n)).html).toContain('model &lt;script&gt; &amp; co failed');
  });
});

describe('renderEmail money', () => {
  it('does state one monitor’s spend once in each part, never the sum of its tier alerts', () => {
    const email = renderEmail(COST_TIERS_FIRING, renderMessage(COST_TIERS_FIRING));
    for (const part of [email.text, email.html]) {
      expect(part.split('285.73 credits').length - 1).toBe(1);
      expect(part).not.toContain('857.19');
    }
  });
});

describe('renderEmail account and zone', () => {
  it('does name the account in the subject and both parts, with times in the route’s zone', () => {
    const email = renderEmail(COST_100_ON_ACCOUNT, renderMessage(COST_100_ON_ACCOUNT));
    expect(email.subject).toBe(
      '[COST 100%] CRITICAL: xy12345.eu-west-1 · cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended (respond by Mon 23 Nov 09:15 GMT)',
    );
    expect(email.text).toContain('Account: xy12345.eu-west-1');
    expect(email.html).toContain('<th align="left">Account</th><td>xy12345.eu-west-1</td>');
  });
});
