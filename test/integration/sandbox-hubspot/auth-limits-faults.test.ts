import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@hubspot/api-client';
import { buildPortal } from '../../fixtures/hubspot/portal-builder.js';
import { FIXTURE_TOKEN, startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';
import rateLimitBody from '../../fixtures/hubspot/errors/rate-limit-ten-secondly.json' with { type: 'json' };
import unauthorizedBody from '../../fixtures/hubspot/errors/unauthorized.json' with { type: 'json' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HubSpot sandbox auth, rate limits and faults', () => {
  let running: RunningSandbox | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('answers 401 INVALID_AUTHENTICATION with a correlation id for a wrong token and for none', async () => {
    running = await startSandbox({ data: buildPortal() });
    const wrong = new Client({ accessToken: 'pat-wrong', basePath: running.baseUrl, numberOfApiCallRetries: 0 });
    const error = await wrong.crm.companies.basicApi.getPage().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
    const raw = await fetch(`${running.baseUrl}/crm/v3/objects/companies`);
    const body = (await raw.json()) as Record<string, unknown>;
    expect(raw.status).toBe(401);
    expect(body).toEqual({ ...unauthorizedBody, correlationId: expect.stringMatching(UUID) });
  });

  it('sends rate-limit headers and answers the 101st request in 10 seconds with 429 TEN_SECONDLY_ROLLING', async () => {
    running = await startSandbox({ data: buildPortal() });
    let last;
    for (let i = 0; i < 100; i++) last = await running.client.crm.companies.basicApi.getPageWithHttpInfo(1);
    expect(last?.headers['x-hubspot-ratelimit-max']).toBe('100');
    expect(last?.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    expect(last?.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
    const error = await running.client.crm.companies.basicApi.getPage(1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 429, headers: { 'x-hubspot-ratelimit-remaining': '0' } });
    const raw = await fetch(`${running.baseUrl}/crm/v3/objects/companies`, { headers: { authorization: `Bearer ${FIXTURE_TOKEN}` } });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toEqual({ ...rateLimitBody, correlationId: expect.stringMatching(UUID), requestId: expect.stringMatching(UUID) });
    const stats = running.sandbox.stats();
    expect(stats.requests['GET /crm/v3/objects/{objectType}']).toBe(100);
    expect(stats.rateLimited429).toBe(2);
  });

  it('limits searches per second on their own and sends them no rate-limit headers', async () => {
    running = await startSandbox({ data: buildPortal(), rateLimit: { perTenSeconds: 100, searchPerSecond: 2 } });
    const search = () => running?.client.crm.companies.searchApi.doSearchWithHttpInfo({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
    const first = await search();
    expect(first?.headers['x-hubspot-ratelimit-max']).toBeUndefined();
    await search();
    const error = await Promise.resolve(search()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 429, body: { message: 'You have reached your secondly limit.' } });
  });

  it('answers injected 5xx faults for matching routes only, then recovers, and counts them', async () => {
    running = await startSandbox({ data: buildPortal(), rateLimit: false });
    running.sandbox.injectFaults({ status: 502, count: 2, route: '/search' });
    const search = { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' };
    await expect(running.client.crm.companies.basicApi.getPage(1)).resolves.toBeDefined();
    for (let i = 0; i < 2; i++) {
      const error = await running.client.crm.companies.searchApi.doSearch(search).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 502, body: { category: 'BAD_GATEWAY' } });
    }
    await expect(running.client.crm.companies.searchApi.doSearch(search)).resolves.toMatchObject({ total: 30 });
    expect(running.sandbox.stats().faults).toBe(2);
  });

  it('takes fault plans and serves stats over HTTP behind the bearer token', async () => {
    running = await startSandbox({ data: buildPortal(), rateLimit: false });
    const auth = { authorization: `Bearer ${FIXTURE_TOKEN}`, 'content-type': 'application/json' };
    expect((await fetch(`${running.baseUrl}/__stats`)).status).toBe(401);
    const plan = await fetch(`${running.baseUrl}/__faults`, { method: 'POST', headers: auth, body: JSON.stringify({ status: 503, count: 1 }) });
    expect(plan.status).toBe(201);
    const failed = await fetch(`${running.baseUrl}/crm/v3/owners`, { headers: auth });
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ status: 'error', category: 'SERVICE_UNAVAILABLE', correlationId: expect.stringMatching(UUID) });
    await fetch(`${running.baseUrl}/crm/v3/owners`, { headers: auth });
    const stats = (await (await fetch(`${running.baseUrl}/__stats`, { headers: auth })).json()) as { requests: Record<string, number>; faults: number };
    expect(stats).toMatchObject({ requests: { 'GET /crm/v3/owners': 1 }, total: 1, faults: 1 });
    expect((await fetch(`${running.baseUrl}/__stats/reset`, { method: 'POST', headers: auth })).status).toBe(204);
    expect(running.sandbox.stats()).toEqual({ requests: {}, total: 0, rateLimited429: 0, faults: 0 });
  });

  it('reports the sandbox base URL, token, secret and portal id at GET /sandbox', async () => {
    running = await startSandbox({ data: buildPortal() });
    const info = await (await fetch(`${running.origin}/sandbox`)).json();
    expect(info).toEqual({ hubspot: { baseUrl: running.baseUrl, accessToken: FIXTURE_TOKEN, clientSecret: expect.any(String), portalId: 24681357 } });
  });
});
