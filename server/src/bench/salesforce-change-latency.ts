/**
 * The sandbox Salesforce org as the change-latency bench changes and reads it, as a customer's own
 * integration would: reads are SOQL queries over the REST API with a JWT bearer session of the
 * org's connected app (GET /sandbox names it; its private key is in the data dir's
 * sandbox-secrets.json); a change is a burst of escalated high-priority Cases on an Account through
 * the sandbox's `POST /__simulate` (authorised with the consumer secret), which the org publishes as
 * Change Data Capture events to the service's subscription.
 */
import type { CatalogueField } from '../actions/fields-catalogue.js';
import { requestJwtBearerToken, type JwtBearerCredentials } from '../connectors/salesforce/jwt-bearer.js';
import { SALESFORCE_API_VERSION } from '../connectors/salesforce/salesforce-api.js';
import type { SalesforceSandboxStats } from '../sandbox/salesforce/stats.js';
import type { ChangedCrm, Fields, PollCounts, RequestCounts } from './change-measurement.js';
import { SALESFORCE_STAGES } from './change-stages.js';

type Row = Record<string, unknown>;

/** The org's connected app as the data dir keeps it (runtime/local-secrets.ts). */
export interface OrgSecrets {
  consumerSecret: string;
  privateKeyPem: string;
}

export class SandboxOrg implements ChangedCrm {
  readonly words = { crm: 'Salesforce', record: 'Account', cases: 'escalated high-priority Cases', refusal: 'refused REQUEST_LIMIT_EXCEEDED' };
  readonly stages = SALESFORCE_STAGES;
  readonly polls: PollCounts = { served: 0, refused: 0, unanswered: 0 };
  private session: Promise<string> | undefined;

  private constructor(
    /** The org's login URL, which is also its instance URL. */
    private readonly url: string,
    private readonly credentials: JwtBearerCredentials,
    private readonly consumerSecret: string,
  ) {}

  /** The org the service at `serviceUrl` runs. */
  static async of(serviceUrl: string, secrets: OrgSecrets): Promise<SandboxOrg> {
    const info = (await (await fetch(`${serviceUrl}/sandbox`)).json()) as { salesforce: { loginUrl: string; username: string; consumerKey: string } };
    const { loginUrl, username, consumerKey } = info.salesforce;
    return new SandboxOrg(loginUrl, { consumerKey, username, privateKeyPem: secrets.privateKeyPem }, secrets.consumerSecret);
  }

  /** Every Account at or above the score, through all result pages. */
  async healthy(minHealth: number): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined = this.queryPath(`SELECT Id FROM Account WHERE Telltale_Health_Score__c >= ${minHealth} ORDER BY Id`);
    while (next) {
      const response = await this.get(next);
      if (!response.ok) throw new Error(`the healthy Accounts could not be queried: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { records: Row[]; nextRecordsUrl?: string };
      ids.push(...page.records.map((r) => String(r.Id)));
      next = page.nextRecordsUrl;
    }
    return ids;
  }

  fieldName(field: CatalogueField): string {
    return field.salesforce.apiName;
  }

  async read(accountId: string, fields: readonly string[]): Promise<Fields | undefined> {
    let response: Response;
    try {
      response = await this.get(this.queryPath(`SELECT ${fields.join(', ')} FROM Account WHERE Id = '${accountId}'`));
    } catch {
      this.polls.unanswered++;
      return undefined;
    }
    // An expired session (401) is not counted by the org: the next read logs in again.
    if (response.status === 401) {
      this.session = undefined;
      return undefined;
    }
    if (response.status === 403 && /REQUEST_LIMIT_EXCEEDED/.test(await response.clone().text())) this.polls.refused++;
    else this.polls.served++;
    if (!response.ok) return undefined;
    const [row] = ((await response.json()) as { records: Row[] }).records;
    return row && Object.fromEntries(fields.map((name) => [name, row[name] === null || row[name] === undefined ? null : String(row[name])]));
  }

  async escalate(accountId: string, n: number, of: number): Promise<void> {
    const response = await this.admin('POST', '/__simulate', {
      type: 'Case',
      fields: { AccountId: accountId, Subject: `Production down (${n}/${of})`, Priority: 'High', IsEscalated: true, Status: 'New', Type: 'Problem' },
    });
    if (!response.ok) throw new Error(`__simulate answered ${response.status}: ${await response.text()}`);
  }

  async requests(): Promise<RequestCounts> {
    const stats = (await (await this.admin('GET', '/__stats')).json()) as SalesforceSandboxStats;
    const streaming = Object.entries(stats.requests).filter(([route]) => route.includes('/cometd/')).reduce((n, [, count]) => n + count, 0);
    return { served: stats.total, refused: stats.requestLimitExceeded, streaming };
  }

  /** Change events reach the service on the long poll it holds open: none wait for a delivery. */
  async quiet(): Promise<boolean> {
    return true;
  }

  private queryPath(soql: string): string {
    return `/services/data/v${SALESFORCE_API_VERSION}/query?q=${encodeURIComponent(soql)}`;
  }

  private async get(path: string): Promise<Response> {
    this.session ??= requestJwtBearerToken(this.credentials, { loginUrl: this.url, timeoutMs: 30_000 }).then((token) => token.accessToken);
    const accessToken = await this.session.catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  }

  /** The sandbox's own routes, with the consumer secret (not counted as API requests). */
  private admin(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.consumerSecret}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
