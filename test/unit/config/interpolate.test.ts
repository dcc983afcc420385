import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/config/interpolate.js';

describe('interpolate', () => {
  it('does substitute variables when they are set', () => {
    expect(interpolate('${A}-${B}', { A: 'x', B: 'y' })).toEqual({ value: 'x-y', missing: [], usedDefault: false, referencedEnv: true });
  });

  it('does list every missing variable when some are not set', () => {
    expect(interpolate('${A}/${B}/${C}', { B: 'b' }).missing).toEqual(['A', 'C']);
  });

  it('does use the default when the variable is unset or empty', () => {
    expect(interpolate('${A:-fallback}', {})).toMatchObject({ value: 'fallback', usedDefault: true, missing: [] });
    expect(interpolate('${A:-fallback}', { A: '' })).toMatchObject({ value: 'fallback', usedDefault: true });
    expect(interpolate('${A:-fallback}', { A: 'set' })).toMatchObject({ value: 'set', usedDefault: false });
  });

  it('does keep literal text when there is no reference or the reference is escaped', () => {
    expect(interpolate('plain $HOME', {})).toMatchObject({ value: 'plain $HOME', referencedEnv: false });
    expect(interpolate('$${A}', { A: 'x' })).toMatchObject({ value: '${A}', referencedEnv: false });
  });
});
