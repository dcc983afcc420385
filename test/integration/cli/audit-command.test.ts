/**
 * `snowmon audit` as a user runs it: the command's `run(argv)` in this process (stdout and stderr
 * captured), the real snowflake-sdk, and the emulator as the account. Expectations come from the
 * emulator's own state (billing, statements, account model), not from snowmon's output.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureCli, type CliResult } from './capture-cli.js';
import { run } from '../../../src/cli/audit.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';

const PASSWORD_VAR = 'SNOWMON_AUDIT_TEST_PASSWORD';
const CANARY = 'snowmon-demo-password';

let emulator: RunningEmulator;
let folder: string;
let configFile: string;

function writeConfig(name: string, snowflake: Record<string, string>): string {
  const file = join(folder, name);
  writeFileSync(file, ['snowflake:', ...Object.entries(snowflake).map(([k, v]) => `  ${k}: ${v}`), ''].join('\n'));
  return file;
}

function audit(...argv: string[]): Promise<CliResult> {
  return captureCli(run, argv);
}

function snowmonCharges(): { resumes: number; credits: number } {
  const charge = emulator.billing.charges(new Date(emulator.clock.now().getTime() + 3_600_000)).get('SNOWMON_WH');
  return { resumes: charge?.resumes ?? 0, credits: charge?.credits ?? 0 };
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { seed: 42, queryHistoryRows: 5_000 } });
  folder = mkdtempSync(join(tmpdir(), 'snowmon-audit-'));
  configFile = writeConfig('snowmon.yaml', {
    account: emulator.accountName,
    access_url: emulator.url,
    user: 'SNOWMON',
    password: `\${${PASSWORD_VAR}}`,
    role: 'SNOWMON_ROLE',
    warehouse: 'SNOWMON_WH',
  });
  process.env[PASSWORD_VAR] = CANARY;
}, 120_000);

afterAll(async () => {
  delete process.env[PASSWORD_VAR];
  await emulator?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('snowmon audit', () => {
  it('does run every check with one warehouse resume and print the stable JSON shape', async () => {
    const before = emulator.statements.length;
    const resumesBefore = snowmonCharges().resumes;
    const { code, stdout, stderr } = await audit('--config', configFile, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      generated_at: string;
      account: string;
      checks: { name: string; status: string; rows: unknown[]; findings: { severity: string; summary: string; labels: Record<string, string> }[] }[];
    };
    expect(report.account).toBe(emulator.accountName);
    expect(report.checks.map((c) => c.status)).toEqual(report.checks.map(() => 'ok'));
    expect(report.checks).toHaveLength(11);
    for (const check of report.checks) {
      for (const finding of check.findings) {
        expect(['info', 'warning', 'critical']).toContain(finding.severity);
        expect(finding.labels['alert_type']).toBeTruthy();
      }
    }
    // Progress went to stderr, one line per check start and finish.
    expect(stderr).toContain('resource_monitors');
    // The cost rules, measured by the emulator: SHOW first, every statement tagged, one resume.
    const sent = emulator.statements.slice(before);
    const firstSelect = sent.findIndex((s) => s.kind === 'select');
    expect(sent.slice(firstSelect).some((s) => s.kind === 'show')).toBe(false);
    expect(sent.filter((s) => s.kind !== 'alter_session').every((s) => JSON.parse(s.queryTag ?? '{}').app === 'snowmon')).toBe(true);
    expect(snowmonCharges().resumes - resumesBefore).toBe(1);
    expect(stdout + stderr).not.toContain(CANARY);
  });

  it('does wake no warehouse when only the SHOW-based check runs', async () => {
    const resumesBefore = snowmonCharges().resumes;
    (emulator.clock as FrozenClock).advance(2 * 3_600_000); // long enough for SNOWMON_WH to suspend
    const { code, stdout } = await audit('--config', configFile, '--format', 'json', '--check', 'resource_monitors', '--quiet');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { checks: { name: string }[] };
    expect(report.checks.map((c) => c.name)).toEqual(['resource_monitors']);
    expect(snowmonCharges().resumes).toBe(resumesBefore);
  });

  it('does exit 1 with --fail-on critical when the account has a critical finding', async () => {
    // The scenario plants a service user that reaches ACCOUNTADMIN through a chain of roles.
    const { code, stdout } = await audit('--config', configFile, '--check', 'service_account_audit', '--fail-on', 'critical', '--quiet');
    expect(code).toBe(1);
    expect(stdout).toContain('ETL_SVC');
  });

  it('does write one self-contained HTML file with --output', async () => {
    const file = join(folder, 'audit.html');
    const { code, stdout } = await audit('--config', configFile, '--format', 'html', '--output', file, '--quiet');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']https?:/i);
    expect(html).toContain('warehouse_utilization');
  });

  it('does fail every check with exit 3 and say why once when Snowflake is unreachable', async () => {
    const unreachable = writeConfig('unreachable.yaml', {
      account: 'xy12345',
      access_url: 'http://127.0.0.1:9',
      user: 'SNOWMON',
      password: `\${${PASSWORD_VAR}}`,
      warehouse: 'SNOWMON_WH',
    });
    const { code, stdout, stderr } = await audit('--config', unreachable, '--format', 'json');
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as { checks: { status: string; error: string }[] };
    expect(report.checks.every((c) => c.status === 'failed' && c.error.includes('connection refused'))).toBe(true);
    expect(stderr.match(/no snowflake session/g)).toHaveLength(1);
    expect(stdout + stderr).not.toContain(CANARY);
  });

  it('does fail every check with a login error and no secret when the password is wrong', async () => {
    const wrong = writeConfig('wrong-password.yaml', {
      account: emulator.accountName,
      access_url: emulator.url,
      user: 'SNOWMON',
      password: '${SNOWMON_AUDIT_WRONG}',
      warehouse: 'SNOWMON_WH',
    });
    process.env['SNOWMON_AUDIT_WRONG'] = 'wrong-canary-0042';
    try {
      const { code, stdout, stderr } = await audit('--config', wrong, '--format', 'json');
      expect(code).toBe(3);
      expect(stderr).toMatch(/refused the login/);
      expect(stdout + stderr).not.toContain('wrong-canary-0042');
    } finally {
      delete process.env['SNOWMON_AUDIT_WRONG'];
    }
  });

  it('does exit 2 listing the valid checks when --check names an unknown one', async () => {
    const { code, stderr } = await audit('--config', configFile, '--check', 'top_querys');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown check "top_querys"');
    expect(stderr).toContain('top_queries');
  });

  it('does exit 2 naming the file, line and key when the config is wrong', async () => {
    const bad = join(folder, 'bad.yaml');
    writeFileSync(bad, 'snowflake:\n  statement_timeout: soon\n');
    const { code, stderr } = await audit('--config', bad);
    expect(code).toBe(2);
    expect(stderr).toContain(`${bad}:2: snowflake.statement_timeout: invalid duration "soon"`);
  });

  it('does exit 2 on an unknown format', async () => {
    const { code, stderr } = await audit('--format', 'pdf');
    expect(code).toBe(2);
    expect(stderr).toContain('invalid --format "pdf"');
  });
});
