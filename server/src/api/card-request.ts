/**
 * What every card route does after the signature check: find the tenant of the verified portal, read
 * the verified body, and answer failures as the contract's ApiError.
 */
import type { Request } from 'express';
import type { z } from 'zod';
import type { ApiError } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { Queryable } from '../store/database.js';
import { getTenant, tenantIdFor, type Tenant } from '../store/tenants.js';

/** A card request that cannot be answered; the router turns it into `status` and an ApiError body. */
export class CardRequestError extends Error {
  override readonly name = 'CardRequestError';
  constructor(
    readonly status: 400 | 404 | 409 | 502 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  body(): ApiError {
    return { error: this.code, message: this.message };
  }
}

/** Who sent a verified card request: the portal (and so the tenant) and the HubSpot user. */
export interface CardCaller {
  tenant: Tenant;
  portalId: string;
  /** The HubSpot user id `hubspot.fetch` adds; null when absent. */
  userId: string | null;
}

/**
 * The caller of a request whose signature was verified. `hubspot.fetch` adds `portalId`, `userId`,
 * `userEmail` and `appId` to the query string, which the signature covers, so the portal cannot be
 * changed without breaking it. The portal's tenant must exist and be active (404 otherwise, the same
 * answer as for another portal's record, so nothing is learnt about other tenants).
 */
export async function verifiedCaller(db: Queryable, req: Request): Promise<CardCaller> {
  const query = new URL(req.originalUrl, 'http://card.invalid').searchParams;
  const portalIds = query.getAll('portalId');
  const portalId = portalIds[0];
  if (portalIds.length !== 1 || !portalId || !/^\d{1,20}$/.test(portalId)) {
    throw new CardRequestError(400, 'bad_request', 'expected one numeric portalId query parameter (hubspot.fetch adds it to every request)');
  }
  const tenant = await getTenant(db, tenantIdFor('hubspot', portalId));
  if (!tenant || tenant.status !== 'active') throw new CardRequestError(404, 'not_found', `Telltale is not connected to HubSpot portal ${portalId}`);
  const userId = query.get('userId');
  return { tenant, portalId, userId: userId && /^\d{1,20}$/.test(userId) ? userId : null };
}

/** The verified raw body (`requireHubSpotSignature` keeps it) parsed as JSON and checked; an empty body reads as `{}`. */
export function verifiedBody<T>(rawBody: unknown, schema: z.ZodType<T>): T {
  const text = typeof rawBody === 'string' ? rawBody.trim() : '';
  let json: unknown = {};
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new CardRequestError(400, 'bad_request', 'the body is not JSON');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new CardRequestError(400, 'bad_request', problems.join('; '));
  }
  return parsed.data;
}
