/**
 * Which SNOWFLAKE database role grants SELECT on each ACCOUNT_USAGE view, as Snowflake documents it
 * (https://docs.snowflake.com/en/sql-reference/snowflake-db-roles, "Database role required to access
 * ACCOUNT_USAGE views"), and the grant that fixes a refused object. Facts only; nobody decides here.
 */

/** The four SNOWFLAKE database roles that open ACCOUNT_USAGE views. */
export type SnowflakeDatabaseRole = 'OBJECT_VIEWER' | 'USAGE_VIEWER' | 'GOVERNANCE_VIEWER' | 'SECURITY_VIEWER';

/**
 * View → the database roles that can read it (any one is enough), for every view snowmon's queries read
 * and the emulator serves. `GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE` opens all of them.
 */
export const ACCOUNT_USAGE_VIEW_ROLES: Readonly<Record<string, readonly SnowflakeDatabaseRole[]>> = Object.freeze({
  DATABASE_STORAGE_USAGE_HISTORY: ['USAGE_VIEWER'],
  GRANTS_TO_ROLES: ['SECURITY_VIEWER'],
  GRANTS_TO_USERS: ['SECURITY_VIEWER'],
  LOGIN_HISTORY: ['SECURITY_VIEWER'],
  METERING_DAILY_HISTORY: ['USAGE_VIEWER'],
  METERING_HISTORY: ['USAGE_VIEWER'],
  NETWORK_POLICIES: ['SECURITY_VIEWER'],
  POLICY_REFERENCES: ['GOVERNANCE_VIEWER', 'SECURITY_VIEWER'],
  QUERY_ATTRIBUTION_HISTORY: ['USAGE_VIEWER', 'GOVERNANCE_VIEWER'],
  QUERY_HISTORY: ['GOVERNANCE_VIEWER'],
  RESOURCE_MONITORS: ['OBJECT_VIEWER'],
  ROLES: ['SECURITY_VIEWER'],
  STORAGE_USAGE: ['USAGE_VIEWER'],
  TABLE_STORAGE_METRICS: ['USAGE_VIEWER'],
  TABLES: ['OBJECT_VIEWER'],
  USERS: ['SECURITY_VIEWER'],
  WAREHOUSE_EVENTS_HISTORY: ['USAGE_VIEWER'],
  WAREHOUSE_LOAD_HISTORY: ['USAGE_VIEWER'],
  WAREHOUSE_METERING_HISTORY: ['USAGE_VIEWER'],
});

/** The database roles that open `view` (a bare or `SNOWFLAKE.ACCOUNT_USAGE.`-qualified name), or undefined. */
export function databaseRolesFor(view: string): readonly SnowflakeDatabaseRole[] | undefined {
  const match = /^(?:SNOWFLAKE\.ACCOUNT_USAGE\.)?([A-Z_]+)$/.exec(view.trim().toUpperCase());
  return match?.[1] === undefined ? undefined : ACCOUNT_USAGE_VIEW_ROLES[match[1]];
}

/**
 * The statement that lets `role` read `object`: the first database role that opens an ACCOUNT_USAGE
 * view, `imported privileges` for anything else in the SNOWFLAKE database, undefined for other objects.
 */
export function grantFor(object: string, role: string): string | undefined {
  const upper = object.trim().toUpperCase();
  const roles = databaseRolesFor(upper);
  if (roles !== undefined && roles[0] !== undefined) {
    return `grant database role snowflake.${roles[0].toLowerCase()} to role ${role}`;
  }
  if (upper === 'SNOWFLAKE' || upper.startsWith('SNOWFLAKE.')) return `grant imported privileges on database snowflake to role ${role}`;
  return undefined;
}
