/**
 * The timeline `snowmon demo` prints while its daemon runs: "<emulated time>  <event>" lines, and what the
 * daemon did read back from its own JSON log (each notification sent, with its receiver and the headline
 * the console receiver printed; monitor_health firing and resolving). Repeats of unchanged alerts (every
 * 4 h in the shipped table) are counted, not printed, so the story stays readable.
 */

import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../daemon/logger.js';
import type { TextSink } from '../notifiers/console.js';

interface LogLine {
  readonly msg?: string;
  readonly receiver?: string;
  readonly kind?: string;
  readonly check?: string;
  readonly to?: string;
}

export interface TimelineCounts {
  notifications: number;
  repeats: number;
  monitorHealthFired: boolean;
  monitorHealthResolved: boolean;
}

const stamp = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');

export class DemoTimeline {
  readonly counts: TimelineCounts = { notifications: 0, repeats: 0, monitorHealthFired: false, monitorHealthResolved: false };
  /** The daemon's logger: JSON lines kept here, not printed. */
  readonly logger: Logger;
  /** Where the console receivers print. */
  readonly console: TextSink;
  readonly #write: (text: string) => void;
  readonly #logs: LogLine[] = [];
  readonly #printed: string[] = [];

  constructor(write: (text: string) => void) {
    this.#write = write;
    const logs = this.#logs;
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          try {
            logs.push(JSON.parse(line) as LogLine);
          } catch {
            /* not a log line */
          }
        }
        done();
      },
    });
    this.logger = createLogger({ level: 'info', destination });
    this.console = { write: (text: string) => this.#printed.push(text) };
  }

  /** One event at `at`. */
  line(at: Date, text: string): void {
    this.#write(`${stamp(at).padEnd(17)}  ${text}\n`);
  }

  /** The events the daemon logged since the last call, as lines at `at`. */
  flush(at: Date): void {
    const printed = this.#printed.splice(0);
    for (const entry of this.#logs.splice(0)) {
      if (entry.msg === 'alert transition' && entry.check === 'snowmon_health') {
        const fired = entry.to === 'firing';
        if (fired) this.counts.monitorHealthFired = true;
        if (entry.to === 'resolved') this.counts.monitorHealthResolved = true;
        if (fired || entry.to === 'resolved')
          this.line(at, fired ? "monitor_health firing: snowmon's own alert about a failing check" : 'monitor_health resolved: the check runs again');
      } else if (entry.msg === 'notification sent' && entry.receiver !== undefined) {
        this.counts.notifications += 1;
        const index = printed.findIndex((t) => t.startsWith(`── ${entry.receiver} ·`));
        const text = index < 0 ? '' : (printed.splice(index, 1)[0] as string);
        if (entry.kind === 'repeat') {
          this.counts.repeats += 1;
          continue;
        }
        const headline = headlineOf(text);
        this.line(at, `sent ${entry.kind ?? 'notification'} to ${entry.receiver}${headline ? `: ${headline}` : ''}`);
      }
    }
  }
}

/** The first meaningful line of a console notification (after its receiver header). */
function headlineOf(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('──'));
  return lines[0] ?? '';
}
