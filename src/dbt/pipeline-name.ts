/**
 * Names the pipeline an invocation belongs to: `metadata.env.PIPELINE` (set with
 * `DBT_ENV_CUSTOM_ENV_PIPELINE`) when present; else the first `dbt.pipelines[]` entry whose `match` fits;
 * else a name built from the command and its selector/select and target (`build`, `run stg_orders+ @prod`).
 */

import type { RunArtifact, SourcesArtifact } from './artifact.js';
import type { DbtPipelineConfig, DbtPipelineMatch } from './dbt-config.js';

type Invocation = Pick<RunArtifact | SourcesArtifact, 'env' | 'command' | 'target' | 'selector' | 'select'>;

export function pipelineName(invocation: Invocation, pipelines: readonly DbtPipelineConfig[]): string {
  const fromEnv = invocation.env.PIPELINE?.trim();
  if (fromEnv) return fromEnv;
  const configured = pipelines.find((p) => p.match !== undefined && matches(invocation, p.match));
  if (configured) return configured.name;
  const selection = invocation.selector ?? (invocation.select.length > 0 ? invocation.select.join(' ') : undefined);
  return [invocation.command ?? 'dbt', selection, invocation.target !== undefined ? `@${invocation.target}` : undefined]
    .filter((part) => part !== undefined)
    .join(' ');
}

/** Every key given in `match` must fit; `selector` fits `args.selector` or `args.select` joined by spaces. */
export function matches(invocation: Invocation, match: DbtPipelineMatch): boolean {
  if (match.command !== undefined && match.command.toLowerCase() !== invocation.command) return false;
  if (match.target !== undefined && match.target !== invocation.target) return false;
  if (match.selector !== undefined && match.selector !== invocation.selector && match.selector !== invocation.select.join(' ')) return false;
  for (const [key, value] of Object.entries(match.env ?? {})) if (invocation.env[key] !== value) return false;
  return true;
}
