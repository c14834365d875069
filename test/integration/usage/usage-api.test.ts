import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/src/store/database.js';
import { unmappedUsage, usageRange } from '../../../server/src/store/usage.js';
import { dailyRows, insertAccounts, startUsageApp, usageRowCounts, type UsageApp } from './usage-harness.js';
import { createTestDatabase, type DatabaseKind } from '../../support/test-databases.js';

const track = (messageId: string, userId: string, event: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId,
  userId,
  event,
  properties,
  timestamp: '2025-03-09T10:00:00.000Z',
  ...extra,
});

/** Two users of account 101 (grouped by CRM id) on 2025-03-09, one of them also late on the 10th UTC. */
const rawBatch = {
  batch: [
    track('m1', 'ann', 'Session Started', {}, { groupId: '101' }),
    track('m2', 'ann', 'Report Viewed', { feature: 'reports' }, { groupId: '101' }),
    track('m3', 'ann', 'Report Viewed', { feature: 'reports' }, { groupId: '101' }),
    track('m4', 'bob', 'Workflow Built', { feature: 'workflows', advanced: true }, { context: { groupId: '101' } }),
    track('m5', 'bob', 'Opened App', { session_start: true }, { groupId: '101' }),
    track('m6', 'bob', 'Export Run', {}, { groupId: '101', timestamp: '2025-03-09T23:30:00-02:00' }),
    { type: 'identify', messageId: 'm7', userId: 'ann', traits: { email: 'ann@acme.io' } },
  ],
};

