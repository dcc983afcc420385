/**
 * The one interface silences and inhibitions share (Alertmanager's `Muter`): given an alert's labels and
 * `now`, say why it is muted, or nothing. Plus the combinator that asks several in order.
 */

import type { Labels } from '../alerts/alert.js';

export interface Muter {
  /** The reason the alert is muted (`inhibited by cost-100-over-lower`, `silenced by <id>`), or undefined. */
  mutes(labels: Labels, now: Date): string | undefined;
}

/** Asks each muter in order and returns the first reason (inhibition before silence, as in AM's pipeline). */
export function allMuters(muters: readonly Muter[]): Muter {
  return {
    mutes(labels, now) {
      for (const muter of muters) {
        const reason = muter.mutes(labels, now);
        if (reason !== undefined) return reason;
      }
      return undefined;
    },
  };
}
