/**
 * The sandbox HubSpot portal as the change-latency bench changes and reads it, with the sandbox's
 * token (GET /sandbox): a change is a burst of escalated urgent tickets on a company through
 * `POST /__simulate`, which the portal announces to the service by webhook; a read is
 * `GET /crm/v3/objects/companies/{id}` with the written properties.
 */
import type { CatalogueField } from '../actions/fields-catalogue.js';
import type { SandboxStats } from '../sandbox/hubspot/stats.js';
import type { ChangedCrm, Fields, PollCounts, RequestCounts } from './change-measurement.js';
import { HUBSPOT_STAGES } from './change-stages.js';

type PortalStats = SandboxStats & { webhooks: { pending: number } };

export class SandboxPortal implements ChangedCrm {
  readonly words = { crm: 'HubSpot', record: 'company', cases: 'escalated urgent tickets', refusal: 'answered 429' };
  readonly stages = HUBSPOT_STAGES;
  readonly polls: PollCounts = { served: 0, refused: 0, unanswered: 0 };

  private constructor(
    private readonly baseUrl: string,
    private readonly accessToken: string,
  ) {}

  /** The portal the service at `serviceUrl` runs. */
  static async of(serviceUrl: string): Promise<SandboxPortal> {
    const info = (await (await fetch(`${serviceUrl}/sandbox`)).json()) as { hubspot: { baseUrl: string; accessToken: string } };
    return new SandboxPortal(info.hubspot.baseUrl, info.hubspot.accessToken);
  }

  async healthy(minHealth: number): Promise<string[]> {
    const { json } = await this.call<{ results?: Array<{ id: string }> }>('POST', '/crm/v3/objects/companies/search', {
      filterGroups: [{ filters: [{ propertyName: 'telltale_health_score', operator: 'GTE', value: String(minHealth) }] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      limit: 200,
    });
    return (json.results ?? []).map((r) => r.id);
  }

  fieldName(field: CatalogueField): string {
    return field.hubspot.name;
  }

  async read(companyId: string, fields: readonly string[]): Promise<Fields | undefined> {
    try {
      const { status, json } = await this.call<{ properties: Fields }>('GET', `/crm/v3/objects/companies/${companyId}?properties=${fields.join(',')}`);
      if (status === 429) this.polls.refused++;
      else this.polls.served++;
      return status === 200 ? json.properties : undefined;
    } catch {
      this.polls.unanswered++;
      return undefined;
    }
  }

  async escalate(companyId: string, n: number, of: number): Promise<void> {
    const { status, json } = await this.call('POST', '/__simulate', {
      objectType: 'tickets',
      companyId,
      properties: { subject: `Production down (${n}/${of})`, hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'URGENT', escalated: 'true' },
    });
    if (status !== 201) throw new Error(`__simulate answered ${status}: ${JSON.stringify(json)}`);
  }

  async requests(): Promise<RequestCounts> {
    const stats = await this.stats();
    return { served: stats.total, refused: stats.rateLimited429, streaming: 0 };
  }

  /** No webhook delivery pending: the service's own task writes produce association events, and a delivery retried under load starts work later. */
  async quiet(): Promise<boolean> {
    return (await this.stats()).webhooks.pending === 0;
  }

  private stats(): Promise<PortalStats> {
    return this.call<PortalStats>('GET', '/__stats').then((answer) => answer.json);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  }
}
