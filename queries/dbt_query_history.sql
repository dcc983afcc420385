-- name: dbt_query_history
-- summary: dbt as Snowflake saw it over 7 days, from dbt's query comment and query tag: when each pipeline last ran, the nodes whose latest statement failed, and credits per model per day.
-- grain: one row per pipeline (kind pipeline), per node whose latest statement failed (kind failure), per model and UTC day (kind model_day)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: min_model_credits=1, warn_model_credits=20, failure_lookback_hours=48, latency_minutes=45
-- labels: alert_type, finding, pipeline, node, owner, channel, reason
-- runbook: A failed node: read the error, fix, re-run from it. A pipeline with no dbt statement in its SLA's interval: check the orchestrator. An expensive model: make it incremental, prune its scans or right-size its warehouse.

-- One statement, so QUERY_HISTORY and QUERY_ATTRIBUTION_HISTORY are each read once per cycle, both over
-- the same bounded window (7 days on start_time, pushed down).
-- dbt statements are recognised by dbt's JSON query comment (`/* {"app": "dbt", ...} */`, appended by
-- default on Snowflake since dbt-adapters #1064; prepended before that, when Snowflake strips it from
-- QUERY_TEXT in most cases: dbt-core #2138) or by a JSON QUERY_TAG whose app is dbt (the
-- dbt_query_tags / dbt_snowflake_query_tags packages: version key dbt_query_tags_version or
-- dbt_snowflake_query_tags_version; 1.x put every key in the tag, 2.x and later only is_incremental and
-- thread_id). A key in the comment wins over the same key in the tag. The comment must not hold a `*`
-- before its "app" key. QUERY_TEXT keeps 100,000 characters: an appended comment on a longer statement is
-- cut off, and only its tag (if any) tells it is dbt's.
-- Latency: QUERY_HISTORY lags up to 45 minutes. QUERY_ATTRIBUTION_HISTORY lags up to ~8 hours, so the
-- newest day is partial; its CREDITS_ATTRIBUTED_COMPUTE counts execution only (no warehouse idle time,
-- no cloud services) and it leaves out queries shorter than ~100 ms, so a model's credits here are a
-- floor of what its warehouse billed for it. Query acceleration credits are added when present.
with history as (
  select
    q.query_id as query_id,
    q.start_time as start_time,
    q.execution_status as execution_status,
    q.error_code as error_code,
    left(q.error_message, 500) as error_message,
    q.user_name as user_name,
    q.warehouse_name as warehouse_name,
    regexp_substr(q.query_text, $$/\*\s*(\{[^*]*?"app"\s*:\s*"dbt".*?\})\s*\*/$$, 1, 1, 'es', 1) as dbt_comment,
    case when q.query_tag like '{%' then q.query_tag end as json_tag
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -7, current_timestamp())
    and (q.query_text like '%"dbt"%' or q.query_tag like '%"dbt"%')
),
parsed as (
  select
    h.query_id as query_id,
    h.start_time as start_time,
    h.execution_status as execution_status,
    h.error_code as error_code,
    h.error_message as error_message,
    h.user_name as user_name,
    h.warehouse_name as warehouse_name,
    h.dbt_comment as dbt_comment,
    h.json_tag as json_tag,
    try_parse_json(h.dbt_comment) as c,
    try_parse_json(h.json_tag) as t
  from history as h
),
dbt as (
  select
    p.query_id as query_id,
    p.start_time as start_time,
    p.execution_status as execution_status,
    p.error_code as error_code,
    p.error_message as error_message,
    p.user_name as user_name,
    p.warehouse_name as warehouse_name,
    p.dbt_comment as dbt_comment,
    p.json_tag as json_tag,
    coalesce(p.c:node_id::varchar, p.t:node_id::varchar) as node_id,
    coalesce(p.c:invocation_id::varchar, p.t:invocation_id::varchar) as invocation_id,
    coalesce(p.c:pipeline::varchar, p.t:pipeline::varchar, '') as pipeline,
    coalesce(p.c:project_name::varchar, p.t:project_name::varchar, p.c:profile_name::varchar, p.t:profile_name::varchar, '') as project,
    coalesce(p.c:target_name::varchar, p.t:target_name::varchar, '') as target,
    coalesce(p.c:which::varchar, p.t:which::varchar, '') as command
  from parsed as p
  where p.c:app::varchar = 'dbt' or p.t:app::varchar = 'dbt'
),
pipelines as (
  select
    'pipeline' as kind,
    d.pipeline as pipeline,
    d.project as project,
    d.target as target,
    d.command as command,
    cast(null as varchar) as node_id,
    cast(null as timestamp_ltz) as usage_day,
    min(d.start_time) as first_at,
    max(d.start_time) as last_at,
    count(*) as statements,
    sum(case when d.execution_status = 'FAIL' then 1 else 0 end) as failed,
    cast(null as double) as credits,
    max_by(d.query_id, d.start_time) as query_id,
    cast(null as varchar) as error_code,
    cast(null as varchar) as error_message,
    max_by(d.invocation_id, d.start_time) as invocation_id,
    listagg(distinct d.user_name, ',') as user_name,
    listagg(distinct d.warehouse_name, ',') as warehouse_name,
    max_by(d.dbt_comment, d.start_time) as dbt_comment,
    max_by(d.json_tag, d.start_time) as query_tag
  from dbt as d
  where d.command not in ('generate', 'compile', 'show', 'list', 'ls', 'parse', 'debug', 'deps', 'clean')
  group by d.pipeline, d.project, d.target, d.command
),
latest as (
  select
    d.query_id as query_id,
    d.start_time as start_time,
    d.execution_status as execution_status,
    d.error_code as error_code,
    d.error_message as error_message,
    d.user_name as user_name,
    d.warehouse_name as warehouse_name,
    d.dbt_comment as dbt_comment,
    d.json_tag as json_tag,
    d.node_id as node_id,
    d.invocation_id as invocation_id,
    d.pipeline as pipeline,
    d.project as project,
    d.target as target,
    d.command as command
  from dbt as d
  where d.node_id is not null
  qualify row_number() over (partition by d.project, d.target, d.node_id order by d.start_time desc, d.query_id desc) = 1
),
failures as (
  select
    'failure' as kind,
    l.pipeline as pipeline,
    l.project as project,
    l.target as target,
    l.command as command,
    l.node_id as node_id,
    cast(null as timestamp_ltz) as usage_day,
    l.start_time as first_at,
    l.start_time as last_at,
    1 as statements,
    1 as failed,
    cast(null as double) as credits,
    l.query_id as query_id,
    l.error_code as error_code,
    l.error_message as error_message,
    l.invocation_id as invocation_id,
    l.user_name as user_name,
    l.warehouse_name as warehouse_name,
    l.dbt_comment as dbt_comment,
    l.json_tag as query_tag
  from latest as l
  where l.execution_status = 'FAIL'
  order by l.start_time desc
  limit 200
),
attributed as (
  select
    a.query_id as query_id,
    a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0) as credits
  from snowflake.account_usage.query_attribution_history as a
  where a.start_time >= dateadd('day', -7, current_timestamp())
),
model_days as (
  select
    'model_day' as kind,
    max(d.pipeline) as pipeline,
    d.project as project,
    max(d.target) as target,
    cast(null as varchar) as command,
    d.node_id as node_id,
    date_trunc('day', d.start_time) as usage_day,
    min(d.start_time) as first_at,
    max(d.start_time) as last_at,
    count(*) as statements,
    sum(case when d.execution_status = 'FAIL' then 1 else 0 end) as failed,
    sum(a.credits) as credits,
    cast(null as varchar) as query_id,
    cast(null as varchar) as error_code,
    cast(null as varchar) as error_message,
    cast(null as varchar) as invocation_id,
    listagg(distinct d.user_name, ',') as user_name,
    listagg(distinct d.warehouse_name, ',') as warehouse_name,
    max_by(d.dbt_comment, d.start_time) as dbt_comment,
    max_by(d.json_tag, d.start_time) as query_tag
  from dbt as d
  join attributed as a on a.query_id = d.query_id
  where d.node_id is not null
  group by d.project, d.node_id, date_trunc('day', d.start_time)
  order by sum(a.credits) desc
  limit 2000
)
-- Column names come from the first branch.
select p.kind as kind, p.pipeline as pipeline, p.project as project, p.target as target,
       p.command as command, p.node_id as node_id, p.usage_day as usage_day, p.first_at as first_at,
       p.last_at as last_at, p.statements as statements, p.failed as failed, p.credits as credits,
       p.query_id as query_id, p.error_code as error_code, p.error_message as error_message,
       p.invocation_id as invocation_id, p.user_name as user_name, p.warehouse_name as warehouse_name,
       p.dbt_comment as dbt_comment, p.query_tag as query_tag
from pipelines as p
union all
select f.kind, f.pipeline, f.project, f.target, f.command, f.node_id, f.usage_day, f.first_at, f.last_at,
       f.statements, f.failed, f.credits, f.query_id, f.error_code, f.error_message, f.invocation_id,
       f.user_name, f.warehouse_name, f.dbt_comment, f.query_tag
from failures as f
union all
select m.kind, m.pipeline, m.project, m.target, m.command, m.node_id, m.usage_day, m.first_at, m.last_at,
       m.statements, m.failed, m.credits, m.query_id, m.error_code, m.error_message, m.invocation_id,
       m.user_name, m.warehouse_name, m.dbt_comment, m.query_tag
from model_days as m
order by kind, last_at desc
limit 2500;
