/**
 * Evaluates service_account_audit: service users holding an admin role (directly or inherited), human
 * admins without MFA, password-only service users, personal users running pipelines, and service users
 * or admins without a network policy. Pure; the role walk is in the SQL.
 */

import type { Finding, Severity } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { threshold, type Evaluator } from './evaluator.js';
import { bool, num0, resultAt, str } from './row-values.js';

const SERVICE_TYPES = new Set(['SERVICE', 'LEGACY_SERVICE']);
const ADMIN_ROLES = new Set(['ACCOUNTADMIN', 'SECURITYADMIN']);

export const evaluateServiceAccountAudit: Evaluator = ({ results, thresholds }) => {
  const minPipeline = threshold(thresholds, 'min_pipeline_statements');
  const admins = new Map(resultAt(results, 0).map((r) => [str(r['user_name']) ?? '?', r]));
  const pipelines = new Map(resultAt(results, 2).map((r) => [str(r['user_name']) ?? '?', r]));
  const users = new Map<string, Row>(resultAt(results, 1).map((r) => [str(r['user_name']) ?? '?', r]));
  for (const [name, admin] of admins) if (!users.has(name)) users.set(name, admin);

  const findings: Finding[] = [];
  const rows: Row[] = [];
  for (const [user, u] of [...users].sort(([a], [b]) => a.localeCompare(b))) {
    const facts = userFacts(user, u, admins.get(user), pipelines.get(user));
    const issues: string[] = [];
    for (const rule of USER_RULES) {
      const found = rule(facts, minPipeline);
      if (found === undefined) continue;
      const { severity, finding, summary, recommendation } = found;
      issues.push(finding);
      findings.push({ severity, summary, labels: { alert_type: 'security', user, finding }, recommendation });
    }
    rows.push({
      user_name: user,
      user_type: facts.type,
      has_password: facts.hasPassword,
      has_rsa_public_key: facts.hasKey,
      has_mfa: facts.hasMfa,
      admin_roles: facts.adminRoles ?? null,
      inheritance_path: facts.paths ?? null,
      network_policy: str(u['network_policy']) ?? null,
      pipeline_statements: num0(facts.pipeline?.['statements']),
      findings: issues.join(','),
    });
  }
  return { rows, findings };
};

/** One user as the three result sets describe it. */
interface UserFacts {
  readonly user: string;
  readonly row: Row;
  readonly type: string;
  readonly isService: boolean;
  readonly hasPassword: boolean;
  readonly hasKey: boolean;
  readonly hasMfa: boolean;
  /** The user's row among admins, when it holds an admin role. */
  readonly admin: Row | undefined;
  readonly adminRoles: string | undefined;
  readonly paths: string | undefined;
  /** ` (via PATH)` when the admin role is inherited, else empty. */
  readonly via: string;
  readonly pipeline: Row | undefined;
}

function userFacts(user: string, u: Row, admin: Row | undefined, pipeline: Row | undefined): UserFacts {
  const type = (str(u['user_type']) ?? 'PERSON').toUpperCase();
  const paths = str(admin?.['inheritance_path']);
  return {
    user,
    row: u,
    type,
    isService: SERVICE_TYPES.has(type),
    hasPassword: bool(u['has_password']) ?? false,
    hasKey: bool(u['has_rsa_public_key']) ?? false,
    hasMfa: bool(u['has_mfa']) ?? false,
    admin,
    adminRoles: str(admin?.['admin_roles']),
    paths,
    via: paths ? ` (via ${paths})` : '',
    pipeline,
  };
}

interface UserFinding {
  readonly severity: Severity;
  /** The `finding` label and the word in the row's `findings` column. */
  readonly finding: string;
  readonly summary: string;
  readonly recommendation: string;
}

/** One rule per finding, in the order a user's findings are listed. */
const USER_RULES: readonly ((u: UserFacts, minPipeline: number) => UserFinding | undefined)[] = [
  ({ user, admin, isService, adminRoles, via }) =>
    admin && isService
      ? {
          severity: 'critical',
          finding: 'service_user_admin',
          summary: `service user ${user} holds ${adminRoles}${via}`,
          recommendation: `Revoke the admin role from ${user} (or the role grant that leads to it) and grant only what its job needs.`,
        }
      : undefined,
  ({ user, admin, isService, hasPassword, hasMfa, adminRoles, via }) =>
    admin && !isService && hasPassword && !hasMfa
      ? {
          severity: 'critical',
          finding: 'admin_without_mfa',
          summary: `admin ${user} holds ${adminRoles}${via} and logs in with a password without MFA`,
          recommendation: `Enrol ${user} in MFA or move them to SSO; enforce it with an authentication policy.`,
        }
      : undefined,
  ({ user, admin }) =>
    admin && ADMIN_ROLES.has((str(admin['default_role']) ?? '').toUpperCase())
      ? {
          severity: 'info',
          finding: 'admin_default_role',
          summary: `${user} has ${str(admin['default_role'])} as default role`,
          recommendation: `ALTER USER ${user} SET DEFAULT_ROLE = <a working role>; use the admin role only when needed.`,
        }
      : undefined,
  ({ user, type, isService, hasPassword, hasKey }) =>
    isService && hasPassword && !hasKey
      ? {
          severity: 'warning',
          finding: 'password_only_service_user',
          summary: `service user ${user} (${type}) logs in with a password only`,
          recommendation: `Give ${user} a key pair (ALTER USER ${user} SET RSA_PUBLIC_KEY = ...), unset its password and set TYPE = SERVICE.`,
        }
      : undefined,
  ({ user, type, isService, hasPassword, hasKey }) =>
    !isService && hasKey && !hasPassword
      ? {
          severity: 'info',
          finding: 'unlabelled_service_user',
          summary: `user ${user} has a key pair and no password but TYPE ${type}; probably a service user`,
          recommendation: `ALTER USER ${user} SET TYPE = SERVICE so MFA and password rules treat it as one.`,
        }
      : undefined,
  // Only users from the second result set carry a network_policy column (NULL = none applies).
  ({ user, row, isService, admin }) =>
    'network_policy' in row && !str(row['network_policy'])
      ? {
          severity: isService || admin ? 'warning' : 'info',
          finding: 'no_network_policy',
          summary: `${isService ? 'service user' : admin ? 'admin' : 'user'} ${user} has no network policy (user or account level)`,
          recommendation: `Attach a network policy restricting ${user} to known addresses (ALTER USER ${user} SET NETWORK_POLICY = ...), or one for the whole account.`,
        }
      : undefined,
  ({ user, pipeline, isService }, minPipeline) =>
    pipeline && !isService && num0(pipeline['statements']) >= minPipeline
      ? {
          severity: 'warning',
          finding: 'personal_user_pipeline',
          summary: `personal user ${user} ran ${num0(pipeline['statements'])} pipeline statements in 7 days (${str(pipeline['query_types']) ?? ''})`,
          recommendation: `Run the pipeline as a service user with key-pair auth so it does not depend on ${user}'s login.`,
        }
      : undefined,
];
