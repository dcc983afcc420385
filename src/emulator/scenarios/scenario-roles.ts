/**
 * The scenario's role model: what each role the scenario knows may see through SHOW and ACCOUNT_USAGE.
 * SNOWMON_ROLE is set up the way the README says (IMPORTED PRIVILEGES, MONITOR on every warehouse and
 * monitor); SNOWMON_NARROW_ROLE is a real account's usual half-done setup, to test what snowmon says then.
 */
import type { RolePrivileges } from '../role-privileges.js';

/**
 * SNOWMON_NARROW_ROLE: the USAGE / GOVERNANCE / SECURITY viewer database roles but not OBJECT_VIEWER (so
 * ACCOUNT_USAGE.TABLES is refused); a privilege on every warehouse but UNUSED_WH; MONITOR on BI_MONITOR
 * and OLD_MONITOR only, so ACCOUNT_MONTHLY, TRANSFORM_WEEKLY, DATASCIENCE_MONITOR and LOADING_MONITOR are
 * invisible to it although TRANSFORM_WH, DATASCIENCE_WH and LOADING_WH name theirs.
 */
export const NARROW_ROLE = 'SNOWMON_NARROW_ROLE';

const ALL: RolePrivileges = { accountUsage: 'imported', warehouses: 'all', resourceMonitors: 'all' };
const uses = (...warehouses: string[]): RolePrivileges => ({ accountUsage: [], warehouses, resourceMonitors: [] });

const ROLES: Readonly<Record<string, RolePrivileges>> = {
  ACCOUNTADMIN: ALL,
  SNOWMON_ROLE: ALL,
  [NARROW_ROLE]: {
    accountUsage: ['USAGE_VIEWER', 'GOVERNANCE_VIEWER', 'SECURITY_VIEWER'],
    warehouses: ['LOADING_WH', 'TRANSFORM_WH', 'BI_WH', 'ADHOC_WH', 'DEV_WH', 'SNOWMON_WH', 'DATASCIENCE_WH'],
    resourceMonitors: ['BI_MONITOR', 'OLD_MONITOR'],
  },
  SYSADMIN: { accountUsage: [], warehouses: 'all', resourceMonitors: [] },
  SECURITYADMIN: { accountUsage: ['SECURITY_VIEWER'], warehouses: [], resourceMonitors: [] },
  USERADMIN: uses(),
  ORGADMIN: uses(),
  PUBLIC: uses(),
  PLATFORM_ADMIN: ALL,
  ETL_ROLE: ALL,
  OPS_ROLE: uses(),
  LOADER_ROLE: uses('LOADING_WH'),
  TRANSFORMER: uses('TRANSFORM_WH'),
  REPORTER: uses('BI_WH'),
  ANALYST: uses('ADHOC_WH'),
  DATA_SCIENTIST: uses('DATASCIENCE_WH'),
  DEV_ROLE: uses('DEV_WH'),
};

/** A fresh role model for the scenario's account. */
export function scenarioRoles(): Map<string, RolePrivileges> {
  return new Map(Object.entries(ROLES));
}
