/**
 * The pulse's weight per signal group and the features each group's score reads, as pinned in
 * manifests/features.json (`pulse`). The churn pipeline measures the weights
 * (models/telltale_models/health_score_weights.py) and `python -m telltale_models.pin_health_score_weights`
 * writes them there, so training and scoring compute the same pulse from the same manifest version.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_MANIFEST_PATH, FeatureManifestError, parseFeatureManifest, SIGNAL_GROUPS, type SignalGroup } from './features-manifest.js';

/** The groups the pulse scores: every signal group except health_trend, which is the pulse itself. */
export type ScoredGroup = Exclude<SignalGroup, 'health_trend'>;
export const SCORED_GROUPS = SIGNAL_GROUPS.filter((g): g is ScoredGroup => g !== 'health_trend');

/** One scored group: its weight and the features its score reads. */
export interface PulseGroupWeight {
  group: ScoredGroup;
  weight: number;
  inputs: readonly string[];
}

export interface PulseWeights {
  /** Version of the manifest the weights are pinned in. */
  version: string;
  groups: readonly PulseGroupWeight[];
  /** Sum of the weights (1 up to rounding). */
  total: number;
  /** Version of the churn model whose pipeline measured the weights. */
  sourceModel: string;
}

const WEIGHT_SUM_TOLERANCE = 0.01;

const pulseSchema = z.object({
  groups: z
    .array(z.object({ group: z.enum(SCORED_GROUPS as [ScoredGroup, ...ScoredGroup[]]), weight: z.number().min(0).max(1), inputs: z.array(z.string()).min(1) }))
    .length(SCORED_GROUPS.length),
  weights_source: z.object({ model: z.string().min(1) }),
});

/** What is wrong with a parsed pulse section given the manifest's feature names (empty when nothing). */
function pulseProblems(pulse: z.output<typeof pulseSchema>, features: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of pulse.groups) {
    if (seen.has(entry.group)) problems.push(`pulse group ${entry.group} is listed twice`);
    seen.add(entry.group);
    for (const input of entry.inputs) if (!features.has(input)) problems.push(`pulse group ${entry.group} reads ${input}, which is not a feature`);
  }
  const total = pulse.groups.reduce((sum, g) => sum + g.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_SUM_TOLERANCE) problems.push(`pulse weights sum to ${total}, expected 1`);
  return problems;
}

/** Parses the `pulse` section of a manifest's JSON text; throws FeatureManifestError naming the problem. */
export function parsePulseWeights(text: string, path = FEATURE_MANIFEST_PATH): PulseWeights {
  const manifest = parseFeatureManifest(text, path);
  const parsed = pulseSchema.safeParse((JSON.parse(text) as { pulse?: unknown }).pulse);
  const problems = parsed.success
    ? pulseProblems(parsed.data, new Set(manifest.features.map((f) => f.name)))
    : parsed.error.issues.map((issue) => `pulse.${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success || problems.length > 0) throw new FeatureManifestError(`${path} has an invalid pulse section: ${problems.join('; ')}`, path);
  const { groups, weights_source: source } = parsed.data;
  return {
    version: manifest.version,
    groups: groups.map((g) => ({ group: g.group, weight: g.weight, inputs: g.inputs })),
    total: groups.reduce((sum, g) => sum + g.weight, 0),
    sourceModel: source.model,
  };
}

let cached: PulseWeights | undefined;

/** The pulse weights of manifests/features.json (read once per process unless a path is given). */
export function loadPulseWeights(path?: string): PulseWeights {
  const file = path ?? FEATURE_MANIFEST_PATH;
  if (!path && cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FeatureManifestError(`cannot read ${file}: ${(error as Error).message}`, file);
  }
  const weights = parsePulseWeights(text, file);
  if (!path) cached = weights;
  return weights;
}
