#!/usr/bin/env node
/**
 * The `snowmon` command: parses the command name and lazy-imports the one module that runs it, so
 * `snowmon check-config` never loads the Snowflake driver.
 */

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: snowmon <command> [options]\n\ncommands:\n`);
    for (const [n, c] of Object.entries(COMMANDS)) process.stderr.write(`  ${n.padEnd(14)} ${c.summary}\n`);
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const module = await command.load();
  return module.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
