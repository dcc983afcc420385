/**
 * The scenario's people and service accounts: USERS, ROLES, GRANTS_TO_USERS, GRANTS_TO_ROLES (role edges
 * and a few object privileges), LOGIN_HISTORY, NETWORK_POLICIES and POLICY_REFERENCES, with the planted
 * problems the service-account audit must find (listed in seed-scenario.ts). Rows only; no audit logic.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertRows, type SqlValue } from './insert-rows.js';
import type { SeededRandom } from './random.js';
import { DAY_MS } from './time-slots.js';

interface UserSpec {
  readonly name: string;
  readonly type: 'PERSON' | 'SERVICE' | 'LEGACY_SERVICE' | null;
  readonly password: boolean;
  readonly rsa: boolean;
  readonly mfa: boolean;
  readonly roles: readonly string[];
  readonly defaultRole: string;
  readonly defaultWarehouse: string | null;
  /** Days since the last successful login; null = never. */
  readonly lastLoginDaysAgo: number | null;
  readonly disabled?: boolean;
  readonly deletedDaysAgo?: number;
  /** How this user authenticates in LOGIN_HISTORY. */
  readonly factor: 'PASSWORD' | 'RSA_KEYPAIR' | 'SAML2_ASSERTION';
  readonly loginsPerDay: number;
}

export const USER_SPECS: readonly UserSpec[] = Object.freeze([
  {
    name: 'ALICE_ADMIN',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: false,
    roles: ['ACCOUNTADMIN', 'ANALYST'],
    defaultRole: 'ACCOUNTADMIN',
    defaultWarehouse: 'ADHOC_WH',
    lastLoginDaysAgo: 0,
    factor: 'PASSWORD',
    loginsPerDay: 2,
  },
  {
    name: 'BOB_ADMIN',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: true,
    roles: ['ACCOUNTADMIN', 'SYSADMIN'],
    defaultRole: 'SYSADMIN',
    defaultWarehouse: 'ADHOC_WH',
    lastLoginDaysAgo: 1,
    factor: 'PASSWORD',
    loginsPerDay: 1,
  },
  {
    name: 'GRACE_SECADMIN',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: true,
    roles: ['SECURITYADMIN'],
    defaultRole: 'SECURITYADMIN',
    defaultWarehouse: null,
    lastLoginDaysAgo: 130,
    factor: 'PASSWORD',
    loginsPerDay: 0,
  },
  {
    name: 'CAROL',
    type: null,
    password: true,
    rsa: false,
    mfa: true,
    roles: ['ANALYST', 'DEV_ROLE'],
    defaultRole: 'ANALYST',
    defaultWarehouse: 'ADHOC_WH',
    lastLoginDaysAgo: 0,
    factor: 'SAML2_ASSERTION',
    loginsPerDay: 3,
  },
  {
    name: 'DAVE',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: true,
    roles: ['ANALYST', 'DATA_SCIENTIST'],
    defaultRole: 'DATA_SCIENTIST',
    defaultWarehouse: 'DATASCIENCE_WH',
    lastLoginDaysAgo: 0,
    factor: 'SAML2_ASSERTION',
    loginsPerDay: 2,
  },
  {
    name: 'ERIN',
    type: 'PERSON',
    password: true,
    rsa: true,
    mfa: true,
    roles: ['TRANSFORMER'],
    defaultRole: 'TRANSFORMER',
    defaultWarehouse: 'TRANSFORM_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 1,
  },
  {
    name: 'FRANK',
    type: null,
    password: false,
    rsa: true,
    mfa: false,
    roles: ['DEV_ROLE'],
    defaultRole: 'DEV_ROLE',
    defaultWarehouse: 'DEV_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 4,
  },
  {
    name: 'OLD_CONTRACTOR',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: false,
    roles: ['REPORTER'],
    defaultRole: 'REPORTER',
    defaultWarehouse: 'UNUSED_WH',
    lastLoginDaysAgo: 40,
    disabled: true,
    factor: 'PASSWORD',
    loginsPerDay: 0,
  },
  {
    name: 'TEMP_INTERN',
    type: 'PERSON',
    password: true,
    rsa: false,
    mfa: false,
    roles: ['ANALYST'],
    defaultRole: 'ANALYST',
    defaultWarehouse: 'ADHOC_WH',
    lastLoginDaysAgo: 70,
    deletedDaysAgo: 60,
    factor: 'PASSWORD',
    loginsPerDay: 0,
  },
  {
    name: 'ETL_SVC',
    type: 'SERVICE',
    password: false,
    rsa: true,
    mfa: false,
    roles: ['ETL_ROLE'],
    defaultRole: 'ETL_ROLE',
    defaultWarehouse: 'LOADING_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 6,
  },
  {
    name: 'LOADER_SVC',
    type: 'LEGACY_SERVICE',
    password: true,
    rsa: false,
    mfa: false,
    roles: ['LOADER_ROLE'],
    defaultRole: 'LOADER_ROLE',
    defaultWarehouse: 'LOADING_WH',
    lastLoginDaysAgo: 0,
    factor: 'PASSWORD',
    loginsPerDay: 12,
  },
  {
    name: 'DBT_SVC',
    type: 'SERVICE',
    password: false,
    rsa: true,
    mfa: false,
    roles: ['TRANSFORMER'],
    defaultRole: 'TRANSFORMER',
    defaultWarehouse: 'TRANSFORM_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 2,
  },
  {
    name: 'LOOKER_SVC',
    type: 'SERVICE',
    password: false,
    rsa: true,
    mfa: false,
    roles: ['REPORTER'],
    defaultRole: 'REPORTER',
    defaultWarehouse: 'BI_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 8,
  },
  {
    name: 'SNOWMON',
    type: 'SERVICE',
    password: false,
    rsa: true,
    mfa: false,
    roles: ['SNOWMON_ROLE'],
    defaultRole: 'SNOWMON_ROLE',
    defaultWarehouse: 'SNOWMON_WH',
    lastLoginDaysAgo: 0,
    factor: 'RSA_KEYPAIR',
    loginsPerDay: 1,
  },
] satisfies UserSpec[]);

