/**
 * Lets the event loop run between batches of a long step (an alert storm's ingest), so timers, the
 * HTTP server (`/metrics`, `/healthz`) and I/O are served while it works. SQLite calls are synchronous:
 * without this, a storm's thousands of statements would hold the loop for seconds.
 */

/**
 * Resolves on the next turn of the event loop, after pending I/O callbacks. The global `setImmediate`
 * (not `node:timers/promises`), so tests that fake timers fake this turn too.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
