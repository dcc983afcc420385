/**
 * Wires process signals to a running daemon: SIGTERM and SIGINT stop it (a second one while stopping is
 * logged and ignored: the grace period bounds the stop), SIGHUP reloads config and routing. It never calls
 * process.exit; the caller returns the exit code when `stopped` resolves.
 */

import type { Logger } from './logger.js';
import type { DaemonHandle } from './daemon-handle.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface SignalWiring {
  /** Resolves when a stop signal's stop has finished. */
  readonly stopped: Promise<void>;
  /** Removes the listeners. */
  dispose(): void;
}

export function handleSignals(daemon: Pick<DaemonHandle, 'stop' | 'reload'>, logger: Logger, source: SignalSource = process): SignalWiring {
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping = false;
  const onStop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'already stopping; waiting for work in flight (bounded by daemon.shutdown_grace)');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stop signal received');
    daemon.stop(signal).then(resolveStopped, (error: unknown) => {
      logger.error({ err: error }, 'stop failed');
      resolveStopped();
    });
  };
  const onHup = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'reloading config');
    void daemon.reload();
  };
  source.on('SIGTERM', onStop);
  source.on('SIGINT', onStop);
  source.on('SIGHUP', onHup);
  return {
    stopped,
    dispose() {
      source.off('SIGTERM', onStop);
      source.off('SIGINT', onStop);
      source.off('SIGHUP', onHup);
    },
  };
}
