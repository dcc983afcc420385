/**
 * The alert storm the benchmarks replay: 10,000 alerts in 50 groups over three routes (SLA breaches page
 * Slack + PagerDuty, cost alerts go to Slack + email, everything else to Slack), and the routing table
 * that says so, written as routing.yaml for a given set of receiver endpoints. Data only; nothing is sent.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedAlert } from '../../src/alerts/alert.js';
import type { CheckOutcome, Finding } from '../../src/checks/check.js';

export interface StormShape {
  /** Groups per route: sla (Slack + PagerDuty), cost (Slack + email), pipeline (Slack only). */
  readonly slaGroups: number;
  readonly costGroups: number;
  readonly pipelineGroups: number;
  /** Alerts in each group. */
  readonly alertsPerGroup: number;
}

/** 10 + 10 + 30 groups × 200 alerts = 10,000 alerts in 50 groups. */
export const STORM: StormShape = { slaGroups: 10, costGroups: 10, pipelineGroups: 30, alertsPerGroup: 200 };

export interface StormEndpoints {
  /** Slack Web API base URL, e.g. the fake's `http://127.0.0.1:PORT/api/`. */
  readonly slackApiUrl: string;
  /** PagerDuty Events API host, e.g. `127.0.0.1:PORT`. */
  readonly pagerDutyServer: string;
  readonly smtpHost: string;
  readonly smtpPort: number;
}

/** The environment the storm routing file reads its (dummy) secrets from. */
export const STORM_ENV: Readonly<Record<string, string>> = Object.freeze({
  STORM_SLACK_TOKEN: 'xoxb-storm-dummy',
  STORM_PD_KEY: 'pdstormdummykey0000000000000000000',
});

/** Endpoints nothing listens on, for the pure router benchmark. */
export const NO_ENDPOINTS: StormEndpoints = {
  slackApiUrl: 'http://127.0.0.1:9/api/',
  pagerDutyServer: '127.0.0.1:9',
  smtpHost: '127.0.0.1',
  smtpPort: 9,
};

export interface StormTimers {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/** The storm's routing table as YAML text. */
export function stormRoutingYaml(endpoints: StormEndpoints, timers: StormTimers = { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' }): string {
  return [
    'version: 1',
    'timezone: UTC',
    'defaults:',
    `  group_wait: ${timers.groupWait}`,
    `  group_interval: ${timers.groupInterval}`,
    `  repeat_interval: ${timers.repeatInterval}`,
    '  send_resolved: true',
    '  resolve_suppressed: true',
    'receivers:',
    `  slack-storm: { type: slack, channel: '#storm', token: '\${STORM_SLACK_TOKEN}', api_url: '${endpoints.slackApiUrl}' }`,
    `  pagerduty-storm: { type: pagerduty, routing_key: '\${STORM_PD_KEY}', server: '${endpoints.pagerDutyServer}' }`,
    '  email-storm:',
    '    type: email',
    "    to: ['lead@example.com']",
    "    from: 'snowmon@example.com'",
    `    smtp: { host: '${endpoints.smtpHost}', port: ${endpoints.smtpPort}, secure: false }`,
    'routes:',
    '  - name: sla',
    '    matchers: [\'alert_type="sla_breach"\']',
    '    notify: [slack-storm, pagerduty-storm]',
    '    group_by: [alert_type, sla]',
    '  - name: cost',
    '    matchers: [\'alert_type="cost_monitor"\']',
    '    notify: [slack-storm, email-storm]',
    '    group_by: [alert_type, monitor]',
    '  - name: rest',
    '    notify: [slack-storm]',
    '    group_by: [alert_type, pipeline]',
    'inhibit_rules:',
    // Evaluated for every pipeline alert; the SLA alerts carry no pipeline label, so it never mutes one.
    '  - name: sla-over-pipeline',
    '    source_matchers: [\'alert_type="sla_breach"\']',
    '    target_matchers: [\'alert_type="pipeline_failure"\']',
    '    equal: [pipeline]',
    'silences:',
    // One alert of one group: the group still notifies, without it.
    '  - id: storm-one-model',
    '    matchers: [\'pipeline="p00"\', \'model="m000"\']',
    '    always: true',
    '    comment: bench',
    '',
  ].join('\n');
}

/** Writes the routing file into `dir` and returns its path. */
export function writeStormRouting(dir: string, endpoints: StormEndpoints, timers?: StormTimers): string {
  const file = join(dir, 'storm-routing.yaml');
  writeFileSync(file, stormRoutingYaml(endpoints, timers));
  return file;
}

/** One storm group: the check that reports it and its alerts' labels. */
export interface StormGroup {
  /** Route the group takes: sla, cost or rest. */
  readonly route: 'sla' | 'cost' | 'rest';
  /** The group's id label value (sla, monitor or pipeline). */
  readonly id: string;
  readonly check: string;
  readonly findings: readonly Finding[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function stormGroups(shape: StormShape = STORM): StormGroup[] {
  const groups: StormGroup[] = [];
  const add = (route: StormGroup['route'], alertType: string, key: string, id: string, severity: Finding['severity']) => {
    const findings: Finding[] = [];
    for (let i = 0; i < shape.alertsPerGroup; i++) {
      const model = `m${pad(i, 3)}`;
      findings.push({ severity, summary: `${alertType} ${id} ${model}`, labels: { alert_type: alertType, [key]: id, model } });
    }
    groups.push({ route, id, check: `storm_${id}`, findings });
  };
  for (let g = 0; g < shape.slaGroups; g++) add('sla', 'sla_breach', 'sla', `s${pad(g, 2)}`, 'critical');
  for (let g = 0; g < shape.costGroups; g++) add('cost', 'cost_monitor', 'monitor', `c${pad(g, 2)}`, 'warning');
  for (let g = 0; g < shape.pipelineGroups; g++) add('rest', 'pipeline_failure', 'pipeline', `p${pad(g, 2)}`, 'critical');
  return groups;
}

/** Each group as one ok run of its own check. */
export function stormOutcomes(groups: readonly StormGroup[], startedAt: Date): CheckOutcome[] {
  return groups.map((g) => ({
    name: g.check,
    status: 'ok',
    rows: [],
    findings: g.findings,
    startedAt: startedAt.toISOString(),
    durationMs: 1,
    statementsSent: 0,
  }));
}

/** The alerts a group's run observes, labelled as findingsToAlerts would label them. */
export function stormObserved(group: StormGroup): ObservedAlert[] {
  return group.findings.map((f) => ({
    labels: { ...f.labels, check: group.check, severity: f.severity },
    annotations: { summary: f.summary },
  }));
}
