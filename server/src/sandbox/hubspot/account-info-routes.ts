import { Router } from 'express';
import { addRoute, type RouteContext } from './routing.js';

/** GET /account-info/v3/details: which portal a token belongs to (HubSpot's PortalInformationResponse). */
export function accountInfoRoutes(ctx: RouteContext): Router {
  const router = Router();
  addRoute(router, ctx, 'get', '/account-info/v3/details', (_req, res) => {
    res.json({
      portalId: ctx.store.portalId,
      accountType: 'SANDBOX',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });
  return router;
}