const SYSTEM_ROLES = ['ORGADMIN', 'ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN', 'PUBLIC'] as const;
const CUSTOM_ROLES = [
  'PLATFORM_ADMIN',
  'ETL_ROLE',
  'OPS_ROLE',
  'LOADER_ROLE',
  'TRANSFORMER',
  'REPORTER',
  'ANALYST',
  'DATA_SCIENTIST',
  'DEV_ROLE',
  'SNOWMON_ROLE',
] as const;

/** Role edges `[child, parent, revokedDaysAgo?]`: GRANT ROLE child TO ROLE parent (parent inherits child). */
export const ROLE_EDGES: readonly (readonly [string, string, number?])[] = Object.freeze([
  ['SECURITYADMIN', 'ACCOUNTADMIN'],
  ['SYSADMIN', 'ACCOUNTADMIN'],
  ['USERADMIN', 'SECURITYADMIN'],
  ['TRANSFORMER', 'SYSADMIN'],
  ['LOADER_ROLE', 'SYSADMIN'],
  ['REPORTER', 'SYSADMIN'],
  ['ANALYST', 'SYSADMIN'],
  ['DATA_SCIENTIST', 'SYSADMIN'],
  ['DEV_ROLE', 'SYSADMIN'],
  ['SNOWMON_ROLE', 'SYSADMIN'],
  // PLATFORM_ADMIN and ETL_ROLE are not granted to SYSADMIN: they contain ACCOUNTADMIN, which contains
  // SYSADMIN, and Snowflake refuses a grant that would close a cycle.
  // the planted chain: ETL_SVC → ETL_ROLE → PLATFORM_ADMIN → ACCOUNTADMIN
  ['ACCOUNTADMIN', 'PLATFORM_ADMIN'],
  ['PLATFORM_ADMIN', 'ETL_ROLE'],
  ['LOADER_ROLE', 'ETL_ROLE'],
  // revoked: OPS_ROLE once held SECURITYADMIN
  ['SECURITYADMIN', 'OPS_ROLE', 45],
]);

/**
 * Where a user's default warehouse or a role's warehouse grant goes in a varied fleet account that lacks the
 * warehouse (account-variant.ts): the first of these the account has, else none (no default; the grant is not
 * there). The default shape has every warehouse, so the single and the first account keep theirs.
 */
const STAND_INS: Readonly<Record<string, readonly string[]>> = {
  ADHOC_WH: ['SANDBOX_WH', 'BI_WH'],
  DEV_WH: ['SANDBOX_WH', 'TRANSFORM_WH'],
  DATASCIENCE_WH: ['ML_WH', 'TRANSFORM_WH'],
  UNUSED_WH: [],
};

/** `name` when the account has it, else its first stand-in the account has, else null. */
export function accountWarehouse(name: string | null, warehouses: ReadonlySet<string>): string | null {
  if (name === null || warehouses.has(name)) return name;
  return (STAND_INS[name] ?? []).find((w) => warehouses.has(w)) ?? null;
}

