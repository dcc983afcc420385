/**
 * What the alerting commands (`silence`, `ack`, `alerts`) share: their exit codes, loading the config
 * and opening its store with errors turned into one stderr line, and the author name for records.
 * Argument parsing stays in each command.
 */

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Kysely } from 'kysely';
import { ConfigError } from '../config/errors.js';
import type { Config } from './snowmon-config.js';
import type { Database } from '../ledger/database.js';
import { loadCliConfig } from './load-cli-config.js';
import { StoreOpenError, openStore } from './open-store.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A wrong argument: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

export type Values = Readonly<Record<string, string | boolean | undefined>>;

/** Strict option parsing with positionals; every command also takes `--config FILE`. */
export function parseCommandArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...options, config: { type: 'string' } }, strict: true, allowPositionals: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Writes a line (a newline is added) to stdout or stderr. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function complain(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Runs `work` with the config and an open store, closing the store afterwards. A config or store
 * problem is printed and returns exit code 2; what `work` returns is the exit code otherwise.
 */
export async function withStore(configFile: string | undefined, work: (db: Kysely<Database>, config: Config) => Promise<number>): Promise<number> {
  let config: Config;
  let db: Kysely<Database>;
  try {
    // Only the store is opened: an unset Snowflake password or dashboard token is no reason to refuse.
    config = await loadCliConfig(configFile, process.env, { store: true });
    db = await openStore(config.store);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreOpenError) {
      complain(error.message);
      return EXIT.usage;
    }
    throw error;
  }
  try {
    return await work(db, config);
  } finally {
    await db.destroy();
  }
}

/** Who is acting: `--author`, else `$SNOWMON_USER`, else the login name. */
export function authorName(explicit: string | undefined): string {
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  const fromEnv = process.env.SNOWMON_USER ?? process.env.USER ?? process.env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Width for tables: the terminal's, or unlimited when stdout is not a terminal. */
export function tableWidth(): number {
  return process.stdout.isTTY === true ? (process.stdout.columns ?? 120) : Number.POSITIVE_INFINITY;
}
