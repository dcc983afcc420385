/**
 * `snowmon audit`: every check once against the configured account (or the built-in emulator with
 * `--emulator`), the report on stdout or in a file, progress on stderr, and an exit code by the worst
 * finding (`--fail-on`). With `--notify` the findings also go through the routing table to the
 * receivers (notify-audit.ts), one summary line on stderr.
 */

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AuditSetupError, auditAccount } from '../audit/audit-account.js';
import { FLEET_BUDGETS_CHECK, fleetBudgetsOutcome } from '../audit/audit-fleet-budgets.js';
import { accountChecksFor, auditOrganization, auditsOrganization, measuredAccount, organizationLabels } from '../audit/audit-organization.js';
import { ConfigError } from '../config/errors.js';
import type { Config } from './snowmon-config.js';
import type { OrganizationConfig } from '../checks/organization-config.js';
import type { AuditReport } from '../report/audit-report.js';
import { renderAccountsHtml } from '../report/render-accounts-html.js';
import { renderAccountsMarkdown } from '../report/render-accounts-markdown.js';
import { renderAccountsTable } from '../report/render-accounts-table.js';
import { EXIT_CODES, REPORT_FORMATS, exitCodeFor, renderReport } from '../report/render-report.js';
import { accountSnowsightUrl } from '../config/snowsight-url.js';
import type { FailOn, ReportFormat } from '../report/render-report.js';
import { isAccountsList, type AccountConfig } from '../sources/account-config.js';
import { refuseSameAccounts, resolveAccountSettings } from '../sources/snowflake-settings.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { Kysely } from 'kysely';
import type { Database } from '../ledger/database.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { loadCliConfig } from './load-cli-config.js';
import { loadEmulator } from './load-emulator.js';
import { StoreOpenError, openStore } from './open-store.js';
import { printProgress } from './print-progress.js';

const USAGE = `usage: snowmon audit [--config snowmon.yaml] [--account NAME] [--check NAME]... [--format table|markdown|html|json]
                     [--output FILE] [--fail-on warning|critical|never] [--emulator] [--quiet] [--notify [--wait-claims]]
  --account NAME one account of accounts: (default: each in turn, one section each; json: a list;
                 html: one page, a table of the accounts above their sections)
  --check NAME   only this check (repeat or comma list); dbt is the dbt section (needs dbt.artifacts)
                 organization_usage is the organization view (needs organization:)
  --notify       also route the findings (routing.file) and deliver what is due now, using the store (store.url)
  --wait-claims  with --notify: wait for notifications another process still holds (a crashed run) until
                 their claims lapse, then deliver them
`;
const FAIL_ON: readonly FailOn[] = ['warning', 'critical', 'never'];

