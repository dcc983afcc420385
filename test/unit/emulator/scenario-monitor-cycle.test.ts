import { describe, expect, it } from 'vitest';
import { cycleStart, nextCycleStart } from '../../../src/emulator/scenarios/monitor-cycle.js';

const d = (iso: string): Date => new Date(iso);

describe('monitor cycles', () => {
  it('does use the calendar month when the frequency is the default', () => {
    expect(cycleStart(null, d('2025-03-17T10:00:00Z'), d('2026-11-20T14:30:00Z'))).toEqual(d('2026-11-01T00:00:00Z'));
    expect(nextCycleStart(null, d('2025-03-17T10:00:00Z'), d('2026-12-31T23:59:00Z'))).toEqual(d('2027-01-01T00:00:00Z'));
  });

  it('does anchor weekly cycles on the start day at 00:00 UTC', () => {
    const start = d('2026-01-05T15:20:00Z'); // a Monday afternoon
    expect(cycleStart('WEEKLY', start, d('2026-11-20T14:30:00Z'))).toEqual(d('2026-11-16T00:00:00Z'));
    expect(nextCycleStart('WEEKLY', start, d('2026-11-20T14:30:00Z'))).toEqual(d('2026-11-23T00:00:00Z'));
  });

  it('does reset a monthly cycle started on the 31st on the last day of shorter months', () => {
    const start = d('2026-01-31T00:00:00Z');
    expect(cycleStart('MONTHLY', start, d('2026-03-15T00:00:00Z'))).toEqual(d('2026-02-28T00:00:00Z'));
    expect(nextCycleStart('MONTHLY', start, d('2026-03-15T00:00:00Z'))).toEqual(d('2026-03-31T00:00:00Z'));
    expect(cycleStart('MONTHLY', start, d('2026-04-30T12:00:00Z'))).toEqual(d('2026-04-30T00:00:00Z'));
  });

  it('does handle daily, yearly and never', () => {
    const start = d('2025-06-10T08:00:00Z');
    expect(cycleStart('DAILY', start, d('2026-11-20T14:30:00Z'))).toEqual(d('2026-11-20T00:00:00Z'));
    expect(cycleStart('YEARLY', start, d('2026-11-20T14:30:00Z'))).toEqual(d('2026-06-10T00:00:00Z'));
    expect(cycleStart('NEVER', start, d('2026-11-20T14:30:00Z'))).toEqual(start);
    expect(nextCycleStart('NEVER', start, d('2026-11-20T14:30:00Z'))).toBeNull();
  });
});
