-- name: storage_by_database
-- summary: Storage per database with its 30-day growth and time-travel / fail-safe share, and the tables whose retention costs more than their data.
-- grain: one row per database (first statement); one row per table worth a retention review (second statement)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: growth_pct=50, min_growth_gb=100, overhead_share=0.5, min_overhead_gb=10, usd_per_tb_month=23
-- labels: alert_type, finding, database, table
-- runbook: Make high-churn tables TRANSIENT or lower DATA_RETENTION_TIME_IN_DAYS; drop unused clones and databases.

-- Latest day against the first day of the window. average_database_bytes includes Time Travel.
with usage as (
  select
    s.database_name as database_name,
    s.usage_date as usage_date,
    coalesce(s.average_database_bytes, 0) as database_bytes,
    coalesce(s.average_failsafe_bytes, 0) as failsafe_bytes
  from snowflake.account_usage.database_storage_usage_history as s
  where s.usage_date >= dateadd('day', -31, date_trunc('day', current_timestamp()))
    and s.deleted is null
),
bounds as (
  select
    max(u.usage_date) as latest_date,
    min(u.usage_date) as first_date
  from usage as u
),
per_database as (
  select
    u.database_name as database_name,
    sum(case when u.usage_date = b.latest_date then u.database_bytes else 0 end) as database_bytes,
    sum(case when u.usage_date = b.latest_date then u.failsafe_bytes else 0 end) as failsafe_bytes,
    sum(case when u.usage_date = b.first_date then u.database_bytes + u.failsafe_bytes else 0 end) as first_total_bytes,
    max(b.latest_date) as latest_date,
    max(b.first_date) as first_date
  from usage as u
  cross join bounds as b
  group by u.database_name
),
retention as (
  select
    t.table_catalog as database_name,
    sum(coalesce(t.time_travel_bytes, 0)) as time_travel_bytes,
    sum(coalesce(t.active_bytes, 0)) as active_bytes
  from snowflake.account_usage.table_storage_metrics as t
  where t.deleted = false
  group by t.table_catalog
)
select
  p.database_name as database_name,
  (p.database_bytes + p.failsafe_bytes) / power(1024, 3) as total_gb,
  p.database_bytes / power(1024, 3) as database_gb,
  p.failsafe_bytes / power(1024, 3) as failsafe_gb,
  coalesce(r.time_travel_bytes, 0) / power(1024, 3) as time_travel_gb,
  coalesce(r.active_bytes, 0) / power(1024, 3) as active_gb,
  p.first_total_bytes / power(1024, 3) as first_total_gb,
  p.first_date as first_date,
  p.latest_date as latest_date
from per_database as p
left join retention as r on r.database_name = p.database_name
order by total_gb desc, database_name
limit 500;

-- Retention review: permanent tables whose time travel + fail-safe outweigh their active data.
with metrics as (
  select
    m.id as table_id,
    m.active_bytes as active_bytes,
    m.time_travel_bytes as time_travel_bytes,
    m.failsafe_bytes as failsafe_bytes
  from snowflake.account_usage.table_storage_metrics as m
  where m.deleted = false
    and m.time_travel_bytes + m.failsafe_bytes > 1 * power(1024, 3)
),
live_tables as (
  select
    t.table_id as table_id,
    t.table_catalog as database_name,
    t.table_schema as schema_name,
    t.table_name as table_name,
    t.is_transient as is_transient,
    t.retention_time as retention_time
  from snowflake.account_usage.tables as t
  where t.deleted is null
)
select
  t.database_name as database_name,
  t.schema_name as schema_name,
  t.table_name as table_name,
  t.is_transient as is_transient,
  t.retention_time as retention_time,
  m.active_bytes / power(1024, 3) as active_gb,
  m.time_travel_bytes / power(1024, 3) as time_travel_gb,
  m.failsafe_bytes / power(1024, 3) as failsafe_gb
from metrics as m
join live_tables as t on t.table_id = m.table_id
order by (m.time_travel_bytes + m.failsafe_bytes) desc, t.database_name, t.table_name
limit 100;
