/**
 * The synthetic portfolio in domain terms (days, epoch milliseconds, numbers). toPortalData turns it
 * into HubSpot's wire format; usageDays turns it into product usage.
 */
import type { TimeZone } from './calendar.js';

export type Segment = 'smb' | 'mid_market' | 'enterprise';
export const SEGMENTS: readonly Segment[] = ['smb', 'mid_market', 'enterprise'];

export type NegativeShockKind =
  | 'champion_left'
  | 'sponsor_left'
  | 'product_incident'
  | 'budget_cut'
  | 'reorganisation'
  | 'competitor_evaluation'
  | 'failed_rollout';
export type PositiveShockKind = 'new_sponsor' | 'successful_rollout' | 'new_team_adopts';
export type ShockKind = NegativeShockKind | PositiveShockKind;

/** Something that happened to an account and moved its latent health. */
export interface Shock {
  kind: ShockKind;
  day: number;
  /** Change of the health target at full effect (negative for negative shocks). */
  effect: number;
  /** Days until full effect, and days the effect lasts before fading. */
  rampDays: number;
  durationDays: number;
  /** Whether anything in the CRM mentions it (a note, a contact change). */
  recorded: boolean;
}

export type UnobservedChurnCause = 'acquired' | 'budget_moved' | 'unrecorded_sponsor_change';
export type ChurnCause = UnobservedChurnCause | 'low_health' | ShockKind;

/** One value of a tracked company property and the instant it was written to the CRM. */
export interface ValueChange {
  at: number;
  value: string | null;
}

export type TrackedCompanyProperty =
  | 'arr'
  | 'licensed_seats'
  | 'renewal_date'
  | 'churn_date'
  | 'lifecyclestage'
  | 'hubspot_owner_id'
  | 'days_past_due';

/** A change of contracted ARR effective on a day (what finance counts), with its reason. */
export interface ArrChange {
  day: number;
  arr: number;
  seats: number;
  reason: 'new' | 'renewal' | 'upsell' | 'contraction' | 'churn' | 'price_uplift';
}

export interface Contact {
  key: number;
  firstname: string;
  lastname: string;
  email: string;
  jobtitle: string | null;
  roles: string[];
  executive: boolean;
  createdAt: number;
  updatedAt: number;
  /** Set on a duplicate: the key of the contact it duplicates. */
  duplicateOf: number | null;
}

export type DealType = 'newbusiness' | 'existingbusiness' | 'renewal';
export interface Deal {
  name: string;
  type: DealType;
  amount: number;
  stage: string;
  createdAt: number;
  closeAt: number;
  updatedAt: number;
  ownerId: string;
  lostReason: string | null;
  contactKeys: number[];
}

export type TicketPriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
export interface Ticket {
  subject: string;
  content: string;
  category: string;
  priority: TicketPriority;
  stage: '1' | '2' | '3' | '4';
  escalated: boolean;
  csat: number | null;
  createdAt: number;
  firstReplyAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  contactKey: number | null;
  /** Index of the account the ticket is logged against (now and then not its own). */
  loggedAgainst: number;
}

export type EngagementType = 'emails' | 'meetings' | 'calls' | 'notes' | 'tasks';
export interface Engagement {
  type: EngagementType;
  at: number;
  createdAt: number;
  updatedAt: number;
  ownerId: string;
  properties: Record<string, string>;
  contactKeys: number[];
}

export interface Owner {
  id: string;
  userId: number;
  firstName: string;
  lastName: string;
  email: string;
  role: 'csm' | 'ae';
  team: string;
  createdAt: number;
}

export interface Account {
  index: number;
  companyId: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  segment: Segment;
  timeZone: TimeZone;
  /** First contract day; before the window for existing customers. */
  customerSinceDay: number;
  termMonths: number;
  churnDay: number | null;
  churnCause: ChurnCause | null;
  /** The account's long-run health level its latent health reverts to. */
  healthLevel: number;
  /** First day covered by the daily series below (window start or the start day). */
  seriesStartDay: number;
  health: Float32Array;
  expectedActiveUsers: Float32Array;
  seats: Int32Array;
  shocks: Shock[];
  arrChanges: ArrChange[];
  history: Record<TrackedCompanyProperty, ValueChange[]>;
  usageTracking: 'company_id' | 'domain' | 'not_mapped';
  /** Per-account preference over the feature catalogue (for usage). */
  featureOrder: number[];
  advancedPropensity: number;
  contacts: Contact[];
  deals: Deal[];
  tickets: Ticket[];
  engagements: Engagement[];
  createdAt: number;
  updatedAt: number;
}

/**
 * Optional future input: interventions the product recommended and the team carried out. Each one
 * reduces the account's negative drift for a while (see health.ts). Nothing produces them yet.
 */
export interface Intervention {
  accountIndex: number;
  day: number;
  /** Fraction (0..1) by which negative shock effects are damped from that day on, for `days`. */
  dampening: number;
  days: number;
}

export interface GenerateOptions {
  seed: number;
  accounts?: number;
  /** Last simulated day, 'YYYY-MM-DD'. */
  asOf: string;
  years?: number;
  interventions?: readonly Intervention[];
}

export interface Portfolio {
  seed: number;
  asOf: string;
  asOfDay: number;
  windowStartDay: number;
  years: number;
  accounts: Account[];
  owners: Owner[];
}
