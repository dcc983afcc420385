/**
 * Starts what the daemon tests share: the emulator on a frozen clock, a temp folder with a routing table
 * (console receivers, no group wait) and a snowmon.yaml pointing at a temp SQLite store, and a daemon
 * driven by hand (no cron) with its logs and console notifications collected.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { createLogger } from '../../../src/daemon/logger.js';
import type { DaemonDeps, DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { loadRouting } from '../../../src/router/load-routing.js';

export const T0 = new Date('2026-11-20T12:00:00Z');
export const PASSWORD_VAR = 'SNOWMON_DAEMON_TEST_PASSWORD';

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly clock: FrozenClock;
  readonly folder: string;
  readonly configFile: string;
  readonly daemon: DaemonHandle;
  /** Console receiver output. */
  readonly console: string[];
  /** Parsed JSON log lines. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export const ROUTING = [
  'version: 1',
  'timezone: UTC',
  'defaults:',
  '  group_wait: 0s',
  'receivers:',
  '  console-costs: { type: console }',
  '  console-health: { type: console }',
  '  console-all: { type: console }',
  'routes:',
  '  - name: costs',
  '    matchers: [\'alert_type="cost_monitor"\']',
  '    notify: [console-costs]',
  '    group_by: [alert_type, monitor]',
  '  - name: health',
  '    matchers: [\'alert_type="monitor_health"\']',
  '    notify: [console-health]',
  '    group_by: [alert_type, component, failing_check]',
  '  - name: fallback',
  '    notify: [console-all]',
  '    group_by: [alert_type]',
  '',
].join('\n');

/** `extraLines`: more top-level sections (e.g. `dbt:`), appended as written. */
export function configText(emulator: RunningEmulator, daemonLines: readonly string[] = [], extraLines: readonly string[] = []): string {
  return [
    'snowflake:',
    `  account: ${emulator.accountName}`,
    `  access_url: ${emulator.url}`,
    '  user: SNOWMON',
    `  password: \${${PASSWORD_VAR}}`,
    '  role: SNOWMON_ROLE',
    '  warehouse: SNOWMON_WH',
    '  statement_timeout: 3s',
    '  login_timeout: 3s',
    'store:',
    '  url: sqlite:./alerts.db',
    'routing:',
    '  file: ./routing.yaml',
    ...(daemonLines.length > 0 ? ['daemon:', ...daemonLines] : []),
    ...extraLines,
    '',
  ].join('\n');
}

/** A logger destination that keeps each JSON log line, parsed. */
export function jsonLogs(): { readonly logs: Record<string, unknown>[]; readonly destination: Writable } {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logs, destination };
}

export async function startHarness(
  options: { readonly daemon?: Partial<DaemonDeps>; readonly daemonLines?: readonly string[]; readonly configLines?: readonly string[] } = {},
): Promise<Harness> {
  process.env[PASSWORD_VAR] = 'snowmon-demo-password';
  const clock = new FrozenClock(T0);
  const emulator = await startEmulator({ clock, scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-daemon-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  const configFile = join(folder, 'snowmon.yaml');
  writeFileSync(configFile, configText(emulator, options.daemonLines, options.configLines));
  const config = await loadConfig(configFile, process.env);
  const routing = await loadRouting(config.routing.file, process.env);
  const consoleOut: string[] = [];
  const { logs, destination } = jsonLogs();
  const daemon = runDaemon(config, {
    routing,
    now: () => clock.now(),
    resolveSettings: async (c) => emulatorSettings(emulator, c),
    reloadConfig: async () => {
      const next = await loadConfig(configFile, process.env);
      return { config: next, routing: await loadRouting(next.routing.file, process.env) };
    },
    logger: createLogger({ level: 'debug', destination }),
    notifierDeps: { out: { write: (text: string) => consoleOut.push(text) } },
    schedule: false,
    http: { port: 0, host: '127.0.0.1' },
    ...options.daemon,
  });
  await daemon.ready;
  return {
    emulator,
    clock,
    folder,
    configFile,
    daemon,
    console: consoleOut,
    logs,
    async close() {
      await daemon.stop('test over');
      await emulator.stop();
      delete process.env[PASSWORD_VAR];
    },
  };
}
