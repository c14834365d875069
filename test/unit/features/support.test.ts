import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../../server/src/features/build-features.js';
import type { TicketRecord } from '../../../server/src/store/feature-reads.js';
import { accountBundle, at, feature } from './account-bundle.js';

const ticket = (createdAt: string, rest: Partial<TicketRecord> = {}): TicketRecord => ({
  createdAt: at(createdAt),
  firstResponseAt: null,
  resolvedAt: null,
  status: 'open',
  priority: 'low',
  escalated: false,
  csat: null,
  updatedAt: null,
  ...rest,
});

describe('support features', () => {
  const bundle = accountBundle({
    tickets: [
      ticket('2024-05-20T00:00:00Z', { priority: 'high', firstResponseAt: at('2024-05-20T04:00:00Z') }),
      ticket('2024-04-10T00:00:00Z', {
        priority: 'urgent',
        escalated: true,
        firstResponseAt: at('2024-04-10T02:00:00Z'),
        resolvedAt: at('2024-04-12T00:00:00Z'),
        status: 'closed',
        csat: 2,
      }),
      // Resolved after the snapshot: open at it, and its CSAT is not yet known.
      ticket('2024-03-15T00:00:00Z', {
        firstResponseAt: at('2024-03-15T06:00:00Z'),
        resolvedAt: at('2024-06-05T00:00:00Z'),
        status: 'closed',
        csat: 5,
      }),
      ticket('2024-01-10T00:00:00Z', { priority: 'medium', resolvedAt: at('2024-03-10T00:00:00Z'), status: 'closed', csat: 4 }),
      // Closed with no resolution time: closed by its last update.
      ticket('2023-12-20T00:00:00Z', { status: 'closed', updatedAt: at('2024-01-05T00:00:00Z') }),
      // Created at the snapshot instant: not before it.
      ticket('2024-06-01T00:00:00Z', { priority: 'urgent', escalated: true }),
    ],
  });
  const v = buildFeatures(bundle, at('2024-06-01'));

  it('counts tickets created in the last 30 and 90 days', () => {
    expect(feature(v, 'tickets_30d')).toBe(1);
    expect(feature(v, 'tickets_90d')).toBe(3);
    expect(feature(v, 'tickets_per_100_seats_90d')).toBe(30);
    expect(feature(v, 'ticket_trend_90d')).toBe(3 - 2);
  });

  it('counts high or urgent priority and escalated tickets of the last 90 days', () => {
    expect(feature(v, 'high_priority_tickets_90d')).toBe(2);
    expect(feature(v, 'escalations_90d')).toBe(1);
  });

  it('treats a ticket resolved after the snapshot as open at it', () => {
    expect(feature(v, 'open_tickets')).toBe(2);
  });

  it('takes medians of response and resolution times in hours', () => {
    expect(feature(v, 'median_hours_to_first_response_90d')).toBe(4);
    expect(feature(v, 'median_hours_to_resolve_90d')).toBe((48 + 60 * 24) / 2);
  });

  it('averages only CSAT scores given before the snapshot', () => {
    expect(feature(v, 'csat_avg_180d')).toBe(3);
    expect(feature(v, 'low_csat_tickets_180d')).toBe(1);
  });

  it('reports zero tickets as 0, and response times as missing', () => {
    const none = buildFeatures(accountBundle(), at('2024-06-01'));
    expect(feature(none, 'tickets_90d')).toBe(0);
    expect(feature(none, 'open_tickets')).toBe(0);
    expect(feature(none, 'median_hours_to_first_response_90d')).toBeNaN();
    expect(feature(none, 'csat_avg_180d')).toBeNaN();
  });
});
