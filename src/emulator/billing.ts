/**
 * The emulator's warehouse billing and resource-monitor engine: a statement resumes a suspended warehouse
 * (auto_resume), a resume bills at least 60 s, running time bills per second × size × clusters, a warehouse
 * auto-suspends after auto_suspend seconds without statements, and every charged credit goes to the
 * monitors covering the warehouse (its own and the account monitor), which suspend their warehouses at
 * their suspend threshold and reset at each new cycle. Time only moves when observed (lazily, from the
 * instants passed in); it mutates the live account model and does not write ACCOUNT_USAGE history.
 */
import type { Clock } from './clock.js';
import type { EmulatedAccount, ResourceMonitorState, WarehouseState } from './account-model.js';
import { cycleStart, nextCycleStart } from './scenarios/monitor-cycle.js';
import { creditsPerHour } from './warehouse-sizes.js';

const MINIMUM_MS = 60_000;
const DAY_MS = 86_400_000;

/** An open run of a warehouse: from its resume until it suspends. */
interface Run {
  readonly start: number;
  /** Credits have been charged up to this instant (the 60 s minimum is charged at resume). */
  chargedUntil: number;
  /** End of the latest statement. */
  lastActivity: number;
  /** Statements in flight; a warehouse with statements running never auto-suspends. */
  running: number;
}

interface Totals {
  resumes: number;
  billedMs: number;
  credits: number;
}

export type StartQueryResult = { ok: true; resumed: boolean } | { ok: false; code: string; sqlState: string; message: string };

const NO_WAREHOUSE = "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.";

export class Billing {
  readonly #account: EmulatedAccount;
  readonly #runs = new Map<string, Run>();
  readonly #totals = new Map<string, Totals>();
  /** Monitor name → start (ms) of the cycle its usedCredits belong to. */
  readonly #cycles = new Map<string, number>();
  /** UTC day (YYYY-MM-DD) → credits charged in it, every warehouse together. */
  readonly #daily = new Map<string, number>();

