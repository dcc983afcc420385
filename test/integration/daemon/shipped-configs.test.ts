/**
 * Every shipped config and manifest, applied for real: config/snowmon.example.yaml with config/routing.yaml,
 * and deploy/kubernetes.yaml (its ConfigMap, its Deployment's mounts, env and args, and the Secrets its header
 * tells the user to create with kubectl). Each passes `snowmon check-config`, then `snowmon run` starts as a
 * real child process against the emulator (key-pair login), finishes a free cycle, answers /healthz and
 * /readyz, and exits 0 on SIGTERM. The only edits: absolute paths land in temp folders (the mounts), the
 * receivers' endpoints point at local fakes, the HTTP port is an ephemeral one, and the account URL is the
 * emulator's (SNOWFLAKE_HOST, _PORT, _PROTOCOL). deploy/kubernetes-fleet.yaml is checked the same way, and with
 * DATABASE_URL set its three replicas start as processes on a Postgres database of their own, against one
 * emulator serving its accounts, until each is ready (how they share the accounts is tested with the leases);
 * its entries of accounts: never read those variables, so its ConfigMap's snowflake: section gets the
 * emulator's host, port and protocol instead, as a user would edit it.
 */

import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseAllDocuments, parseDocument } from 'yaml';
import { run as checkConfig } from '../../../src/cli/check-config.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { FakePagerDuty } from '../../fakes/fake-pagerduty.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSmtp } from '../../fakes/fake-smtp.js';
import { makeTestCertificate } from '../../fakes/test-certificate.js';
import { compileForChild } from '../../support/compile-for-child.js';
import { postgresUrl } from '../../support/postgres-url.js';
import { T0 } from './run-harness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const PASSPHRASE = 'canary-key-passphrase';
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
});

/** What a user would put in each Secret key the docs name: the key pair, and the receivers' settings. */
const SECRET_VALUES: Readonly<Record<string, string>> = {
  'snowmon_rsa_key.p8': keys.privateKey,
  'snowmon_rsa_key.pass': `${PASSPHRASE}\n`,
  SLACK_BOT_TOKEN: 'xoxb-canary-slack-token',
  PD_ROUTING_KEY: 'Rcanary0123456789ABCDEF01234567',
  DATA_LEAD_EMAIL: 'lead@example.test',
  SNOWMON_EMAIL_FROM: 'snowmon@example.test',
  SMTP_HOST: '127.0.0.1',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'canary-smtp-password',
};
const CANARIES = [PASSPHRASE, 'canary-slack-token', 'Rcanary0123', 'canary-smtp-password'];

let emulator: RunningEmulator;
let slack: FakeSlack;
let pagerduty: FakePagerDuty;
let smtp: FakeSmtp;
let folder: string;
let caFile: string;
let main: string;

beforeAll(async () => {
  main = compileForChild('src/cli/main.ts');
  emulator = await startEmulator({
    clock: new FrozenClock(T0),
    scenario: { seed: 7, days: 30, queryHistoryRows: 1000 },
    advanceClockWithQueries: false,
    users: [{ name: 'SNOWMON_SVC', rsaPublicKeyPem: keys.publicKey, defaultRole: 'SNOWMON_ROLE', defaultWarehouse: 'SNOWMON_WH' }],
  });
  const certificate = makeTestCertificate();
  slack = await new FakeSlack().start();
  pagerduty = await new FakePagerDuty(certificate).start();
  smtp = await new FakeSmtp().start();
  folder = mkdtempSync(join(tmpdir(), 'snowmon-shipped-'));
  caFile = join(folder, 'fake-pagerduty-ca.pem');
  writeFileSync(caFile, certificate.cert);
}, 180_000);

