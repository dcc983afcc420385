/**
 * `snowmon run` as a real process (compiled with tsc, spawned with node) against the emulator in this
 * process: it logs JSON, becomes ready with its first free cycle, reloads on SIGHUP, keeps the old
 * config on an invalid one, and exits 0 on SIGTERM. The wall clock is never asserted.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { compileForChild } from '../../support/compile-for-child.js';
import { configText, PASSWORD_VAR, ROUTING, T0 } from './run-harness.js';

let emulator: RunningEmulator;
let folder: string;
let configFile: string;
let main: string;
let child: ChildProcess | undefined;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  main = compileForChild('src/cli/main.ts');
  emulator = await startEmulator({ clock: new FrozenClock(T0), scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
  folder = mkdtempSync(join(tmpdir(), 'snowmon-run-process-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  configFile = join(folder, 'snowmon.yaml');
  writeFileSync(configFile, configText(emulator, ['  http: { port: 0, host: 127.0.0.1 }', '  shutdown_grace: 10s']));
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await emulator?.stop();
});

/** Resolves with the first log line matching, reading the child's stdout as it comes. */
function waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const found = lines.find(match);
    if (found) return resolve(found);
    const onData = () => {
      const hit = lines.find(match);
      if (hit) {
        child?.stdout?.off('data', onData);
        child?.off('exit', onExit);
        resolve(hit);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`snowmon run exited (${code}) before the line came:\n${JSON.stringify(lines.slice(-5))}`));
    child?.stdout?.on('data', onData);
    child?.once('exit', onExit);
  });
}

describe('snowmon run (a real process)', () => {
  it('does serve, reload on SIGHUP, keep the old config when invalid and exit 0 on SIGTERM', async () => {
    let buffered = '';
    const stderr: string[] = [];
    child = spawn(process.execPath, [main, 'run', '--config', configFile], {
      cwd: folder,
      env: { ...process.env, [PASSWORD_VAR]: 'snowmon-demo-password' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) if (part.trim() !== '') lines.push(JSON.parse(part) as Record<string, unknown>);
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    const ready = await waitForLine((l) => l['msg'] === 'snowmon daemon ready');
    const port = ready['http'] as number;
    expect(port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // The first free cycle runs at start: its check run shows in the metrics.
    const transition = await waitForLine((l) => l['check'] === 'resource_monitors' && l['msg'] === 'alert transition');
    // Like every line about one account's work, it names the account.
    expect(transition['account']).toBe(emulator.accountName);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/snowmon_check_runs_total\{account="[^"]+",check="resource_monitors",status="ok"\} [1-9]/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    // A console receiver's message goes to stderr: every stdout line stays a JSON log line (parsed above).
    const sent = await waitForLine((l) => l['msg'] === 'notification sent');
    expect(stderr.join('')).toContain(`── ${String(sent['receiver'])} · firing · `);

    writeFileSync(configFile, configText(emulator, ['  http: { port: 0, host: 127.0.0.1 }', '  free_loop: "not a cron"']));
    child.kill('SIGHUP');
    const refused = await waitForLine((l) => l['msg'] === 'reload failed: keeping the current config');
    expect(String(refused['error'])).toContain('daemon.free_loop: invalid cron expression "not a cron"');

    writeFileSync(configFile, configText(emulator, ['  http: { port: 0, host: 127.0.0.1 }', '  check_failure_threshold: 4']));
    child.kill('SIGHUP');
    await waitForLine((l) => l['msg'] === 'config reloaded');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((l) => l['msg'] === 'stopped')).toBe(true);
    expect(JSON.stringify(lines) + stderr.join('')).not.toContain('snowmon-demo-password');
  }, 120_000);
});
