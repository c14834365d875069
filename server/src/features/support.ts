import type { IndexedHistory, IndexedTickets } from './indexed-history.js';
import { numberAsOf } from './point-in-time.js';
import { DAY_MS, lowerBound, median, ratio } from './time-math.js';

/** Support features (group support), in manifest order. */
export const SUPPORT_FEATURES = [
  'tickets_30d',
  'tickets_90d',
  'high_priority_tickets_90d',
  'escalations_90d',
  'open_tickets',
  'median_hours_to_first_response_90d',
  'median_hours_to_resolve_90d',
  'csat_avg_180d',
  'low_csat_tickets_180d',
  'ticket_trend_90d',
  'tickets_per_100_seats_90d',
] as const;

export type SupportFeatures = Record<(typeof SUPPORT_FEATURES)[number], number>;

const HOUR_MS = 3_600_000;

/**
 * Tickets count when created before t; a response, resolution or CSAT counts only when it happened
 * before t (CSAT is taken as given at resolution). No tickets is a true 0, not missing.
 */
export function computeSupportFeatures(history: IndexedHistory, t: number): SupportFeatures {
  const tickets = history.tickets;
  const tickets90 = countCreated(tickets, t - 90 * DAY_MS, t);
  const seats = numberAsOf(history, 'seats', t);
  const burden = supportBurden(tickets, t);
  const satisfaction = csatOver(tickets, t, 180);
  return {
    tickets_30d: countCreated(tickets, t - 30 * DAY_MS, t),
    tickets_90d: tickets90,
    high_priority_tickets_90d: burden.highPriority,
    escalations_90d: burden.escalations,
    open_tickets: openTickets(tickets, t),
    median_hours_to_first_response_90d: medianHoursToFirstResponse(tickets, t),
    median_hours_to_resolve_90d: medianHoursToResolve(tickets, t),
    csat_avg_180d: satisfaction.average,
    low_csat_tickets_180d: satisfaction.low,
    ticket_trend_90d: tickets90 - countCreated(tickets, t - 180 * DAY_MS, t - 90 * DAY_MS),
    tickets_per_100_seats_90d: seats > 0 ? ratio(tickets90 * 100, seats) : Number.NaN,
  };
}

/** High-priority (high or urgent) and escalated tickets created in the last 90 days. */
export function supportBurden(tickets: IndexedTickets, t: number): { highPriority: number; escalations: number } {
  let highPriority = 0;
  let escalations = 0;
  const to = lowerBound(tickets.createdAt, t);
  for (let i = lowerBound(tickets.createdAt, t - 90 * DAY_MS); i < to; i++) {
    highPriority += tickets.highPriority[i] as number;
    escalations += tickets.escalated[i] as number;
  }
  return { highPriority, escalations };
}

/** Mean CSAT and count of CSAT <= 2 over tickets resolved in the last `days` days before t. */
export function csatOver(tickets: IndexedTickets, t: number, days: number): { average: number; low: number } {
  const from = t - days * DAY_MS;
  let sum = 0;
  let count = 0;
  let low = 0;
  const to = lowerBound(tickets.createdAt, t);
  for (let i = 0; i < to; i++) {
    const csat = tickets.csat[i] as number;
    const closed = tickets.closedAt[i] as number;
    if (Number.isNaN(csat) || !(closed >= from && closed < t)) continue;
    sum += csat;
    count += 1;
    if (csat <= 2) low += 1;
  }
  return { average: count > 0 ? sum / count : Number.NaN, low };
}

function countCreated(tickets: IndexedTickets, from: number, to: number): number {
  return lowerBound(tickets.createdAt, to) - lowerBound(tickets.createdAt, from);
}

function openTickets(tickets: IndexedTickets, t: number): number {
  let open = 0;
  const to = lowerBound(tickets.createdAt, t);
  for (let i = 0; i < to; i++) {
    const closed = tickets.closedAt[i] as number;
    if (!(closed < t)) open += 1;
  }
  return open;
}

function medianHoursToFirstResponse(tickets: IndexedTickets, t: number): number {
  const hours: number[] = [];
  const to = lowerBound(tickets.createdAt, t);
  for (let i = lowerBound(tickets.createdAt, t - 90 * DAY_MS); i < to; i++) {
    const response = tickets.firstResponseAt[i] as number;
    if (response < t) hours.push((response - (tickets.createdAt[i] as number)) / HOUR_MS);
  }
  return median(hours);
}

/** Over tickets resolved in the last 90 days (whenever created), so slow tickets are not left out. */
function medianHoursToResolve(tickets: IndexedTickets, t: number): number {
  const from = t - 90 * DAY_MS;
  const hours: number[] = [];
  const to = lowerBound(tickets.createdAt, t);
  for (let i = 0; i < to; i++) {
    const resolved = tickets.resolvedAt[i] as number;
    if (resolved >= from && resolved < t) hours.push((resolved - (tickets.createdAt[i] as number)) / HOUR_MS);
  }
  return median(hours);
}
