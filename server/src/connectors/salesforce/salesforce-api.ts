import { Connection, type QueryOptions, type QueryResult, type Record as JsforceRecord } from 'jsforce';
import type { Logger } from '../../logging/logger.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy.js';
import { TELLTALE_API_CLIENT } from './change-events.js';
import { callSalesforce, type RequestLimiter, type RequestRecord, type SalesforceCallContext } from './call-salesforce.js';
import { DailyApiBudget, DEFAULT_DAILY_API_SHARE, type ApiUsage } from './daily-api-budget.js';
import { observeTransport } from './observed-transport.js';
import { SalesforceSession, type SalesforceAuth } from './session.js';

export type { RequestLimiter, RequestRecord } from './call-salesforce.js';
export type { ApiUsage } from './daily-api-budget.js';
export type { SalesforceAuth } from './session.js';
export type { JwtBearerCredentials } from './jwt-bearer.js';

/** The REST API version every request uses (`/services/data/v62.0/...`). */
export const SALESFORCE_API_VERSION = '62.0';

/** Salesforce's published query limits. */
export const SALESFORCE_LIMITS = {
  /** Records per query page by default and at most (`Sforce-Query-Options: batchSize` may ask for fewer). */
  queryPageSize: 2_000,
  /** Records per sObject Collections write. */
  collectionWrite: 200,
} as const;

export interface SalesforceApiOptions {
  tenantId: string;
  /** The org id (00D...), for messages. */
  orgId: string;
  /** The org's instance URL (https://<domain>.my.salesforce.com, or the sandbox). */
  instanceUrl: string;
  /** Where sessions are issued (https://login.salesforce.com, https://test.salesforce.com, or the sandbox). */
  loginUrl: string;
  auth: SalesforceAuth;
  /** The tenant's request budget shared through Redis. */
  limiter: RequestLimiter;
  retry?: Partial<RetryPolicy> | undefined;
  /** Share of the org's daily API allocation after which no call starts (default 0.5). */
  dailyApiShare?: number | undefined;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

export interface QueryPagesOptions<T> {
  /** queryAll: include deleted (recycle bin) and archived records. */
  all?: boolean | undefined;
  /** Ask for pages of this size (`Sforce-Query-Options: batchSize`; Salesforce's default and maximum is 2,000). */
  pageSize?: number | undefined;
  /** Called with each page, in order; the next page is requested only after it resolves. */
  onPage?: ((records: T[], page: number, info: QueryPageInfo) => Promise<void>) | undefined;
}

/** What a page handler knows besides the records. */
export interface QueryPageInfo {
  /** True on the query's last page. */
  last: boolean;
  /** Salesforce's count of the records the whole query matches. */
  totalSize: number;
}

/** The parts every SalesforceApi made by `withRequestListener` shares with its parent. */
interface SharedState {
  connection: Connection;
  session: SalesforceSession;
  budget: DailyApiBudget;
  retry: RetryPolicy;
}

/**
 * The Salesforce repository: a jsforce 3 connection pinned to SALESFORCE_API_VERSION, whose
 * session is renewed by jsforce's refresh hook (JWT bearer grant or the caller's refresh function),
 * and whose transport is observed (status, headers, daily usage) with jsforce's own retries off.
 * Every call goes through `call`: daily-budget check, the tenant's rate budget, timeout, metrics,
 * classification into CrmError, retries with backoff honouring Retry-After.
 */
export class SalesforceApi {
  readonly tenantId: string;
  readonly orgId: string;
  readonly connection: Connection;
  private readonly shared: SharedState;
  private readonly context: SalesforceCallContext;

