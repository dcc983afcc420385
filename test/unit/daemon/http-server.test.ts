import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { buildHttpApp, listen, type HealthReport, type RunningServer } from '../../../src/daemon/http-server.js';
import { createMetrics } from '../../../src/daemon/metrics.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(health: () => Promise<HealthReport>): Promise<string> {
  const metrics = createMetrics({ processMetrics: false });
  metrics.recordCheckRun('resource_monitors', 'ok', 0.2);
  running = await listen(buildHttpApp({ health, metrics: metrics.registry }), 0, '127.0.0.1');
  return `http://127.0.0.1:${running.port}`;
}

describe('buildHttpApp', () => {
  it('does answer /healthz with 200 when alive, even when not ready', async () => {
    const base = await start(async () => ({ ready: false, reason: 'store unreachable' }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
  });

  it('does answer /readyz with 200 when the health callback says ready', async () => {
    const base = await start(async () => ({ ready: true, details: { lastCycle: '2026-11-22T10:00:00.000Z' } }));
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', details: { lastCycle: '2026-11-22T10:00:00.000Z' } });
  });

  it('does answer /readyz with 503 and the reason when not ready or when the callback throws', async () => {
    let mode: 'stale' | 'throw' = 'stale';
    const base = await start(async () => {
      if (mode === 'throw') throw new Error('connect failed postgres://u:hunter2@db/x');
      return { ready: false, reason: 'last cycle 14 min ago' };
    });
    const stale = await fetch(`${base}/readyz`);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toEqual({ status: 'not ready', reason: 'last cycle 14 min ago' });
    mode = 'throw';
    const thrown = await fetch(`${base}/readyz`);
    expect(thrown.status).toBe(503);
    const body = await thrown.text();
    expect(body).toContain('health check failed');
    expect(body).not.toContain('hunter2');
  });

  it('does serve Prometheus text on /metrics and 404 on any other path', async () => {
    const base = await start(async () => ({ ready: true }));
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('snowmon_check_runs_total{check="resource_monitors",status="ok"} 1');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/extra`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('does close promptly with a keep-alive connection open and refuse new ones after', async () => {
    const base = await start(async () => ({ ready: true }));
    const port = running!.port;
    // A keep-alive request whose socket stays open after the response.
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { connection: 'keep-alive' }, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1); // the idle socket is still open
    await running!.close();
    running = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    agent.destroy();
  });
});