afterAll(async () => {
  await Promise.all([emulator?.stop(), slack?.stop(), pagerduty?.stop(), smtp?.stop()]);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The routing table as shipped, with only its receivers' endpoints moved to the local fakes. */
function receiversOnFakes(text: string): string {
  const doc = parseDocument(text);
  const receivers = doc.toJS().receivers as Record<string, { type: string }>;
  for (const [name, receiver] of Object.entries(receivers)) {
    if (receiver.type === 'slack') doc.setIn(['receivers', name, 'api_url'], slack.apiUrl);
    if (receiver.type === 'pagerduty') doc.setIn(['receivers', name, 'server'], pagerduty.server);
    if (receiver.type === 'email') doc.setIn(['receivers', name, 'smtp', 'port'], smtp.port);
  }
  return doc.toString();
}

/** The environment a container starts with: nothing from this machine but PATH, a clean HOME, and the fakes' CA. */
function baseEnv(home: string, emu: RunningEmulator = emulator): Record<string, string> {
  mkdirSync(home, { recursive: true });
  const url = new URL(emu.url);
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    NODE_EXTRA_CA_CERTS: caFile,
    SNOWFLAKE_HOST: url.hostname,
    SNOWFLAKE_PORT: url.port,
    SNOWFLAKE_PROTOCOL: url.protocol.replace(':', ''),
  };
}

async function checkConfigOk(env: Record<string, string>, file: string): Promise<void> {
  const out: string[] = [];
  const code = await checkConfig(['--config', file], {
    env,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => out.push(t) },
    home: env.HOME,
  });
  expect(code, out.join('')).toBe(0);
  expect(out.join('')).not.toMatch(new RegExp(CANARIES.join('|')));
}

/** A `snowmon run` child process, served and ready. */
interface StartedDaemon {
  readonly port: number;
  readonly text: () => string;
  get(path: string): Promise<{ status: number; body: string }>;
  /** Polls `test` every 100 ms until true; throws if the process exits first. */
  until(what: string, test: () => Promise<boolean> | boolean): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill(): void;
}

