/**
 * `snowmon dbt status` as a user runs it, in this process on the fixture artifacts: the contract's JSON
 * shape, `--artifacts` added to `dbt.artifacts`, and the exit codes 0 / 1 / 2 / 3 (1 wins over 3).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as dbt } from '../../../src/cli/dbt.js';
import { captureCli } from './capture-cli.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'dbt');
const AT = ['--at', '2026-11-20T08:00:00Z'];

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'snowmon-dbt-cli-')), 'snowmon.yaml');
  writeFileSync(file, text);
  return file;
}

describe('snowmon dbt status', () => {
  it("does print the contract's JSON and exit 0 under the default --fail-on never", async () => {
    const result = await captureCli(dbt, ['status', '--artifacts', join(FIXTURES, 'shop'), ...AT, '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json as object)).toEqual(['generated_at', 'pipelines', 'findings', 'problems']);
    expect(json.generated_at).toBe('2026-11-20T08:00:00.000Z');
    expect(json.pipelines[1]).toEqual({
      name: 'nightly',
      last_run: {
        invocation_id: '00000000-0000-4000-8000-0000000n0001',
        command: 'build',
        started_at: '2026-11-20T05:00:00.000Z',
        finished_at: '2026-11-20T06:10:00.000Z',
        status: 'error',
        counts: { error: 1, skipped: 5, fail: 0, warn: 0, pass: 0, success: 1 },
        file: join(FIXTURES, 'shop', 'nightly', 'run_results.json'),
      },
      last_success_at: null,
      sla: null,
    });
    expect(json.findings[0]).toMatchObject({
      severity: 'critical',
      labels: { alert_type: 'pipeline_failure', pipeline: 'nightly', node: 'model.shop.stg_orders', owner: 'data_ops_team', channel: '#data-ops' },
    });
    expect(json.problems).toEqual([]);
  });

  it('does exit 1 on a finding at or above --fail-on, and 0 when all findings are below it', async () => {
    const args = ['status', '--artifacts', join(FIXTURES, 'unknown-status'), ...AT];
    expect((await captureCli(dbt, [...args, '--fail-on', 'critical'])).code).toBe(1);
    expect((await captureCli(dbt, ['status', '--artifacts', join(FIXTURES, 'shop', 'tests'), ...AT, '--fail-on', 'critical'])).code).toBe(0);
    expect((await captureCli(dbt, ['status', '--artifacts', join(FIXTURES, 'shop', 'tests'), ...AT, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('does exit 3 when a file could not be read and nothing reached --fail-on, and 1 over 3 when something did', async () => {
    const broken = await captureCli(dbt, ['status', '--artifacts', join(FIXTURES, 'broken'), ...AT, '--format', 'json']);
    expect(broken.code).toBe(3);
    expect(JSON.parse(broken.stdout).problems).toHaveLength(4);
    const both = ['status', '--artifacts', join(FIXTURES, 'broken'), '--artifacts', join(FIXTURES, 'unknown-status'), ...AT];
    expect((await captureCli(dbt, [...both, '--fail-on', 'critical'])).code).toBe(1);
    expect((await captureCli(dbt, both)).code).toBe(3);
  });

  it("does add --artifacts to dbt.artifacts and apply the config's pipelines", async () => {
    const config = configFile(
      `dbt:\n  artifacts: [${JSON.stringify(join(FIXTURES, 'shop', 'nightly'))}]\n  pipelines:\n    - name: nightly\n      sla: { max_duration: 1h }\n`,
    );
    const result = await captureCli(dbt, [
      'status',
      '--config',
      config,
      '--artifacts',
      join(FIXTURES, 'naive'),
      ...AT,
      '--format',
      'json',
      '--fail-on',
      'critical',
    ]);
    const json = JSON.parse(result.stdout);
    expect(json.pipelines.map((p: { name: string; sla: unknown }) => [p.name, p.sla])).toEqual([
      ['nightly', { state: 'breached', reasons: ['duration'] }],
      ['run', null],
    ]);
    expect(result.code).toBe(1);
  });

  it('does exit 2 on a bad flag, a zoneless --at, a bad config or no artifacts to read', async () => {
    const codes = [];
    for (const argv of [
      ['status', '--format', 'xml', '--artifacts', FIXTURES],
      ['status', '--fail-on', 'sometimes', '--artifacts', FIXTURES],
      ['status', '--at', '2026-11-20T08:00', '--artifacts', FIXTURES],
      ['status', '--config', configFile('dbt:\n  pipelines: nope\n')],
      ['status', '--config', configFile('dbt: {}\n')],
      ['stats'],
    ])
      codes.push(await captureCli(dbt, argv));
    expect(codes.map((c) => c.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(codes[3]!.stderr).toContain('dbt.pipelines: expected a list of pipelines, got "nope" (SM103)');
    expect(codes[4]!.stderr).toContain('no artifacts to read');
  });

  it('does print a readable table by default', async () => {
    const result = await captureCli(dbt, ['status', '--artifacts', join(FIXTURES, 'shop'), ...AT]);
    expect(result.stdout).toContain('pipeline    last run');
    expect(result.stdout).toMatch(/CRITICAL pipeline_failure \[nightly\] model stg_orders failed/);
  });
});
