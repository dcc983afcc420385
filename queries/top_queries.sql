-- name: top_queries
-- summary: The 20 most expensive recurring queries of the last 7 days by credits, grouped by parameterized hash.
-- grain: one row per query_parameterized_hash
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: min_credits=1, warn_credits=20
-- labels: alert_type, finding, query_hash, warehouse
-- runbook: Read the query; prune with filters or clustering, right-size its warehouse, or run it less often.

-- Snowflake's own attribution (execution only, idle excluded; lags up to ~8 h, skips ~100 ms queries).
with attributed as (
  select
    a.query_id as query_id,
    coalesce(a.query_parameterized_hash, a.query_hash, a.query_id) as query_hash,
    a.warehouse_name as warehouse_name,
    a.user_name as user_name,
    a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0) as credits
  from snowflake.account_usage.query_attribution_history as a
  where a.start_time >= dateadd('day', -7, current_timestamp())
),
history as (
  select
    q.query_id as query_id,
    q.query_text as query_text,
    q.warehouse_size as warehouse_size,
    q.execution_time as execution_time,
    q.bytes_scanned as bytes_scanned,
    q.partitions_scanned as partitions_scanned,
    q.partitions_total as partitions_total,
    q.bytes_spilled_to_remote_storage as bytes_spilled_remote
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -7, current_timestamp())
),
joined as (
  select
    a.query_hash as query_hash,
    a.warehouse_name as warehouse_name,
    a.user_name as user_name,
    a.credits as credits,
    h.query_text as query_text,
    h.warehouse_size as warehouse_size,
    h.execution_time as execution_time,
    h.bytes_scanned as bytes_scanned,
    h.partitions_scanned as partitions_scanned,
    h.partitions_total as partitions_total,
    h.bytes_spilled_remote as bytes_spilled_remote
  from attributed as a
  left join history as h on h.query_id = a.query_id
)
select
  j.query_hash as query_hash,
  min(left(j.query_text, 300)) as sample_text,
  min(j.warehouse_name) as warehouse_name,
  min(j.warehouse_size) as warehouse_size,
  listagg(distinct j.user_name, ',') as users,
  count(*) as runs,
  sum(j.credits) as credits,
  sum(j.execution_time) / 1000 as exec_s,
  sum(j.bytes_scanned) as bytes_scanned,
  sum(j.partitions_scanned) as partitions_scanned,
  sum(j.partitions_total) as partitions_total,
  sum(j.bytes_spilled_remote) as bytes_spilled_remote,
  'attribution' as credit_source
from joined as j
group by j.query_hash
order by credits desc, query_hash
limit 20;

-- Fallback when attribution is empty: execution time × the size's credits per hour, an upper bound
-- that ignores concurrency. Size names are Snowflake's (X-Small ... 6X-Large).
with history as (
  select
    coalesce(q.query_parameterized_hash, q.query_hash, q.query_id) as query_hash,
    q.query_text as query_text,
    q.warehouse_name as warehouse_name,
    q.warehouse_size as warehouse_size,
    q.user_name as user_name,
    q.execution_time as execution_time,
    q.bytes_scanned as bytes_scanned,
    q.partitions_scanned as partitions_scanned,
    q.partitions_total as partitions_total,
    q.bytes_spilled_to_remote_storage as bytes_spilled_remote,
    q.execution_time / 3600000 * case q.warehouse_size
      when 'X-Small' then 1 when 'Small' then 2 when 'Medium' then 4 when 'Large' then 8
      when 'X-Large' then 16 when '2X-Large' then 32 when '3X-Large' then 64 when '4X-Large' then 128
      when '5X-Large' then 256 when '6X-Large' then 512 else 0 end as est_credits
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -7, current_timestamp())
    and q.warehouse_size is not null
)
select
  h.query_hash as query_hash,
  min(left(h.query_text, 300)) as sample_text,
  min(h.warehouse_name) as warehouse_name,
  min(h.warehouse_size) as warehouse_size,
  listagg(distinct h.user_name, ',') as users,
  count(*) as runs,
  sum(h.est_credits) as credits,
  sum(h.execution_time) / 1000 as exec_s,
  sum(h.bytes_scanned) as bytes_scanned,
  sum(h.partitions_scanned) as partitions_scanned,
  sum(h.partitions_total) as partitions_total,
  sum(h.bytes_spilled_remote) as bytes_spilled_remote,
  'estimate' as credit_source
from history as h
group by h.query_hash
order by credits desc, query_hash
limit 20;