/** Spawns `snowmon <args>` and waits until it serves (its "snowmon daemon ready" log line). */
async function startDaemon(args: readonly string[], cwd: string, env: Record<string, string>): Promise<StartedDaemon> {
  const output: string[] = [];
  const child = spawn(process.execPath, [main, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const text = () => output.join('');
  const until = async (what: string, test: () => Promise<boolean> | boolean): Promise<void> => {
    while (!(await test())) {
      if (child.exitCode !== null) throw new Error(`snowmon exited (${child.exitCode}) before ${what}:\n${text().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let port = 0;
  try {
    await until('it was ready', () => {
      const line = text()
        .split('\n')
        .find((l) => l.includes('"msg":"snowmon daemon ready"'));
      port = line ? (JSON.parse(line) as { http: number }).http : 0;
      return port > 0;
    });
  } catch (error) {
    kill();
    throw error;
  }
  const get = (path: string) =>
    fetch(`http://127.0.0.1:${port}${path}`).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      () => ({ status: 0, body: '' }),
    );
  const stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { port, text, get, until, stop, kill };
}

/**
 * Spawns `snowmon <args>` and waits for it to serve, finish a free cycle that logged in to the emulator,
 * and be ready; then SIGTERM, which must end it with exit 0. Returns its output for more checks.
 */
async function runUntilReadyThenStop(args: readonly string[], cwd: string, env: Record<string, string>): Promise<string> {
  const daemon = await startDaemon(args, cwd, env);
  try {
    expect((await daemon.get('/healthz')).status).toBe(200);
    // The first free cycle logged in with the mounted key pair and ran its SHOW check.
    await daemon.until('a free cycle ran', async () =>
      /snowmon_check_runs_total\{account="[^"]+",check="resource_monitors",status="ok"\} [1-9]/.test((await daemon.get('/metrics')).body),
    );
    await daemon.until('/readyz answered 200', async () => (await daemon.get('/readyz')).status === 200);
    expect(await daemon.stop(), daemon.text().slice(-3000)).toBe(0);
    expect(daemon.text()).toContain('"msg":"stopped"');
    expect(daemon.text()).not.toMatch(new RegExp(CANARIES.join('|')));
    return daemon.text();
  } finally {
    daemon.kill();
  }
}

describe('config/snowmon.example.yaml with config/routing.yaml', () => {
  it('does pass check-config and run until ready, then exit 0 on SIGTERM', async () => {
    const dir = join(folder, 'example');
    const secrets = join(dir, 'run-secrets');
    mkdirSync(secrets, { recursive: true });
    // /run/secrets/ is where the example reads the key pair from: here, a temp folder.
    for (const key of ['snowmon_rsa_key.p8', 'snowmon_rsa_key.pass']) writeFileSync(join(secrets, key), SECRET_VALUES[key] as string, { mode: 0o600 });
    const example = parseDocument(readFileSync(join(ROOT, 'config/snowmon.example.yaml'), 'utf8').replaceAll('/run/secrets/', `${secrets}/`));
    example.setIn(['daemon', 'http', 'port'], 0);
    example.setIn(['daemon', 'http', 'host'], '127.0.0.1');
    writeFileSync(join(dir, 'snowmon.yaml'), example.toString());
    writeFileSync(join(dir, 'routing.yaml'), receiversOnFakes(readFileSync(join(ROOT, 'config/routing.yaml'), 'utf8')));
    const { 'snowmon_rsa_key.p8': _key, 'snowmon_rsa_key.pass': _pass, ...receiverEnv } = SECRET_VALUES;
    const env = { ...baseEnv(join(dir, 'home')), ...receiverEnv };

    await checkConfigOk(env, join(dir, 'snowmon.yaml'));
    await runUntilReadyThenStop(['run', '--config', join(dir, 'snowmon.yaml')], dir, env);
  }, 120_000);
});

/** The part of a Kubernetes object this file reads: the pod spec of the Deployment, the data of a ConfigMap. */
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly data?: Record<string, string>;
  readonly spec?: { readonly template?: { readonly spec?: PodSpec } };
}

interface PodSpec {
  readonly containers: readonly Container[];
  readonly volumes: readonly Volume[];
  readonly terminationGracePeriodSeconds: number;
}

interface Container {
  readonly image: string;
  readonly args: readonly string[];
  readonly envFrom?: readonly { readonly secretRef: { readonly name: string } }[];
  readonly env?: readonly EnvVar[];
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string }[];
  readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
  readonly livenessProbe: { readonly httpGet: unknown };
  readonly readinessProbe: { readonly httpGet: unknown };
}

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}

interface Volume {
  readonly name: string;
  readonly configMap?: { readonly name: string };
  readonly secret?: { readonly secretName: string; readonly items?: readonly { readonly key: string; readonly path: string }[]; readonly defaultMode?: number };
  readonly persistentVolumeClaim?: unknown;
  readonly emptyDir?: unknown;
}

/** A manifest file as a cluster reads it: its objects, and the Deployment's pod and first container. */
interface LoadedManifest {
  readonly file: string;
  readonly text: string;
  readonly manifests: readonly Manifest[];
  readonly pod: PodSpec;
  readonly container: Container;
}

function loadManifest(file: string): LoadedManifest {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const manifests = parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`);
    return d.toJS() as Manifest;
  });
  const pod = manifests.find((m) => m.kind === 'Deployment')?.spec?.template?.spec;
  const container = pod?.containers[0];
  if (pod === undefined || container === undefined) throw new Error(`${file}: no Deployment with a container`);
  return { file, text, manifests, pod, container };
}

const single = loadManifest('deploy/kubernetes.yaml');
const { text: manifestText, manifests, pod, container } = single;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The `kubectl create secret generic NAME --from-file=KEY=... --from-literal=KEY=...` commands the header documents. */
function documentedSecrets(text: string = manifestText): Map<string, string[]> {
  const comments = text
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#\s?/, ''))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const secrets = new Map<string, string[]>();
  for (const [, name, flags] of comments.matchAll(/kubectl -n snowmon create secret generic (\S+)((?:\s+--from-(?:file|literal)=\S+)+)/g)) {
    secrets.set(
      name as string,
      [...(flags as string).matchAll(/--from-(?:file|literal)=([^=\s]+)=/g)].map((m) => m[1] as string),
    );
  }
  return secrets;
}

/**
 * Applies a manifest the way a cluster would: every mount becomes a temp folder under `dir` (an absolute
 * path under a mount resolves into it), ConfigMaps and the documented Secrets (`values`) are written into
 * their mounts, and the container's environment is built from its env and envFrom.
 */
function applyManifest(
  m: LoadedManifest,
  dir: string,
  values: Readonly<Record<string, string>>,
  emu: RunningEmulator = emulator,
): { env: Record<string, string>; mounts: Map<string, string> } {
  // Apply: every mount becomes a temp folder; an absolute path under a mount resolves into it.
  const mounts = new Map<string, string>();
  for (const mount of m.container.volumeMounts) mounts.set(mount.mountPath, join(dir, 'mounts', mount.name));
  const prefixes = [...mounts.keys()].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${prefixes.join('|')})(?=/|$|\\s|")`, 'gm');
  const inMounts = (text: string) => text.replace(pattern, (path) => mounts.get(path) as string);

  const created = documentedSecrets(m.text);
  const secretData = (name: string): Record<string, string> => {
    const keys = created.get(name);
    if (!keys) throw new Error(`the Deployment uses Secret ${name}, which no documented kubectl command creates`);
    return Object.fromEntries(
      keys.map((key) => {
        if (values[key] === undefined) throw new Error(`no test value for documented secret key ${key}`);
        return [key, values[key]];
      }),
    );
  };
  for (const mount of m.container.volumeMounts) {
    const target = mounts.get(mount.mountPath) as string;
    mkdirSync(target, { recursive: true });
    const volume = m.pod.volumes.find((v) => v.name === mount.name);
    if (volume === undefined) throw new Error(`volumeMount ${mount.name} names no volume`);
    const configMap = volume.configMap;
    if (configMap) {
      const map = m.manifests.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap.name);
      for (const [key, text] of Object.entries(map?.data ?? {})) {
        writeFileSync(join(target, key), key.endsWith('routing.yaml') ? receiversOnFakes(inMounts(text)) : inMounts(text));
      }
    } else if (volume.secret) {
      const data = secretData(volume.secret.secretName);
      for (const item of volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }))) {
        if (data[item.key] === undefined) throw new Error(`Secret ${volume.secret.secretName} has no key ${item.key}`);
        writeFileSync(join(target, item.path), data[item.key] as string, { mode: volume.secret.defaultMode ?? 0o644 });
      }
    } else {
      expect(volume.persistentVolumeClaim ?? volume.emptyDir, mount.name).toBeDefined();
    }
  }
  const env: Record<string, string> = baseEnv(join(dir, 'home'), emu);
  for (const from of m.container.envFrom ?? []) Object.assign(env, secretData(from.secretRef.name));
  for (const variable of m.container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = inMounts(variable.value);
    else {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref === undefined) throw new Error(`env ${variable.name} has neither value nor secretKeyRef`);
      const value = secretData(ref.name)[ref.key];
      if (value === undefined) throw new Error(`Secret ${ref.name} has no key ${ref.key} (env ${variable.name})`);
      env[variable.name] = value;
    }
  }
  return { env, mounts };
}

