import { describe, expect, it } from 'vitest';
import { columnKind, formatBytes, formatCredits, formatDuration, formatUsd, formatValue, truncate } from '../../../src/report/format-value.js';

describe('format-value', () => {
  it('does format credits to two decimals and tiny credits to two significant digits', () => {
    expect(formatCredits(1234.5)).toBe('1,234.50');
    expect(formatCredits(0)).toBe('0.00');
    expect(formatCredits(0.0042)).toBe('0.0042');
  });

  it('does format durations in ms below a second and in seconds above when given raw floats', () => {
    expect(formatDuration(82.77677700000004)).toBe('83 ms');
    expect(formatDuration(0.4)).toBe('0 ms');
    expect(formatDuration(999.4)).toBe('999 ms');
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(1234.5)).toBe('1.2 s');
    expect(formatDuration(12_345)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('does format dollars whole from $100 and with cents below', () => {
    expect(formatUsd(1234.4)).toBe('$1,234');
    expect(formatUsd(2764.11)).toBe('$2,764');
    expect(formatUsd(90.9)).toBe('$90.90');
    expect(formatUsd(-5)).toBe('-$5.00');
  });

  it('does format bytes in 1024-based units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2.1e12)).toBe('1.9 TB');
  });

  it('does pick the kind of a column from its name', () => {
    expect(columnKind('compute_credits')).toBe('credits');
    expect(columnKind('credit_quota')).toBe('credits');
    expect(columnKind('bytes_scanned')).toBe('bytes');
    expect(columnKind('total_gb')).toBe('gb');
    expect(columnKind('growth_gb_30d')).toBe('gb');
    expect(columnKind('utilization')).toBe('ratio');
    expect(columnKind('elapsed_s')).toBe('seconds');
    expect(columnKind('warehouse_name')).toBe('text');
  });

  it('does turn every kind of row value into one line', () => {
    expect(formatValue(null)).toBe('—');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(12n, 'count')).toBe('12');
    expect(formatValue('2026-11-22T14:03:59.123Z')).toBe('2026-11-22 14:03Z');
    expect(formatValue('2026-11-22T14:03:59.123-07:00')).toBe('2026-11-22 14:03 -07:00');
    expect(formatValue(['A', 'B'])).toBe('A, B');
    expect(formatValue({ name: 'P', list: [1] })).toBe('{"name":"P","list":[1]}');
    expect(formatValue('a\n  b\tc')).toBe('a b c');
    expect(formatValue('1000.00', 'credits')).toBe('1,000.00');
    expect(formatValue('1000.00')).toBe('1000.00');
    expect(formatValue(0.412, 'ratio')).toBe('41%');
  });

  it('does cut text with an ellipsis only when it is too long', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
  });
});
