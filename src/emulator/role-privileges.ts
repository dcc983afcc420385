/**
 * What a role may see in the emulated account: which ACCOUNT_USAGE views it can read (IMPORTED PRIVILEGES
 * or SNOWFLAKE database roles) and which warehouses and resource monitors it holds a privilege on, so
 * SHOW lists only those and a refused view fails the way Snowflake fails it. Decisions only; the
 * session's role comes from the login (or USE ROLE) and the scenario seeds the roles.
 */

import { ACCOUNT_USAGE_VIEW_ROLES, type SnowflakeDatabaseRole } from '../sources/account-usage-access.js';
import { nextSignificant, tokenize, type Token } from './dialect-tokens.js';
import { sqlError, type SnowflakeSqlError } from './sql-errors.js';

export interface RolePrivileges {
  /** `imported`: IMPORTED PRIVILEGES on database SNOWFLAKE (every view); otherwise the database roles held. */
  readonly accountUsage: 'imported' | readonly SnowflakeDatabaseRole[];
  /** Warehouses the role holds any privilege on (USAGE, MONITOR, OPERATE...), upper-case; `all` for every one. */
  readonly warehouses: 'all' | readonly string[];
  /** Resource monitors the role holds MONITOR or MODIFY on, upper-case; `all` for every one (ACCOUNTADMIN). */
  readonly resourceMonitors: 'all' | readonly string[];
}

/** A role with no privilege at all: what a role missing from the account's role model gets. */
export const NO_PRIVILEGES: RolePrivileges = Object.freeze({ accountUsage: [], warehouses: [], resourceMonitors: [] });

/**
 * The privileges of `role` in an account's role model, undefined (everything visible) for an account
 * without a model (a small test account) or a caller that names no role at all (no session); a role the
 * model does not know, or a session without a role, sees nothing.
 */
export function privilegesOf(roles: ReadonlyMap<string, RolePrivileges> | undefined, role: string | null | undefined): RolePrivileges | undefined {
  if (roles === undefined || role === undefined) return undefined;
  return (role === null ? undefined : roles.get(role.toUpperCase())) ?? NO_PRIVILEGES;
}

/** Whether the role holds a privilege on `name` in a `warehouses` / `resourceMonitors` list. */
export function holds(list: 'all' | readonly string[], name: string): boolean {
  return list === 'all' || list.includes(name.toUpperCase());
}

/** Whether the role can read the ACCOUNT_USAGE view `view` (bare, upper-case). */
export function canReadView(privileges: RolePrivileges, view: string): boolean {
  if (privileges.accountUsage === 'imported') return true;
  const needed = ACCOUNT_USAGE_VIEW_ROLES[view] ?? [];
  return needed.some((role) => (privileges.accountUsage as readonly SnowflakeDatabaseRole[]).includes(role));
}

function nameOf(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text.toUpperCase();
  if (token?.kind === 'quoted') return token.value;
  return undefined;
}

/** The `SNOWFLAKE.ACCOUNT_USAGE.<view>` names `sql` reads, in order of appearance (comments and strings ignored). */
export function accountUsageViews(sql: string): string[] {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return []; // the dialect layer reports the syntax error
  }
  const views: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (nameOf(tokens[i]) !== 'SNOWFLAKE') continue;
    const dot1 = nextSignificant(tokens, i + 1);
    const schema = nextSignificant(tokens, dot1 + 1);
    const dot2 = nextSignificant(tokens, schema + 1);
    const view = nextSignificant(tokens, dot2 + 1);
    if (tokens[dot1]?.text !== '.' || nameOf(tokens[schema]) !== 'ACCOUNT_USAGE' || tokens[dot2]?.text !== '.') continue;
    const name = nameOf(tokens[view]);
    if (name !== undefined) views.push(name);
  }
  return views;
}

/**
 * Snowflake's refusal for the first ACCOUNT_USAGE view in `sql` the role cannot read, or null when it may
 * run: `002003 (42S02) SQL compilation error: Object '...' does not exist or not authorized.`
 */
export function refuseUnreadableView(privileges: RolePrivileges | undefined, sql: string): SnowflakeSqlError | null {
  if (privileges === undefined) return null;
  const refused = accountUsageViews(sql).find((view) => !canReadView(privileges, view));
  if (refused === undefined) return null;
  return sqlError('002003', '42S02', `SQL compilation error:\nObject 'SNOWFLAKE.ACCOUNT_USAGE.${refused}' does not exist or not authorized.`);
}
