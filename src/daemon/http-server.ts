/**
 * The daemon's HTTP surface: `GET /healthz` (the process is alive), `GET /readyz` (the store answers and
 * the last cycle is recent, as the injected `health` callback reports), `GET /metrics` (Prometheus text).
 * With the dashboard enabled its pages answer too, and `/metrics` may ask for its credentials. The handler
 * is built apart from `listen`, so tests run it in-process on port 0.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { scrubSecrets } from '../config/scrub-secrets.js';
import type { DashboardApp } from '../dashboard/dashboard-app.js';

/** What `/readyz` reports; `ready` false gives 503 with `reason`. */
export interface HealthReport {
  readonly ready: boolean;
  /** Why not ready, e.g. `store unreachable` or `last cycle 14 min ago`; secret-free. */
  readonly reason?: string;
  /** Extra facts shown in the body (last cycle time, leader...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface HttpAppOptions {
  readonly health: () => Promise<HealthReport>;
  readonly metrics: Registry;
  /** The web dashboard (src/dashboard), which claims its own paths and may guard /metrics. */
  readonly dashboard?: DashboardApp;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request handler for the three endpoints. */
export function buildHttpApp(options: HttpAppOptions): RequestHandler {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const known = path === '/healthz' || path === '/readyz' || path === '/metrics';
    if (!known && options.dashboard !== undefined && (await options.dashboard.handle(req, res))) return;
    if (!known) return sendJson(res, 404, { error: 'not found' });
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'alive' });
    if (path === '/readyz') {
      let report: HealthReport;
      try {
        report = await options.health();
      } catch (error) {
        report = { ready: false, reason: `health check failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}` };
      }
      return sendJson(res, report.ready ? 200 : 503, {
        status: report.ready ? 'ready' : 'not ready',
        ...(report.reason !== undefined ? { reason: report.reason } : {}),
        ...(report.details !== undefined ? { details: report.details } : {}),
      });
    }
    if (options.dashboard !== undefined && !(await options.dashboard.allowMetrics(req, res))) return;
    const text = await options.metrics.metrics();
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(text);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: scrubSecrets(error instanceof Error ? error.message : String(error)) });
      else res.destroy();
    });
  };
}

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly server: Server;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Stops accepting, drops keep-alive and open connections, resolves when closed. */
  close(): Promise<void>;
}

/** Starts serving `handler` on `host:port` (port 0 picks a free one). */
export function listen(handler: RequestHandler, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
