/**
 * A deployment's own Salesforce org: the customer's connected app logs the integration user in with the
 * server-to-server JWT bearer grant (no browser, no stored token: every session comes from the grant).
 */
import { z } from 'zod';
import { ConfigError, SALESFORCE_PRODUCTION_LOGIN_URL, type Config, type SalesforceConnectedApp } from '../config/env.js';
import { CrmError } from '../connectors/crm-error.js';
import { JwtBearerRefusedError, requestJwtBearerToken, trimSlash } from '../connectors/salesforce/jwt-bearer.js';
import { SALESFORCE_API_VERSION } from '../connectors/salesforce/salesforce-api.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { ensureTenant, getTenant, setTenantStatus, tenantIdFor, type Tenant } from '../store/tenants.js';

/** The customer's org this deployment is connected to, and how jobs reach it. */
export interface ConnectedSalesforceOrg {
  orgId: string;
  tenant: Tenant;
  /** What the sync, act and change-event jobs connect with (SalesforceOrgFor's answer). */
  access: { loginUrl: string; instanceUrl: string; auth: { jwt: SalesforceConnectedApp } };
}

const REQUEST_TIMEOUT_MS = 30_000;

const organizationQuery = z.object({ records: z.array(z.object({ Name: z.string().trim().min(1) })) });

/** `https://login.salesforce.com/id/00D…/005…` → the org id (Salesforce ids: 15 or 18 characters). */
const IDENTITY_URL = /\/id\/(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?\/?$/;

/**
 * With a connected app configured: logs in once (a refusal stops the start with a ConfigError naming
 * what to check), learns the org from the identity URL of the token answer and registers its tenant
 * `salesforce-<orgId>`, named after the org when first seen. A login that works reconnects the tenant
 * when an AUTH failure had disconnected it (fixing the org's settings and restarting is how it recovers);
 * a paused tenant stays paused. Undefined without a connected app.
 */
export async function connectSalesforceOrg(deps: { db: Database; logger: Logger; salesforce: Config['salesforce'] }): Promise<ConnectedSalesforceOrg | undefined> {
  const { db, logger, salesforce } = deps;
  const app = salesforce.connectedApp;
  if (!app) return undefined;
  const loginUrl = salesforce.loginUrl ?? SALESFORCE_PRODUCTION_LOGIN_URL;
  const token = await logIn(app, loginUrl);
  const orgId = token.identityUrl?.match(IDENTITY_URL)?.[1];
  if (!orgId) throw new Error(`Salesforce's login at ${loginUrl} answered without an identity URL (…/id/<orgId>/<userId>), so the org is unknown`);
  const instanceUrl = salesforce.instanceUrl ?? (token.instanceUrl ? trimSlash(token.instanceUrl) : undefined);
  if (!instanceUrl) throw new ConfigError('SALESFORCE_INSTANCE_URL', `expected the org's instance URL (https://<my domain>.my.salesforce.com): Salesforce's login named none`);

  const known = await getTenant(db, tenantIdFor('salesforce', orgId));
  const name = known?.name ?? (await readOrgName({ instanceUrl, accessToken: token.accessToken, orgId, logger }));
  let tenant = await ensureTenant(db, { crm: 'salesforce', externalId: orgId, name });
  if (tenant.status === 'disconnected') {
    await setTenantStatus(db, tenant.id, 'active', null);
    logger.info({ tenant: tenant.id, reason: tenant.statusReason }, 'salesforce login works again; tenant reconnected');
    tenant = { ...tenant, status: 'active', statusReason: null };
  }
  logger.info({ tenant: tenant.id, instanceUrl, username: app.username }, 'salesforce org connected');
  return { orgId, tenant, access: { loginUrl, instanceUrl, auth: { jwt: app } } };
}

async function logIn(app: SalesforceConnectedApp, loginUrl: string) {
  try {
    return await requestJwtBearerToken(app, { loginUrl, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof JwtBearerRefusedError) throw refusal(error, loginUrl);
    if (error instanceof CrmError) throw new ConfigError('SALESFORCE_LOGIN_URL', `expected a Salesforce login server that answers, but ${error.message}; check the URL, or start again once Salesforce is back`);
    throw error;
  }
}

/** Salesforce's refusal as the variable to check and what to look at (its error and description quoted). */
function refusal(error: JwtBearerRefusedError, loginUrl: string): ConfigError {
  const said = error.error ? `${error.error}${error.description ? `: ${error.description}` : ''}` : `HTTP ${error.status ?? '?'}`;
  const answered = `Salesforce refused the login (${said})`;
  const description = error.description?.toLowerCase() ?? '';
  if (error.error === 'invalid_client_id') {
    return new ConfigError('SALESFORCE_CONSUMER_KEY', `expected the consumer key of a connected app of the org at ${loginUrl}; ${answered}. A Salesforce sandbox logs in at https://test.salesforce.com (SALESFORCE_LOGIN_URL); a new app takes up to 10 minutes to be usable`);
  }
  if (error.error === 'invalid_grant' && description.includes('audience')) {
    return new ConfigError('SALESFORCE_LOGIN_URL', `expected the org's login server (https://login.salesforce.com, https://test.salesforce.com for a Salesforce sandbox, or its My Domain URL); ${answered}`);
  }
  if (error.error === 'invalid_grant' && description.includes('approved')) {
    return new ConfigError('SALESFORCE_USERNAME', `expected an active user of the org pre-authorised on the connected app; ${answered}. Check the username, the app's Permitted Users ("Admin approved users are pre-authorized") and that the user holds a permission set the app lists (Telltale_Integration)`);
  }
  if ((error.error === 'invalid_grant' && description.includes('assertion')) || error.error === 'invalid_client') {
    return new ConfigError('SALESFORCE_PRIVATE_KEY_FILE', `expected the private key of the certificate uploaded to the connected app ("Use digital signatures"); ${answered}`);
  }
  return new ConfigError('SALESFORCE_CONSUMER_KEY', `expected a connected app that issues sessions to SALESFORCE_USERNAME signed with SALESFORCE_PRIVATE_KEY_FILE at ${loginUrl}; ${answered}`);
}

/**
 * The org's name, read once when the tenant is first registered (one API call); the org id stands in
 * when it cannot be read (no access to Organization, an API error), which does not stop the start.
 */
async function readOrgName(deps: { instanceUrl: string; accessToken: string; orgId: string; logger: Logger }): Promise<string> {
  const fallback = `Salesforce org ${deps.orgId}`;
  const soql = encodeURIComponent('SELECT Name FROM Organization');
  try {
    const response = await fetch(`${deps.instanceUrl}/services/data/v${SALESFORCE_API_VERSION}/query?q=${soql}`, {
      headers: { authorization: `Bearer ${deps.accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`GET /query answered ${response.status}`);
    const answer = organizationQuery.safeParse(await response.json());
    const name = answer.success ? answer.data.records[0]?.Name : undefined;
    if (!name) throw new Error('GET /query answered without the org name');
    return name;
  } catch (error) {
    deps.logger.warn({ org: deps.orgId, err: error instanceof Error ? error.message : String(error) }, 'salesforce org name unreadable; the tenant is named by its org id');
    return fallback;
  }
}