  constructor(
    private readonly options: SalesforceApiOptions,
    shared?: SharedState,
    onRequest?: (request: RequestRecord) => void,
  ) {
    this.tenantId = options.tenantId;
    this.orgId = options.orgId;
    this.shared = shared ?? createSharedState(options);
    this.connection = this.shared.connection;
    this.context = {
      tenantId: options.tenantId,
      orgId: options.orgId,
      connection: this.shared.connection,
      session: this.shared.session,
      limiter: options.limiter,
      budget: this.shared.budget,
      retry: this.shared.retry,
      signal: options.signal,
      logger: options.logger,
      onRequest,
    };
  }

  /** The same connection, session and budgets, also reporting each request to `listener` (per-stream counts). */
  withRequestListener(listener: (request: RequestRecord) => void): SalesforceApi {
    const parent = this.context.onRequest;
    return new SalesforceApi(this.options, this.shared, (request) => {
      parent?.(request);
      listener(request);
    });
  }

  /** Runs `fn` with the connection as one classified, budgeted, retried call; `label` names it in metrics and errors. */
  call<T>(label: string, fn: (connection: Connection) => Promise<T>): Promise<T> {
    return callSalesforce(this.context, label, fn);
  }

  /**
   * Runs a SOQL query (or queryAll) and hands its pages to `onPage` one at a time, following
   * `nextRecordsUrl`; each page is its own call (retried on its own).
   */
  async query<T extends JsforceRecord>(soql: string, options: QueryPagesOptions<T> = {}): Promise<{ totalSize: number; pages: number }> {
    const pageSize = options.pageSize ?? SALESFORCE_LIMITS.queryPageSize;
    const queryOptions: QueryOptions = {
      headers: pageSize === SALESFORCE_LIMITS.queryPageSize ? {} : { 'Sforce-Query-Options': `batchSize=${pageSize}` },
      maxFetch: SALESFORCE_LIMITS.queryPageSize,
      autoFetch: false,
      scanAll: options.all ?? false,
      responseTarget: 'QueryResult',
    };
    const label = options.all ? 'GET /queryAll' : 'GET /query';
    let result: QueryResult<T> = await this.call(label, async (connection) => await connection.query<T>(soql, queryOptions));
    const totalSize = result.totalSize;
    for (let page = 1; ; page++) {
      const next = result.done ? undefined : result.nextRecordsUrl;
      await options.onPage?.(result.records, page, { last: next === undefined, totalSize });
      if (next === undefined) return { totalSize, pages: page };
      result = await this.call('GET /query/{locator}', async (connection) => await connection.queryMore<T>(next, queryOptions));
    }
  }

  /**
   * The connection with a session, for clients that do not go through `call` (the Streaming API's
   * long polling): a new session when there is none yet or when `renew` says the current one was refused.
   */
  async withSession(options: { renew?: boolean } = {}): Promise<Connection> {
    if (options.renew || !this.connection.accessToken) this.connection.accessToken = await this.shared.session.refresh();
    return this.connection;
  }

  /** The org's daily API usage from the last `Sforce-Limit-Info` header; undefined before the first response. */
  apiUsage(): ApiUsage | undefined {
    return this.shared.budget.usage();
  }
}

function createSharedState(options: SalesforceApiOptions): SharedState {
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const budget = new DailyApiBudget(options.dailyApiShare ?? DEFAULT_DAILY_API_SHARE);
  const session = new SalesforceSession(options.auth, {
    loginUrl: options.loginUrl,
    timeoutMs: retry.timeoutMs,
    signal: options.signal,
  });
  const connection = new Connection({
    version: SALESFORCE_API_VERSION,
    loginUrl: options.loginUrl,
    instanceUrl: options.instanceUrl,
    // Named in change events' changeOrigin: the change listener ignores Telltale's own writes.
    callOptions: { client: TELLTALE_API_CLIENT },
    ...(session.initialToken ? { accessToken: session.initialToken } : {}),
    ...(session.canRefresh ? { refreshFn: session.refreshFn() } : {}),
  });
  observeTransport(connection, { timeoutMs: retry.timeoutMs, onExchange: (exchange) => budget.observe(exchange.headers) });
  return { connection, session, budget, retry };
}
