import express, { Router, type Request } from 'express';
import { sendUnknownToken, TokenEndpointError } from './oauth-errors.js';
import { AuthorizeRefusal, type OAuthGrants, type TokenForm } from './oauth-grants.js';
import { addRoute, routeKey, type RouteContext } from './routing.js';

const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const scopeList = (value: unknown): string[] => (single(value) ?? '').split(/[\s+]+/).filter((scope) => scope !== '');

/**
 * HubSpot's OAuth endpoints, mounted before the bearer check (they take client credentials):
 * - `GET /oauth/authorize`: the stand-in for HubSpot's consent screen (app.hubspot.com): it redirects
 *   straight back to `redirect_uri` with `code` and `state`, as a user clicking "Connect app" would;
 * - `POST /oauth/v1/token` (form-encoded): code exchange and refresh, HubSpot's 400 bodies on refusal;
 * - `GET /oauth/v1/access-tokens/{token}`, `GET` and `DELETE /oauth/v1/refresh-tokens/{token}`: metadata and revocation.
 */
export function oauthRoutes(ctx: RouteContext, grants: OAuthGrants): Router {
  const router = Router();

  addRoute(router, ctx, 'get', '/oauth/authorize', (req, res) => {
    try {
      const code = grants.authorize({
        clientId: single(req.query.client_id),
        redirectUri: single(req.query.redirect_uri),
        scopes: [...scopeList(req.query.scope), ...scopeList(req.query.optional_scope)],
      });
      const target = new URL(single(req.query.redirect_uri)!);
      target.searchParams.set('code', code);
      const state = single(req.query.state);
      if (state !== undefined) target.searchParams.set('state', state);
      res.redirect(302, target.toString());
    } catch (error) {
      if (!(error instanceof AuthorizeRefusal)) throw error;
      // HubSpot shows an error page rather than redirecting an unverified redirect_uri.
      res.status(400).type('text/plain').send(`Authorization failed: ${error.message}`);
    }
  });

  router.use('/oauth/v1/token', express.urlencoded({ extended: false, limit: '16kb' }));
  addRoute(router, ctx, 'post', '/oauth/v1/token', (req, res) => {
    try {
      res.json(grants.token(tokenForm(req)));
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      error.send(res);
    }
  });

  addRoute(router, ctx, 'get', '/oauth/v1/access-tokens/:token', (req, res) => {
    const info = grants.accessTokenInfo(String(req.params.token));
    if (info) res.json(info);
    else sendUnknownToken(res);
  });

  addRoute(router, ctx, 'get', '/oauth/v1/refresh-tokens/:token', (req, res) => {
    const info = grants.refreshTokenInfo(String(req.params.token));
    if (info) res.json(info);
    else sendUnknownToken(res);
  });

  const revokeKey = routeKey('delete', '/oauth/v1/refresh-tokens/:token');
  router.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    ctx.stats.served(revokeKey);
    if (grants.revokeRefreshToken(String(req.params.token))) res.status(204).end();
    else sendUnknownToken(res);
  });

  return router;
}

function tokenForm(req: Request): TokenForm {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  return {
    grant_type: single(body.grant_type),
    client_id: single(body.client_id),
    client_secret: single(body.client_secret),
    redirect_uri: single(body.redirect_uri),
    code: single(body.code),
    refresh_token: single(body.refresh_token),
  };
}
