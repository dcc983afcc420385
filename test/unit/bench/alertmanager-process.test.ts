import { describe, expect, it } from 'vitest';
import { ensureAlertmanager } from '../../../bench/alertmanager/alertmanager-process.js';

describe('ensureAlertmanager', () => {
  it('does report the install as refused when the binary is missing and the install command fails', () => {
    const lines: string[] = [];
    const result = ensureAlertmanager((l) => lines.push(l), { binary: 'snowmon-no-such-binary', installCommand: 'exit 100' });
    expect(result).toEqual({ ok: false, reason: 'installing snowmon-no-such-binary was refused or failed (exit code 100)' });
    expect(lines).toEqual(['snowmon-no-such-binary not found: exit 100']);
  });

  it('does report a binary still missing when the install command succeeds without providing it', () => {
    const result = ensureAlertmanager(() => {}, { binary: 'snowmon-no-such-binary', installCommand: 'true' });
    expect(result).toEqual({ ok: false, reason: 'snowmon-no-such-binary still not on PATH after installing it' });
  });

  it('does find an installed binary without installing anything', () => {
    const result = ensureAlertmanager(() => {}, { binary: 'node', installCommand: 'exit 1' });
    expect(result).toMatchObject({ ok: true, installed: false });
    expect(result.ok && result.version).toBe(process.version);
  });
});
