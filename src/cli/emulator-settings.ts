/**
 * The Snowflake settings that point snowmon at a running built-in emulator with its documented demo
 * login (SNOWMON / snowmon-demo-password on SNOWMON_WH): not secrets, the emulator's defaults.
 */

import { Secret } from '../config/secret.js';
import { SNOWMON_LOGIN } from '../emulator/scenarios/seed-scenario.js';
import type { RunningEmulator } from '../emulator/start-emulator.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';
import { DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS, type SnowflakeSettings } from '../sources/snowflake-settings.js';

export function emulatorSettings(emulator: RunningEmulator, config: { readonly snowflake: SnowflakeSection }): SnowflakeSettings {
  return {
    account: emulator.accountName,
    accessUrl: emulator.url,
    user: SNOWMON_LOGIN.name,
    authenticator: 'SNOWFLAKE',
    password: new Secret(SNOWMON_LOGIN.password ?? ''),
    role: SNOWMON_LOGIN.defaultRole,
    warehouse: SNOWMON_LOGIN.defaultWarehouse ?? 'SNOWMON_WH',
    statementTimeoutMs: config.snowflake.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    loginTimeoutMs: config.snowflake.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
  };
}
