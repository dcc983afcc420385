/**
 * The fleet bench's arithmetic, pure: how long each account went unwatched around an instant (a replica
 * killed -9), from the start times of its free-loop check runs, and how many accounts changed owner
 * between two snapshots of the lease table.
 */

/** One free-loop run of one account (ms since the epoch). */
export interface AccountRun {
  readonly account: string;
  readonly at: number;
}

export interface UnwatchedGap {
  readonly account: string;
  /** The last run before the gap (ms). */
  readonly from: number;
  /** The first run after it, or `end` when none came before the bench stopped looking (then `open`). */
  readonly to: number;
  readonly ms: number;
  /** No run came after `from` before `end`: the gap was still going, `ms` is a floor. */
  readonly open: boolean;
}

/**
 * For each account in `accounts`, the interval between consecutive runs that contains `instant` (the
 * account's last run at or before it, to its first run after it); an account with no run at or before
 * `instant` has no gap to report there. `end` closes a gap no run ended. Longest first.
 */
export function gapsAround(runs: readonly AccountRun[], accounts: Iterable<string>, instant: number, end: number): UnwatchedGap[] {
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const run of runs) {
    if (run.at <= instant) {
      if (run.at > (before.get(run.account) ?? -Infinity)) before.set(run.account, run.at);
    } else if (run.at <= end && run.at < (after.get(run.account) ?? Infinity)) {
      after.set(run.account, run.at);
    }
  }
  const gaps: UnwatchedGap[] = [];
  for (const account of new Set(accounts)) {
    const from = before.get(account);
    if (from === undefined) continue;
    const next = after.get(account);
    const to = next ?? end;
    gaps.push({ account, from, to, ms: to - from, open: next === undefined });
  }
  return gaps.sort((a, b) => b.ms - a.ms || a.account.localeCompare(b.account));
}

/**
 * The longest interval between consecutive runs of any one account that ends within [from, to] (steady
 * state); the run before it may come before `from`, so a window of one cycle still has an interval per account.
 */
export function longestInterval(runs: readonly AccountRun[], from: number, to: number): number {
  const byAccount = new Map<string, number[]>();
  for (const run of runs) {
    if (run.at > to) continue;
    const list = byAccount.get(run.account) ?? [];
    list.push(run.at);
    byAccount.set(run.account, list);
  }
  let longest = 0;
  for (const list of byAccount.values()) {
    list.sort((a, b) => a - b);
    for (let i = 1; i < list.length; i++) if ((list[i] as number) >= from) longest = Math.max(longest, (list[i] as number) - (list[i - 1] as number));
  }
  return longest;
}

/** Accounts whose owner differs between two snapshots (account -> owner); an account absent from one counts as moved. */
export function movedAccounts(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const moved: string[] = [];
  for (const account of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(account) !== after.get(account)) moved.push(account);
  }
  return moved.sort();
}

/** How many accounts each owner holds. */
export function spread(owners: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const owner of owners.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return counts;
}