export async function run(argv: string[]): Promise<number> {
  const args = parseAuditArgs(argv);
  if (typeof args === 'number') return args;

  let reports: Audited[];
  let notifier: Notify | undefined;
  try {
    const config = await loadCliConfig(args.config, process.env);
    const accounts = chosenAccounts(config, args);
    if (args.notify) notifier = await prepareNotify(config);
    const audit = (account: AccountConfig, settings: SnowflakeSettings, now?: Date) =>
      auditAccount({
        // The account's own price per credit, and its name for `account:` filters.
        config: { ...config, pricing: { ...config.pricing, usdPerCredit: account.usdPerCredit } },
        settings,
        only: accountChecksFor(args.only),
        account: account.name,
        fleetWide: !args.emulator && isAccountsList(config.accounts),
        ...(now ? { now } : {}),
        ...(args.quiet ? {} : { onProgress: printProgress }),
        onSessionFailed: (reason) => process.stderr.write(`snowmon: ${reason}\n`),
      });
    reports = args.emulator ? [await auditEmulator(config, audit)] : await auditConfigured(config, accounts, audit);
    if (!args.emulator) reports = await withFleetBudgets(config, reports);
    const first = reports[0];
    if (!args.emulator && first !== undefined && first.account === config.accounts[0] && auditsOrganization(config.organization, args.only))
      reports = await withOrganization(config, config.organization, reports, args);
  } catch (error) {
    await notifier?.db.destroy();
    if (error instanceof ConfigError || error instanceof AuditSetupError || error instanceof StoreOpenError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }

  await writeReport(reports, args);
  let held = 0;
  if (notifier) held = await notifyFindings(notifier, reports, args.waitClaims);
  const code = Math.max(...reports.map((r) => exitCodeFor(r.report, args.failOn)));
  return code === EXIT_CODES.ok && held > 0 ? EXIT_CODES.notificationsHeld : code;
}

/** One account's audit. */
interface Audited {
  readonly account: AccountConfig;
  readonly report: AuditReport;
  /** The account's Snowsight address: its entry's `snowsight_url`, the dashboard's for the first, else derived (undefined for a locator). */
  readonly snowsightUrl?: string;
}

/** The accounts to audit: `--account`'s, else every configured one. */
function chosenAccounts(config: Config, args: AuditArgs): readonly AccountConfig[] {
  if (args.account === undefined) return config.accounts;
  const account = config.accounts.find((a) => a.name === args.account);
  if (account === undefined) throw new UsageError(`unknown --account "${args.account}" (accounts: ${config.accounts.map((a) => a.name).join(', ')})`);
  return [account];
}

/** A wrong `--account`: exit 2 with the reason. */
class UsageError extends Error {}

interface AuditArgs {
  readonly config: string | undefined;
  readonly account: string | undefined;
  readonly only: readonly string[];
  readonly format: ReportFormat;
  readonly output: string | undefined;
  readonly failOn: FailOn;
  readonly emulator: boolean;
  readonly quiet: boolean;
  readonly notify: boolean;
  readonly waitClaims: boolean;
}

/** The command line, or the exit code when it is `--help` or wrong (the reason and usage on stderr). */
function parseAuditArgs(argv: string[]): AuditArgs | number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        account: { type: 'string' },
        check: { type: 'string', multiple: true },
        format: { type: 'string', default: 'table' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string', default: 'never' },
        emulator: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        notify: { type: 'boolean', default: false },
        'wait-claims': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return EXIT_CODES.usage;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_CODES.ok;
  }
  if (values['wait-claims'] && !values.notify) {
    process.stderr.write(`--wait-claims needs --notify\n${USAGE}`);
    return EXIT_CODES.usage;
  }
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    process.stderr.write(`invalid --format "${values.format}" (expected ${REPORT_FORMATS.join(', ')})\n`);
    return EXIT_CODES.usage;
  }
  const failOn = values['fail-on'] as FailOn;
  if (!FAIL_ON.includes(failOn)) {
    process.stderr.write(`invalid --fail-on "${values['fail-on']}" (expected ${FAIL_ON.join(', ')})\n`);
    return EXIT_CODES.usage;
  }
  const only = (values.check ?? [])
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    config: values.config,
    account: values.account,
    only,
    format,
    output: values.output,
    failOn,
    emulator: values.emulator,
    quiet: values.quiet,
    notify: values.notify,
    waitClaims: values['wait-claims'],
  };
}

/**
 * The report to `--output` or stdout; a terminal gets color (table only) and lines cut to its width, a file
 * or a pipe gets them whole. Several accounts: one section each (json: a list of reports; html, markdown and
 * table: a table of the accounts above a section each, see render-accounts-{html,markdown,table}.ts).
 */
