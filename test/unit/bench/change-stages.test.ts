import { describe, expect, it } from 'vitest';
import {
  changedProperties,
  changeTimeline,
  concernsTenant,
  HUBSPOT_STAGES,
  latencySummary,
  parseLogLine,
  SALESFORCE_STAGES,
  stalledStage,
  type LogEvent,
} from '../../../server/src/bench/change-stages.js';

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

/**
 * The log of one change in the org (OTHER) made at t=1000: another org's change, the portal's work and
 * Telltale's own change events (its write-back's) interleaved, and two hand-overs of the burst's
 * events (a sync for the first, a follow-up for the rest).
 */
const orgLog: LogEvent[] = [
  event(200, 'Salesforce write-back finished', { tenant: OTHER, changedAccounts: 1900 }),
  event(900, "salesforce changes: only Telltale's own", { tenant: OTHER, events: 200, customerChanges: 0 }),
  event(1100, 'salesforce changes: sync queued', { tenant: 'salesforce-00D000000000002', events: 1, customerChanges: 1 }),
  event(1150, 'salesforce changes: sync queued', { tenant: OTHER, events: 1, customerChanges: 1 }),
  event(1200, 'Salesforce sync started', { tenant: OTHER, runId: 's1' }),
  event(1300, 'hubspot webhook', { events: 3, relevant: 3, queued: [TENANT] }),
  event(1350, 'salesforce changes: sync queued', { tenant: OTHER, events: 2, customerChanges: 2 }),
  event(2000, 'Salesforce sync finished', { tenant: OTHER, runId: 's1', records: 2 }),
  event(2100, 'Salesforce sync started', { tenant: OTHER, runId: 's2' }),
  event(2300, 'tenant scored', { tenantId: OTHER, scored: 1 }),
  event(2800, 'Salesforce write-back finished', { tenant: OTHER, changedAccounts: 1 }),
  event(2900, "salesforce changes: only Telltale's own", { tenant: OTHER, events: 1, customerChanges: 0 }),
  event(3000, 'Salesforce sync finished', { tenant: OTHER, runId: 's2', records: 3 }),
];

describe('concernsTenant', () => {
  it('takes the tenant a line names, or the tenants a webhook queued syncs for', () => {
    expect(concernsTenant(event(1, 'HubSpot sync started', { tenant: TENANT }), TENANT)).toBe(true);
    expect(concernsTenant(event(1, 'tenant scored', { tenantId: TENANT }), TENANT)).toBe(true);
    expect(concernsTenant(event(1, 'hubspot webhook', { queued: [OTHER, TENANT] }), TENANT)).toBe(true);
    expect(concernsTenant(event(1, 'hubspot webhook', { queued: [], tenant: TENANT }), TENANT)).toBe(false);
    expect(concernsTenant(event(1, 'salesforce changes: sync queued', { tenant: OTHER }), TENANT)).toBe(false);
  });
});

describe('changeTimeline', () => {
  it('follows the change from the webhook that queued its tenant through the sync it started, the next scoring and the next write-back', () => {
    expect(changeTimeline(changeLog, 1000, TENANT, HUBSPOT_STAGES)).toEqual({
      noticedAt: 1300,
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
    expect(changeTimeline(noWriteBack, 1000, TENANT, HUBSPOT_STAGES)).toEqual({ noticedAt: 1300, syncedAt: 2900, syncedRecords: 4, scoredAt: 2950, scoredAccounts: 7 });
    const syncStillRunning = changeLog.filter((e) => !(e.msg === 'HubSpot sync finished' && e.fields.runId === 'r1'));
    expect(changeTimeline(syncStillRunning, 1000, TENANT, HUBSPOT_STAGES)).toEqual({ noticedAt: 1300 });
    expect(changeTimeline(changeLog, 5000, TENANT, HUBSPOT_STAGES)).toEqual({});
  });

  it("follows an org's change from the change event that queued its sync, passing over Telltale's own events and the portal's lines", () => {
    const timeline = changeTimeline(orgLog, 1000, OTHER, SALESFORCE_STAGES);
    expect(timeline).toEqual({ noticedAt: 1150, syncedAt: 2000, syncedRecords: 2, scoredAt: 2300, scoredAccounts: 1, writtenAt: 2800, writtenAccounts: 1 });
  });

  it("takes the portal's webhook for no org's change event, nor the reverse", () => {
    expect(changeTimeline(orgLog, 1000, TENANT, SALESFORCE_STAGES)).toEqual({});
    expect(changeTimeline(orgLog, 1000, TENANT, HUBSPOT_STAGES)).toEqual({ noticedAt: 1300 });
    expect(changeTimeline(orgLog, 1000, OTHER, HUBSPOT_STAGES)).toEqual({});
  });
});

describe('stalledStage', () => {
  it('names the first stage that was not reached', () => {
    expect(stalledStage({}, HUBSPOT_STAGES)).toBe('no webhook reached the service');
    expect(stalledStage({ noticedAt: 1 }, HUBSPOT_STAGES)).toBe('webhook received, no sync finished');
    expect(stalledStage({ noticedAt: 1, syncedAt: 2 }, HUBSPOT_STAGES)).toBe('synced, no scoring finished');
    expect(stalledStage({ noticedAt: 1, syncedAt: 2, scoredAt: 3 }, HUBSPOT_STAGES)).toBe('scored, no write-back finished');
    expect(stalledStage({ noticedAt: 1, syncedAt: 2, scoredAt: 3, writtenAt: 4, writtenAccounts: 0 }, HUBSPOT_STAGES)).toBe(
      'written (0 accounts changed), but no written field of the record changed',
    );
  });

  it("names the org's first stage after its change events", () => {
    expect(stalledStage({}, SALESFORCE_STAGES)).toBe('no change event reached the service');
    expect(stalledStage({ noticedAt: 1 }, SALESFORCE_STAGES)).toBe('change event received, no sync finished');
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
