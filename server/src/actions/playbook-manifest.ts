import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadFeatureManifest } from '../features/features-manifest.js';
import { EXPANSION_WINDOWS, INTERVENTION_WINDOWS, RISK_BANDS, SIGNAL_GROUPS, type SignalGroup } from './account-state.js';

/** Who on the account team a play is for (the CRM task goes to the account owner; the role is named in it). */
export const OWNER_ROLES = ['csm', 'cs_leader', 'support_lead', 'sales_owner', 'account_owner'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** HubSpot's task priorities (hs_task_priority), also used for Salesforce's Low/Normal/High. */
export const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** The expansion windows in which expansion is expected at all. */
const OPEN_EXPANSION_WINDOWS = ['12_months', '90_days', '30_days'] as const satisfies ReadonlyArray<(typeof EXPANSION_WINDOWS)[number]>;

/** The placeholders each trigger kind's title templates may use. */
export const TITLE_PLACEHOLDERS = {
  churn: ['account', 'risk_score', 'driver'],
  declining: ['account', 'driver', 'health_score'],
  expansion: ['account', 'expected_amount', 'expansion_window'],
} as const;

const successSchema = z.discriminatedUnion('metric', [
  z.object({ metric: z.literal('health_score_gain'), points: z.number().int().min(1).max(100), withinDays: z.number().int().min(1) }),
  z.object({ metric: z.literal('risk_band_at_most'), band: z.enum(RISK_BANDS), withinDays: z.number().int().min(1) }),
  z.object({ metric: z.literal('expansion_deal_opened'), withinDays: z.number().int().min(1) }),
  z.object({ metric: z.literal('trajectory_not_declining'), withinDays: z.number().int().min(1) }),
]);

const playSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  title: z.string().min(1).max(200),
  description: z.string().min(1),
  trigger: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('churn'), bands: z.array(z.enum(RISK_BANDS)).min(1) }),
    z.object({ kind: z.literal('expansion'), windows: z.array(z.enum(OPEN_EXPANSION_WINDOWS)).min(1) }),
    z.object({ kind: z.literal('declining') }),
  ]),
  /** Conditions that rule the play out even when its trigger holds. */
  unless: z
    .object({ bands: z.array(z.enum(RISK_BANDS)).min(1), expansionWindows: z.array(z.enum(EXPANSION_WINDOWS)).min(1), declining: z.literal(true) })
    .partial()
    .optional(),
  /** `any`: the trigger alone selects the play; a list: only when one of these is a top driver group. */
  driverGroups: z.union([z.literal('any'), z.array(z.enum(SIGNAL_GROUPS)).min(1)]),
  ownerRole: z.enum(OWNER_ROLES),
  priority: z.enum(TASK_PRIORITIES),
  dueInDays: z.number().int().min(1).max(365),
  /** `account`: the account's intervention window; otherwise a fixed one (expansion timing is not risk). */
  window: z.union([z.literal('account'), z.enum(INTERVENTION_WINDOWS)]).default('account'),
  /** Whether an escalation creates a CRM task by itself (otherwise only when a user accepts it). */
  autoTask: z.boolean(),
  steps: z.array(z.string().min(1)).min(1),
  success: successSchema,
});

