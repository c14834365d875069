import type { IndexedEngagements, IndexedHistory } from './indexed-history.js';
import { DAY_MS, lowerBound, ratio, relativeChange } from './time-math.js';

/** Stakeholder engagement features (group stakeholder_engagement), in manifest order. */
export const ENGAGEMENT_FEATURES = [
  'emails_30d',
  'meetings_90d',
  'calls_90d',
  'inbound_share_90d',
  'executive_touches_90d',
  'contacts_engaged_90d',
  'engagement_trend_90d',
  'days_since_last_meeting',
  'days_since_last_executive_touch',
  'days_since_last_inbound',
  'sponsor_present',
  'champion_present',
] as const;

export type EngagementFeatures = Record<(typeof ENGAGEMENT_FEATURES)[number], number>;

/** Emails, meetings and calls that occurred before t (the index leaves out notes and tasks). */
export function computeEngagementFeatures(history: IndexedHistory, t: number): EngagementFeatures {
  const e = history.engagements;
  const from90 = lowerBound(e.occurredAt, t - 90 * DAY_MS);
  const from30 = lowerBound(e.occurredAt, t - 30 * DAY_MS);
  const to = lowerBound(e.occurredAt, t);
  let emails30 = 0;
  let meetings90 = 0;
  let calls90 = 0;
  let inbound = 0;
  let directed = 0;
  let executive = 0;
  const contacts = new Set<string>();
  for (let i = from90; i < to; i++) {
    const kind = e.kind[i];
    if (kind === 'email' && i >= from30) emails30 += 1;
    if (kind === 'meeting') meetings90 += 1;
    if (kind === 'call') calls90 += 1;
    const direction = e.direction[i];
    if ((kind === 'email' || kind === 'call') && direction) {
      directed += 1;
      if (direction === 'inbound') inbound += 1;
    }
    executive += e.withExecutive[i] as number;
    const contactId = e.contactId[i];
    if (contactId) contacts.add(contactId);
  }
  const previous90 = from90 - lowerBound(e.occurredAt, t - 180 * DAY_MS);
  const existedBefore = (c: { createdAt: number }) => Number.isNaN(c.createdAt) || c.createdAt < t;
  return {
    emails_30d: emails30,
    meetings_90d: meetings90,
    calls_90d: calls90,
    inbound_share_90d: ratio(inbound, directed),
    executive_touches_90d: executive,
    contacts_engaged_90d: contacts.size,
    engagement_trend_90d: relativeChange(to - from90, previous90),
    days_since_last_meeting: daysSinceLast(e, t, (i) => e.kind[i] === 'meeting'),
    days_since_last_executive_touch: daysSinceLast(e, t, (i) => e.withExecutive[i] === 1),
    days_since_last_inbound: daysSinceLast(e, t, (i) => e.direction[i] === 'inbound'),
    sponsor_present: history.contacts.some((c) => c.isSponsor && existedBefore(c)) ? 1 : 0,
    champion_present: history.contacts.some((c) => c.isChampion && existedBefore(c)) ? 1 : 0,
  };
}

/** Days from the latest engagement before t that matches, to t; NaN when none ever did. */
export function daysSinceLast(e: IndexedEngagements, t: number, matches: (index: number) => boolean): number {
  for (let i = lowerBound(e.occurredAt, t) - 1; i >= 0; i--) {
    if (matches(i)) return (t - (e.occurredAt[i] as number)) / DAY_MS;
  }
  return Number.NaN;
}

/** Days since the last two-way touch (a meeting, or an inbound email or call). */
export function daysSinceLastTwoWayTouch(history: IndexedHistory, t: number): number {
  const e = history.engagements;
  return daysSinceLast(e, t, (i) => e.kind[i] === 'meeting' || e.direction[i] === 'inbound');
}
