/**
 * The measuring logic of the change-latency bench, free of I/O: which lines of the service's JSON
 * log mark a stage of the change path, the stage timeline of one simulated change, the stage it
 * stalled in, which written properties moved, and the summary against the target.
 */

/** A line of the service's pino log: its time (epoch ms), message and the other fields. */
export interface LogEvent {
  time: number;
  msg: string;
  fields: Record<string, unknown>;
}

/** Parses one pino JSON line; undefined for anything else (a Node warning, a partial line). */
export function parseLogLine(line: string): LogEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { time, msg, ...fields } = parsed as Record<string, unknown>;
  if (typeof time !== 'number' || typeof msg !== 'string') return undefined;
  return { time, msg, fields };
}

/** The log messages the change path writes, one per stage (api/hubspot-webhooks.ts, connectors/hubspot, jobs/score-job.ts). */
export const STAGE_MESSAGES = {
  webhook: 'hubspot webhook',
  syncStarted: 'HubSpot sync started',
  syncFinished: 'HubSpot sync finished',
  scored: 'tenant scored',
  written: 'HubSpot write-back finished',
} as const;

/** When each stage of one change was reached (epoch ms), with what the service reported there. */
export interface ChangeTimeline {
  webhookAt?: number;
  syncedAt?: number;
  syncedRecords?: number;
  scoredAt?: number;
  scoredAccounts?: number;
  writtenAt?: number;
  writtenAccounts?: number;
}

const numberField = (event: LogEvent, name: string): number | undefined => (typeof event.fields[name] === 'number' ? (event.fields[name] as number) : undefined);

/** Whether a stage line concerns the tenant: the webhook lists the tenants it queued, the others name theirs. */
function concerns(event: LogEvent, tenantId: string): boolean {
  if (event.msg === STAGE_MESSAGES.webhook) return Array.isArray(event.fields.queued) && event.fields.queued.includes(tenantId);
  return (event.fields.tenant ?? event.fields.tenantId) === tenantId;
}

/**
 * The stages of the tenant's change made at `since`, each the first of its kind after the one
 * before: a webhook that queued a sync of the tenant, the sync that started after it (its finish
 * found by run id), a scoring that finished after that sync, and a write-back that finished after
 * the scoring. Other tenants' lines are passed over.
 */
export function changeTimeline(events: readonly LogEvent[], since: number, tenantId: string): ChangeTimeline {
  const after = (at: number, match: (e: LogEvent) => boolean) => events.find((e) => e.time >= at && concerns(e, tenantId) && match(e));
  const timeline: ChangeTimeline = {};
  const webhook = after(since, (e) => e.msg === STAGE_MESSAGES.webhook);
  if (!webhook) return timeline;
  timeline.webhookAt = webhook.time;
  const started = after(webhook.time, (e) => e.msg === STAGE_MESSAGES.syncStarted);
  const finished = started && after(started.time, (e) => e.msg === STAGE_MESSAGES.syncFinished && e.fields.runId === started.fields.runId);
  if (!finished) return timeline;
  timeline.syncedAt = finished.time;
  timeline.syncedRecords = numberField(finished, 'records');
  const scored = after(finished.time, (e) => e.msg === STAGE_MESSAGES.scored);
  if (!scored) return timeline;
  timeline.scoredAt = scored.time;
  timeline.scoredAccounts = numberField(scored, 'scored');
  const written = after(scored.time, (e) => e.msg === STAGE_MESSAGES.written);
  if (!written) return timeline;
  timeline.writtenAt = written.time;
  timeline.writtenAccounts = numberField(written, 'changedAccounts');
  return timeline;
}

/** Where a change that never became visible stopped: the first stage the timeline lacks. */
export function stalledStage(timeline: ChangeTimeline): string {
  if (timeline.webhookAt === undefined) return 'no webhook reached the service';
  if (timeline.syncedAt === undefined) return 'webhook received, no sync finished';
  if (timeline.scoredAt === undefined) return 'synced, no scoring finished';
  if (timeline.writtenAt === undefined) return 'scored, no write-back finished';
  return `written (${timeline.writtenAccounts ?? '?'} accounts changed), but no written property of the company changed`;
}

/** The properties whose value differs between two reads of a record. */
export function changedProperties(before: Readonly<Record<string, string | null>>, after: Readonly<Record<string, string | null>>, names: readonly string[]): string[] {
  return names.filter((name) => (before[name] ?? null) !== (after[name] ?? null));
}

/** p50 and max over the measured samples; PASS only when every sample was measured under the target. */
export function latencySummary(latenciesMs: ReadonlyArray<number | undefined>, targetMs: number): { measured: number; p50Ms?: number; maxMs?: number; pass: boolean } {
  const measured = latenciesMs.filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  if (measured.length === 0) return { measured: 0, pass: false };
  const maxMs = measured[measured.length - 1]!;
  return {
    measured: measured.length,
    p50Ms: measured[Math.floor((measured.length - 1) / 2)],
    maxMs,
    pass: measured.length === latenciesMs.length && maxMs < targetMs,
  };
}
