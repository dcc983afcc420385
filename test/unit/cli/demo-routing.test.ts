/**
 * The demo's routing table is the shipped config/routing.yaml with console receivers: the same receiver
 * names, routes (matchers, notify, group_by, timers, deliver_during, escalation) and inhibit rules, loaded
 * by the real loader; only the receivers' types change, and `response: immediate`, which needs a pager,
 * becomes 5 minutes where no receiver of the route pages any more.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoRoutingText, routingWithReceivers, shippedRoutingText } from '../../../src/cli/demo-routing.js';
import { defaultConfig } from '../../../src/cli/default-config.js';
import { loadRouting, loadRoutingOffline } from '../../../src/router/load-routing.js';
import type { ResponseSpec, Route, RoutingConfig } from '../../../src/router/routing-config.js';

const dir = mkdtempSync(join(tmpdir(), 'snowmon-demo-routing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(text: string, env: Readonly<Record<string, string>> = {}): Promise<RoutingConfig> {
  const file = join(dir, `routing-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadRouting(file, env);
}

describe('the demo routing table', () => {
  it('does keep every shipped route and inhibit rule, with console receivers under the shipped names', async () => {
    const demo = await load(await demoRoutingText());
    const { routing: shipped } = await loadRoutingOffline(defaultConfig({}).routing.file, {});
    expect(Object.keys(demo.receivers).sort()).toEqual(Object.keys(shipped.receivers).sort());
    expect(Object.values(demo.receivers).map((r) => r.type)).toEqual(Object.values(shipped.receivers).map(() => 'console'));
    expect(demo.receivers['email-lead']?.sendResolved).toBe(false);
    // Lines move (the demo's table starts with a comment); immediate becomes 5 minutes.
    const shape = (routes: readonly Route[], immediate: ResponseSpec | undefined): unknown[] =>
      routes.map(({ line: _line, children, ...route }) => ({
        ...route,
        response: route.response?.kind === 'immediate' ? immediate : route.response,
        ...(children ? { children: shape(children, immediate) } : {}),
      }));
    expect(shape(demo.routes, undefined)).toEqual(shape(shipped.routes, { kind: 'within', withinMs: 300_000 }));
    expect(demo.inhibitRules).toEqual(shipped.inhibitRules);
    expect(demo.routes.some((route) => route.name === 'dbt-owner-finance')).toBe(true);
  });

  it('does keep response: immediate where a receiver still pages, and replace only the receivers asked', async () => {
    const text = routingWithReceivers(await shippedRoutingText(), (name, body) => (name === 'pagerduty-data' ? body : { type: 'console' }));
    expect(text).toContain('# the dbt owner / channel examples');
    const routing = await load(text, { PD_ROUTING_KEY: 'R0123456789ABCDEF0123456789ABCDE' });
    expect(routing.routes.find((route) => route.name === 'cost-100-suspend')?.response).toEqual({ kind: 'immediate' });
    expect(routing.receivers['pagerduty-data']?.type).toBe('pagerduty');
    expect(routing.receivers['slack-data-ops']?.type).toBe('console');
  });
});
