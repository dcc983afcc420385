/**
 * The `routing:` section of snowmon.yaml: which routing.yaml to load (`file`, relative to the config file),
 * the shipped table when absent. Validation only, through the shared `Validator`; loading the table is
 * load-routing.ts's.
 */

import type { Validator } from '../config/validate-config.js';

export interface RoutingSection {
  /** Absolute path of the routing table. */
  readonly file: string;
}

const ROUTING_KEYS = ['file'] as const;

/** Validates `routing:`; `defaultFile` (the shipped table) when absent. */
export function routingSection(v: Validator, value: unknown, defaultFile: string): RoutingSection {
  const path = ['routing'];
  const map = v.section(value, path);
  if (!map) return { file: defaultFile };
  v.knownKeys(map, path, ROUTING_KEYS);
  const file = v.string(map, [...path, 'file']);
  if (file === '') v.report('SM108', [...path, 'file'], 'is empty');
  return { file: file ? v.absolute(file) : defaultFile };
}
