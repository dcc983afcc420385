#!/usr/bin/env node
/**
 * The `snowmon` command: parses the command name and lazy-imports the one module that runs it, so
 * `snowmon check-config` never loads the Snowflake driver.
 */

import { ignoreClosedOutput } from './ignore-closed-output.js';

interface CommandModule {
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<CommandModule> }>> = {
  audit: { summary: 'run every check once and print the report', load: () => import('./audit.js') },
  run: { summary: 'run the daemon: scheduled checks, alerts, delivery, /healthz /readyz /metrics', load: () => import('./run.js') },
  'check-config': { summary: 'validate snowmon.yaml, the routing table, the Snowflake settings and the query files', load: () => import('./check-config.js') },
  'route-test': { summary: 'show where an alert with given labels would go, when, and its message', load: () => import('./route-test.js') },
  silence: { summary: 'add, list or expire runtime silences (silence add|list|expire)', load: () => import('./silence.js') },
  ack: { summary: 'acknowledge an alert or a notification group (stops escalation)', load: () => import('./ack.js') },
  alerts: { summary: "list firing alerts, their response state, or one alert's history", load: () => import('./alerts.js') },
  emulator: { summary: 'start the built-in Snowflake emulator with a seeded account', load: () => import('./emulator.js') },
  dbt: { summary: 'dbt status: pipelines, failed models and tests, source freshness, SLAs from artifacts', load: () => import('./dbt.js') },
  demo: { summary: 'audit the built-in emulator: no account or config needed', load: () => import('./demo.js') },
};

/**
 * snowflake-sdk pulls in AWS SDK packages that warn on every start under Node 20 about a Node 22
 * requirement for their releases after January 2027; the lockfile pins releases that run on Node 20, so
 * that one warning is noise. Every other warning is printed as Node would.
 */
function quietDriverWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.message.includes('NodeVersionSupportWarning') || warning.name === 'NodeVersionSupportWarning') return;
    process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  });
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const out = name && !['--help', '-h', 'help'].includes(name) ? process.stderr : process.stdout;
    if (name && out === process.stderr) out.write(`unknown command "${name}"\n`);
    out.write('usage: snowmon <command> [options]\n\ncommands:\n');
    for (const [n, c] of Object.entries(COMMANDS)) out.write(`  ${n.padEnd(14)} ${c.summary}\n`);
    out.write('\nsnowmon <command> --help shows its options.\n');
    return out === process.stderr ? 2 : 0;
  }
  const module = await command.load();
  return module.run(rest);
}

quietDriverWarnings();
ignoreClosedOutput();
process.exitCode = await main(process.argv.slice(2));