  constructor(account: EmulatedAccount, clock: Clock) {
    this.#account = account;
    const now = clock.now();
    for (const m of account.monitors.values()) {
      this.#cycles.set(m.name, cycleStart(m.frequency, m.startTime, now).getTime());
    }
    // warehouses already running when billing starts: their past is in the history, their future bills here
    for (const w of account.warehouses.values()) {
      if (w.state !== 'STARTED') continue;
      this.#runs.set(w.name, {
        start: w.resumedOn?.getTime() ?? now.getTime(),
        chargedUntil: now.getTime(),
        lastActivity: now.getTime(),
        running: w.running,
      });
    }
  }

  /**
   * Before a statement that needs a warehouse: resumes it (auto_resume) or refuses (no warehouse in the
   * session, unknown warehouse, suspended by a resource monitor, or suspended with auto_resume false).
   */
  startQuery(warehouse: string | null, at: Date): StartQueryResult {
    this.observe(at);
    if (warehouse === null || warehouse === '') {
      return { ok: false, code: '000606', sqlState: '57P03', message: NO_WAREHOUSE };
    }
    const w = this.#account.warehouses.get(warehouse.toUpperCase()) ?? this.#account.warehouses.get(warehouse);
    if (w === undefined) {
      return {
        ok: false,
        code: '000606',
        sqlState: '57P03',
        message: `Warehouse '${warehouse}' does not exist or not authorized. ${NO_WAREHOUSE}`,
      };
    }
    const blocking = w.suspendedByMonitor === null ? this.#blockingMonitor(w) : null;
    if (blocking !== null) this.#suspendCovered(blocking, at.getTime());
    if (w.suspendedByMonitor !== null) {
      return {
        ok: false,
        code: '000606',
        sqlState: '57P03',
        message: `Warehouse '${w.name}' cannot be resumed because resource monitor '${w.suspendedByMonitor}' has exceeded its quota.`,
      };
    }
    const run = this.#runs.get(w.name);
    if (run !== undefined) {
      run.running += 1;
      w.running += 1;
      return { ok: true, resumed: false };
    }
    if (!w.autoResume) {
      return {
        ok: false,
        code: '000606',
        sqlState: '57P03',
        message: `Warehouse '${w.name}' is suspended and AUTO_RESUME is FALSE; resume it with ALTER WAREHOUSE ${w.name} RESUME.`,
      };
    }
    const t = at.getTime();
    this.#runs.set(w.name, { start: t, chargedUntil: t + MINIMUM_MS, lastActivity: t, running: 1 });
    w.state = 'STARTED';
    w.resumedOn = new Date(t);
    w.running += 1;
    this.#totalsOf(w.name).resumes += 1;
    this.#charge(w, t, t + MINIMUM_MS);
    return { ok: true, resumed: true };
  }

  /**
   * After the statement ran for `durationMs`; `at` is when it ended (the clock after it ran), so the
   * warehouse's idle time, and its auto-suspend countdown, start at `at`.
   */
  endQuery(warehouse: string, at: Date, durationMs: number): void {
    const w = this.#account.warehouses.get(warehouse.toUpperCase()) ?? this.#account.warehouses.get(warehouse);
    if (w === undefined) return;
    w.running = Math.max(0, w.running - 1);
    const run = this.#runs.get(w.name);
    if (run === undefined) return;
    run.running = Math.max(0, run.running - 1);
    if (!Number.isFinite(durationMs) || durationMs < 0) throw new Error(`invalid statement duration ${durationMs}`);
    run.lastActivity = Math.max(run.lastActivity, at.getTime());
  }

  /**
   * Brings the model up to `at`: bills open runs, auto-suspends idle warehouses at the instant they would
   * have suspended, and starts new monitor cycles (resetting used credits and lifting their suspensions).
   * The server should call it before answering SHOW WAREHOUSES / SHOW RESOURCE MONITORS.
   */
  observe(at: Date): void {
    const t = at.getTime();
    // advance all open runs together, span by span, so concurrent warehouses fill a shared monitor together
    for (let guard = 0; guard < 100_000 && this.#step(t); guard += 1);
    for (const m of this.#account.monitors.values()) this.#rollCycle(m, t);
  }

  /**
   * Per-warehouse charges caused through this Billing so far. Runs that would have auto-suspended by `now`
   * are settled; a still-open run is charged as if left to auto-suspend (or up to `now` if it never does).
   */
  charges(now: Date): ReadonlyMap<string, { resumes: number; billedSeconds: number; credits: number }> {
    this.observe(now);
    const result = new Map<string, { resumes: number; billedSeconds: number; credits: number }>();
    for (const [name, totals] of this.#totals) {
      result.set(name, { resumes: totals.resumes, billedSeconds: totals.billedMs / 1000, credits: totals.credits });
    }
    for (const [name, run] of this.#runs) {
      const w = this.#account.warehouses.get(name);
      if (w === undefined) continue;
      const end = Math.max(this.#suspendInstant(w, run) ?? now.getTime(), run.chargedUntil);
      const extraMs = end - run.chargedUntil;
      const current = result.get(name) ?? { resumes: 0, billedSeconds: 0, credits: 0 };
      result.set(name, {
        resumes: current.resumes,
        billedSeconds: current.billedSeconds + extraMs / 1000,
        credits: current.credits + this.#creditsFor(w, extraMs),
      });
    }
    return result;
  }

  /**
   * Credits charged through this Billing so far, by UTC day (YYYY-MM-DD) they were burnt in, up to `now`:
   * the metering the account's own history does not have yet (the organization views add it).
   */
  dailyCredits(now: Date): ReadonlyMap<string, number> {
    this.observe(now);
    return new Map(this.#daily);
  }

  /** When an open run auto-suspends if nothing else happens, or null if it never does. */
  #suspendInstant(w: WarehouseState, run: Run): number | null {
    if (run.running > 0 || w.autoSuspend === null || w.autoSuspend <= 0) return null;
    return Math.max(run.start + MINIMUM_MS, run.lastActivity + w.autoSuspend * 1000);
  }

  /**
   * One span of the lockstep: from the earliest uncharged instant τ of any open run to the next event (another
   * run starts charging, a run auto-suspends, a monitor crosses its threshold or starts a cycle, or `t`).
   * Returns false when every open run is charged up to `t`.
   */
  #step(t: number): boolean {
    const open = [...this.#runs.entries()].flatMap(([name, run]) => {
      const w = this.#account.warehouses.get(name);
      return w === undefined ? [] : [{ w, run, suspendAt: this.#suspendInstant(w, run) }];
    });
    // a run whose auto-suspend instant is already charged for closes first
    for (const { w, run, suspendAt } of open) {
      if (suspendAt !== null && suspendAt <= run.chargedUntil && suspendAt <= t) {
        this.#close(w, run, suspendAt);
        return true;
      }
    }
    const pending = open.filter(({ run, suspendAt }) => run.chargedUntil < Math.min(t, suspendAt ?? Infinity));
    if (pending.length === 0) return false;
    const tau = Math.min(...pending.map(({ run }) => run.chargedUntil));
    const active = pending.filter(({ run }) => run.chargedUntil === tau);
    let next = t;
    for (const { run, suspendAt } of open) {
      if (run.chargedUntil > tau) next = Math.min(next, run.chargedUntil);
      if (suspendAt !== null && suspendAt > tau) next = Math.min(next, suspendAt);
    }
    let crossing: ResourceMonitorState | null = null;
    for (const m of this.#account.monitors.values()) {
      const covered = active.filter(({ w }) => this.#covering(w).includes(m));
      if (covered.length === 0) continue;
      this.#rollCycle(m, tau);
      next = Math.min(next, nextCycleStart(m.frequency, m.startTime, new Date(tau))?.getTime() ?? Infinity);
      const threshold = suspendThreshold(m);
      const perMs = covered.reduce((sum, { w }) => sum + this.#creditsFor(w, 1), 0);
      if (threshold === null || perMs <= 0) continue;
      const at = tau + Math.max(0, threshold - m.usedCredits) / perMs;
      if (at < next) {
        next = at;
        crossing = m;
      }
    }
    next = Math.max(next, tau + 1e-3); // always move forward
    for (const { w, run } of active) {
      if (!this.#runs.has(w.name)) continue;
      run.chargedUntil = next;
      this.#charge(w, tau, next);
    }
    // a monitor reached its suspend threshold: its warehouses stop here
    if (crossing !== null) this.#suspendCovered(crossing, next);
    return true;
  }

  /** Bills a run up to `at` and suspends the warehouse. */
  #close(w: WarehouseState, run: Run, at: number): void {
    this.#runs.delete(w.name);
    w.state = 'SUSPENDED';
    w.running = 0;
    if (at > run.chargedUntil) {
      const from = run.chargedUntil;
      run.chargedUntil = at;
      this.#charge(w, from, at);
    }
  }

  #creditsFor(w: WarehouseState, ms: number): number {
    return (ms / 3_600_000) * creditsPerHour(w.size) * Math.max(1, w.minClusterCount);
  }

  #totalsOf(name: string): Totals {
    let totals = this.#totals.get(name);
    if (totals === undefined) {
      totals = { resumes: 0, billedMs: 0, credits: 0 };
      this.#totals.set(name, totals);
    }
    return totals;
  }

  /** Charges [from, to) of warehouse `w` to its totals and to every monitor covering it. */
  #charge(w: WarehouseState, from: number, to: number): void {
    if (to <= from) return;
    const credits = this.#creditsFor(w, to - from);
    const totals = this.#totalsOf(w.name);
    totals.billedMs += to - from;
    totals.credits += credits;
    for (let cursor = from; cursor < to;) {
      const until = Math.min(to, (Math.floor(cursor / DAY_MS) + 1) * DAY_MS);
      const day = new Date(cursor).toISOString().slice(0, 10);
      this.#daily.set(day, (this.#daily.get(day) ?? 0) + (credits * (until - cursor)) / (to - from));
      cursor = until;
    }
    for (const m of this.#covering(w)) this.#chargeMonitor(m, from, to, credits);
  }

  #covering(w: WarehouseState): ResourceMonitorState[] {
    const monitors: ResourceMonitorState[] = [];
    for (const m of this.#account.monitors.values()) {
      if (m.level === 'ACCOUNT' || (m.level === 'WAREHOUSE' && m.name === w.resourceMonitor)) monitors.push(m);
    }
    return monitors;
  }

  /** Adds credits spread over [from, to) to a monitor, starting new cycles at their boundaries. */
  #chargeMonitor(m: ResourceMonitorState, from: number, to: number, credits: number): void {
    let cursor = from;
    this.#rollCycle(m, cursor);
    while (cursor < to) {
      const next = nextCycleStart(m.frequency, m.startTime, new Date(cursor))?.getTime() ?? Infinity;
      const until = Math.min(next, to);
      const portion = (credits * (until - cursor)) / (to - from);
      const threshold = suspendThreshold(m);
      const before = m.usedCredits;
      m.usedCredits += portion;
      if (threshold !== null && before < threshold && m.usedCredits >= threshold && portion > 0) {
        // the instant the threshold was crossed, for suspending the monitor's other warehouses
        this.#suspendCovered(m, cursor + ((threshold - before) / portion) * (until - cursor));
      }
      cursor = until;
      if (cursor < to) this.#rollCycle(m, cursor);
    }
  }

  /** Starts a new cycle if `t` is past the recorded one: used credits to 0, its suspensions lifted. */
  #rollCycle(m: ResourceMonitorState, t: number): void {
    const start = cycleStart(m.frequency, m.startTime, new Date(t)).getTime();
    const recorded = this.#cycles.get(m.name) ?? -Infinity;
    if (start <= recorded) return;
    this.#cycles.set(m.name, start);
    m.usedCredits = 0;
    for (const w of this.#account.warehouses.values()) {
      if (w.suspendedByMonitor === m.name) w.suspendedByMonitor = null;
    }
  }

  /** Suspends every warehouse the monitor covers (those not already suspended by a monitor) at `at`. */
  #suspendCovered(m: ResourceMonitorState, at: number): void {
    for (const w of this.#account.warehouses.values()) {
      const covered = m.level === 'ACCOUNT' || (m.level === 'WAREHOUSE' && w.resourceMonitor === m.name);
      if (!covered) continue;
      w.suspendedByMonitor ??= m.name;
      const run = this.#runs.get(w.name);
      if (run !== undefined) this.#close(w, run, Math.max(at, run.chargedUntil));
      else w.state = 'SUSPENDED';
    }
  }

  /** A covering monitor at or over its suspend threshold, if any (it blocks a resume). */
  #blockingMonitor(w: WarehouseState): ResourceMonitorState | null {
    for (const m of this.#covering(w)) {
      const threshold = suspendThreshold(m);
      if (threshold !== null && m.usedCredits >= threshold) return m;
    }
    return null;
  }
}

/** Credits at which a monitor suspends (its lower SUSPEND / SUSPEND_IMMEDIATE trigger), or null. */
function suspendThreshold(m: ResourceMonitorState): number | null {
  if (m.creditQuota === null || m.level === null) return null;
  const triggers = [m.suspendAt, m.suspendImmediatelyAt].filter((p): p is number => p !== null);
  if (triggers.length === 0) return null;
  return (m.creditQuota * Math.min(...triggers)) / 100;
}
