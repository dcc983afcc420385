/**
 * The `dbt:` section through loadConfig: artifact folders relative to the config file, pipelines with
 * match and sla, and one-line SMxxx errors naming file, line, key and value.
 */

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { pollCron } from '../../../src/dbt/dbt-config.js';

const dir = 'test/fixtures/config/dbt';

describe('dbt config section', () => {
  it('does read artifacts relative to the config file, pipelines, matches and SLAs', async () => {
    const config = await loadConfig(`${dir}/valid.yaml`, {});
    expect(config.dbt.artifacts).toEqual([resolve(dir, 'target'), '/var/dbt/runs']);
    expect(config.dbt.pipelines).toEqual([
      {
        name: 'nightly',
        match: { env: { PIPELINE: 'nightly' } },
        sla: { maxDurationMs: 3_600_000, finishBy: '07:00', timezone: 'Europe/London', everyMs: 86_400_000 },
      },
      { name: 'hourly', match: { command: 'build', selector: 'hourly', target: 'prod' } },
    ]);
    expect(Object.isFrozen(config.dbt.pipelines[0]!.sla)).toBe(true);
  });

  it('does default to no artifacts and no pipelines', async () => {
    const config = await loadConfig('test/fixtures/config/empty.yaml', {});
    expect(config.dbt).toEqual({ artifacts: [], pipelines: [], pollIntervalMs: 60_000, retentionMs: 90 * 86_400_000 });
  });

  it("does read the daemon loop's poll_interval and retention", async () => {
    const config = await loadConfig(`${dir}/poll-valid.yaml`, {});
    expect(config.dbt.pollIntervalMs).toBe(30_000);
    expect(config.dbt.retentionMs).toBe(30 * 86_400_000);
  });

  it('does refuse a poll_interval no cron can tick evenly, and a retention that is no duration', async () => {
    const error = await loadConfig(`${dir}/poll-invalid.yaml`, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as ConfigError).message.split('\n')).toEqual([
      `${dir}/poll-invalid.yaml:3: dbt.poll_interval: poll_interval must divide a minute, an hour or a day evenly (e.g. 30s, 1m, 5m, 1h), got "7m" (SM108)`,
      `${dir}/poll-invalid.yaml:4: dbt.retention: invalid duration "forever" (SM104)`,
    ]);
  });

  it('does turn a poll interval into the cron that ticks at it', () => {
    expect(pollCron(15_000)).toBe('*/15 * * * * *');
    expect(pollCron(60_000)).toBe('*/1 * * * *');
    expect(pollCron(5 * 60_000)).toBe('*/5 * * * *');
    expect(pollCron(2 * 3_600_000)).toBe('0 */2 * * *');
    expect(pollCron(86_400_000)).toBe('0 0 * * *');
    expect(pollCron(7 * 60_000)).toBeUndefined();
    expect(pollCron(1500)).toBeUndefined();
  });

  it('does report each mistake on one line with its code, file, line and key', async () => {
    const error = await loadConfig(`${dir}/invalid.yaml`, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toEqual([
      `${dir}/invalid.yaml:5: dbt.pipelines[0].match.envs: unknown key, did you mean "env"? (SM102)`,
      `${dir}/invalid.yaml:5: dbt.pipelines[0].match: match needs env, command, target or selector (SM110)`,
      `${dir}/invalid.yaml:6: dbt.pipelines[0].sla.max_duration: invalid duration "soon" (SM104)`,
      `${dir}/invalid.yaml:6: dbt.pipelines[0].sla.finish_by: invalid time of day "25:00" (expected HH:MM from 00:00 to 23:59) (SM125)`,
      `${dir}/invalid.yaml:6: dbt.pipelines[0].sla.timezone: unknown time zone "Mars/Olympus" (an IANA name such as UTC or Europe/London) (SM129)`,
      `${dir}/invalid.yaml:7: dbt.pipelines[1].name: duplicate pipeline name "nightly" (SM128)`,
      `${dir}/invalid.yaml:8: dbt.pipelines[2].name: missing name (SM110)`,
      `${dir}/invalid.yaml:9: dbt.colour: unknown key (SM102)`,
    ]);
  });
});
