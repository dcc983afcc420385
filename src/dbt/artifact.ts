/**
 * The normalised shape of the dbt artifacts snowmon reads: only the fields it uses, whatever the schema
 * version (run_results v4–v6, sources v3, manifest v10–v12, dbt Fusion). Types only; parse-artifact.ts
 * builds them.
 */

/** One node's result in a run_results.json. `status` is lower-cased and kept even when unknown. */
export interface NodeResult {
  readonly uniqueId: string;
  readonly status: string;
  /** Failing rows of a test; null or absent otherwise (dbt Fusion omits the key). */
  readonly failures?: number | null;
  readonly message?: string;
  /** `execution_time` in seconds, when written (the runtime-regression rule learns from it). */
  readonly executionTimeS?: number;
}

/** What every artifact's `metadata` gives. */
interface ArtifactBase {
  /** The path as shown to the user (under the folder as it was named). */
  readonly file: string;
  readonly invocationId: string;
  /** `metadata.generated_at`: written at the end of the run. */
  readonly generatedAt: Date;
  /** `metadata.env`: the `DBT_ENV_CUSTOM_ENV_*` variables without their prefix. */
  readonly env: Readonly<Record<string, string>>;
}

/** What an invocation's `args` and timing give (run_results and sources). */
interface InvocationBase extends ArtifactBase {
  /** `args.which`, else `args.command` (dbt Fusion), lower-cased; `freshness` for a sources.json. */
  readonly command?: string;
  readonly target?: string;
  readonly selector?: string;
  readonly select: readonly string[];
  /** `invocation_started_at`, else generated_at − elapsed_time, else the earliest timing. */
  readonly startedAt?: Date;
}

/** An invocation of a command that builds or tests nodes: a run_results.json. */
export interface RunArtifact extends InvocationBase {
  readonly kind: 'run_results';
  readonly results: readonly NodeResult[];
}

export interface FreshnessResult {
  readonly uniqueId: string;
  readonly status: string;
  readonly maxLoadedAt?: Date;
  readonly ageS?: number;
  readonly warnAfter?: FreshnessPeriod;
  readonly errorAfter?: FreshnessPeriod;
  /** The error of a `runtime error` entry (dbt ≤ 1.7). */
  readonly error?: string;
}

export interface FreshnessPeriod {
  readonly count: number;
  readonly period: string;
}

/** A `dbt source freshness` invocation (sources.json, or a run_results.json of that command). */
export interface SourcesArtifact extends InvocationBase {
  readonly kind: 'sources';
  readonly results: readonly FreshnessResult[];
}

/** What snowmon keeps of one manifest node, source or unit test. */
export interface ManifestNode {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly name: string;
  /** Elementary's rule, step 1: `meta.owner`, else `config.meta.owner`; split on commas. */
  readonly owners: readonly string[];
  /** `meta.channel` (or `config.meta.channel`, or Elementary's `meta.alerts_config.channel`). */
  readonly channel?: string;
  /** `group` or `config.group`: a group name. */
  readonly group?: string;
  readonly packageName?: string;
  /** A test's model (`attached_node`, v9+). */
  readonly attachedNode?: string;
  readonly dependsOn: readonly string[];
  /** A source with freshness criteria (`warn_after` or `error_after` with a count). */
  readonly hasFreshness: boolean;
}

export interface ManifestArtifact extends ArtifactBase {
  readonly kind: 'manifest';
  readonly nodes: ReadonlyMap<string, ManifestNode>;
  /** Group name → owners (its owner's email(s), else name). */
  readonly groupOwners: ReadonlyMap<string, readonly string[]>;
  readonly childMap: Readonly<Record<string, readonly string[]>>;
}

export type Artifact = RunArtifact | SourcesArtifact | ManifestArtifact;

/** A file that could not be read as a dbt artifact. */
export interface ArtifactProblem {
  readonly file: string;
  readonly error: string;
}