/**
 * Points a pod's accounts at `emu` the way a fleet config must: snowflake.host / port / protocol in its
 * snowmon.yaml (SNOWMON_CONFIG), since entries of accounts: ignore SNOWFLAKE_HOST / _PORT / _PROTOCOL
 * (dropped from `env`, so nothing reaches the emulator through them).
 */
function fleetOnEmulator(env: Record<string, string>, emu: RunningEmulator): void {
  const url = new URL(emu.url);
  for (const name of ['SNOWFLAKE_HOST', 'SNOWFLAKE_PORT', 'SNOWFLAKE_PROTOCOL']) delete env[name];
  const file = env.SNOWMON_CONFIG as string;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['snowflake', 'host'], url.hostname);
  doc.setIn(['snowflake', 'port'], Number(url.port));
  doc.setIn(['snowflake', 'protocol'], url.protocol.replace(':', ''));
  writeFileSync(file, doc.toString());
}

/** A manifest holds no Secret; its header documents a kubectl command for each Secret its Deployment uses, and so does the README. */
function expectSecretsDocumented(m: LoadedManifest): void {
  expect(m.manifests.map((o) => o.kind)).not.toContain('Secret');
  const secrets = documentedSecrets(m.text);
  const used = new Set<string>([
    ...m.pod.volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : [])),
    ...(m.container.envFrom ?? []).map((e) => e.secretRef.name),
    ...(m.container.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
  ]);
  expect([...secrets.keys()].sort()).toEqual([...used].sort());
  for (const [name, keys] of secrets) {
    expect(readme).toContain(`create secret generic ${name}`);
    for (const key of keys) expect(readme, `${name} ${key}`).toMatch(new RegExp(`--from-(file|literal)=${key.replaceAll('.', '\\.')}=`));
  }
}

