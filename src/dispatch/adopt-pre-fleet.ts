/**
 * Upgrading a store written before fleet mode: its alerts carry no `account` label, so their fingerprints
 * change when the label is added, and without this step every open alert would look new (notified again)
 * while the old one stayed firing forever. Adoption gives every pre-fleet row (account NULL) to one
 * account in one transaction: alerts get the account's labels and their new fingerprint, and every
 * record that names an old fingerprint (history, acknowledgements, what each receiver was told) or a
 * group key that holds all labels (`group_by: ['...']`) follows, so the next flush finds nothing new to
 * say. Delivery-health alerts belong to no account and keep their identity. Runs at start; idempotent.
 */

import type { Kysely } from 'kysely';
import { fingerprint, type Labels } from '../alerts/alert.js';
import { withAccountLabels, type AccountIdentity } from '../alerts/account-labels.js';
import type { Database } from '../ledger/database.js';
import { fromDbJson, toDbJson } from '../ledger/db-values.js';
import { transaction } from '../ledger/transaction.js';
import { formatLabels } from '../router/group.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { DELIVERY_CHECK } from './delivery-health.js';

/** What an adoption changed. */
export interface Adoption {
  /** Alerts given the account (their fingerprint changed). */
  readonly alerts: number;
  /** Check runs and snapshots given the account. */
  readonly runs: number;
  /** Groups whose key changed (routes grouping by every label). */
  readonly groups: number;
}

/** Gives every pre-fleet row of the store to `account`; `routing` says which routes group by every label. */
export async function adoptPreFleet(db: Kysely<Database>, account: AccountIdentity, routing: RoutingConfig): Promise<Adoption> {
  return transaction(db, async (trx) => {
    const renamed = await adoptAlerts(trx, account);
    const groups = await adoptGroupKeys(trx, account, routing);
    await rewriteNotificationLog(trx, renamed);
    const runs = await trx
      .updateTable('check_runs')
      .set({ account: account.name })
      .where('account', 'is', null)
      .where('check', '!=', DELIVERY_CHECK)
      .executeTakeFirst();
    await trx.updateTable('check_runs').set({ account: '' }).where('account', 'is', null).execute();
    await trx
      .deleteFrom('check_snapshots')
      .where('account', '=', '')
      .where('check', 'in', (eb) => eb.selectFrom('check_snapshots').select('check').where('account', '=', account.name))
      .execute();
    const snapshots = await trx.updateTable('check_snapshots').set({ account: account.name }).where('account', '=', '').executeTakeFirst();
    return { alerts: renamed.size, runs: Number(runs.numUpdatedRows) + Number(snapshots.numUpdatedRows), groups };
  });
}

/** Every pre-fleet alert under its account's labels; returns old fingerprint -> new. */
async function adoptAlerts(trx: Kysely<Database>, account: AccountIdentity): Promise<Map<string, string>> {
  const renamed = new Map<string, string>();
  const rows = await trx.selectFrom('alerts').select(['fingerprint', 'labels', 'check']).where('account', 'is', null).execute();
  for (const row of rows) {
    if (row.check === DELIVERY_CHECK) {
      await trx.updateTable('alerts').set({ account: '' }).where('fingerprint', '=', row.fingerprint).execute();
      continue;
    }
    const labels = withAccountLabels(fromDbJson<Labels>(row.labels), account);
    const fp = fingerprint(labels);
    const taken = await trx.selectFrom('alerts').select('fingerprint').where('fingerprint', '=', fp).executeTakeFirst();
    if (taken !== undefined) {
      // The account already reports it under its new identity: the old row has nothing left to say.
      await trx.deleteFrom('alerts').where('fingerprint', '=', row.fingerprint).execute();
    } else {
      await trx
        .updateTable('alerts')
        .set({ fingerprint: fp, labels: toDbJson(labels), account: account.name })
        .where('fingerprint', '=', row.fingerprint)
        .execute();
    }
    await trx.updateTable('alert_history').set({ fingerprint: fp }).where('fingerprint', '=', row.fingerprint).execute();
    await trx.updateTable('acknowledgements').set({ fingerprint: fp }).where('fingerprint', '=', row.fingerprint).execute();
    renamed.set(row.fingerprint, fp);
  }
  return renamed;
}

/** The fingerprints each receiver was told about, renamed. */
async function rewriteNotificationLog(trx: Kysely<Database>, renamed: ReadonlyMap<string, string>): Promise<void> {
  if (renamed.size === 0) return;
  const rows = await trx.selectFrom('notification_log').select(['group_key', 'receiver', 'firing_fingerprints', 'resolved_fingerprints']).execute();
  const rename = (text: string) => toDbJson(fromDbJson<string[]>(text).map((fp) => renamed.get(fp) ?? fp));
  for (const row of rows) {
    const firing = rename(row.firing_fingerprints);
    const resolved = rename(row.resolved_fingerprints);
    if (firing === row.firing_fingerprints && resolved === row.resolved_fingerprints) continue;
    await trx
      .updateTable('notification_log')
      .set({ firing_fingerprints: firing, resolved_fingerprints: resolved })
      .where('group_key', '=', row.group_key)
      .where('receiver', '=', row.receiver)
      .execute();
  }
}

/**
 * Groups of routes with `group_by: ['...']` hold every label, so their key changes with the account's
 * labels: renamed in the groups, the notification log, acknowledgements and the outbox.
 */
async function adoptGroupKeys(trx: Kysely<Database>, account: AccountIdentity, routing: RoutingConfig): Promise<number> {
  const all = new Set(routing.routes.filter((r) => r.groupBy === 'all').map((r) => r.name));
  if (all.size === 0) return 0;
  const groups = await trx.selectFrom('aggregation_groups').selectAll().execute();
  let changed = 0;
  for (const group of groups) {
    const labels = fromDbJson<Labels>(group.labels);
    const suffix = `:${formatLabels(labels)}`;
    if (!all.has(group.route) || labels['account'] !== undefined || labels['check'] === DELIVERY_CHECK || !group.group_key.endsWith(suffix)) continue;
    const adopted = withAccountLabels(labels, account);
    const key = `${group.group_key.slice(0, -suffix.length)}:${formatLabels(adopted)}`;
    await trx
      .updateTable('aggregation_groups')
      .set({ group_key: key, labels: toDbJson(adopted) })
      .where('route', '=', group.route)
      .where('group_key', '=', group.group_key)
      .execute();
    for (const table of ['notification_log', 'acknowledgements', 'outbox'] as const) {
      await trx.updateTable(table).set({ group_key: key }).where('group_key', '=', group.group_key).execute();
    }
    changed++;
  }
  return changed;
}
