/**
 * `snowmon audit` with dbt configured: a `dbt` section in every format (table, markdown, html, json)
 * holding what `snowmon dbt status` finds in the same artifacts; `--check dbt` alone reads files and opens
 * no Snowflake session; an unreadable artifact fails the section (exit 3) while its findings still show;
 * and a full audit against the emulator appends the section after the Snowflake checks.
 */

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as audit } from '../../../src/cli/audit.js';
import { run as dbt } from '../../../src/cli/dbt.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { captureCli } from './capture-cli.js';

const SHOP = resolve(import.meta.dirname, '../../fixtures/dbt/shop');
const PASSWORD_VAR = 'SNOWMON_AUDIT_DBT_TEST_PASSWORD';

interface JsonCheck {
  name: string;
  status: string;
  error?: string;
  rows: Record<string, unknown>[];
  findings: { severity: string; summary: string; labels: Record<string, string> }[];
}

let folder: string;

/** A config whose Snowflake is nowhere (port 9 on loopback): only the dbt section can run. */
function offlineConfig(name: string, artifacts: string): string {
  const file = join(folder, name);
  writeFileSync(
    file,
    [
      'snowflake:',
      '  account: nowhere',
      '  access_url: http://127.0.0.1:9',
      '  user: NOBODY',
      '  warehouse: NOWHERE_WH',
      `  password: \${${PASSWORD_VAR}}`,
      'dbt:',
      `  artifacts: [${JSON.stringify(artifacts)}]`,
      '',
    ].join('\n'),
  );
  return file;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'snowmon-audit-dbt-'));
  process.env[PASSWORD_VAR] = 'unused-password';
});

afterAll(() => {
  delete process.env[PASSWORD_VAR];
  rmSync(folder, { recursive: true, force: true });
});

describe('snowmon audit, dbt section', () => {
  it('does report in JSON what `snowmon dbt status` finds in the same artifacts, with no Snowflake session for --check dbt', async () => {
    const config = offlineConfig('shop.yaml', SHOP);
    const result = await captureCli(audit, ['--config', config, '--check', 'dbt', '--format', 'json', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { checks: JsonCheck[] };
    expect(report.checks.map((c) => c.name)).toEqual(['dbt']);
    const section = report.checks[0]!;
    expect(section.status).toBe('ok');

    const status = JSON.parse((await captureCli(dbt, ['status', '--config', config, '--format', 'json'])).stdout) as {
      pipelines: { name: string; last_run: { invocation_id: string } | null }[];
      findings: { severity: string; summary: string; labels: Record<string, string> }[];
    };
    expect(status.findings.length).toBeGreaterThan(0);
    const key = (f: { severity: string; summary: string; labels: Record<string, string> }) =>
      `${f.severity}|${f.summary}|${JSON.stringify(Object.entries(f.labels).sort())}`;
    expect(section.findings.map(key).sort()).toEqual(status.findings.map(key).sort());
    expect(section.rows.map((r) => [r['pipeline'], r['last_run']])).toEqual(status.pipelines.map((p) => [p.name, p.last_run?.invocation_id ?? null]));
  });

  it('does show the dbt section in the table, markdown and html formats', async () => {
    const config = offlineConfig('shop-formats.yaml', SHOP);
    const failure = 'model stg_orders failed';
    for (const format of ['table', 'markdown', 'html']) {
      const result = await captureCli(audit, ['--config', config, '--check', 'dbt', '--format', format, '--quiet']);
      expect(result.code, `${format}: ${result.stderr}`).toBe(0);
      const text = result.stdout.replace(/\\_/g, '_'); // markdown escapes underscores
      expect(text, format).toContain(failure);
      expect(text, format).toContain('nightly');
      expect(text, format).toContain('dbt');
    }
    const table = (await captureCli(audit, ['--config', config, '--check', 'dbt', '--quiet'])).stdout;
    expect(table).toMatch(/── dbt ── ok · 5 findings[^·]* · 2 rows · \d+ ms ─+\n/);
    expect(table).toContain('CRITICAL            dbt: model stg_orders failed: ');
  });

  it('does fail the dbt section (exit 3) when an artifact cannot be read, and still show its findings', async () => {
    const target = join(folder, 'broken-target');
    cpSync(SHOP, target, { recursive: true });
    const cut = '{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json", "inv';
    writeFileSync(join(target, 'tests', 'run-2', 'run_results.json'), cut);
    const config = offlineConfig('broken.yaml', target);
    const result = await captureCli(audit, ['--config', config, '--check', 'dbt', '--format', 'json', '--quiet']);
    expect(result.code).toBe(3);
    const section = (JSON.parse(result.stdout) as { checks: JsonCheck[] }).checks[0]!;
    expect(section.status).toBe('failed');
    expect(section.error).toBe(
      `1 dbt artifact could not be read: ${join(target, 'tests', 'run-2', 'run_results.json')}: truncated JSON at byte ${Buffer.byteLength(cut)}`,
    );
    expect(section.findings.some((f) => f.labels['alert_type'] === 'pipeline_failure')).toBe(true);
    // --fail-on still wins over the unreadable file, as in `dbt status`.
    expect((await captureCli(audit, ['--config', config, '--check', 'dbt', '--format', 'json', '--quiet', '--fail-on', 'warning'])).code).toBe(1);
  });

  it('does refuse --check dbt when dbt is not configured', async () => {
    const file = join(folder, 'no-dbt.yaml');
    writeFileSync(
      file,
      [
        'snowflake:',
        '  account: nowhere',
        '  access_url: http://127.0.0.1:9',
        '  user: NOBODY',
        '  warehouse: NOWHERE_WH',
        `  password: \${${PASSWORD_VAR}}`,
        '',
      ].join('\n'),
    );
    const result = await captureCli(audit, ['--config', file, '--check', 'dbt', '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('check "dbt" needs dbt.artifacts in the config\n');
  });

  describe('against the emulator', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { seed: 42, queryHistoryRows: 2_000 } });
    }, 120_000);
    afterAll(async () => {
      await emulator?.stop();
    });

    it('does append the dbt section after the Snowflake checks of a full audit', async () => {
      const file = join(folder, 'full.yaml');
      writeFileSync(
        file,
        [
          'snowflake:',
          `  account: ${emulator.accountName}`,
          `  access_url: ${emulator.url}`,
          '  user: SNOWMON',
          `  password: \${${PASSWORD_VAR}}`,
          '  role: SNOWMON_ROLE',
          '  warehouse: SNOWMON_WH',
          'dbt:',
          `  artifacts: [${JSON.stringify(SHOP)}]`,
          '',
        ].join('\n'),
      );
      process.env[PASSWORD_VAR] = 'snowmon-demo-password';
      const result = await captureCli(audit, ['--config', file, '--format', 'json', '--quiet']);
      const report = JSON.parse(result.stdout) as { checks: JsonCheck[] };
      const names = report.checks.map((c) => c.name);
      expect(names[names.length - 1]).toBe('dbt');
      expect(names).toContain('resource_monitors');
      expect(report.checks.find((c) => c.name === 'dbt')?.findings.length).toBeGreaterThan(0);
    }, 120_000);
  });
});
