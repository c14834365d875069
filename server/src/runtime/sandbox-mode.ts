import type { Express } from 'express';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { createHubSpotSandbox, type HubSpotSandbox } from '../sandbox/hubspot/create-sandbox.js';
import type { UsageDay } from '../sandbox/hubspot/portal-data.js';
import { createSandboxInfoRouter } from '../sandbox/info-router.js';
import { generatePortfolio, portfolioSummary, toPortalData, usageDays } from '../sandbox/portfolio/index.js';
import type { LocalSecrets } from './local-secrets.js';

/** The built-in demo CRM: a generated portfolio served as a HubSpot portal inside this process. */
export interface SandboxMode {
  portalId: number;
  accessToken: string;
  hubspot: HubSpotSandbox;
  usage: () => Iterable<UsageDay>;
  summary: ReturnType<typeof portfolioSummary>;
  asOf: string;
}

export const SANDBOX_HUBSPOT_PATH = '/sandbox/hubspot';

/** Generates the portfolio and mounts GET /sandbox and the HubSpot emulation on the app. */
export function mountSandbox(app: Express, deps: { config: Config; secrets: LocalSecrets; clock: Clock; logger: Logger }): SandboxMode {
  const asOf = deps.config.sandboxAsOf ?? deps.clock.now().toISOString().slice(0, 10);
  const started = Date.now();
  const portfolio = generatePortfolio({ seed: deps.config.sandboxSeed, accounts: deps.config.sandboxAccounts, asOf });
  const data = toPortalData(portfolio);
  const summary = portfolioSummary(portfolio);
  deps.logger.info({ ms: Date.now() - started, accounts: deps.config.sandboxAccounts, asOf }, 'generated sandbox portfolio');
  const hubspot = createHubSpotSandbox({
    data,
    accessToken: deps.secrets.sandboxAccessToken,
    clientSecret: deps.secrets.sandboxClientSecret,
    clock: deps.clock,
  });
  app.use(SANDBOX_HUBSPOT_PATH, hubspot.router);
  app.use('/sandbox', createSandboxInfoRouter({ portalId: data.portalId, accessToken: deps.secrets.sandboxAccessToken, clientSecret: deps.secrets.sandboxClientSecret, mountPath: SANDBOX_HUBSPOT_PATH }));
  return { portalId: data.portalId, accessToken: deps.secrets.sandboxAccessToken, hubspot, usage: () => usageDays(portfolio), summary, asOf };
}
