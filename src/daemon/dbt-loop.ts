/**
 * The daemon's dbt loop: each poll lists the artifact folders, re-reads only the files whose mtime or
 * size changed, takes an artifact only when it parses and its `generated_at` changed (a file dbt is still
 * writing is a problem retried next poll, never a crash), stores every new invocation by invocation_id
 * (dbt overwrites its files; the store keeps them across restarts), and evaluates the dbt rules over the
 * stored history and the newest manifest as of `now`: `snowmon dbt status`'s findings, `not_run` counted
 * from when each pipeline was first watched, `late` lasting until the next success (not the rest of the
 * day, as `dbt status` reports it), and runtime regressions. It returns a check outcome named
 * `dbt`; ingesting, routing and scheduling are the daemon's. It never talks to Snowflake.
 */

import { stat } from 'node:fs/promises';
import type { Finding } from '../checks/check.js';
import type { ManifestArtifact, RunArtifact } from '../dbt/artifact.js';
import { DEFAULT_DBT_CONFIG, pollCron, type DbtConfig } from '../dbt/dbt-config.js';
import { DBT_CHECK, dbtOutcome } from '../dbt/dbt-outcome.js';
import type { DbtStatus } from '../dbt/dbt-status.js';
import { evaluateDbt, IGNORED_COMMANDS } from '../dbt/evaluate-dbt.js';
import { listArtifactFiles } from '../dbt/find-artifacts.js';
import { newestManifest } from '../dbt/newest-manifest.js';
import { artifactCoverage, type ArtifactCoverage } from '../dbt/artifact-coverage.js';
import { ManifestCache, readArtifactFile } from '../dbt/read-artifact-file.js';
import { runtimeRegressions } from '../dbt/runtime-regressions.js';
import type { DbtInvocationStore, StoredInvocation } from '../ledger/dbt-invocation-store.js';
import { failedOutcome, type LoopResult } from './free-loop.js';
import type { Logger } from './logger.js';
import { message } from './loop-settings.js';
import type { JobContext, JobDefinition } from './scheduler.js';

export const DBT_JOB = 'dbt_loop';
/** A file still unreadable after this many polls in a row raises a monitor_health warning. */
export const PROBLEM_POLLS = 3;
/** Stored invocations older than the retention are pruned at most this often. */
const PRUNE_EVERY_MS = 3_600_000;

export interface DbtLoopDeps {
  readonly store: () => DbtInvocationStore;
  readonly logger: Logger;
}

/** What the loop remembers of one artifact file between polls. */
interface FileState {
  readonly mtimeMs: number;
  readonly size: number;
  /** `kind:invocation_id@generated_at` of the artifact read from it; undefined while it does not parse. */
  readonly read?: string;
}

/** A file that did not parse: since which poll, and how many polls in a row. */
interface Problem {
  readonly error: string;
  readonly polls: number;
}

export class DbtLoop {
  readonly #deps: DbtLoopDeps;
  #loaded = false;
  readonly #invocations = new Map<string, StoredInvocation>();
  readonly #watched = new Map<string, Date>();
  readonly #files = new Map<string, FileState>();
  readonly #manifests = new Map<string, ManifestArtifact>();
  readonly #problems = new Map<string, Problem>();
  /** Parsed manifests by path, mtime and size: shared by the polls and `newestManifest`. */
  readonly #manifestCache = new ManifestCache();
  #prunedAt: number | undefined;

  constructor(deps: DbtLoopDeps) {
    this.#deps = deps;
  }

  /** One poll at `now`. A failure (the store) is a failed outcome: it resolves nothing. */
  async cycle(config: DbtConfig, now: Date): Promise<LoopResult> {
    const started = performance.now();
    try {
      const { status, regressions, stuck } = await this.#poll(config, now);
      // Unreadable files are retried next poll and reported on their own once stuck: they fail nothing.
      const outcome = dbtOutcome(status, {
        startedAt: now,
        durationMs: performance.now() - started,
        extraFindings: [...regressions, ...stuck],
        failOnProblems: false,
      });
      return { outcomes: [outcome], touchesSnowflake: false };
    } catch (error) {
      this.#deps.logger.error({ check: DBT_CHECK, error: message(error) }, 'dbt poll failed');
      return { outcomes: [failedOutcome(DBT_CHECK, message(error), now)], touchesSnowflake: false };
    }
  }

