/**
 * Inhibition as Alertmanager does it: a target alert is muted while some *firing* source alert matches
 * the rule's source matchers and agrees on the `equal` labels (a missing label counts as empty). An
 * alert matching both sides is only inhibited by a source that does not also match the target side.
 */

import type { Alert, Labels } from '../alerts/alert.js';
import { matches } from './matchers.js';
import type { Muter } from './muter.js';
import type { InhibitRule } from './routing-config.js';

/** A muter over the alerts known at flush time; only the firing ones act as sources. */
export function inhibitor(rules: readonly InhibitRule[], alerts: readonly Pick<Alert, 'labels' | 'status'>[]): Muter {
  const firing = alerts.filter((a) => a.status === 'firing').map((a) => a.labels);
  return {
    mutes(labels: Labels): string | undefined {
      for (const rule of rules) {
        if (!matches(rule.targetMatchers, labels)) continue;
        const targetIsSource = matches(rule.sourceMatchers, labels);
        const source = firing.find(
          (s) =>
            matches(rule.sourceMatchers, s) &&
            !(targetIsSource && matches(rule.targetMatchers, s)) &&
            rule.equal.every((name) => (s[name] ?? '') === (labels[name] ?? '')),
        );
        if (source) return `inhibited by ${rule.name}`;
      }
      return undefined;
    },
  };
}
