/**
 * Latent health: an Ornstein-Uhlenbeck process reverting to the account's own level plus the sum of
 * its shocks' effects. Nothing outside the simulation sees it; every observed signal derives from it
 * with noise. Interventions (an extension point, not produced yet) damp negative effects.
 */
import { clamp, type Rng } from './random.js';
import { NEGATIVE_SHOCKS, shockEffectOn } from './shocks.js';
import type { Intervention, Segment, Shock } from './model.js';
import { SEGMENT_PROFILES } from './segments.js';

/** Daily pull back towards the target (half-life about 35 days) and daily noise. */
const REVERSION_PER_DAY = 0.02;
const NOISE_PER_DAY = 0.018;

export function drawHealthLevel(segment: Segment, rng: Rng): number {
  const [mean, spread] = SEGMENT_PROFILES[segment].healthLevel;
  return clamp(mean + spread * rng.normal(), 0.15, 0.92);
}

/** The health the account drifts towards on a day: its level plus every shock's current effect. */
export function healthTarget(level: number, shocks: readonly Shock[], day: number, interventions: readonly Intervention[]): number {
  let target = level;
  for (const shock of shocks) {
    if (shock.day > day) break;
    let effect = shockEffectOn(shock, day);
    if (effect < 0 && NEGATIVE_SHOCKS.has(shock.kind)) effect *= 1 - interventionDampening(interventions, day);
    target += effect;
  }
  return target;
}

function interventionDampening(interventions: readonly Intervention[], day: number): number {
  let dampening = 0;
  for (const i of interventions) {
    if (day >= i.day && day < i.day + i.days) dampening = Math.max(dampening, i.dampening);
  }
  return clamp(dampening, 0, 1);
}

/** One day of latent health. */
export function stepHealth(health: number, target: number, rng: Rng): number {
  return clamp(health + REVERSION_PER_DAY * (target - health) + NOISE_PER_DAY * rng.normal(), 0.02, 0.98);
}
