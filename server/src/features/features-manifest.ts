import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The six signal groups every feature belongs to (ARCHITECTURE.md §5), in explanation order. */
export const SIGNAL_GROUPS = [
  'health_trend',
  'product_usage',
  'support',
  'stakeholder_engagement',
  'feature_adoption',
  'payment_contract',
] as const;

export type SignalGroup = (typeof SIGNAL_GROUPS)[number];

const manifestSchema = z
  .object({
    version: z.string().min(1),
    groups: z
      .array(z.object({ id: z.enum(SIGNAL_GROUPS), label: z.string().min(1), description: z.string().min(1) }))
      .length(SIGNAL_GROUPS.length),
    features: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z][a-z0-9_]*$/),
          group: z.enum(SIGNAL_GROUPS),
          unit: z.string().min(1),
          description: z.string().min(1),
        }),
      )
      .min(1),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    for (const feature of manifest.features) {
      if (seen.has(feature.name)) ctx.addIssue({ code: 'custom', message: `feature ${feature.name} is listed twice` });
      seen.add(feature.name);
    }
    const groupIds = new Set(manifest.groups.map((g) => g.id));
    for (const group of SIGNAL_GROUPS) {
      if (!groupIds.has(group)) ctx.addIssue({ code: 'custom', message: `group ${group} is not described` });
      if (!manifest.features.some((f) => f.group === group)) ctx.addIssue({ code: 'custom', message: `group ${group} has no feature` });
    }
  });

/** manifests/features.json: the ordered feature list every model input follows. */
export type FeatureManifest = z.output<typeof manifestSchema>;
export type FeatureSpec = FeatureManifest['features'][number];

/** A feature manifest that is missing, malformed, or disagrees with the feature builder. */
export class FeatureManifestError extends Error {
  override readonly name = 'FeatureManifestError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** manifests/features.json, found from this file's place in the repo (works from server/src and server/dist). */
export const FEATURE_MANIFEST_PATH = fileURLToPath(new URL('../../../manifests/features.json', import.meta.url));

/** Parses and validates a manifest's JSON text. */
export function parseFeatureManifest(text: string, path = FEATURE_MANIFEST_PATH): FeatureManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeatureManifestError(`${path} is not valid JSON: ${(error as Error).message}`, path);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new FeatureManifestError(`${path} is invalid: ${issues}`, path);
  }
  return parsed.data;
}

let cached: FeatureManifest | undefined;

/** Reads and validates manifests/features.json (once per process unless a path is given). */
export function loadFeatureManifest(path?: string): FeatureManifest {
  if (path) return parseFeatureManifest(readFileSync(path, 'utf8'), path);
  if (!cached) {
    let text: string;
    try {
      text = readFileSync(FEATURE_MANIFEST_PATH, 'utf8');
    } catch (error) {
      throw new FeatureManifestError(`cannot read ${FEATURE_MANIFEST_PATH}: ${(error as Error).message}`, FEATURE_MANIFEST_PATH);
    }
    cached = parseFeatureManifest(text);
  }
  return cached;
}
