-- name: service_account_audit
-- summary: Who holds ACCOUNTADMIN / SECURITYADMIN (directly or through role inheritance), password-only service users, human admins without MFA, pipelines run by personal users, users without a network policy.
-- grain: one row per user holding an admin role (first statement); one row per user (second); one row per personal user running pipeline statements (third)
-- source: account_usage
-- cost: warehouse
-- cadence: 1d
-- thresholds: min_pipeline_statements=1
-- labels: alert_type, user, finding
-- runbook: Move service users to key-pair auth (TYPE = SERVICE), revoke admin roles they do not need, enforce MFA for human admins, attach a network policy, and run pipelines as service users.

-- Role edges: GRANT ROLE child TO ROLE parent means parent inherits child. Walked up from the admin
-- roles to every role that contains one, then joined to the users holding those roles.
with recursive role_edges as (
  select
    g.name as child_role,
    g.grantee_name as parent_role
  from snowflake.account_usage.grants_to_roles as g
  where g.granted_on = 'ROLE'
    and g.privilege = 'USAGE'
    and g.deleted_on is null
),
admin_roles as (
  select 'ACCOUNTADMIN' as admin_role
  union all
  select 'SECURITYADMIN' as admin_role
),
admin_holders (role_name, admin_role, inheritance_path, depth) as (
  select
    cast(r.admin_role as varchar) as role_name,
    cast(r.admin_role as varchar) as admin_role,
    cast(r.admin_role as varchar) as inheritance_path,
    cast(0 as integer) as depth
  from admin_roles as r
  union all
  select
    e.parent_role as role_name,
    h.admin_role as admin_role,
    e.parent_role || ' > ' || h.inheritance_path as inheritance_path,
    h.depth + 1 as depth
  from admin_holders as h
  join role_edges as e on e.child_role = h.role_name
  where h.depth < 20
    -- never walk a role twice: Snowflake forbids circular grants, but a cycle must not loop or repeat
    and position(' > ' || e.parent_role || ' > ' in ' > ' || h.inheritance_path || ' > ') = 0
),
user_admin as (
  select
    gu.grantee_name as user_name,
    h.admin_role as admin_role,
    h.inheritance_path as inheritance_path,
    h.depth as depth
  from snowflake.account_usage.grants_to_users as gu
  join admin_holders as h on h.role_name = gu.role
  where gu.deleted_on is null
),
users as (
  select
    u.name as user_name,
    coalesce(u.type, 'PERSON') as user_type,
    coalesce(u.has_password, false) as has_password,
    coalesce(u.has_rsa_public_key, false) as has_rsa_public_key,
    coalesce(u.has_mfa, false) or coalesce(u.ext_authn_duo, false) as has_mfa,
    u.default_role as default_role
  from snowflake.account_usage.users as u
  where u.deleted_on is null
    and lower(coalesce(cast(u.disabled as varchar), 'false')) <> 'true'
)
select
  u.user_name as user_name,
  u.user_type as user_type,
  u.has_password as has_password,
  u.has_rsa_public_key as has_rsa_public_key,
  u.has_mfa as has_mfa,
  u.default_role as default_role,
  listagg(distinct a.admin_role, ',') as admin_roles,
  min_by(a.inheritance_path, a.depth) as inheritance_path,
  min(a.depth) as min_hops
from users as u
join user_admin as a on a.user_name = u.user_name
group by u.user_name, u.user_type, u.has_password, u.has_rsa_public_key, u.has_mfa, u.default_role
order by user_name
limit 1000;

-- Every active user with how they log in and whether a network policy applies (user or account level).
with users as (
  select
    u.name as user_name,
    coalesce(u.type, 'PERSON') as user_type,
    coalesce(u.has_password, false) as has_password,
    coalesce(u.has_rsa_public_key, false) as has_rsa_public_key,
    coalesce(u.has_mfa, false) or coalesce(u.ext_authn_duo, false) as has_mfa
  from snowflake.account_usage.users as u
  where u.deleted_on is null
    and lower(coalesce(cast(u.disabled as varchar), 'false')) <> 'true'
),
user_policies as (
  select
    p.ref_entity_name as user_name,
    min(p.policy_name) as network_policy
  from snowflake.account_usage.policy_references as p
  where p.policy_kind = 'NETWORK_POLICY'
    and p.ref_entity_domain = 'USER'
  group by p.ref_entity_name
),
account_policy as (
  select
    min(p.policy_name) as network_policy
  from snowflake.account_usage.policy_references as p
  where p.policy_kind = 'NETWORK_POLICY'
    and p.ref_entity_domain = 'ACCOUNT'
)
select
  u.user_name as user_name,
  u.user_type as user_type,
  u.has_password as has_password,
  u.has_rsa_public_key as has_rsa_public_key,
  u.has_mfa as has_mfa,
  coalesce(up.network_policy, ap.network_policy) as network_policy
from users as u
left join user_policies as up on up.user_name = u.user_name
cross join account_policy as ap
order by user_name
limit 10000;

-- Personal (PERSON) users running pipeline work over 7 days: dbt or pipeline query tags, or loads.
with people as (
  select
    u.name as user_name
  from snowflake.account_usage.users as u
  where u.deleted_on is null
    and coalesce(u.type, 'PERSON') = 'PERSON'
),
pipeline_statements as (
  select
    q.user_name as user_name,
    q.query_type as query_type,
    q.query_tag as query_tag,
    q.start_time as start_time
  from snowflake.account_usage.query_history as q
  where q.start_time >= dateadd('day', -7, current_timestamp())
    and coalesce(q.query_tag, '') not like '%"app":"snowmon"%'
    and (lower(coalesce(q.query_tag, '')) like '%dbt%'
      or lower(coalesce(q.query_tag, '')) like '%pipeline%'
      or q.query_type in ('INSERT', 'MERGE', 'COPY'))
)
select
  s.user_name as user_name,
  count(*) as statements,
  listagg(distinct s.query_type, ',') as query_types,
  min(s.query_tag) as sample_query_tag,
  max(s.start_time) as last_seen
from pipeline_statements as s
join people as p on p.user_name = s.user_name
group by s.user_name
order by statements desc, user_name
limit 1000;
