import { describe, expect, it } from 'vitest';
import { chunks } from '../../../src/ledger/chunks.js';

describe('chunks', () => {
  it('does split a list into slices of at most the size, in order', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('does refuse a size below 1', () => {
    expect(() => chunks([1], 0)).toThrow('chunk size must be a positive integer, got 0');
  });
});
