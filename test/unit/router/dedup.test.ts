import { describe, expect, it } from 'vitest';
import { needsUpdate } from '../../../src/router/dedup.js';
import type { NotificationLogEntry } from '../../../src/router/dedup.js';

const HOUR = 3_600_000;
const now = new Date('2026-11-24T12:00:00Z');
const entry = (firing: string[], resolved: string[], hoursAgo = 1): NotificationLogEntry => ({
  firing,
  resolved,
  timestamp: new Date(now.getTime() - hoursAgo * HOUR),
});
const set = (...items: string[]) => new Set(items);

describe('needsUpdate', () => {
  it('does notify the first time only when something fires', () => {
    expect(needsUpdate(undefined, set('a'), set(), true, 4 * HOUR, now)).toEqual({ notify: true, reason: 'first notification' });
    expect(needsUpdate(undefined, set(), set('a'), true, 4 * HOUR, now)).toEqual({ notify: false, reason: 'nothing firing and never notified' });
  });

  it('does notify when the firing set gained an alert', () => {
    expect(needsUpdate(entry(['a'], []), set('a', 'b'), set(), false, 4 * HOUR, now)).toEqual({ notify: true, reason: 'new alerts in group' });
  });

  it('does notify when everything resolved even with send_resolved off', () => {
    expect(needsUpdate(entry(['a'], []), set(), set('a'), false, 4 * HOUR, now)).toEqual({ notify: true, reason: 'all resolved' });
  });

  it('does notify new resolved alerts only with send_resolved on', () => {
    expect(needsUpdate(entry(['a', 'b'], []), set('a'), set('b'), true, 4 * HOUR, now)).toEqual({ notify: true, reason: 'new resolved alerts' });
    expect(needsUpdate(entry(['a', 'b'], []), set('a'), set('b'), false, 4 * HOUR, now)).toEqual({
      notify: false,
      reason: 'no change since last notification',
    });
    expect(needsUpdate(entry(['a'], ['b']), set('a'), set('b'), true, 4 * HOUR, now).reason).toBe('no change since last notification');
  });

  it('does repeat an unchanged firing group once the repeat interval has passed', () => {
    expect(needsUpdate(entry(['a'], [], 4), set('a'), set(), true, 4 * HOUR, now)).toEqual({ notify: true, reason: 'repeat interval elapsed' });
    expect(needsUpdate(entry(['a'], [], 3.9), set('a'), set(), true, 4 * HOUR, now).notify).toBe(false);
  });

  it('does try the reasons in Alertmanager order', () => {
    // New firing beats all-resolved and new-resolved and repeat.
    expect(needsUpdate(entry(['a'], [], 9), set('c'), set('a'), true, HOUR, now).reason).toBe('new alerts in group');
    // A shrinking firing set with a new resolve and an elapsed repeat: new resolved first.
    expect(needsUpdate(entry(['a', 'b'], [], 9), set('a'), set('b'), true, HOUR, now).reason).toBe('new resolved alerts');
  });

  it('does never repeat a group with nothing firing', () => {
    expect(needsUpdate(entry([], ['a'], 9), set(), set('a'), true, HOUR, now)).toEqual({
      notify: false,
      reason: 'nothing firing, resolves already told',
    });
  });
});
