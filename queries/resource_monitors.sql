-- name: resource_monitors
-- summary: Resource monitors against their quota this cycle, suspended warehouses, coverage gaps and a cycle-end projection.
-- grain: one row per resource monitor
-- source: show
-- cost: free
-- cadence: 1m
-- thresholds: warn_pct=75, high_pct=90, limit_pct=100, projected_pct=100, min_elapsed_pct=5
-- labels: alert_type, monitor, threshold, cycle_start, warehouse, finding, component
-- runbook: Look at the top warehouses and queries this cycle; right-size or reschedule. At 100 % review top queries, right-size, or raise the quota.

-- SHOW wakes no warehouse. The cycle (from frequency + start_time, resets 00:00 UTC), the percent of
-- quota, each monitor's own triggers and the coverage of each warehouse are computed by the evaluator.
show resource monitors;
show warehouses;
