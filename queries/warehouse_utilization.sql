-- name: warehouse_utilization
-- summary: Hour × ISO-weekday heatmap of warehouse credits over 28 days, with the share spent idle.
-- grain: one row per (iso_dow, hour_utc) with credits; one row per warehouse for idle spend (second statement)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: idle_share=0.5, low_utilization=0.2, min_idle_credits=10
-- labels: alert_type, finding, warehouse
-- runbook: Lower auto_suspend on idle-heavy warehouses, consolidate quiet hours onto fewer warehouses, or reschedule jobs.

-- Busy = credits attributed to queries; the rest of compute is idle time. The attributed column lags
-- up to 6 h, so the last 6 hours are left out. iso_dow 1 = Monday; hours in UTC whatever the session time zone.
with metering as (
  select
    dayofweekiso(convert_timezone('UTC', m.start_time)) as iso_dow,
    hour(convert_timezone('UTC', m.start_time)) as hour_utc,
    m.credits_used_compute as credits_compute,
    coalesce(m.credits_attributed_compute_queries, 0) as credits_busy
  from snowflake.account_usage.warehouse_metering_history as m
  where m.start_time >= dateadd('day', -28, date_trunc('day', current_timestamp()))
    and m.start_time < dateadd('hour', -6, current_timestamp())
    and m.warehouse_id > 0
)
select
  h.iso_dow as iso_dow,
  h.hour_utc as hour_utc,
  sum(h.credits_compute) as credits,
  sum(h.credits_busy) as busy_credits,
  case when sum(h.credits_compute) = 0 then 0 else sum(h.credits_busy) / sum(h.credits_compute) end as utilization
from metering as h
group by h.iso_dow, h.hour_utc
order by iso_dow, hour_utc
limit 168;

with metering as (
  select
    m.warehouse_name as warehouse_name,
    m.credits_used_compute as credits_compute,
    coalesce(m.credits_attributed_compute_queries, 0) as credits_busy
  from snowflake.account_usage.warehouse_metering_history as m
  where m.start_time >= dateadd('day', -28, date_trunc('day', current_timestamp()))
    and m.start_time < dateadd('hour', -6, current_timestamp())
    and m.warehouse_id > 0
)
select
  w.warehouse_name as warehouse_name,
  sum(w.credits_compute) as compute_credits,
  sum(w.credits_busy) as busy_credits,
  sum(w.credits_compute) - sum(w.credits_busy) as idle_credits
from metering as w
group by w.warehouse_name
order by idle_credits desc, warehouse_name
limit 200;
