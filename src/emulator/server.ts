/**
 * The emulator's HTTP front: the subset of Snowflake's REST protocol snowflake-sdk 3.3.0 speaks
 * (protocol reference §3), on node:http. Every logical outcome is HTTP 200 with `success` true or false;
 * only a deliberate outage answers 503. Statement semantics live in run-statement.ts, login checks here.
 */

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AccountDirectory, Tenant } from './account-directory.js';
import type { SessionParameterValue } from './dialect-commands.js';
import type { ResultSet } from './engine.js';
import { verifyLoginJwt } from './jwt.js';
import type { ActiveFaults, Faults } from './faults.js';
import { ResultCache } from './result-cache.js';
import type { CachedQuery } from './result-cache.js';
import { runStatement } from './run-statement.js';
import type { BillingHook, DriverBinding, StatementDeps, StatementOutcome } from './run-statement.js';
import { MASTER_TOKEN_VALIDITY_S, responseParameters, SESSION_TOKEN_VALIDITY_S, type SessionStore } from './sessions.js';
import type { Session } from './sessions.js';

/** What the server shares across accounts; each session's account brings its own model, clock and billing. */
export interface ServerDeps extends Omit<StatementDeps, 'account' | 'clock' | 'billing' | 'faults'> {
  /** Emulator-wide, with each account's own (a statement meets both). */
  readonly faults: Faults;
  readonly directory: AccountDirectory<BillingHook>;
  readonly sessions: SessionStore;
}

function statementDeps(deps: ServerDeps, tenant: Tenant<BillingHook>): StatementDeps {
  return {
    ...deps,
    account: tenant.account,
    clock: tenant.clock,
    billing: tenant.billing,
    faults: deps.faults.for(tenant.name),
    ...(tenant.refresh ? { refresh: tenant.refresh } : {}),
  };
}

type Body = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function failure(code: string, message: string, data: Body = {}): Body {
  return { success: false, code, message, data: { errorCode: code, ...data }, headers: null };
}

async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let raw = Buffer.concat(chunks);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  if (raw.length === 0) return {};
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Body) : {};
}

function authToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  return /Snowflake Token="([^"]*)"/.exec(header)?.[1];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the HTTP server (not listening yet). */
export function createEmulatorServer(deps: ServerDeps): Server {
  const results = new ResultCache(500);
  // The driver retries a query-request with the same requestId; like Snowflake, answer it from the first run.
  const byRequestId = new ResultCache(500);
  const server = createServer((req, res) => {
    handle(deps, results, byRequestId, req, res).catch((error: unknown) => {
      // A bug in the emulator is still an HTTP 200: a 5xx would make the driver retry for minutes.
      if (!res.headersSent) send(res, failure('000603', `emulator internal error: ${(error as Error).message ?? String(error)}`));
    });
  });
  server.on('connection', (socket) => {
    if (deps.faults.outage === 'refuse') socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Applies the injected outage, dropped connection and latency; false when the request was answered or dropped. */
async function survivesFaults(faults: ActiveFaults, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (faults.outage === 'refuse') {
    req.socket.destroy();
    return false;
  }
  if (faults.outage === '503') {
    send(res, { success: false, message: 'emulated outage' }, 503);
    return false;
  }
  if (path !== '/telemetry/send' && faults.takeDrop()) {
    req.socket.destroy();
    return false;
  }
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  return true;
}

async function handle(deps: ServerDeps, results: ResultCache, byRequestId: ResultCache, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname;
  const read = req.method === 'POST' ? await readBody(req).catch(() => null) : {};
  // The account's own faults need its name: the login's, or the session's behind the token.
  const isLogin = req.method === 'POST' && path === '/session/v1/login-request';
  const faults = deps.faults.for(isLogin ? loginAccountName(req, read ?? {}) : deps.sessions.accountOf(authToken(req)));
  if (!(await survivesFaults(faults, req, res, path))) return;
  if (read === null) {
    send(res, failure('390000', 'request body is not valid JSON'));
    return;
  }
  const body: Body = read;

  if (isLogin) {
    await loginRequest(deps, req, res, url, body);
    return;
  }
  if (req.method === 'POST' && path === '/telemetry/send') {
    send(res, { success: true, data: 'Log Received' });
    return;
  }
  if (req.method === 'POST' && path === '/session/token-request') {
    send(res, renew(deps, faults, req, body));
    return;
  }

  const check = deps.sessions.check(authToken(req), faults.tokenGeneration);
  if (!check.ok) {
    send(res, failure(check.code, check.message));
    return;
  }
  const session = check.session;

  if (req.method === 'POST' && path === '/queries/v1/query-request') {
    await queryRequestRoute(deps, results, byRequestId, session, { req, res, url, body, faults });
    return;
  }
  const resultMatch = /^\/queries\/([^/]+)\/result$/.exec(path);
  if (req.method === 'GET' && resultMatch) {
    const cached = results.get(resultMatch[1] as string);
    if (cached === undefined) {
      send(res, failure('000709', `Statement ${resultMatch[1]} not found`));
      return;
    }
    send(res, await cached.response);
    return;
  }
  const monitorMatch = /^\/monitoring\/queries\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && monitorMatch) {
    send(res, monitoring(results, monitorMatch[1] as string));
    return;
  }
  if (req.method === 'POST' && (path === '/queries/v1/abort-request' || /^\/queries\/[^/]+\/abort-request$/.test(path))) {
    session.engine.interrupt();
    send(res, { success: true, data: null });
    return;
  }
  if (req.method === 'POST' && path === '/session/heartbeat') {
    send(res, { success: true, data: null });
    return;
  }
  if (req.method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
    deps.sessions.delete(session);
    send(res, { success: true, data: null });
    return;
  }
  send(res, failure('000404', `the emulator does not serve ${req.method ?? ''} ${path}`), 404);
}

/** A login: the account its name reaches (HTTP 403 when the emulator does not serve it), then the credentials. */
async function loginRequest(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL, body: Body): Promise<void> {
  const tenant = deps.directory.find(loginAccountName(req, body));
  if (tenant === undefined) {
    // Snowflake answers a login for an account it does not have with HTTP 403 (no JSON body); the driver does not retry it.
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end('Forbidden');
    return;
  }
  send(res, await login(deps, await tenant, url, body));
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly body: Body;
  readonly faults: ActiveFaults;
}

/** A query-request: a retried requestId is answered from its first run, as Snowflake does. */
async function queryRequestRoute(deps: ServerDeps, results: ResultCache, byRequestId: ResultCache, session: Session, exchange: Exchange): Promise<void> {
  const { req, res, url, body, faults } = exchange;
  const requestId = url.searchParams.get('requestId');
  const retried = requestId === null ? undefined : byRequestId.get(requestId);
  if (retried !== undefined && retried.asyncResponse === undefined) {
    send(res, await retried.response);
    return;
  }
  if (retried?.asyncResponse !== undefined) {
    send(res, retried.asyncResponse);
    return;
  }
  const entry = queryRequest(statementDeps(deps, session.tenant), results, session, body);
  if (requestId !== null) byRequestId.set(requestId, entry);
  const reply = entry.asyncResponse ?? (await entry.response);
  if (faults.takeResponseDrop()) {
    req.socket.destroy();
    return;
  }
  send(res, reply);
}

function sessionInfo(session: Session): Body {
  return {
    databaseName: session.database,
    schemaName: session.schema,
    warehouseName: session.warehouse,
    roleName: session.role,
  };
}

/**
 * The account a login asks for: the request's ACCOUNT_NAME (snowflake-sdk sends its `account` option, cut
 * at the first dot), else the first label of the Host header (`prod.localhost:8085`), as Snowflake routes by host.
 */
function loginAccountName(req: IncomingMessage, body: Body): string {
  const data = (body['data'] ?? {}) as Body;
  const named = data['ACCOUNT_NAME'];
  if (typeof named === 'string' && named !== '') return named;
  const host = req.headers.host ?? '';
  return host.includes('.') ? (host.split('.')[0] ?? '') : '';
}

async function login(deps: ServerDeps, tenant: Tenant<BillingHook>, url: URL, body: Body): Promise<Body> {
  const data = (body['data'] ?? {}) as Body;
  const loginName = String(data['LOGIN_NAME'] ?? '');
  const user = [...tenant.account.loginUsers.values()].find((u) => u.name.toUpperCase() === loginName.toUpperCase());
  const authenticator = String(data['AUTHENTICATOR'] ?? 'SNOWFLAKE').toUpperCase();
  const bad = failure('390100', 'Incorrect username or password was specified.', { nextAction: null, authnMethod: authenticator });
  if (user === undefined) return bad;
  if (authenticator === 'SNOWFLAKE_JWT') {
    if (user.rsaPublicKeyPem === undefined) return failure('394304', 'JWT token is invalid.', { authnMethod: 'KEY_PAIR' });
    const verdict = verifyLoginJwt(String(data['TOKEN'] ?? ''), {
      publicKeyPem: user.rsaPublicKeyPem,
      account: String(data['ACCOUNT_NAME'] ?? tenant.account.name),
      user: user.name,
      nowMs: Date.now(),
    });
    if (!verdict.ok) return failure('394304', 'JWT token is invalid.', { authnMethod: 'KEY_PAIR' });
  } else if (authenticator === 'SNOWFLAKE') {
    if (user.password === undefined || data['PASSWORD'] !== user.password) return bad;
  } else {
    return failure('390100', `Authenticator ${authenticator} is not supported by the emulator.`);
  }

  const requested = url.searchParams.get('warehouse');
  const warehouseName = requested ?? user.defaultWarehouse;
  const warehouse =
    warehouseName === null ? null : ([...tenant.account.warehouses.keys()].find((w) => w.toUpperCase() === warehouseName.toUpperCase()) ?? null);
  const parameters = new Map<string, SessionParameterValue>([['TIMEZONE', deps.defaultTimeZone]]);
  const loginParameters = (data['SESSION_PARAMETERS'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(loginParameters)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parameters.set(k.toUpperCase(), v);
  }
  const engineSession = await tenant.engine.openSession();
  try {
    await engineSession.setTimeZone(String(parameters.get('TIMEZONE')));
  } catch {
    parameters.set('TIMEZONE', deps.defaultTimeZone);
    await engineSession.setTimeZone(deps.defaultTimeZone);
  }
  const session = deps.sessions.create({
    tenant,
    user: user.name,
    warehouse,
    role: url.searchParams.get('roleName')?.toUpperCase() ?? user.defaultRole,
    database: url.searchParams.get('databaseName')?.toUpperCase() ?? null,
    schema: url.searchParams.get('schemaName')?.toUpperCase() ?? null,
    parameters,
    engine: engineSession,
    tokenGeneration: deps.faults.for(tenant.name).tokenGeneration,
  });
  return {
    success: true,
    code: null,
    message: null,
    data: {
      token: session.token,
      masterToken: session.masterToken,
      validityInSeconds: SESSION_TOKEN_VALIDITY_S,
      masterValidityInSeconds: MASTER_TOKEN_VALIDITY_S,
      sessionId: session.id,
      displayUserName: user.name,
      serverVersion: 'snowmon-emulator',
      firstLogin: false,
      healthCheckInterval: 45,
      parameters: responseParameters(session),
      sessionInfo: sessionInfo(session),
    },
  };
}

function renew(deps: ServerDeps, faults: ActiveFaults, req: IncomingMessage, body: Body): Body {
  if (body['requestType'] !== undefined && body['requestType'] !== 'RENEW') {
    return failure('390000', `token request type ${String(body['requestType'])} is not supported`);
  }
  const session = deps.sessions.renew(authToken(req), faults.tokenGeneration);
  if (session === undefined) return failure('390114', 'Authentication token has expired.  The user must authenticate again.');
  return {
    success: true,
    code: null,
    message: null,
    data: {
      sessionToken: session.token,
      validityInSecondsST: SESSION_TOKEN_VALIDITY_S,
      masterToken: session.masterToken,
      validityInSecondsMT: MASTER_TOKEN_VALIDITY_S,
      sessionId: session.id,
    },
  };
}

function statementParameters(body: Body): Map<string, SessionParameterValue> {
  const map = new Map<string, SessionParameterValue>();
  const raw = body['parameters'];
  if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') map.set(k.toUpperCase(), v);
    }
  }
  return map;
}

function responseBody(session: Session, outcome: StatementOutcome, parameters: ReadonlyMap<string, SessionParameterValue>): Body {
  if (!outcome.ok) {
    return {
      success: false,
      code: outcome.code,
      message: outcome.message,
      headers: null,
      data: { errorCode: outcome.code, sqlState: outcome.sqlState, queryId: outcome.queryId, age: 0, internalError: false },
    };
  }
  const r: ResultSet = outcome.result;
  return {
    success: true,
    code: null,
    message: null,
    data: {
      queryId: outcome.queryId,
      queryResultFormat: 'json',
      rowtype: r.columns,
      rowset: r.rows,
      total: r.rows.length,
      returned: r.rows.length,
      statementTypeId: r.statementTypeId,
      version: 1,
      parameters: responseParameters(session, parameters),
      finalDatabaseName: session.database,
      finalSchemaName: session.schema,
      finalWarehouseName: session.warehouse,
      finalRoleName: session.role,
    },
  };
}

/** Starts a statement and registers it under its query id; the entry's response settles when it ends. */
function queryRequest(deps: StatementDeps, results: ResultCache, session: Session, body: Body): CachedQuery {
  const sqlText = typeof body['sqlText'] === 'string' ? body['sqlText'] : '';
  const parameters = statementParameters(body);
  const queryId = randomUUID();
  const running: Promise<StatementOutcome> =
    body['describeOnly'] === true
      ? Promise.resolve({
          ok: false,
          queryId,
          code: '000002',
          sqlState: '0A000',
          message: 'Unsupported feature: describeOnly is not supported by the emulator',
        })
      : runStatement(deps, session, {
          queryId,
          sqlText,
          bindings: body['bindings'] as Record<string, DriverBinding> | undefined,
          parameters,
        });
  const entry: CachedQuery = {
    status: 'RUNNING',
    errorMessage: null,
    sqlState: null,
    response: running.then((outcome) => {
      entry.status = outcome.ok ? 'SUCCESS' : 'FAILED_WITH_ERROR';
      if (!outcome.ok) {
        entry.errorMessage = outcome.message;
        entry.sqlState = outcome.sqlState;
      }
      return responseBody(session, outcome, parameters);
    }),
  };
  if (body['asyncExec'] === true) {
    entry.asyncResponse = { success: true, code: '333334', message: null, data: { queryId, getResultUrl: `/queries/${queryId}/result` } };
  }
  results.set(queryId, entry);
  return entry;
}

function monitoring(results: ResultCache, queryId: string): Body {
  if (!UUID.test(queryId)) return failure('000709', `invalid query id ${queryId}`);
  const cached = results.get(queryId);
  if (cached === undefined) return { success: true, code: null, message: null, data: { queries: [] } };
  return {
    success: true,
    code: null,
    message: null,
    data: {
      queries: [{ id: queryId, status: cached.status, errorMessage: cached.errorMessage ?? undefined }],
      sqlState: cached.sqlState ?? undefined,
    },
  };
}
