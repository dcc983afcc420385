/**
 * A `SnowflakeClient` wrapper for the daemon: reports every statement (check, failed) for metrics, and
 * remembers a failure that means the session itself is gone (network, login, HTTP outage) or a statement
 * that ran out of time, so the loop can reconnect and raise `monitor_health`. It changes no statement and no result.
 */

import { describeFailure } from '../checks/run-checks.js';
import type { QueryOptions, QueryResult, SnowflakeClient } from '../sources/snowflake-client.js';
import { SnowflakeError } from '../sources/snowflake-client.js';

export interface ObservedClient extends SnowflakeClient {
  /** Why the session looks broken (a network or login failure of a statement), if it does. */
  readonly broken: string | undefined;
  /** Why a statement ran out of time, if one did (for SHOW statements: Snowflake is not answering). */
  readonly timedOut: string | undefined;
}

export function observeClient(client: SnowflakeClient, onStatement: (check: string, failed: boolean) => void): ObservedClient {
  let broken: string | undefined;
  let timedOut: string | undefined;
  return {
    get broken() {
      return broken;
    },
    get timedOut() {
      return timedOut;
    },
    async query(sql: string, options?: QueryOptions): Promise<QueryResult> {
      const check = options?.check ?? 'unknown';
      // Once the session is gone, the remaining statements of the cycle fail at once instead of each
      // waiting out its own deadline.
      if (broken !== undefined) throw new SnowflakeError(`not sent, the session is gone: ${broken}`, undefined, undefined, 'network');
      try {
        const result = await client.query(sql, options);
        onStatement(check, false);
        return result;
      } catch (error) {
        onStatement(check, true);
        if (error instanceof SnowflakeError && (error.kind === 'network' || error.kind === 'login')) broken ??= describeFailure(error);
        if (error instanceof SnowflakeError && error.kind === 'timeout') timedOut ??= describeFailure(error);
        throw error;
      }
    },
    close: () => client.close(),
  };
}
