/**
 * Silences as a muter: an alert is silenced while some silence's matchers all match it and
 * `startsAt <= now < endsAt` (no end: always). Config silences and stored ones look the same here;
 * storing and expiring them is the ledger's job.
 */

import type { Labels } from '../alerts/alert.js';
import { matches } from './matchers.js';
import type { Muter } from './muter.js';
import type { Silence } from './routing-config.js';

/** True when the silence is in force at `now`. */
export function isActive(silence: Silence, now: Date): boolean {
  return silence.startsAt <= now && (silence.endsAt === undefined || now < silence.endsAt);
}

export function silencer(silences: readonly Silence[]): Muter {
  return {
    mutes(labels: Labels, now: Date): string | undefined {
      const hit = silences.find((s) => isActive(s, now) && matches(s.matchers, labels));
      return hit ? `silenced by ${hit.id}` : undefined;
    },
  };
}
