import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrmError, CrmErrorKind } from '../../../server/src/connectors/crm-error.js';
import { DAILY_BUDGET_CATEGORY } from '../../../server/src/connectors/salesforce/daily-api-budget.js';
import { createSalesforceRateLimiter } from '../../../server/src/connectors/salesforce/rate-limit.js';
import { SalesforceApi, type RequestRecord } from '../../../server/src/connectors/salesforce/salesforce-api.js';
import { cannedError, emptyQuery, startCannedOrg } from './canned-org.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `tt-test-sf-api-${randomUUID()}:`;
let org: Awaited<ReturnType<typeof startCannedOrg>>;

function api(options: { dailyApiShare?: number; timeoutMs?: number; maxAttempts?: number } = {}) {
  const requests: RequestRecord[] = [];
  const salesforce = new SalesforceApi({
    tenantId: `salesforce-${randomUUID()}`,
    orgId: '00D000000000001AAA',
    instanceUrl: org.url,
    loginUrl: org.url,
    auth: { accessToken: '00D000000000001!canned-session' },
    limiter: createSalesforceRateLimiter(redis, { keyPrefix: prefix }),
    retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: options.maxAttempts ?? 4, timeoutMs: options.timeoutMs ?? 5_000 },
    dailyApiShare: options.dailyApiShare,
  }).withRequestListener((request) => requests.push(request));
  return { salesforce, requests };
}

const failure = async (promise: Promise<unknown>): Promise<CrmError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CrmError)) throw new Error(`expected a CrmError, got ${String(error)}`);
  return error;
};

beforeAll(async () => {
  org = await startCannedOrg();
});

beforeEach(() => {
  org.received.length = 0;
});

afterAll(async () => {
  await org.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('SalesforceApi over jsforce', () => {
  it('pins the API version and sends the session as a bearer token', async () => {
    const { salesforce } = api();
    await salesforce.query('SELECT Id FROM Account');
    expect(salesforce.connection.version).toBe('62.0');
    expect(org.received).toEqual([{ method: 'GET', path: '/query', authorization: 'Bearer 00D000000000001!canned-session' }]);
  });

  it.each([
    ['malformed-query', CrmErrorKind.Invalid, 400],
    ['invalid-field', CrmErrorKind.Invalid, 400],
    ['invalid-type', CrmErrorKind.Invalid, 400],
    ['not-found', CrmErrorKind.NotFound, 404],
    ['api-disabled-for-org', CrmErrorKind.Auth, 403],
    ['invalid-session-id', CrmErrorKind.Auth, 401],
  ])('classifies %s as jsforce reports it, failing without a retry', async (name, kind, status) => {
    const { salesforce, requests } = api();
    org.answer(cannedError(name));
    const error = await failure(salesforce.query('SELECT Id FROM Account'));
    expect(error).toMatchObject({ kind, status, crm: 'salesforce' });
    expect(org.received).toHaveLength(1);
    expect(requests).toEqual([{ endpoint: 'GET /query', status, attempt: 1 }]);
  });

  it('retries 503, 500 and an HTML 502 itself (jsforce retries nothing) and then reads the page', async () => {
    const { salesforce, requests } = api();
    org.answer(cannedError('server-unavailable'), cannedError('unknown-exception'), cannedError('bad-gateway.html'), emptyQuery());
    await expect(salesforce.query('SELECT Id FROM Account')).resolves.toEqual({ totalSize: 0, pages: 1 });
    expect(org.received).toHaveLength(4);
    expect(requests.map((r) => r.status)).toEqual([503, 500, 502, 200]);
  });

  it('gives up on a temporary failure after the last attempt', async () => {
    const { salesforce } = api({ maxAttempts: 2 });
    org.answer(cannedError('server-unavailable'), cannedError('server-unavailable'));
    expect(await failure(salesforce.query('SELECT Id FROM Account'))).toMatchObject({ kind: CrmErrorKind.Temporary, status: 503, category: 'SERVER_UNAVAILABLE' });
    expect(org.received).toHaveLength(2);
  });

  it('does not retry a spent daily allocation inside the call: the job reschedules it', async () => {
    const { salesforce } = api();
    org.answer(cannedError('request-limit-exceeded', { 'Sforce-Limit-Info': 'api-usage=15000/15000' }));
    const error = await failure(salesforce.query('SELECT Id FROM Account'));
    expect(error).toMatchObject({ kind: CrmErrorKind.Temporary, category: 'REQUEST_LIMIT_EXCEEDED' });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
    expect(org.received).toHaveLength(1);
  });

  it("reads the org's usage from Sforce-Limit-Info and starts no call past Telltale's share", async () => {
    const { salesforce } = api({ dailyApiShare: 0.5 });
    org.answer(emptyQuery({ 'Sforce-Limit-Info': 'api-usage=7499/15000' }), emptyQuery({ 'Sforce-Limit-Info': 'api-usage=7500/15000' }));
    await salesforce.query('SELECT Id FROM Account');
    expect(salesforce.apiUsage()).toEqual({ used: 7499, max: 15000 });
    await salesforce.query('SELECT Id FROM Account');
    const error = await failure(salesforce.query('SELECT Id FROM Account'));
    expect(error).toMatchObject({ kind: CrmErrorKind.Temporary, category: DAILY_BUDGET_CATEGORY });
    expect(error.message).toMatch(/7500 of its 15000 daily API requests.*retry after/);
    expect(org.received).toHaveLength(2);
  });

  it('times a silent server out and retries', async () => {
    const { salesforce, requests } = api({ timeoutMs: 300 });
    org.answer({ status: 200, hang: true }, emptyQuery());
    await expect(salesforce.query('SELECT Id FROM Account')).resolves.toEqual({ totalSize: 0, pages: 1 });
    expect(requests.map((r) => r.status)).toEqual(['error', 200]);
  });

  it('follows nextRecordsUrl one page at a time, each page handed over before the next is asked', async () => {
    const { salesforce } = api();
    const record = (n: number) => ({ attributes: { type: 'Account' }, Id: `00100000000000${n}AAA` });
    org.answer(
      { status: 200, body: { totalSize: 3, done: false, nextRecordsUrl: '/services/data/v62.0/query/01g000000000001AAA-2', records: [record(1), record(2)] } },
      { status: 200, body: { totalSize: 3, done: true, records: [record(3)] } },
    );
    const seen: Array<[number, number, boolean, number]> = [];
    const result = await salesforce.query<{ Id: string }>('SELECT Id FROM Account', {
      pageSize: 200,
      onPage: async (records, page, info) => {
        seen.push([page, records.length, info.last, org.received.length]);
      },
    });
    expect(result).toEqual({ totalSize: 3, pages: 2 });
    expect(seen).toEqual([
      [1, 2, false, 1],
      [2, 1, true, 2],
    ]);
    expect(org.received.map((r) => r.path)).toEqual(['/query', '/query/01g000000000001AAA-2']);
  });
});
