/**
 * What a reload changes in the accounts: those added, those removed, and those whose entry changed (its
 * connection keys, `usd_per_credit`, labels, or its resolved settings, secrets included: a new password or
 * key passphrase counts). Where an entry is written (`keyPath`) does not count. A pure comparison; what
 * the daemon does with each kind is reload-daemon.ts's.
 */

import { Secret } from '../config/secret.js';
import type { AccountConfig } from '../sources/account-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';

/** The accounts config and their resolved settings, by name, on one side of a reload. */
export interface AccountsInForce {
  readonly accounts: readonly AccountConfig[];
  readonly settings: ReadonlyMap<string, SnowflakeSettings>;
}

export interface AccountChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** In both, with a different entry or settings. */
  readonly changed: readonly string[];
}

export function accountChanges(before: AccountsInForce, after: AccountsInForce): AccountChanges {
  const was = new Map(before.accounts.map((a) => [a.name, a]));
  const now = new Map(after.accounts.map((a) => [a.name, a]));
  const changed = [...now.values()].filter((account) => {
    const old = was.get(account.name);
    return old !== undefined && fingerprint(old, before.settings.get(old.name)) !== fingerprint(account, after.settings.get(account.name));
  });
  return {
    added: [...now.keys()].filter((name) => !was.has(name)),
    removed: [...was.keys()].filter((name) => !now.has(name)),
    changed: changed.map((a) => a.name),
  };
}

/** The entry and its settings as comparable text (in memory only: it holds the secrets). */
function fingerprint(account: AccountConfig, settings: SnowflakeSettings | undefined): string {
  const { keyPath: _where, ...entry } = account;
  return JSON.stringify(plain({ entry, settings }));
}

/** `value` as plain data with sorted keys, each Secret as its value (JSON would redact it). */
function plain(value: unknown): unknown {
  if (value instanceof Secret) return { secret: value.reveal() };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}
