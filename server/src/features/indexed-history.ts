import type { AccountHistoryBundle, DealRecord } from '../store/feature-reads.js';
import { DAY_MS, parseDay, parseDateValue } from './time-math.js';

/** The versions of one account field, ascending by valid_from. */
export interface FieldTimeline {
  validFrom: number[];
  values: (string | null)[];
}

/**
 * Daily usage laid out densely from the first to the last stored day (missing days are days with no
 * activity), as prefix sums so any window's total is two lookups.
 */
export interface UsageIndex {
  /** Day number of the first stored usage day: usage is tracked from this day on. */
  firstDay: number;
  /** Number of dense days (lastDay - firstDay + 1). */
  length: number;
  activeUsers: Float64Array;
  activeUsersSquared: Float64Array;
  sessions: Float64Array;
  events: Float64Array;
  distinctFeatures: Float64Array;
  advancedFeatures: Float64Array;
  activeDays: Float64Array;
  /** Raw (not summed) distinct features per dense day, for window maxima. */
  distinctPerDay: Float64Array;
  /** For each dense day, the latest day number at or before it with activity, or -1. */
  lastActiveDay: Float64Array;
}

export interface IndexedTickets {
  /** Ascending. */
  createdAt: Float64Array;
  firstResponseAt: Float64Array;
  resolvedAt: Float64Array;
  /** When the ticket stopped being open: resolved_at, else the last update of a closed ticket; NaN while open. */
  closedAt: Float64Array;
  highPriority: Uint8Array;
  escalated: Uint8Array;
  csat: Float64Array;
}

export interface IndexedEngagements {
  /** Ascending. */
  occurredAt: Float64Array;
  kind: ('email' | 'meeting' | 'call' | 'note' | 'task')[];
  direction: ('inbound' | 'outbound' | null)[];
  contactId: (string | null)[];
  withExecutive: Uint8Array;
}

export interface IndexedDeal {
  kind: DealRecord['kind'];
  isClosed: boolean;
  isWon: boolean;
  amount: number;
  closeDate: number;
  createdAt: number;
}

/** One account's history prepared for computing features at many dates (build once, read many). */
export interface IndexedHistory {
  bundle: AccountHistoryBundle;
  accountId: string;
  createdAt: number;
  fields: Map<string, FieldTimeline>;
  usage: UsageIndex | null;
  tickets: IndexedTickets;
  engagements: IndexedEngagements;
  deals: IndexedDeal[];
  contacts: { createdAt: number; isSponsor: boolean; isChampion: boolean }[];
  healthScoreMapped: boolean;
}

/** Sorts and indexes a bundle. Pure: the bundle is not modified. */
export function indexAccountHistory(bundle: AccountHistoryBundle): IndexedHistory {
  return {
    bundle,
    accountId: bundle.account.id,
    createdAt: bundle.account.createdAt ? bundle.account.createdAt.getTime() : Number.NaN,
    fields: indexFields(bundle),
    usage: indexUsage(bundle),
    tickets: indexTickets(bundle),
    engagements: indexEngagements(bundle),
    deals: bundle.deals.map((deal) => ({
      kind: deal.kind,
      isClosed: deal.isClosed,
      isWon: deal.isWon,
      amount: deal.amount ?? 0,
      closeDate: parseDateValue(deal.closeDate),
      createdAt: deal.createdAt ? deal.createdAt.getTime() : Number.NaN,
    })),
    contacts: bundle.contacts.map((contact) => ({
      createdAt: contact.createdAt ? contact.createdAt.getTime() : Number.NaN,
      isSponsor: contact.isSponsor,
      isChampion: contact.isChampion,
    })),
    healthScoreMapped: bundle.healthScoreMapped,
  };
}

function indexFields(bundle: AccountHistoryBundle): Map<string, FieldTimeline> {
  const byField = new Map<string, { validFrom: number; value: string | null }[]>();
  for (const version of bundle.fieldVersions) {
    const list = byField.get(version.field) ?? [];
    list.push({ validFrom: version.validFrom.getTime(), value: version.value });
    byField.set(version.field, list);
  }
  const fields = new Map<string, FieldTimeline>();
  for (const [field, list] of byField) {
    list.sort((a, b) => a.validFrom - b.validFrom);
    fields.set(field, { validFrom: list.map((v) => v.validFrom), values: list.map((v) => v.value) });
  }
  return fields;
}

