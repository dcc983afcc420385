import { afterEach, describe, expect, it } from 'vitest';
import { allSlackRefs, callKey, classifyDuplicates, type FrontCall } from '../../../bench/fleet/in-flight-duplicates.js';
import { replicaOfAuthorization, SlackFront, slackTokenOf } from '../../../bench/fleet/slack-front.js';
import { FakeSlack } from '../../fakes/fake-slack.js';

const KILL = 1000;

function call(seq: number, replica: string, at: number, method: string, params: Record<string, string>, extra: Partial<FrontCall> = {}): FrontCall {
  return { seq, replica, method, params, at, ...extra };
}

describe('classifyDuplicates', () => {
  // r1 dies at 1000 with row o1 (a resolve: update of the parent, then a reply) and o2 (never started) in flight.
  const update = { channel: 'CA', ts: '1.1', text: 'resolved: budget' };
  const calls = [
    call(0, 'r1', 100, 'chat.postMessage', { channel: '#a', text: 'firing: budget' }, { answeredAt: 110, ref: { channel: 'CA', ts: '1.1' } }),
    call(1, 'r1', 990, 'chat.update', update, { ref: { channel: 'CA', ts: '1.1' } }),
    call(2, 'r2', 30_000, 'chat.update', update, { answeredAt: 30_001, ref: { channel: 'CA', ts: '1.1' } }),
    call(
      3,
      'r2',
      30_002,
      'chat.postMessage',
      { channel: 'CA', thread_ts: '1.1', text: 'resolved: budget' },
      { answeredAt: 30_003, ref: { channel: 'CA', ts: '1.5' } },
    ),
    call(4, 'r2', 30_004, 'auth.test', {}),
    call(5, 'r2', 30_005, 'auth.test', {}),
  ];
  const outbox = [
    { id: 'o0', receiver: 's', status: 'sent', providerResponse: 'slack CA 1.1' },
    { id: 'o1', receiver: 's', status: 'sent', providerResponse: 'slack CA 1.1 reply 1.5 (parent updated)' },
    { id: 'o2', receiver: 's', status: 'sent', providerResponse: 'slack CB 2.1' },
  ];

  it('does count the re-send of a row the killed replica had in flight, its call unanswered at its death, as in flight', () => {
    const d = classifyDuplicates({ calls, killed: { replica: 'r1', at: KILL }, inFlight: ['o1', 'o2'], outbox });
    expect(d).toEqual({ duplicated: 1, ofInFlight: 1, others: [], inFlightRows: 2, unansweredAtKill: 1, inFlightSent: 2 });
  });

  it('does not count it as in flight when the first call was answered before the kill, was another replica’s, or its row was not in flight', () => {
    const answered = calls.map((c) => (c.seq === 1 ? { ...c, answeredAt: 995 } : c));
    expect(classifyDuplicates({ calls: answered, killed: { replica: 'r1', at: KILL }, inFlight: ['o1'], outbox })).toMatchObject({
      duplicated: 1,
      ofInFlight: 0,
      others: ['chat.update CA resolved: budget'],
      unansweredAtKill: 0,
    });
    expect(classifyDuplicates({ calls, killed: { replica: 'r3', at: KILL }, inFlight: ['o1'], outbox })).toMatchObject({ ofInFlight: 0 });
    expect(classifyDuplicates({ calls, killed: { replica: 'r1', at: KILL }, inFlight: ['o2'], outbox })).toMatchObject({ ofInFlight: 0, inFlightSent: 1 });
  });

  it('does count a repeat of an ordinary call (not in flight at any kill) as an other duplicate, and an in-flight row left unsent', () => {
    const repeated = [...calls, call(6, 'r3', 40_000, 'chat.postMessage', { channel: '#a', text: 'firing: budget' }, { ref: { channel: 'CA', ts: '1.9' } })];
    const d = classifyDuplicates({
      calls: repeated,
      killed: { replica: 'r1', at: KILL },
      inFlight: ['o1', 'o3'],
      outbox: [...outbox, { id: 'o3', receiver: 's', status: 'pending', providerResponse: null }],
    });
    expect(d).toMatchObject({ duplicated: 2, ofInFlight: 1, others: ['chat.postMessage #a firing: budget'], inFlightRows: 2, inFlightSent: 1 });
  });

  it('does key a call by method, channel, thread, message and text, and read both messages of a thread reply', () => {
    expect(callKey({ method: 'chat.postMessage', params: { channel: '#a', text: 'x' } })).not.toBe(
      callKey({ method: 'chat.postMessage', params: { channel: '#a', text: 'x', thread_ts: '1.1' } }),
    );
    expect(allSlackRefs('slack C1 1.1 reply 1.2 (parent updated)')).toEqual([
      { channel: 'C1', ts: '1.1' },
      { channel: 'C1', ts: '1.2' },
    ]);
    expect(allSlackRefs('slack C1 1.1 reply ?')).toEqual([{ channel: 'C1', ts: '1.1' }]);
    expect(allSlackRefs(null)).toEqual([]);
  });
});

describe('SlackFront', () => {
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const server of open.splice(0).reverse()) await server.stop();
  });

  it('does pass a call to the fake at once, name its replica by token, and hold only that replica’s answer', async () => {
    const slack = await new FakeSlack().start();
    const front = await new SlackFront(slack.apiUrl).start();
    open.push(slack, front);
    const post = (replica: string) =>
      fetch(`${front.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slackTokenOf(replica)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ channel: '#fleet-a', text: 'hello' }).toString(),
      }).then((r) => r.json() as Promise<{ ok: boolean; ts: string }>);

    front.hold('r1', 60_000);
    const done = front.nextCall('r1', 60_000);
    const held = post('r1');
    const seen = await done;
    // Slack did it (the message is there) while r1 still waits for the answer.
    expect(seen).toMatchObject({ replica: 'r1', method: 'chat.postMessage', params: { channel: '#fleet-a', text: 'hello' } });
    expect(seen?.answeredAt).toBeUndefined();
    expect(slack.messages.map((m) => m.ts)).toEqual([seen?.ref?.ts]);
    const other = await post('r2');
    expect(other.ok).toBe(true);
    expect(front.calls.map((c) => [c.replica, c.answeredAt !== undefined])).toEqual([
      ['r1', false],
      ['r2', true],
    ]);
    front.hold(undefined);
    void held.catch(() => undefined);
  });

  it('does read the replica from a bench token only', () => {
    expect(replicaOfAuthorization(`Bearer ${slackTokenOf('r1b')}`)).toBe('r1b');
    expect(replicaOfAuthorization('Bearer xoxb-other')).toBe('?');
    expect(replicaOfAuthorization(undefined)).toBe('?');
  });
});
