/**
 * One CRM's part of the change-latency bench: a change made to one healthy account at a time, polled
 * until a written field moves, with its stage timeline from the service's log, then the summary
 * against the target. What differs between CRMs (how to read, change and count) sits behind
 * `ChangedCrm` (hubspot-change-latency.ts, salesforce-change-latency.ts).
 */
import { loadFieldCatalogue, type CatalogueField } from '../actions/fields-catalogue.js';
import { changedProperties, changeTimeline, latencySummary, stalledStage, type ChangeStages, type ChangeTimeline } from './change-stages.js';
import type { ServiceProcess } from './service-process.js';

export const CHANGES = 5;
/** Records created on the account by one change (a burst, as an escalation comes in). */
const WRITES_PER_CHANGE = 3;
const POLL_MS = 250;
const TARGET_MS = 60_000;
/** A change not visible by then is reported with the stage it stalled in. */
const GIVE_UP_MS = 2 * TARGET_MS;
/** Healthy accounts, whose scores a support escalation must move. */
const MIN_HEALTH = 60;
const MINUTE = 60_000;

/** A record's written fields as read back from the CRM, each as text (null when empty). */
export type Fields = Record<string, string | null>;

/** The bench's own reads of the changed records: answered, refused by the CRM's rate limit, or unanswered. */
export interface PollCounts {
  served: number;
  refused: number;
  unanswered: number;
}

/** The requests the CRM's sandbox counted, from every client. */
export interface RequestCounts {
  served: number;
  /** Refused by the rate limit (not in `served`). */
  refused: number;
  /** Streaming API requests among `served`: long polls held open until events come. */
  streaming: number;
}

/** The catalogue's insight fields (the ones a change moves); a sample line shows the `SHOWN` ones with their values. */
const INSIGHTS = loadFieldCatalogue().fields.filter((f) => f.role === 'insight');
const SHOWN = ['health_score', 'churn_risk_score', 'churn_risk_band'];

/** A sandbox CRM as the bench changes and reads it. */
export interface ChangedCrm {
  /** How the bench's lines name the CRM, its account record, the cases a change creates and the rate limit's answer. */
  words: { crm: string; record: string; cases: string; refusal: string };
  stages: ChangeStages;
  /** A catalogue field's name in the CRM. */
  fieldName(field: CatalogueField): string;
  readonly polls: PollCounts;
  /** Accounts whose health score is at least `minHealth`, in id order. */
  healthy(minHealth: number): Promise<string[]>;
  /** One read of the account's `fields`; undefined when it got no usable answer (counted in `polls`). */
  read(accountId: string, fields: readonly string[]): Promise<Fields | undefined>;
  /** Creates the `n`th of `of` escalated cases on the account, as a user would; throws when the CRM refuses it. */
  escalate(accountId: string, n: number, of: number): Promise<void>;
  requests(): Promise<RequestCounts>;
  /** True when nothing the CRM sends the service is on its way (a pending delivery starts work later). */
  quiet(): Promise<boolean>;
}

interface Sample {
  accountId: string;
  /** When the first write of the burst was sent; `changedAt`: when the last one was answered. */
  burstFrom: number;
  changedAt: number;
  visibleAt?: number;
  changed: string[];
  before: Fields;
  after: Fields;
  timeline: ChangeTimeline;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Waits until no job runs and the CRM has nothing on its way to the service, so work a change starts is its own. */
export async function settle(service: ServiceProcess, crm: ChangedCrm, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await service.idle(3000, Math.max(0, deadline - Date.now()));
    if ((await crm.quiet()) && service.isIdle(3000)) return;
    await sleep(1000);
  }
}

/**
 * Changes `CHANGES` healthy accounts, evenly spaced in id order, one at a time (each measured alone:
 * the service settles before the next), and prints each change and the summary.
 */
export async function measureChanges(service: ServiceProcess, crm: ChangedCrm, tenantId: string, print: (line: string) => void): Promise<void> {
  const candidates = await crm.healthy(MIN_HEALTH);
  if (candidates.length === 0) throw new Error(`no ${crm.words.crm} ${crm.words.record} has a health score of at least ${MIN_HEALTH} after the write-back`);
  print(`  ${crm.words.crm}: ${candidates.length} candidates to change (${crm.words.record} with a health score >= ${MIN_HEALTH})`);
  const before = await crm.requests();
  const samples: Sample[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const sample = await measureChange(crm, candidates[Math.floor((i * candidates.length) / CHANGES)]!);
    await settle(service, crm, 3 * MINUTE);
    sample.timeline = changeTimeline(service.events, sample.burstFrom, tenantId, crm.stages);
    samples.push(sample);
    print(`  ${crm.words.crm} change ${i + 1}/${CHANGES}  ${describeSample(crm, sample)}`);
  }
  printSummary(print, crm, samples, before, await crm.requests());
}

