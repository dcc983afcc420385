/**
 * `snowmon run`: the long-running daemon (src/daemon/run-daemon.ts) wired to the real world: the config
 * file, the routing table, the real Snowflake driver, JSON logs on stdout and process signals (SIGTERM /
 * SIGINT stop within daemon.shutdown_grace and exit 0, SIGHUP reloads). Exit 2 when it cannot start.
 */

import { parseArgs } from 'node:util';
import { ConfigError } from '../config/errors.js';
import { createLogger } from '../daemon/logger.js';
import { runDaemon } from '../daemon/run-daemon.js';
import { handleSignals } from '../daemon/signals.js';
import { groupByAccount } from '../router/group-by-account.js';
import { loadRouting } from '../router/load-routing.js';
import { ignoredEndpointNote, ignoredEndpointVariables, resolveAccountSettings } from '../sources/snowflake-settings.js';
import { loadCliConfig } from './load-cli-config.js';

const USAGE = `usage: snowmon run [--config snowmon.yaml]
  Runs the daemon: the free loop (SHOW checks, burn rate, runaway warehouses) on daemon.free_loop, the
  warehouse checks on daemon.warehouse_loop, delivery of notifications, and /healthz, /readyz, /metrics on
  daemon.http. SIGTERM or SIGINT stops it (exit 0), SIGHUP reloads the config and the routing table.
`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const env = process.env;
  const load = async () => {
    const config = await loadCliConfig(values.config, env);
    return { config, routing: groupByAccount(await loadRouting(config.routing.file, env), config.accounts) };
  };
  let initial;
  try {
    initial = await load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({ level: initial.config.daemon.logLevel });
  const ignored = ignoredEndpointVariables(initial.config.accounts, env);
  if (ignored.length > 0) logger.warn({ ignored }, ignoredEndpointNote(ignored));
  const daemon = runDaemon(initial.config, {
    routing: initial.routing,
    logger,
    resolveSettings: (config, account) => resolveAccountSettings(account, env, { configFile: config.file }),
    reloadConfig: load,
    // Console receivers print to stderr: stdout is the JSON log, one object a line, for a log collector.
    notifierDeps: { out: process.stderr },
  });
  const signals = handleSignals(daemon, logger);
  try {
    await daemon.ready;
  } catch (error) {
    logger.fatal({ err: error }, 'snowmon daemon could not start');
    signals.dispose();
    await daemon.stop('startup failed');
    return 2;
  }
  await signals.stopped;
  signals.dispose();
  return 0;
}
