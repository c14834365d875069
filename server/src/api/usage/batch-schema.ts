import { z } from 'zod';

/**
 * The Segment-compatible body of POST /v1/usage/events, validated with zod. Only what Telltale reads
 * is checked strictly; any other Segment field (context, traits, integrations, sentAt...) passes through.
 */

/** Name of the warehouse-backfill event whose properties carry one account-day rollup. */
export const DAILY_SUMMARY_EVENT = 'Daily Usage Summary';
/** Name of the event that starts a session (as does any track event with properties.session_start === true). */
export const SESSION_STARTED_EVENT = 'Session Started';

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * The UTC day ('YYYY-MM-DD') of an ISO-8601 date or date-time; a date-time without an offset is read
 * as UTC. Null when the text is not a real instant (wrong format, 2023-02-29, 25:00).
 */
export function utcDayOf(text: string): string | null {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  // Date.parse rolls impossible calendar dates over (2023-02-29 → 2023-03-01); reject them.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  if (text.length === 10) return text;
  const zone = match[4];
  const instant = Date.parse(`${text.slice(0, 10)}T${text.slice(11)}${zone ? '' : 'Z'}`);
  if (Number.isNaN(instant)) return null;
  // Only an offset other than UTC can move the instant to another day.
  return zone === undefined || zone === 'Z' || zone === 'z' ? text.slice(0, 10) : new Date(instant).toISOString().slice(0, 10);
}

const identifier = z
  .union([z.string().min(1), z.number()], { error: 'expected a non-empty string or a number' })
  .transform(String);

/** An ISO-8601 timestamp, parsed once into its UTC day. */
const timestamp = z.string({ error: 'expected an ISO-8601 timestamp string' }).transform((text, ctx) => {
  const day = utcDayOf(text);
  if (day !== null) return day;
  ctx.issues.push({ code: 'custom', input: text, message: `not a parseable ISO-8601 timestamp: ${JSON.stringify(text)}` });
  return z.NEVER;
});

const common = {
  userId: identifier.nullish(),
  anonymousId: identifier.nullish(),
  messageId: z.string({ error: 'expected a string' }).min(1, { error: 'must not be empty' }).max(255, { error: 'longer than 255 characters' }).optional(),
  timestamp: timestamp.optional(),
  context: z.looseObject({ groupId: identifier.nullish() }, { error: 'expected an object' }).nullish(),
  properties: z.looseObject({}, { error: 'expected an object' }).nullish(),
  traits: z.looseObject({}, { error: 'expected an object' }).nullish(),
};

const trackCall = z.looseObject({
  type: z.literal('track'),
  event: z.string({ error: 'track calls need an event name (string)' }).min(1, { error: 'track calls need a non-empty event name' }),
  groupId: identifier.nullish(),
  ...common,
});

const identifyCall = z.looseObject({ type: z.literal('identify'), groupId: identifier.nullish(), ...common });

const groupCall = z.looseObject({
  type: z.literal('group'),
  groupId: z.union([z.string().min(1), z.number()], { error: 'group calls need a groupId (the account CRM id or company domain)' }).transform(String),
  ...common,
});

const call = z.discriminatedUnion('type', [trackCall, identifyCall, groupCall], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const input: unknown = issue.input;
    const type = input && typeof input === 'object' && 'type' in input ? JSON.stringify(input.type) : undefined;
    return `${type === undefined ? 'missing type' : `unknown type ${type}`}; expected 'track', 'identify' or 'group'`;
  },
});

/** The request body: `{ batch: [...] }` with an optional `writeKey` (Segment's body authentication). */
export const usageBatchSchema = z.looseObject(
  {
    writeKey: z.string().optional(),
    batch: z.array(call, { error: 'expected a "batch" array of Segment calls' }).min(1, { error: 'the batch is empty' }),
  },
  { error: 'expected a JSON object { "batch": [...] }' },
);

export type UsageCall = z.infer<typeof call>;
export type UsageBatch = z.infer<typeof usageBatchSchema>;

/** The rollup a `Daily Usage Summary` event carries in its properties. */
export const dailySummarySchema = z.looseObject({
  active_users: z.number({ error: 'expected a non-negative integer' }).int().nonnegative(),
  sessions: z.number({ error: 'expected a non-negative integer' }).int().nonnegative(),
  events: z.number({ error: 'expected a non-negative integer' }).int().nonnegative(),
  features: z.array(z.string(), { error: 'expected an array of feature names' }),
  advanced_features: z.array(z.string(), { error: 'expected an array of feature names' }).default([]),
});

export type DailySummary = z.infer<typeof dailySummarySchema>;
