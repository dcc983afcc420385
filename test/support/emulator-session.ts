/**
 * A snowflake-sdk session on a running emulator as the monitoring user: the login the integration tests
 * share (password auth, SNOWMON_ROLE on SNOWMON_WH, generous timeouts for a loaded machine).
 */

import { Secret } from '../../src/config/secret.js';
import type { RunningEmulator } from '../../src/emulator/start-emulator.js';
import { connectSnowflake } from '../../src/sources/connect-snowflake.js';
import type { SnowflakeClient } from '../../src/sources/snowflake-client.js';

export function connectToEmulator(emulator: RunningEmulator): Promise<SnowflakeClient> {
  return connectSnowflake({
    account: emulator.accountName,
    accessUrl: emulator.url,
    user: 'SNOWMON',
    authenticator: 'SNOWFLAKE',
    password: new Secret('snowmon-demo-password'),
    role: 'SNOWMON_ROLE',
    warehouse: 'SNOWMON_WH',
    statementTimeoutMs: 60_000,
    loginTimeoutMs: 15_000,
  });
}
