import { describe, expect, it } from 'vitest';
import { changedProperties, changeTimeline, latencySummary, parseLogLine, stalledStage, type LogEvent } from '../../../server/src/bench/change-stages.js';

const event = (time: number, msg: string, fields: Record<string, unknown> = {}): LogEvent => ({ time, msg, fields });

const TENANT = 'hubspot-24681357';
const OTHER = 'salesforce-00D000000000001';
const ours = { tenant: TENANT };

/**
 * The log of one change made at t=1000, as the service writes it: an earlier sync, scoring and
 * write-back before it, and another tenant's work interleaved.
 */
const changeLog: LogEvent[] = [
  event(100, 'HubSpot sync started', { ...ours, runId: 'old' }),
  event(400, 'HubSpot sync finished', { ...ours, runId: 'old', records: 900 }),
  event(500, 'tenant scored', { tenantId: TENANT, scored: 1254 }),
  event(900, 'HubSpot write-back finished', { ...ours, changedAccounts: 2000 }),
  event(1200, 'hubspot webhook', { events: 2, relevant: 0, queued: [] }),
  event(1250, 'tenant scored', { tenantId: OTHER, scored: 500 }),
  event(1300, 'hubspot webhook', { events: 9, relevant: 9, queued: [TENANT] }),
  event(1310, 'HubSpot sync started', { ...ours, runId: 'r1' }),
  event(1400, 'HubSpot sync started', { ...ours, runId: 'r2' }),
  event(2500, 'HubSpot sync finished', { ...ours, runId: 'r2', records: 3 }),
  event(2900, 'HubSpot sync finished', { ...ours, runId: 'r1', records: 4 }),
  event(2920, 'tenant scored', { tenantId: OTHER, scored: 500 }),
  event(2950, 'tenant scored', { tenantId: TENANT, scored: 7 }),
  event(3300, 'tenant scored', { tenantId: TENANT, scored: 2 }),
  event(4000, 'HubSpot write-back finished', { tenant: OTHER, changedAccounts: 40 }),
  event(4100, 'HubSpot write-back finished', { ...ours, changedAccounts: 1 }),
];

describe('parseLogLine', () => {
  it('reads time, message and fields of a pino JSON line', () => {
    expect(parseLogLine('{"level":30,"time":1732000000000,"service":"telltale","relevant":3,"msg":"hubspot webhook"}')).toEqual({
      time: 1732000000000,
      msg: 'hubspot webhook',
      fields: { level: 30, service: 'telltale', relevant: 3 },
    });
  });

  it('ignores lines that are not a complete log record', () => {
    expect(parseLogLine('(node:123) Warning: something')).toBeUndefined();
    expect(parseLogLine('{"level":30,"time":17320')).toBeUndefined();
    expect(parseLogLine('{"level":30,"msg":"no time"}')).toBeUndefined();
    expect(parseLogLine('{"time":1,"msg":2}')).toBeUndefined();
  });
});

describe('changeTimeline', () => {
  it('follows the change from the webhook that queued its tenant through the sync it started, the next scoring and the next write-back', () => {
    expect(changeTimeline(changeLog, 1000, TENANT)).toEqual({
      webhookAt: 1300,
      syncedAt: 2900,
      syncedRecords: 4,
      scoredAt: 2950,
      scoredAccounts: 7,
      writtenAt: 4100,
      writtenAccounts: 1,
    });
  });

  it('stops at the first stage the log does not reach for the tenant', () => {
    const noWriteBack = changeLog.filter((e) => !(e.msg === 'HubSpot write-back finished' && e.time > 1000 && e.fields.tenant === TENANT));
    expect(changeTimeline(noWriteBack, 1000, TENANT)).toEqual({ webhookAt: 1300, syncedAt: 2900, syncedRecords: 4, scoredAt: 2950, scoredAccounts: 7 });
    const syncStillRunning = changeLog.filter((e) => !(e.msg === 'HubSpot sync finished' && e.fields.runId === 'r1'));
    expect(changeTimeline(syncStillRunning, 1000, TENANT)).toEqual({ webhookAt: 1300 });
    expect(changeTimeline(changeLog, 5000, TENANT)).toEqual({});
  });
});

describe('stalledStage', () => {
  it('names the first stage that was not reached', () => {
    expect(stalledStage({})).toBe('no webhook reached the service');
    expect(stalledStage({ webhookAt: 1 })).toBe('webhook received, no sync finished');
    expect(stalledStage({ webhookAt: 1, syncedAt: 2 })).toBe('synced, no scoring finished');
    expect(stalledStage({ webhookAt: 1, syncedAt: 2, scoredAt: 3 })).toBe('scored, no write-back finished');
    expect(stalledStage({ webhookAt: 1, syncedAt: 2, scoredAt: 3, writtenAt: 4, writtenAccounts: 0 })).toBe(
      'written (0 accounts changed), but no written property of the company changed',
    );
  });
});

describe('changedProperties', () => {
  it('lists the properties whose value differs, a missing value counting as empty', () => {
    const names = ['telltale_health_score', 'telltale_churn_risk_score', 'telltale_health_trajectory', 'telltale_next_best_action'];
    const before = { telltale_health_score: '81', telltale_churn_risk_score: '12', telltale_health_trajectory: null };
    const after = { telltale_health_score: '73', telltale_churn_risk_score: '12', telltale_next_best_action: null };
    expect(changedProperties(before, after, names)).toEqual(['telltale_health_score']);
    expect(changedProperties(before, { ...after, telltale_health_trajectory: 'declining' }, names)).toEqual(['telltale_health_score', 'telltale_health_trajectory']);
  });
});

describe('latencySummary', () => {
  it('gives the median and the maximum of the measured samples and passes when all are under the target', () => {
    expect(latencySummary([9000, 4000, 7000, 12000, 5000], 60_000)).toEqual({ measured: 5, p50Ms: 7000, maxMs: 12000, pass: true });
  });

  it('fails when a sample reaches the target', () => {
    expect(latencySummary([9000, 60_000], 60_000)).toMatchObject({ maxMs: 60_000, pass: false });
  });

  it('fails when a sample was never measured, while still reporting the others', () => {
    expect(latencySummary([9000, undefined, 5000], 60_000)).toEqual({ measured: 2, p50Ms: 5000, maxMs: 9000, pass: false });
    expect(latencySummary([undefined], 60_000)).toEqual({ measured: 0, pass: false });
  });
});
