/**
 * The heartbeat (dead-man's switch) from `daemon.heartbeat_url`: a local HTTP server on 127.0.0.1 gets one
 * GET after each free-loop cycle that reached Snowflake and was stored, none while Snowflake is away, and
 * the URL (a credential) never appears in the logs.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './run-harness.js';

const VAR = 'SNOWMON_TEST_HEARTBEAT_URL';
let h: Harness;
let server: Server;
const pings: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    pings.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env[VAR] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/secret-uuid-canary`;
  h = await startHarness({ daemonLines: [`  heartbeat_url: \${${VAR}}`] });
}, 120_000);

afterAll(async () => {
  await h?.close();
  delete process.env[VAR];
  await new Promise((resolve) => server?.close(resolve));
});

describe('snowmon run heartbeat', () => {
  it('does ping after each good free-loop cycle and not while Snowflake is away', async () => {
    await h.daemon.runFreeCycle(h.clock.now());
    expect(pings).toEqual(['GET /ping/secret-uuid-canary']);
    h.emulator.faults.setOutage('refuse');
    try {
      h.clock.advance(60_000);
      const down = await h.daemon.runFreeCycle(h.clock.now());
      expect(down?.sessionError).toBeDefined();
    } finally {
      h.emulator.faults.setOutage('off');
    }
    expect(pings).toHaveLength(1);
    h.clock.advance(60_000);
    await h.daemon.runFreeCycle(h.clock.now());
    expect(pings).toHaveLength(2);
    expect(JSON.stringify(h.logs)).not.toContain('secret-uuid-canary');
  }, 60_000);
});