async function writeReport(audited: readonly Audited[], args: AuditArgs): Promise<void> {
  const reports = audited.map((a) => a.report);
  const color = args.format === 'table' && !args.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const toTerminal = !args.output && process.stdout.isTTY === true;
  const options = { color, ...(toTerminal && process.stdout.columns ? { width: process.stdout.columns } : {}) };
  const sections = () => reports.map((report) => renderReport(report, args.format, options).replace(/\n+$/, ''));
  const text =
    reports.length === 1
      ? renderReport(reports[0] as AuditReport, args.format, options).replace(/\n+$/, '')
      : args.format === 'html'
        ? renderAccountsHtml(audited, options)
        : args.format === 'markdown'
          ? renderAccountsMarkdown(audited, options)
          : args.format === 'json'
            ? `[\n${sections().join(',\n')}\n]`
            : renderAccountsTable(reports, options);
  if (args.output) {
    await writeFile(args.output, text.endsWith('\n') ? text : `${text}\n`);
    if (!args.quiet) process.stderr.write(`report written to ${args.output}\n`);
  } else {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** `--notify`: routes the findings and delivers what is due, one summary line on stderr; returns how many notifications are held. */
async function notifyFindings(notifier: Notify, reports: readonly Audited[], waitClaims: boolean): Promise<number> {
  try {
    const { notifyAudit } = await import('./notify-audit.js');
    let held = 0;
    for (const { account, report } of reports) {
      const result = await notifyAudit(
        report.checks.filter((c) => c.name !== FLEET_BUDGETS_CHECK),
        {
          ...notifier,
          // With several accounts each message names its group's account (a group of another account may be due too).
          ...(notifier.config.accounts.length > 1 ? {} : { account: report.account }),
          fleetAccount: account,
          consoleOut: process.stderr,
          waitClaims,
        },
      );
      process.stderr.write(`${reports.length > 1 ? `${account.name}: ` : ''}${result.summary}\n`);
      held += result.held;
    }
    // The fleet-wide budgets as the daemon keeps them: check budgets of no account (no account label).
    const fleet = reports[0]?.report.checks.find((c) => c.name === FLEET_BUDGETS_CHECK);
    if (fleet !== undefined) {
      const result = await notifyAudit([{ ...fleet, name: 'budgets' }], { ...notifier, consoleOut: process.stderr, waitClaims });
      process.stderr.write(`all accounts: ${result.summary}\n`);
      held += result.held;
    }
    return held;
  } finally {
    await notifier.db.destroy();
  }
}

interface Notify {
  readonly db: Kysely<Database>;
  readonly routing: RoutingConfig;
  readonly config: Config;
}

/** Loads the routing table and opens the store before the audit, so a bad one costs no Snowflake session. */
async function prepareNotify(config: Config): Promise<Notify> {
  const { loadRouting } = await import('../router/load-routing.js');
  const { groupByAccount } = await import('../router/group-by-account.js');
  const routing = groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts);
  return { routing, config, db: await openStore(config.store) };
}

/**
 * The organization view (`organization:`) after the accounts' checks, in the first account's report: its bill
 * against each audited account's daily_credits. daily_credits, run for it only (`--check organization_usage`), is dropped.
 */
async function withOrganization(config: Config, organization: OrganizationConfig, reports: readonly Audited[], args: AuditArgs): Promise<Audited[]> {
  const dailyOf = (report: AuditReport) => report.checks.find((c) => c.name === 'daily_credits');
  const audited = new Map(reports.map((r) => [r.account, r.report]));
  const read = await auditOrganization({
    organization,
    defaults: config.snowflake,
    accounts: config.accounts.map((account) => {
      const report = audited.get(account);
      return measuredAccount(account, report ? dailyOf(report) : undefined);
    }),
    now: new Date((reports[0] as Audited).report.generatedAt),
    env: process.env,
    queriesDir: config.queriesDir,
    ...(args.quiet ? {} : { onProgress: printProgress }),
  });
  // Labelled as the daemon labels them, so --notify raises the same alerts.
  const outcome = isAccountsList(config.accounts) ? organizationLabels(read, config.accounts, organization.snowflake.account ?? 'organization') : read;
  const dropDaily = args.only.length > 0 && !args.only.includes('daily_credits');
  return reports.map((r, i) => {
    const checks = dropDaily ? r.report.checks.filter((c) => c.name !== 'daily_credits') : r.report.checks;
    return { ...r, report: { ...r.report, checks: i === 0 ? [...checks, outcome] : checks } };
  });
}

/** Several accounts: the budgets of no account summed over the audited accounts, shown once in the first report. */
async function withFleetBudgets(config: Config, reports: readonly Audited[]): Promise<Audited[]> {
  const outcome = await fleetBudgetsOutcome(config, reports);
  if (outcome === undefined) return [...reports];
  return reports.map((r, i) => (i === 0 ? { ...r, report: { ...r.report, checks: [...r.report.checks, outcome] } } : r));
}

type Audit = (account: AccountConfig, settings: SnowflakeSettings, now?: Date) => Promise<AuditReport>;

/** Each account in turn (settings of all resolved first, so a bad one costs no session); several are named by `accounts[].name`. */
async function auditConfigured(config: Config, accounts: readonly AccountConfig[], audit: Audit): Promise<Audited[]> {
  const settings = await Promise.all(accounts.map((account) => resolveAccountSettings(account, process.env, { configFile: config.file })));
  refuseSameAccounts(accounts.map((account, i) => [account, settings[i] as SnowflakeSettings]));
  const audited: Audited[] = [];
  for (const [i, account] of accounts.entries()) {
    const s = settings[i] as SnowflakeSettings;
    if (s.role?.toUpperCase() === 'ACCOUNTADMIN') {
      process.stderr.write(`warning: snowmon does not need ACCOUNTADMIN (${account.name}); give it the read-only role in the README\n`);
    }
    const report = await audit(account, s);
    const snowsightUrl = accountSnowsightUrl({
      own: account.snowsightUrl,
      dashboard: config.daemon.dashboard.snowsightUrl,
      index: config.accounts.findIndex((a) => a.name === account.name),
      identifier: s.account,
    });
    audited.push({ account, report: config.accounts.length > 1 ? { ...report, account: account.name } : report, ...(snowsightUrl ? { snowsightUrl } : {}) });
  }
  return audited;
}

/** Starts the built-in emulator in this process, audits it, and stops it. */
async function auditEmulator(config: Config, audit: Audit): Promise<Audited> {
  const { startEmulator } = await loadEmulator('audit --emulator');
  const { emulatorSettings } = await import('./emulator-settings.js');
  const emulator = await startEmulator();
  const account = config.accounts[0] as AccountConfig;
  try {
    return { account, report: await audit(account, emulatorSettings(emulator, config), emulator.clock.now()) };
  } finally {
    await emulator.stop();
  }
}
