import { describe, expect, it } from 'vitest';
import { buildUtilizationGrid, cellLabel, shadeLevel } from '../../../src/report/utilization-grid.js';

describe('buildUtilizationGrid', () => {
  it('does fill a 7 × 24 grid with zeros where no row came', () => {
    const grid = buildUtilizationGrid([{ iso_dow: 3, hour_utc: 9, credits: 4, utilization: 0.5 }]);
    expect(grid.cells).toHaveLength(7);
    for (const day of grid.cells) expect(day).toHaveLength(24);
    expect(grid.cells[2]![9]).toEqual({ isoDow: 3, hourUtc: 9, credits: 4, utilization: 0.5 });
    expect(grid.cells[0]![0]).toEqual({ isoDow: 1, hourUtc: 0, credits: 0, utilization: undefined });
    expect(grid.maxCredits).toBe(4);
  });

  it('does sum duplicate cells, weight utilization by credits and read numeric strings', () => {
    const grid = buildUtilizationGrid([
      { iso_dow: 1, hour_utc: 14, credits: 3, utilization: 1 },
      { iso_dow: '1', hour_utc: '14', credits: '1', utilization: '0' },
    ]);
    expect(grid.cells[0]![14]!.credits).toBe(4);
    expect(grid.cells[0]![14]!.utilization).toBeCloseTo(0.75, 10);
    expect(grid.idleShare).toBeCloseTo(0.25, 10);
    expect(cellLabel(grid.cells[0]![14]!)).toBe('Mon 14:00 UTC');
  });

  it('does ignore rows outside Mon–Sun × 00–23 or without numbers', () => {
    const grid = buildUtilizationGrid([
      { iso_dow: 0, hour_utc: 1, credits: 9 },
      { iso_dow: 8, hour_utc: 1, credits: 9 },
      { iso_dow: 1, hour_utc: 24, credits: 9 },
      { iso_dow: 1, hour_utc: 1.5, credits: 9 },
      { iso_dow: 1, hour_utc: 1, credits: null },
    ]);
    expect(grid.totalCredits).toBe(0);
    expect(grid.idleShare).toBeUndefined();
  });
});

describe('shadeLevel', () => {
  it('does give 0 only to hours without credits and 4 to the busiest quarter', () => {
    expect(shadeLevel(0, 10)).toBe(0);
    expect(shadeLevel(0.01, 10)).toBe(1);
    expect(shadeLevel(2.5, 10)).toBe(1);
    expect(shadeLevel(5, 10)).toBe(2);
    expect(shadeLevel(7.5, 10)).toBe(3);
    expect(shadeLevel(7.6, 10)).toBe(4);
    expect(shadeLevel(10, 10)).toBe(4);
    expect(shadeLevel(3, 0)).toBe(0);
  });
});
