/**
 * Seeds the emulated account: creates SNOWFLAKE.ACCOUNT_USAGE, fills it with a deterministic, internally
 * consistent history, and returns the live account model (warehouses, monitors, login users). It does not
 * serve SQL or bill anything; the server and billing.ts do that.
 *
 * What the scenario contains (what an audit run against it should find), for `now` = N:
 * - Warehouses: LOADING_WH (Medium, 60 s, resume thrash: ~30 resumes/h in the last 48 h at the default
 *   20,000 rows; resumes follow its statements, so a 5,000-row scenario peaks below 20/h), TRANSFORM_WH
 *   (Large, 300 s, nightly dbt 01-05 UTC, a backfill spike on day N-3 that runs all day), BI_WH (Small,
 *   600 s, office hours, 1-3 clusters: scales out to a second cluster in runs whose statements queued, so
 *   it logs more RESUME_CLUSTER than RESUME_WAREHOUSE events), ADHOC_WH (X-Large, auto_suspend 3600 =
 *   misconfigured; runaway: STARTED for 9 h with a statement running, no warehouse monitor), DEV_WH (X-Small, auto_suspend NULL,
 *   STARTED for 12 days, burning 24 credits/day idle), UNUSED_WH (Small, auto_resume false, no use in the
 *   last 35 days), SNOWMON_WH (X-Small, 60 s; snowmon's own checks tagged {"app":"snowmon","check":...}
 *   daily at 06 UTC), DATASCIENCE_WH (Medium, suspended 20 h ago by DATASCIENCE_MONITOR).
 *   WAREHOUSE_METERING_HISTORY also has the CLOUD_SERVICES_ONLY pseudo-warehouse (id 0), heavy on day N-10.
 * - Monitors: ACCOUNT_MONTHLY (ACCOUNT, ~82 %, notify 75/90, suspend 100, suspend-immediately 110),
 *   TRANSFORM_WEEKLY (~93 %, notify 50/75/90), DATASCIENCE_MONITOR (~104 %, its warehouse suspended),
 *   BI_MONITOR (quota NULL), LOADING_MONITOR (~85 %, notify-only 50/80/95), OLD_MONITOR (level NULL).
 *   ADHOC_WH, DEV_WH, UNUSED_WH and SNOWMON_WH have no warehouse-level monitor.
 * - Queries: recurring dbt models (same QUERY_PARAMETERIZED_HASH) carrying every dbt format: the dbt_query_tags
 *   3.x comment appended with its tag (fct_orders, ERIN's revenue_daily), dbt's default comment prepended with a
 *   dbt_snowflake_query_tags 2.x tag (dim_customers), no comment and a 1.x tag with every key (fct_events), a
 *   non-dbt comment then the default one appended (the not_null test), stg_payments failing every night, ad hoc
 *   statements with a broken dbt-looking comment; Looker dashboards, ad hoc;
 *   repeated full scans (fct_events insert, Looker page_views scan, DS features: ≥ 96 % of ≥ 1000
 *   partitions); failed statements (timeouts, compile errors, COPY errors, dbt test failures); a personal
 *   user (ERIN) running a production dbt model every weekday at 07 UTC.
 * - Security: ETL_SVC (SERVICE) reaches ACCOUNTADMIN via ETL_ROLE > PLATFORM_ADMIN > ACCOUNTADMIN;
 *   ALICE_ADMIN is an ACCOUNTADMIN person with a password and no MFA (and a failed-login burst);
 *   LOADER_SVC is a LEGACY_SERVICE with a password only and password logins; FRANK is type NULL with only an
 *   RSA key (unlabelled service user); GRACE_SECADMIN is a stale admin (last login 130 days ago); revoked
 *   grants (CAROL's ACCOUNTADMIN, OPS_ROLE's SECURITYADMIN) carry DELETED_ON; only DBT_SVC, LOOKER_SVC,
 *   SNOWMON, BOB_ADMIN and GRACE_SECADMIN have a user-level network policy; no account-level policy.
 * - Storage: RAW grows ~1.2 %/day, ANALYTICS ~2 %/day with time-travel + fail-safe above its active bytes
 *   (FCT_ORDERS retention 30, STG_ORDERS and REVENUE_DAILY churn); LEGACY_DW dropped 20 days ago.
 * - Login: SNOWMON / `snowmon-demo-password`, role SNOWMON_ROLE, warehouse SNOWMON_WH.
 * - Roles (scenario-roles.ts): the session's role decides what SHOW lists and which ACCOUNT_USAGE views it
 *   may read. SNOWMON_ROLE sees everything; log in with role SNOWMON_NARROW_ROLE for a half-done setup
 *   (no OBJECT_VIEWER, no UNUSED_WH, only BI_MONITOR and OLD_MONITOR among the monitors).
 * - Live: billing.ts keeps ADHOC_WH (its statement never ends) and DEV_WH running, ~17 credits/h, so as the
 *   clock moves ACCOUNT_MONTHLY fills from ~82 % and, after one to four days of emulated time, reaches 100 %
 *   and suspends every warehouse (SNOWMON_WH included) until the next calendar month.
 * History ends at `now` floored to the hour (no ACCOUNT_USAGE latency is emulated here). A million
 * QUERY_HISTORY rows take ~15 s and ~1.5 GB in an uncompressed in-memory catalog, ~150 MB when it is
 * attached with `ATTACH ':memory:' AS snowflake (COMPRESS)`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EmulatedAccount, LoginUser } from '../account-model.js';
import { accountVariant, DEFAULT_SHAPE } from './account-variant.js';
import { createAccountUsageSchema } from './account-usage-schema.js';
import { buildWarehouseHours, generateLoadHistory, generateMetering, generateWarehouseEvents } from './derive-metering.js';
import { buildMonitors, insertResourceMonitorsView } from './monitors.js';
import { allocateCounts, generateQueryAttribution, generateQueryHistory, loadGeneratorInputs } from './query-history.js';
import { SeededRandom } from './random.js';
import { scenarioRoles } from './scenario-roles.js';
import { generateSecurity } from './security.js';
import { generateStorage } from './storage.js';
import { dropTemps } from './temp-tables.js';
import { activeKinds, buildTimeSlots, scenarioPeriod } from './time-slots.js';
import { buildWarehouseStates } from './warehouses.js';

export interface ScenarioOptions {
  /** PRNG seed; the same seed and `now` give identical data. Default 42. */
  readonly seed?: number;
  /** The emulated present: history ends at the hour before it. */
  readonly now: Date;
  /** Days of history, 30..90, default 60. */
  readonly days?: number;
  /** QUERY_HISTORY rows, default 20 000; a million generate in seconds. */
  readonly queryHistoryRows?: number;
  /**
   * Give the account its own warehouses, monitors and workloads drawn from the seed (account-variant.ts), as
   * the emulator does for every fleet account after the first. Default false: the scenario described above.
   */
  readonly vary?: boolean;
}

