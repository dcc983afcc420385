-- name: warehouse_config
-- summary: Idle and misconfigured warehouses: auto_suspend off or too high, no monitor, resume thrash, unused for 30 days.
-- grain: one row per warehouse
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: max_auto_suspend_s=600, recommended_auto_suspend_s=60, resume_thrash_per_hour=20
-- labels: alert_type, finding, warehouse
-- runbook: Set AUTO_SUSPEND to 60 s, assign a resource monitor, batch the jobs that resume the warehouse, drop what nobody uses.

-- The two SHOW statements wake no warehouse and are shared with resource_monitors within a run.
show warehouses;
show resource monitors;

-- Metering over 30 days: which warehouses ran at all, and their idle compute (not attributed to queries).
-- CREDITS_ATTRIBUTED_COMPUTE_QUERIES lags up to 6 h, so idle reads only hours that ended 6 h or more
-- before the current hour began; a newer hour would count as all idle.
with metering as (
  select
    m.warehouse_name as warehouse_name,
    m.credits_used as credits_used,
    case when m.start_time < dateadd('hour', -6, date_trunc('hour', current_timestamp()))
         then m.credits_used_compute - coalesce(m.credits_attributed_compute_queries, 0) else 0 end as credits_idle
  from snowflake.account_usage.warehouse_metering_history as m
  where m.start_time >= dateadd('day', -30, current_timestamp())
    and m.warehouse_id > 0
)
select
  w.warehouse_name as warehouse_name,
  sum(w.credits_used) as credits_30d,
  sum(w.credits_idle) as idle_credits_30d,
  count(*) as metered_hours
from metering as w
group by w.warehouse_name
order by credits_30d desc, warehouse_name
limit 1000;

-- Resumes over 7 days and the busiest hour: each resume bills at least 60 s.
-- One resume is one RESUME_WAREHOUSE row with event_state STARTED: the whole warehouse going from
-- suspended to running (auto-resume, ALTER ... RESUME, or CREATE with INITIALLY_SUSPENDED = FALSE).
-- Since behaviour change 2024_04 (bcr-1616) that row is never followed by a COMPLETED one: Snowflake logs
-- RESUME_WAREHOUSE STARTED, then RESUME_CLUSTER per cluster started and WAREHOUSE_CONSISTENT (accounts
-- still on the older log had STARTED and COMPLETED rows, so STARTED counts each resume once either way).
-- RESUME_CLUSTER is not counted: a multi-cluster warehouse logs one per cluster at each resume and one
-- more each time scaling adds a cluster (reason MULTICLUSTER_SPINUP) while it is already running; a
-- scale-out is a scaling-policy cost, not a resume of the warehouse.
with resumes as (
  select
    e.warehouse_name as warehouse_name,
    date_trunc('hour', e.timestamp) as resume_hour
  from snowflake.account_usage.warehouse_events_history as e
  where e.timestamp >= dateadd('day', -7, current_timestamp())
    and e.event_name = 'RESUME_WAREHOUSE'
    and e.event_state = 'STARTED'
),
hourly as (
  select
    r.warehouse_name as warehouse_name,
    r.resume_hour as resume_hour,
    count(*) as resumes
  from resumes as r
  group by r.warehouse_name, r.resume_hour
)
select
  h.warehouse_name as warehouse_name,
  sum(h.resumes) as resumes_7d,
  max(h.resumes) as max_resumes_per_hour
from hourly as h
group by h.warehouse_name
order by resumes_7d desc, warehouse_name
limit 1000;
