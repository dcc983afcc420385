/**
 * The `daemon:` section of snowmon.yaml through the real loader: defaults when absent, every key read,
 * and exact errors (file, line, key) for bad values, with the heartbeat URL treated as a credential.
 */

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { DEFAULT_DAEMON_CONFIG } from '../../../src/daemon/daemon-config.js';
import { configFiles } from '../../support/config-errors.js';

const { file, errorLines: errors } = configFiles('snowmon-daemon-config-');

describe('daemon: in snowmon.yaml', () => {
  it('does use the documented defaults when the section is absent', async () => {
    const config = await loadConfig(file('empty.yaml', ''), {});
    expect(config.daemon).toEqual({
      freeLoop: '*/1 * * * *',
      warehouseLoop: '0 6 * * *',
      runTimeoutMs: 300_000,
      warehouseRunTimeoutMs: 3_600_000,
      timezone: 'UTC',
      checkFailureThreshold: 3,
      snowflakeDownForMs: 0,
      http: { port: 8080, host: '0.0.0.0' },
      logLevel: 'info',
      leaseTtlMs: 30_000,
      shutdownGraceMs: 30_000,
      dashboard: { enabled: false, auth: { trustedProxies: ['127.0.0.1', '::1'] }, protectMetrics: false },
    });
    expect(config.daemon).toEqual(DEFAULT_DAEMON_CONFIG);
  });

  it('does read every key when they are set', async () => {
    const config = await loadConfig(
      file(
        'full.yaml',
        [
          'daemon:',
          '  free_loop: "*/2 * * * *"',
          '  warehouse_loop: "0 * * * *"',
          '  run_timeout: 90s',
          '  warehouse_run_timeout: 45m',
          '  timezone: Europe/London',
          '  check_failure_threshold: 5',
          '  snowflake_down_for: 3m',
          '  http: { port: 9100, host: 127.0.0.1 }',
          '  log_level: debug',
          '  heartbeat_url: ${HB_URL}',
          '  lease_ttl: 45s',
          '  shutdown_grace: 10s',
          '',
        ].join('\n'),
      ),
      { HB_URL: 'https://hc-ping.example/abc-secret-uuid' },
    );
    expect(config.daemon).toMatchObject({
      freeLoop: '*/2 * * * *',
      warehouseLoop: '0 * * * *',
      runTimeoutMs: 90_000,
      warehouseRunTimeoutMs: 2_700_000,
      timezone: 'Europe/London',
      checkFailureThreshold: 5,
      snowflakeDownForMs: 180_000,
      http: { port: 9100, host: '127.0.0.1' },
      logLevel: 'debug',
      leaseTtlMs: 45_000,
      shutdownGraceMs: 10_000,
    });
    expect(config.daemon.heartbeatUrl?.reveal()).toBe('https://hc-ping.example/abc-secret-uuid');
    expect(JSON.stringify(config)).not.toContain('abc-secret-uuid');
  });

  it('does list every bad value with its line when the section is wrong', async () => {
    const path = file(
      'bad.yaml',
      [
        'daemon:',
        '  free_loop: "every minute"',
        '  run_timeout: soon',
        '  timezone: Mars/Olympus',
        '  check_failure_threshold: 0',
        '  http: { port: 70000 }',
        '  log_level: loud',
        '  heartbeat_url: https://hc-ping.example/abc-secret-uuid',
        '  shutdown_grac: 10s',
        '',
      ].join('\n'),
    );
    const lines = await errors(path);
    const text = lines.join('\n');
    expect(text).toContain('bad.yaml:2: daemon.free_loop: invalid cron expression "every minute"');
    expect(text).toContain('bad.yaml:3: daemon.run_timeout: invalid duration "soon"');
    expect(text).toContain('bad.yaml:4: daemon.timezone: unknown time zone "Mars/Olympus"');
    expect(text).toContain('bad.yaml:5: daemon.check_failure_threshold: must be a whole number of at least 1, got 0');
    expect(text).toContain('daemon.http.port: must be a port number 0-65535, got 70000');
    expect(text).toContain('bad.yaml:7: daemon.log_level: unknown log level "loud"');
    expect(text).toContain('bad.yaml:8: daemon.heartbeat_url: secrets come from the environment or files');
    expect(text).toContain('bad.yaml:9: daemon.shutdown_grac: unknown key, did you mean "shutdown_grace"?');
    expect(text).not.toContain('abc-secret-uuid');
  });
});
