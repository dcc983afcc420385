/**
 * A TCP proxy in front of Postgres that counts the statements a client sends, by reading the frontend
 * side of the wire protocol (v3): a simple `Query` ('Q') or an extended-protocol `Execute` ('E') is one
 * statement; BEGIN and COMMIT count as statements too. The fleet bench gives each replica its own proxy,
 * so it knows each replica's statements without pg_stat_statements (which this Postgres cannot load
 * without a restart). The startup packet, SSLRequest and GSSENCRequest carry no type byte and are skipped;
 * with TLS negotiated the stream is opaque, so the bench connects without it (plain 127.0.0.1).
 */

import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const MAX_STARTUP = 10_000;

/** Counts frontend messages in a byte stream fed in arbitrary chunks. */
export class FrontendMessageCounter {
  #buffer: Buffer = Buffer.alloc(0);
  #startup = true;
  statements = 0;
  /** Set when the stream is no longer readable as plain v3 messages (TLS). */
  opaque = false;

  feed(chunk: Buffer): void {
    if (this.opaque) return;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#startup) {
        if (this.#buffer.length < 8) return;
        const length = this.#buffer.readInt32BE(0);
        // A startup packet is small; anything else here is TLS (a ClientHello after the server said 'S').
        if (length < 8 || length > MAX_STARTUP) {
          this.opaque = true;
          return;
        }
        if (this.#buffer.length < length) return;
        const code = this.#buffer.readInt32BE(4);
        this.#buffer = this.#buffer.subarray(length);
        // After SSLRequest/GSSENCRequest the server answers one byte and the client sends its startup next.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.#startup = false;
        continue;
      }
      if (this.#buffer.length < 5) return;
      const type = String.fromCharCode(this.#buffer[0] as number);
      const length = this.#buffer.readInt32BE(1);
      if (length < 4) {
        this.opaque = true;
        return;
      }
      if (this.#buffer.length < 1 + length) return;
      if (type === 'Q' || type === 'E') this.statements++;
      this.#buffer = this.#buffer.subarray(1 + length);
    }
  }
}

export interface StatementProxy {
  readonly port: number;
  /** Statements sent through this proxy so far (every connection). */
  statements(): number;
  /** Connections whose stream could not be read (TLS): their statements are missing from the count. */
  opaqueConnections(): number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (free port) and forwards each connection to `target`. */
export async function startStatementProxy(target: { host: string; port: number }): Promise<StatementProxy> {
  const counters: FrontendMessageCounter[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const counter = new FrontendMessageCounter();
    counters.push(counter);
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => counter.feed(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    statements: () => counters.reduce((sum, c) => sum + c.statements, 0),
    opaqueConnections: () => counters.filter((c) => c.opaque).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
