/**
 * The OpenAPI 3.1 document of the card API, served at GET /api/v1/openapi.json. Its schemas are
 * generated from the zod schemas of card-schemas.ts (themselves checked against the shared contract
 * at compile time), so the document cannot drift from what the routes answer.
 */
import { z } from 'zod';
import {
  acceptInterventionResponseSchema,
  accountSummarySchema,
  apiErrorSchema,
  dismissInterventionRequestSchema,
  dismissInterventionResponseSchema,
  driverSchema,
  insightsResponseSchema,
  interventionSchema,
  portfolioResponseSchema,
  scoredInsightsSchema,
  unscoredInsightsSchema,
  upsellTaskRequestSchema,
  whatIfSchema,
} from './card-schemas.js';

/** Every schema the document names, by its component name. */
const COMPONENTS: ReadonlyArray<[string, z.ZodType]> = [
  ['AccountSummary', accountSummarySchema],
  ['Driver', driverSchema],
  ['WhatIf', whatIfSchema],
  ['Intervention', interventionSchema],
  ['ScoredInsights', scoredInsightsSchema],
  ['UnscoredInsights', unscoredInsightsSchema],
  ['InsightsResponse', insightsResponseSchema],
  ['AcceptInterventionResponse', acceptInterventionResponseSchema],
  ['DismissInterventionRequest', dismissInterventionRequestSchema],
  ['DismissInterventionResponse', dismissInterventionResponseSchema],
  ['UpsellTaskRequest', upsellTaskRequestSchema],
  ['PortfolioResponse', portfolioResponseSchema],
  ['ApiError', apiErrorSchema],
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('ApiError') });

const SIGNED = [{ hubspotSignatureV3: [], hubspotRequestTimestamp: [] }];

/** The query parameters hubspot.fetch adds to every request (covered by the signature). */
const HUBSPOT_QUERY = [
  { name: 'portalId', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d+$' }, description: 'The HubSpot portal (account) the card runs in; it decides the tenant.' },
  { name: 'userId', in: 'query', required: false, schema: { type: 'string' }, description: 'The HubSpot user viewing the card.' },
  { name: 'userEmail', in: 'query', required: false, schema: { type: 'string' }, description: "That user's email." },
  { name: 'appId', in: 'query', required: false, schema: { type: 'string' }, description: 'The HubSpot app id.' },
];
const pathId = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: what });
const companyParameters = [pathId('The HubSpot company id.'), ...HUBSPOT_QUERY];
const interventionParameters = [pathId('The intervention id (UUID).'), ...HUBSPOT_QUERY];

const REFUSED = {
  '400': error('A malformed body or query (the message names the problem).'),
  '401': error('Missing, bad or stale signature (more than 5 minutes away from now).'),
  '404': error("Unknown record, another portal's record, or a portal Telltale is not connected to."),
};
const TASK_REFUSALS = {
  '409': error("The intervention's state does not allow it (its `allowedActions`): its task is already in the CRM, it was dismissed, or it has ended. The message says which, for the user."),
  '502': error('HubSpot refused the task or did not answer.'),
  '503': error('Telltale holds no HubSpot access for the portal.'),
};

function operation(summary: string, description: string, parameters: unknown[], response: string, extra: Record<string, unknown> = {}) {
  return { summary, description, security: SIGNED, parameters, responses: { '200': { description: 'OK', content: json(response) }, ...REFUSED, ...extra } };
}

/** The schemas as OpenAPI components (JSON Schema 2020-12, which OpenAPI 3.1 uses), referencing each other. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  // Each component is a schema inside the document, not a document of its own.
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    return [id, rest];
  }));
}

/** Builds the document (the router builds it once). */
export function cardOpenApiDocument(): Record<string, unknown> {
  const requestBody = (name: string, required: boolean) => ({ required, content: json(name) });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Telltale card API',
      version: '1.0.0',
      description:
        "What Telltale's HubSpot cards read and do. Every route but this document is called by the cards through hubspot.fetch and must carry HubSpot's v3 request signature; the verified portalId decides the tenant, and another portal's records answer 404.",
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/v1/hubspot/companies/{id}/insights': {
        get: operation('Account insights', "The company's latest scores, drivers, what-ifs, expansion outlook, health history and forecast, and interventions; `not_scored` with the reason when it has no scores.", companyParameters, 'InsightsResponse'),
      },
      '/api/v1/hubspot/companies/{id}/rescore': {
        post: operation('Rescore now', 'Scores the company now and answers its new insights; an incremental sync of the portal is queued in the background.', companyParameters, 'InsightsResponse'),
      },
      '/api/v1/hubspot/companies/{id}/upsell-task': {
        post: {
          ...operation('Create the upsell task', "Accepts the company's upsell conversation intervention (recording one first when the playbooks recommended none) and creates its CRM task for the company owner.", companyParameters, 'AcceptInterventionResponse', {
            ...TASK_REFUSALS,
            '409': error('The upsell task is already open, or the company has no scores yet.'),
          }),
          requestBody: requestBody('UpsellTaskRequest', false),
        },
      },
      '/api/v1/hubspot/interventions/{id}/accept': {
        post: operation('Create the task', "Creates the intervention's CRM task now.", interventionParameters, 'AcceptInterventionResponse', TASK_REFUSALS),
      },
      '/api/v1/hubspot/interventions/{id}/dismiss': {
        post: {
          ...operation('Dismiss', 'Dismisses a recommendation with a reason (kept as feedback on the playbooks); dismissing it again answers it unchanged.', interventionParameters, 'DismissInterventionResponse', {
            '409': error('The intervention has an open task or has ended.'),
          }),
          requestBody: requestBody('DismissInterventionRequest', true),
        },
      },
      '/api/v1/hubspot/portfolio': {
        get: operation('Portfolio', "The portal's ARR and accounts by risk band, trajectories, rising risk, expansion pipeline and intervention counts.", HUBSPOT_QUERY, 'PortfolioResponse'),
      },
      '/api/v1/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        hubspotSignatureV3: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Signature-v3',
          description:
            "base64(HMAC-SHA256(app client secret, method + full URL as called (query included) + raw body + timestamp)), compared in constant time. hubspot.fetch adds it; see HubSpot's request-validation guide.",
        },
        hubspotRequestTimestamp: {
          type: 'apiKey',
          in: 'header',
          name: 'X-HubSpot-Request-Timestamp',
          description: 'Epoch milliseconds of the request; refused when more than 5 minutes away from now.',
        },
      },
    },
  };
}
