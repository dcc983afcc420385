/**
 * The emulator's driver sessions: who logged in, their tokens, their context (warehouse, role, database,
 * schema), their session parameters and their DuckDB connection. Token checks live here; HTTP does not.
 */

import { randomBytes } from 'node:crypto';
import type { Tenant } from './account-directory.js';
import type { EngineSession } from './engine.js';
import type { BillingHook } from './run-statement.js';
import type { SessionParameterValue } from './dialect-commands.js';

/** Snowflake's defaults the driver needs in every response (protocol reference §4, §5.2 #2 and #4). */
export const DEFAULT_PARAMETERS: Readonly<Record<string, SessionParameterValue>> = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY: 3600,
};

export const SESSION_TOKEN_VALIDITY_S = 3600;
export const MASTER_TOKEN_VALIDITY_S = 14_400;

export interface Session {
  readonly id: number;
  /** The account the session logged in to. */
  readonly tenant: Tenant<BillingHook>;
  readonly user: string;
  token: string;
  readonly masterToken: string;
  /** The fault generation the session token was issued in; older generations are expired. */
  tokenGeneration: number;
  /** Wall-clock expiry of the session token (tokens follow real time, not the emulator clock). */
  tokenExpiresAtMs: number;
  warehouse: string | null;
  role: string | null;
  database: string | null;
  schema: string | null;
  /** Session parameters set at login or by ALTER SESSION, upper-case names. */
  readonly parameters: Map<string, SessionParameterValue>;
  readonly engine: EngineSession;
  lastQueryId: string | null;
}

export type TokenCheck =
  { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly code: '390111' | '390112'; readonly message: string };

const newToken = (prefix: string): string => `${prefix}${randomBytes(24).toString('base64url')}`;

export class SessionStore {
  #nextId = 1_000_001;
  readonly #byToken = new Map<string, Session>();
  readonly #byMaster = new Map<string, Session>();

  create(init: {
    readonly tenant: Tenant<BillingHook>;
    readonly user: string;
    readonly warehouse: string | null;
    readonly role: string | null;
    readonly database: string | null;
    readonly schema: string | null;
    readonly parameters: ReadonlyMap<string, SessionParameterValue>;
    readonly engine: EngineSession;
    readonly tokenGeneration: number;
  }): Session {
    const session: Session = {
      id: this.#nextId++,
      tenant: init.tenant,
      user: init.user,
      token: newToken('ver:1-hint:emu-ST-'),
      masterToken: newToken('ver:1-hint:emu-MT-'),
      tokenGeneration: init.tokenGeneration,
      tokenExpiresAtMs: Date.now() + SESSION_TOKEN_VALIDITY_S * 1000,
      warehouse: init.warehouse,
      role: init.role,
      database: init.database,
      schema: init.schema,
      parameters: new Map(init.parameters),
      engine: init.engine,
      lastQueryId: null,
    };
    this.#byToken.set(session.token, session);
    this.#byMaster.set(session.masterToken, session);
    return session;
  }

  /** The account (its tenant's name) a session or master token belongs to, if it is one. */
  accountOf(token: string | undefined): string | undefined {
    if (token === undefined) return undefined;
    return (this.#byToken.get(token) ?? this.#byMaster.get(token))?.tenant.name;
  }

  /** Finds the session of a session token, or says why not. */
  check(token: string | undefined, tokenGeneration: number): TokenCheck {
    const session = token === undefined ? undefined : this.#byToken.get(token);
    if (session === undefined) {
      return { ok: false, code: '390111', message: 'Session no longer exists.  New login required to access the service.' };
    }
    if (session.tokenGeneration !== tokenGeneration || session.tokenExpiresAtMs <= Date.now()) {
      return { ok: false, code: '390112', message: 'Your session has expired. Please login again.' };
    }
    return { ok: true, session };
  }

  /** Issues a new session token for the holder of a master token; undefined when unknown. */
  renew(masterToken: string | undefined, tokenGeneration: number): Session | undefined {
    const session = masterToken === undefined ? undefined : this.#byMaster.get(masterToken);
    if (session === undefined) return undefined;
    this.#byToken.delete(session.token);
    session.token = newToken('ver:1-hint:emu-ST-');
    session.tokenGeneration = tokenGeneration;
    session.tokenExpiresAtMs = Date.now() + SESSION_TOKEN_VALIDITY_S * 1000;
    this.#byToken.set(session.token, session);
    return session;
  }

  /** Ends a session and closes its DuckDB connection. */
  delete(session: Session): void {
    this.#byToken.delete(session.token);
    this.#byMaster.delete(session.masterToken);
    session.engine.close();
  }

  all(): Session[] {
    return [...this.#byMaster.values()];
  }
}

/** The `parameters` array a response carries: defaults overlaid with the session's (and the statement's). */
export function responseParameters(
  session: Session,
  statementParameters?: ReadonlyMap<string, SessionParameterValue>,
): { name: string; value: SessionParameterValue }[] {
  const merged = new Map<string, SessionParameterValue>(Object.entries(DEFAULT_PARAMETERS));
  for (const [k, v] of session.parameters) merged.set(k, v);
  for (const [k, v] of statementParameters ?? []) merged.set(k, v);
  return [...merged].map(([name, value]) => ({ name, value }));
}
