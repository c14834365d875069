/**
 * Stored explanations (scoring's drivers and what-ifs, store/predictions.ts) as the cards show them:
 * each signal group with its label, points, sentence and the two features that moved it most.
 */
import type { Driver, SignalGroup, WhatIf } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import { SIGNAL_GROUPS, loadFeatureManifest } from '../features/features-manifest.js';
import { formatPoints } from '../scoring/driver-text.js';
import type { StoredDriver } from '../store/predictions.js';

const KNOWN_GROUPS: ReadonlySet<string> = new Set(SIGNAL_GROUPS);

/** Whether a stored group id is one of the six signal groups this build knows. */
export function isSignalGroup(group: string): group is SignalGroup {
  return KNOWN_GROUPS.has(group);
}

/** Acronyms a feature name spells in lower case. */
const ACRONYMS: Readonly<Record<string, string>> = { arr: 'ARR', csat: 'CSAT' };

/**
 * A short label from a feature name: "escalations_90d" → "Escalations (90 days)",
 * "csat_avg_180d" → "CSAT avg (180 days)". The feature manifest carries no short labels.
 */
export function featureLabel(name: string): string {
  const words = name.split('_');
  const window = /^(\d+)d$/.exec(words.at(-1) ?? '');
  if (window) words.pop();
  const text = words.map((w) => ACRONYMS[w] ?? w).join(' ');
  const label = text.charAt(0).toUpperCase() + text.slice(1);
  return window ? `${label} (${window[1]} days)` : label;
}

/** The signal group's label from manifests/features.json ("Support", "Payment and contract"). */
export function groupLabel(group: string): string {
  return loadFeatureManifest().groups.find((g) => g.id === group)?.label ?? group;
}

/** Drivers of a stored prediction in the contract's shape; groups unknown to this build are left out. */
export function cardDrivers(stored: readonly StoredDriver[] | null): Driver[] {
  return (stored ?? []).flatMap((d) => {
    if (!isSignalGroup(d.group)) return [];
    const label = d.label ?? groupLabel(d.group);
    return [
      {
        group: d.group,
        label,
        points: d.points,
        text: d.text ?? `${label}: ${formatPoints(d.points)}`,
        topFeatures: (d.topFeatures ?? []).map((f) => ({ feature: f.feature, label: featureLabel(f.feature), value: f.value, display: f.text })),
      },
    ];
  });
}

/**
 * What-ifs of a stored prediction: "Bring support back to typical" with its delta in points. A group
 * already at the healthy reference (delta exactly 0) has nothing to bring back and is left out.
 */
export function cardWhatIfs(stored: ReadonlyArray<{ group: string; deltaPoints: number }> | null): WhatIf[] {
  return (stored ?? []).flatMap((w) => {
    if (!isSignalGroup(w.group) || w.deltaPoints === 0) return [];
    const label = groupLabel(w.group);
    return [{ group: w.group, label, deltaPoints: w.deltaPoints, text: `Bring ${label.toLowerCase()} back to typical` }];
  });
}
