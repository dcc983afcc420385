import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/emulator.js';
import { connect, destroy, execute } from './driver.js';

function captureStderr(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('snowmon emulator', () => {
  it('does exit 2 with usage when an option is unknown or invalid', async () => {
    const err = captureStderr();
    expect(await run(['--bogus'])).toBe(2);
    expect(await run(['--port', 'eighty'])).toBe(2);
    expect(await run(['--now', 'yesterday'])).toBe(2);
    expect(err.text()).toContain('invalid --port "eighty"');
    expect(err.text()).toContain('usage: snowmon emulator');
  });

  it('does serve the scenario, print how to connect, and stop on SIGTERM', async () => {
    const err = captureStderr();
    const running = run(['--port', '0', '--seed', '9', '--days', '30', '--query-history-rows', '1000', '--now', '2026-11-20T15:00:00Z']);
    await vi.waitFor(() => expect(err.text()).toContain('press Ctrl-C'), { timeout: 30_000 });
    const url = /accessUrl: (\S+)/.exec(err.text())?.[1] as string;
    const account = /account: +(\S+)/.exec(err.text())?.[1] as string;
    const user = /user: +(\S+)/.exec(err.text())?.[1] as string;
    const password = /password: +(\S+)/.exec(err.text())?.[1] as string;
    const conn = await connect({ accessUrl: url, account, username: user, password, sfRetryMaxLoginRetries: 0 });
    const { rows } = await execute(conn, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    expect(rows).toEqual([{ N: 1000 }]);
    await destroy(conn);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(err.text()).toContain('snowmon emulator stopped');
  });
});
