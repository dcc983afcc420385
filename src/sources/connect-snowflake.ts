/**
 * Opens a `SnowflakeClient` over the real snowflake-sdk driver: logs in within `loginTimeoutMs` (the
 * driver's own retry loops are cut short), sets the session time zone to UTC, tags every statement with
 * QUERY_TAG, and bounds every statement with its own deadline and `cancel()`. Driver failures come out as
 * `SnowflakeError`s of kind login / network / sql / timeout / config, never carrying a secret.
 */

import snowflake from 'snowflake-sdk';
import type { Connection, ConnectionOptions, RowStatement } from 'snowflake-sdk';
import { ConfigError } from '../config/errors.js';
import { loadPrivateKey } from './private-key.js';
import { SnowflakeError } from './snowflake-client.js';
import type { QueryOptions, QueryResult, SnowflakeClient } from './snowflake-client.js';
import type { SnowflakeSettings } from './snowflake-settings.js';
import { defaultAccessUrl } from './default-access-url.js';
import { columnNames, toRows } from './driver-rows.js';
import { describeDriverError } from './describe-driver-error.js';

/** How long `close()` waits for Snowflake to acknowledge the logout before giving up on it. */
const CLOSE_TIMEOUT_MS = 5_000;

export async function connectSnowflake(settings: SnowflakeSettings): Promise<SnowflakeClient> {
  // Driver logs off: otherwise it writes JSON lines to stdout and ./snowflake.log in the CWD.
  snowflake.configure({ logLevel: 'OFF', additionalLogToConsole: false });
  const url = settings.accessUrl ?? defaultAccessUrl(settings.account);
  const secrets = [settings.password?.reveal(), settings.privateKeyPassphrase?.reveal()].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const context: DriverContext = { url, user: settings.user, secrets };
  const privateKey = settings.authenticator === 'SNOWFLAKE_JWT' ? await readPrivateKey(settings) : undefined;

  let connection: Connection;
  try {
    connection = snowflake.createConnection(connectionOptions(settings, url, privateKey));
  } catch (error) {
    throw new SnowflakeError(`invalid snowflake settings: ${describeDriverError(error, 'sql', context).message}`, undefined, undefined, 'config');
  }
  await logIn(connection, settings.loginTimeoutMs, context);

  const client = new DriverClient(connection, settings, context);
  try {
    // The account default is America/Los_Angeles; every date filter and bucket in queries/ assumes UTC.
    // snowflake-sdk 3.3.0 sends only a fixed list of login SESSION_PARAMETERS (keep-alive, bigint,
    // QUERY_TAG, ...; see services/sf.js), not TIMEZONE, so one metadata-only ALTER per session it is.
    await client.query("alter session set timezone = 'UTC'", { check: 'session' });
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

/** Where the driver talks to and the secrets its errors must never carry. */
interface DriverContext {
  readonly url: string;
  readonly user: string;
  readonly secrets: readonly string[];
}

/** The PKCS#8 key for SNOWFLAKE_JWT; a missing or unreadable file is a `config` SnowflakeError. */
async function readPrivateKey(settings: SnowflakeSettings): Promise<string> {
  if (!settings.privateKeyFile) throw new SnowflakeError('snowflake.private_key_file is required for SNOWFLAKE_JWT', 'SM110', undefined, 'config');
  try {
    return await loadPrivateKey(settings.privateKeyFile, settings.privateKeyPassphrase);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new SnowflakeError(error.message, error.issues[0]?.code, undefined, 'config');
    }
    throw error;
  }
}

function connectionOptions(settings: SnowflakeSettings, url: string, privateKey: string | undefined): ConnectionOptions {
  return {
    account: settings.account,
    accessUrl: url,
    username: settings.user,
    authenticator: settings.authenticator,
    ...(settings.authenticator === 'SNOWFLAKE' ? { password: settings.password?.reveal() } : { privateKey }),
    ...(settings.role ? { role: settings.role } : {}),
    ...(settings.warehouse ? { warehouse: settings.warehouse } : {}),
    ...(settings.database ? { database: settings.database } : {}),
    ...(settings.schema ? { schema: settings.schema } : {}),
    // One login attempt: a wrong password or a refused port fails now, not after 7 backed-off retries.
    sfRetryMaxLoginRetries: 0,
    // Bounds one HTTP attempt; our own deadlines below bound the driver's retry loops.
    timeout: Math.max(settings.loginTimeoutMs, settings.statementTimeoutMs),
    clientSessionKeepAlive: false,
  };
}

/** Logs in within `loginTimeoutMs`; a login that ends after we gave up is logged out again. */
async function logIn(connection: Connection, loginTimeoutMs: number, context: DriverContext): Promise<void> {
  let abandoned = false;
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      connection.connect((error) => {
        if (error) {
          reject(describeDriverError(error, 'login', context));
        } else if (abandoned) {
          connection.destroy(() => undefined); // logged in after we gave up: log out again
        } else {
          resolve();
        }
      });
    }),
    loginTimeoutMs,
    () => {
      abandoned = true;
      try {
        connection.destroy(() => undefined);
      } catch {
        // The driver may refuse to destroy a connection still logging in; the callback above logs out.
      }
      return new SnowflakeError(`cannot reach snowflake at ${context.url}: no answer within ${seconds(loginTimeoutMs)}`, undefined, undefined, 'network');
    },
  );
}

