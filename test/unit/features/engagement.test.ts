import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import type { EngagementRecord } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at, feature } from './account-bundle.js';

const touch = (kind: EngagementRecord['kind'], occurredAt: string, rest: Partial<EngagementRecord> = {}): EngagementRecord => ({
  kind,
  direction: null,
  occurredAt: at(occurredAt),
  contactId: null,
  withExecutive: false,
  ...rest,
});

describe('stakeholder engagement features', () => {
  const bundle = accountBundle({
    engagements: [
      touch('email', '2024-05-25', { direction: 'outbound', contactId: 'c1' }),
      touch('email', '2024-05-20', { direction: 'inbound', contactId: 'c2', withExecutive: true }),
      touch('meeting', '2024-04-01', { contactId: 'c1' }),
      touch('call', '2024-03-20', { direction: 'inbound', contactId: 'c3' }),
      touch('call', '2024-02-01', { direction: 'outbound', contactId: 'c4' }),
      // Notes are internal; an email at the snapshot instant is not before it.
      touch('note', '2024-05-30', { contactId: 'c9', withExecutive: true }),
      touch('email', '2024-06-01', { direction: 'inbound', contactId: 'c8' }),
    ],
    contacts: [
      { createdAt: at('2024-01-01'), isSponsor: true, isChampion: false, seniority: 'executive' },
      { createdAt: at('2024-07-01'), isSponsor: false, isChampion: true, seniority: null },
    ],
  });
  const v = buildFeatures(bundle, at('2024-06-01'));

  it('counts emails, meetings and calls in their windows', () => {
    expect(feature(v, 'emails_30d')).toBe(2);
    expect(feature(v, 'meetings_90d')).toBe(1);
    expect(feature(v, 'calls_90d')).toBe(1);
    expect(feature(v, 'executive_touches_90d')).toBe(1);
    expect(feature(v, 'contacts_engaged_90d')).toBe(3);
  });

  it('computes the inbound share and the trend against the previous 90 days', () => {
    expect(feature(v, 'inbound_share_90d')).toBeCloseTo(2 / 3, 12);
    expect(feature(v, 'engagement_trend_90d')).toBe((4 - 1) / 1);
  });

  it('measures days since the last meeting, executive touch and inbound touch', () => {
    expect(feature(v, 'days_since_last_meeting')).toBe(61);
    expect(feature(v, 'days_since_last_executive_touch')).toBe(12);
    expect(feature(v, 'days_since_last_inbound')).toBe(12);
  });

  it('sees only contacts created before the snapshot', () => {
    expect(feature(v, 'sponsor_present')).toBe(1);
    expect(feature(v, 'champion_present')).toBe(0);
  });

  it('leaves recency missing when there was never a meeting', () => {
    const none = buildFeatures(accountBundle(), at('2024-06-01'));
    expect(feature(none, 'days_since_last_meeting')).toBeNaN();
    expect(feature(none, 'inbound_share_90d')).toBeNaN();
    expect(feature(none, 'emails_30d')).toBe(0);
  });
});
