import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import { dailyRows, insertAccounts, startUsageApp, type UsageApp } from './usage-harness.js';
import { createTestDatabase } from '../../support/test-databases.js';

describe('concurrent usage batches on postgres', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: UsageApp;

  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase('postgres'));
    app = await startUsageApp(db);
    await insertAccounts(db, app.tenant.id, [{ id: '301' }]);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('counts every event of batches for the same account-day that arrive at once', async () => {
    const batches = Array.from({ length: 12 }, (_, b) => ({
      batch: Array.from({ length: 40 }, (_, i) => ({
        type: 'track',
        userId: `user-${b}-${i % 5}`,
        groupId: '301',
        event: 'Feature Used',
        properties: { feature: `f${i % 7}` },
        timestamp: '2025-03-09T12:00:00Z',
        messageId: `c-${b}-${i}`,
      })),
    }));
    const answers = await Promise.all(batches.map((body) => app.post(body)));
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 200));
    expect(await dailyRows(db, app.tenant.id)).toEqual([
      { account_id: '301', day: '2025-03-09', active_users: 60, sessions: 0, events: 480, distinct_features: 7, advanced_features: 0, source: 'events' },
    ]);
  });
});
