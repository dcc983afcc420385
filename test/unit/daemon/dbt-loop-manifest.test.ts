/**
 * The dbt loop hands dbt_query_history the newest manifest through its cache: an unchanged manifest is
 * the same parsed object on every warehouse cycle (no second parse), a rewritten one is read anew, and a
 * deleted one is forgotten; when the stored history cannot be loaded, nothing is left to the artifacts.
 */

import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DbtLoop } from '../../../src/daemon/dbt-loop.js';
import { createLogger } from '../../../src/daemon/logger.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'dbt', 'shop', 'manifest.json');
const NOW = new Date('2026-11-20T12:00:00Z');
const folder = mkdtempSync(join(tmpdir(), 'snowmon-dbt-loop-manifest-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('DbtLoop.queryHistoryContext', () => {
  it('does parse an unchanged manifest once across cycles, again after it changes, and forget it once deleted', async () => {
    const file = join(folder, 'manifest.json');
    copyFileSync(FIXTURE, file);
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const loop = new DbtLoop({
      store: () => {
        throw new Error('store down');
      },
      logger,
    });
    const config = { artifacts: [folder], pipelines: [] };
    const context = await loop.queryHistoryContext(config, NOW);
    const first = context.manifest;
    expect(first?.nodes.size).toBeGreaterThan(0);
    // Without the stored history nothing is left to the artifacts: query history raises all it sees.
    expect(context.artifacts).toBeUndefined();
    expect((await loop.queryHistoryContext(config, NOW)).manifest).toBe(first);

    const { mtimeMs } = statSync(file);
    utimesSync(file, new Date(mtimeMs + 60_000), new Date(mtimeMs + 60_000));
    const rewritten = (await loop.queryHistoryContext(config, NOW)).manifest;
    expect(rewritten).not.toBe(first);
    expect(rewritten).toEqual(first);

    rmSync(file);
    expect((await loop.queryHistoryContext(config, NOW)).manifest).toBeUndefined();
  });
});
