/**
 * Writes run_results.json text the way dbt 1.10 does (schema v6: metadata with env and
 * invocation_started_at, results with timing, adapter_response and compiled code, args with which),
 * for tests that need many runs of their own. Test helper; the shapes follow the real samples.
 */

export interface FakeResult {
  readonly id: string;
  readonly status: string;
  /** execution_time in seconds; default 1. */
  readonly seconds?: number;
  readonly message?: string | null;
  readonly failures?: number | null;
}

export interface FakeRun {
  readonly invocationId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** `metadata.env.PIPELINE`, when set. */
  readonly pipeline?: string;
  /** `args.which`; default `build`. */
  readonly command?: string;
  readonly results: readonly FakeResult[];
}

export function runResultsText(run: FakeRun): string {
  const elapsed = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
  return JSON.stringify(
    {
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
        dbt_version: '1.10.4',
        generated_at: run.finishedAt.toISOString().replace('Z', '000Z'),
        invocation_id: run.invocationId,
        invocation_started_at: run.startedAt.toISOString(),
        env: run.pipeline !== undefined ? { PIPELINE: run.pipeline } : {},
      },
      results: run.results.map((r) => ({
        status: r.status,
        timing:
          r.status === 'skipped'
            ? []
            : [
                { name: 'compile', started_at: run.startedAt.toISOString(), completed_at: run.startedAt.toISOString() },
                { name: 'execute', started_at: run.startedAt.toISOString(), completed_at: run.finishedAt.toISOString() },
              ],
        thread_id: 'Thread-1 (worker)',
        execution_time: r.seconds ?? 1,
        adapter_response:
          r.status === 'success' ? { _message: 'SUCCESS 1', code: 'SUCCESS', rows_affected: 1, query_id: '01b2c3d4-0000-0001-0000-000100020003' } : {},
        message: r.message === undefined ? (r.status === 'success' ? 'SUCCESS 1' : null) : r.message,
        failures: r.failures ?? (r.id.startsWith('test.') ? 0 : null),
        unique_id: r.id,
        compiled: true,
        compiled_code: 'select 1',
        relation_name: null,
      })),
      elapsed_time: elapsed,
      args: { which: run.command ?? 'build', invocation_command: `dbt ${run.command ?? 'build'}`, select: [], exclude: [] },
    },
    null,
    1,
  );
}
