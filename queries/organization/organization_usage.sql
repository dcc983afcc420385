-- name: organization_usage
-- summary: The organization's bill from ORGANIZATION_USAGE (read in the organization account): spend in currency per account and day, the remaining balance and the contract; an org-wide monthly budget, a low balance, and each watched account's own metering against the bill.
-- grain: one row per account and day (40 days), per balance day (10 days) and per contract item
-- source: organization_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: warn_pct=75, high_pct=90, limit_pct=100, projected_pct=100, min_data_days=3, gap_pct=5, min_gap_usd=10, min_balance_days=30
-- labels: alert_type, budget, threshold, cycle_start, finding, account
-- runbook: Compare the accounts' spend with the contract: find the account and service that grew (the per-account reports), and talk to the account team before the balance runs out.

-- Read once a day: USAGE_IN_CURRENCY_DAILY and REMAINING_BALANCE_DAILY lag up to 72 hours and
-- CONTRACT_ITEMS up to 24 hours, and a day's figures may change until the month closes. Customers who
-- bought through a reseller get no rows from these three views. The role needs the SNOWFLAKE database
-- role ORGANIZATION_BILLING_VIEWER (currency figures) in the organization account, or in a regular account
-- with ORGADMIN enabled.
-- 1. Spend per account and day, all of it (billing truth) and the compute part in credits and currency,
--    the part an account's own METERING_DAILY_HISTORY also counts.
select
  u.account_name as account_name,
  u.account_locator as account_locator,
  u.usage_date as usage_date,
  max(u.currency) as currency,
  sum(u.usage_in_currency) as amount,
  sum(case when u.rating_type = 'compute' then u.usage else 0 end) as compute_credits,
  sum(case when u.rating_type = 'compute' then u.usage_in_currency else 0 end) as compute_amount
from snowflake.organization_usage.usage_in_currency_daily as u
where u.usage_date >= dateadd('day', -40, current_date())
group by u.account_name, u.account_locator, u.usage_date
order by u.usage_date, u.account_name
limit 20000;

-- 2. The balance left at the end of each of the last days (several rows a day with several contracts).
select
  b.date as balance_date,
  b.contract_number as contract_number,
  b.currency as currency,
  b.free_usage_balance as free_usage_balance,
  b.capacity_balance as capacity_balance,
  b.rollover_balance as rollover_balance,
  b.on_demand_consumption_balance as on_demand_consumption_balance
from snowflake.organization_usage.remaining_balance_daily as b
where b.date >= dateadd('day', -10, current_date())
order by b.date desc
limit 100;

-- 3. The active contract's items (capacity, additional capacity, free usage).
select
  c.contract_number as contract_number,
  c.contract_item as contract_item,
  c.start_date as start_date,
  c.end_date as end_date,
  c.expiration_date as expiration_date,
  c.currency as currency,
  c.amount as amount
from snowflake.organization_usage.contract_items as c
order by c.start_date desc, c.contract_item
limit 100;
