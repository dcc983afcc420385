import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAccounts, run, withOrganization } from '../../../src/cli/emulator.js';
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
    expect(await run(['--accounts', 'prod.us-east-1'])).toBe(2);
    expect(await run(['--accounts', 'prod,PROD'])).toBe(2);
    expect(await run(['--accounts', '0'])).toBe(2);
    expect(err.text()).toContain('invalid --port "eighty"');
    expect(err.text()).toContain('usage: snowmon emulator');
    expect(err.text()).toContain('invalid --accounts name "prod.us-east-1"');
    expect(err.text()).toContain('invalid --accounts: "PROD" appears twice');
  });

  it('does name N accounts acct-001 … when --accounts is a count', () => {
    expect(parseAccounts('3')).toEqual(['acct-001', 'acct-002', 'acct-003']);
    expect(parseAccounts('1200')?.at(-1)).toBe('acct-1200');
    expect(parseAccounts('prod, staging')).toEqual(['prod', 'staging']);
  });

  it('does add the --organization account to the served accounts unless it is one of them', () => {
    expect(withOrganization(['prod', 'dev'], 'hq')).toEqual(['prod', 'dev', 'hq']);
    expect(withOrganization(['prod', 'HQ'], 'hq')).toEqual(['prod', 'HQ']);
    expect(() => withOrganization(undefined, 'hq')).toThrow('invalid --organization "hq": it needs --accounts');
  });

  it('does serve several accounts with --accounts, seed them all with --seed-all, bill them in the --organization account, and refuse a login to another', async () => {
    const err = captureStderr();
    const running = run([
      '--port',
      '0',
      '--days',
      '30',
      '--query-history-rows',
      '1000',
      '--now',
      '2026-11-20T15:00:00Z',
      '--accounts',
      'prod,dev',
      '--seed-all',
      '--organization',
      'hq',
    ]);
    await vi.waitFor(() => expect(err.text()).toContain('all 3 accounts seeded'), { timeout: 30_000 });
    expect(err.text()).toContain('accounts:  prod, dev, hq');
    expect(err.text()).toContain('organization account: hq');
    const url = /accessUrl: (\S+)/.exec(err.text())?.[1] as string;
    const login = { accessUrl: url, username: 'SNOWMON', password: 'snowmon-demo-password', sfRetryMaxLoginRetries: 0 };
    const conn = await connect({ ...login, account: 'dev' });
    expect((await execute(conn, 'SELECT CURRENT_ACCOUNT() AS a')).rows).toEqual([{ A: 'DEV' }]);
    await destroy(conn);
    const hq = await connect({ ...login, account: 'hq' });
    const billed = await execute(hq, 'SELECT COUNT(DISTINCT account_name) AS n FROM snowflake.organization_usage.usage_in_currency_daily');
    expect(billed.rows).toEqual([{ N: 3 }]);
    await destroy(hq);
    await expect(connect({ ...login, account: 'qa' })).rejects.toMatchObject({ response: { status: 403 } });
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('does serve the scenario, print how to connect, and stop on SIGTERM', async () => {
    const err = captureStderr();
    const running = run(['--port', '0', '--seed', '9', '--days', '30', '--query-history-rows', '1000', '--now', '2026-11-20T15:00:00Z']);
    await vi.waitFor(() => expect(err.text()).toContain('press Ctrl-C'), { timeout: 30_000 });
    const url = /accessUrl: (\S+)/.exec(err.text())?.[1] as string;
    const account = /account: +(\S+)/.exec(err.text())?.[1] as string;
    const user = /user: +(\S+)/.exec(err.text())?.[1] as string;
    const password = /password: +(\S+)/.exec(err.text())?.[1] as string;
    // The role and warehouse the banner names are the ones a config needs (snowflake.role / .warehouse).
    const role = /role: +(\S+)/.exec(err.text())?.[1] as string;
    const warehouse = /warehouse: +(\S+)/.exec(err.text())?.[1] as string;
    expect([role, warehouse]).toEqual(['SNOWMON_ROLE', 'SNOWMON_WH']);
    const conn = await connect({ accessUrl: url, account, username: user, password, role, warehouse, sfRetryMaxLoginRetries: 0 });
    const { rows } = await execute(conn, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    expect(rows).toEqual([{ N: 1000 }]);
    await destroy(conn);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(err.text()).toContain('snowmon emulator stopped');
  });
});
