/**
 * The pure monitor_health decision and the signal wiring: which `snowmon_health` run a set of facts gives
 * (Snowflake down → a failed run with one alert; checks past the streak threshold → one alert each), and
 * SIGTERM / SIGINT / SIGHUP reaching stop and reload.
 */

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/daemon/logger.js';
import { HEALTH_CHECK, HealthState, healthOutcome } from '../../../src/daemon/monitor-health.js';
import { handleSignals } from '../../../src/daemon/signals.js';

const NOW = new Date('2026-11-22T10:00:00Z');

describe('healthOutcome', () => {
  it('does report each check at or past the threshold and resolve the rest when Snowflake answers', () => {
    const state = new HealthState();
    state.setStreak('top_queries', { failures: 3, since: new Date('2026-11-22T07:00:00Z'), error: '002003: object does not exist' });
    state.setStreak('resource_monitors', { failures: 2 });
    state.setStreak('self_cost', { failures: 0 });
    const run = healthOutcome(state.facts(3), NOW);
    expect(run.name).toBe(HEALTH_CHECK);
    expect(run.status).toBe('ok');
    expect(run.findings.map((f) => f.labels)).toEqual([{ alert_type: 'monitor_health', component: 'check', failing_check: 'top_queries' }]);
    expect(run.findings[0]?.summary).toBe('check top_queries failed 3 runs in a row since 2026-11-22T07:00:00.000Z: 002003: object does not exist');
  });

  it('does give a failed run with only the Snowflake alert while Snowflake is down, keeping when it started', () => {
    const state = new HealthState();
    state.setStreak('top_queries', { failures: 5 });
    state.snowflakeFailed('cannot reach snowflake: connection reset', new Date('2026-11-22T09:00:00Z'));
    state.snowflakeFailed('cannot reach snowflake: timed out', NOW);
    const run = healthOutcome(state.facts(3), NOW);
    expect(run.status).toBe('failed');
    expect(run.findings.map((f) => f.labels)).toEqual([{ alert_type: 'monitor_health', component: 'snowflake' }]);
    expect(run.findings[0]?.summary).toBe('snowmon cannot reach Snowflake since 2026-11-22T09:00:00.000Z (2 attempts): cannot reach snowflake: timed out');
    state.snowflakeOk();
    expect(healthOutcome(state.facts(3), NOW).status).toBe('ok');
  });

  it('does not page for a single failed attempt, yet resolves nothing while it lasts', () => {
    const state = new HealthState();
    state.setStreak('top_queries', { failures: 5 });
    state.snowflakeFailed('cannot reach snowflake: connection reset', NOW);
    const run = healthOutcome(state.facts(3), NOW);
    expect(run.status).toBe('failed');
    expect(run.findings).toEqual([]);
  });

  it('does wait for snowflake_down_for before paging, over two attempts or more', () => {
    const state = new HealthState();
    const since = new Date('2026-11-22T09:58:00Z');
    state.snowflakeFailed('timed out', since);
    state.snowflakeFailed('timed out', new Date('2026-11-22T09:59:00Z'));
    state.snowflakeFailed('timed out', NOW);
    expect(healthOutcome(state.facts(3, 5 * 60_000), NOW).findings).toEqual([]);
    const later = new Date(since.getTime() + 5 * 60_000);
    state.snowflakeFailed('timed out', later);
    expect(healthOutcome(state.facts(3, 5 * 60_000), later).findings.map((f) => f.labels['component'])).toEqual(['snowflake']);
  });
});

describe('handleSignals', () => {
  it('does stop once on SIGTERM or SIGINT and reload on SIGHUP', async () => {
    const source = new EventEmitter();
    const calls: string[] = [];
    const wiring = handleSignals(
      {
        stop: async (reason) => {
          calls.push(`stop ${reason}`);
        },
        reload: async () => {
          calls.push('reload');
          return true;
        },
      },
      createLogger({ level: 'silent' }),
      source,
    );
    source.emit('SIGHUP', 'SIGHUP');
    source.emit('SIGTERM', 'SIGTERM');
    source.emit('SIGINT', 'SIGINT');
    await wiring.stopped;
    expect(calls).toEqual(['reload', 'stop SIGTERM']);
    wiring.dispose();
    expect(source.listenerCount('SIGTERM') + source.listenerCount('SIGINT') + source.listenerCount('SIGHUP')).toBe(0);
  });
});