/** One change: a burst of escalated cases on the account, then polls until a written field moves. */
async function measureChange(crm: ChangedCrm, accountId: string): Promise<Sample> {
  const fields = INSIGHTS.map((f) => crm.fieldName(f));
  const before = await crm.read(accountId, fields);
  if (!before) throw new Error(`${crm.words.record} ${accountId} could not be read before the change`);
  const burstFrom = Date.now();
  await Promise.all(Array.from({ length: WRITES_PER_CHANGE }, (_, n) => crm.escalate(accountId, n + 1, WRITES_PER_CHANGE)));
  const changedAt = Date.now();
  const sample: Sample = { accountId, burstFrom, changedAt, changed: [], before, after: before, timeline: {} };
  for (let tick = 1; Date.now() - changedAt < GIVE_UP_MS; tick++) {
    const wait = changedAt + tick * POLL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    const after = await crm.read(accountId, fields);
    if (!after) continue;
    const changed = changedProperties(before, after, fields);
    if (changed.length > 0) {
      Object.assign(sample, { visibleAt: Date.now(), changed, after });
      break;
    }
  }
  return sample;
}

function describeSample(crm: ChangedCrm, sample: Sample): string {
  const t = sample.timeline;
  const at = (time: number | undefined) => (time === undefined ? '—' : `${time < sample.changedAt ? '-' : '+'}${seconds(Math.abs(time - sample.changedAt))}`);
  const stages =
    `${crm.stages.notice} ${at(t.noticedAt)}, synced ${at(t.syncedAt)} (${t.syncedRecords ?? '?'} records), scored ${at(t.scoredAt)} (${t.scoredAccounts ?? '?'} accounts), ` +
    `written ${at(t.writtenAt)} (${t.writtenAccounts ?? '?'} accounts)`;
  const what = `${crm.words.record} ${sample.accountId}, ${WRITES_PER_CHANGE} ${crm.words.cases}`;
  if (sample.visibleAt === undefined) return `${what}: FAIL, nothing visible after ${seconds(GIVE_UP_MS)}: stalled: ${stalledStage(t, crm.stages)} [${stages}]`;
  const shownNames = INSIGHTS.filter((f) => SHOWN.includes(f.key)).map((f) => crm.fieldName(f));
  const shown = sample.changed.filter((name) => shownNames.includes(name));
  const more = sample.changed.length - shown.length;
  const moved = shown.map((name) => `${name} ${sample.before[name] ?? '∅'}→${sample.after[name] ?? '∅'}`).join(', ') + (more > 0 ? ` (+${more} more)` : '');
  return `${what}: visible after ${seconds(sample.visibleAt - sample.changedAt)} [${stages}]; ${moved}`;
}

function printSummary(print: (line: string) => void, crm: ChangedCrm, samples: readonly Sample[], before: RequestCounts, after: RequestCounts): void {
  const summary = latencySummary(
    samples.map((s) => (s.visibleAt === undefined ? undefined : s.visibleAt - s.changedAt)),
    TARGET_MS,
  );
  const figures = summary.measured > 0 ? `p50 ${seconds(summary.p50Ms!)}, max ${seconds(summary.maxMs!)}` : 'none measured';
  print(`  ${crm.words.crm} change → written field visible: ${figures} over ${summary.measured}/${samples.length} changes (polled every ${POLL_MS} ms; target < ${TARGET_MS / 1000} s): ${summary.pass ? 'PASS' : 'FAIL'}`);
  const { polls } = crm;
  const served = after.served - before.served - polls.served;
  const streaming = after.streaming - before.streaming;
  const refused = after.refused - before.refused - polls.refused;
  const held = streaming > 0 ? `${streaming} of them Streaming API long polls; ` : '';
  print(
    `  ${crm.words.crm} requests by the service: ${served} during the ${samples.length} changes (${held}${refused} ${crm.words.refusal}); ` +
      `the bench's polls, not counted: ${polls.served} (+${polls.refused} ${crm.words.refusal}, ${polls.unanswered} unanswered)`,
  );
}
