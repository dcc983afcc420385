import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/notifiers/message.js';
import { blockTextLength, renderSlackMessage, SLACK_LIMITS, slackMention } from '../../../src/notifiers/slack-blocks.js';
import {
  COST_100_ALERT,
  COST_100_FIRING,
  COST_100_ON_ACCOUNT,
  COST_TIERS_FIRING,
  cost100Escalation,
  TWO_MONITORS_FIRING,
} from '../../fixtures/notifiers/notifications.js';

describe('renderSlackMessage', () => {
  it('does always set top-level text with the title and due time', () => {
    const s = renderSlackMessage(renderMessage(COST_100_FIRING));
    expect(s.text).toBe('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended — respond by Mon 23 Nov 09:15 UTC');
  });

  it('does cut the header to 150 characters when the summary is long', () => {
    const long = { ...COST_100_FIRING, alerts: [{ ...COST_100_ALERT, annotations: { ...COST_100_ALERT.annotations, summary: 'y'.repeat(400) } }] };
    const header = renderSlackMessage(renderMessage(long)).blocks[0];
    expect(header?.type).toBe('header');
    if (header?.type === 'header') {
      expect(header.text.text).toHaveLength(150);
      expect(header.text.text.endsWith('…')).toBe(true);
    }
  });

  it('does keep within 50 blocks and ~10k characters and say what was left out when a group is huge', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => ({
      ...COST_100_ALERT,
      fingerprint: `fp${i}`,
      annotations: { summary: `warehouse WH_${i} over budget`, description: 'd'.repeat(400) },
    }));
    const s = renderSlackMessage(renderMessage({ ...COST_100_FIRING, alerts }));
    expect(s.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blockTextLength(s.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
    const all = JSON.stringify(s.blocks);
    expect(all).toMatch(/…\d+ more items not shown/);
    expect(all).toContain('*What to do:*');
    for (const block of s.blocks) {
      if (block.type === 'section' && block.text !== undefined) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });

  it('does cut a section to 3000 characters when one alert description is huge', () => {
    const big = { ...COST_100_FIRING, alerts: [{ ...COST_100_ALERT, annotations: { ...COST_100_ALERT.annotations, description: 'z'.repeat(5000) } }] };
    const s = renderSlackMessage(renderMessage(big));
    for (const block of s.blocks) {
      if (block.type === 'section' && block.text !== undefined) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it('does escape Slack control characters in alert text', () => {
    const tricky = {
      ...COST_100_FIRING,
      alerts: [{ ...COST_100_ALERT, annotations: { ...COST_100_ALERT.annotations, context: ['a < b & c > d <!channel>'] } }],
    };
    const all = JSON.stringify(renderSlackMessage(renderMessage(tricky)).blocks);
    expect(all).toContain('a &lt; b &amp; c &gt; d &lt;!channel&gt;');
  });

  it('does lead an escalation with the mention', () => {
    const s = renderSlackMessage(renderMessage({ ...cost100Escalation(undefined), mention: '@here' }));
    expect(s.text.startsWith('<!here> 🚨')).toBe(true);
  });
});

describe('slackMention', () => {
  it.each([
    ['@here', '<!here>'],
    ['@channel', '<!channel>'],
    ['<!subteam^S0123|data-oncall>', '<!subteam^S0123|data-oncall>'],
    ['<@U0123>', '<@U0123>'],
    ['@data-oncall', '@data-oncall'],
  ])('does render %s as %s', (mention, expected) => {
    expect(slackMention(mention)).toBe(expected);
  });
});

describe('renderSlackMessage money', () => {
  const textOf = (n: Parameters<typeof renderMessage>[0]) => JSON.stringify(renderSlackMessage(renderMessage(n)).blocks);

  it('does state one monitor’s spend once, never the sum of its tier alerts', () => {
    const text = textOf(COST_TIERS_FIRING);
    expect(text.split('285.73 credits').length - 1).toBe(1);
    expect(text).not.toContain('857.19');
  });

  it('does show each monitor’s own spend and no total when a group holds several monitors', () => {
    const text = textOf(TWO_MONITORS_FIRING);
    expect(text).toContain('120.00 credits');
    expect(text).toContain('80.00 credits');
    expect(text).not.toContain('200.00');
  });
});

describe('renderSlackMessage account and zone', () => {
  it('does name the account in the top-level text and the header, with the due time in the route’s zone', () => {
    const s = renderSlackMessage(renderMessage(COST_100_ON_ACCOUNT));
    expect(s.text).toBe('🔴 [CRITICAL] xy12345.eu-west-1 · cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended — respond by Mon 23 Nov 09:15 GMT');
    expect(JSON.stringify(s.blocks[0])).toContain('xy12345.eu-west-1');
  });
});
