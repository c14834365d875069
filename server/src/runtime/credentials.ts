import type { Clock } from '../clock/clock.js';
import { CrmError, CrmErrorKind } from '../connectors/crm-error.js';
import { HubSpotOAuthError, type HubSpotOAuth } from '../connectors/hubspot/oauth.js';
import type { Logger } from '../logging/logger.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Database } from '../store/database.js';
import { deleteHubSpotGrant, loadHubSpotGrant, saveHubSpotGrant, type StoredHubSpotGrant } from '../store/tenant-credentials.js';
import { setTenantStatus, type Tenant } from '../store/tenants.js';

/** How a job reaches one tenant's HubSpot portal. */
export interface HubSpotCredentials {
  accessToken: string;
  basePath: string;
}

/**
 * A fresh access token for a tenant, or undefined when this deployment has none for it. Pass the
 * token HubSpot just answered 401 to as `rejectedAccessToken` to force a refresh (skipped when another
 * caller has already replaced that token). Throws a CrmError: AUTH when the grant was revoked (the
 * tenant is then `disconnected`), TEMPORARY when HubSpot could not refresh now, INVALID when HubSpot
 * refuses the app's own credentials.
 */
export type HubSpotCredentialsFor = (tenant: Tenant, options?: { rejectedAccessToken?: string }) => Promise<HubSpotCredentials | undefined>;

export interface HubSpotCredentialsDeps {
  db: Database;
  /** Opens stored OAuth grants; undefined when no encryption key is configured (no OAuth). */
  box: SecretBox | undefined;
  /** Refreshes tokens; undefined when no OAuth app is configured. */
  oauth: () => HubSpotOAuth | undefined;
  /** The token of a tenant without an OAuth grant: the private-app token, or the sandbox's. */
  staticAccessToken: (tenant: Tenant) => string | undefined;
  /** HubSpot's API base URL (or the sandbox's). */
  basePath: string;
  clock: Clock;
  logger: Logger;
  /** Refresh when less than this is left of the access token; default 5 minutes. */
  refreshMarginMs?: number;
  /** The install URL quoted to the admin when a tenant must reinstall. */
  installUrl?: string;
}

/**
 * `hubspotCredentialsFor`: a tenant's stored OAuth tokens, refreshed when less than the margin is
 * left, or its static token. A refresh runs once per tenant at a time: callers in this process share
 * it, and across processes the grant's row lock (`select … for update` in one transaction) makes a
 * second worker wait and then use the token the first one stored.
 */
export function createHubSpotCredentials(deps: HubSpotCredentialsDeps): HubSpotCredentialsFor {
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  const refreshing = new Map<string, Promise<string>>();
  const isUsable = (grant: StoredHubSpotGrant, rejected: string | undefined) =>
    grant.accessToken !== rejected && grant.accessTokenExpiresAt.getTime() - deps.clock.now().getTime() > margin;

  async function refreshUnderLock(tenant: Tenant, box: SecretBox, rejected: string | undefined): Promise<string> {
    const outcome = await deps.db.transaction(async (tx) => {
      const grant = await loadHubSpotGrant(tx, box, tenant.id, { lock: true });
      if (!grant) return { kind: 'revoked', reason: `tenant ${tenant.id} has no HubSpot grant any more (access revoked): reinstall the app` } as const;
      // Another worker may have refreshed while this one waited for the lock.
      if (isUsable(grant, rejected)) return { kind: 'token', token: grant.accessToken } as const;
      const oauth = deps.oauth();
      if (!oauth) throw new CrmError(`tenant ${tenant.id} has OAuth tokens, but no HubSpot OAuth app is configured to refresh them (HUBSPOT_CLIENT_ID)`, { kind: CrmErrorKind.Invalid, crm: 'hubspot', endpoint: 'POST /oauth/v1/token' });
      try {
        const tokens = await oauth.refresh(grant.refreshToken);
        await saveHubSpotGrant(tx, box, tenant.id, { ...tokens, scopes: grant.scopes }, { kind: 'refresh', at: deps.clock.now() });
        deps.logger.info({ tenant: tenant.id, expiresAt: tokens.accessTokenExpiresAt.toISOString(), forced: rejected !== undefined }, 'hubspot access token refreshed');
        return { kind: 'token', token: tokens.accessToken } as const;
      } catch (error) {
        if (!(error instanceof HubSpotOAuthError && error.failure === 'revoked_grant')) throw error;
        const reason = revokedReason(tenant, error.hubspotStatus, deps.installUrl);
        // Forget the dead grant and stop the tenant in the same transaction: later calls find nothing to refresh.
        await deleteHubSpotGrant(tx, tenant.id);
        await setTenantStatus(tx, tenant.id, 'disconnected', reason);
        deps.logger.warn({ tenant: tenant.id, hubspotStatus: error.hubspotStatus }, 'hubspot grant revoked; tenant disconnected');
        return { kind: 'revoked', reason } as const;
      }
    });
    if (outcome.kind === 'revoked') throw new CrmError(outcome.reason, { kind: CrmErrorKind.Auth, crm: 'hubspot', endpoint: 'POST /oauth/v1/token' });
    return outcome.token;
  }

  return async (tenant, options = {}) => {
    const grant = deps.box ? await loadHubSpotGrant(deps.db, deps.box, tenant.id) : undefined;
    if (!grant || !deps.box) {
      const token = deps.staticAccessToken(tenant);
      return token ? { accessToken: token, basePath: deps.basePath } : undefined;
    }
    if (isUsable(grant, options.rejectedAccessToken)) return { accessToken: grant.accessToken, basePath: deps.basePath };
    let pending = refreshing.get(tenant.id);
    if (!pending) {
      pending = refreshUnderLock(tenant, deps.box, options.rejectedAccessToken).finally(() => refreshing.delete(tenant.id));
      refreshing.set(tenant.id, pending);
    }
    return { accessToken: await pending, basePath: deps.basePath };
  };
}

function revokedReason(tenant: Tenant, hubspotStatus: string | undefined, installUrl: string | undefined): string {
  const how = installUrl ? `open ${installUrl}` : 'install the Telltale app again';
  return (
    `HubSpot revoked Telltale's access to portal ${tenant.externalId}${hubspotStatus ? ` (${hubspotStatus})` : ''}: the app was uninstalled or its access removed. ` +
    `A HubSpot super admin of the portal must reinstall it: ${how}.`
  );
}
