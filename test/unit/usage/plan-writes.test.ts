import { describe, expect, it } from 'vitest';
import { NO_GROUP_KEY, planWrites } from '../../../server/src/api/usage/ingest-batch.js';
import type { ValidCall } from '../../../server/src/api/usage/validate-batch.js';

let next = 0;
const call = (overrides: Partial<ValidCall>): ValidCall => ({
  index: next++,
  type: 'track',
  userId: 'u1',
  groupKey: 'acme.io',
  day: '2025-03-09',
  messageId: `m${next}`,
  event: 'Report Viewed',
  feature: 'reports',
  isAdvanced: false,
  isSession: false,
  summary: null,
  ...overrides,
});
const accounts: Record<string, string> = { 'acme.io': 'A1', '42': 'A2' };
const byKey = (c: ValidCall) => (c.groupKey === null ? undefined : accounts[c.groupKey]);

describe('planWrites', () => {
  it('turns mapped track calls into one raw event per message id, counting repeats inside the batch', () => {
    const plan = planWrites([call({ messageId: 'x' }), call({ messageId: 'x' }), call({ messageId: 'y', groupKey: '42', isSession: true, feature: null })], byKey);
    expect(plan.events).toEqual([
      { messageId: 'x', accountId: 'A1', day: '2025-03-09', userId: 'u1', event: 'Report Viewed', feature: 'reports', isAdvanced: false, isSession: false },
      { messageId: 'y', accountId: 'A2', day: '2025-03-09', userId: 'u1', event: 'Report Viewed', feature: null, isAdvanced: false, isSession: true },
    ]);
    expect(plan.duplicateEvents).toBe(1);
  });

  it('tallies unmapped calls per day and group key, with calls naming no group under one key', () => {
    const plan = planWrites(
      [
        call({ groupKey: 'nope.io' }),
        call({ groupKey: 'nope.io' }),
        call({ groupKey: 'nope.io', day: '2025-03-08' }),
        call({ groupKey: null }),
        call({ type: 'group', groupKey: 'nope.io' }),
        call({ type: 'identify', groupKey: null }),
      ],
      byKey,
    );
    expect(plan.unmappedCalls).toBe(5);
    expect(plan.unmapped).toEqual([
      { day: '2025-03-09', groupKey: 'nope.io', events: 3 },
      { day: '2025-03-08', groupKey: 'nope.io', events: 1 },
      { day: '2025-03-09', groupKey: NO_GROUP_KEY, events: 1 },
    ]);
    expect(plan.events).toEqual([]);
  });

  it('keeps the last summary per account-day and counts features as the union of features and advanced features', () => {
    const summary = (activeUsers: number) => ({ active_users: activeUsers, sessions: 4, events: 50, features: ['reports', 'search', 'reports'], advanced_features: ['sso'] });
    const plan = planWrites([call({ summary: summary(3) }), call({ groupKey: 'https://acme.io', summary: summary(5) })], (c) => (c.groupKey?.includes('acme.io') ? 'A1' : undefined));
    expect(plan.summaries).toEqual([{ accountId: 'A1', day: '2025-03-09', activeUsers: 5, sessions: 4, events: 50, distinctFeatures: 3, advancedFeatures: 1 }]);
    expect(plan.duplicateSummaries).toBe(1);
    expect(plan.events).toEqual([]);
  });

  it('stores nothing for group and identify calls beyond what ingestion remembers elsewhere', () => {
    const plan = planWrites([call({ type: 'group' }), call({ type: 'identify', groupKey: null })], byKey);
    expect(plan).toMatchObject({ events: [], summaries: [], unmapped: [], unmappedCalls: 0 });
  });
});
