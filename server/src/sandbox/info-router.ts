import { Router } from 'express';

/** What GET /sandbox reports about the embedded Salesforce org (never its private key). */
export interface SalesforceSandboxInfo {
  /** Absolute path where the Salesforce sandbox router is mounted (default /sandbox/salesforce). */
  mountPath?: string;
  username: string;
  consumerKey: string;
  orgId: string;
  /** The REST API version the connector uses (default 62.0). */
  apiVersion?: string;
}

/** What GET /sandbox reports about the embedded HubSpot portal, and optionally the Salesforce org. */
export interface SandboxInfoOptions {
  /** Absolute path where the HubSpot sandbox router is mounted (default /sandbox/hubspot). */
  mountPath?: string;
  accessToken: string;
  clientSecret: string;
  portalId: number;
  salesforce?: SalesforceSandboxInfo;
}

/**
 * Mount at /sandbox: GET /sandbox → { hubspot: { baseUrl, accessToken, clientSecret, portalId } }, plus
 * `salesforce: { loginUrl, instancePath, username, consumerKey, orgId, apiVersion }` when a Salesforce
 * org is given. URLs are absolute as the caller reached the service (request host); the org's login URL
 * is also its instance URL.
 */
export function createSandboxInfoRouter(options: SandboxInfoOptions): Router {
  const router = Router();
  const mountPath = options.mountPath ?? '/sandbox/hubspot';
  router.get('/', (req, res) => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const { accessToken, clientSecret, portalId, salesforce } = options;
    const info: Record<string, unknown> = { hubspot: { baseUrl: `${origin}${mountPath}`, accessToken, clientSecret, portalId } };
    if (salesforce) {
      const instancePath = salesforce.mountPath ?? '/sandbox/salesforce';
      info.salesforce = {
        loginUrl: `${origin}${instancePath}`,
        instancePath,
        username: salesforce.username,
        consumerKey: salesforce.consumerKey,
        orgId: salesforce.orgId,
        apiVersion: salesforce.apiVersion ?? '62.0',
      };
    }
    res.json(info);
  });
  return router;
}
