import { describe, expect, it } from 'vitest';
import { emailTier, renderEmail } from '../../../src/notifiers/email-content.js';
import { renderMessage } from '../../../src/notifiers/message.js';
import { COST_TIERS_FIRING, cost100Escalation, PIPELINE_FAILURE } from '../../fixtures/notifiers/notifications.js';

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
    expect(renderEmail(PIPELINE_FAILURE, renderMessage(PIPELINE_FAILURE)).subject)
      .toBe('[PIPELINE FAILURE] ERROR: model fct_orders failed in nightly (respond by Mon 09:15 UTC)');
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
