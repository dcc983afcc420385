-- name: budgets
-- summary: Credits per owner and team this calendar month (UTC) from Snowflake's query attribution, against the budgets: in config: 75 / 90 / 100 % and a month-end projection at the last 7 days' burn rate.
-- grain: one row per owner and team seen since the month began or in the last 7 days (the evaluator adds one row per configured budget)
-- source: account_usage
-- cost: warehouse
-- cadence: 1h
-- thresholds: warn_pct=75, high_pct=90, limit_pct=100, projected_pct=100, min_data_hours=24
-- labels: alert_type, budget, owner, team, threshold, cycle_start, finding
-- runbook: Look at the team's most expensive queries and dbt models this month (top_queries, dbt_query_history); right-size, reschedule or prune them, or agree a larger budget.

-- One statement: QUERY_ATTRIBUTION_HISTORY and QUERY_HISTORY are each read once, over one bounded window
-- (the month so far, or the last 7 days when the month is younger), pruned on start_time. QUERY_HISTORY
-- is read only for statements whose text holds "dbt" (dbt's query comment with its node meta).
-- Who owns a statement:
--   owner: dbt's node meta (the comment's node_meta / meta, then the tag's), else the JSON QUERY_TAG's
--          "owner" key; a string (split on commas) or a list, as Elementary and dbt_query_history read it.
--   team:  the JSON QUERY_TAG's "team" key, else dbt's node meta "team".
-- Both come back as JSON text (to_json) so a list of owners survives; the evaluator splits them.
-- Credits: CREDITS_ATTRIBUTED_COMPUTE (+ query acceleration) counts execution only: no warehouse idle
-- time, no cloud services, no queries shorter than ~100 ms, so a team's spend here is a floor of what its
-- warehouses billed. The view lags up to ~8 hours: last_at says how far the data reaches.
with attributed as (
  select
    a.query_id as query_id,
    a.start_time as start_time,
    a.end_time as end_time,
    case when a.query_tag like '{%' then a.query_tag end as json_tag,
    a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0) as credits
  from snowflake.account_usage.query_attribution_history as a
  where a.start_time >= least(date_trunc('month', current_timestamp()), dateadd('day', -7, current_timestamp()))
),
comments as (
  select
    q.query_id as query_id,
    regexp_substr(q.query_text, $$/\*\s*(\{[^*]*?"app"\s*:\s*"dbt".*?\})\s*\*/$$, 1, 1, 'es', 1) as dbt_comment
  from snowflake.account_usage.query_history as q
  where q.start_time >= least(date_trunc('month', current_timestamp()), dateadd('day', -7, current_timestamp()))
    and q.query_text like '%"dbt"%'
),
parsed as (
  select
    a.start_time as start_time,
    a.end_time as end_time,
    a.credits as credits,
    try_parse_json(c.dbt_comment) as c,
    try_parse_json(a.json_tag) as t
  from attributed as a
  left join comments as c on c.query_id = a.query_id
),
owned as (
  select
    p.start_time as start_time,
    p.end_time as end_time,
    p.credits as credits,
    to_json(coalesce(p.c:node_meta:owner, p.c:meta:owner, p.t:node_meta:owner, p.t:meta:owner, p.t:owner)) as owner,
    to_json(coalesce(p.t:team, p.c:node_meta:team, p.c:meta:team, p.t:node_meta:team, p.t:meta:team)) as team
  from parsed as p
)
select
  o.owner as owner,
  o.team as team,
  sum(case when o.start_time >= date_trunc('month', current_timestamp()) then o.credits else 0 end) as month_credits,
  sum(case when o.start_time >= dateadd('day', -7, current_timestamp()) then o.credits else 0 end) as recent_credits,
  sum(case when o.start_time >= date_trunc('month', current_timestamp()) then 1 else 0 end) as month_queries,
  min(o.start_time) as first_at,
  max(o.end_time) as last_at
from owned as o
group by o.owner, o.team
order by month_credits desc
limit 1000;
