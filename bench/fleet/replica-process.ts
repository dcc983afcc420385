/**
 * One `snowmon run` replica of the fleet bench as a real child process (the built CLI, not runDaemon in
 * the bench's process): its JSON log lines kept in memory and in a file, CPU/RSS samples from /proc,
 * SIGKILL or SIGTERM on demand.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sampleProcess, type ProcSample } from './proc-stats.js';

export interface LogLine {
  readonly at: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface TimedSample extends ProcSample {
  readonly at: number;
}

export class ReplicaProcess {
  readonly logs: LogLine[] = [];
  readonly samples: TimedSample[] = [];
  readonly #child: ChildProcess;
  readonly #file: WriteStream;
  readonly exited: Promise<number | null>;
  readonly startedAt = Date.now();
  killedAt: number | undefined;

  constructor(
    readonly name: string,
    mainJs: string,
    configFile: string,
    env: NodeJS.ProcessEnv,
    logFile: string,
  ) {
    this.#file = createWriteStream(logFile);
    this.#child = spawn(process.execPath, [mainJs, 'run', '--config', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.#file.write(`${line}\n`);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          const time = typeof parsed['time'] === 'number' ? parsed['time'] : Date.parse(String(parsed['time'] ?? ''));
          this.logs.push({ ...parsed, at: Number.isFinite(time) ? time : Date.now() });
        } catch {
          this.logs.push({ at: Date.now(), msg: line });
        }
      });
    }
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  alive(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  sample(): void {
    if (!this.alive()) return;
    const s = sampleProcess(this.pid);
    if (s !== undefined) this.samples.push({ ...s, at: Date.now() });
  }

  /** `kill -9`: no shutdown, no lease released. */
  kill9(): void {
    this.killedAt = Date.now();
    this.#child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.alive()) this.#child.kill('SIGTERM');
    await this.exited;
    await new Promise<void>((resolve) => this.#file.end(() => resolve()));
  }

  /** Log lines whose `msg` matches. */
  linesMatching(pattern: RegExp): LogLine[] {
    return this.logs.filter((l) => typeof l.msg === 'string' && pattern.test(l.msg));
  }
}

/** CPU share (1.0 = one core) and RSS between two instants, from the samples taken in between. */
export function usageBetween(samples: readonly TimedSample[], from: number, to: number): { cpu: number; rssAvg: number; rssMax: number } | undefined {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return undefined;
  const rss = inside.map((s) => s.rssBytes);
  return {
    cpu: (last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000),
    rssAvg: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMax: Math.max(...rss),
  };
}