describe('deploy/kubernetes.yaml', () => {
  it('does hold no Secret object, and documents the kubectl commands creating the ones it uses, here and in the README', () => {
    expectSecretsDocumented(single);
  });

  it('does name an image the user builds and pushes, with the commands in the README', () => {
    expect(container.image).toBe('REGISTRY/snowmon:TAG');
    for (const command of ['docker build -t "$IMAGE" .', 'docker push "$IMAGE"', 's#REGISTRY/snowmon:TAG#$IMAGE#']) {
      expect(manifestText).toContain(command);
      expect(readme).toContain(command);
    }
  });

  it('does embed a routing table that validates, catch-all included', async () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'snowmon-config');
    const file = join(folder, 'configmap-routing.yaml');
    writeFileSync(file, config?.data?.['routing.yaml'] ?? '');
    const error = await loadRouting(file, SECRET_VALUES).then(
      () => undefined,
      (e: unknown) => (e as Error).message,
    );
    expect(error).toBeUndefined();
  });

  it('does embed the shipped routing table verbatim', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'snowmon-config');
    // Edit config/routing.yaml and this copy together: the README's routing table describes both.
    expect(config?.data?.['routing.yaml']).toBe(readFileSync(join(ROOT, 'config/routing.yaml'), 'utf8'));
  });

  it('does pass check-config, start from its mounts, env and args until ready, and exit 0 on SIGTERM within its grace', async () => {
    const dir = join(folder, 'kubernetes');
    const { env, mounts } = applyManifest(single, dir, SECRET_VALUES);

    // The probes and the port agree with what snowmon listens on.
    const httpPort = container.ports.find((p) => p.name === 'http')?.containerPort;
    expect(String(httpPort)).toBe(env.SNOWMON_HTTP_PORT);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    env.SNOWMON_HTTP_PORT = '0'; // an ephemeral port here instead of 8080

    const configFile = env.SNOWMON_CONFIG as string;
    await checkConfigOk(env, configFile);
    const config = await loadConfig(configFile, env);
    // Kubernetes sends SIGKILL after terminationGracePeriodSeconds: the daemon's own grace must end first.
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(config.daemon.shutdownGraceMs + 10_000);
    expect(config.daemon.http.host).toBe('0.0.0.0');

    // The image's ENTRYPOINT is the CLI; the container's args follow it; WORKDIR is /data.
    await runUntilReadyThenStop(container.args, mounts.get('/data') as string, env);
    expect(readFileSync(join(mounts.get('/data') as string, 'snowmon.db')).length).toBeGreaterThan(0);
  }, 120_000);
});

const fleet = loadManifest('deploy/kubernetes-fleet.yaml');
/** DATABASE_URL; undefined skips the replicas' run locally (and fails in CI). */
const databaseUrl = postgresUrl();

