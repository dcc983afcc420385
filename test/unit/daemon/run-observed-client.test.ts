/**
 * The daemon's client wrapper: every statement counted for metrics (check, failed), a network or login
 * failure marks the session gone and fails the rest of the cycle at once, a timeout is remembered apart,
 * and a SQL error is only an error. The inner client is a stand-in that fails on demand.
 */

import { describe, expect, it } from 'vitest';
import { observeClient } from '../../../src/daemon/observed-client.js';
import { SnowflakeError, type SnowflakeClient } from '../../../src/sources/snowflake-client.js';

function inner(failures: Record<string, SnowflakeError>): SnowflakeClient & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async query(sql) {
      sent.push(sql);
      const failure = failures[sql];
      if (failure) throw failure;
      return { columns: [], rows: [], queryId: 'q' };
    },
    async close() {},
  };
}

describe('observeClient', () => {
  it('does count statements and stop sending once the session is gone', async () => {
    const calls: string[] = [];
    const base = inner({
      'select 1': new SnowflakeError('002003: no such table', '002003', '42S02', 'sql'),
      'select 2': new SnowflakeError('cannot reach snowflake: connection reset', undefined, undefined, 'network'),
    });
    const client = observeClient(base, (check, failed) => calls.push(`${check} ${failed}`));
    await client.query('show warehouses', { check: 'a' });
    await expect(client.query('select 1', { check: 'b' })).rejects.toThrow('no such table');
    expect(client.broken).toBeUndefined();
    await expect(client.query('select 2', { check: 'c' })).rejects.toThrow('connection reset');
    expect(client.broken).toContain('connection reset');
    await expect(client.query('select 3', { check: 'd' })).rejects.toThrow('not sent, the session is gone');
    expect(base.sent).toEqual(['show warehouses', 'select 1', 'select 2']);
    expect(calls).toEqual(['a false', 'b true', 'c true']);
  });

  it('does remember a timeout apart from a lost session', async () => {
    const client = observeClient(inner({ 'show warehouses': new SnowflakeError('timed out after 3000 ms', undefined, undefined, 'timeout') }), () => undefined);
    await expect(client.query('show warehouses')).rejects.toThrow('timed out');
    expect(client.timedOut).toContain('timed out');
    expect(client.broken).toBeUndefined();
  });
});