class DriverClient implements SnowflakeClient {
  #closing: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly settings: SnowflakeSettings,
    private readonly context: DriverContext,
  ) {}

  query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    if (this.#closing) {
      return Promise.reject(new SnowflakeError('the snowflake session is closed', undefined, undefined, 'network'));
    }
    const timeoutMs = options.timeoutMs ?? this.settings.statementTimeoutMs;
    const tag = JSON.stringify(options.check ? { app: 'snowmon', check: options.check } : { app: 'snowmon' });
    let statement: RowStatement | undefined;
    const run = new Promise<QueryResult>((resolve, reject) => {
      try {
        statement = this.execute(sql, options, tag, timeoutMs, resolve, reject);
      } catch (error) {
        reject(describeDriverError(error, 'sql', this.context));
      }
    });
    return withDeadline(run, timeoutMs, () => {
      statement?.cancel(() => undefined);
      const what = options.check ? ` (check ${options.check})` : '';
      return new SnowflakeError(`statement exceeded ${seconds(timeoutMs)} and was cancelled${what}`, undefined, undefined, 'timeout');
    });
  }

  private execute(
    sql: string,
    options: QueryOptions,
    tag: string,
    timeoutMs: number,
    resolve: (result: QueryResult) => void,
    reject: (error: unknown) => void,
  ): RowStatement {
    return this.connection.execute({
      sqlText: sql,
      ...(options.binds ? { binds: options.binds } : {}),
      rowMode: 'array',
      // Per-statement parameters: no extra ALTER SESSION per check. The server-side timeout stops
      // the warehouse work even if our cancel() never arrives.
      parameters: { QUERY_TAG: tag, STATEMENT_TIMEOUT_IN_SECONDS: Math.max(1, Math.ceil(timeoutMs / 1000)) },
      complete: (error, stmt, rows) => {
        if (error) {
          reject(describeDriverError(error, 'sql', this.context));
          return;
        }
        try {
          const columns = stmt.getColumns() ?? [];
          resolve({ columns: columnNames(columns), rows: toRows(columns, rows ?? []), queryId: stmt.getQueryId() });
        } catch (conversionError) {
          reject(conversionError);
        }
      },
    });
  }

  close(): Promise<void> {
    this.#closing ??= withDeadline(
      new Promise<void>((resolve) => {
        if (!this.connection.isUp()) {
          resolve();
          return;
        }
        this.connection.destroy(() => resolve());
      }),
      CLOSE_TIMEOUT_MS,
      () => new SnowflakeError('logout timed out', undefined, undefined, 'network'),
    ).catch(() => undefined);
    return this.#closing;
  }
}

/** Settles with `work`, or rejects with `onTimeout()` after `ms`; the late result of `work` is ignored. */
function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
