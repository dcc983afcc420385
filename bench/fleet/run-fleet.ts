/**
 * One run of the fleet bench at one fleet size: the emulator (child process), a fake Slack, a fresh
 * Postgres database, a statement-counting proxy per replica, and `snowmon run` replicas as real child
 * processes. Phases: warm-up until every account has run; a steady window (CPU, RSS, statements); half
 * the accounts' budgets pushed to 95 % with Slack answering the busiest replica slowly, and a `kill -9` of that
 * replica while a call of its is unanswered (its outbox rows in flight; unwatched gaps and their
 * decomposition, accounts moved on leave); the replica started again (accounts moved on join); a drain,
 * then the notification audit.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../../test/fakes/fake-slack.js';
import { SNOWMON_LOGIN } from '../../src/emulator/scenarios/seed-scenario.js';
import { createBenchDatabase, type BenchDatabase, type DatabaseCounters } from './bench-database.js';
import type { FleetEmulatorCommand, FleetEmulatorReady } from './emulator-child.js';
import { writeReplicaConfig, writeRouting, type FleetFiles } from './fleet-config.js';
import { classifyDuplicates, type DuplicateAccount, type FrontCall } from './in-flight-duplicates.js';
import { auditNotifications, type NotificationAudit } from './notification-audit.js';
import { startStatementProxy, type StatementProxy } from './pg-statement-proxy.js';
import { sampleProcess, type ProcSample } from './proc-stats.js';
import { ReplicaProcess, usageBetween } from './replica-process.js';
import { SlackFront, slackTokenOf } from './slack-front.js';
import { StoreReader, type LeaseRow } from './store-readers.js';
import { decomposeTakeover, firstClaimAfter, worstParts, type Takeover } from './takeover.js';
import { gapsAround, longestInterval, movedAccounts, spread, type UnwatchedGap } from './unwatched.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MAIN_JS = join(HERE, '..', '..', 'src', 'cli', 'main.js');

export interface FleetOptions {
  readonly accounts: number;
  readonly replicas: number;
  readonly cycleSeconds: number;
  readonly steadyMinutes: number;
  readonly leaseTtlSeconds: number;
  /** How late Slack answers the replica to be killed, from the budgets' change to the kill; 0: at once (the kill then falls mid-cycle at random). */
  readonly slackDelaySeconds: number;
  readonly adminUrl: string;
  /** Whether this build understands `accounts:` (else the single `snowflake:` form, one account). */
  readonly multiAccount: boolean;
  readonly log: (line: string) => void;
}

export interface ReplicaFigures {
  readonly name: string;
  readonly cpu?: number;
  readonly rssAvg?: number;
  readonly rssMax?: number;
  readonly statementsPerMinute: number;
  readonly accounts?: number;
}

export interface FleetResult {
  readonly options: FleetOptions;
  readonly replicas: readonly ReplicaFigures[];
  readonly emulator?: { readonly cpu?: number; readonly rssMax?: number };
  readonly steadyMinutes: number;
  readonly statementsPerMinute: number;
  readonly transactionsPerMinute: number;
  readonly tuplesWrittenPerMinute: number;
  readonly pgStatStatementsPerMinute?: number;
  readonly pgStatStatementsUnavailable?: string;
  readonly steadyLongestIntervalMs: number;
  /** "previous run still going; tick skipped" lines of every replica, in the steady window and from the kill to the rejoin. */
  readonly ticksSkipped: { readonly steady: number; readonly afterKill: number };
  readonly unwatched: readonly UnwatchedGap[];
  readonly killedHeld?: number;
  readonly movedOnLeave?: { readonly moved: number; readonly fromOthers: number };
  readonly movedOnJoin?: { readonly moved: number; readonly notToNew: number; readonly spread: string };
  readonly audit: NotificationAudit;
  /** Repeated Slack calls, and whether each re-delivered a row the killed replica had in flight. */
  readonly duplicates: DuplicateAccount;
  readonly slackCalls: number;
  /** The longest gap cut into its parts, and the largest of each part over the killed replica's accounts. */
  readonly takeover?: { readonly worst: Takeover; readonly parts: ReturnType<typeof worstParts> };
  /** Accounts with at least one check run (1 when check runs carry no account). */
  readonly watchedAccounts: number;
  readonly notes: readonly string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Emulator {
  readonly child: ChildProcess;
  readonly url: string;
  readonly perAccount: boolean;
  readonly seedSeconds: number;
  send(command: FleetEmulatorCommand): Promise<void>;
  samples: (ProcSample & { at: number })[];
}

/** The bench's account names: acct001, acct002, ... */
export function accountNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `acct${String(i + 1).padStart(3, '0')}`);
}

