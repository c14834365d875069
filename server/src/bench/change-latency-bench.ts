/**
 * The near-real-time part of `npm run bench`: from a change a user makes in the sandbox HubSpot portal
 * to the updated `telltale_*` property being readable there (target < 60 s).
 *
 * `telltale start` runs as a user starts it (service-process.ts: no configuration, a fresh data dir,
 * embedded PGlite and a private Redis). The bench waits until the sandbox tenant is synced, its usage
 * history stored, scored and written back, then runs one incremental sync through the admin API, as
 * the 15-minute schedule would, and waits for its scoring and write-back: data the start-up stored
 * after a scoring (the usage history follows the first sync) is scored there, not in a measured
 * change.
 *
 * Then, one account at a time (companies with a health score of at least 60, evenly spaced in id
 * order: an escalation must raise their support burden, which the health score reads), it creates a
 * burst of escalated urgent tickets on the account through `POST /__simulate` and polls
 * `GET /crm/v3/objects/companies/{id}` every 250 ms with the sandbox's token until a written
 * property differs from its value before the change. The latency runs from the last `__simulate`
 * response; stage times come from the service's log (change-stages.ts). Before the next change it
 * waits until no job runs and no webhook delivery is pending, so each change is measured alone. The
 * bench's own reads are counted apart from the service's CRM requests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFieldCatalogue } from '../actions/fields-catalogue.js';
import type { SandboxStats } from '../sandbox/hubspot/stats.js';
import { changedProperties, changeTimeline, latencySummary, stalledStage, STAGE_MESSAGES, type ChangeTimeline, type LogEvent } from './change-stages.js';
import { ServiceProcess } from './service-process.js';

const CHANGES = 5;
const TICKETS_PER_CHANGE = 3;
const POLL_MS = 250;
const TARGET_MS = 60_000;
/** A change not visible by then is reported with the stage it stalled in. */
const GIVE_UP_MS = 2 * TARGET_MS;
/** Healthy accounts, whose scores a support escalation must move. */
const MIN_HEALTH = 60;
const MINUTE = 60_000;
/** The written properties a sample line shows with their values; the others are counted. */
const SHOWN = ['telltale_health_score', 'telltale_churn_risk_score', 'telltale_churn_risk_band'];

type Properties = Record<string, string | null>;

interface Sample {
  companyId: string;
  /** When the first ticket of the burst was sent; `changedAt`: when the last `__simulate` answered. */
  burstFrom: number;
  changedAt: number;
  visibleAt?: number;
  changed: string[];
  before: Properties;
  after: Properties;
  timeline: ChangeTimeline;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The sandbox portal's HubSpot API as the bench calls it; `polls` counts its reads of the company. */
class SandboxPortal {
  polls = { served: 0, rateLimited: 0, unanswered: 0 };

  constructor(
    private readonly baseUrl: string,
    private readonly accessToken: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  }

  /** One poll; undefined when it got no answer or not a 200 (the next poll tries again). */
  async readCompany(id: string, names: readonly string[]): Promise<Properties | undefined> {
    try {
      const { status, json } = await this.call<{ properties: Properties }>('GET', `/crm/v3/objects/companies/${id}?properties=${names.join(',')}`);
      if (status === 429) this.polls.rateLimited++;
      else this.polls.served++;
      return status === 200 ? json.properties : undefined;
    } catch {
      this.polls.unanswered++;
      return undefined;
    }
  }

