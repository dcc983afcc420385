-- name: full_table_scans
-- summary: Repeated queries that scan nearly all partitions of a large table (last 24 hours).
-- grain: one row per query_parameterized_hash
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: min_scan_ratio=0.9, min_partitions=1000, min_runs=2
-- labels: alert_type, finding, query_hash, warehouse
-- runbook: Add a selective filter or a clustering key on the scanned table, or materialise the result.

-- The SQL keeps a looser net (half the partitions of a 100-partition table); the evaluator applies the
-- thresholds, so config can tighten or loosen them without editing this file. PARTITIONS_* are summed
-- over all tables in a statement.
with scans as (
  select
    coalesce(q.query_parameterized_hash, q.query_hash, q.query_id) as query_hash,
    q.query_text as query_text,
    q.warehouse_name as warehouse_name,
    q.user_name as user_name,
    q.execution_time as execution_time,
    q.bytes_scanned as bytes_scanned,
    q.partitions_scanned as partitions_scanned,
    q.partitions_total as partitions_total,
    q.execution_time / 3600000 * case q.warehouse_size
      when 'X-Small' then 1 when 'Small' then 2 when 'Medium' then 4 when 'Large' then 8
      when 'X-Large' then 16 when '2X-Large' then 32 when '3X-Large' then 64 when '4X-Large' then 128
      when '5X-Large' then 256 when '6X-Large' then 512 else 0 end as est_credits
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -1, current_timestamp())
    and q.execution_status = 'SUCCESS'
    and q.warehouse_size is not null
    and q.query_type not like 'CREATE%'
    and q.partitions_total >= 100
    and q.partitions_scanned >= 0.5 * q.partitions_total
)
select
  s.query_hash as query_hash,
  min(left(s.query_text, 300)) as sample_text,
  min(s.warehouse_name) as warehouse_name,
  listagg(distinct s.user_name, ',') as users,
  count(*) as runs,
  sum(s.execution_time) / 1000 as exec_s,
  sum(s.bytes_scanned) as bytes_scanned,
  max(s.partitions_total) as max_partitions_total,
  avg(s.partitions_scanned / s.partitions_total) as avg_scan_ratio,
  sum(s.est_credits) as est_credits
from scans as s
group by s.query_hash
order by exec_s desc, query_hash
limit 50;
