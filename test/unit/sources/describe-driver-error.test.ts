import { describe, expect, it } from 'vitest';
import { describeDriverError } from '../../../src/sources/describe-driver-error.js';

const context = { url: 'https://xy12345.snowflakecomputing.com', user: 'SNOWMON_SVC', secrets: ['canary-4b2d'] };

describe('describeDriverError', () => {
  it('does say the host was not found when DNS fails for a mistyped account', () => {
    const error = describeDriverError(
      { name: 'NetworkError', code: 401001, message: 'getaddrinfo ENOTFOUND xy12345.snowflakecomputing.com', cause: { code: 'ENOTFOUND' } },
      'login',
      context,
    );
    expect([error.kind, error.message]).toEqual([
      'network',
      'cannot reach snowflake at https://xy12345.snowflakecomputing.com: host not found (check the account identifier or access_url)',
    ]);
  });

  it('does keep code and sql state and join lines when a statement fails', () => {
    const error = describeDriverError(
      { name: 'OperationFailedError', code: '002003', sqlState: '42S02', message: "SQL compilation error:\nObject 'X' does not exist or not authorized." },
      'sql',
      context,
    );
    expect([error.kind, error.code, error.sqlState, error.message]).toEqual([
      'sql',
      '002003',
      '42S02',
      "002003 (42S02): SQL compilation error: Object 'X' does not exist or not authorized.",
    ]);
  });

  it('does mask a secret when a driver message echoes it', () => {
    const error = describeDriverError({ name: 'OperationFailedError', code: '390999', message: 'bad value canary-4b2d' }, 'login', context);
    expect(error.message).toBe('snowflake refused the login for user SNOWMON_SVC: bad value [redacted] (390999)');
  });

  it('does call an ended session a network failure when the driver says the connection is terminated', () => {
    const error = describeDriverError(
      { name: 'ClientError', code: 407002, message: 'Unable to perform operation using terminated connection.' },
      'sql',
      context,
    );
    expect([error.kind, error.message]).toEqual(['network', 'the snowflake session ended: unable to perform operation using terminated connection']);
  });
});
