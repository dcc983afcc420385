/**
 * The DuckDB types and macros that give the emulator Snowflake's functions (protocol reference §6.2),
 * run once per DuckDB instance. The frozen clock reaches SQL through the `sf_now` variable the engine
 * sets before each statement. Rewrites macros cannot express live in dialect.ts.
 */

/** `_sf_interval(part, n)`: a Snowflake date part (already normalised by the rewriter) as an INTERVAL. */
const INTERVAL_MACRO = `CREATE OR REPLACE MACRO _sf_interval(part, n) AS CASE lower(part)
  WHEN 'year' THEN to_years(CAST(n AS INTEGER)) WHEN 'quarter' THEN to_months(CAST(n AS INTEGER) * 3)
  WHEN 'month' THEN to_months(CAST(n AS INTEGER)) WHEN 'week' THEN to_days(CAST(n AS INTEGER) * 7)
  WHEN 'day' THEN to_days(CAST(n AS INTEGER)) WHEN 'hour' THEN to_hours(CAST(n AS BIGINT))
  WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT)) WHEN 'second' THEN to_seconds(CAST(n AS DOUBLE))
  WHEN 'millisecond' THEN to_milliseconds(CAST(n AS DOUBLE)) WHEN 'microsecond' THEN to_microseconds(CAST(n AS BIGINT))
  ELSE error('unsupported date part ' || part) END`;

/** Snowflake format strings (`YYYY-MM-DD HH24:MI:SS.FF3`) → strftime. Longest tokens first. */
const FORMAT_MACRO = `CREATE OR REPLACE MACRO _sf_fmt(f) AS
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  f, 'YYYY', '%Y'), 'YY', '%y'), 'HH24', '%H'), 'HH12', '%I'), 'MI', '%M'), 'SS', '%S'), 'FF3', '%g'),
  'FF6', '%f'), 'FF9', '%n'), 'MON', '%b'), 'MM', '%m'), 'DD', '%d'), 'DY', '%a'), 'AM', '%p')`;

