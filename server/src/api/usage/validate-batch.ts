import { createHash } from 'node:crypto';
import {
  DAILY_SUMMARY_EVENT,
  SESSION_STARTED_EVENT,
  dailySummarySchema,
  usageBatchSchema,
  type DailySummary,
  type UsageCall,
} from './batch-schema.js';
import { UsageRequestError, fieldPath, type UsageIssue } from './errors.js';

/** Segment's limits: a batch request up to 500 KB, one call in it up to 32 KB. */
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_EVENT_BYTES = 32 * 1024;
/** At most this many issues are listed in one error response. */
const MAX_ISSUES = 20;

/** One validated call, reduced to what ingestion needs. */
export interface ValidCall {
  index: number;
  type: UsageCall['type'];
  userId: string | null;
  /** groupId, else context.groupId; null when the call names no group. */
  groupKey: string | null;
  /** UTC day of the timestamp (the receipt time when the call has none, as Segment does). */
  day: string;
  /** messageId, else a hash of the call's content, so a retried call is recognised either way. */
  messageId: string;
  event: string | null;
  /** properties.feature, else the event name; null for a bare session start. */
  feature: string | null;
  isAdvanced: boolean;
  isSession: boolean;
  /** The rollup of a `Daily Usage Summary` track call, else null. */
  summary: DailySummary | null;
}

/**
 * Validates a whole batch, all or nothing: throws UsageRequestError (400 naming each bad event index
 * and field, or 413 for an oversized call) or returns every call normalised.
 */
export function validateBatch(body: unknown, receivedAt: Date, bodyBytes: number): ValidCall[] {
  const parsed = usageBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((issue): UsageIssue => {
      const [head, index, ...rest] = issue.path;
      if (head === 'batch' && typeof index === 'number') return { index, field: fieldPath(index, rest), message: issue.message };
      return { field: fieldPath(undefined, issue.path), message: issue.message };
    });
    throw invalid(issues);
  }
  const raw = (body as { batch: unknown[] }).batch;
  const receivedDay = receivedAt.toISOString().slice(0, 10);
  const issues: UsageIssue[] = [];
  const calls = parsed.data.batch.map((call, index): ValidCall | undefined => {
    // Only a body near the per-call limit can hold an oversized call: skip the re-serialisation otherwise.
    const serialised = bodyBytes > MAX_EVENT_BYTES || call.messageId === undefined ? JSON.stringify(raw[index]) : undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long texts need counting.
    if (serialised !== undefined && bodyBytes > MAX_EVENT_BYTES && serialised.length * 3 > MAX_EVENT_BYTES && Buffer.byteLength(serialised) > MAX_EVENT_BYTES) {
      throw new UsageRequestError('too_large', `batch[${index}] is larger than ${MAX_EVENT_BYTES / 1024} KB, the limit for one call`, [
        { index, field: `batch[${index}]`, message: `larger than ${MAX_EVENT_BYTES} bytes` },
      ]);
    }
    const userId = call.userId ?? null;
    if (userId === null && (call.anonymousId ?? null) === null) {
      issues.push({ index, field: `batch[${index}].userId`, message: 'every call needs a userId or an anonymousId' });
      return undefined;
    }
    let summary: DailySummary | null = null;
    if (call.type === 'track' && call.event === DAILY_SUMMARY_EVENT) {
      if (call.timestamp === undefined) {
        issues.push({ index, field: `batch[${index}].timestamp`, message: `a ${DAILY_SUMMARY_EVENT} needs the day it summarises as its timestamp` });
        return undefined;
      }
      const result = dailySummarySchema.safeParse(call.properties ?? {});
      if (!result.success) {
        for (const issue of result.error.issues) issues.push({ index, field: fieldPath(index, ['properties', ...issue.path]), message: issue.message });
        return undefined;
      }
      summary = result.data;
    }
    const properties = call.properties ?? {};
    const isSession = call.type === 'track' && (call.event === SESSION_STARTED_EVENT || properties.session_start === true);
    const namedFeature = typeof properties.feature === 'string' && properties.feature.trim() !== '' ? properties.feature.trim() : null;
    const event = call.type === 'track' ? call.event : null;
    return {
      index,
      type: call.type,
      userId,
      groupKey: call.groupId ?? call.context?.groupId ?? null,
      day: call.timestamp ?? receivedDay,
      messageId: call.messageId ?? `sha256:${createHash('sha256').update(serialised ?? '').digest('hex').slice(0, 40)}`,
      event,
      feature: namedFeature ?? (isSession || event === null ? null : event),
      isAdvanced: properties.advanced === true,
      isSession,
      summary,
    };
  });
  if (issues.length > 0) throw invalid(issues.slice(0, MAX_ISSUES));
  return calls as ValidCall[];
}

function invalid(issues: UsageIssue[]): UsageRequestError {
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : 'invalid batch';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return new UsageRequestError('invalid_batch', `invalid usage batch, nothing was stored: ${summary}${more}`, issues);
}
