/**
 * Holds src/ to functions of at most 80 lines: runs scripts/long-functions.js (TypeScript's parser over every
 * function-like node) and fails on any function over the limit that its ALLOWED list (data tables and
 * generators, released migrations, each with its reason) does not name, and on an allowance that no longer
 * matches a long function, so the list cannot rot.
 */

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface LongFunction {
  readonly lines: number;
  readonly where: string;
  readonly name: string;
}

interface Report {
  readonly max: number;
  readonly offenders: readonly LongFunction[];
  readonly allowed: readonly (LongFunction & { readonly why: string })[];
  readonly stale: readonly { readonly file: string; readonly name: string }[];
}

const report = JSON.parse(execFileSync(process.execPath, ['scripts/long-functions.js', '--json'], { encoding: 'utf8' })) as Report;

describe('functions in src/', () => {
  it('does keep every function at 80 lines or fewer unless the allow-list names it', () => {
    expect(report.max).toBe(80);
    expect(report.offenders.map((f) => `${f.lines} lines: ${f.where} ${f.name} (split it, or add it to ALLOWED only if it is a data table)`)).toEqual([]);
  });

  it('does not keep an allowance for a function that is no longer long', () => {
    expect(report.stale.map((a) => `${a.file} ${a.name}`)).toEqual([]);
  });

  it('does give a reason for every allowed function', () => {
    expect(report.allowed.filter((f) => f.why.trim() === '').map((f) => f.where)).toEqual([]);
  });
});
