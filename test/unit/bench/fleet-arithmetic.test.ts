import { describe, expect, it } from 'vitest';
import { auditNotifications, slackRefs } from '../../../bench/fleet/notification-audit.js';
import { FrontendMessageCounter } from '../../../bench/fleet/pg-statement-proxy.js';
import { cpuTicksFromStat, rssFromStatus } from '../../../bench/fleet/proc-stats.js';
import { gapsAround, longestInterval, movedAccounts, spread } from '../../../bench/fleet/unwatched.js';

const runs = (account: string, ...at: number[]) => at.map((t) => ({ account, at: t }));

describe('gapsAround', () => {
  it('does measure from the last run at or before the kill to the first run after it, longest first', () => {
    const all = [...runs('a', 0, 10, 20, 55, 65), ...runs('b', 5, 15, 25, 35), ...runs('c', 0, 10)];
    const gaps = gapsAround(all, ['a', 'b', 'c'], 22, 100);
    expect(gaps).toEqual([
      { account: 'c', from: 10, to: 100, ms: 90, open: true },
      { account: 'a', from: 20, to: 55, ms: 35, open: false },
      { account: 'b', from: 15, to: 25, ms: 10, open: false },
    ]);
  });

  it('does skip accounts not asked for, accounts that never ran before the instant, and runs after the end', () => {
    const all = [...runs('a', 0, 50, 200), ...runs('b', 30), ...runs('x', 0, 90)];
    expect(gapsAround(all, ['a', 'b', 'a'], 20, 100)).toEqual([{ account: 'a', from: 0, to: 50, ms: 50, open: false }]);
    expect(gapsAround(all, ['a'], 60, 100)).toEqual([{ account: 'a', from: 50, to: 100, ms: 50, open: true }]);
  });
});

describe('longestInterval', () => {
  it('does take the longest step between consecutive runs of one account ending inside the window, in any order', () => {
    const all = [...runs('a', 40, 0, 10, 20), ...runs('b', 0, 25), ...runs('c', 0, 500)];
    expect(longestInterval(all, 0, 100)).toBe(25);
    expect(longestInterval(all, 26, 100)).toBe(20);
    // A window shorter than a cycle: the step into it from the run before counts.
    expect(longestInterval(runs('a', 0, 60, 120), 100, 130)).toBe(60);
    expect(longestInterval(runs('a', 0, 60, 120), 70, 110)).toBe(0);
    expect(longestInterval([], 0, 100)).toBe(0);
  });
});

describe('movedAccounts and spread', () => {
  it('does count an account whose owner changed, appeared or vanished', () => {
    const before = new Map([
      ['a', 'r1'],
      ['b', 'r2'],
      ['c', 'r3'],
    ]);
    const after = new Map([
      ['a', 'r1'],
      ['b', 'r1'],
      ['d', 'r2'],
    ]);
    expect(movedAccounts(before, after)).toEqual(['b', 'c', 'd']);
    expect(movedAccounts(before, new Map(before))).toEqual([]);
    expect([...spread(after)]).toEqual([
      ['r1', 2],
      ['r2', 1],
    ]);
  });
});

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function untyped(code: number, rest = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + rest.length, 0);
  header.writeInt32BE(code, 4);
  return Buffer.concat([header, rest]);
}

describe('FrontendMessageCounter', () => {
  it('does count Query and Execute messages after SSLRequest and startup, however the bytes are split', () => {
    const stream = Buffer.concat([
      untyped(80877103),
      untyped(196608, Buffer.from('user\0postgres\0\0')),
      message('p', Buffer.from('secret\0')),
      message('Q', Buffer.from('BEGIN\0')),
      message('P', Buffer.from('\0SELECT $1\0\0\0')),
      message('B', Buffer.alloc(10)),
      message('D', Buffer.from('P\0')),
      message('E', Buffer.from('\0\0\0\0\0')),
      message('S', Buffer.alloc(0)),
      message('Q', Buffer.from('COMMIT\0')),
      message('X', Buffer.alloc(0)),
    ]);
    const whole = new FrontendMessageCounter();
    whole.feed(stream);
    expect(whole.statements).toBe(3);
    const byteByByte = new FrontendMessageCounter();
    for (const byte of stream) byteByByte.feed(Buffer.from([byte]));
    expect(byteByByte.statements).toBe(3);
    expect(byteByByte.opaque).toBe(false);
  });

  it('does give up, saying so, on TLS after an SSLRequest', () => {
    const counter = new FrontendMessageCounter();
    counter.feed(Buffer.concat([untyped(80877103), Buffer.from([0x16, 0x03, 0x01, 0x00, 0x51, 0x01, 0x00, 0x00])]));
    expect(counter.opaque).toBe(true);
    expect(counter.statements).toBe(0);
  });
});

describe('proc parsing', () => {
  it('does read utime + stime after a command name holding spaces and parentheses, and VmRSS in bytes', () => {
    const stat = '4242 (node (fleet) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 500 1000 2000';
    expect(cpuTicksFromStat(stat)).toBe(325);
    expect(rssFromStatus('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nVmData:\t 1 kB\n')).toBe(123456 * 1024);
    expect(rssFromStatus('Name:\tzombie\n')).toBe(0);
  });
});

describe('auditNotifications', () => {
  it('does count as lost the unsent rows, the sent rows Slack never got and the firing alerts never announced', () => {
    const audit = auditNotifications({
      outbox: [
        { id: '1', receiver: 's', status: 'sent', providerResponse: 'slack C1 100.1' },
        { id: '2', receiver: 's', status: 'sent', providerResponse: 'slack C1 100.1 reply 100.2' },
        { id: '3', receiver: 's', status: 'sent', providerResponse: 'slack C1 100.9' },
        { id: '4', receiver: 's', status: 'pending', providerResponse: null },
        { id: '5', receiver: 's', status: 'sending', providerResponse: null },
      ],
      received: [
        { channel: 'C1', ts: '100.1' },
        { channel: 'C1', ts: '100.2' },
      ],
      alerts: [
        { fingerprint: 'f1', status: 'firing' },
        { fingerprint: 'f2', status: 'firing' },
        { fingerprint: 'f3', status: 'resolved' },
      ],
      log: [{ firing: ['f1'], resolved: [] }],
    });
    expect(audit).toMatchObject({ outboxRows: 5, sent: 3, unsent: { pending: 1, sending: 1 }, missingAtSlack: 1, unannounced: 1, lost: 4 });
  });

  it('does read the message a provider response names: the reply of a thread reply, else the parent', () => {
    expect(slackRefs('slack C1 1.1 reply 1.2 (parent updated)')).toEqual([{ channel: 'C1', ts: '1.2' }]);
    expect(slackRefs('slack C1 1.1 reply ?')).toEqual([{ channel: 'C1', ts: '1.1' }]);
    expect(slackRefs('pagerduty dedup')).toEqual([]);
  });
});
