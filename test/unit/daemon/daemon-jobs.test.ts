import { describe, expect, it } from 'vitest';
import { daemonJobs, FREE_JOB, WAREHOUSE_JOB } from '../../../src/daemon/daemon-jobs.js';
import { DEFAULT_DAEMON_CONFIG } from '../../../src/daemon/daemon-config.js';

describe('daemonJobs', () => {
  it('does give the warehouse loop its own deadline, long enough for a dozen statements at the 5 min statement deadline', () => {
    const jobs = daemonJobs(DEFAULT_DAEMON_CONFIG, { free: async () => undefined, warehouse: async () => undefined });
    const deadline = (name: string) => jobs.find((j) => j.name === name)?.timeoutMs;
    expect(deadline(FREE_JOB)).toBe(5 * 60_000);
    expect(deadline(WAREHOUSE_JOB)).toBe(60 * 60_000);
    expect(deadline(WAREHOUSE_JOB)!).toBeGreaterThanOrEqual(12 * 5 * 60_000);
  });
});