describe.each<DatabaseKind>(['pglite', 'postgres'])('POST /v1/usage/events on %s', (backend) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: UsageApp;

  beforeAll(async () => {
    ({ db, drop } = await createTestDatabase(backend));
  });
  afterAll(async () => {
    await drop();
  });
  beforeEach(async () => {
    await app?.close();
    app = await startUsageApp(db);
    await insertAccounts(db, app.tenant.id, [
      { id: '101', domain: 'acme.io' },
      { id: '102', domain: 'https://www.Globex.com/' },
      { id: '103', domain: 'initech.com', archived: true },
    ]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('rolls raw events up per account and UTC day: distinct users, sessions, events, features', async () => {
    const answer = await app.post(rawBatch);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, accepted: 7, duplicates: 0, unmapped: 0 });
    expect(await dailyRows(db, app.tenant.id)).toEqual([
      { account_id: '101', day: '2025-03-09', active_users: 2, sessions: 2, events: 5, distinct_features: 2, advanced_features: 1, source: 'events' },
      // 23:30 at -02:00 is 01:30 UTC on the 10th.
      { account_id: '101', day: '2025-03-10', active_users: 1, sessions: 0, events: 1, distinct_features: 1, advanced_features: 0, source: 'events' },
    ]);
  });

  it('changes nothing when the same batch arrives again', async () => {
    await app.post(rawBatch);
    const before = await db.query('select * from usage_daily where tenant_id = $1 order by account_id, day', [app.tenant.id]);
    const again = await app.post(rawBatch);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 6, unmapped: 0, accountDays: 0 });
    const after = await db.query('select * from usage_daily where tenant_id = $1 order by account_id, day', [app.tenant.id]);
    expect(after.rows).toEqual(before.rows);
  });

  it('adds only the new events of a batch that partly repeats an earlier one', async () => {
    await app.post(rawBatch);
    const answer = await app.post({ batch: [rawBatch.batch[1], track('m8', 'cy', 'Report Viewed', { feature: 'reports' }, { groupId: '101' })] });
    expect(answer.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const day = (await dailyRows(db, app.tenant.id)).find((r) => r.day === '2025-03-09');
    expect(day).toMatchObject({ active_users: 3, events: 6, distinct_features: 2 });
  });

  it('maps track events without a group id through the account a group call put their user in', async () => {
    const grouped = await app.post({
      batch: [
        { type: 'group', userId: 'dee', groupId: 'www.globex.com', messageId: 'g1', timestamp: '2025-03-08T09:00:00Z' },
        track('t1', 'dee', 'Session Started', {}),
      ],
    });
    expect(grouped.body).toMatchObject({ accepted: 2, unmapped: 0 });
    const later = await app.post({ batch: [track('t2', 'dee', 'Dashboard Viewed', { feature: 'dashboards' })] });
    expect(later.body).toMatchObject({ accepted: 1, unmapped: 0 });
    expect(await dailyRows(db, app.tenant.id)).toEqual([
      { account_id: '102', day: '2025-03-09', active_users: 1, sessions: 1, events: 2, distinct_features: 1, advanced_features: 0, source: 'events' },
    ]);
    const { rows } = await db.query('select account_id from usage_user_accounts where tenant_id = $1 and user_id = $2', [app.tenant.id, 'dee']);
    expect(rows).toEqual([{ account_id: '102' }]);
  });

  it('upserts Daily Usage Summary events straight into the daily rollup', async () => {
    const summary = (day: string, activeUsers: number) => ({
      type: 'track',
      anonymousId: 'warehouse',
      groupId: 'https://acme.io/workspace',
      event: 'Daily Usage Summary',
      timestamp: day,
      messageId: `s-${day}`,
      properties: { active_users: activeUsers, sessions: 9, events: 120, features: ['reports', 'alerts', 'reports'], advanced_features: ['alerts'] },
    });
    const first = await app.post({ batch: [summary('2025-01-01', 4), summary('2025-01-02', 5)] });
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0, accountDays: 2 });
    const same = await app.post({ batch: [summary('2025-01-01', 4)] });
    expect(same.body).toMatchObject({ accepted: 0, duplicates: 1, accountDays: 0 });
    const corrected = await app.post({ batch: [summary('2025-01-01', 6)] });
    expect(corrected.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await dailyRows(db, app.tenant.id)).toEqual([
      { account_id: '101', day: '2025-01-01', active_users: 6, sessions: 9, events: 120, distinct_features: 2, advanced_features: 1, source: 'summary' },
      { account_id: '101', day: '2025-01-02', active_users: 5, sessions: 9, events: 120, distinct_features: 2, advanced_features: 1, source: 'summary' },
    ]);
    expect(await usageRange(db, app.tenant.id)).toEqual({ accounts: 1, days: 2, accountDays: 2, firstDay: '2025-01-01', lastDay: '2025-01-02' });
  });

  it('keeps a day loaded from a summary when raw events for it arrive later', async () => {
    const summary = { type: 'track', anonymousId: 'w', groupId: '101', event: 'Daily Usage Summary', timestamp: '2025-03-09', messageId: 's-0309', properties: { active_users: 9, sessions: 9, events: 99, features: ['reports'] } };
    await app.post({ batch: [summary] });
    const answer = await app.post(rawBatch);
    expect(answer.body).toMatchObject({ accepted: 7, duplicates: 0 });
    const rows = await dailyRows(db, app.tenant.id);
    expect(rows.find((r) => r.day === '2025-03-09')).toMatchObject({ active_users: 9, events: 99, source: 'summary' });
    expect(rows.find((r) => r.day === '2025-03-10')).toMatchObject({ events: 1, source: 'events' });
  });

  it('counts and reports events that match no account instead of dropping them', async () => {
    const answer = await app.post({
      batch: [
        track('u1', 'eve', 'Report Viewed', { feature: 'reports' }, { groupId: 'unknown.example' }),
        track('u2', 'eve', 'Report Viewed', { feature: 'reports' }, { groupId: 'unknown.example' }),
        track('u3', 'stranger', 'Report Viewed', {}),
        track('u4', 'ann', 'Report Viewed', {}, { groupId: '101' }),
      ],
    });
    expect(answer.body).toMatchObject({ accepted: 1, duplicates: 0, unmapped: 3 });
    const unmapped = await unmappedUsage(db, app.tenant.id);
    expect(unmapped).toMatchObject({ events: 3, groupKeys: 2, topKeys: [{ groupKey: 'unknown.example', events: 2 }, { groupKey: '(no group id)', events: 1 }] });
    expect(unmapped.lastSeenAt).toBe('2025-03-10T12:00:00.000Z');
  });

  it('refuses a batch with a wrong write key with 401 and stores nothing', async () => {
    const before = await usageRowCounts(db);
    const answer = await app.post(rawBatch, { authorization: `Basic ${Buffer.from('tt_wk_wrong:').toString('base64')}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ success: false, error: 'unauthorized' });
    expect(String(answer.body.message)).toMatch(/unknown write key/);
    expect(await usageRowCounts(db)).toEqual(before);
  });

  it('refuses a batch with no write key with 401, and accepts the key in the body as Segment does', async () => {
    const missing = await app.post(rawBatch, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(String(missing.body.message)).toMatch(/missing write key/);
    const inBody = await app.post({ ...rawBatch, writeKey: app.tenant.usageWriteKey }, { authorization: '' });
    expect(inBody.status).toBe(200);
  });

  it('refuses a batch with an unparseable timestamp with 400 naming the event, and stores none of it', async () => {
    const before = await usageRowCounts(db);
    const answer = await app.post({ batch: [rawBatch.batch[0], { ...rawBatch.batch[1], timestamp: 'yesterday at noon' }] });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_batch', issues: [{ index: 1, field: 'batch[1].timestamp' }] });
    expect(String(answer.body.message)).toContain('batch[1].timestamp: not a parseable ISO-8601 timestamp: "yesterday at noon"');
    expect(await usageRowCounts(db)).toEqual(before);
  });

  it('refuses malformed batches with 400 and a message naming what is wrong', async () => {
    const before = await usageRowCounts(db);
    const cases: Array<[unknown, RegExp]> = [
      ['{"batch": [', /not valid JSON/],
      [{ events: [] }, /batch: expected a "batch" array/],
      [{ batch: [{ type: 'page', userId: 'a' }] }, /batch\[0\]\.type: unknown type "page"; expected 'track', 'identify' or 'group'/],
      [{ batch: [{ type: 'track', userId: 'a' }] }, /batch\[0\]\.event: track calls need an event name/],
      [{ batch: [{ type: 'group', userId: 'a' }] }, /batch\[0\]\.groupId: group calls need a groupId/],
      [{ batch: [{ type: 'track', event: 'x' }] }, /batch\[0\]\.userId: every call needs a userId or an anonymousId/],
    ];
    for (const [body, message] of cases) {
      const answer = await app.post(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(String(answer.body.message)).toMatch(message);
    }
    expect(await usageRowCounts(db)).toEqual(before);
  });

  it('answers 413 for a batch over 500 KB and for one call over 32 KB, storing nothing', async () => {
    const before = await usageRowCounts(db);
    const many = Array.from({ length: 2000 }, (_, i) => track(`big-${i}`, 'ann', 'Report Viewed', { feature: 'reports', note: 'x'.repeat(200) }, { groupId: '101' }));
    const tooBig = await app.post({ batch: many });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: 'too_large' });
    const oneHuge = await app.post({ batch: [rawBatch.batch[0], track('huge', 'ann', 'Big', { blob: 'y'.repeat(40_000) }, { groupId: '101' })] });
    expect(oneHuge.status).toBe(413);
    expect(String(oneHuge.body.message)).toMatch(/batch\[1\] is larger than 32 KB/);
    expect(await usageRowCounts(db)).toEqual(before);
  });
});
