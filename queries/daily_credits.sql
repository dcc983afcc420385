-- name: daily_credits
-- summary: Credits billed per day over the last 30 days, for the dashboard's spend trend.
-- grain: one row per day
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- labels: alert_type
-- runbook: Look at the days that stand out: the top warehouses and queries of those days.

-- METERING_DAILY_HISTORY is what Snowflake bills: warehouses, serverless features and cloud services
-- after the daily 10 % adjustment. It lags up to a few hours, so today is partial; reads 31 rows at most.
with billed as (
  select
    h.usage_date as usage_date,
    h.credits_used as credits_used,
    h.credits_billed as credits_billed
  from snowflake.account_usage.metering_daily_history as h
  where h.usage_date >= dateadd('day', -30, current_date())
)
select
  b.usage_date as usage_date,
  sum(b.credits_used) as credits_used,
  sum(b.credits_billed) as credits_billed
from billed as b
group by b.usage_date
order by b.usage_date
limit 31;
