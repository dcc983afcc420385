-- name: self_cost
-- summary: Credits snowmon itself spent over 30 days from its warehouse's metering (compute, cloud services, idle), and its tagged statements per check over 7 days.
-- grain: one row per snowmon check (first statement); one row for snowmon's warehouse (second statement)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: max_credits_per_day=0.5
-- labels: alert_type, finding, warehouse
-- runbook: Run warehouse checks less often, batch them in one cycle, and keep snowmon on its own XS warehouse with AUTO_SUSPEND = 60.

-- Every snowmon statement carries QUERY_TAG {"app":"snowmon","check":"<name>"}. A statement's cloud
-- services are already inside its warehouse's metered CREDITS_USED: this breakdown is never added on top.
-- 7 days, like the other QUERY_HISTORY scans: 30 days of a large account's history would make this
-- breakdown the audit's most expensive statement.
with tagged as (
  select
    q.query_tag as query_tag,
    q.execution_time as execution_time,
    q.credits_used_cloud_services as credits_cloud_services
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -7, current_timestamp())
    and q.query_tag like '%"app":"snowmon"%'
)
select
  t.query_tag as query_tag,
  count(*) as statements,
  sum(t.execution_time) / 1000 as exec_s,
  sum(coalesce(t.credits_cloud_services, 0)) as cloud_services_credits
from tagged as t
group by t.query_tag
order by statements desc, query_tag
limit 100;

-- snowmon's warehouse (a bind parameter; the session's warehouse when the value is NULL).
-- CREDITS_USED = CREDITS_USED_COMPUTE + CREDITS_USED_CLOUD_SERVICES. Metering lags up to 3 h, its cloud
-- services and CREDITS_ATTRIBUTED_COMPUTE_QUERIES up to 6 h, so the day and the idle figures read only
-- settled hours: those that ended at least 6 hours before the current hour began.
with metering as (
  select
    m.start_time as start_time,
    m.credits_used as credits_used,
    m.credits_used_compute as credits_compute,
    m.credits_used_cloud_services as credits_cloud_services,
    coalesce(m.credits_attributed_compute_queries, 0) as credits_busy,
    m.start_time < dateadd('hour', -6, date_trunc('hour', current_timestamp())) as settled
  from snowflake.account_usage.warehouse_metering_history as m
  where m.start_time >= dateadd('day', -30, current_timestamp())
    and m.warehouse_name = upper(coalesce(?, current_warehouse()))
)
select
  upper(coalesce(?, current_warehouse())) as warehouse_name,
  coalesce(sum(w.credits_used), 0) as credits_30d,
  coalesce(sum(w.credits_compute), 0) as compute_credits_30d,
  coalesce(sum(w.credits_cloud_services), 0) as cloud_services_credits_30d,
  coalesce(sum(case when w.settled and w.start_time >= dateadd('hour', -30, date_trunc('hour', current_timestamp()))
                    then w.credits_used else 0 end), 0) as credits_1d,
  coalesce(sum(case when w.settled then w.credits_compute else 0 end), 0) as settled_compute_credits,
  coalesce(sum(case when w.settled then w.credits_compute - w.credits_busy else 0 end), 0) as idle_credits,
  count(*) as metered_hours
from metering as w;