  /**
   * What the warehouse cycle's dbt_query_history takes from the artifacts: the newest manifest (owners),
   * read through the cache the polls fill (an unchanged manifest is not parsed again), and what the stored
   * runs cover (a failure the artifacts have read is this loop's `dbt` alert, not a second one).
   */
  async queryHistoryContext(config: DbtConfig, now: Date): Promise<{ readonly manifest?: ManifestArtifact; readonly artifacts?: ArtifactCoverage }> {
    const manifest = await newestManifest(config.artifacts, this.#manifestCache);
    const withManifest = manifest !== undefined ? { manifest } : {};
    try {
      // A warehouse cycle can come before the first poll (the catch-up at start, or on taking the lead).
      await this.#load(this.#deps.store(), config.retentionMs ?? DEFAULT_DBT_CONFIG.retentionMs, now);
    } catch (error) {
      // Without the history, query history raises all it sees: a failure twice rather than none.
      this.#deps.logger.warn({ check: DBT_CHECK, error: message(error) }, 'dbt history not loaded: dbt_query_history raises every failure it sees');
      return withManifest;
    }
    return { ...withManifest, artifacts: artifactCoverage(this.#invocations.values()) };
  }

  /** Forget what was loaded from the store (another replica may have added to it): the next poll reloads. */
  reset(): void {
    this.#loaded = false;
    this.#invocations.clear();
    this.#files.clear();
    this.#manifests.clear();
  }

  /** Loads the history once, reads what changed, stores new invocations, and evaluates as of `now`. */
  async #poll(config: DbtConfig, now: Date): Promise<{ status: DbtStatus; regressions: Finding[]; stuck: Finding[] }> {
    const store = this.#deps.store();
    const retentionMs = config.retentionMs ?? DEFAULT_DBT_CONFIG.retentionMs;
    await this.#load(store, retentionMs, now);
    if (this.#prunedAt === undefined || now.getTime() - this.#prunedAt >= PRUNE_EVERY_MS) {
      const cutoff = new Date(now.getTime() - retentionMs);
      const pruned = await store.prune(cutoff);
      for (const [key, invocation] of this.#invocations) if (invocation.generatedAt < cutoff) this.#invocations.delete(key);
      if (pruned > 0) this.#deps.logger.info({ check: DBT_CHECK, pruned }, 'dbt invocations past the retention pruned');
      this.#prunedAt = now.getTime();
    }
    for (const pipeline of config.pipelines) {
      if (this.#watched.has(pipeline.name)) continue;
      await store.watch(pipeline.name, now);
      this.#watched.set(pipeline.name, now);
    }

    const listed = await listArtifactFiles(config.artifacts);
    const problems = new Map<string, string>(listed.problems.map((p) => [p.file, p.error]));
    const present = new Set(listed.files);
    this.#manifestCache.retain(present);
    for (const file of [...this.#files.keys()]) {
      if (present.has(file)) continue;
      this.#files.delete(file);
      this.#manifests.delete(file);
    }
    for (const file of listed.files) {
      const error = await this.#readFile(store, file, now);
      if (error !== undefined) problems.set(file, error);
    }
    const stuck = this.#trackProblems(problems);

    const manifest = [...this.#manifests.values()].sort((a, b) => a.generatedAt.getTime() - b.generatedAt.getTime()).pop();
    const invocations = [...this.#invocations.values()];
    const status = evaluateDbt({
      artifacts: manifest ? [...invocations, manifest] : invocations,
      problems: [...problems].map(([file, error]) => ({ file, error })),
      config,
      now,
      watchedSince: (pipeline) => this.#watched.get(pipeline),
      // An alert, unlike `dbt status`'s report of the day, resolves when the next success arrives.
      slaLate: 'until_success',
    });
    const runs = invocations
      .filter((a): a is RunArtifact => a.kind === 'run_results' && a.generatedAt <= now)
      .sort((a, b) => a.generatedAt.getTime() - b.generatedAt.getTime() || a.invocationId.localeCompare(b.invocationId));
    return { status, regressions: runtimeRegressions(runs, config.pipelines, manifest), stuck };
  }

  /** Loads the stored history once (again after `reset`). */
  async #load(store: DbtInvocationStore, retentionMs: number, now: Date): Promise<void> {
    if (this.#loaded) return;
    for (const invocation of await store.load(new Date(now.getTime() - retentionMs))) this.#invocations.set(keyOf(invocation), invocation);
    for (const [pipeline, since] of await store.watched()) this.#watched.set(pipeline, since);
    this.#loaded = true;
    this.#deps.logger.info({ check: DBT_CHECK, invocations: this.#invocations.size }, 'dbt history loaded from the store');
  }

  /** Reads `file` when its mtime or size changed; stores a new invocation. Returns the problem, if any. */
  async #readFile(store: DbtInvocationStore, file: string, now: Date): Promise<string | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      return `cannot read: ${(error as NodeJS.ErrnoException).code ?? message(error)}`;
    }
    const known = this.#files.get(file);
    if (known?.read !== undefined && known.mtimeMs === info.mtimeMs && known.size === info.size) return undefined;
    const parsed = readArtifactFile(file, this.#manifestCache);
    if (!('kind' in parsed)) {
      this.#files.set(file, { mtimeMs: info.mtimeMs, size: info.size });
      return parsed.error;
    }
    const read = `${parsed.kind}:${parsed.invocationId}@${parsed.generatedAt.toISOString()}`;
    if (known?.read !== read) {
      if (parsed.kind === 'manifest') {
        this.#manifests.set(file, parsed);
      } else if (!(parsed.command !== undefined && IGNORED_COMMANDS.includes(parsed.command)) && !this.#invocations.has(keyOf(parsed))) {
        // Stored before it is remembered: a store failure leaves the file to be read again next poll.
        const stored = await store.save(parsed, now);
        this.#invocations.set(keyOf(parsed), parsed);
        if (stored) {
          this.#deps.logger.info(
            {
              check: DBT_CHECK,
              invocation_id: parsed.invocationId,
              kind: parsed.kind,
              command: parsed.command,
              file,
              generated_at: parsed.generatedAt.toISOString(),
            },
            'dbt invocation stored',
          );
        }
      }
    }
    this.#files.set(file, { mtimeMs: info.mtimeMs, size: info.size, read });
    return undefined;
  }

  /** Logs each new problem once; files unreadable `PROBLEM_POLLS` polls in a row become monitor_health findings. */
  #trackProblems(problems: ReadonlyMap<string, string>): Finding[] {
    for (const file of [...this.#problems.keys()]) if (!problems.has(file)) this.#problems.delete(file);
    const stuck: Finding[] = [];
    for (const [file, error] of problems) {
      const before = this.#problems.get(file);
      const polls = (before?.polls ?? 0) + 1;
      this.#problems.set(file, { error, polls });
      if (before?.error !== error) this.#deps.logger.warn({ check: DBT_CHECK, file, error }, 'dbt artifact could not be read: retried next poll');
      if (polls >= PROBLEM_POLLS) {
        stuck.push({
          severity: 'warning',
          summary: `dbt artifact ${file} could not be read in ${polls} polls in a row: ${error}`,
          labels: { alert_type: 'monitor_health', component: 'dbt_artifacts', failing_check: DBT_CHECK, file },
          recommendation:
            "Check that the folder in dbt.artifacts is dbt's target/ (or an archive of runs) and that the file is a complete dbt artifact; until then no new run is read from it.",
        });
      }
    }
    return stuck;
  }
}

/** The dbt loop's cron job, when dbt is configured (`dbt.artifacts` not empty); none otherwise. */
export function dbtJobs(config: DbtConfig, timeoutMs: number, run: (context: JobContext) => Promise<void>): JobDefinition[] {
  if (config.artifacts.length === 0) return [];
  const pollMs = config.pollIntervalMs ?? DEFAULT_DBT_CONFIG.pollIntervalMs;
  const cron = pollCron(pollMs);
  // dbtSection keeps only an interval pollCron can express (SM108 otherwise): anything else is a programmer error.
  if (cron === undefined) throw new Error(`dbt poll interval ${pollMs} ms has no cron expression`);
  return [{ name: DBT_JOB, cron, timeoutMs, run }];
}

function keyOf(invocation: StoredInvocation): string {
  return `${invocation.kind}:${invocation.invocationId}`;
}
