/**
 * The near-real-time part of `npm run bench`: from a change a user makes in a sandbox CRM to the
 * updated Telltale field being readable there (target < 60 s), for the HubSpot portal and the
 * Salesforce org that one `telltale start` runs.
 *
 * `telltale start` runs as a user starts it (service-process.ts: no configuration, a fresh data dir,
 * embedded PGlite and a private Redis). The bench waits until each sandbox tenant is synced, its usage
 * history stored, scored and written back, then runs one incremental sync of it through the admin
 * API, as the schedule would, and waits for its scoring and write-back. Both tenants settle, and the org's Change Data Capture subscription is live, before any
 * change is measured: the org's start-up would otherwise run during the portal's changes (the
 * embedded database serves one writer at a time).
 *
 * Then, for the portal and then the org (change-measurement.ts), one account at a time: a burst of
 * escalated tickets (hubspot-change-latency.ts) or Cases (salesforce-change-latency.ts), polled
 * every 250 ms until a written field moves; stage times come from the service's log
 * (change-stages.ts). The bench's own reads are counted apart from the service's CRM requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSecrets } from '../runtime/local-secrets.js';
import { measureChanges, CHANGES, seconds, settle, type ChangedCrm } from './change-measurement.js';
import { concernsTenant, HUBSPOT_STAGES, SALESFORCE_STAGES, type LogEvent } from './change-stages.js';
import { SandboxPortal } from './hubspot-change-latency.js';
import { SandboxOrg } from './salesforce-change-latency.js';
import { ServiceProcess } from './service-process.js';

const MINUTE = 60_000;
const USAGE_LOADED = 'sandbox usage loaded';
const SUBSCRIPTION_LIVE = 'salesforce change events live';

export async function benchChangeLatency(print: (line: string) => void = console.log): Promise<void> {
  print(`\nchange to CRM update (\`telltale start\` on the sandbox portal and org, ${CHANGES} changes each)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'telltale-bench-change-'));
  const started = Date.now();
  let echo = true;
  const service = new ServiceProcess({
    dataDir,
    // The default sandbox (history to yesterday), as `npm start` runs it.
    env: {},
    keep: [...Object.values(HUBSPOT_STAGES.messages), ...Object.values(SALESFORCE_STAGES.messages), USAGE_LOADED, SUBSCRIPTION_LIVE],
    onStdout: (line) => {
      if (echo && (/^(sync .* records in |usage history.*: .*stored)/.test(line) || line.startsWith('• '))) print(`  service: ${line.replace(/^• /, '')}`);
      if (/^SIG\w+: stopping/.test(line)) print(`  service: ${line}`);
    },
    onError: (event) => print(`  service error: ${event.msg} ${typeof event.fields.err === 'string' ? event.fields.err : ''}`),
  });
  try {
    const url = await service.started(3 * MINUTE);
    print(`  service: running at ${url} (pid ${service.pid}), ${seconds(Date.now() - started)} after start`);
    const secrets = loadOrCreateLocalSecrets(dataDir);
    const admin = new AdminApi(url, secrets.adminToken);
    const tenants: Array<{ crm: ChangedCrm; tenantId: string }> = [
      { crm: await SandboxPortal.of(url), tenantId: await admin.sandboxTenant('hubspot') },
      { crm: await SandboxOrg.of(url, secrets.salesforce), tenantId: await admin.sandboxTenant('salesforce') },
    ];
    for (const { crm, tenantId } of tenants) {
      await settleTenant(service, admin, crm, tenantId);
      print(`  service: ${crm.words.crm} tenant ${tenantId} settled ${seconds(Date.now() - started)} after start`);
    }
    const org = tenants[1]!.tenantId;
    await service.event((e) => e.msg === SUBSCRIPTION_LIVE && concernsTenant(e, org), 0, 5 * MINUTE, 'the org\'s change events subscription did not come up');
    echo = false;
    for (const { crm, tenantId } of tenants) {
      try {
        await measureChanges(service, crm, tenantId, print);
      } catch (error) {
        print(`  ${crm.words.crm} FAIL: ${describeError(error)}`);
      }
    }
  } catch (error) {
    print(`  FAIL: ${describeError(error)}`);
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const describeError = (error: unknown): string => {
  const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : '';
  return `${(error as Error).message}${cause}`;
};

/** The service's admin API, with the admin token from its data dir. */
class AdminApi {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** The id of the service's sandbox tenant of the CRM. */
  async sandboxTenant(crm: 'hubspot' | 'salesforce'): Promise<string> {
    const portfolio = (await (await this.fetch('GET', '/api/v1/portfolio')).json()) as { tenants: Array<{ tenant: { id: string; crm: string; sandbox: boolean } }> };
    const tenantId = portfolio.tenants.find((t) => t.tenant.sandbox && t.tenant.crm === crm)?.tenant.id;
    if (!tenantId) throw new Error(`the service lists no sandbox ${crm} tenant`);
    return tenantId;
  }

  /** Queues an incremental sync of the tenant, as the schedule would. */
  async sync(tenantId: string): Promise<void> {
    const queued = await this.fetch('POST', `/api/v1/tenants/${tenantId}/sync`, '{"mode":"incremental"}');
    if (queued.status !== 202) throw new Error(`the admin API answered ${queued.status} to a sync of ${tenantId}`);
  }

  private fetch(method: string, path: string, body?: string): Promise<Response> {
    return fetch(`${this.url}${path}`, { method, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, ...(body ? { body } : {}) });
  }
}

/**
 * Waits for the tenant's start-up work (first sync, usage history, scoring, write-back), runs the
 * sync the schedule would run after it, and waits for its scoring and write-back.
 */
async function settleTenant(service: ServiceProcess, admin: AdminApi, crm: ChangedCrm, tenantId: string): Promise<void> {
  const ofTenant = (e: LogEvent) => concernsTenant(e, tenantId);
  const { scored, written } = crm.stages.messages;
  const loaded = await service.event((e) => e.msg === USAGE_LOADED && ofTenant(e), 0, 20 * MINUTE, `the ${crm.words.crm} tenant was not synced and its usage history not stored`);
  await service.event((e) => e.msg === written && ofTenant(e), loaded.time, 10 * MINUTE, `the first ${crm.words.crm} write-back did not finish`);
  await settle(service, crm, 10 * MINUTE);
  const syncFrom = Date.now();
  await admin.sync(tenantId);
  const rescored = await service.event((e) => e.msg === scored && ofTenant(e), syncFrom, 10 * MINUTE, `the ${crm.words.crm} scoring after the usage history did not finish`);
  await service.event((e) => e.msg === written && ofTenant(e), rescored.time, 10 * MINUTE, `the ${crm.words.crm} write-back after the usage history did not finish`);
  await settle(service, crm, 10 * MINUTE);
}
