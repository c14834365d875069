/**
 * Segment shapes from SANDBOX.md (share, ACV, seats, terms, coverage) and the per-segment rates the
 * dynamics use. Rates are calibrated once against the published retention medians SANDBOX.md cites.
 */
import type { Rng } from './random.js';
import type { Segment } from './model.js';

export interface SegmentProfile {
  share: number;
  seats: [number, number];
  acv: [number, number];
  /** Contract term in months, by relative weight. */
  terms: readonly (readonly [number, number])[];
  /** Mean long-run health level and its spread across accounts. */
  healthLevel: [number, number];
  /** Yearly growth of the user base wanting the product at health 1 (drives seat expansion). */
  demandGrowth: number;
  /** Observed-cause non-renewal: logit intercept per year of term at health 0.6. */
  churnLogit: number;
  /** Logo churn per year of annual-term customers, as published (used only to size new-logo inflow). */
  expectedLogoChurn: number;
  /** Unobserved-cause churn probability per year (acquisition, budget moved, unrecorded sponsor change). */
  unobservedChurnPerYear: number;
  /** Contacts per account. */
  contacts: [number, number];
  /** Tickets per account-year at health 0.7. */
  ticketsPerYear: number;
  /** CSM touches per account-year: emails, meetings, calls, notes, tasks. */
  emailsPerYear: number;
  meetingsPerYear: number;
  callsPerYear: number;
  notesPerYear: number;
  tasksPerYear: number;
  /** Invoices per year (billing frequency) for annual-term contracts. */
  invoicesPerYear: number;
}

export const SEGMENT_PROFILES: Record<Segment, SegmentProfile> = {
  smb: {
    share: 0.6,
    seats: [5, 50],
    acv: [5_000, 25_000],
    terms: [[1, 0.58], [12, 0.42]],
    healthLevel: [0.6, 0.13],
    demandGrowth: 0.47,
    churnLogit: -5.2,
    expectedLogoChurn: 0.08,
    unobservedChurnPerYear: 0.085,
    contacts: [2, 5],
    ticketsPerYear: 2.2,
    emailsPerYear: 1.6,
    meetingsPerYear: 0.15,
    callsPerYear: 0.2,
    notesPerYear: 0.3,
    tasksPerYear: 0.15,
    invoicesPerYear: 1,
  },
  mid_market: {
    share: 0.3,
    seats: [50, 500],
    acv: [25_000, 100_000],
    terms: [[12, 1]],
    healthLevel: [0.64, 0.12],
    demandGrowth: 0.5,
    churnLogit: -3.8,
    expectedLogoChurn: 0.125,
    unobservedChurnPerYear: 0.042,
    contacts: [5, 10],
    ticketsPerYear: 5.5,
    emailsPerYear: 6,
    meetingsPerYear: 2,
    callsPerYear: 1.2,
    notesPerYear: 1.5,
    tasksPerYear: 0.8,
    invoicesPerYear: 1,
  },
  enterprise: {
    share: 0.1,
    seats: [500, 5_000],
    acv: [100_000, 1_000_000],
    terms: [[12, 0.5], [24, 0.3], [36, 0.2]],
    healthLevel: [0.68, 0.1],
    demandGrowth: 0.47,
    churnLogit: -4.5,
    expectedLogoChurn: 0.065,
    unobservedChurnPerYear: 0.022,
    contacts: [12, 25],
    ticketsPerYear: 13,
    emailsPerYear: 12,
    meetingsPerYear: 5,
    callsPerYear: 2.5,
    notesPerYear: 3,
    tasksPerYear: 2.4,
    invoicesPerYear: 4,
  },
};

export function drawSegment(rng: Rng): Segment {
  return rng.weighted([
    ['smb', SEGMENT_PROFILES.smb.share],
    ['mid_market', SEGMENT_PROFILES.mid_market.share],
    ['enterprise', SEGMENT_PROFILES.enterprise.share],
  ]);
}

/**
 * Size at signing as a position in the segment's range (0 smallest .. 1 largest): seats and ACV are
 * log-spaced across the ranges of SANDBOX.md. Monthly SMB plans are the small end; enterprise sizes
 * follow a Pareto tail (most deals near $100k, few near $1M), as enterprise books do.
 */
export function drawSizePosition(segment: Segment, termMonths: number, rng: Rng): number {
  if (segment === 'smb') return termMonths < 12 ? 0.05 * rng.next() : 0.35 + 0.65 * Math.pow(rng.next(), 0.6);
  if (segment === 'mid_market') return Math.pow(rng.next(), 0.8);
  // P(position > x) = 10^(-4x): a Pareto tail with exponent 4 over one decade of ACV.
  return Math.min(1, -Math.log10(1 - rng.next()) / 4);
}

export function seatsAt(segment: Segment, position: number): number {
  const [lo, hi] = SEGMENT_PROFILES[segment].seats;
  return Math.round(lo * Math.pow(hi / lo, position));
}

export function acvAt(segment: Segment, position: number, rng: Rng): number {
  const [lo, hi] = SEGMENT_PROFILES[segment].acv;
  const jitter = Math.min(1, Math.max(0, position + 0.06 * rng.normal()));
  return Math.round((lo * Math.pow(hi / lo, jitter)) / 100) * 100;
}