/** GRANTS_TO_ROLES rows with each warehouse grant on the account's own warehouse (or left out), each once. */
function onAccountWarehouses(rows: readonly SqlValue[][], warehouses: ReadonlySet<string>): SqlValue[][] {
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    if (row[3] !== 'WAREHOUSE') return [row];
    const name = accountWarehouse(row[4] as string, warehouses);
    const key = `${String(row[2])} ${name} ${String(row[8])}`;
    if (name === null || seen.has(key)) return [];
    seen.add(key);
    return [name === row[4] ? row : [...row.slice(0, 4), name, ...row.slice(5)]];
  });
}

/** The security views; `warehouses` are the account's warehouse names (users and grants name only those). */
export async function generateSecurity(
  connection: DuckDBConnection,
  random: SeededRandom,
  now: Date,
  days: number,
  warehouses: ReadonlySet<string>,
): Promise<void> {
  const t = now.getTime();
  const ago = (d: number): Date => new Date(t - d * DAY_MS);
  const created = ago(420);

  const userRows: SqlValue[][] = USER_SPECS.map((u, n) => [
    1000 + n,
    u.name,
    ago(400 - n * 11),
    u.deletedDaysAgo === undefined ? null : ago(u.deletedDaysAgo),
    u.name,
    u.name,
    u.type === 'PERSON' || u.type === null ? (u.name.split('_')[0] ?? u.name) : null,
    null,
    u.type === 'PERSON' || u.type === null ? `${u.name.toLowerCase()}@example.com` : null,
    false,
    u.password,
    '',
    u.disabled === true ? 'true' : 'false',
    false,
    accountWarehouse(u.defaultWarehouse, warehouses),
    null,
    u.defaultRole,
    false,
    null,
    u.mfa,
    null,
    u.lastLoginDaysAgo === null ? null : new Date(t - u.lastLoginDaysAgo * DAY_MS - (n + 1) * 3_600_000),
    null,
    null,
    u.rsa,
    u.password ? ago(200 - n) : null,
    false,
    false,
    'USERADMIN',
    null,
    u.type,
    null,
    null,
    null,
    null,
    false,
  ]);
  await insertRows(
    connection,
    'USERS',
    [
      'USER_ID',
      'NAME',
      'CREATED_ON',
      'DELETED_ON',
      'LOGIN_NAME',
      'DISPLAY_NAME',
      'FIRST_NAME',
      'LAST_NAME',
      'EMAIL',
      'MUST_CHANGE_PASSWORD',
      'HAS_PASSWORD',
      'COMMENT',
      'DISABLED',
      'SNOWFLAKE_LOCK',
      'DEFAULT_WAREHOUSE',
      'DEFAULT_NAMESPACE',
      'DEFAULT_ROLE',
      'EXT_AUTHN_DUO',
      'EXT_AUTHN_UID',
      'HAS_MFA',
      'BYPASS_MFA_UNTIL',
      'LAST_SUCCESS_LOGIN',
      'EXPIRES_AT',
      'LOCKED_UNTIL_TIME',
      'HAS_RSA_PUBLIC_KEY',
      'PASSWORD_LAST_SET_TIME',
      'HAS_PAT',
      'HAS_WORKLOAD_IDENTITY',
      'OWNER',
      'DEFAULT_SECONDARY_ROLE',
      'TYPE',
      'DATABASE_NAME',
      'DATABASE_ID',
      'SCHEMA_NAME',
      'SCHEMA_ID',
      'IS_FROM_ORGANIZATION_USER',
    ],
    userRows,
  );

  const roleRows: SqlValue[][] = [...SYSTEM_ROLES, ...CUSTOM_ROLES].map((name, n) => [
    n + 1,
    created,
    null,
    name,
    '',
    SYSTEM_ROLES.includes(name as (typeof SYSTEM_ROLES)[number]) ? '' : 'USERADMIN',
    'ROLE',
    null,
    null,
    'ROLE',
  ]);
  await insertRows(
    connection,
    'ROLES',
    ['ROLE_ID', 'CREATED_ON', 'DELETED_ON', 'NAME', 'COMMENT', 'OWNER', 'ROLE_TYPE', 'ROLE_DATABASE_NAME', 'ROLE_INSTANCE_ID', 'OWNER_ROLE_TYPE'],
    roleRows,
  );

  const userGrants: SqlValue[][] = USER_SPECS.flatMap((u) =>
    u.roles.map((role) => [ago(300), u.deletedDaysAgo === undefined ? null : ago(u.deletedDaysAgo), role, 'USER', u.name, 'USERADMIN']),
  );
  userGrants.push([ago(200), ago(90), 'ACCOUNTADMIN', 'USER', 'CAROL', 'SECURITYADMIN']); // revoked long ago
  userGrants.push([ago(150), null, 'PUBLIC', 'USER', 'LOOKER_SVC', 'USERADMIN']);
  await insertRows(connection, 'GRANTS_TO_USERS', ['CREATED_ON', 'DELETED_ON', 'ROLE', 'GRANTED_TO', 'GRANTEE_NAME', 'GRANTED_BY'], userGrants);

  const roleGrants: SqlValue[][] = ROLE_EDGES.map(([child, parent, revoked]) => [
    ago(revoked === undefined ? 250 : revoked + 100),
    ago(revoked ?? 250),
    'USAGE',
    'ROLE',
    child,
    null,
    null,
    'ROLE',
    parent,
    false,
    'SECURITYADMIN',
    revoked === undefined ? null : ago(revoked),
    'ROLE',
    null,
  ]);
  const objectGrant = (privilege: string, on: string, name: string, grantee: string): SqlValue[] => [
    ago(240),
    ago(240),
    privilege,
    on,
    name,
    on === 'TABLE' || on === 'SCHEMA' ? (name.split('.')[0] ?? null) : null,
    on === 'TABLE' ? (name.split('.')[1] ?? null) : null,
    'ROLE',
    grantee,
    false,
    'SYSADMIN',
    null,
    'ROLE',
    null,
  ];
  roleGrants.push(
    objectGrant('USAGE', 'WAREHOUSE', 'TRANSFORM_WH', 'TRANSFORMER'),
    objectGrant('USAGE', 'WAREHOUSE', 'LOADING_WH', 'LOADER_ROLE'),
    objectGrant('USAGE', 'WAREHOUSE', 'BI_WH', 'REPORTER'),
    objectGrant('USAGE', 'WAREHOUSE', 'ADHOC_WH', 'ANALYST'),
    objectGrant('USAGE', 'WAREHOUSE', 'DATASCIENCE_WH', 'DATA_SCIENTIST'),
    objectGrant('USAGE', 'WAREHOUSE', 'DEV_WH', 'DEV_ROLE'),
    objectGrant('USAGE', 'WAREHOUSE', 'SNOWMON_WH', 'SNOWMON_ROLE'),
    objectGrant('MONITOR', 'WAREHOUSE', 'TRANSFORM_WH', 'SNOWMON_ROLE'),
    objectGrant('IMPORTED PRIVILEGES', 'DATABASE', 'SNOWFLAKE', 'SNOWMON_ROLE'),
    objectGrant('USAGE', 'DATABASE', 'ANALYTICS', 'TRANSFORMER'),
    objectGrant('USAGE', 'DATABASE', 'RAW', 'LOADER_ROLE'),
    objectGrant('SELECT', 'TABLE', 'ANALYTICS.MARTS.FCT_ORDERS', 'REPORTER'),
    objectGrant('MANAGE GRANTS', 'ACCOUNT', 'EMU12345', 'SECURITYADMIN'),
    objectGrant('CREATE USER', 'ACCOUNT', 'EMU12345', 'USERADMIN'),
    objectGrant('OWNERSHIP', 'ROLE', 'ETL_ROLE', 'USERADMIN'),
  );
  await insertRows(
    connection,
    'GRANTS_TO_ROLES',
    [
      'CREATED_ON',
      'MODIFIED_ON',
      'PRIVILEGE',
      'GRANTED_ON',
      'NAME',
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'GRANTED_TO',
      'GRANTEE_NAME',
      'GRANT_OPTION',
      'GRANTED_BY',
      'DELETED_ON',
      'GRANTED_BY_ROLE_TYPE',
      'OBJECT_INSTANCE',
    ],
    onAccountWarehouses(roleGrants, warehouses),
  );

  const logins: SqlValue[][] = [];
  let eventId = 5_000_000;
  const loginDays = Math.min(days, 30);
  for (const u of USER_SPECS) {
    if (u.deletedDaysAgo !== undefined || u.disabled === true) continue;
    for (let d = loginDays; d >= 1; d -= 1) {
      for (let k = 0; k < u.loginsPerDay; k += 1) {
        const at = new Date(t - d * DAY_MS + random.int(0, DAY_MS - 1));
        const failed = u.factor === 'PASSWORD' && random.chance(0.04);
        eventId += 1;
        logins.push([
          eventId,
          at,
          'LOGIN',
          u.name,
          `10.20.${random.int(0, 9)}.${random.int(1, 250)}`,
          u.type === 'PERSON' || u.type === null ? 'SNOWFLAKE_UI' : 'JDBC_DRIVER',
          '3.14.1',
          u.factor,
          u.mfa && u.factor === 'PASSWORD' ? 'DUO_PUSH' : null,
          failed ? 'NO' : 'YES',
          failed ? 390100 : null,
          failed ? 'INCORRECT_USERNAME_PASSWORD' : null,
          0,
          null,
          null,
        ]);
      }
    }
  }
  // a burst of failed password logins against the admin without MFA
  for (let k = 0; k < 9; k += 1) {
    eventId += 1;
    logins.push([
      eventId,
      new Date(t - 2 * DAY_MS + k * 40_000),
      'LOGIN',
      'ALICE_ADMIN',
      '203.0.113.77',
      'SNOWFLAKE_UI',
      '3.14.1',
      'PASSWORD',
      null,
      'NO',
      390100,
      'INCORRECT_USERNAME_PASSWORD',
      0,
      null,
      null,
    ]);
  }
  logins.sort((a, b) => (a[1] as Date).getTime() - (b[1] as Date).getTime());
  await insertRows(
    connection,
    'LOGIN_HISTORY',
    [
      'EVENT_ID',
      'EVENT_TIMESTAMP',
      'EVENT_TYPE',
      'USER_NAME',
      'CLIENT_IP',
      'REPORTED_CLIENT_TYPE',
      'REPORTED_CLIENT_VERSION',
      'FIRST_AUTHENTICATION_FACTOR',
      'SECOND_AUTHENTICATION_FACTOR',
      'IS_SUCCESS',
      'ERROR_CODE',
      'ERROR_MESSAGE',
      'RELATED_EVENT_ID',
      'CONNECTION',
      'CLIENT_PRIVATE_LINK_ID',
    ],
    logins,
  );

  await insertRows(
    connection,
    'NETWORK_POLICIES',
    [
      'ID',
      'NAME',
      'OWNER',
      'OWNER_ROLE_TYPE',
      'COMMENT',
      'CREATED',
      'LAST_ALTERED',
      'DELETED',
      'ALLOWED_IP_LIST',
      'BLOCKED_IP_LIST',
      'ALLOWED_NETWORK_RULE_LIST',
      'BLOCKED_NETWORK_RULE_LIST',
    ],
    [
      [1, 'SERVICE_ACCOUNTS_POLICY', 'SECURITYADMIN', 'ROLE', 'service users from the ETL subnet', ago(200), ago(30), null, '10.20.0.0/16', '', null, null],
      [2, 'OFFICE_VPN', 'SECURITYADMIN', 'ROLE', 'humans from the VPN', ago(300), ago(300), null, '10.20.0.0/16,198.51.100.0/24', '', null, null],
      [3, 'OLD_POLICY', 'SECURITYADMIN', 'ROLE', 'replaced', ago(400), ago(100), ago(100), '0.0.0.0/0', '', null, null],
    ],
  );
  const userPolicy = (policyId: number, policy: string, user: string): SqlValue[] => [
    null,
    null,
    policyId,
    policy,
    'NETWORK_POLICY',
    null,
    null,
    user,
    'USER',
    null,
    null,
    null,
    null,
    null,
    'ACTIVE',
  ];
  await insertRows(
    connection,
    'POLICY_REFERENCES',
    [
      'POLICY_DB',
      'POLICY_SCHEMA',
      'POLICY_ID',
      'POLICY_NAME',
      'POLICY_KIND',
      'REF_DATABASE_NAME',
      'REF_SCHEMA_NAME',
      'REF_ENTITY_NAME',
      'REF_ENTITY_DOMAIN',
      'REF_COLUMN_NAME',
      'REF_ARG_COLUMN_NAMES',
      'TAG_DATABASE',
      'TAG_SCHEMA',
      'TAG_NAME',
      'POLICY_STATUS',
    ],
    [
      userPolicy(1, 'SERVICE_ACCOUNTS_POLICY', 'DBT_SVC'),
      userPolicy(1, 'SERVICE_ACCOUNTS_POLICY', 'LOOKER_SVC'),
      userPolicy(1, 'SERVICE_ACCOUNTS_POLICY', 'SNOWMON'),
      userPolicy(2, 'OFFICE_VPN', 'BOB_ADMIN'),
      userPolicy(2, 'OFFICE_VPN', 'GRACE_SECADMIN'),
    ],
  );
}
