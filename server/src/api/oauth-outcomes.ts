import type { HubSpotOAuthFailure } from '../connectors/hubspot/oauth.js';
import type { OAuthPage } from './oauth-pages.js';
import type { StateCheck } from './oauth-state.js';

const START_AGAIN = { href: '/oauth/hubspot/install', label: 'Start the install again' };

/** Both routes, when this deployment has no OAuth app (a private app, or OAuth not configured). */
export const NOT_CONFIGURED_PAGE: OAuthPage = {
  status: 404,
  title: 'HubSpot install is not available here',
  message:
    'This Telltale deployment has no HubSpot OAuth app configured. A private-app deployment (HUBSPOT_ACCESS_TOKEN) needs no install. ' +
    'To offer the install, set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, TELLTALE_ENCRYPTION_KEY and TELLTALE_PUBLIC_URL.',
};

export const SETUP_FAILED_PAGE: OAuthPage = {
  status: 500,
  title: 'Connected, but setup did not finish',
  message: 'Telltale received access to your portal, but preparing it failed. Installing again retries the setup; nothing is duplicated.',
  action: START_AGAIN,
};

export const UNEXPECTED_PAGE: OAuthPage = {
  status: 500,
  title: 'The install failed',
  message: 'Something went wrong on our side while connecting your portal. Please try again.',
  action: START_AGAIN,
};

type Refusal = Exclude<StateCheck, 'ok'> | 'access_denied' | 'hubspot_error';

const REFUSALS: Record<Refusal, Omit<OAuthPage, 'status' | 'action'>> = {
  access_denied: { title: 'Install cancelled', message: 'Telltale was not given access to your HubSpot portal, so nothing was changed.' },
  hubspot_error: { title: 'HubSpot did not authorise the install', message: 'HubSpot returned an error instead of an authorisation' },
  malformed: { title: 'This install link is incomplete', message: 'The link HubSpot sent back is missing its code or state. Start the install from Telltale.' },
  bad_signature: { title: 'This install link is not valid', message: 'The link was not issued by this Telltale service, or it was changed. Start the install from Telltale.' },
  expired: { title: 'This install link has expired', message: 'Install links are valid for 10 minutes. Start the install again.' },
  other_browser: {
    title: 'Start the install in this browser',
    message: 'The install was started in another browser or its cookie was blocked. Start it again here, and allow cookies for this site.',
  },
};

/** The callback was refused before any call to HubSpot: a cancelled consent, or a state that does not check out. */
export function refusedCallbackPage(refusal: Refusal, hubspotError?: string): OAuthPage {
  const page = REFUSALS[refusal];
  const message = refusal === 'hubspot_error' ? `${page.message} (${hubspotError ?? 'unknown'}).` : page.message;
  return { status: refusal === 'access_denied' ? 403 : 400, ...page, message, action: START_AGAIN };
}

/** Exchanging the code (or reading the token's portal) failed. */
export function failedExchangePage(failure: HubSpotOAuthFailure): OAuthPage {
  switch (failure) {
    case 'bad_code':
    case 'revoked_grant':
      return { status: 400, title: 'This install link was already used', message: 'HubSpot refused the authorisation code: it is used once and expires within minutes. Start the install again.', action: START_AGAIN };
    case 'app_config':
      return { status: 502, title: 'HubSpot refused this Telltale service', message: "HubSpot did not accept this service's app credentials. The operator must check its HubSpot app settings; nothing was changed." };
    case 'temporary':
      return { status: 503, title: 'HubSpot could not be reached', message: 'HubSpot did not answer in time. Please try again in a moment.', action: START_AGAIN };
    default:
      return { status: 502, title: 'HubSpot gave an unexpected answer', message: 'Connecting your portal failed; nothing was changed. Please try again.', action: START_AGAIN };
  }
}

/** The portal is connected. */
export function installedPage(portalId: number, hubDomain: string | undefined, reinstall: boolean): OAuthPage {
  const portal = hubDomain ? `${hubDomain} (portal ${portalId})` : `portal ${portalId}`;
  return {
    status: 200,
    title: 'Telltale is connected to HubSpot',
    message: `${reinstall ? 'Reconnected' : 'Connected'} ${portal}. Telltale is setting up its properties and reading your accounts; the Telltale cards on company records fill in once the first scoring has run. You can close this tab.`,
  };
}
