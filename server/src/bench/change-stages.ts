/**
 * The measuring logic of the change-latency bench, free of I/O: which lines of the service's JSON
 * log mark a stage of each CRM's change path, the stage timeline of one simulated change, the stage
 * it stalled in, which written fields moved, and the summary against the target.
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

/**
 * The log lines one CRM's change path writes, a stage each: the service learning of the change (a
 * HubSpot webhook, a Salesforce change event), the sync it queued, the scoring after it and the
 * write-back of the new values. `notice` names the first stage in the bench's lines.
 */
export interface ChangeStages {
  notice: string;
  messages: { noticed: string; syncStarted: string; syncFinished: string; scored: string; written: string };
}

/** api/hubspot-webhooks.ts, connectors/hubspot, jobs/score-job.ts. */
export const HUBSPOT_STAGES: ChangeStages = {
  notice: 'webhook',
  messages: { noticed: 'hubspot webhook', syncStarted: 'HubSpot sync started', syncFinished: 'HubSpot sync finished', scored: 'tenant scored', written: 'HubSpot write-back finished' },
};

/** jobs/change-listener.ts, connectors/salesforce (sync-run.ts, write-back.ts), jobs/score-job.ts. */
export const SALESFORCE_STAGES: ChangeStages = {
  notice: 'change event',
  messages: {
    noticed: 'salesforce changes: sync queued',
    syncStarted: 'Salesforce sync started',
    syncFinished: 'Salesforce sync finished',
    scored: 'tenant scored',
    written: 'Salesforce write-back finished',
  },
};

/** When each stage of one change was reached (epoch ms), with what the service reported there. */
export interface ChangeTimeline {
  noticedAt?: number;
  syncedAt?: number;
  syncedRecords?: number;
  scoredAt?: number;
  scoredAccounts?: number;
  writtenAt?: number;
  writtenAccounts?: number;
}

const numberField = (event: LogEvent, name: string): number | undefined => (typeof event.fields[name] === 'number' ? (event.fields[name] as number) : undefined);

/** The tenant a log line names: its own field, or the tenants a HubSpot webhook queued syncs for. */
export function concernsTenant(event: LogEvent, tenantId: string): boolean {
  if (Array.isArray(event.fields.queued)) return event.fields.queued.includes(tenantId);
  return (event.fields.tenant ?? event.fields.tenantId) === tenantId;
}

/**
 * The stages of the tenant's change made at `since`, each the first of its kind after the one
 * before: the notice that queued a sync of the tenant, the sync that started after it (its finish
 * found by run id), a scoring that finished after that sync, and a write-back that finished after
 * the scoring. Other tenants' lines are passed over.
 */
export function changeTimeline(events: readonly LogEvent[], since: number, tenantId: string, stages: ChangeStages): ChangeTimeline {
  const { messages } = stages;
  const after = (at: number, match: (e: LogEvent) => boolean) => events.find((e) => e.time >= at && concernsTenant(e, tenantId) && match(e));
  const timeline: ChangeTimeline = {};
  const noticed = after(since, (e) => e.msg === messages.noticed);
  if (!noticed) return timeline;
  timeline.noticedAt = noticed.time;
  const started = after(noticed.time, (e) => e.msg === messages.syncStarted);
  const finished = started && after(started.time, (e) => e.msg === messages.syncFinished && e.fields.runId === started.fields.runId);
  if (!finished) return timeline;
  timeline.syncedAt = finished.time;
  timeline.syncedRecords = numberField(finished, 'records');
  const scored = after(finished.time, (e) => e.msg === messages.scored);
  if (!scored) return timeline;
  timeline.scoredAt = scored.time;
  timeline.scoredAccounts = numberField(scored, 'scored');
  const written = after(scored.time, (e) => e.msg === messages.written);
  if (!written) return timeline;
  timeline.writtenAt = written.time;
  timeline.writtenAccounts = numberField(written, 'changedAccounts');
  return timeline;
}

/** Where a change that never became visible stopped: the first stage the timeline lacks. */
export function stalledStage(timeline: ChangeTimeline, stages: ChangeStages): string {
  if (timeline.noticedAt === undefined) return `no ${stages.notice} reached the service`;
  if (timeline.syncedAt === undefined) return `${stages.notice} received, no sync finished`;
  if (timeline.scoredAt === undefined) return 'synced, no scoring finished';
  if (timeline.writtenAt === undefined) return 'scored, no write-back finished';
  return `written (${timeline.writtenAccounts ?? '?'} accounts changed), but no written field of the record changed`;
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
