/**
 * Every SMxxx code snowmon can emit is published in the README's error table with its meaning, and the
 * table lists no code the catalog does not have (fastify's error catalog is the model).
 */

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_ERROR_CODES } from '../../../src/config/errors.js';

describe('README error codes', () => {
  it('does list every catalog code, and only those, in its table', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `(SM\d{3})` \| (.+) \|$/gm)].map((m) => ({ code: m[1] ?? '', meaning: (m[2] ?? '').trim() }));
    const published = rows.map((r) => r.code).sort();
    expect(published).toEqual(Object.keys(CONFIG_ERROR_CODES).sort());
    for (const row of rows) expect(row.meaning.length, row.code).toBeGreaterThan(10);
  });
});
