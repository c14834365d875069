import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { systemClock, type Clock } from '../../clock/clock.js';
import type { Logger } from '../../logging/logger.js';
import { usageEvents } from '../../observability/metrics.js';
import type { Database } from '../../store/database.js';
import { findTenantByWriteKey } from '../../store/tenants.js';
import { UsageRequestError } from './errors.js';
import { ingestBatch } from './ingest-batch.js';
import { MAX_BATCH_BYTES, validateBatch } from './validate-batch.js';
import { presentedWriteKey } from './write-key.js';

export interface UsageRouterDeps {
  db: Database;
  logger: Logger;
  clock?: Clock;
}

/**
 * The usage ingestion API, mounted at /v1/usage:
 *
 * `POST /v1/usage/events` (alias `POST /v1/usage/batch`, the path Segment's libraries use) takes a
 * Segment batch `{ batch: [track|identify|group calls] }` of at most 500 KB (32 KB per call),
 * authenticated by the tenant's usage write key (HTTP Basic username, or `writeKey` in the body).
 * 200 `{ success: true, accepted, duplicates, unmapped, accountDays }`; 401 missing/unknown write key;
 * 400 invalid batch (issues name the event index and field; nothing stored); 413 too large.
 * See README.md beside this file for the event forms and how they roll up.
 */
export function createUsageRouter({ db, logger, clock = systemClock }: UsageRouterDeps): Router {
  const router = Router();
  const bodyBytes = new WeakMap<Request, number>();
  const parseJson = express.json({
    limit: MAX_BATCH_BYTES,
    type: ['application/json', 'application/*+json', 'text/plain'],
    verify: (req, _res, buffer) => {
      bodyBytes.set(req as Request, buffer.length);
    },
  });

  router.post(['/events', '/batch'], parseJson, async (req, res) => {
    const writeKey = presentedWriteKey(req);
    if (writeKey === undefined) {
      throw new UsageRequestError(
        'unauthorized',
        'missing write key: send it as the HTTP Basic username (Authorization: Basic base64("<writeKey>:")) or as "writeKey" in the JSON body',
      );
    }
    const tenant = await findTenantByWriteKey(db, writeKey);
    if (!tenant) throw new UsageRequestError('unauthorized', 'unknown write key: use the usage write key of a connected tenant');
    if (req.body === undefined) {
      throw new UsageRequestError('invalid_batch', 'expected a JSON body ({ "batch": [...] }) with Content-Type: application/json', [
        { field: 'body', message: 'missing or not JSON' },
      ]);
    }
    const now = clock.now();
    const calls = validateBatch(req.body, now, bodyBytes.get(req) ?? 0);
    const result = await ingestBatch(db, tenant.id, calls, now);
    usageEvents.inc({ outcome: 'stored' }, result.accepted);
    usageEvents.inc({ outcome: 'duplicate' }, result.duplicates);
    usageEvents.inc({ outcome: 'unmapped' }, result.unmapped);
    logger.debug({ tenantId: tenant.id, calls: calls.length, ...result }, 'usage batch ingested');
    res.json({ success: true, ...result });
  });

  const refuse: ErrorRequestHandler = (error: unknown, req, res, next) => {
    const refusal = toUsageError(error);
    if (!refusal) {
      next(error);
      return;
    }
    const body: unknown = req.body;
    const calls = body && typeof body === 'object' && 'batch' in body && Array.isArray(body.batch) ? body.batch.length : 1;
    usageEvents.inc({ outcome: 'rejected' }, calls);
    logger.info({ status: refusal.status, error: refusal.code, reason: refusal.message }, 'usage batch refused');
    if (refusal.code === 'unauthorized') res.set('WWW-Authenticate', 'Basic realm="telltale-usage"');
    res.status(refusal.status).json(refusal.toBody());
  };
  router.use(refuse);
  return router;
}

/** Our own refusals, and body-parser's (too large, malformed JSON) translated to the same JSON errors. */
function toUsageError(error: unknown): UsageRequestError | undefined {
  if (error instanceof UsageRequestError) return error;
  if (!error || typeof error !== 'object' || !('type' in error)) return undefined;
  if (error.type === 'entity.too.large') {
    return new UsageRequestError('too_large', `the batch is larger than ${MAX_BATCH_BYTES / 1024} KB; split it into smaller requests`);
  }
  if (error.type === 'entity.parse.failed') {
    const detail = 'message' in error && typeof error.message === 'string' ? error.message : 'malformed JSON';
    return new UsageRequestError('invalid_batch', `the body is not valid JSON: ${detail}`, [{ field: 'body', message: detail }]);
  }
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new UsageRequestError('invalid_batch', 'unsupported body encoding; send UTF-8 JSON', [{ field: 'body', message: 'unsupported encoding' }]);
  }
  return undefined;
}
