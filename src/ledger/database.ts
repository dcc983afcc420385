/**
 * The store's schema as Kysely sees it: one interface per table, snake_case columns as they are in the
 * database. Timestamps are ISO-8601 UTC text and JSON is text on both dialects (see `db-values.ts`);
 * this file declares shapes only, the migrations create them.
 */

import type { ColumnType, Generated } from 'kysely';

/** One row per alert fingerprint: its current episode. */
export interface AlertsTable {
  /** `fingerprint(labels)`, the alert's identity. */
  readonly fingerprint: string;
  /** The label set, JSON object text. */
  readonly labels: string;
  /** The latest annotations, JSON object text. */
  readonly annotations: string;
  /** The check that reports it. */
  readonly check: string;
  /** The Snowflake account whose runs observe it (`accounts[].name`); `''` for none (delivery health); NULL for a row from before fleet mode, until adopted. */
  readonly account: string | null;
  /** `firing` or `resolved`. */
  readonly status: string;
  /** When this episode started firing (ISO). */
  readonly starts_at: string;
  /** When it resolved (ISO); null while firing. */
  readonly ends_at: string | null;
  /** The last run that saw it firing (ISO). */
  readonly last_seen_at: string;
  /** The last write to this row (ISO). */
  readonly updated_at: string;
}

/** Every status change of every alert, append-only. */
export interface AlertHistoryTable {
  readonly id: Generated<number>;
  readonly fingerprint: string;
  /** When the change happened (ISO). */
  readonly at: string;
  /** `none`, `firing` or `resolved`. */
  readonly from_status: string;
  /** `firing` or `resolved`. */
  readonly to_status: string;
  /** Why, e.g. `observed`, `not observed in an ok run`. */
  readonly note: string | null;
}

/** One row per check run, ok or failed. */
export interface CheckRunsTable {
  readonly id: Generated<number>;
  readonly check: string;
  /** The account it ran in; `''` for none; NULL for a run from before fleet mode, until adopted. */
  readonly account: string | null;
  /** ISO. */
  readonly started_at: string;
  /** ISO. */
  readonly ended_at: string;
  /** `ok` or `failed`. */
  readonly status: string;
  /** Rows the check returned, when known. */
  readonly rows: number | null;
  /** Why it failed, secret-free. */
  readonly error: string | null;
}

/** Alertmanager's nflog: what each receiver was last told about each group. Primary key (group_key, receiver). */
export interface NotificationLogTable {
  readonly group_key: string;
  readonly receiver: string;
  /** Fingerprints announced as firing, JSON array text. */
  readonly firing_fingerprints: string;
  /** Fingerprints announced as resolved, JSON array text. */
  readonly resolved_fingerprints: string;
  /** When that was sent (ISO). */
  readonly sent_at: string;
  /** What the provider returned for threading and resolving (`ReceiverData`), JSON object text. */
  readonly receiver_data: string;
  /** When a person must respond by (ISO), set once at the first notification. */
  readonly due_at: string | null;
  /** When someone acknowledged the group (ISO). */
  readonly acknowledged_at: string | null;
}

/** Durable notifications waiting for, in, or done with delivery. */
export interface OutboxTable {
  /** The notification's id, also its idempotency key. */
  readonly id: string;
  readonly receiver: string;
  readonly group_key: string;
  /** The `Notification`, JSON object text. */
  readonly payload: string;
  /** `pending`, `sending`, `sent`, `failed` (retry scheduled) or `dead`. */
  readonly status: string;
  /** Times it was claimed for sending. */
  readonly attempts: number;
  /** Not to be claimed before this (ISO). */
  readonly next_attempt_at: string;
  /** Who holds it while `sending`. */
  readonly lease_owner: string | null;
  /** When that lease lapses and the row may be claimed again (ISO). */
  readonly lease_expires_at: string | null;
  /** The last failure, secret-free. */
  readonly last_error: string | null;
  /** What the provider answered on success, secret-free. */
  readonly provider_response: string | null;
  /** ISO. */
  readonly created_at: string;
  /** ISO; null until sent. */
  readonly sent_at: string | null;
  /** Fleet mode: the replica whose account lease the row was queued under; null without a fence. */
  readonly fence_owner: ColumnType<string | null, string | null | undefined, string | null>;
  /** That lease's fencing token; null without a fence. */
  readonly fence_token: ColumnType<bigint | number | string | null, bigint | number | null | undefined, bigint | number | null>;
}

/** Runtime silences (routing.md §7.1: data, not config). */
export interface SilencesTable {
  readonly id: string;
  /** Alertmanager matcher strings, JSON array text, e.g. `["model=\"customers\""]`. */
  readonly matchers: string;
  /** ISO. */
  readonly starts_at: string;
  /** ISO; expiring sets it to now. */
  readonly ends_at: string;
  readonly created_by: string;
  readonly comment: string;
  /** 1 when the silence ends once the alerts it matched have resolved, else 0. */
  readonly expire_on_resolve: number;
  /** ISO. */
  readonly created_at: string;
  /** ISO. */
  readonly updated_at: string;
}

