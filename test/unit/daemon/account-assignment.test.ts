import { describe, expect, it } from 'vitest';
import { AllAccounts } from '../../../src/daemon/account-assignment.js';

describe('AllAccounts (SQLite: one process watches every account)', () => {
  it('does hold every account with token 0 once started, tell listeners once, and lose them all on stop', async () => {
    const assignment = new AllAccounts(['prod', 'dev']);
    const changes: [string[], string[]][] = [];
    assignment.onChange((gained, lost) => changes.push([gained, lost]));
    expect(assignment.held().size).toBe(0);
    await assignment.start();
    await assignment.start();
    expect([...assignment.held()]).toEqual([
      ['prod', 0n],
      ['dev', 0n],
    ]);
    await assignment.stop();
    expect(assignment.held().size).toBe(0);
    expect(changes).toEqual([
      [['prod', 'dev'], []],
      [[], ['prod', 'dev']],
    ]);
  });

  it('does take a new list: listeners hear only the accounts removed and added, the others stay held', async () => {
    const assignment = new AllAccounts(['prod', 'dev']);
    const changes: [string[], string[]][] = [];
    assignment.onChange((gained, lost) => changes.push([gained, lost]));
    await assignment.setAccounts(['prod', 'dev', 'qa']); // before start: nothing held, nothing heard
    expect(changes).toEqual([]);
    await assignment.start();
    await assignment.setAccounts(['prod', 'ops']);
    await assignment.setAccounts(['prod', 'ops']);
    expect([...assignment.held().keys()]).toEqual(['prod', 'ops']);
    expect(changes).toEqual([
      [['prod', 'dev', 'qa'], []],
      [['ops'], ['dev', 'qa']],
    ]);
  });
});
