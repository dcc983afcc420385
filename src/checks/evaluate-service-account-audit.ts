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
    const type = (str(u['user_type']) ?? 'PERSON').toUpperCase();
    const isService = SERVICE_TYPES.has(type);
    const hasPassword = bool(u['has_password']) ?? false;
    const hasKey = bool(u['has_rsa_public_key']) ?? false;
    const hasMfa = bool(u['has_mfa']) ?? false;
    const admin = admins.get(user);
    const adminRoles = str(admin?.['admin_roles']);
    const paths = str(admin?.['inheritance_path']);
    const pipeline = pipelines.get(user);
    const issues: string[] = [];
    const add = (severity: Severity, finding: string, summary: string, recommendation: string): void => {
      issues.push(finding);
      findings.push({ severity, summary, labels: { alert_type: 'security', user, finding }, recommendation });
    };
    const via = paths ? ` (via ${paths})` : '';

    if (admin && isService) {
      add(
        'critical',
        'service_user_admin',
        `service user ${user} holds ${adminRoles}${via}`,
        `Revoke the admin role from ${user} (or the role grant that leads to it) and grant only what its job needs.`,
      );
    }
    if (admin && !isService && hasPassword && !hasMfa) {
      add(
        'critical',
        'admin_without_mfa',
        `admin ${user} holds ${adminRoles}${via} and logs in with a password without MFA`,
        `Enrol ${user} in MFA or move them to SSO; enforce it with an authentication policy.`,
      );
    }
    if (admin && ADMIN_ROLES.has((str(admin['default_role']) ?? '').toUpperCase())) {
      add(
        'info',
        'admin_default_role',
        `${user} has ${str(admin['default_role'])} as default role`,
        `ALTER USER ${user} SET DEFAULT_ROLE = <a working role>; use the admin role only when needed.`,
      );
    }
    if (isService && hasPassword && !hasKey) {
      add(
        'warning',
        'password_only_service_user',
        `service user ${user} (${type}) logs in with a password only`,
        `Give ${user} a key pair (ALTER USER ${user} SET RSA_PUBLIC_KEY = ...), unset its password and set TYPE = SERVICE.`,
      );
    }
    if (!isService && hasKey && !hasPassword) {
      add(
        'info',
        'unlabelled_service_user',
        `user ${user} has a key pair and no password but TYPE ${type}; probably a service user`,
        `ALTER USER ${user} SET TYPE = SERVICE so MFA and password rules treat it as one.`,
      );
    }
    // Only users from the second result set carry a network_policy column (NULL = none applies).
    if ('network_policy' in u && !str(u['network_policy'])) {
      const who = isService ? 'service user' : admin ? 'admin' : 'user';
      add(
        isService || admin ? 'warning' : 'info',
        'no_network_policy',
        `${who} ${user} has no network policy (user or account level)`,
        `Attach a network policy restricting ${user} to known addresses (ALTER USER ${user} SET NETWORK_POLICY = ...), or one for the whole account.`,
      );
    }
    if (pipeline && !isService && num0(pipeline['statements']) >= minPipeline) {
      add(
        'warning',
        'personal_user_pipeline',
        `personal user ${user} ran ${num0(pipeline['statements'])} pipeline statements in 7 days (${str(pipeline['query_types']) ?? ''})`,
        `Run the pipeline as a service user with key-pair auth so it does not depend on ${user}'s login.`,
      );
    }
    rows.push({
      user_name: user,
      user_type: type,
      has_password: hasPassword,
      has_rsa_public_key: hasKey,
      has_mfa: hasMfa,
      admin_roles: adminRoles ?? null,
      inheritance_path: paths ?? null,
      network_policy: str(u['network_policy']) ?? null,
      pipeline_statements: num0(pipeline?.['statements']),
      findings: issues.join(','),
    });
  }
  return { rows, findings };
};
