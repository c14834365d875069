import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_APP_META_PATH, loadHubSpotAppScopes } from '../../../server/src/connectors/hubspot/app-scopes.js';
import { HUBSPOT_AUTHORIZE_URL, HubSpotOAuth } from '../../../server/src/connectors/hubspot/oauth.js';
import { fixedClock } from '../../../server/src/clock/clock.js';

describe('the install URL', () => {
  it("asks for exactly the scopes the HubSpot app declares in app-hsmeta.json", () => {
    const meta = JSON.parse(readFileSync(HUBSPOT_APP_META_PATH, 'utf8')) as { config: { auth: { requiredScopes: string[]; optionalScopes: string[] } } };
    const scopes = loadHubSpotAppScopes();
    expect(scopes.required).toEqual(meta.config.auth.requiredScopes);
    expect(scopes.optional).toEqual(meta.config.auth.optionalScopes);
    expect(scopes.required).toContain('crm.objects.companies.read');
  });

  it("carries client id, space-separated scopes (%20), optional scopes, redirect URI and state to HubSpot's consent screen", () => {
    const oauth = new HubSpotOAuth(
      {
        clientId: 'a1b2c3',
        clientSecret: 'secret',
        redirectUri: 'https://telltale.example.com/oauth/hubspot/callback',
        scopes: ['oauth', 'crm.objects.companies.read'],
        optionalScopes: ['crm.objects.deals.write'],
        authorizeUrl: HUBSPOT_AUTHORIZE_URL,
        apiBaseUrl: 'https://api.hubapi.com',
      },
      fixedClock('2026-03-01T00:00:00Z'),
    );
    const url = oauth.authorizationUrl('payload.signature');
    expect(url).toBe(
      'https://app.hubspot.com/oauth/authorize?client_id=a1b2c3&scope=oauth%20crm.objects.companies.read&optional_scope=crm.objects.deals.write' +
        '&redirect_uri=https%3A%2F%2Ftelltale.example.com%2Foauth%2Fhubspot%2Fcallback&state=payload.signature',
    );
    expect(url).not.toContain('secret');
  });

  it('leaves optional_scope out when the app declares none', () => {
    const oauth = new HubSpotOAuth(
      { clientId: 'c', clientSecret: 's', redirectUri: 'http://localhost/cb', scopes: ['oauth'], authorizeUrl: 'http://localhost/authorize', apiBaseUrl: 'http://localhost' },
      fixedClock('2026-03-01T00:00:00Z'),
    );
    expect(new URL(oauth.authorizationUrl('s')).searchParams.has('optional_scope')).toBe(false);
  });
});
