/**
 * `snowmon demo` end to end in this process: the emulator starts, the audit runs through the real driver,
 * the terminal report goes to stdout and the HTML report to the named file.
 */

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/demo.js';

describe('snowmon demo', () => {
  it('does audit the built-in emulator and write the HTML report', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'snowmon-demo-')), 'report.html');
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    let code: number;
    try {
      code = await run(['--html', html, '--seed', '3']);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(code).toBe(0);
    for (const check of ['resource_monitors', 'credits_by_warehouse', 'service_account_audit', 'warehouse_utilization']) {
      expect(stdout).toContain(check);
    }
    expect(stdout).toContain('estimated savings');
    expect(stderr).toMatch(/SNOWMON_WH resumed 1 time/);
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('Warehouse utilization');
  });
});
