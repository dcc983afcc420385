/**
 * The Snowsight address of an account, for links from the dashboard and the audit report: an `accounts:`
 * entry's own `snowsight_url`, else `daemon.dashboard.snowsight_url` for the first account, else derived from
 * an `ORG-ACCOUNT` identifier (the locator form `xy12345.eu-central-1` names no organization, so no address).
 * Both keys are validated here the same way.
 */

import { quote } from '../config/errors.js';
import type { Mapping, Validator } from '../config/validate-config.js';

/** `https://app.snowflake.com/org/account` for an `ORG-ACCOUNT` identifier; undefined for a locator or none. */
export function snowsightFromAccount(account: string | undefined): string | undefined {
  const match = /^([A-Za-z0-9_]+)-([A-Za-z0-9_]+)$/.exec(account ?? '');
  return match ? `https://app.snowflake.com/${(match[1] as string).toLowerCase()}/${(match[2] as string).toLowerCase()}` : undefined;
}

/** Where one account's Snowsight address can come from. */
export interface SnowsightSources {
  /** The account's `accounts:` entry's `snowsight_url`. */
  readonly own?: string;
  /** `daemon.dashboard.snowsight_url`: written for one account, it is the first account's. */
  readonly dashboard?: string;
  /** The account's place in config order (0 = the first, or the only one). */
  readonly index: number;
  /** Its Snowflake identifier as resolved (`ORG-ACCOUNT` or a locator). */
  readonly identifier?: string;
}

/** The account's own address, else the dashboard's for the first account, else derived from its identifier. */
export function accountSnowsightUrl(s: SnowsightSources): string | undefined {
  return s.own ?? (s.index === 0 ? s.dashboard : undefined) ?? snowsightFromAccount(s.identifier);
}

/** Validates a `snowsight_url` key (an https address with a path), without its trailing slashes; undefined when unset. */
export function snowsightUrlKey(v: Validator, map: Mapping, path: readonly string[]): string | undefined {
  const url = v.string(map, path);
  if (url === undefined) return undefined;
  if (!/^https:\/\/[^/\s]+\/[^\s#?]+$/.test(url)) {
    v.report('SM108', path, `must be the Snowsight address of the account, e.g. "https://app.snowflake.com/myorg/myaccount", got ${quote(url)}`);
  }
  return url.replace(/\/+$/, '');
}
