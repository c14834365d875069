import type { Config } from '../config/env.js';
import type { SalesforceOrgFor } from '../jobs/sync-job.js';
import type { LocalSecrets } from './local-secrets.js';
import type { ConnectedSalesforceOrg } from './salesforce-connection.js';
import { SANDBOX_SALESFORCE_PATH, type SandboxMode } from './sandbox-mode.js';

/**
 * How each Salesforce tenant is reached. The customer's org of the deployment (`connected`, from the
 * connected-app variables) logs in with its JWT bearer grant. The sandbox org logs in with the JWT
 * bearer grant of its connected app (the key pair lives in the data dir's sandbox secrets);
 * SALESFORCE_LOGIN_URL / SALESFORCE_INSTANCE_URL point it elsewhere, e.g. at a proxy in front of the
 * sandbox. Any other org (one the deployment was connected to before) is unreachable: its jobs skip.
 */
export function salesforceOrgs(deps: {
  config: Config;
  sandbox: SandboxMode | undefined;
  secrets: LocalSecrets | undefined;
  port: number;
  connected: ConnectedSalesforceOrg | undefined;
}): SalesforceOrgFor {
  const { config, sandbox, secrets, connected } = deps;
  return async (tenant) => {
    if (tenant.crm !== 'salesforce') return undefined;
    if (connected && tenant.externalId === connected.orgId) return connected.access;
    if (!sandbox || !secrets || tenant.externalId !== sandbox.salesforce.orgId) return undefined;
    const mounted = `http://127.0.0.1:${deps.port}${SANDBOX_SALESFORCE_PATH}`;
    return {
      loginUrl: config.salesforce.loginUrl ?? mounted,
      instanceUrl: config.salesforce.instanceUrl ?? config.salesforce.loginUrl ?? mounted,
      auth: { jwt: { consumerKey: sandbox.salesforce.consumerKey, username: sandbox.salesforce.username, privateKeyPem: secrets.salesforce.privateKeyPem } },
    };
  };
}
