/**
 * The `runbooks:` section of snowmon.yaml: runbook lines overriding the shipped ones, keyed like the
 * default table (an alert_type or a finer kind). Validation only; it lives beside that table
 * (runbooks.ts), whose keys it accepts.
 */

import { DEFAULT_RUNBOOKS } from './runbooks.js';
import type { Validator } from '../config/validate-config.js';

/** Runbook lines by runbook key. */
export type RunbooksSection = Readonly<Record<string, string>>;

/** Validates `runbooks: { <key>: text }`; only the default table's keys are accepted. */
export function runbooksSection(v: Validator, value: unknown): RunbooksSection {
  const path = ['runbooks'];
  const map = v.section(value, path);
  if (!map) return {};
  const known = Object.keys(DEFAULT_RUNBOOKS);
  v.knownKeys(map, path, known);
  const out: Record<string, string> = {};
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) continue;
    const text = v.string(map, [...path, key]);
    if (text === undefined) continue;
    if (text.trim() === '') {
      v.report('SM108', [...path, key], 'is empty');
      continue;
    }
    out[key] = text.trim();
  }
  return out;
}
