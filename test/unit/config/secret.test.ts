import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';

describe('Secret', () => {
  it('does print [redacted] when stringified, serialised or inspected', () => {
    const secret = new Secret('canary-7f3a');
    const holder = { password: secret, nested: [secret] };
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal prints is under test
    for (const text of [String(secret), `${secret}`, JSON.stringify(holder), inspect(holder, { depth: 5 }), inspect(secret, { showHidden: true })]) {
      expect(text).not.toContain('canary');
    }
    expect(JSON.stringify(holder)).toBe('{"password":"[redacted]","nested":["[redacted]"]}');
  });

  it('does give the value back when revealed', () => {
    expect(new Secret('canary-7f3a').reveal()).toBe('canary-7f3a');
  });
});
