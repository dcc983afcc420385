-- name: credits_by_warehouse
-- summary: Credits per warehouse this month, with the last complete day against its 28-day baseline, and billed against used credits.
-- grain: one row per warehouse (first statement); one row for the month (second statement)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: spike_ratio=2.0, min_daily_credits=5
-- labels: alert_type, warehouse, finding
-- runbook: Look at the top warehouses and queries this cycle; right-size or reschedule.

-- Per warehouse: month to date, last 7 days, the last complete UTC day and the average day of the 28
-- days before it. Metering lags up to 3 h, so "today" is left out of the spike comparison.
with metering as (
  select
    m.warehouse_name as warehouse_name,
    date_trunc('day', m.start_time) as usage_day,
    m.credits_used as credits_used,
    m.credits_used_compute as credits_compute,
    m.credits_used_cloud_services as credits_cloud_services
  from snowflake.account_usage.warehouse_metering_history as m
  where m.start_time >= dateadd('day', -35, date_trunc('day', current_timestamp()))
    and m.warehouse_id > 0
),
daily as (
  select
    d.warehouse_name as warehouse_name,
    d.usage_day as usage_day,
    sum(d.credits_used) as day_credits,
    sum(d.credits_compute) as day_compute,
    sum(d.credits_cloud_services) as day_cloud_services
  from metering as d
  group by d.warehouse_name, d.usage_day
),
per_warehouse as (
  select
    w.warehouse_name as warehouse_name,
    sum(case when w.usage_day >= date_trunc('month', current_timestamp()) then w.day_credits else 0 end) as credits,
    sum(case when w.usage_day >= date_trunc('month', current_timestamp()) then w.day_compute else 0 end) as compute_credits,
    sum(case when w.usage_day >= date_trunc('month', current_timestamp()) then w.day_cloud_services else 0 end) as cloud_services_credits,
    sum(case when w.usage_day >= dateadd('day', -7, date_trunc('day', current_timestamp())) then w.day_credits else 0 end) as credits_7d,
    sum(case when w.usage_day = dateadd('day', -1, date_trunc('day', current_timestamp())) then w.day_credits else 0 end) as last_day_credits,
    sum(case when w.usage_day >= dateadd('day', -29, date_trunc('day', current_timestamp()))
              and w.usage_day < dateadd('day', -1, date_trunc('day', current_timestamp())) then w.day_credits else 0 end) / 28 as baseline_daily_credits
  from daily as w
  group by w.warehouse_name
)
select
  p.warehouse_name as warehouse_name,
  p.credits as credits,
  p.compute_credits as compute_credits,
  p.cloud_services_credits as cloud_services_credits,
  p.credits_7d as credits_7d,
  p.last_day_credits as last_day_credits,
  p.baseline_daily_credits as baseline_daily_credits
from per_warehouse as p
order by p.credits desc, p.warehouse_name
limit 200;

-- The month so far as billed: METERING_DAILY_HISTORY applies the daily 10 % cloud-services adjustment
-- and includes serverless features, which warehouse metering does not.
with billed as (
  select
    h.service_type as service_type,
    h.credits_used as credits_used,
    h.credits_adjustment_cloud_services as credits_adjustment,
    h.credits_billed as credits_billed
  from snowflake.account_usage.metering_daily_history as h
  where h.usage_date >= date_trunc('month', current_timestamp())
)
select
  coalesce(sum(b.credits_used), 0) as credits_used,
  coalesce(sum(b.credits_adjustment), 0) as credits_adjustment,
  coalesce(sum(b.credits_billed), 0) as credits_billed,
  coalesce(sum(case when b.service_type = 'WAREHOUSE_METERING' then b.credits_billed else 0 end), 0) as warehouse_credits_billed,
  count(*) as service_days
from billed as b;
