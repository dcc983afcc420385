-- name: resource_monitors
-- summary: Resource monitors against their quota this cycle, suspended warehouses, coverage gaps and a cycle-end projection.
-- grain: one row per resource monitor
-- source: show
-- cost: free
-- cadence: 1m
-- thresholds: warn_pct=75, high_pct=90, limit_pct=100, projected_pct=100, min_elapsed_pct=20, min_data_hours=24
-- labels: alert_type, monitor, threshold, cycle_start, warehouse, finding, component
-- runbook: Look at the top warehouses and queries this cycle; right-size or reschedule. At 100 % review top queries, right-size, or raise the quota.

-- SHOW wakes no warehouse. The cycle (from frequency + start_time, resets 00:00 UTC), the percent of
-- quota, each monitor's own triggers and the coverage of each warehouse are computed by the evaluator.
-- Default schedule: a monitor created without FREQUENCY / START_TIMESTAMP resets on the 1st of each month,
-- yet SHOW prints it as MONTHLY with start_time = its creation time. So a MONTHLY monitor whose start_time
-- is its created_on (within a minute) is read as calendar-month; any other start_time anchors the resets.
-- SHOW cannot tell that apart from an explicit START_TIMESTAMP = IMMEDIATELY: set
-- checks.resource_monitors.monitors.<NAME>.cycle (calendar_month | start_time) in config when it guesses wrong.
-- Projection: pct / elapsed share of the cycle, only after min_elapsed_pct % of the cycle and
-- min_data_hours hours (capped at half the cycle) have passed; before that the row says "too early to project".
show resource monitors;
show warehouses;
