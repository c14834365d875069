/**
 * The events that move an account's latent health (SANDBOX.md "Causes"). Each kind arrives as a
 * Poisson process with a yearly rate; its effect ramps in, holds, then fades as the account adapts.
 */
import type { Rng } from './random.js';
import type { Segment, Shock, ShockKind } from './model.js';

interface ShockSpec {
  kind: ShockKind;
  perYear: number;
  effect: [number, number];
  rampDays: [number, number];
  durationDays: [number, number];
  /** Probability the CRM shows it (a note, a contact change); the rest happen off the record. */
  recordedShare: number;
}

const SHOCK_SPECS: readonly ShockSpec[] = [
  { kind: 'champion_left', perYear: 0.12, effect: [-0.3, -0.18], rampDays: [20, 60], durationDays: [150, 300], recordedShare: 0.7 },
  { kind: 'sponsor_left', perYear: 0.08, effect: [-0.3, -0.15], rampDays: [30, 90], durationDays: [150, 330], recordedShare: 0.6 },
  { kind: 'product_incident', perYear: 0.14, effect: [-0.25, -0.1], rampDays: [1, 5], durationDays: [40, 120], recordedShare: 0.9 },
  { kind: 'budget_cut', perYear: 0.05, effect: [-0.4, -0.25], rampDays: [4, 12], durationDays: [200, 365], recordedShare: 0.5 },
  { kind: 'reorganisation', perYear: 0.07, effect: [-0.22, -0.1], rampDays: [30, 90], durationDays: [120, 270], recordedShare: 0.5 },
  { kind: 'competitor_evaluation', perYear: 0.07, effect: [-0.25, -0.12], rampDays: [20, 60], durationDays: [90, 210], recordedShare: 0.4 },
  { kind: 'failed_rollout', perYear: 0.05, effect: [-0.3, -0.15], rampDays: [30, 90], durationDays: [120, 300], recordedShare: 0.6 },
  { kind: 'new_sponsor', perYear: 0.07, effect: [0.08, 0.2], rampDays: [30, 90], durationDays: [200, 400], recordedShare: 0.7 },
  { kind: 'successful_rollout', perYear: 0.1, effect: [0.08, 0.18], rampDays: [30, 90], durationDays: [200, 400], recordedShare: 0.6 },
  { kind: 'new_team_adopts', perYear: 0.09, effect: [0.05, 0.15], rampDays: [20, 60], durationDays: [200, 400], recordedShare: 0.5 },
];

export const NEGATIVE_SHOCKS: ReadonlySet<ShockKind> = new Set<ShockKind>([
  'champion_left', 'sponsor_left', 'product_incident', 'budget_cut', 'reorganisation', 'competitor_evaluation', 'failed_rollout',
]);

/** Days over which a shock's effect fades after it has lasted its duration. */
const FADE_DAYS = 60;

/** Larger organisations see people leave and reorganise more often; small ones are more budget-bound. */
function segmentRateFactor(kind: ShockKind, segment: Segment): number {
  if (kind === 'budget_cut') return segment === 'smb' ? 1.3 : segment === 'mid_market' ? 1 : 0.7;
  if (kind === 'reorganisation' || kind === 'sponsor_left' || kind === 'new_team_adopts') {
    return segment === 'enterprise' ? 1.5 : segment === 'mid_market' ? 1.1 : 0.7;
  }
  return 1;
}

/** Draws every shock of one account between two days; failed rollouts cluster in the first months. */
export function drawShocks(rng: Rng, segment: Segment, fromDay: number, toDay: number, startDay: number): Shock[] {
  const shocks: Shock[] = [];
  for (const spec of SHOCK_SPECS) {
    const rate = (spec.perYear * segmentRateFactor(spec.kind, segment)) / 365;
    let day = fromDay + rng.exponential(1 / rate);
    while (day <= toDay) {
      const d = Math.floor(day);
      const onboarding = d - startDay < 180;
      const keep = spec.kind === 'failed_rollout' ? (onboarding ? true : rng.chance(0.3)) : true;
      if (keep) {
        shocks.push({
          kind: spec.kind,
          day: d,
          effect: rng.uniform(spec.effect[0], spec.effect[1]),
          rampDays: rng.int(spec.rampDays[0], spec.rampDays[1]),
          durationDays: rng.int(spec.durationDays[0], spec.durationDays[1]),
          recorded: rng.chance(spec.recordedShare),
        });
      }
      day += rng.exponential(1 / rate);
    }
    if (spec.kind === 'failed_rollout' && startDay >= fromDay && rng.chance(0.12)) {
      const d = startDay + rng.int(30, 150);
      if (d <= toDay) {
        shocks.push({ kind: 'failed_rollout', day: d, effect: rng.uniform(-0.3, -0.15), rampDays: rng.int(30, 90), durationDays: rng.int(120, 300), recorded: rng.chance(0.6) });
      }
    }
  }
  // A departed champion or sponsor is often replaced by a new sponsor some months later.
  for (const shock of [...shocks]) {
    if ((shock.kind === 'champion_left' || shock.kind === 'sponsor_left') && rng.chance(0.45)) {
      const d = shock.day + rng.int(60, 240);
      if (d <= toDay) {
        shocks.push({ kind: 'new_sponsor', day: d, effect: rng.uniform(0.1, 0.2), rampDays: rng.int(30, 90), durationDays: rng.int(200, 400), recorded: rng.chance(0.75) });
      }
    }
  }
  return shocks.sort((a, b) => a.day - b.day);
}

/** A shock's contribution to the health target on a day (0 before it and after it has faded). */
export function shockEffectOn(shock: Shock, day: number): number {
  const age = day - shock.day;
  if (age < 0) return 0;
  if (age < shock.rampDays) return (shock.effect * age) / shock.rampDays;
  const held = age - shock.rampDays;
  if (held < shock.durationDays) return shock.effect;
  const fading = held - shock.durationDays;
  return fading < FADE_DAYS ? shock.effect * (1 - fading / FADE_DAYS) : 0;
}

/** Whether a shock of one of the kinds is still having an effect on a day. */
export function activeShock(shocks: readonly Shock[], day: number, kinds: ReadonlySet<ShockKind>): Shock | null {
  for (let i = shocks.length - 1; i >= 0; i--) {
    const s = shocks[i];
    if (s && kinds.has(s.kind) && s.day <= day && shockEffectOn(s, day) !== 0) return s;
  }
  return null;
}
