/**
 * Inhibition as Alertmanager does it: a target alert is muted while some *firing* source alert matches
 * the rule's source matchers and agrees on the `equal` labels (a missing label counts as empty). An
 * alert matching both sides is only inhibited by a source that does not also match the target side.
 */

import type { Alert, Labels } from '../alerts/alert.js';
import { matches } from './matchers.js';
import type { Muter } from './muter.js';
import type { InhibitRule } from './routing-config.js';

/** A firing alert that matches a rule's source side, and whether it matches the target side too. */
interface Source {
  readonly alsoTarget: boolean;
}

/** A muter over the alerts known at flush time; only the firing ones act as sources. */
export function inhibitor(rules: readonly InhibitRule[], alerts: readonly Pick<Alert, 'labels' | 'status'>[]): Muter {
  const firing = alerts.filter((a) => a.status === 'firing').map((a) => a.labels);
  // Per rule, the firing sources indexed by their `equal` label values, built once per flush so a storm
  // of targets costs one lookup each instead of a scan over every firing alert.
  const sourcesByRule = rules.map((rule) => {
    const index = new Map<string, Source[]>();
    for (const labels of firing) {
      if (!matches(rule.sourceMatchers, labels)) continue;
      const key = equalKey(rule, labels);
      index.set(key, [...(index.get(key) ?? []), { alsoTarget: matches(rule.targetMatchers, labels) }]);
    }
    return index;
  });
  return {
    mutes(labels: Labels): string | undefined {
      for (const [i, rule] of rules.entries()) {
        if (!matches(rule.targetMatchers, labels)) continue;
        const targetIsSource = matches(rule.sourceMatchers, labels);
        const sources = sourcesByRule[i]?.get(equalKey(rule, labels)) ?? [];
        if (sources.some((source) => !(targetIsSource && source.alsoTarget))) return `inhibited by ${rule.name}`;
      }
      return undefined;
    },
  };
}

/** The values of the rule's `equal` labels (a missing label counts as empty), as one map key. */
function equalKey(rule: InhibitRule, labels: Labels): string {
  return JSON.stringify(rule.equal.map((name) => labels[name] ?? ''));
}
