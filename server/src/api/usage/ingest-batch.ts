import type { Database, Queryable } from '../../store/database.js';
import {
  countUnmappedUsage,
  insertUsageEvents,
  rememberUserAccounts,
  resolveAccountKeys,
  rollUpAccountDays,
  upsertUsageSummaries,
  userAccounts,
  type UnmappedCount,
  type UsageEventRow,
  type UsageSummaryRow,
} from '../../store/usage.js';
import type { ValidCall } from './validate-batch.js';

/** Group key under which calls that name no group and come from no known user are tallied. */
export const NO_GROUP_KEY = '(no group id)';

/**
 * What happened to a batch. accepted + duplicates + unmapped = the number of calls in the batch.
 * - accepted: stored or applied (new raw events, new or changed summaries, group calls, identify calls)
 * - duplicates: already stored (a message id seen before, a summary equal to the stored day)
 * - unmapped: matched no account; tallied per day and group key in usage_unmapped
 */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  unmapped: number;
  /** Account-days whose rollup was written. */
  accountDays: number;
}

/** Maps every call to an account and writes the batch in one transaction with set-based statements. */
export async function ingestBatch(db: Database, tenantId: string, calls: readonly ValidCall[], now: Date): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const groupKeys = calls.flatMap((call) => (call.groupKey === null ? [] : [call.groupKey]));
    const accountByKey = await resolveAccountKeys(tx, tenantId, groupKeys);

    // Group calls first, so track calls later in the same batch map through the users they group.
    const batchUsers = new Map<string, string>();
    for (const call of calls) {
      if (call.type !== 'group' || call.userId === null || call.groupKey === null) continue;
      const accountId = accountByKey.get(call.groupKey);
      if (accountId !== undefined) batchUsers.set(call.userId, accountId);
    }
    const storedUsers = await lookUpUngroupedUsers(tx, tenantId, calls, batchUsers);

    const plan = planWrites(calls, (call) => {
      if (call.groupKey !== null) return accountByKey.get(call.groupKey);
      if (call.userId === null) return undefined;
      return batchUsers.get(call.userId) ?? storedUsers.get(call.userId);
    });

    await rememberUserAccounts(tx, tenantId, [...batchUsers].map(([userId, accountId]) => ({ userId, accountId })), now);
    const inserted = await insertUsageEvents(tx, tenantId, plan.events, now);
    const rolledUp = await rollUpAccountDays(tx, tenantId, inserted.accountDays, now);
    const summariesWritten = await upsertUsageSummaries(tx, tenantId, plan.summaries, now);
    await countUnmappedUsage(tx, tenantId, plan.unmapped, now);

    const duplicates = plan.duplicateEvents + (plan.events.length - inserted.inserted) + plan.duplicateSummaries + (plan.summaries.length - summariesWritten);
    return {
      accepted: calls.length - duplicates - plan.unmappedCalls,
      duplicates,
      unmapped: plan.unmappedCalls,
      accountDays: rolledUp + summariesWritten,
    };
  });
}

async function lookUpUngroupedUsers(tx: Queryable, tenantId: string, calls: readonly ValidCall[], batchUsers: Map<string, string>) {
  const userIds = new Set<string>();
  for (const call of calls) {
    if (call.type === 'track' && call.groupKey === null && call.userId !== null && !batchUsers.has(call.userId)) userIds.add(call.userId);
  }
  return userAccounts(tx, tenantId, [...userIds]);
}

interface WritePlan {
  events: UsageEventRow[];
  summaries: UsageSummaryRow[];
  unmapped: UnmappedCount[];
  unmappedCalls: number;
  /** Repeats of a message id or an account-day inside the batch itself. */
  duplicateEvents: number;
  duplicateSummaries: number;
}

/** Splits mapped calls into raw events and summaries (one per account-day, the last wins) and tallies the rest. */
export function planWrites(calls: readonly ValidCall[], accountFor: (call: ValidCall) => string | undefined): WritePlan {
  const events = new Map<string, UsageEventRow>();
  const summaries = new Map<string, UsageSummaryRow>();
  const unmapped = new Map<string, UnmappedCount>();
  let unmappedCalls = 0;
  let duplicateEvents = 0;
  let duplicateSummaries = 0;
  for (const call of calls) {
    if (call.type === 'identify') continue;
    const accountId = accountFor(call);
    if (accountId === undefined) {
      const groupKey = call.groupKey ?? NO_GROUP_KEY;
      const key = `${call.day}\u0000${groupKey}`;
      const tally = unmapped.get(key) ?? { day: call.day, groupKey, events: 0 };
      tally.events += 1;
      unmapped.set(key, tally);
      unmappedCalls += 1;
      continue;
    }
    if (call.type === 'group') continue;
    if (call.summary) {
      const key = `${accountId}\u0000${call.day}`;
      if (summaries.has(key)) duplicateSummaries += 1;
      const s = call.summary;
      summaries.set(key, {
        accountId,
        day: call.day,
        activeUsers: s.active_users,
        sessions: s.sessions,
        events: s.events,
        distinctFeatures: new Set([...s.features, ...s.advanced_features]).size,
        advancedFeatures: new Set(s.advanced_features).size,
      });
      continue;
    }
    if (events.has(call.messageId)) {
      duplicateEvents += 1;
      continue;
    }
    events.set(call.messageId, {
      messageId: call.messageId,
      accountId,
      day: call.day,
      userId: call.userId,
      event: call.event ?? '',
      feature: call.feature,
      isAdvanced: call.isAdvanced,
      isSession: call.isSession,
    });
  }
  return { events: [...events.values()], summaries: [...summaries.values()], unmapped: [...unmapped.values()], unmappedCalls, duplicateEvents, duplicateSummaries };
}
