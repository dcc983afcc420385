import { describe, expect, it } from 'vitest';
import { AccountDirectory, seedForAccount } from '../../../src/emulator/account-directory.js';
import type { Tenant } from '../../../src/emulator/account-directory.js';

/** A directory whose tenants are plain records of who was created, in order, and how many seeded at once. */
function recordingDirectory(names?: readonly string[], failFirst = false) {
  const created: (string | undefined)[] = [];
  let running = 0;
  let maxRunning = 0;
  let failed = !failFirst;
  const directory = new AccountDirectory<null>(async (name) => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    if (!failed) {
      failed = true;
      throw new Error('seed failed');
    }
    created.push(name);
    return { name: name ?? 'EMU12345' } as unknown as Tenant<null>;
  }, names);
  return { directory, created, maxRunning: () => maxRunning };
}

describe('AccountDirectory', () => {
  it('does reach the single default account from any name, creating it once', async () => {
    const { directory, created } = recordingDirectory();
    const [a, b] = await Promise.all([directory.find('prod'), directory.find('whatever')]);
    expect(a).toBe(b);
    expect(created).toEqual([undefined]);
    expect(directory.names()).toEqual([]);
  });

  it('does seed a named account on first use only, two at a time, and refuse a name it does not serve', async () => {
    const { directory, created, maxRunning } = recordingDirectory(['prod', 'dev', 'qa']);
    expect(created).toEqual([]);
    const [dev, qa, devAgain, prod] = await Promise.all([directory.find('DEV'), directory.find('qa'), directory.find('dev'), directory.find('prod')]);
    expect(dev).toBe(devAgain);
    expect([qa?.name, prod?.name]).toEqual(['qa', 'prod']);
    expect(created).toEqual(['dev', 'qa', 'prod']);
    expect(maxRunning()).toBe(2);
    expect(directory.find('staging')).toBeUndefined();
  });

  it('does seed every account not yet seeded on seedAll', async () => {
    const { directory, created } = recordingDirectory(['prod', 'dev', 'qa']);
    await directory.find('qa');
    await directory.seedAll();
    expect(created).toEqual(['qa', 'prod', 'dev']);
  });

  it('does try a failed seed again on the next login', async () => {
    const { directory, created } = recordingDirectory(['prod'], true);
    await expect(directory.find('prod')).rejects.toThrow('seed failed');
    expect((await directory.find('prod'))?.name).toBe('prod');
    expect(created).toEqual(['prod']);
  });

  it('does refuse duplicate or dotted names', () => {
    expect(() => recordingDirectory(['prod', 'PROD'])).toThrow('duplicate emulated account name "PROD"');
    expect(() => recordingDirectory(['prod.eu'])).toThrow('invalid emulated account name "prod.eu"');
  });

  it('does derive a stable, case-blind, non-negative seed from the name', () => {
    expect(seedForAccount('prod', 42)).toBe(seedForAccount('PROD', 42));
    expect(seedForAccount('prod', 42)).not.toBe(seedForAccount('dev', 42));
    expect(seedForAccount('prod', 42)).not.toBe(seedForAccount('prod', 7));
    for (const name of ['a', 'acct-001', 'acct-200', 'zz_top']) {
      const seed = seedForAccount(name, 42);
      expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
    }
  });
});
