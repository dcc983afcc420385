/**
 * CPU time and resident memory of a process from Linux's /proc (the fleet bench samples each replica
 * this way, from outside, so the figures include everything the process does). Not portable: Linux only.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcSample {
  /** User + system CPU seconds since the process started. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Reads `/proc/PID/stat` text: utime and stime are fields 14 and 15, counted after the command name,
 * which sits in parentheses and may itself hold spaces or parentheses (so split after the last `)`).
 */
export function cpuTicksFromStat(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14, stime field 15.
  return Number(rest[11]) + Number(rest[12]);
}

/** VmRSS from `/proc/PID/status` text, in bytes. */
export function rssFromStatus(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** The process's CPU and RSS now; undefined once it is gone. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { cpuSeconds: cpuTicksFromStat(stat) / clockTicks(), rssBytes: rssFromStatus(status) };
  } catch {
    return undefined;
  }
}
