import type { Config } from '../config/env.js';
import type { SalesforceOrgFor } from '../jobs/sync-job.js';
import type { LocalSecrets } from './local-secrets.js';
import { SANDBOX_SALESFORCE_PATH, type SandboxMode } from './sandbox-mode.js';

/**
 * The sandbox org logs in with the JWT bearer grant of its connected app (the key pair lives in the
 * data dir's sandbox secrets). SALESFORCE_LOGIN_URL / SALESFORCE_INSTANCE_URL point the connector
 * elsewhere, e.g. at a proxy in front of the sandbox. Orgs of other deployments have no access here
 * (connecting a customer's org is not built yet: see server/README.md).
 */
export function salesforceOrgs(deps: { config: Config; sandbox: SandboxMode | undefined; secrets: LocalSecrets | undefined; port: number }): SalesforceOrgFor {
  const { config, sandbox, secrets } = deps;
  return async (tenant) => {
    if (tenant.crm !== 'salesforce' || !sandbox || !secrets || tenant.externalId !== sandbox.salesforce.orgId) return undefined;
    const mounted = `http://127.0.0.1:${deps.port}${SANDBOX_SALESFORCE_PATH}`;
    return {
      loginUrl: config.salesforce.loginUrl ?? mounted,
      instanceUrl: config.salesforce.instanceUrl ?? config.salesforce.loginUrl ?? mounted,
      auth: { jwt: { consumerKey: sandbox.salesforce.consumerKey, username: sandbox.salesforce.username, privateKeyPem: secrets.salesforce.privateKeyPem } },
    };
  };
}
