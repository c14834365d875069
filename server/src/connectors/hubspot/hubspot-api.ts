import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { Logger } from '../../logging/logger.js';
import { callHubSpot, type CallContext, type RequestRecord } from './call-hubspot.js';
import { sendJson } from './json-request.js';
import {
  batchErrorSchema,
  propertyBatchSchema,
  propertyDefinitionSchema,
  propertyListSchema,
  type HubSpotBatchError,
  type HubSpotPropertyDefinition,
  type PropertyDefinitionInput,
  type PropertyDefinitionPatch,
} from './property-definitions.js';
import type { HubSpotRateLimiter } from '../rate-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy.js';

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
  /** Inputs of a batch create/update of records or property definitions. */
  batchWriteInputs: 100,
  /** Batch read with `propertiesWithHistory` accepts at most 50 inputs. */
  batchReadWithHistoryInputs: 50,
  associationBatchInputs: 1_000,
  ownersPageSize: 500,
} as const;

/** One input of a batch update; HubSpot names `traceId` (its objectWriteTraceId) in that input's errors. */
export interface RecordUpdate {
  id: string;
  properties: Record<string, string>;
  traceId: string;
}

/** What a batch update applied (`updated`, with the trace id echoed) and what it refused (`errors`, 207). */
export interface BatchUpdateOutcome {
  updated: Array<{ id: string; traceId: string | undefined }>;
  errors: HubSpotBatchError[];
}

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
 * The client and call context every HubSpot repository (this one, tasks.ts) calls through: the
 * official client with its own retries off (call-hubspot.ts retries and rate-limits per tenant).
 */
export function hubSpotCallSetup(options: HubSpotApiOptions, client?: Client, onRequest?: (request: RequestRecord) => void): { client: Client; context: CallContext } {
  return {
    client: client ?? new Client({ accessToken: options.accessToken, basePath: options.basePath, numberOfApiCallRetries: 0 }),
    context: {
      tenantId: options.tenantId,
      limiter: options.limiter,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      signal: options.signal,
      logger: options.logger,
      onRequest,
    },
  };
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
    ({ client: this.client, context: this.context } = hubSpotCallSetup(options, client, onRequest));
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

  /** The property groups of an object type. */
  async listPropertyGroups(objectType: string): Promise<Array<{ name: string; label: string }>> {
    const response = await callHubSpot(this.context, 'GET /crm/v3/properties/{objectType}/groups', 'other', (options) =>
      this.client.crm.properties.groupsApi.getAll(objectType, options),
    );
    return response.results.map((group) => ({ name: group.name, label: group.label }));
  }

  async createPropertyGroup(objectType: string, group: { name: string; label: string; displayOrder: number }): Promise<void> {
    await callHubSpot(this.context, 'POST /crm/v3/properties/{objectType}/groups', 'other', (options) =>
      this.client.crm.properties.groupsApi.create(objectType, group, options),
    );
  }

  async updatePropertyGroupLabel(objectType: string, name: string, label: string): Promise<void> {
    await callHubSpot(this.context, 'PATCH /crm/v3/properties/{objectType}/groups/{groupName}', 'other', (options) =>
      this.client.crm.properties.groupsApi.update(objectType, name, { label }, options),
    );
  }

  /** Full property definitions (live ones, or only archived ones), display hints included. */
  async listPropertyDefinitions(objectType: string, archived = false): Promise<HubSpotPropertyDefinition[]> {
    const path = `/crm/v3/properties/${encodeURIComponent(objectType)}`;
    const response = await callHubSpot(this.context, 'GET /crm/v3/properties/{objectType}', 'other', () =>
      sendJson(this.client, { method: 'GET', path, query: { archived: String(archived) }, schema: propertyListSchema }),
    );
    return response.body.results;
  }

  /** Creates up to 100 property definitions; names HubSpot refused come back in `errors` (207). */
  async createPropertyDefinitions(objectType: string, inputs: readonly PropertyDefinitionInput[]): Promise<{ created: HubSpotPropertyDefinition[]; errors: HubSpotBatchError[] }> {
    if (inputs.length > HUBSPOT_LIMITS.batchWriteInputs) throw new RangeError(`at most ${HUBSPOT_LIMITS.batchWriteInputs} property definitions per batch`);
    const path = `/crm/v3/properties/${encodeURIComponent(objectType)}/batch/create`;
    const response = await callHubSpot(this.context, 'POST /crm/v3/properties/{objectType}/batch/create', 'other', () =>
      sendJson(this.client, { method: 'POST', path, body: { inputs }, schema: propertyBatchSchema }),
    );
    return { created: response.body.results, errors: response.body.errors };
  }

  async updatePropertyDefinition(objectType: string, name: string, patch: PropertyDefinitionPatch): Promise<HubSpotPropertyDefinition> {
    const path = `/crm/v3/properties/${encodeURIComponent(objectType)}/${encodeURIComponent(name)}`;
    const response = await callHubSpot(this.context, 'PATCH /crm/v3/properties/{objectType}/{propertyName}', 'other', () =>
      sendJson(this.client, { method: 'PATCH', path, body: patch, schema: propertyDefinitionSchema }),
    );
    return response.body;
  }

  /**
   * One batch update of up to 100 records. Each input carries a trace id, so HubSpot answers a bad
   * input with a 207 naming it and applies the others.
   */
  async updateRecords(objectType: string, inputs: readonly RecordUpdate[]): Promise<BatchUpdateOutcome> {
    if (inputs.length > HUBSPOT_LIMITS.batchWriteInputs) throw new RangeError(`at most ${HUBSPOT_LIMITS.batchWriteInputs} records per batch update`);
    const body = { inputs: inputs.map((input) => ({ id: input.id, properties: input.properties, objectWriteTraceId: input.traceId })) };
    const response = await callHubSpot(this.context, 'POST /crm/v3/objects/{objectType}/batch/update', 'other', (options) =>
      this.client.crm.objects.batchApi.update(objectType, body, options),
    );
    return {
      updated: response.results.map((record) => ({ id: record.id, traceId: record.objectWriteTraceId })),
      errors: batchErrors(response),
    };
  }

  /** Current values of `properties` of records, 100 per call; ids HubSpot does not have come back in `missing`. */
  async readRecords(objectType: string, ids: readonly string[], properties: string[]): Promise<{ records: HubSpotObject[]; missing: string[] }> {
    const records: HubSpotObject[] = [];
    const missing: string[] = [];
    for (const chunk of chunks(ids, HUBSPOT_LIMITS.batchReadInputs)) {
      const response = await callHubSpot(this.context, 'POST /crm/v3/objects/{objectType}/batch/read', 'other', (options) =>
        this.client.crm.objects.batchApi.read(objectType, { inputs: chunk.map((id) => ({ id })), properties, propertiesWithHistory: [] }, false, options),
      );
      records.push(...response.results);
      for (const error of batchErrors(response)) if (error.category === 'OBJECT_NOT_FOUND') missing.push(...(error.context.ids ?? []));
    }
    return { records, missing };
  }
}

function batchErrors(response: object): HubSpotBatchError[] {
  const errors = 'errors' in response && Array.isArray(response.errors) ? response.errors : [];
  return errors.map((error: unknown) => batchErrorSchema.parse(error));
}

function isPrimary(types: Array<{ label?: string | null }>): boolean {
  return types.some((type) => typeof type.label === 'string' && type.label.toLowerCase() === 'primary');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
