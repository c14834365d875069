import type { Express } from 'express';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { createHubSpotSandbox, type HubSpotSandbox } from '../sandbox/hubspot/create-sandbox.js';
import type { UsageDay } from '../sandbox/hubspot/portal-data.js';
import { createSandboxInfoRouter } from '../sandbox/info-router.js';
import { generatePortfolio, portfolioSummary, toOrgData, toPortalData, usageDays } from '../sandbox/portfolio/index.js';
import { createSalesforceSandbox, type SalesforceSandbox } from '../sandbox/salesforce/create-sandbox.js';
import type { Tenant } from '../store/tenants.js';
import type { LocalSecrets } from './local-secrets.js';

/** The built-in demo CRMs: one generated portfolio served as a HubSpot portal and as a Salesforce org. */
export interface SandboxMode {
  portalId: number;
  accessToken: string;
  hubspot: HubSpotSandbox;
  salesforce: SalesforceSandbox;
  /** The product usage of a sandbox tenant's accounts, keyed as that CRM knows them (CRM id or domain). */
  usage: (crm: Tenant['crm']) => Iterable<UsageDay>;
  summary: ReturnType<typeof portfolioSummary>;
  asOf: string;
}

export const SANDBOX_HUBSPOT_PATH = '/sandbox/hubspot';
export const SANDBOX_SALESFORCE_PATH = '/sandbox/salesforce';

/** Generates the portfolio and mounts GET /sandbox and the HubSpot and Salesforce emulations on the app. */
export function mountSandbox(app: Express, deps: { config: Config; secrets: LocalSecrets; clock: Clock; logger: Logger }): SandboxMode {
  // By default the history ends yesterday: records of the as-of day carry times up to its last
  // millisecond, and an incremental sync's cursor must never start in the future.
  const asOf = deps.config.sandboxAsOf ?? new Date(deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const started = Date.now();
  const portfolio = generatePortfolio({ seed: deps.config.sandboxSeed, accounts: deps.config.sandboxAccounts, asOf });
  const data = toPortalData(portfolio);
  const org = toOrgData(portfolio);
  const summary = portfolioSummary(portfolio);
  deps.logger.info({ ms: Date.now() - started, accounts: deps.config.sandboxAccounts, asOf }, 'generated sandbox portfolio');
  const hubspot = createHubSpotSandbox({
    data,
    accessToken: deps.secrets.sandboxAccessToken,
    clientSecret: deps.secrets.sandboxClientSecret,
    clock: deps.clock,
  });
  const salesforce = createSalesforceSandbox({
    data: org,
    consumerSecret: deps.secrets.salesforce.consumerSecret,
    certificate: deps.secrets.salesforce.publicKeyPem,
    clock: deps.clock,
  });
  app.use(SANDBOX_HUBSPOT_PATH, hubspot.router);
  app.use(SANDBOX_SALESFORCE_PATH, salesforce.router);
  app.use(
    '/sandbox',
    createSandboxInfoRouter({
      portalId: data.portalId,
      accessToken: deps.secrets.sandboxAccessToken,
      clientSecret: deps.secrets.sandboxClientSecret,
      mountPath: SANDBOX_HUBSPOT_PATH,
      salesforce: { mountPath: SANDBOX_SALESFORCE_PATH, username: salesforce.username, consumerKey: salesforce.consumerKey, orgId: salesforce.orgId },
    }),
  );
  // Usage keyed by HubSpot company id is keyed by the Account id in the org (domains stay domains).
  const accountIdByCompany = new Map(portfolio.accounts.map((a) => [a.companyId, org.accountIds[a.index]!]));
  const usage = (crm: Tenant['crm']): Iterable<UsageDay> =>
    crm === 'hubspot' ? usageDays(portfolio) : rekey(usageDays(portfolio), (key) => accountIdByCompany.get(key) ?? key);
  return { portalId: data.portalId, accessToken: deps.secrets.sandboxAccessToken, hubspot, salesforce, usage, summary, asOf };
}

function* rekey(days: Iterable<UsageDay>, key: (groupKey: string) => string): Generator<UsageDay> {
  for (const day of days) yield { ...day, groupKey: key(day.groupKey) };
}
