/**
 * `POST /webhooks/hubspot`: HubSpot's change events (company, deal, ticket and contact creation,
 * property and association changes), signature-verified. Each portal with relevant events gets an
 * incremental sync; the sync job rescores and writes back what changed. A burst of events for one
 * portal collapses into one queued sync (the queue dedupes per tenant).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock/clock.js';
import type { JobQueues } from '../jobs/queues.js';
import type { Logger } from '../logging/logger.js';
import type { Queryable } from '../store/database.js';
import { getTenant, tenantIdFor } from '../store/tenants.js';
import { requireHubSpotSignature } from './require-hubspot-signature.js';

/** One event as HubSpot sends it (both the `company.propertyChange` and the `object.*` forms). */
const eventSchema = z.looseObject({
  eventId: z.number(),
  subscriptionId: z.number().optional(),
  portalId: z.number().int().positive(),
  appId: z.number().optional(),
  occurredAt: z.number(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().optional(),
  objectId: z.number().optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  changeSource: z.string().optional(),
});

/** HubSpot sends up to 100 events per request. */
const batchSchema = z.array(eventSchema).min(1).max(100);

export type HubSpotWebhookEvent = z.output<typeof eventSchema>;

/** Object types whose changes move an account's features: companies, contacts, deals, tickets. */
const RELEVANT_PREFIXES = ['company.', 'contact.', 'deal.', 'ticket.'];
const RELEVANT_OBJECT_TYPE_IDS = new Set(['0-1', '0-2', '0-3', '0-5']);

/** Telltale's own write-back changes these; syncing on them would loop. */
const OWN_PROPERTY_PREFIX = 'telltale_';

export function isRelevantEvent(event: HubSpotWebhookEvent): boolean {
  if (event.propertyName?.startsWith(OWN_PROPERTY_PREFIX)) return false;
  if (RELEVANT_PREFIXES.some((p) => event.subscriptionType.startsWith(p))) return true;
  return event.subscriptionType.startsWith('object.') && event.objectTypeId !== undefined && RELEVANT_OBJECT_TYPE_IDS.has(event.objectTypeId);
}

export interface HubSpotWebhookDeps {
  db: Queryable;
  queues: Pick<JobQueues, 'enqueueSyncForChange'>;
  clientSecret: () => string | undefined;
  publicOrigin?: string;
  clock: Clock;
  logger: Logger;
}

export function createHubSpotWebhookRouter(deps: HubSpotWebhookDeps): Router {
  const router = Router();
  router.post('/webhooks/hubspot', ...requireHubSpotSignature(deps), async (_req, res, next) => {
    try {
      let json: unknown;
      try {
        json = JSON.parse(res.locals.rawBody as string);
      } catch {
        res.status(400).json({ error: 'bad_request', message: 'the body is not JSON' });
        return;
      }
      const parsed = batchSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        res.status(400).json({ error: 'bad_request', message: `expected an array of 1-100 HubSpot webhook events: ${issue.path.join('.') || '(body)'}: ${issue.message}` });
        return;
      }
      const relevant = parsed.data.filter(isRelevantEvent);
      const portals = [...new Set(relevant.map((e) => e.portalId))];
      const queued: string[] = [];
      const unknownPortals: number[] = [];
      for (const portalId of portals) {
        const tenant = await getTenant(deps.db, tenantIdFor('hubspot', String(portalId)));
        if (!tenant || tenant.status !== 'active') {
          unknownPortals.push(portalId);
          continue;
        }
        await deps.queues.enqueueSyncForChange(tenant.id, 'webhook');
        queued.push(tenant.id);
      }
      deps.logger.info({ events: parsed.data.length, relevant: relevant.length, queued, unknownPortals }, 'hubspot webhook');
      if (portals.length > 0 && queued.length === 0) {
        res.status(404).json({ error: 'unknown_portal', message: `no active tenant for portal ${unknownPortals.join(', ')}` });
        return;
      }
      res.status(202).json({ events: parsed.data.length, relevant: relevant.length, syncsQueued: queued, unknownPortals });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
