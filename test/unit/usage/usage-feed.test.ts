import { describe, expect, it } from 'vitest';
import type { UsageDay } from '../../../server/src/sandbox/hubspot/portal-data.js';
import { RecentDays, rawCalls, summaryCall } from '../../../server/src/sandbox/usage-feed.js';

const usageDay = (overrides: Partial<UsageDay> = {}): UsageDay => ({
  companyId: '501',
  groupKey: 'acme.io',
  day: '2025-03-08',
  activeUsers: 4,
  sessions: 7,
  events: 30,
  features: ['reports', 'search', 'sso'],
  advancedFeatures: ['sso'],
  ...overrides,
});

/** The rollup the usage API computes from raw calls, recomputed here from the calls themselves. */
function rollUp(calls: Array<Record<string, unknown>>) {
  const track = calls.filter((c) => c.type === 'track');
  const props = (c: Record<string, unknown>) => (c.properties ?? {}) as Record<string, unknown>;
  const features = track.filter((c) => c.event !== 'Session Started').map((c) => String(props(c).feature));
  return {
    activeUsers: new Set(track.map((c) => c.userId)).size,
    sessions: track.filter((c) => c.event === 'Session Started').length,
    events: track.length,
    features: new Set(features).size,
    advanced: new Set(track.filter((c) => props(c).advanced === true).map((c) => props(c).feature)).size,
    groupedUsers: new Set(calls.filter((c) => c.type === 'group' && c.groupId === 'acme.io').map((c) => c.userId)).size,
  };
}

describe('rawCalls', () => {
  it('tells an account-day as raw calls whose rollup equals the day', () => {
    const calls = rawCalls(usageDay(), 100);
    expect(calls).not.toBeNull();
    expect(rollUp(calls ?? [])).toEqual({ activeUsers: 4, sessions: 7, events: 30, features: 3, advanced: 1, groupedUsers: 4 });
    expect(calls?.every((c) => typeof c.messageId === 'string' && typeof c.timestamp === 'string' && String(c.timestamp).startsWith('2025-03-08T'))).toBe(true);
  });

  it('gives up (null) when the exact raw form would exceed the call limit or cannot exist', () => {
    expect(rawCalls(usageDay({ activeUsers: 40, events: 900 }), 100)).toBeNull();
    expect(rawCalls(usageDay({ events: 8 }), 100)).toBeNull(); // 1 feature event cannot show 3 features
    expect(rawCalls(usageDay({ activeUsers: 0 }), 100)).toBeNull();
  });

  it('uses deterministic message ids, so a second run is recognised as duplicates', () => {
    expect(rawCalls(usageDay(), 100)).toEqual(rawCalls(usageDay(), 100));
  });
});

describe('summaryCall', () => {
  it('carries the account-day rollup as a Daily Usage Summary dated the day', () => {
    expect(summaryCall(usageDay())).toMatchObject({
      type: 'track',
      groupId: 'acme.io',
      event: 'Daily Usage Summary',
      timestamp: '2025-03-08',
      properties: { active_users: 4, sessions: 7, events: 30, features: ['reports', 'search', 'sso'], advanced_features: ['sso'] },
    });
  });
});

describe('RecentDays', () => {
  it('releases every row older than the latest two days, in one pass over rows in any order', () => {
    const window = new RecentDays(2);
    const released: string[] = [];
    for (const day of ['2025-03-06', '2025-03-08', '2025-03-01', '2025-03-07', '2025-03-09', '2025-03-08']) {
      released.push(...window.add(usageDay({ day })).map((row) => row.day));
    }
    expect(released.sort()).toEqual(['2025-03-01', '2025-03-06', '2025-03-07']);
    expect(window.drain().map((row) => row.day)).toEqual(['2025-03-08', '2025-03-08', '2025-03-09']);
  });

  it('holds nothing back when no raw days are wanted', () => {
    const window = new RecentDays(0);
    expect(window.add(usageDay()).length).toBe(1);
    expect(window.drain()).toEqual([]);
  });
});