/** The login the scenario always has (the monitor's own user). */
export const SNOWMON_LOGIN: Readonly<LoginUser> = Object.freeze({
  name: 'SNOWMON',
  password: 'snowmon-demo-password',
  defaultRole: 'SNOWMON_ROLE',
  defaultWarehouse: 'SNOWMON_WH',
});

const TEMPS = ['_scn_tpl', '_scn_slot', '_scn_wh', '_scn_q', '_scn_forced', '_scn_wh_clusters', '_scn_wh_hours', '_scn_hours', '_scn_transitions'];

export async function seedScenario(connection: DuckDBConnection, options: ScenarioOptions): Promise<EmulatedAccount> {
  const seed = options.seed ?? 42;
  const days = options.days ?? 60;
  const rows = options.queryHistoryRows ?? 20_000;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`scenario seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(days) || days < 30 || days > 90) throw new Error(`scenario days must be 30..90, got ${days}`);
  if (!Number.isInteger(rows) || rows < 1000) throw new Error(`scenario queryHistoryRows must be >= 1000, got ${rows}`);
  const now = options.now;
  if (Number.isNaN(now.getTime())) throw new Error('scenario now is not a valid date');

  const previousZone = (await connection.runAndReadAll("SELECT current_setting('TimeZone') AS tz")).getRowObjectsJS()[0]?.['tz'];
  await connection.run("SET TimeZone = 'UTC'");
  try {
    await createAccountUsageSchema(connection);
    const { warehouses, monitors: monitorSpecs, templates } = options.vary === true ? accountVariant(seed) : DEFAULT_SHAPE;
    const science = warehouses.find((w) => w.live.kind === 'suspended-by-monitor');
    const period = scenarioPeriod(now, days, science?.live.kind === 'suspended-by-monitor' ? science.live.sinceHours : 0);
    const slots = buildTimeSlots(period);
    const counts = allocateCounts(templates, rows, days, activeKinds(slots));
    await loadGeneratorInputs(connection, templates, counts, slots, warehouses);
    await generateQueryHistory(connection, seed, rows);
    await generateQueryAttribution(connection);
    await buildWarehouseHours(connection, warehouses, period);
    await generateMetering(connection, seed, period);
    await generateWarehouseEvents(connection, seed, warehouses, period);
    await generateLoadHistory(connection, period);
    await generateSecurity(connection, new SeededRandom(seed ^ 0x5eca), now, days, new Set(warehouses.map((w) => w.name)));
    await generateStorage(connection, new SeededRandom(seed ^ 0x5707), now, days);
    const monitors = await buildMonitors(connection, warehouses, period, now, monitorSpecs);
    await insertResourceMonitorsView(connection, monitors, warehouses);
    await dropTemps(connection, TEMPS);
    return {
      name: 'EMU12345',
      warehouses: buildWarehouseStates(now, warehouses),
      monitors,
      loginUsers: new Map([[SNOWMON_LOGIN.name, { ...SNOWMON_LOGIN }]]),
      roles: scenarioRoles(),
    };
  } finally {
    await connection.run(`SET TimeZone = '${String(previousZone ?? 'UTC').replaceAll("'", "''")}'`);
  }
}