const manifestSchema = z
  .object({
    version: z.string().min(1),
    drivers: z.object({
      /** A group counts as a driver of the risk from this many probability points. */
      minPoints: z.number().min(0),
      /** How many driver groups choose plays and are named in the why. */
      maxGroups: z.number().int().min(1).max(SIGNAL_GROUPS.length),
    }),
    windows: z.object({
      emergencyRenewalDays: z.number().int().min(0),
      reactiveRenewalDays: z.number().int().min(0),
      timelyRenewalDays: z.number().int().min(0),
      /** A declining trajectory counts from this confidence (0–100). */
      minDecliningConfidence: z.number().min(0).max(100),
      maxDueDays: z.object({
        early: z.number().int().min(1),
        timely: z.number().int().min(1),
        reactive: z.number().int().min(1),
        emergency: z.number().int().min(1),
      }),
    }),
    holdout: z.object({ defaultShare: z.number().min(0).max(1) }),
    plays: z.array(playSchema).min(1),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.plays.forEach((play, index) => {
      if (seen.has(play.id)) ctx.addIssue({ code: 'custom', path: ['plays', index, 'id'], message: `play ${play.id} is listed twice` });
      seen.add(play.id);
      const allowed: readonly string[] = TITLE_PLACEHOLDERS[play.trigger.kind];
      for (const match of play.title.matchAll(/\{([^}]*)\}/g)) {
        if (!allowed.includes(match[1] ?? '')) {
          ctx.addIssue({
            code: 'custom',
            path: ['plays', index, 'title'],
            message: `play ${play.id}: unknown placeholder {${match[1]}} (a ${play.trigger.kind} play may use ${allowed.map((p) => `{${p}}`).join(', ')})`,
          });
        }
      }
      if (play.trigger.kind === 'expansion' && play.driverGroups !== 'any') {
        ctx.addIssue({ code: 'custom', path: ['plays', index, 'driverGroups'], message: `play ${play.id}: an expansion play is chosen by its window, so driverGroups must be "any"` });
      }
    });
    for (const band of RISK_BANDS) {
      const covered = manifest.plays.some((p) => p.trigger.kind === 'churn' && p.trigger.bands.includes(band) && p.driverGroups === 'any' && !p.unless);
      if (!covered) ctx.addIssue({ code: 'custom', path: ['plays'], message: `no play applies to every ${band}-risk account (needs a churn play for ${band} with driverGroups "any" and no "unless")` });
    }
    const due = manifest.windows.maxDueDays;
    if (!(due.emergency <= due.reactive && due.reactive <= due.timely && due.timely <= due.early)) {
      ctx.addIssue({ code: 'custom', path: ['windows', 'maxDueDays'], message: 'must not grow with urgency (emergency ≤ reactive ≤ timely ≤ early)' });
    }
  });

export type PlaybookManifest = z.output<typeof manifestSchema>;
export type Play = PlaybookManifest['plays'][number];
export type SuccessCriterion = Play['success'];

/** A validated playbook manifest with the signal-group labels of manifests/features.json. */
export interface Playbook extends PlaybookManifest {
  groupLabels: Record<SignalGroup, string>;
}

/** A playbook manifest that is missing, malformed or inconsistent. */
export class PlaybookManifestError extends Error {
  override readonly name = 'PlaybookManifestError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** manifests/playbooks.json, found from this file's place in the repo (works from server/src and server/dist). */
export const PLAYBOOK_MANIFEST_PATH = fileURLToPath(new URL('../../../manifests/playbooks.json', import.meta.url));

/** Parses and validates a manifest's JSON text; the error names every problem with its JSON path. */
export function parsePlaybookManifest(text: string, path = PLAYBOOK_MANIFEST_PATH): Playbook {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlaybookManifestError(`${path} is not valid JSON: ${(error as Error).message}`, path);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new PlaybookManifestError(`${path} is invalid: ${issues}`, path);
  }
  const groups = loadFeatureManifest().groups;
  const groupLabels = Object.fromEntries(groups.map((g) => [g.id, g.label])) as Record<SignalGroup, string>;
  return { ...parsed.data, groupLabels };
}

let cached: Playbook | undefined;

/** Reads and validates manifests/playbooks.json (once per process unless a path is given). */
export function loadPlaybook(path?: string): Playbook {
  if (path) return parsePlaybookManifest(readText(path), path);
  cached ??= parsePlaybookManifest(readText(PLAYBOOK_MANIFEST_PATH));
  return cached;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlaybookManifestError(`cannot read ${path}: ${(error as Error).message}`, path);
  }
}