export const SETUP_STATEMENTS: readonly string[] = [
  `CREATE TYPE TIMESTAMP_LTZ AS TIMESTAMPTZ`,
  `CREATE TYPE TIMESTAMP_NTZ AS TIMESTAMP`,
  `CREATE TYPE TIMESTAMP_TZ AS TIMESTAMPTZ`,
  `CREATE TYPE NUMBER AS DECIMAL(38,0)`,
  `CREATE TYPE OBJECT AS JSON`,
  // The frozen clock.
  `CREATE OR REPLACE MACRO current_timestamp() AS coalesce(CAST(getvariable('sf_now') AS TIMESTAMPTZ), get_current_timestamp())`,
  `CREATE OR REPLACE MACRO localtimestamp() AS CAST(current_timestamp() AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO sysdate() AS CAST(timezone('UTC', current_timestamp()) AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO getdate() AS current_timestamp()`,
  `CREATE OR REPLACE MACRO current_date() AS CAST(current_timestamp() AS DATE)`,
  // Session context.
  `CREATE OR REPLACE MACRO current_warehouse() AS getvariable('sf_warehouse')`,
  `CREATE OR REPLACE MACRO current_role() AS getvariable('sf_role')`,
  `CREATE OR REPLACE MACRO current_user() AS getvariable('sf_user')`,
  `CREATE OR REPLACE MACRO current_account() AS getvariable('sf_account')`,
  `CREATE OR REPLACE MACRO current_region() AS 'AWS_US_WEST_2'`,
  `CREATE OR REPLACE MACRO current_database() AS getvariable('sf_database')`,
  `CREATE OR REPLACE MACRO current_schema() AS getvariable('sf_schema')`,
  `CREATE OR REPLACE MACRO current_session() AS getvariable('sf_session')`,
  `CREATE OR REPLACE MACRO last_query_id() AS getvariable('sf_last_query_id')`,
  // Dates and times.
  INTERVAL_MACRO,
  `CREATE OR REPLACE MACRO dateadd(part, n, ts) AS ts + _sf_interval(part, n)`,
  `CREATE OR REPLACE MACRO timeadd(part, n, ts) AS ts + _sf_interval(part, n)`,
  `CREATE OR REPLACE MACRO timestampadd(part, n, ts) AS ts + _sf_interval(part, n)`,
  `CREATE OR REPLACE MACRO timestampdiff(part, a, b) AS date_diff(part, a, b)`,
  `CREATE OR REPLACE MACRO timediff(part, a, b) AS date_diff(part, a, b)`,
  `CREATE OR REPLACE MACRO dayofweekiso(ts) AS isodow(ts)`,
  `CREATE OR REPLACE MACRO date_from_parts(y, m, d) AS make_date(CAST(y AS BIGINT), CAST(m AS BIGINT), CAST(d AS BIGINT))`,
  `CREATE OR REPLACE MACRO convert_timezone(tz, ts) AS timezone(tz, ts), (src, tgt, ts) AS timezone(tgt, timezone(src, ts))`,
  FORMAT_MACRO,
  `CREATE OR REPLACE MACRO to_char(x) AS CAST(x AS VARCHAR), (x, fmt) AS strftime(x, _sf_fmt(fmt))`,
  `CREATE OR REPLACE MACRO to_varchar(x) AS CAST(x AS VARCHAR), (x, fmt) AS strftime(x, _sf_fmt(fmt))`,
  `CREATE OR REPLACE MACRO to_date(x) AS CAST(x AS DATE)`,
  `CREATE OR REPLACE MACRO try_to_date(x) AS TRY_CAST(x AS DATE)`,
  `CREATE OR REPLACE MACRO to_timestamp(x) AS CAST(x AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO to_timestamp_ntz(x) AS CAST(x AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO to_timestamp_ltz(x) AS CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE MACRO to_timestamp_tz(x) AS CAST(x AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE MACRO try_to_timestamp(x) AS TRY_CAST(x AS TIMESTAMP)`,
  // Conditionals and nulls.
  `CREATE OR REPLACE MACRO iff(c, a, b) AS CASE WHEN c THEN a ELSE b END`,
  `CREATE OR REPLACE MACRO div0(a, b) AS CASE WHEN b = 0 THEN 0 ELSE a / b END`,
  `CREATE OR REPLACE MACRO div0null(a, b) AS CASE WHEN b = 0 OR b IS NULL THEN 0 ELSE a / b END`,
  `CREATE OR REPLACE MACRO nvl(a, b) AS coalesce(a, b)`,
  `CREATE OR REPLACE MACRO ifnull(a, b) AS coalesce(a, b)`,
  `CREATE OR REPLACE MACRO nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END`,
  `CREATE OR REPLACE MACRO zeroifnull(a) AS coalesce(a, 0)`,
  `CREATE OR REPLACE MACRO nullifzero(a) AS nullif(a, 0)`,
  `CREATE OR REPLACE MACRO equal_null(a, b) AS a IS NOT DISTINCT FROM b`,
  // Conversions.
  `CREATE OR REPLACE MACRO to_number(x) AS CAST(x AS DECIMAL(38,0)), (x, p) AS CAST(x AS DECIMAL(38,0)), (x, p, s) AS CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE MACRO to_decimal(x) AS CAST(x AS DECIMAL(38,0))`,
  `CREATE OR REPLACE MACRO try_to_number(x) AS TRY_CAST(x AS DECIMAL(38,0)), (x, p) AS TRY_CAST(x AS DECIMAL(38,0)), (x, p, s) AS TRY_CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE MACRO try_to_decimal(x) AS TRY_CAST(x AS DECIMAL(38,0))`,
  `CREATE OR REPLACE MACRO to_double(x) AS CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE MACRO try_to_double(x) AS TRY_CAST(x AS DOUBLE)`,
  `CREATE OR REPLACE MACRO _sf_bool(x) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN lower(trim(CAST(x AS VARCHAR))) IN ('true', 't', 'yes', 'y', 'on', '1') THEN true
     WHEN lower(trim(CAST(x AS VARCHAR))) IN ('false', 'f', 'no', 'n', 'off', '0') THEN false
     ELSE NULL END`,
  `CREATE OR REPLACE MACRO try_to_boolean(x) AS _sf_bool(x)`,
  `CREATE OR REPLACE MACRO to_boolean(x) AS CASE WHEN x IS NOT NULL AND _sf_bool(x) IS NULL
     THEN error('Boolean value ''' || CAST(x AS VARCHAR) || ''' is not recognized') ELSE _sf_bool(x) END`,
  `CREATE OR REPLACE MACRO parse_json(s) AS CAST(s AS JSON)`,
  `CREATE OR REPLACE MACRO try_parse_json(s) AS TRY_CAST(s AS JSON)`,
  `CREATE OR REPLACE MACRO to_variant(x) AS CAST(to_json(x) AS JSON)`,
  `CREATE OR REPLACE MACRO array_size(x) AS json_array_length(CAST(x AS JSON))`,
  // Snowflake's argument order is (value, array); DuckDB's list_contains is (list, value).
  `CREATE OR REPLACE MACRO array_contains(v, arr) AS list_contains(arr, v)`,
  `CREATE OR REPLACE MACRO uuid_string() AS CAST(gen_random_uuid() AS VARCHAR)`,
  // Strings and regexes.
  `CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_full_match(s, p)`,
  // REGEXP_SUBSTR(subject, pattern [, position [, occurrence [, parameters [, group]]]]): the first occurrence
  // only; parameters i and s become RE2 inline flags (DuckDB wants constant options), 'e' is implied by a group.
  `CREATE OR REPLACE MACRO _sf_re_flags(params) AS
     CASE WHEN contains(params, 's') THEN '(?s)' ELSE '' END || CASE WHEN contains(params, 'i') THEN '(?i)' ELSE '' END`,
  `CREATE OR REPLACE MACRO regexp_substr(s, p) AS nullif(regexp_extract(s, p), ''),
     (s, p, pos) AS nullif(regexp_extract(substr(s, pos), p), ''),
     (s, p, pos, occ) AS nullif(regexp_extract(substr(s, pos), p), ''),
     (s, p, pos, occ, params) AS nullif(regexp_extract(substr(s, pos), _sf_re_flags(params) || p), ''),
     (s, p, pos, occ, params, grp) AS nullif(regexp_extract(substr(s, pos), _sf_re_flags(params) || p, grp), '')`,
  `CREATE OR REPLACE MACRO charindex(needle, hay) AS instr(hay, needle)`,
  `CREATE OR REPLACE MACRO sha2(s) AS sha256(s), (s, bits) AS sha256(s)`,
  // Aggregates.
  `CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p)`,
  `CREATE OR REPLACE MACRO boolor_agg(x) AS bool_or(x)`,
  `CREATE OR REPLACE MACRO booland_agg(x) AS bool_and(x)`,
  `CREATE OR REPLACE MACRO square(x) AS x * x`,
];
