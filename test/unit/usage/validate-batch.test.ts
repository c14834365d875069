import { describe, expect, it } from 'vitest';
import { utcDayOf } from '../../../server/src/api/usage/batch-schema.js';
import { UsageRequestError } from '../../../server/src/api/usage/errors.js';
import { MAX_EVENT_BYTES, validateBatch, type ValidCall } from '../../../server/src/api/usage/validate-batch.js';

const receivedAt = new Date('2025-03-10T12:00:00Z');
const validate = (batch: unknown[], bodyBytes = 1000): ValidCall[] => validateBatch({ batch }, receivedAt, bodyBytes);

function refusal(body: unknown, bodyBytes = 1000): UsageRequestError {
  try {
    validateBatch(body, receivedAt, bodyBytes);
  } catch (error) {
    if (error instanceof UsageRequestError) return error;
    throw error;
  }
  throw new Error('the batch was accepted');
}

describe('validateBatch', () => {
  it('names the event index and field of an unparseable timestamp', () => {
    const error = refusal({ batch: [{ type: 'track', userId: 'a', event: 'x' }, { type: 'track', userId: 'a', event: 'x', timestamp: 'last tuesday' }] });
    expect(error.status).toBe(400);
    expect(error.issues).toEqual([{ index: 1, field: 'batch[1].timestamp', message: 'not a parseable ISO-8601 timestamp: "last tuesday"' }]);
    expect(error.message).toBe('invalid usage batch, nothing was stored: batch[1].timestamp: not a parseable ISO-8601 timestamp: "last tuesday"');
  });

  it.each([
    [{ batch: [{ type: 'screen', userId: 'a' }] }, 'batch[0].type', `unknown type "screen"; expected 'track', 'identify' or 'group'`],
    [{ batch: [{ userId: 'a' }] }, 'batch[0].type', `missing type; expected 'track', 'identify' or 'group'`],
    [{ batch: [{ type: 'track', userId: 'a', event: '' }] }, 'batch[0].event', 'track calls need a non-empty event name'],
    [{ batch: [{ type: 'group', userId: 'a' }] }, 'batch[0].groupId', 'group calls need a groupId (the account CRM id or company domain)'],
    [{ batch: [{ type: 'identify' }] }, 'batch[0].userId', 'every call needs a userId or an anonymousId'],
    [{ batch: [{ type: 'track', userId: 'a', event: 'x', properties: [1] }] }, 'batch[0].properties', 'expected an object'],
    [{ batch: [] }, 'batch', 'the batch is empty'],
    [{ events: [] }, 'batch', 'expected a "batch" array of Segment calls'],
    [[1, 2], 'body', 'expected a JSON object { "batch": [...] }'],
  ])('refuses %j naming %s', (body, field, message) => {
    const error = refusal(body);
    expect(error.code).toBe('invalid_batch');
    expect(error.issues[0]).toMatchObject({ field, message });
  });

  it('names each bad property of a Daily Usage Summary', () => {
    const error = refusal({
      batch: [{ type: 'track', anonymousId: 'w', groupId: '1', event: 'Daily Usage Summary', timestamp: '2025-01-01', properties: { active_users: -1, sessions: 2, events: 3.5, features: 'reports' } }],
    });
    expect(error.issues.map((issue) => issue.field)).toEqual(['batch[0].properties.active_users', 'batch[0].properties.events', 'batch[0].properties.features']);
  });

  it('requires the summarised day as the timestamp of a Daily Usage Summary', () => {
    const error = refusal({ batch: [{ type: 'track', anonymousId: 'w', groupId: '1', event: 'Daily Usage Summary', properties: { active_users: 1, sessions: 1, events: 1, features: [] } }] });
    expect(error.issues[0]).toMatchObject({ index: 0, field: 'batch[0].timestamp' });
  });

  it('answers too_large (413) naming a call over 32 KB', () => {
    const huge = { type: 'track', userId: 'a', event: 'x', properties: { blob: 'é'.repeat(MAX_EVENT_BYTES / 2) } };
    const error = refusal({ batch: [{ type: 'identify', userId: 'a' }, huge] }, MAX_EVENT_BYTES * 2);
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/^batch\[1\] is larger than 32 KB/);
  });

  it('reads group keys from groupId or context.groupId, ids given as numbers as strings', () => {
    const [first, second, third] = validate([
      { type: 'track', userId: 7, event: 'x', groupId: 101 },
      { type: 'track', anonymousId: 'anon', event: 'x', context: { groupId: 'acme.io', ip: '1.2.3.4' } },
      { type: 'identify', userId: 'u', traits: { email: 'u@acme.io' } },
    ]);
    expect(first).toMatchObject({ userId: '7', groupKey: '101' });
    expect(second).toMatchObject({ userId: null, groupKey: 'acme.io' });
    expect(third).toMatchObject({ type: 'identify', groupKey: null, event: null, feature: null });
  });

  it('marks session starts by name or by properties.session_start, and gives them no feature of their own', () => {
    const [byName, byFlag, featureOfSession, plain] = validate([
      { type: 'track', userId: 'a', event: 'Session Started' },
      { type: 'track', userId: 'a', event: 'App Opened', properties: { session_start: true } },
      { type: 'track', userId: 'a', event: 'App Opened', properties: { session_start: true, feature: 'mobile' } },
      { type: 'track', userId: 'a', event: 'Report Viewed', properties: { session_start: 'yes', advanced: 'true' } },
    ]);
    expect(byName).toMatchObject({ isSession: true, feature: null });
    expect(byFlag).toMatchObject({ isSession: true, feature: null });
    expect(featureOfSession).toMatchObject({ isSession: true, feature: 'mobile' });
    expect(plain).toMatchObject({ isSession: false, feature: 'Report Viewed', isAdvanced: false });
  });

  it('takes properties.feature over the event name, and only advanced === true as advanced', () => {
    const [named, advanced] = validate([
      { type: 'track', userId: 'a', event: 'Clicked', properties: { feature: ' reports ' } },
      { type: 'track', userId: 'a', event: 'Built', properties: { feature: 'workflows', advanced: true } },
    ]);
    expect(named).toMatchObject({ feature: 'reports', isAdvanced: false });
    expect(advanced).toMatchObject({ feature: 'workflows', isAdvanced: true });
  });

  it('dates a call without timestamp on the day it was received, as Segment does', () => {
    expect(validate([{ type: 'track', userId: 'a', event: 'x' }])[0]?.day).toBe('2025-03-10');
  });

  it('gives a call without messageId a content hash, the same for the same content', () => {
    const call = { type: 'track', userId: 'a', event: 'x', timestamp: '2025-03-01T10:00:00Z' };
    const [a, b, c] = validate([call, { ...call }, { ...call, event: 'y' }]);
    expect(a?.messageId).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(b?.messageId).toBe(a?.messageId);
    expect(c?.messageId).not.toBe(a?.messageId);
  });
});

describe('utcDayOf', () => {
  it.each([
    ['2025-03-09', '2025-03-09'],
    ['2025-03-09T23:30:00Z', '2025-03-09'],
    ['2025-03-09T23:30:00.123456Z', '2025-03-09'],
    ['2025-03-09T23:30:00-02:00', '2025-03-10'],
    ['2025-03-10T01:00:00+0200', '2025-03-09'],
    ['2025-03-09 23:30:00', '2025-03-09'],
    ['2024-02-29T12:00', '2024-02-29'],
  ])('reads %s as UTC day %s', (text, day) => {
    expect(utcDayOf(text)).toBe(day);
  });

  it.each(['2023-02-29', '2025-13-01', '2025-03-09T25:00:00Z', '09/03/2025', '1741564800', '', 'yesterday'])('rejects %j', (text) => {
    expect(utcDayOf(text)).toBeNull();
  });
});
