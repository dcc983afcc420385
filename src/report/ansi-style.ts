/**
 * ANSI colour for the terminal report, switched on or off as a whole: `ansiStyle(false)` returns
 * functions that leave text untouched, so no escape code ever reaches a pipe or a NO_COLOR terminal.
 */
import type { Severity } from '../checks/check.js';

export interface AnsiStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly ok: (text: string) => string;
  readonly failed: (text: string) => string;
  readonly severity: (severity: Severity, text: string) => string;
}

const CODES: Readonly<Record<Severity | 'bold' | 'dim' | 'ok' | 'failed', string>> = {
  bold: '1',
  dim: '2',
  ok: '32',
  failed: '1;31',
  critical: '1;31',
  warning: '33',
  info: '36',
};

/** Styling functions; identity functions when `color` is false. */
export function ansiStyle(color: boolean): AnsiStyle {
  const wrap = (code: string) => (text: string) => (color && text !== '' ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    bold: wrap(CODES.bold),
    dim: wrap(CODES.dim),
    ok: wrap(CODES.ok),
    failed: wrap(CODES.failed),
    severity: (severity, text) => wrap(CODES[severity])(text),
  };
}