/** Who acknowledged what: one alert (fingerprint) or one group (group_key). */
export interface AcknowledgementsTable {
  readonly id: string;
  readonly fingerprint: string | null;
  readonly group_key: string | null;
  readonly by: string;
  readonly comment: string | null;
  /** ISO. */
  readonly at: string;
}

/** The router's aggregation groups and their timers, so a restart rebuilds them. Primary key (route, group_key). */
export interface AggregationGroupsTable {
  readonly route: string;
  readonly group_key: string;
  /** The group's group_by label values, JSON object text. */
  readonly labels: string;
  /** ISO. */
  readonly first_seen_at: string;
  /** When the group flushes next (ISO): after group_wait, group_interval or at a window's opening. */
  readonly next_flush_at: string;
  /** ISO; null before the first flush. */
  readonly last_flush_at: string | null;
}

/** Named leases for running several daemons on one Postgres (one works, the others wait). */
export interface LeasesTable {
  readonly name: string;
  readonly owner: string;
  /** ISO. */
  readonly expires_at: string;
}

/** Fleet mode (Postgres): which replica watches each Snowflake account, with a fencing token. */
export interface AccountLeasesTable {
  /** The account's name (`accounts[].name`). */
  readonly account: string;
  /** The replica holding it; null when released or never held. */
  readonly owner: string | null;
  /** Grows by one on every change of owner; writes made for the account carry it (fencing). */
  readonly token: ColumnType<bigint | number | string, bigint | number, bigint | number | string>;
  /** When the lease lapses unless renewed (ISO). */
  readonly expires_at: string;
}

/** Fleet mode (Postgres): every replica's last heartbeat; a replica is live while it is recent. */
export interface ReplicasTable {
  readonly owner: string;
  /** ISO. */
  readonly heartbeat_at: string;
  /** The replica's configured accounts, a JSON array of names; null from a replica of an older version (lists every account). */
  readonly accounts: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Each check's latest result, one row per check, so the dashboard reads the same on every replica. A
 * failed run updates `last_*` and keeps the rows and findings of the last run that returned data.
 */
export interface CheckSnapshotsTable {
  /** The account it ran in (primary key with `check`); `''` for a snapshot from before fleet mode, until adopted. */
  readonly account: string;
  readonly check: string;
  /** `ok`, `partial` or `failed`: how the latest run went. */
  readonly last_status: string;
  /** When the latest run started (ISO). */
  readonly last_run_at: string;
  /** Why the latest run failed or was partial, secret-free. */
  readonly last_error: string | null;
  /** When the run that produced `rows` and `findings` started (ISO); null while no run has returned data. */
  readonly ok_at: string | null;
  readonly duration_ms: number;
  /** The check's rows, JSON array text. */
  readonly rows: string;
  /** Its findings, JSON array text. */
  readonly findings: string;
  /** What Snowflake refused (`RefusedObject[]`), JSON array text. */
  readonly refused: string;
}

/** Named random keys the dashboard shares across replicas (the CSRF signing key). */
export interface DashboardKeysTable {
  readonly name: string;
  /** Hex text. */
  readonly value: string;
  /** ISO. */
  readonly created_at: string;
}

/** One row per dbt invocation the daemon read (primary key invocation_id, kind): dbt overwrites its files, this keeps them. */
export interface DbtInvocationsTable {
  /** `metadata.invocation_id`. */
  readonly invocation_id: string;
  /** `run_results` or `sources`. */
  readonly kind: string;
  /** `args.which` (or `args.command`), lower-cased; null when absent. */
  readonly command: string | null;
  /** `metadata.generated_at` (ISO): when the run finished. */
  readonly generated_at: string;
  /** When the run started (ISO), when known. */
  readonly started_at: string | null;
  /** The file it was read from. */
  readonly file: string;
  /** The normalised artifact (src/dbt/artifact.ts), JSON object text with ISO instants. */
  readonly artifact: string;
  /** When snowmon stored it (ISO). */
  readonly stored_at: string;
}

/** When snowmon first watched each configured dbt pipeline (a pipeline that never ran is `not_run` from then). */
export interface DbtPipelinesWatchedTable {
  readonly pipeline: string;
  /** ISO. */
  readonly since: string;
}

/** Every table of the store. */
export interface Database {
  readonly alerts: AlertsTable;
  readonly alert_history: AlertHistoryTable;
  readonly check_runs: CheckRunsTable;
  readonly notification_log: NotificationLogTable;
  readonly outbox: OutboxTable;
  readonly silences: SilencesTable;
  readonly acknowledgements: AcknowledgementsTable;
  readonly aggregation_groups: AggregationGroupsTable;
  readonly leases: LeasesTable;
  readonly check_snapshots: CheckSnapshotsTable;
  readonly dashboard_keys: DashboardKeysTable;
  readonly dbt_invocations: DbtInvocationsTable;
  readonly dbt_pipelines_watched: DbtPipelinesWatchedTable;
  readonly account_leases: AccountLeasesTable;
  readonly replicas: ReplicasTable;
}
