/**
 * Express middleware for routes HubSpot calls (card fetches, webhooks): reads the raw body, checks the
 * v3 signature over the public URL HubSpot called, and hands the verified raw body on as
 * `res.locals.rawBody`. A request that fails is answered 401 with the reason and goes no further.
 */
import express, { type RequestHandler } from 'express';
import type { Clock } from '../clock/clock.js';
import { verifySignatureV3 } from './hubspot-signature.js';

export interface HubSpotSignatureOptions {
  /** The app's client secret; undefined when no HubSpot app is configured (every request is refused). */
  clientSecret: () => string | undefined;
  /**
   * The origin HubSpot calls (e.g. https://telltale.example.com) when the service sits behind a proxy
   * that rewrites Host; default: the request's own protocol and host.
   */
  publicOrigin?: string;
  clock: Clock;
  /** Largest body accepted (HubSpot batches up to 100 webhook events). */
  limit?: string;
}

export function requireHubSpotSignature(options: HubSpotSignatureOptions): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: options.limit ?? '1mb' });
  const verify: RequestHandler = (req, res, next) => {
    const clientSecret = options.clientSecret();
    if (!clientSecret) {
      res.status(401).json({ error: 'unauthorized', message: 'no HubSpot app is configured (HUBSPOT_CLIENT_SECRET), so signed requests cannot be verified' });
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const origin = options.publicOrigin ?? `${req.protocol}://${req.get('host') ?? ''}`;
    const check = verifySignatureV3({
      clientSecret,
      method: req.method,
      url: `${origin}${req.originalUrl}`,
      body,
      timestamp: req.get('x-hubspot-request-timestamp') ?? '',
      signature: req.get('x-hubspot-signature-v3'),
      now: options.clock.now().getTime(),
    });
    if (!check.valid) {
      res.status(401).json({ error: 'invalid_signature', reason: check.reason, message: check.message });
      return;
    }
    res.locals.rawBody = body;
    next();
  };
  return [raw, verify];
}
