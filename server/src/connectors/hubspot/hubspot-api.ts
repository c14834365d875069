import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { Logger } from '../../logging/logger.js';
import { callHubSpot, type CallContext, type RequestRecord } from './call-hubspot.js';
import type { HubSpotRateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

/** A CRM object as search and batch read return it (the library's SimplePublicObject, structurally). */
export interface HubSpotObject {
  id: string;
  properties: { [name: string]: string | null };
  propertiesWithHistory?: { [name: string]: Array<{ value: string; timestamp: Date | string }> };
  createdAt: Date | string;
  updatedAt: Date | string;
  archived?: boolean;
}

export interface HubSpotOwner {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  archived: boolean;
}

export interface SearchPageRequest {
  objectType: string;
  properties: string[];
  /** The last-modified property to sort by (ascending) and filter on. */
  sortProperty: string;
  /** Only records modified after (GT) or at/after (GTE) `value` (epoch milliseconds). */
  filter?: { operator: 'GT' | 'GTE'; value: string } | undefined;
  after?: string | undefined;
  limit: number;
}

export interface SearchPage {
  results: HubSpotObject[];
  total: number;
  nextAfter: string | undefined;
}

/** HubSpot's published page and batch limits. */
export const HUBSPOT_LIMITS = {
  searchPageSize: 200,
  /** Search never pages past this many results for one query. */
  searchResultCap: 10_000,
  batchReadInputs: 100,
  /** Batch read with `propertiesWithHistory` accepts at most 50 inputs. */
  batchReadWithHistoryInputs: 50,
  associationBatchInputs: 1_000,
  ownersPageSize: 500,
} as const;

export interface HubSpotApiOptions {
  accessToken: string;
  /** The API base URL (https://api.hubapi.com, or the sandbox / a proxy in front of it). */
  basePath?: string | undefined;
  tenantId: string;
  /** The portal id, for messages (e.g. mapping validation). */
  portalId?: string | undefined;
  limiter: HubSpotRateLimiter;
  retry?: Partial<RetryPolicy> | undefined;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

/**
 * The HubSpot repository: every call Telltale makes to HubSpot, through the real @hubspot/api-client
 * with its own retries and limiter off (they are a process-wide singleton in the library); retries,
 * rate limiting, classification and metrics happen in `callHubSpot`.
 */
export class HubSpotApi {
  readonly tenantId: string;
  readonly portalId: string | undefined;
  private readonly client: Client;
  private readonly context: CallContext;
  private readonly options: HubSpotApiOptions;

  constructor(options: HubSpotApiOptions, client?: Client, onRequest?: (request: RequestRecord) => void) {
    this.tenantId = options.tenantId;
    this.portalId = options.portalId;
    this.client = client ?? new Client({ accessToken: options.accessToken, basePath: options.basePath, numberOfApiCallRetries: 0 });
    this.context = {
      tenantId: options.tenantId,
      limiter: options.limiter,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      signal: options.signal,
      logger: options.logger,
      onRequest,
    };
    this.options = options;
  }

  /** The same client and budget, reporting each request to `listener` (per-stream request counts). */
  withRequestListener(listener: (request: RequestRecord) => void): HubSpotApi {
    const parent = this.context.onRequest;
    return new HubSpotApi(this.options, this.client, (request) => {
      parent?.(request);
      listener(request);
    });
  }

  /** One page of CRM search, sorted ascending by `sortProperty`. */
  async searchPage(request: SearchPageRequest): Promise<SearchPage> {
    const body = {
      limit: request.limit,
      after: request.after,
      properties: request.properties,
      // The generated type says string[]; HubSpot's search documents sort objects, which it serialises as given.
      sorts: [{ propertyName: request.sortProperty, direction: 'ASCENDING' }] as unknown as string[],
      filterGroups: request.filter
        ? [
            {
              filters: [
                {
                  propertyName: request.sortProperty,
                  operator: request.filter.operator === 'GT' ? FilterOperatorEnum.Gt : FilterOperatorEnum.Gte,
                  value: request.filter.value,
                },
              ],
            },
          ]
        : [],
    };
    const response = await callHubSpot(this.context, 'POST /crm/v3/objects/{objectType}/search', 'search', (options) =>
      this.client.crm.objects.searchApi.doSearch(request.objectType, body, options),
    );
    return { results: response.results, total: response.total, nextAfter: response.paging?.next?.after };
  }

  /** Current values and the full value history of `historyProperties`, in batches of 50. */
  async readWithHistory(objectType: string, ids: readonly string[], properties: string[], historyProperties: string[]): Promise<HubSpotObject[]> {
    const out: HubSpotObject[] = [];
    for (const chunk of chunks(ids, HUBSPOT_LIMITS.batchReadWithHistoryInputs)) {
      const response = await callHubSpot(this.context, 'POST /crm/v3/objects/{objectType}/batch/read', 'other', (options) =>
        this.client.crm.objects.batchApi.read(
          objectType,
          { inputs: chunk.map((id) => ({ id })), properties, propertiesWithHistory: historyProperties },
          false,
          options,
        ),
      );
      out.push(...response.results);
    }
    return out;
  }

  /**
   * Associated record ids per input id (v4 batch read, up to 1,000 inputs per call). Ids whose
   * association is labelled primary come first. Inputs with no association are absent.
   */
  async readAssociations(fromType: string, toType: string, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const chunk of chunks(ids, HUBSPOT_LIMITS.associationBatchInputs)) {
      const response = await callHubSpot(this.context, 'POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read', 'other', (options) =>
        this.client.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: chunk.map((id) => ({ id })) }, options),
      );
      for (const result of response.results) {
        const ranked = [...result.to].sort((a, b) => Number(isPrimary(b.associationTypes)) - Number(isPrimary(a.associationTypes)));
        out.set(String(result._from.id), ranked.map((to) => String(to.toObjectId)));
      }
    }
    return out;
  }

  /** Every owner (active and archived), paging 500 at a time. */
  async listOwners(): Promise<HubSpotOwner[]> {
    const owners: HubSpotOwner[] = [];
    for (const archived of [false, true]) {
      let after: string | undefined;
      do {
        const page = await callHubSpot(this.context, 'GET /crm/v3/owners', 'other', (options) =>
          this.client.crm.owners.ownersApi.getPage(undefined, after, HUBSPOT_LIMITS.ownersPageSize, archived, options),
        );
        owners.push(...page.results.map((owner) => ({ ...owner, archived })));
        after = page.paging?.next?.after;
      } while (after);
    }
    return owners;
  }

  /** The names of the portal's (non-archived) properties of an object type. */
  async listPropertyNames(objectType: string): Promise<Set<string>> {
    const response = await callHubSpot(this.context, 'GET /crm/v3/properties/{objectType}', 'other', (options) =>
      this.client.crm.properties.coreApi.getAll(objectType, false, undefined, options),
    );
    return new Set(response.results.map((property) => property.name));
  }
}

function isPrimary(types: Array<{ label?: string | null }>): boolean {
  return types.some((type) => typeof type.label === 'string' && type.label.toLowerCase() === 'primary');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