describe('deploy/kubernetes-fleet.yaml', () => {
  const labels = { 'app.kubernetes.io/name': 'snowmon-fleet' };

  it('does hold no Secret, document the ones it uses, embed the shipped routing table and name the image placeholder', () => {
    expectSecretsDocumented(fleet);
    expect(documentedSecrets(fleet.text).get('snowmon-receivers')).toContain('DATABASE_URL');
    const config = fleet.manifests.find((m) => m.kind === 'ConfigMap');
    expect(config?.data?.['routing.yaml']).toBe(readFileSync(join(ROOT, 'config/routing.yaml'), 'utf8'));
    expect(fleet.container.image).toBe('REGISTRY/snowmon:TAG');
    expect(fleet.text).toContain('s#REGISTRY/snowmon:TAG#$IMAGE#');
    expect(readme).toContain('deploy/kubernetes-fleet.yaml');
  });

  it('does run three replicas on different nodes where it can, keep two through a disruption, and probe /healthz and /readyz', () => {
    expect(fleet.manifests.find((m) => m.kind === 'Deployment')).toMatchObject({
      spec: { replicas: 3, strategy: { type: 'RollingUpdate' }, selector: { matchLabels: labels }, template: { metadata: { labels } } },
    });
    expect(fleet.manifests.find((m) => m.kind === 'PodDisruptionBudget')).toMatchObject({
      apiVersion: 'policy/v1',
      spec: { minAvailable: 2, selector: { matchLabels: labels } },
    });
    expect(fleet.pod).toMatchObject({
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } } },
          ],
        },
      },
    });
    expect(fleet.container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(fleet.container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(fleet.pod.volumes.some((v) => v.persistentVolumeClaim !== undefined)).toBe(false);
  });

  it.skipIf(databaseUrl === undefined)(
    'does pass check-config with its accounts and start three replicas on one Postgres that become ready and exit 0 on SIGTERM',
    async () => {
      const database = `snowmon_k8s_fleet_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`create database ${database}`);
      const store = new URL(databaseUrl as string);
      store.pathname = `/${database}`;
      // One emulator serving the manifest's accounts by their Snowflake identifiers, each with the key pair's user.
      const identifiers = ['myorg-prod', 'myorg-staging', 'myorg-dev'];
      const users = [{ name: 'SNOWMON_SVC', rsaPublicKeyPem: keys.publicKey, defaultRole: 'SNOWMON_ROLE', defaultWarehouse: 'SNOWMON_WH' }];
      const fleetEmulator = await startEmulator({ clock: new FrozenClock(T0), scenario: { days: 30, queryHistoryRows: 1000 }, accounts: identifiers, users });
      const replicas: StartedDaemon[] = [];
      try {
        const values = { ...SECRET_VALUES, DATABASE_URL: store.toString() };
        const pods = [0, 1, 2].map((i) => applyManifest(fleet, join(folder, 'kubernetes-fleet', `pod-${i}`), values, fleetEmulator));
        for (const p of pods) {
          p.env.SNOWMON_HTTP_PORT = '0';
          fleetOnEmulator(p.env, fleetEmulator);
        }
        const first = pods[0] as (typeof pods)[number];
        await checkConfigOk(first.env, first.env.SNOWMON_CONFIG as string);
        const config = await loadConfig(first.env.SNOWMON_CONFIG as string, first.env);
        expect(config.accounts.map((a) => a.name)).toEqual(['prod', 'staging', 'dev']);
        // Three pods: the image's ENTRYPOINT with the container's args, each in its own /data.
        for (const p of pods) replicas.push(await startDaemon(fleet.container.args, p.mounts.get('/data') as string, p.env));
        for (const r of replicas) await r.until('/readyz answered 200', async () => (await r.get('/readyz')).status === 200);
        // Every account logged in to the emulator (through snowflake.host / port / protocol) and ran its free cycle, on some replica.
        const ranOk = async () => {
          const accounts = new Set<string>();
          for (const r of replicas) {
            for (const m of (await r.get('/metrics')).body.matchAll(
              /snowmon_check_runs_total\{account="([^"]+)",check="resource_monitors",status="ok"\} [1-9]/g,
            )) {
              accounts.add(m[1] as string);
            }
          }
          return [...accounts].sort().join(',');
        };
        await (replicas[0] as StartedDaemon).until('every account ran a free cycle', async () => (await ranOk()) === 'dev,prod,staging');
        for (const r of replicas) {
          expect(await r.stop(), r.text().slice(-3000)).toBe(0);
          expect(r.text()).not.toMatch(new RegExp(CANARIES.join('|')));
        }
      } finally {
        for (const r of replicas) r.kill();
        await fleetEmulator.stop();
        await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
        await admin.end();
      }
    },
    180_000,
  );

  if (databaseUrl === undefined) it.skip('DATABASE_URL not set: the three replicas on Postgres are not started', () => {});
});
