/**
 * The org's OAuth endpoints, relative to the login URL (= the sandbox's mount URL, which is also the
 * instance URL): POST /services/oauth2/token, GET /services/oauth2/authorize, POST
 * /services/oauth2/revoke, and the identity URL GET /id/{orgId}/{userId}.
 */
import { Router, type Request } from 'express';
import { sessionOf } from './auth.js';
import type { OAuthServer } from './oauth-server.js';
import { isRefusal } from './oauth-refusal.js';
import type { OrgStore } from './org-store.js';
import type { StatsRecorder } from './stats.js';

/** The login (and instance) URL as the client reached the sandbox: scheme, host and mount path. */
export function loginUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function params(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const body: unknown = req.body;
  for (const source of [req.query, typeof body === 'object' && body !== null ? body : {}]) {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'string') out[key] = value;
  }
  return out;
}

export function oauthRoutes(oauth: OAuthServer, store: OrgStore, stats: StatsRecorder): Router {
  const router = Router();
  router.post('/services/oauth2/token', (req, res) => {
    const form = params(req);
    const answer = oauth.token(form, loginUrlOf(req));
    res.set({ 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private', Pragma: 'no-cache' });
    if (isRefusal(answer)) {
      res.status(400).json(answer);
      return;
    }
    stats.tokenIssued(form.grant_type ?? '');
    res.json(answer);
  });

  router.get('/services/oauth2/authorize', (req, res) => {
    const answer = oauth.authorize(params(req));
    if (isRefusal(answer)) {
      res.status(400).type('text/html').send(`<html><body><p>error=${answer.error}&amp;error_description=${encodeURIComponent(answer.error_description)}</p></body></html>`);
      return;
    }
    res.redirect(302, answer.redirect);
  });

  router.post('/services/oauth2/revoke', (req, res) => {
    if (oauth.sessions.revoke(params(req).token ?? '')) res.status(200).end();
    else res.status(400).json({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
  });

  router.get('/id/:orgId/:userId', (req, res) => {
    const session = sessionOf(req, oauth.sessions);
    const user = store.get('User', String(req.params.userId));
    if (!session || !user || session.userId !== user.Id || req.params.orgId !== store.orgId) {
      res.status(403).type('text/plain').send('Bad_OAuth_Token');
      return;
    }
    const base = loginUrlOf(req);
    res.json({
      id: oauth.identityUrl(base), asserted_user: true, user_id: user.Id, organization_id: store.orgId,
      username: user.Username, nick_name: String(user.Username).split('@')[0], display_name: user.Name, email: user.Email,
      first_name: user.FirstName, last_name: user.LastName, active: user.IsActive, user_type: 'STANDARD', language: 'en_US',
      locale: 'en_US', utcOffset: 0, last_modified_date: user.LastModifiedDate,
      urls: { rest: `${base}/services/data/v{version}/`, sobjects: `${base}/services/data/v{version}/sobjects/`, query: `${base}/services/data/v{version}/query/` },
    });
  });
  return router;
}
