/**
 * Finds or installs Debian's `prometheus-alertmanager` and runs one instance on 127.0.0.1 for the
 * side-by-side benchmark: no clustering, its own storage folder, readiness awaited, and stopped (SIGTERM,
 * then SIGKILL) by the pid this module started. It knows nothing about routing or alerts.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const ALERTMANAGER_BINARY = 'prometheus-alertmanager';

export type AlertmanagerAvailability =
  { readonly ok: true; readonly binary: string; readonly version: string; readonly installed: boolean } | { readonly ok: false; readonly reason: string };

export interface EnsureOptions {
  /** Default `prometheus-alertmanager`. */
  readonly binary?: string;
  /** Shell command that installs it; default `apt-get update && apt-get install -y prometheus-alertmanager`. */
  readonly installCommand?: string;
}

/** `command -v` the binary; when missing, run the install command (its output goes to stderr) and look again. */
export function ensureAlertmanager(log: (line: string) => void, options: EnsureOptions = {}): AlertmanagerAvailability {
  const name = options.binary ?? ALERTMANAGER_BINARY;
  const command = options.installCommand ?? `apt-get update && apt-get install -y ${ALERTMANAGER_BINARY}`;
  let binary = which(name);
  let installed = false;
  if (binary === undefined) {
    log(`${name} not found: ${command}`);
    const install = spawnSync('sh', ['-c', command], {
      stdio: ['ignore', 2, 2], // apt-get's output to stderr, keeping stdout for figures
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.error !== undefined || install.status !== 0) {
      const why = install.error?.message ?? `exit code ${String(install.status)}`;
      return { ok: false, reason: `installing ${name} was refused or failed (${why})` };
    }
    binary = which(name);
    if (binary === undefined) return { ok: false, reason: `${name} still not on PATH after installing it` };
    installed = true;
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const firstLine = `${version.stdout ?? ''}${version.stderr ?? ''}`.split('\n')[0] ?? '';
  return { ok: true, binary, version: firstLine.trim(), installed };
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout?.trim();
  return found.status === 0 && path ? path : undefined;
}

export interface AlertmanagerStart {
  readonly binary: string;
  readonly configFile: string;
  readonly storageDir: string;
  /** Default: a free port. */
  readonly port?: number;
  /** How long to wait for `/-/ready` (default 20 s). */
  readonly readyTimeoutMs?: number;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly pid: number;
  /** Its stderr so far (AM logs there). */
  log(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function startAlertmanager(start: AlertmanagerStart): Promise<RunningAlertmanager> {
  const port = start.port ?? (await freePort());
  const child = spawn(
    start.binary,
    [
      `--config.file=${start.configFile}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      `--storage.path=${start.storageDir}`,
      '--log.level=info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const running: RunningAlertmanager = {
    url,
    pid: child.pid ?? -1,
    log: () => stderr,
    stop: (graceMs = 5000) => stopChild(child, exited, graceMs),
  };
  try {
    await waitReady(url, child, start.readyTimeoutMs ?? 20_000);
  } catch (error) {
    await running.stop(1000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr.slice(-2000)}`, { cause: error });
  }
  return running;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`alertmanager exited before it was ready (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager not ready at ${url} after ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
