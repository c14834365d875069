import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/src/config/env.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startService, type RunningService } from '../../../server/src/runtime/service.js';
import { fixturePortal, FIXTURE_COUNTS, PORTAL_ID } from '../connector-hubspot/fixture-portal.js';
import { FIXTURE_TOKEN, startSandbox, type RunningSandbox } from '../../fixtures/hubspot/sandbox-server.js';

/** A private-app install: a static token for one portal reached at HUBSPOT_API_BASE_URL (here a stand-in portal). */
describe('the service with a HubSpot private-app token', () => {
  let dir: string;
  let portal: RunningSandbox;
  let service: RunningService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-private-app-'));
    portal = await startSandbox({ data: fixturePortal() });
    const config = parseConfig({
      TELLTALE_DATA_DIR: dir,
      HUBSPOT_ACCESS_TOKEN: FIXTURE_TOKEN,
      HUBSPOT_API_BASE_URL: portal.baseUrl,
      TELLTALE_ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
    });
    service = await startService({ config, role: 'all', logger: createLogger('silent'), port: 0, queuePrefix: `{tt-private-${process.pid}}` });
  });
  afterAll(async () => {
    await service?.stop();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns its portal from the token, runs without the sandbox, and syncs the portal at start', async () => {
    expect(service.sandbox).toBeUndefined();
    expect(service.tenants.map((t) => t.id)).toEqual([`hubspot-${PORTAL_ID}`]);
    const headers = { authorization: 'Bearer test-admin-token-0123456789abcdef' };
    let body: { tenants: Array<{ accounts: number; sync: { lastRun: { status: string } | null } }> } | undefined;
    for (let i = 0; i < 150; i++) {
      body = (await (await fetch(`${service.url}/api/v1/portfolio`, { headers })).json()) as typeof body;
      if (body?.tenants[0]?.sync.lastRun?.status === 'succeeded') break;
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(body?.tenants[0]).toMatchObject({ accounts: FIXTURE_COUNTS.accounts, sync: { lastRun: { status: 'succeeded' } } });
    expect((await fetch(`${service.url}/sandbox`)).status).toBe(404);
  });
});
