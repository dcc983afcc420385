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
});
