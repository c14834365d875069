import type { ConnectionConfig } from 'jsforce';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import { callScope } from './call-scope.js';
import { RECONNECT_SALESFORCE } from './classify-error.js';
import { requestJwtBearerToken, TOKEN_ENDPOINT, type JwtBearerCredentials } from './jwt-bearer.js';

/**
 * How a connection gets and renews its session: a server-to-server JWT bearer grant (a new session
 * whenever the old one expires), or a given access token with an optional refresh function (an OAuth
 * refresh-token grant kept by the caller), or a bare token that is used until Salesforce rejects it.
 */
export type SalesforceAuth =
  | { accessToken?: string | undefined; jwt: JwtBearerCredentials }
  | { accessToken: string; refresh?: (() => Promise<string>) | undefined };

type RefreshFn = NonNullable<ConnectionConfig['refreshFn']>;

/**
 * One org session shared by every call of a SalesforceApi. `refresh` is single-flight: calls that
 * find the session expired at the same time wait for one new session.
 */
export class SalesforceSession {
  private pending: Promise<string> | undefined;

  constructor(
    private readonly auth: SalesforceAuth,
    private readonly options: {
      loginUrl: string;
      timeoutMs: number;
      signal?: AbortSignal | undefined;
    },
  ) {}

  get initialToken(): string | undefined {
    return this.auth.accessToken;
  }

  get canRefresh(): boolean {
    return 'jwt' in this.auth || this.auth.refresh !== undefined;
  }

  /** A new access token, from the JWT bearer grant or the refresh function. */
  refresh(): Promise<string> {
    this.pending ??= this.obtain().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async obtain(): Promise<string> {
    if ('jwt' in this.auth) {
      // The token request is an HTTP attempt of the call that needed it.
      const scope = callScope.getStore();
      try {
        const token = await requestJwtBearerToken(this.auth.jwt, this.options);
        scope?.record?.({ status: 200, headers: {} }, TOKEN_ENDPOINT);
        return token.accessToken;
      } catch (error) {
        scope?.record?.({ status: error instanceof CrmError && error.status !== undefined ? error.status : 'error', headers: {} }, TOKEN_ENDPOINT);
        throw error;
      }
    }
    if (this.auth.refresh) return this.auth.refresh();
    throw new CrmError(`Salesforce rejected the access token and no way to renew it is configured. ${RECONNECT_SALESFORCE}`, {
      kind: CrmErrorKind.Auth,
      crm: 'salesforce',
      endpoint: TOKEN_ENDPOINT,
    });
  }

  /**
   * jsforce's `refreshFn`: called when a request answers 401 (jsforce then replays the request with
   * the new token). A call whose replay is rejected again gets no second refresh — jsforce would
   * otherwise loop — but an AUTH error; the refresh's own error is kept on the call's scope because
   * jsforce rewraps it as a plain Error.
   */
  refreshFn(): RefreshFn {
    return (_connection, callback) => {
      const scope = callScope.getStore();
      if (scope && scope.refreshes > 0) {
        const error = new CrmError(`Salesforce rejected the session it had just issued (INVALID_SESSION_ID). ${RECONNECT_SALESFORCE}`, {
          kind: CrmErrorKind.Auth,
          crm: 'salesforce',
          endpoint: TOKEN_ENDPOINT,
          status: 401,
          category: 'INVALID_SESSION_ID',
        });
        scope.refreshError = error;
        callback(error);
        return;
      }
      if (scope) scope.refreshes += 1;
      this.refresh().then(
        (token) => callback(null, token),
        (error: unknown) => {
          if (scope) scope.refreshError = error;
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
  }
}
