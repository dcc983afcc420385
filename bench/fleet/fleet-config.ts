/**
 * The files the fleet bench's replicas run with: one snowmon.yaml per replica (they differ only in the
 * store URL, which goes through that replica's statement-counting proxy, and the HTTP port) and one
 * routing.yaml: a Slack channel per account on the fake Slack, so each account's notifications can be
 * counted apart and Slack's one message per second per channel does not queue the whole fleet behind one
 * channel. Routes send at once (group_wait 0s) so a notification's fate is settled within the run.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FleetFiles {
  readonly folder: string;
  readonly accounts: readonly string[];
  /** `accounts:` is understood by this build; otherwise the single `snowflake:` form (one account). */
  readonly multiAccount: boolean;
  readonly emulatorUrl: string;
  readonly user: string;
  readonly role: string;
  readonly warehouse: string;
  readonly slackApiUrl: string;
  /** node-cron expression, seconds field allowed. */
  readonly freeLoop: string;
  readonly leaseTtl: string;
}

/** One group per alert kind and monitor, so a budget flipped in the emulator is a notification of its own. */
const GROUP_BY = 'group_by: [alert_type, monitor, failing_check]';

/** The channel the bench's routing gives an account. */
export function channelOf(account: string): string {
  return `#fleet-${account}`;
}

export function writeRouting(files: FleetFiles): string {
  const lines = [
    'version: 1',
    'timezone: UTC',
    'defaults:',
    '  group_wait: 0s',
    '  group_interval: 10s',
    '  repeat_interval: 24h',
    '  send_resolved: true',
    'receivers:',
    ...files.accounts.map((a) => `  slack-${a}: { type: slack, channel: '${channelOf(a)}', token: '\${SLACK_BOT_TOKEN}', api_url: '${files.slackApiUrl}' }`),
    `  slack-unmatched: { type: slack, channel: '#fleet-unmatched', token: '\${SLACK_BOT_TOKEN}', api_url: '${files.slackApiUrl}' }`,
    'routes:',
    ...files.accounts.map((a) =>
      files.multiAccount
        ? `  - { name: ${a}, matchers: ['account="${a}"'], notify: [slack-${a}], ${GROUP_BY} }`
        : `  - { name: ${a}, notify: [slack-${a}], ${GROUP_BY} }`,
    ),
    // The last route must catch everything (SM126): an alert without a known account would land here.
    `  - { name: unmatched, notify: [slack-unmatched], ${GROUP_BY} }`,
    '',
  ];
  const file = join(files.folder, 'routing.yaml');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** snowmon.yaml for one replica; the store URL comes from `${STORE_URL}` in its environment. */
export function writeReplicaConfig(files: FleetFiles, replica: string, httpPort: number): string {
  const connection = [`access_url: ${files.emulatorUrl}`, `user: ${files.user}`, 'authenticator: SNOWFLAKE', 'password: ${SNOWFLAKE_PASSWORD}'];
  const snowflake = files.multiAccount
    ? [
        'snowflake:',
        ...connection.map((l) => `  ${l}`),
        `  role: ${files.role}`,
        `  warehouse: ${files.warehouse}`,
        'accounts:',
        ...files.accounts.map((a) => `  - { name: ${a}, account: ${a} }`),
      ]
    : [
        'snowflake:',
        `  account: ${files.accounts[0] ?? 'fleet'}`,
        ...connection.map((l) => `  ${l}`),
        `  role: ${files.role}`,
        `  warehouse: ${files.warehouse}`,
      ];
  const lines = [
    ...snowflake,
    'store:',
    '  url: ${STORE_URL}',
    'routing:',
    `  file: ${join(files.folder, 'routing.yaml')}`,
    'daemon:',
    `  free_loop: "${files.freeLoop}"`,
    '  warehouse_loop: "0 6 1 1 *"',
    '  timezone: UTC',
    `  lease_ttl: ${files.leaseTtl}`,
    '  shutdown_grace: 5s',
    '  log_level: info',
    `  http: { port: ${httpPort}, host: 127.0.0.1 }`,
    '',
  ];
  const file = join(files.folder, `snowmon-${replica}.yaml`);
  writeFileSync(file, lines.join('\n'));
  return file;
}
