/**
 * Reads what dbt leaves on a Snowflake statement: its JSON query comment (`/* {"app": "dbt", ...} *\/`,
 * prepended or appended, dbt's default or the dbt_query_tags package's) and a JSON QUERY_TAG whose app is
 * dbt (dbt_query_tags 3.x `dbt_query_tags_version`, dbt_snowflake_query_tags 1.x–2.x
 * `dbt_snowflake_query_tags_version`). Pure parsing; anything that is not dbt's JSON gives nothing.
 */

/** What snowmon uses of a dbt statement's comment and tag; a comment key wins over the tag's. */
export interface DbtQueryMetadata {
  /** `node_id`: the dbt unique_id, e.g. `model.shop.stg_orders`. */
  readonly nodeId?: string;
  readonly invocationId?: string;
  /** `project_name` (the packages), else `profile_name` (dbt's default comment). */
  readonly project?: string;
  readonly target?: string;
  /** `which`: the dbt command (`build`, `run`, `test`...). */
  readonly command?: string;
  /** `pipeline` (or `PIPELINE`), when a project adds it through the comment's or tag's extra keys. */
  readonly pipeline?: string;
  readonly dbtVersion?: string;
  /** The query-tags package version, whichever of its two keys carried it. */
  readonly packageVersion?: string;
  /** Elementary's rule on `node_meta` / `meta` (`owner` a string split on commas, or a list), sorted, joined with `,`. */
  readonly owner?: string;
  /** `node_meta.channel` / `meta.channel`. */
  readonly channel?: string;
  readonly isIncremental?: boolean;
  /** Where the metadata came from. */
  readonly from: readonly ('comment' | 'tag')[];
}

type Json = Record<string, unknown>;

const VERSION_KEYS = ['dbt_query_tags_version', 'dbt_snowflake_query_tags_version'] as const;

/**
 * The dbt comment in `text`: a whole query text (the first `/* {...} *\/` block whose JSON object has
 * `"app": "dbt"`, wherever it sits) or the comment's JSON alone, as the check's SQL extracts it.
 */
export function dbtCommentIn(text: string | null | undefined): Json | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const body = parseObject(trimmed);
    return isDbt(body) ? body : undefined;
  }
  for (let start = text.indexOf('/*'); start >= 0; start = text.indexOf('/*', start + 2)) {
    const end = text.indexOf('*/', start + 2);
    if (end < 0) return undefined;
    const body = parseObject(text.slice(start + 2, end).trim());
    if (isDbt(body)) return body;
  }
  return undefined;
}

/** The QUERY_TAG as dbt's JSON: an object whose `app` is dbt, or that carries a query-tags version key. */
export function dbtQueryTag(tag: string | null | undefined): Json | undefined {
  if (typeof tag !== 'string') return undefined;
  const object = parseObject(tag.trim());
  if (object === undefined) return undefined;
  return isDbt(object) || VERSION_KEYS.some((k) => typeof object[k] === 'string') ? object : undefined;
}

/** Merges the comment in `text` and the tag; undefined when neither is dbt's. */
export function parseDbtQueryMetadata(text: string | null | undefined, tag: string | null | undefined): DbtQueryMetadata | undefined {
  const comment = dbtCommentIn(text);
  const tagged = dbtQueryTag(tag);
  if (comment === undefined && tagged === undefined) return undefined;
  const pick = (...keys: string[]): string | undefined => {
    for (const source of [comment, tagged]) {
      for (const key of keys) {
        const value = source?.[key];
        if (typeof value === 'string' && value.trim() !== '') return value.trim();
      }
    }
    return undefined;
  };
  const meta = [comment?.['node_meta'], comment?.['meta'], tagged?.['node_meta'], tagged?.['meta']].find(isObject);
  const owner = ownersOf(meta?.['owner'] ?? tagged?.['owner']);
  const channel = typeof meta?.['channel'] === 'string' && meta['channel'].trim() !== '' ? meta['channel'].trim() : undefined;
  const incremental = [tagged?.['is_incremental'], comment?.['is_incremental']].find((v): v is boolean => typeof v === 'boolean');
  const fields: Record<string, string | undefined> = {
    nodeId: pick('node_id'),
    invocationId: pick('invocation_id'),
    project: pick('project_name') ?? pick('profile_name'),
    target: pick('target_name'),
    command: pick('which')?.toLowerCase(),
    pipeline: pick('pipeline', 'PIPELINE'),
    dbtVersion: pick('dbt_version'),
    packageVersion: pick(...VERSION_KEYS),
    owner,
    channel,
  };
  return {
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(incremental !== undefined ? { isIncremental: incremental } : {}),
    from: [...(comment ? ['comment' as const] : []), ...(tagged ? ['tag' as const] : [])],
  };
}

function parseObject(text: string): Json | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDbt(object: Json | undefined): object is Json {
  return object !== undefined && typeof object['app'] === 'string' && object['app'].trim().toLowerCase() === 'dbt';
}

/** `"a, b"` or `["b", "a"]` → `a,b`; undefined when there is none. */
function ownersOf(value: unknown): string | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const owners = [...new Set(items.map((o) => o.trim()).filter((o) => o !== ''))].sort();
  return owners.length > 0 ? owners.join(',') : undefined;
}
