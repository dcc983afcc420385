import { describe, expect, it } from 'vitest';
import { dbtCommentIn, dbtQueryTag, parseDbtQueryMetadata } from '../../../src/dbt/dbt-query-metadata.js';

// dbt's default query comment as dbt-core writes it (json.dumps separators), and the dbt_query_tags 3.x one.
const DEFAULT =
  '/* {"app": "dbt", "dbt_version": "1.10.4", "profile_name": "analytics", "target_name": "prod", "node_id": "model.analytics.stg_orders", "connection_name": "model.analytics.stg_orders"} */';
const PACKAGE =
  '/* {"CI_JOB": "nightly", "app": "dbt", "dbt_query_tags_version": "3.2.0", "dbt_version": "1.10.4", "project_name": "shop", "target_name": "prod", ' +
  '"invocation_id": "4ffa20a1-5d90-4a27-a58a-553bb6890f25", "run_started_at": "2026-11-20T01:00:03.120000+00:00", "full_refresh": false, "which": "build", ' +
  '"node_id": "model.shop.fct_orders", "node_meta": {"owner": "@alice, data_eng", "channel": "#data-eng"}, "node_tags": ["nightly"], "invocation_command": "dbt build -s path:models/*"} */';

describe('dbtCommentIn', () => {
  it('does find the comment when dbt appended it after the statement (the Snowflake default since dbt-adapters #1064)', () => {
    expect(dbtCommentIn(`create or replace view analytics.stg_orders as (select 1)\n${DEFAULT}`)?.['node_id']).toBe('model.analytics.stg_orders');
  });

  it('does find the comment when it was prepended and Snowflake kept it, with blank lines and extra spaces', () => {
    const text = `\n\n   ${DEFAULT.replace('/* ', '/*    ').replace(' */', '   */')}\n\n\tcreate table x as (select 1)`;
    expect(dbtCommentIn(text)?.['target_name']).toBe('prod');
  });

  it('does skip block comments that are not dbt JSON before the dbt one', () => {
    const text = `/* audit: not_null */ select /*+ hint */ 1 /* {"app": "looker", "node_id": "x"} */ ${PACKAGE}`;
    expect(dbtCommentIn(text)?.['node_id']).toBe('model.shop.fct_orders');
  });

  it('does keep a value holding a star, like a path selector in invocation_command', () => {
    expect(dbtCommentIn(PACKAGE)?.['invocation_command']).toBe('dbt build -s path:models/*');
  });

  it('does read the comment JSON alone, as the check SQL extracts it', () => {
    expect(dbtCommentIn(' {"app": "dbt", "node_id": "seed.shop.countries"} ')?.['node_id']).toBe('seed.shop.countries');
  });

  it('does give nothing for broken JSON, an unterminated comment, another app or a statement without a comment', () => {
    expect(dbtCommentIn('select 1 /* {"app": "dbt", "node_id": "model.a.b" */')).toBeUndefined();
    expect(dbtCommentIn('select 1 /* {"app": "dbt"}')).toBeUndefined();
    expect(dbtCommentIn('select 1 /* {"app": "airflow", "dag": "dbt"} */')).toBeUndefined();
    expect(dbtCommentIn('select 1 -- {"app": "dbt"}')).toBeUndefined();
    expect(dbtCommentIn('/* ["app", "dbt"] */ select 1')).toBeUndefined();
    expect(dbtCommentIn(null)).toBeUndefined();
  });
});

describe('dbtQueryTag', () => {
  it('does accept both version keys of the query-tags package and a tag whose app is dbt', () => {
    expect(dbtQueryTag('{"app": "dbt", "dbt_query_tags_version": "3.2.0", "thread_id": "Thread-1", "is_incremental": true}')).toBeDefined();
    expect(dbtQueryTag('{"dbt_snowflake_query_tags_version": "2.5.0", "is_incremental": false}')).toBeDefined();
    expect(dbtQueryTag('{"app":"dbt","node_id":"model.a.b"}')).toBeDefined();
  });

  it('does refuse other apps, plain strings and broken JSON', () => {
    expect(dbtQueryTag('{"app":"snowmon","check":"top_queries"}')).toBeUndefined();
    expect(dbtQueryTag('nightly dbt run')).toBeUndefined();
    expect(dbtQueryTag('{"app": "dbt", ')).toBeUndefined();
    expect(dbtQueryTag('')).toBeUndefined();
  });
});

describe('parseDbtQueryMetadata', () => {
  it('does read the package comment: project, target, command, invocation, owners sorted and channel', () => {
    expect(
      parseDbtQueryMetadata(`merge into x using y on true\n${PACKAGE}`, '{"app": "dbt", "dbt_query_tags_version": "3.2.0", "is_incremental": true}'),
    ).toEqual({
      nodeId: 'model.shop.fct_orders',
      invocationId: '4ffa20a1-5d90-4a27-a58a-553bb6890f25',
      project: 'shop',
      target: 'prod',
      command: 'build',
      dbtVersion: '1.10.4',
      packageVersion: '3.2.0',
      owner: '@alice,data_eng',
      channel: '#data-eng',
      isIncremental: true,
      from: ['comment', 'tag'],
    });
  });

  it('does fall back to profile_name for dbt default comment and to the tag when the comment was stripped', () => {
    expect(parseDbtQueryMetadata(DEFAULT, null)).toMatchObject({ project: 'analytics', nodeId: 'model.analytics.stg_orders', from: ['comment'] });
    const v1 =
      '{"dbt_snowflake_query_tags_version": "1.1.3", "app": "dbt", "project_name": "analytics", "target_name": "prod", "node_id": "model.analytics.fct_events", "is_incremental": true}';
    expect(parseDbtQueryMetadata('insert into analytics.marts.fct_events select 1', v1)).toEqual({
      nodeId: 'model.analytics.fct_events',
      project: 'analytics',
      target: 'prod',
      packageVersion: '1.1.3',
      isIncremental: true,
      from: ['tag'],
    });
  });

  it('does let the comment win over the tag on the same key, and read a pipeline key from either', () => {
    const tag = '{"app": "dbt", "target_name": "dev", "pipeline": "nightly", "meta": {"owner": ["b", "a"]}}';
    expect(parseDbtQueryMetadata(DEFAULT, tag)).toMatchObject({ target: 'prod', pipeline: 'nightly', owner: 'a,b' });
  });

  it('does give nothing when neither the text nor the tag is dbt', () => {
    expect(parseDbtQueryMetadata('select 1 /* {"app": "looker"} */', '{"app":"snowmon"}')).toBeUndefined();
  });
});
