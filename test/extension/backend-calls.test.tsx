import { hubspot } from '@hubspot/ui-extensions';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError } from '../../extension/hubspot/src/app/shared/backend/backend-error';
import { backendUrlFrom } from '../../extension/hubspot/src/app/shared/backend/backend-url';
import { telltaleApi } from '../../extension/hubspot/src/app/shared/backend/telltale-api';
import { BACKEND_URL, type RecordedRequest, apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { COMPANY_ID, portfolio, scoredInsights } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const api = telltaleApi(BACKEND_URL);

async function failureOf(promise: Promise<unknown>): Promise<BackendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BackendError)) throw new Error(`expected a BackendError, got ${String(error)}`);
  return error;
}

describe('the card API calls', () => {
  let requests: RecordedRequest[];
  beforeEach(() => {
    requests = [];
  });

  it('calls each endpoint with its method, body and a timeout through hubspot.fetch', async () => {
    const accepted = { intervention: { ...scoredInsights().interventions[0], status: 'accepted', taskId: 't-1' } };
    fetchMock.mockImplementation(
      serveRoutes(
        {
          [`GET /companies/${COMPANY_ID}/insights`]: json(scoredInsights()),
          [`POST /companies/${COMPANY_ID}/rescore`]: json(scoredInsights()),
          'POST /interventions/iv-1/accept': json(accepted),
          'POST /interventions/iv-1/dismiss': json(accepted),
          [`POST /companies/${COMPANY_ID}/upsell-task`]: json(accepted),
          'GET /portfolio': json(portfolio()),
        },
        requests,
      ),
    );
    await api.insights(COMPANY_ID);
    await api.rescore(COMPANY_ID);
    await api.acceptIntervention('iv-1');
    await api.dismissIntervention('iv-1', { reason: 'Already handled' });
    await api.createUpsellTask(COMPANY_ID, '777');
    await api.createUpsellTask(COMPANY_ID);
    expect((await api.portfolio()).accounts).toBe(1840);

    expect(requests.map((r) => [r.route, r.options?.body ?? null])).toEqual([
      [`GET /companies/${COMPANY_ID}/insights`, null],
      [`POST /companies/${COMPANY_ID}/rescore`, null],
      ['POST /interventions/iv-1/accept', null],
      ['POST /interventions/iv-1/dismiss', { reason: 'Already handled' }],
      [`POST /companies/${COMPANY_ID}/upsell-task`, { dealId: '777' }],
      [`POST /companies/${COMPANY_ID}/upsell-task`, {}],
      ['GET /portfolio', null],
    ]);
    expect(requests.every((r) => typeof r.options?.timeout === 'number' && r.options.timeout > 0)).toBe(true);
  });

  it('escapes record ids in the path', async () => {
    fetchMock.mockImplementation(serveRoutes({ 'GET /companies/a%2Fb/insights': json(scoredInsights()) }, requests));
    await api.insights('a/b');
    expect(requests[0]?.url).toBe(`${BACKEND_URL}/api/v1/hubspot/companies/a%2Fb/insights`);
  });

  it('throws the ApiError message with the kind its status stands for', async () => {
    fetchMock.mockImplementation(
      serveRoutes({
        [`GET /companies/${COMPANY_ID}/insights`]: apiError(401, 'unauthorised', 'The request signature does not match.'),
        'GET /portfolio': apiError(503, 'unavailable', 'Scoring is warming up.'),
        'POST /interventions/iv-9/accept': apiError(404, 'not_found', 'No intervention iv-9.'),
        'POST /interventions/iv-9/dismiss': apiError(409, 'conflict', 'Already dismissed.'),
        [`POST /companies/${COMPANY_ID}/upsell-task`]: apiError(400, 'bad_request', 'dealId: a HubSpot deal id (digits)'),
      }),
    );
    const unauthorised = await failureOf(api.insights(COMPANY_ID));
    expect([unauthorised.kind, unauthorised.status, unauthorised.message]).toEqual(['unauthorised', 401, 'The request signature does not match.']);
    expect((await failureOf(api.portfolio())).kind).toBe('server');
    expect((await failureOf(api.acceptIntervention('iv-9'))).kind).toBe('not_found');
    const conflict = await failureOf(api.dismissIntervention('iv-9', { reason: 'x' }));
    expect([conflict.kind, conflict.status, conflict.message]).toEqual(['conflict', 409, 'Already dismissed.']);
    expect((await failureOf(api.createUpsellTask(COMPANY_ID, 'abc'))).kind).toBe('rejected');
  });

  it('names the status when an error answer is not an ApiError', async () => {
    fetchMock.mockImplementation(serveRoutes({ 'GET /portfolio': new Response('<html>Bad gateway</html>', { status: 502 }) }));
    const error = await failureOf(api.portfolio());
    expect([error.kind, error.message]).toEqual(['server', 'Telltale answered with HTTP 502.']);
  });

  it('reports an answer that is not JSON', async () => {
    fetchMock.mockImplementation(serveRoutes({ 'GET /portfolio': new Response('ok', { status: 200 }) }));
    expect((await failureOf(api.portfolio())).message).toContain('not JSON');
  });

  it('reports a failed fetch as unreachable', async () => {
    fetchMock.mockImplementation(serveRoutes({ 'GET /portfolio': new TypeError('Failed to fetch') }));
    const error = await failureOf(api.portfolio());
    expect([error.kind, error.status]).toEqual(['unreachable', null]);
    expect(error.message).toContain('Failed to fetch');
  });

  describe('with a backend that never answers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('gives up after the timeout', async () => {
      fetchMock.mockImplementation(serveRoutes({ 'GET /portfolio': deferred<Response>().promise }));
      const failure = failureOf(api.portfolio());
      await vi.advanceTimersByTimeAsync(7_999);
      const early = await Promise.race([failure.then(() => 'settled'), Promise.resolve('pending')]);
      expect(early).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      const error = await failure;
      expect([error.kind, error.message]).toEqual(['unreachable', 'Telltale did not answer within 8 seconds.']);
    });
  });
});

describe('the backend URL', () => {
  it('comes from the BACKEND_URL profile variable without a trailing slash', () => {
    expect(backendUrlFrom({ BACKEND_URL: 'https://telltale.example.com/' })).toBe('https://telltale.example.com');
  });

  it.each([
    [undefined, 'without the BACKEND_URL profile variable'],
    [{ BACKEND_URL: '' }, 'without the BACKEND_URL profile variable'],
    [{ BACKEND_URL: 'telltale' }, 'is not a URL'],
    [{ BACKEND_URL: 'http://telltale.example.com' }, 'must be an https URL'],
  ])('is refused when the variables are %j', (variables, message) => {
    expect(() => backendUrlFrom(variables)).toThrow(message);
  });
});
