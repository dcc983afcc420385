/**
 * Converts between the `alerts` table's rows and the `Alert` the rest of snowmon uses. Mapping only.
 */

import type { Selectable } from 'kysely';
import type { Alert, Annotations, AlertStatus, Labels } from '../alerts/alert.js';
import type { AlertsTable } from './database.js';
import { fromDbJson, fromDbTime, fromDbTimeOrUndefined } from './db-values.js';

/** An `alerts` row as an `Alert`. */
export function alertFromRow(row: Selectable<AlertsTable>): Alert {
  const endsAt = fromDbTimeOrUndefined(row.ends_at);
  return {
    fingerprint: row.fingerprint,
    labels: fromDbJson<Labels>(row.labels),
    annotations: fromDbJson<Annotations>(row.annotations),
    status: row.status as AlertStatus,
    startsAt: fromDbTime(row.starts_at),
    ...(endsAt !== undefined ? { endsAt } : {}),
    lastSeenAt: fromDbTime(row.last_seen_at),
    check: row.check,
  };
}
