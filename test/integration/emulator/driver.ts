/**
 * Helpers to drive an emulator with the real snowflake-sdk: connect, run a statement, close. Test support
 * only; the daemon has its own client.
 */

import snowflake from 'snowflake-sdk';
import type { Binds, Connection, ConnectionOptions, RowStatement, SnowflakeError } from 'snowflake-sdk';

snowflake.configure({ logLevel: 'OFF' });

export interface EmulatorAddress {
  readonly url: string;
  readonly accountName: string;
}

export function connectionOptions(emulator: EmulatorAddress, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    accessUrl: emulator.url,
    account: emulator.accountName,
    username: 'SNOWMON',
    password: 'snowmon-demo-password',
    sfRetryMaxLoginRetries: 0,
    ...extra,
  };
}

export function connect(options: ConnectionOptions): Promise<Connection> {
  const connection = snowflake.createConnection(options);
  return new Promise((resolve, reject) => {
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

export function execute(
  connection: Connection,
  sqlText: string,
  extra: { binds?: Binds; parameters?: Record<string, unknown>; asyncExec?: boolean } = {},
): Promise<{ rows: Record<string, unknown>[]; queryId: string }> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      ...extra,
      complete: (error: SnowflakeError | undefined, statement: RowStatement, rows?: unknown[]) => {
        if (error) reject(error);
        else resolve({ rows: (rows ?? []) as Record<string, unknown>[], queryId: statement.getQueryId() });
      },
    });
  });
}

export function destroy(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    if (!connection.isUp()) {
      resolve();
      return;
    }
    connection.destroy(() => resolve());
  });
}

/** Logs in to `account` on the emulator at `url` as the scenario user, runs `sql` in a UTC session, logs out. */
export async function queryAccount(url: string, account: string, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await connect(connectionOptions({ url, accountName: account }));
  try {
    await execute(conn, "ALTER SESSION SET TIMEZONE = 'UTC'");
    return (await execute(conn, sql)).rows;
  } finally {
    await destroy(conn);
  }
}
