import type { Database } from '../store/database.js';
import type { AccountHistoryBundle } from '../store/feature-reads.js';
import { ADOPTION_FEATURES, computeAdoptionFeatures } from './adoption.js';
import { readHistoryChunks } from './history-chunks.js';
import { CONTRACT_FEATURES, computeContractFeatures } from './contract.js';
import { ENGAGEMENT_FEATURES, computeEngagementFeatures } from './engagement.js';
import { FeatureManifestError, FEATURE_MANIFEST_PATH, loadFeatureManifest, type FeatureManifest } from './features-manifest.js';
import { HEALTH_TREND_FEATURES, computeHealthTrendFeatures } from './health-trend.js';
import { indexAccountHistory, type IndexedHistory } from './indexed-history.js';
import { isActiveCustomerAt } from './point-in-time.js';
import { SUPPORT_FEATURES, computeSupportFeatures } from './support.js';
import { USAGE_FEATURES, computeUsageFeatures } from './usage.js';

type GroupComputer = (history: IndexedHistory, t: number) => Readonly<Record<string, number>>;

/** Every feature the builder computes, by group, with the function computing the group. */
const GROUP_BUILDERS: ReadonlyArray<{ group: string; names: readonly string[]; compute: GroupComputer }> = [
  { group: 'health_trend', names: HEALTH_TREND_FEATURES, compute: computeHealthTrendFeatures },
  { group: 'product_usage', names: USAGE_FEATURES, compute: computeUsageFeatures },
  { group: 'support', names: SUPPORT_FEATURES, compute: computeSupportFeatures },
  { group: 'stakeholder_engagement', names: ENGAGEMENT_FEATURES, compute: computeEngagementFeatures },
  { group: 'feature_adoption', names: ADOPTION_FEATURES, compute: computeAdoptionFeatures },
  { group: 'payment_contract', names: CONTRACT_FEATURES, compute: computeContractFeatures },
];

/** Names of every computed feature by group; the manifest must list exactly these. */
export const COMPUTED_FEATURES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  GROUP_BUILDERS.map((builder) => [builder.group, builder.names]),
);

/** For each group, the manifest position of each of its features. */
type Layout = { names: readonly string[]; positions: number[]; compute: GroupComputer }[];

const layouts = new WeakMap<FeatureManifest, Layout>();

/**
 * Checks once per manifest that it lists exactly the computed features, each in its group, and
 * returns where each computed value goes. Throws FeatureManifestError otherwise.
 */
export function assertManifestMatchesBuilder(manifest: FeatureManifest, path = FEATURE_MANIFEST_PATH): Layout {
  const known = layouts.get(manifest);
  if (known) return known;
  const position = new Map(manifest.features.map((f, i) => [f.name, i]));
  const problems: string[] = [];
  for (const builder of GROUP_BUILDERS) {
    for (const name of builder.names) {
      const i = position.get(name);
      if (i === undefined) problems.push(`${name} is computed but not in the manifest`);
      else if (manifest.features[i]?.group !== builder.group) {
        problems.push(`${name} is computed in group ${builder.group}, listed in ${manifest.features[i]?.group}`);
      }
    }
  }
  const computed = new Set(GROUP_BUILDERS.flatMap((b) => b.names));
  for (const feature of manifest.features) {
    if (!computed.has(feature.name)) problems.push(`${feature.name} is not computed by the feature builder`);
  }
  if (problems.length > 0) throw new FeatureManifestError(`${path} disagrees with the feature builder: ${problems.join('; ')}`, path);
  const layout = GROUP_BUILDERS.map((b) => ({ names: b.names, positions: b.names.map((n) => position.get(n) as number), compute: b.compute }));
  layouts.set(manifest, layout);
  return layout;
}

/**
 * The feature vector of an indexed account as of instant t, in manifest order. Only data dated
 * before t is read (see README: point-in-time rules); missing values are NaN.
 */
export function computeFeatureVector(history: IndexedHistory, t: number, manifest = loadFeatureManifest()): Float64Array {
  const layout = assertManifestMatchesBuilder(manifest);
  const vector = new Float64Array(manifest.features.length);
  for (const group of layout) {
    const values = group.compute(history, t);
    for (let i = 0; i < group.names.length; i++) vector[group.positions[i] as number] = values[group.names[i] as string] as number;
  }
  return vector;
}

/** One account's feature vector as of `asOf`, in manifest order. Pure: reads only the bundle. */
export function buildFeatures(history: AccountHistoryBundle, asOf: Date): Float64Array {
  return computeFeatureVector(indexAccountHistory(history), asOf.getTime());
}

/** One row of buildFeatureRows. */
export interface FeatureRow {
  accountId: string;
  asOf: Date;
  values: Float64Array;
}

export interface BuildFeatureRowsOptions {
  db: Database;
  tenantId: string;
  /** Default: every non-archived account of the tenant. */
  accountIds?: readonly string[];
  asOfDates: readonly Date[];
  /** Accounts loaded per batch of set-based queries. */
  chunkSize?: number;
}

/**
 * Feature vectors for many accounts at many dates: loads the accounts' histories in bulk (a few
 * queries per chunk of accounts) and computes every date in memory. Yields a row only where the
 * account is an active customer at that date, dates in the order given.
 */
export async function* buildFeatureRows(options: BuildFeatureRowsOptions): AsyncIterable<FeatureRow> {
  const manifest = loadFeatureManifest();
  assertManifestMatchesBuilder(manifest);
  if (options.asOfDates.length === 0) return;
  const before = new Date(Math.max(...options.asOfDates.map((d) => d.getTime())));
  const chunks = readHistoryChunks({ ...options, before });
  for await (const chunk of chunks) {
    for (const bundle of chunk) {
      const history = indexAccountHistory(bundle);
      for (const asOf of options.asOfDates) {
        const t = asOf.getTime();
        if (!isActiveCustomerAt(history, t)) continue;
        yield { accountId: history.accountId, asOf, values: computeFeatureVector(history, t, manifest) };
      }
    }
  }
}