/** The emulator child, seeded once for the largest size; smaller sizes use its first accounts. */
export async function startEmulatorChild(accounts: readonly string[]): Promise<Emulator> {
  const child = fork(join(HERE, 'emulator-child.js'), [accounts.join(',')], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending = new Map<number, () => void>();
  let next = 0;
  const ready = await new Promise<FleetEmulatorReady>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator child exited with ${code}`)));
    child.on('message', (raw) => {
      const message = raw as Partial<FleetEmulatorReady> & { id?: number };
      if (message.ready === true) resolve(message as FleetEmulatorReady);
      else if (message.id !== undefined) pending.get(message.id)?.();
    });
  });
  return {
    child,
    url: ready.url,
    perAccount: ready.perAccount,
    seedSeconds: ready.seedSeconds,
    samples: [],
    send: (command) =>
      new Promise<void>((resolve) => {
        const id = ++next;
        pending.set(id, resolve);
        child.send({ ...command, id });
      }),
  };
}

/** Everything one run starts, so a failure anywhere can still stop it all. */
interface Rig {
  readonly options: FleetOptions;
  readonly names: readonly string[];
  readonly folder: string;
  readonly files: FleetFiles;
  readonly db: BenchDatabase;
  readonly store: StoreReader;
  readonly slack: FakeSlack;
  /** Between the replicas and the fake Slack: tells their calls apart, answers one replica slowly. */
  readonly front: SlackFront;
  readonly emulator: Emulator;
  readonly proxies: StatementProxy[];
  readonly replicas: ReplicaProcess[];
  /** The replicas as first started (the steady window measures them). */
  readonly original: ReplicaProcess[];
  /** Lease snapshots, one a second: [at, account -> lease]. */
  readonly leases: [number, Map<string, LeaseRow>][];
  readonly notes: string[];
  timer?: NodeJS.Timeout;
  spawned: number;
}

async function startRig(options: FleetOptions, emulator: Emulator): Promise<Rig> {
  const names = accountNames(options.accounts);
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-'));
  const db = await createBenchDatabase(options.adminUrl, `snowmon_fleet_${process.pid}_${options.accounts}_${Date.now() % 100_000}`);
  const slack = await new FakeSlack().start();
  const front = await new SlackFront(slack.apiUrl).start();
  const target = new URL(db.url);
  const proxies = await Promise.all(
    Array.from({ length: options.replicas }, () => startStatementProxy({ host: target.hostname, port: Number(target.port || 5432) })),
  );
  const files: FleetFiles = {
    folder,
    accounts: options.multiAccount ? names : names.slice(0, 1),
    multiAccount: options.multiAccount,
    emulatorUrl: emulator.url,
    user: SNOWMON_LOGIN.name,
    role: SNOWMON_LOGIN.defaultRole ?? 'SNOWMON_ROLE',
    warehouse: SNOWMON_LOGIN.defaultWarehouse ?? 'SNOWMON_WH',
    slackApiUrl: front.apiUrl.replace(/\/$/, ''),
    freeLoop: options.cycleSeconds === 60 ? '*/1 * * * *' : `*/${options.cycleSeconds} * * * * *`,
    leaseTtl: `${options.leaseTtlSeconds}s`,
  };
  writeRouting(files);
  const store = await StoreReader.open(db.url);
  const rig: Rig = { options, names, folder, files, db, store, slack, front, emulator, proxies, replicas: [], original: [], leases: [], notes: [], spawned: 0 };
  for (let i = 0; i < options.replicas; i++) rig.original.push(spawnReplica(rig, i));
  rig.timer = setInterval(() => void tick(rig), 1000);
  return rig;
}

/** A replica's name in files and Slack tokens: r1, r2, r3, and r1b for r1' (r1 started again). */
const fileName = (replica: string): string => replica.replace("'", 'b');

function spawnReplica(rig: Rig, slot: number): ReplicaProcess {
  const name = `r${slot + 1}${rig.spawned >= rig.options.replicas ? "'" : ''}`;
  rig.spawned++;
  const proxy = rig.proxies[slot] as StatementProxy;
  const storeUrl = new URL(rig.db.url);
  storeUrl.hostname = '127.0.0.1';
  storeUrl.port = String(proxy.port);
  const config = writeReplicaConfig(rig.files, fileName(name), 0);
  const env = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    STORE_URL: storeUrl.toString(),
    SNOWFLAKE_PASSWORD: SNOWMON_LOGIN.password ?? '',
    SLACK_BOT_TOKEN: slackTokenOf(fileName(name)),
  };
  const replica = new ReplicaProcess(name, MAIN_JS, config, env, join(rig.folder, `${fileName(name)}.log`));
  rig.replicas[slot] = replica;
  return replica;
}

async function tick(rig: Rig): Promise<void> {
  for (const r of rig.replicas) r.sample();
  const s = rig.emulator.child.pid === undefined ? undefined : sampleProcess(rig.emulator.child.pid);
  if (s !== undefined) rig.emulator.samples.push({ ...s, at: Date.now() });
  try {
    const leases = await rig.store.leases();
    // No lease at all: this build's daemon does not share accounts (yet); the moves are then not measured.
    if (leases !== undefined && leases.size > 0) rig.leases.push([Date.now(), leases]);
  } catch {
    // the schema is not there yet (replicas still migrating)
  }
}

async function stopRig(rig: Rig): Promise<void> {
  clearInterval(rig.timer);
  await Promise.all([...new Set([...rig.original, ...rig.replicas])].map((r) => r.stop()));
  await rig.emulator.send({ type: 'budget', accounts: rig.names, state: 'seeded' });
  await rig.front.stop();
  await rig.slack.stop();
  await Promise.all(rig.proxies.map((p) => p.close()));
  await rig.store.close();
  await rig.db.drop();
}

/** The account -> pid of its owner (owners are `host:pid:random`). */
const pidOf = (owner: string): number => Number(owner.split(':')[1]);

/** account -> owner of the leases unexpired in the last snapshot at or before `at`. */
function ownersAt(rig: Rig, at: number): Map<string, string> | undefined {
  let found: [number, Map<string, LeaseRow>] | undefined;
  for (const snapshot of rig.leases) if (snapshot[0] <= at) found = snapshot;
  if (found === undefined) return undefined;
  const [t, leases] = found;
  return new Map([...leases].filter(([, l]) => l.owner !== null && l.expiresAt > t).map(([a, l]) => [a, l.owner as string]));
}

/** Waits until `done` or `limitMs`; true when done. */
async function waitFor(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await done()) return true;
    await sleep(1000);
  }
  return false;
}

async function warmUp(rig: Rig): Promise<void> {
  const { options } = rig;
  const single = rig.names[0] as string;
  const limitS = 3 * options.cycleSeconds + 120;
  // Until every account has run, or the count stops growing for two cycles (a build watching fewer).
  let seen = 0;
  let grewAt = Date.now();
  await waitFor(async () => {
    const dead = rig.replicas.find((r) => !r.alive());
    if (dead !== undefined)
      throw new Error(
        `replica ${dead.name} exited at start: ${dead.logs
          .slice(-3)
          .map((l) => l.msg)
          .join(' | ')}`,
      );
    const count = new Set((await rig.store.runs(single)).map((r) => r.account)).size;
    if (count > seen) [seen, grewAt] = [count, Date.now()];
    const want = options.multiAccount && (await rig.store.perAccountRuns()) ? rig.names.length : 1;
    return count >= want || (count > 0 && Date.now() - grewAt > 2 * options.cycleSeconds * 1000);
  }, limitS * 1000);
  if (seen === 0) throw new Error(`no check run in ${limitS} s: see the replicas' logs in ${rig.folder}`);
  if (options.multiAccount && seen < rig.names.length)
    rig.notes.push(`only ${seen} of ${rig.names.length} accounts had check runs: this build's daemon watches fewer`);
  // One more full cycle so the first cycle's burst of notifications is not in the steady window.
  await sleep(options.cycleSeconds * 1000);
}

interface Window {
  readonly from: number;
  readonly to: number;
  readonly counters: [DatabaseCounters, DatabaseCounters];
  readonly statements: [number[], number[]];
  /** Statements the bench itself sent to the database meanwhile (lease polls, counters). */
  readonly own: number;
}

async function steadyWindow(rig: Rig): Promise<Window> {
  const own = () => rig.store.queries + rig.db.ownQueries();
  const own0 = own();
  const from = Date.now();
  const c0 = await rig.db.counters();
  const s0 = rig.proxies.map((p) => p.statements());
  await sleep(rig.options.steadyMinutes * 60_000);
  const to = Date.now();
  const c1 = await rig.db.counters();
  const s1 = rig.proxies.map((p) => p.statements());
  return { from, to, counters: [c0, c1], statements: [s0, s1], own: own() - own0 };
}

/** The replica to kill: the one holding the most accounts, else the single-account leader, else the first. */
function victim(rig: Rig): ReplicaProcess {
  const owners = ownersAt(rig, Date.now());
  if (owners !== undefined && owners.size > 0) {
    const counts = spread(owners);
    const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const found = rig.replicas.find((r) => busiest !== undefined && r.pid === pidOf(busiest));
    if (found) return found;
  }
  const leader = rig.replicas.find((r) => r.linesMatching(/^leading$/).length > r.linesMatching(/^standing by$/).length);
  return leader ?? (rig.replicas[0] as ReplicaProcess);
}

export async function runFleet(options: FleetOptions, emulator: Emulator): Promise<FleetResult> {
  emulator.samples.length = 0;
  const rig = await startRig(options, emulator);
  try {
    return await phases(rig);
  } finally {
    await stopRig(rig);
  }
}

async function phases(rig: Rig): Promise<FleetResult> {
  const { options, log } = { options: rig.options, log: rig.options.log };
  const cycleMs = options.cycleSeconds * 1000;
  const ttlMs = options.leaseTtlSeconds * 1000;
  log(
    `fleet ${options.accounts}: ${options.replicas} replicas (pids ${rig.replicas.map((r) => r.pid).join(', ')}), emulator at ${rig.emulator.url}, database ${rig.db.name}, logs in ${rig.folder}`,
  );
  await warmUp(rig);
  // An account's first run comes when it is gained, its next at a tick plus its offset: up to two cycles
  // later. Two cycles more, so the steady window starts on regular ticks and its intervals are the loop's.
  log(`fleet ${options.accounts}: warm; two cycles to settle on the ticks`);
  await sleep(2 * cycleMs);
  log(`fleet ${options.accounts}: steady window of ${options.steadyMinutes} min`);
  const window = await steadyWindow(rig);
  const steadyOwners = ownersAt(rig, window.to);

  const flipped = rig.names.filter((_, i) => i % 2 === 0);
  const kill = await killBusiest(rig, flipped);
  log(`fleet ${options.accounts}: killed -9 ${kill.name} (pid ${kill.pid}) with ${kill.inFlight.length} outbox rows in flight`);
  // While its accounts wait for their leases to lapse, the loud budgets go quiet: the new owners must tell.
  await sleep(ttlMs / 2);
  await rig.emulator.send({ type: 'budget', accounts: flipped, state: 'quiet' });
  // At least two cycles after the leases lapsed before the gaps are closed and the owners read.
  await sleep(ttlMs / 2 + 2 * cycleMs + 5000);
  const afterLeave = ownersAt(rig, Date.now());
  const gapEnd = Date.now();

  const slot = rig.replicas.findIndex((r) => r.pid === kill.pid);
  const joined = spawnReplica(rig, slot);
  const joinAt = Date.now();
  log(`fleet ${options.accounts}: ${joined.name} started (pid ${joined.pid}): joining`);
  await sleep(ttlMs + 2 * cycleMs + 5000);
  const afterJoin = ownersAt(rig, Date.now());
  // Drain: every group interval passed, every rate-limited message sent.
  await sleep(15_000);
  return figures(rig, { window, steadyOwners, kill, afterLeave, afterJoin, gapEnd, joinAt, joinedPid: joined.pid });
}

/** What the bench saw of the replica it killed, read once it was dead. */
interface Kill {
  readonly name: string;
  readonly pid: number;
  readonly at: number;
  readonly ownersBefore: Map<string, string> | undefined;
  /** Ids of the outbox rows it had claimed and not marked. */
  readonly inFlight: readonly string[];
  /** Its Slack call that triggered the kill (reached Slack, answer held), if one came. */
  readonly call?: FrontCall;
  readonly leases: Map<string, LeaseRow> | undefined;
  readonly heartbeats: Map<string, number>;
}

/**
 * Half the accounts' budgets go to 95 % (their cost-monitor alerts fire), Slack answers the busiest
 * replica `slackDelaySeconds` late, and that replica is killed -9 as soon as one of its calls has reached
 * Slack: it dies with that notification sent but unmarked, and the rows it claimed with it in flight.
 * Without a delay it dies at a random point of the cycle instead.
 */
async function killBusiest(rig: Rig, flipped: readonly string[]): Promise<Kill> {
  const { options } = rig;
  const cycleMs = options.cycleSeconds * 1000;
  const killed = victim(rig);
  const delayMs = options.slackDelaySeconds * 1000;
  if (delayMs > 0) rig.front.hold(fileName(killed.name), delayMs);
  await rig.emulator.send({ type: 'budget', accounts: flipped, state: 'loud' });
  let call: FrontCall | undefined;
  if (delayMs > 0) {
    call = await rig.front.nextCall(fileName(killed.name), 2 * cycleMs + 30_000);
    if (call === undefined) rig.notes.push(`${killed.name} made no Slack call within two cycles of the budgets' change: it died with no call in flight`);
  } else {
    await sleep(cycleMs * (0.3 + Math.random() * 0.4));
  }
  const ownersBefore = ownersAt(rig, Date.now());
  killed.kill9();
  await killed.exited;
  rig.front.hold(undefined);
  const inFlight = await rig.store.inFlight(killed.pid);
  const leases = await rig.store.leases();
  const heartbeats = await rig.store.heartbeats();
  return { name: killed.name, pid: killed.pid, at: killed.killedAt as number, ownersBefore, inFlight, ...(call ? { call } : {}), leases, heartbeats };
}

interface Marks {
  readonly window: Window;
  readonly steadyOwners: Map<string, string> | undefined;
  readonly kill: Kill;
  readonly afterLeave: Map<string, string> | undefined;
  readonly afterJoin: Map<string, string> | undefined;
  readonly gapEnd: number;
  readonly joinAt: number;
  readonly joinedPid: number;
}

async function figures(rig: Rig, m: Marks): Promise<FleetResult> {
  const { options } = rig;
  const minutes = (m.window.to - m.window.from) / 60_000;
  const [c0, c1] = m.window.counters;
  // The steady window came before the kill: the replicas started first are the ones measured.
  const perReplica = rig.original.map((r, i): ReplicaFigures => {
    const usage = usageBetween(r.samples, m.window.from, m.window.to);
    const held = m.steadyOwners === undefined ? undefined : [...m.steadyOwners.values()].filter((o) => pidOf(o) === r.pid).length;
    return {
      name: r.name,
      ...(usage ?? {}),
      statementsPerMinute: ((m.window.statements[1][i] ?? 0) - (m.window.statements[0][i] ?? 0)) / minutes,
      ...(held !== undefined ? { accounts: held } : {}),
    };
  });
  const emulatorUsage = usageBetween(rig.emulator.samples, m.window.from, m.window.to);
  const single = rig.names[0] as string;
  const runs = await rig.store.runs(single);
  const before = m.kill.ownersBefore;
  const watched = before !== undefined ? [...before].filter(([, o]) => pidOf(o) === m.kill.pid).map(([a]) => a) : options.multiAccount ? rig.names : [single];
  const unwatched = gapsAround(runs, watched, m.kill.at, m.gapEnd);
  const outbox = await rig.store.outbox();
  const audit = auditNotifications({
    outbox,
    received: rig.slack.messages.map((msg) => ({ channel: msg.channel, ts: msg.ts })),
    alerts: await rig.store.alerts(),
    log: await rig.store.log(),
  });
  const duplicates = classifyDuplicates({
    calls: rig.front.calls,
    killed: { replica: fileName(m.kill.name), at: m.kill.at },
    inFlight: m.kill.inFlight,
    outbox,
  });
  await addNotes(rig, m);
  const takeovers = unwatched.map((gap) => takeoverOf(rig, m.kill, gap));
  return {
    options,
    replicas: perReplica,
    ...(emulatorUsage ? { emulator: { cpu: emulatorUsage.cpu, rssMax: emulatorUsage.rssMax } } : {}),
    steadyMinutes: minutes,
    statementsPerMinute: perReplica.reduce((a, r) => a + r.statementsPerMinute, 0),
    transactionsPerMinute: (c1.transactions - c0.transactions - m.window.own) / minutes,
    tuplesWrittenPerMinute: (c1.tuplesWritten - c0.tuplesWritten) / minutes,
    ...(c1.statements !== undefined && c0.statements !== undefined ? { pgStatStatementsPerMinute: (c1.statements - c0.statements) / minutes } : {}),
    ...(rig.db.statementsUnavailable !== undefined ? { pgStatStatementsUnavailable: rig.db.statementsUnavailable } : {}),
    steadyLongestIntervalMs: longestInterval(runs, m.window.from, m.window.to),
    ticksSkipped: { steady: ticksSkipped(rig, m.window.from, m.window.to), afterKill: ticksSkipped(rig, m.kill.at, m.joinAt) },
    unwatched,
    ...(before !== undefined ? { killedHeld: watched.length } : {}),
    ...leaveAndJoin(m),
    audit,
    duplicates,
    slackCalls: rig.front.calls.length,
    ...(takeovers[0] !== undefined ? { takeover: { worst: takeovers[0], parts: worstParts(takeovers) } } : {}),
    watchedAccounts: new Set(runs.map((r) => r.account)).size,
    notes: rig.notes,
  };
}

/** One account's gap cut into parts, the survivor named by its replica name. */
function takeoverOf(rig: Rig, kill: Kill, gap: UnwatchedGap): Takeover {
  const ttlMs = rig.options.leaseTtlSeconds * 1000;
  const lease = kill.leases?.get(gap.account);
  const dead = lease?.owner ?? '';
  const claimed = firstClaimAfter(rig.leases, gap.account, dead, kill.at, ttlMs);
  const by = claimed && [...rig.replicas, ...rig.original].find((r) => r.pid === pidOf(claimed.owner));
  return decomposeTakeover({
    gap,
    killAt: kill.at,
    cycleMs: rig.options.cycleSeconds * 1000,
    ttlMs,
    ...(lease !== undefined && lease.owner !== null && pidOf(lease.owner) === kill.pid ? { leaseAtKill: lease } : {}),
    ...(kill.heartbeats.has(dead) ? { heartbeatAtKill: kill.heartbeats.get(dead) } : {}),
    ...(claimed !== undefined ? { claimed: { at: claimed.at, owner: by?.name ?? claimed.owner } } : {}),
  });
}

function ticksSkipped(rig: Rig, from: number, to: number): number {
  const all = new Set([...rig.original, ...rig.replicas]);
  return [...all].reduce((n, r) => n + r.linesMatching(/tick skipped/).filter((l) => l.at >= from && l.at <= to).length, 0);
}

async function addNotes(rig: Rig, m: Marks): Promise<void> {
  if (m.kill.ownersBefore === undefined)
    rig.notes.push('accounts held, moved on join/leave: not measured (no replica held an account lease: this build does not share accounts yet)');
  if (rig.options.multiAccount && !(await rig.store.perAccountRuns()))
    rig.notes.push('unwatched gaps: check_runs has no account column; gaps are per store, not per account');
  if (rig.proxies.some((p) => p.opaqueConnections() > 0)) rig.notes.push('statement counts: some connections were not readable (TLS): counts are low');
}

function leaveAndJoin(m: Marks): Pick<FleetResult, 'movedOnLeave' | 'movedOnJoin'> {
  const before = m.kill.ownersBefore;
  if (before === undefined || m.afterLeave === undefined || m.afterJoin === undefined) return {};
  const leave = movedAccounts(before, m.afterLeave);
  const join = movedAccounts(m.afterLeave, m.afterJoin);
  const counts = spread(m.afterJoin);
  return {
    movedOnLeave: { moved: leave.length, fromOthers: leave.filter((a) => pidOf(before.get(a) ?? '') !== m.kill.pid).length },
    movedOnJoin: {
      moved: join.length,
      notToNew: join.filter((a) => pidOf(m.afterJoin?.get(a) ?? '') !== m.joinedPid).length,
      spread: [...counts.values()].sort((a, b) => b - a).join('/'),
    },
  };
}