  async stats(): Promise<SandboxStats & { webhooks: { pending: number } }> {
    return (await this.call<SandboxStats & { webhooks: { pending: number } }>('GET', '/__stats')).json;
  }
}

export async function benchChangeLatency(print: (line: string) => void = console.log): Promise<void> {
  print(`\nchange to CRM update (\`telltale start\` on the sandbox portal, ${CHANGES} changes)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'telltale-bench-change-'));
  const started = Date.now();
  let echo = true;
  const service = new ServiceProcess({
    dataDir,
    // The default sandbox (history to yesterday), as `npm start` runs it.
    env: {},
    keep: [...Object.values(STAGE_MESSAGES), 'sandbox usage loaded'],
    onStdout: (line) => {
      if (echo && (/^(sync .* records in |usage history.*: .*stored)/.test(line) || line.startsWith('• '))) print(`  service: ${line.replace(/^• /, '')}`);
      if (/^SIG\w+: stopping/.test(line)) print(`  service: ${line}`);
    },
    onError: (event) => print(`  service error: ${event.msg} ${typeof event.fields.err === 'string' ? event.fields.err : ''}`),
  });
  try {
    const url = await service.started(3 * MINUTE);
    print(`  service: running at ${url} (pid ${service.pid}), ${seconds(Date.now() - started)} after start`);
    const { portal, candidates, names, tenantId } = await settledPortal(service, url, dataDir);
    echo = false;
    print(`  service: settled ${seconds(Date.now() - started)} after start; ${candidates.length} companies with telltale_health_score >= ${MIN_HEALTH} to change`);

    const statsBefore = await portal.stats();
    const samples: Sample[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const sample = await measureChange(portal, candidates[Math.floor((i * candidates.length) / CHANGES)]!, names);
      await settle(service, portal, 3 * MINUTE);
      sample.timeline = changeTimeline(service.events, sample.burstFrom, tenantId);
      samples.push(sample);
      print(`  change ${i + 1}/${CHANGES}  ${describeSample(sample)}`);
    }
    printSummary(print, samples, statsBefore, await portal.stats(), portal.polls);
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : '';
    print(`  FAIL: ${(error as Error).message}${cause}`);
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits for the start-up work (first sync, usage history, scoring, write-back), runs the sync the
 * schedule would run after it, and returns the portal with the companies to change: healthy ones
 * (a support escalation must move their scores), in id order.
 */
async function settledPortal(service: ServiceProcess, url: string, dataDir: string): Promise<{ portal: SandboxPortal; candidates: string[]; names: string[]; tenantId: string }> {
  const adminToken = (JSON.parse(readFileSync(join(dataDir, 'sandbox-secrets.json'), 'utf8')) as { adminToken: string }).adminToken;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const info = (await (await fetch(`${url}/sandbox`)).json()) as { hubspot: { baseUrl: string; accessToken: string; portalId: number } };
  const portal = new SandboxPortal(info.hubspot.baseUrl, info.hubspot.accessToken);
  const portfolio = (await (await fetch(`${url}/api/v1/portfolio`, { headers: admin })).json()) as { tenants: Array<{ tenant: { id: string; crm: string; sandbox: boolean } }> };
  const tenantId = portfolio.tenants.find((t) => t.tenant.sandbox && t.tenant.crm === 'hubspot')?.tenant.id;
  if (!tenantId) throw new Error(`the service lists no tenant for the sandbox portal ${info.hubspot.portalId}`);
  const ofTenant = (e: LogEvent) => (e.fields.tenant ?? e.fields.tenantId) === tenantId;

  await service.event((e) => e.msg === 'sandbox usage loaded' && ofTenant(e), 0, 20 * MINUTE, 'the sandbox tenant was not synced and its usage history not stored');
  await service.event((e) => e.msg === STAGE_MESSAGES.written && ofTenant(e), 0, 10 * MINUTE, 'the first write-back did not finish');
  await settle(service, portal, 10 * MINUTE);
  const syncFrom = Date.now();
  const queued = await fetch(`${url}/api/v1/tenants/${tenantId}/sync`, { method: 'POST', headers: admin, body: '{"mode":"incremental"}' });
  if (queued.status !== 202) throw new Error(`the admin API answered ${queued.status} to a sync of ${tenantId}`);
  const rescored = await service.event((e) => e.msg === STAGE_MESSAGES.scored && ofTenant(e), syncFrom, 10 * MINUTE, 'the scoring after the usage history did not finish');
  await service.event((e) => e.msg === STAGE_MESSAGES.written && ofTenant(e), rescored.time, 10 * MINUTE, 'the write-back after the usage history did not finish');
  await settle(service, portal, 10 * MINUTE);

  const names = loadFieldCatalogue().fields.filter((f) => f.role === 'insight').map((f) => f.hubspot.name);
  const healthy = await portal.call<{ results: Array<{ id: string }> }>('POST', '/crm/v3/objects/companies/search', {
    filterGroups: [{ filters: [{ propertyName: 'telltale_health_score', operator: 'GTE', value: String(MIN_HEALTH) }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    limit: 200,
  });
  const candidates = (healthy.json.results ?? []).map((r) => r.id);
  if (candidates.length === 0) throw new Error(`no company carries telltale_health_score >= ${MIN_HEALTH} after the write-back`);
  return { portal, candidates, names, tenantId };
}

/**
 * Waits until no job runs and the sandbox has no webhook delivery pending: the service's own task
 * writes produce association events, and a delivery retried under load starts work later.
 */
async function settle(service: ServiceProcess, portal: SandboxPortal, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await service.idle(3000, Math.max(0, deadline - Date.now()));
    if ((await portal.stats()).webhooks.pending === 0 && service.isIdle(3000)) return;
    await sleep(1000);
  }
}

/** One change: a burst of escalated urgent tickets on the company, then polls until a written property moves. */
async function measureChange(portal: SandboxPortal, companyId: string, names: readonly string[]): Promise<Sample> {
  const before = await portal.readCompany(companyId, names);
  if (!before) throw new Error(`company ${companyId} could not be read before the change`);
  const burstFrom = Date.now();
  const created = await Promise.all(
    Array.from({ length: TICKETS_PER_CHANGE }, (_, n) =>
      portal.call('POST', '/__simulate', {
        objectType: 'tickets',
        companyId,
        properties: { subject: `Production down (${n + 1}/${TICKETS_PER_CHANGE})`, hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'URGENT', escalated: 'true' },
      }),
    ),
  );
  const refused = created.find((c) => c.status !== 201);
  if (refused) throw new Error(`__simulate answered ${refused.status}: ${JSON.stringify(refused.json)}`);
  const changedAt = Date.now();
  const sample: Sample = { companyId, burstFrom, changedAt, changed: [], before, after: before, timeline: {} };
  for (let tick = 1; Date.now() - changedAt < GIVE_UP_MS; tick++) {
    const wait = changedAt + tick * POLL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    const after = await portal.readCompany(companyId, names);
    if (!after) continue;
    const changed = changedProperties(before, after, names);
    if (changed.length > 0) {
      Object.assign(sample, { visibleAt: Date.now(), changed, after });
      break;
    }
  }
  return sample;
}

function describeSample(sample: Sample): string {
  const t = sample.timeline;
  const at = (time: number | undefined) => (time === undefined ? '—' : `${time < sample.changedAt ? '-' : '+'}${seconds(Math.abs(time - sample.changedAt))}`);
  const stages =
    `webhook ${at(t.webhookAt)}, synced ${at(t.syncedAt)} (${t.syncedRecords ?? '?'} records), scored ${at(t.scoredAt)} (${t.scoredAccounts ?? '?'} accounts), ` +
    `written ${at(t.writtenAt)} (${t.writtenAccounts ?? '?'} accounts)`;
  const what = `company ${sample.companyId}, ${TICKETS_PER_CHANGE} escalated urgent tickets`;
  if (sample.visibleAt === undefined) return `${what}: FAIL, nothing visible after ${seconds(GIVE_UP_MS)}: stalled: ${stalledStage(t)} [${stages}]`;
  const shown = sample.changed.filter((name) => SHOWN.includes(name));
  const more = sample.changed.length - shown.length;
  const moved = shown.map((name) => `${name.replace(/^telltale_/, '')} ${sample.before[name] ?? '∅'}→${sample.after[name] ?? '∅'}`).join(', ') + (more > 0 ? ` (+${more} more)` : '');
  return `${what}: visible after ${seconds(sample.visibleAt - sample.changedAt)} [${stages}]; ${moved}`;
}


function printSummary(print: (line: string) => void, samples: readonly Sample[], before: SandboxStats, after: SandboxStats, polls: SandboxPortal['polls']): void {
  const summary = latencySummary(
    samples.map((s) => (s.visibleAt === undefined ? undefined : s.visibleAt - s.changedAt)),
    TARGET_MS,
  );
  const figures = summary.measured > 0 ? `p50 ${seconds(summary.p50Ms!)}, max ${seconds(summary.maxMs!)}` : 'none measured';
  print(`  change → updated property    ${figures} over ${summary.measured}/${samples.length} changes (polled every ${POLL_MS} ms; target < ${TARGET_MS / 1000} s): ${summary.pass ? 'PASS' : 'FAIL'}`);
  const serviceRequests = after.total - before.total - polls.served;
  const service429 = after.rateLimited429 - before.rateLimited429 - polls.rateLimited;
  print(`  CRM requests by the service   ${serviceRequests} during the ${samples.length} changes (${service429} answered 429); the bench's polls, not counted: ${polls.served} (+${polls.rateLimited} answered 429, ${polls.unanswered} unanswered)`);
}
