/**
 * The dbt loop hands dbt_query_history the newest manifest through its cache: an unchanged manifest is
 * the same parsed object on every warehouse cycle (no second parse), a rewritten one is read anew, and a
 * deleted one is forgotten.
 */

import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DbtLoop } from '../../../src/daemon/dbt-loop.js';
import { createLogger } from '../../../src/daemon/logger.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'dbt', 'shop', 'manifest.json');
const folder = mkdtempSync(join(tmpdir(), 'snowmon-dbt-loop-manifest-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('DbtLoop.queryHistoryContext', () => {
  it('does parse an unchanged manifest once across cycles, again after it changes, and forget it once deleted', async () => {
    const file = join(folder, 'manifest.json');
    copyFileSync(FIXTURE, file);
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const loop = new DbtLoop({
      store: () => {
        throw new Error('the manifest needs no store');
      },
      logger,
    });
    const config = { artifacts: [folder], pipelines: [] };
    const first = (await loop.queryHistoryContext(config)).manifest;
    expect(first?.nodes.size).toBeGreaterThan(0);
    expect((await loop.queryHistoryContext(config)).manifest).toBe(first);

    const { mtimeMs } = statSync(file);
    utimesSync(file, new Date(mtimeMs + 60_000), new Date(mtimeMs + 60_000));
    const rewritten = (await loop.queryHistoryContext(config)).manifest;
    expect(rewritten).not.toBe(first);
    expect(rewritten).toEqual(first);

    rmSync(file);
    expect((await loop.queryHistoryContext(config)).manifest).toBeUndefined();
  });
});
