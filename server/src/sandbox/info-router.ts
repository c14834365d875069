import { Router } from 'express';

/** What GET /sandbox reports about the embedded HubSpot portal. */
export interface SandboxInfoOptions {
  /** Absolute path where the HubSpot sandbox router is mounted (default /sandbox/hubspot). */
  mountPath?: string;
  accessToken: string;
  clientSecret: string;
  portalId: number;
}

/**
 * Mount at /sandbox: GET /sandbox → { hubspot: { baseUrl, accessToken, clientSecret, portalId } },
 * baseUrl being the absolute URL of the HubSpot mount as the caller reached it (request host).
 */
export function createSandboxInfoRouter(options: SandboxInfoOptions): Router {
  const router = Router();
  const mountPath = options.mountPath ?? '/sandbox/hubspot';
  router.get('/', (req, res) => {
    const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}${mountPath}`;
    const { accessToken, clientSecret, portalId } = options;
    res.json({ hubspot: { baseUrl, accessToken, clientSecret, portalId } });
  });
  return router;
}
