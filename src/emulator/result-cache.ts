/**
 * The emulator's memory of recent statements for `/queries/{id}/result` and `/monitoring/queries/{id}`:
 * a bounded LRU keyed by query id, so a long soak does not grow without limit. Not persistent.
 */

export interface CachedQuery {
  status: 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR';
  errorMessage: string | null;
  sqlState: string | null;
  /** The response body the query-request got (or will get). */
  readonly response: Promise<Record<string, unknown>>;
  /** For `asyncExec`: the immediate 333334 answer the query-request got instead. */
  asyncResponse?: Record<string, unknown>;
}

export class ResultCache {
  readonly #entries = new Map<string, CachedQuery>();

  constructor(private readonly capacity: number) {
    if (!(capacity > 0)) throw new Error(`invalid capacity ${capacity}`);
  }

  set(queryId: string, entry: CachedQuery): void {
    this.#entries.delete(queryId);
    this.#entries.set(queryId, entry);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  get(queryId: string): CachedQuery | undefined {
    const entry = this.#entries.get(queryId);
    if (entry !== undefined) {
      this.#entries.delete(queryId);
      this.#entries.set(queryId, entry);
    }
    return entry;
  }

  get size(): number {
    return this.#entries.size;
  }
}
