import { describe, expect, it } from 'vitest';
import { evaluateSelfCost } from '../../../src/checks/evaluate-self-cost.js';
import { evaluateServiceAccountAudit } from '../../../src/checks/evaluate-service-account-audit.js';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('evaluateServiceAccountAudit', () => {
  const admins = [
    {
      user_name: 'SVC_ETL',
      user_type: 'SERVICE',
      has_password: false,
      has_rsa_public_key: true,
      has_mfa: false,
      default_role: 'ETL_ROLE',
      admin_roles: 'SECURITYADMIN',
      inheritance_path: 'ETL_ROLE > OPS_ROLE > SECURITYADMIN',
      min_hops: 2,
    },
    {
      user_name: 'ALICE',
      user_type: 'PERSON',
      has_password: true,
      has_rsa_public_key: false,
      has_mfa: false,
      default_role: 'ACCOUNTADMIN',
      admin_roles: 'ACCOUNTADMIN,SECURITYADMIN',
      inheritance_path: 'ACCOUNTADMIN',
      min_hops: 0,
    },
    {
      user_name: 'CAROL',
      user_type: 'PERSON',
      has_password: true,
      has_rsa_public_key: false,
      has_mfa: true,
      default_role: 'SYSADMIN',
      admin_roles: 'ACCOUNTADMIN',
      inheritance_path: 'ACCOUNTADMIN',
      min_hops: 0,
    },
  ];
  const users = [
    { user_name: 'ALICE', user_type: 'PERSON', has_password: true, has_rsa_public_key: false, has_mfa: false, network_policy: 'OFFICE' },
    { user_name: 'BOB', user_type: 'PERSON', has_password: true, has_rsa_public_key: false, has_mfa: true, network_policy: null },
    { user_name: 'CAROL', user_type: 'PERSON', has_password: true, has_rsa_public_key: false, has_mfa: true, network_policy: 'OFFICE' },
    { user_name: 'KEY_ONLY', user_type: 'PERSON', has_password: false, has_rsa_public_key: true, has_mfa: false, network_policy: 'OFFICE' },
    { user_name: 'LOADER', user_type: 'LEGACY_SERVICE', has_password: true, has_rsa_public_key: false, has_mfa: false, network_policy: null },
    { user_name: 'SVC_ETL', user_type: 'SERVICE', has_password: false, has_rsa_public_key: true, has_mfa: false, network_policy: 'ETL_NET' },
  ];
  const pipelines = [{ user_name: 'BOB', statements: 42, query_types: 'INSERT,MERGE', sample_query_tag: '{"dbt":"run"}', last_seen: '2026-11-19T02:00:00Z' }];

  it('does find each security problem once, labelled by user and finding', () => {
    const { findings, rows } = evaluateServiceAccountAudit({
      results: [admins, users, pipelines],
      thresholds: { min_pipeline_statements: 1 },
      now: NOW,
      usdPerCredit: 3,
    });
    const got = findings.map((f) => [f.labels['user'], f.labels['finding'], f.severity]);
    expect(got).toEqual([
      ['ALICE', 'admin_without_mfa', 'critical'],
      ['ALICE', 'admin_default_role', 'info'],
      ['BOB', 'no_network_policy', 'info'],
      ['BOB', 'personal_user_pipeline', 'warning'],
      ['KEY_ONLY', 'unlabelled_service_user', 'info'],
      ['LOADER', 'password_only_service_user', 'warning'],
      ['LOADER', 'no_network_policy', 'warning'],
      ['SVC_ETL', 'service_user_admin', 'critical'],
    ]);
    expect(findings.every((f) => f.labels['alert_type'] === 'security' && f.credits === undefined)).toBe(true);
    expect(findings.find((f) => f.labels['finding'] === 'service_user_admin')!.summary).toContain('ETL_ROLE > OPS_ROLE > SECURITYADMIN');
    expect(rows.map((r) => r['user_name'])).toEqual(['ALICE', 'BOB', 'CAROL', 'KEY_ONLY', 'LOADER', 'SVC_ETL']);
  });

  it('does not call a personal user a pipeline runner below min_pipeline_statements', () => {
    const { findings } = evaluateServiceAccountAudit({
      results: [[], users, pipelines],
      thresholds: { min_pipeline_statements: 50 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings.some((f) => f.labels['finding'] === 'personal_user_pipeline')).toBe(false);
  });
});

describe('evaluateSelfCost', () => {
  const perCheck = [
    { query_tag: '{"app":"snowmon","check":"top_queries"}', statements: 30, exec_s: 12, cloud_services_credits: 0.001 },
    { query_tag: '{"app":"snowmon","check":"self_cost"}', statements: 60, exec_s: 3, cloud_services_credits: 0.002 },
  ];
  const metering = {
    warehouse_name: 'SNOWMON_WH',
    credits_30d: 0.6,
    compute_credits_30d: 0.57,
    cloud_services_credits_30d: 0.03,
    credits_1d: 0.02,
    settled_compute_credits: 0.5,
    idle_credits: 0.3,
    metered_hours: 30,
  };

  it('does total snowmon credits per check and for its warehouse', () => {
    const { rows, findings } = evaluateSelfCost({
      results: [perCheck, [metering]],
      thresholds: { max_credits_per_day: 0.5 },
      now: NOW,
      usdPerCredit: 3,
      warehouse: 'snowmon_wh',
    });
    expect(rows.slice(0, 2).map((r) => [r['check'], r['statements']])).toEqual([
      ['self_cost', 60],
      ['top_queries', 30],
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('info');
    expect(findings[0]!.credits).toBe(0.6);
    expect(findings[0]!.usd).toBeCloseTo(1.8, 9);
    expect(findings[0]!.labels).toEqual({ alert_type: 'cost_finding', finding: 'self_cost', warehouse: 'SNOWMON_WH' });
    expect(findings[0]!.summary).toContain('with 90 tagged statements in the last 7 days');
  });

  it("does count the metered cloud services once, inside the total, and never add the statements' on top", () => {
    const { rows, findings } = evaluateSelfCost({
      results: [perCheck, [metering]],
      thresholds: { max_credits_per_day: 0.5 },
      now: NOW,
      usdPerCredit: 3,
    });
    const total = rows.find((r) => r['check'] === '(warehouse total)')!;
    expect(total).toMatchObject({ credits_30d: 0.6, compute_credits_30d: 0.57, cloud_services_credits: 0.03, statements: 90, exec_s: 15 });
    expect(findings[0]!.credits).toBe(0.6);
    expect(findings[0]!.summary).toContain('0.6 credits on warehouse SNOWMON_WH in 30 days');
    expect(findings[0]!.summary).toContain('0.57 compute, 0.03 cloud services');
    expect(findings[0]!.summary).not.toMatch(/plus/);
  });

  it('does report idle compute and its share from settled hours, and the day that ended 6 h ago', () => {
    const { rows, findings } = evaluateSelfCost({
      results: [[], [metering]],
      thresholds: { max_credits_per_day: 0.5 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(rows.at(-1)).toMatchObject({ idle_credits: 0.3, settled_compute_credits: 0.5, credits_1d: 0.02 });
    expect(findings[0]!.summary).toContain('0.02 in the 24 h ending 6 h ago');
    expect(findings[0]!.summary).toContain('idle 0.3 (60 % of compute, hours that ended 6 h ago or earlier)');
  });

  it('does warn when snowmon spends more than max_credits_per_day', () => {
    const { findings } = evaluateSelfCost({
      results: [[], [{ warehouse_name: 'SNOWMON_WH', credits_30d: 30, credits_1d: 1, metered_hours: 300 }]],
      thresholds: { max_credits_per_day: 0.5 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.recommendation).toContain('less often');
  });
});