function indexUsage(bundle: AccountHistoryBundle): UsageIndex | null {
  if (bundle.usageDays.length === 0) return null;
  const days = bundle.usageDays.map((row) => ({ row, day: Math.round(parseDay(row.day) / DAY_MS) }));
  days.sort((a, b) => a.day - b.day);
  const firstDay = (days[0] as (typeof days)[number]).day;
  const length = (days[days.length - 1] as (typeof days)[number]).day - firstDay + 1;
  const prefix = () => new Float64Array(length + 1);
  const index: UsageIndex = {
    firstDay,
    length,
    activeUsers: prefix(),
    activeUsersSquared: prefix(),
    sessions: prefix(),
    events: prefix(),
    distinctFeatures: prefix(),
    advancedFeatures: prefix(),
    activeDays: prefix(),
    distinctPerDay: new Float64Array(length),
    lastActiveDay: new Float64Array(length).fill(-1),
  };
  const raw = { active: new Float64Array(length), sessions: new Float64Array(length), events: new Float64Array(length), advanced: new Float64Array(length) };
  for (const { row, day } of days) {
    const i = day - firstDay;
    raw.active[i] = row.activeUsers;
    raw.sessions[i] = row.sessions;
    raw.events[i] = row.events;
    raw.advanced[i] = row.advancedFeatures;
    index.distinctPerDay[i] = row.distinctFeatures;
  }
  let lastActive = -1;
  for (let i = 0; i < length; i++) {
    const active = raw.active[i] as number;
    const isActive = active > 0 || (raw.events[i] as number) > 0;
    if (isActive) lastActive = firstDay + i;
    index.lastActiveDay[i] = lastActive;
    index.activeUsers[i + 1] = (index.activeUsers[i] as number) + active;
    index.activeUsersSquared[i + 1] = (index.activeUsersSquared[i] as number) + active * active;
    index.sessions[i + 1] = (index.sessions[i] as number) + (raw.sessions[i] as number);
    index.events[i + 1] = (index.events[i] as number) + (raw.events[i] as number);
    index.distinctFeatures[i + 1] = (index.distinctFeatures[i] as number) + (index.distinctPerDay[i] as number);
    index.advancedFeatures[i + 1] = (index.advancedFeatures[i] as number) + (raw.advanced[i] as number);
    index.activeDays[i + 1] = (index.activeDays[i] as number) + (isActive ? 1 : 0);
  }
  return index;
}

function indexTickets(bundle: AccountHistoryBundle): IndexedTickets {
  const tickets = [...bundle.tickets].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const n = tickets.length;
  const indexed: IndexedTickets = {
    createdAt: new Float64Array(n),
    firstResponseAt: new Float64Array(n),
    resolvedAt: new Float64Array(n),
    closedAt: new Float64Array(n),
    highPriority: new Uint8Array(n),
    escalated: new Uint8Array(n),
    csat: new Float64Array(n),
  };
  tickets.forEach((ticket, i) => {
    const resolved = ticket.resolvedAt ? ticket.resolvedAt.getTime() : Number.NaN;
    indexed.createdAt[i] = ticket.createdAt.getTime();
    indexed.firstResponseAt[i] = ticket.firstResponseAt ? ticket.firstResponseAt.getTime() : Number.NaN;
    indexed.resolvedAt[i] = resolved;
    // A closed ticket without a resolution time closed no later than its last update.
    const closedFallback = ticket.status === 'closed' && ticket.updatedAt ? ticket.updatedAt.getTime() : Number.NaN;
    indexed.closedAt[i] = Number.isNaN(resolved) ? closedFallback : resolved;
    indexed.highPriority[i] = ticket.priority === 'high' || ticket.priority === 'urgent' ? 1 : 0;
    indexed.escalated[i] = ticket.escalated ? 1 : 0;
    indexed.csat[i] = ticket.csat ?? Number.NaN;
  });
  return indexed;
}

function indexEngagements(bundle: AccountHistoryBundle): IndexedEngagements {
  // Notes and tasks are internal records, not touches with the customer.
  const engagements = bundle.engagements
    .filter((e) => e.kind === 'email' || e.kind === 'meeting' || e.kind === 'call')
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return {
    occurredAt: Float64Array.from(engagements, (e) => e.occurredAt.getTime()),
    kind: engagements.map((e) => e.kind),
    direction: engagements.map((e) => e.direction),
    contactId: engagements.map((e) => e.contactId),
    withExecutive: Uint8Array.from(engagements, (e) => (e.withExecutive ? 1 : 0)),
  };
}
