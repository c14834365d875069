import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * manifests/fields.json: every field Telltale writes to a CRM. The keys, HubSpot property names and
 * Salesforce API names are a public contract (customers build workflows and reports on them).
 */

const KEY = /^[a-z][a-z0-9_]*$/;
const OPTION_VALUE = /^[a-z0-9_]+$/;
/** Salesforce limits field labels to 40 characters and inline help to 510. */
const SALESFORCE_LABEL_MAX = 40;
const HELP_TEXT_MAX = 510;

const common = {
  key: z.string().regex(KEY),
  label: z.string().min(1).max(SALESFORCE_LABEL_MAX),
  description: z.string().min(1).max(HELP_TEXT_MAX),
  /**
   * insight: a value whose change moves `insights_updated_at`; stamp: `insights_updated_at` itself
   * (set by the write-back); context: written when it changes, but not an insight (model version).
   */
  role: z.enum(['insight', 'stamp', 'context']),
};

const numberRange = z.object({ min: z.number(), max: z.number(), decimals: z.number().int().min(0).max(6) });
const hubspotName = z.string().regex(KEY);
const salesforceName = z.string().regex(/^[A-Z][A-Za-z0-9_]*__c$/);
const salesforceNumber = (type: 'Number' | 'Currency') =>
  z.object({ apiName: salesforceName, type: z.literal(type), precision: z.number().int().min(1).max(18), scale: z.number().int().min(0).max(17) });

const numberField = z.object({
  ...common,
  type: z.literal('number'),
  number: numberRange,
  hubspot: z.object({ name: hubspotName, type: z.literal('number'), fieldType: z.literal('number'), numberDisplayHint: z.enum(['formatted', 'unformatted', 'percentage', 'probability', 'duration']).optional() }),
  salesforce: salesforceNumber('Number'),
});

const currencyField = z.object({
  ...common,
  type: z.literal('currency'),
  number: numberRange,
  hubspot: z.object({ name: hubspotName, type: z.literal('number'), fieldType: z.literal('number'), numberDisplayHint: z.literal('currency'), showCurrencySymbol: z.boolean() }),
  salesforce: salesforceNumber('Currency'),
});

const enumerationField = z.object({
  ...common,
  type: z.literal('enumeration'),
  options: z.array(z.object({ value: z.string().regex(OPTION_VALUE), label: z.string().min(1) })).min(1),
  hubspot: z.object({ name: hubspotName, type: z.literal('enumeration'), fieldType: z.enum(['select', 'radio']) }),
  salesforce: z.object({ apiName: salesforceName, type: z.literal('Picklist') }),
});

const stringField = z.object({
  ...common,
  type: z.literal('string'),
  string: z.object({ maxLength: z.number().int().min(1).max(65_536), multiline: z.boolean() }),
  hubspot: z.object({ name: hubspotName, type: z.literal('string'), fieldType: z.enum(['text', 'textarea']) }),
  salesforce: z.union([
    z.object({ apiName: salesforceName, type: z.literal('Text'), length: z.number().int().min(1).max(255) }),
    z.object({ apiName: salesforceName, type: z.literal('LongTextArea'), length: z.number().int().min(256).max(131_072), visibleLines: z.number().int().min(2).max(50) }),
  ]),
});

const datetimeField = z.object({
  ...common,
  type: z.literal('datetime'),
  hubspot: z.object({ name: hubspotName, type: z.literal('datetime'), fieldType: z.literal('date') }),
  salesforce: z.object({ apiName: salesforceName, type: z.literal('DateTime') }),
});

const fieldSchema = z.discriminatedUnion('type', [numberField, currencyField, enumerationField, stringField, datetimeField]);

const catalogueSchema = z
  .object({
    version: z.string().min(1),
    hubspot: z.object({ objectType: z.literal('companies'), group: z.object({ name: z.string().regex(KEY), label: z.string().min(1) }) }),
    salesforce: z.object({ object: z.literal('Account') }),
    fields: z.array(fieldSchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    for (const [what, names] of [
      ['key', catalogue.fields.map((f) => f.key)],
      ['HubSpot property', catalogue.fields.map((f) => f.hubspot.name)],
      ['Salesforce field', catalogue.fields.map((f) => f.salesforce.apiName)],
    ] as const) {
      for (const name of duplicates(names)) issue(`${what} ${name} is listed twice`);
    }
    for (const field of catalogue.fields) for (const problem of fieldProblems(field)) issue(`field ${field.key}: ${problem}`);
    const stamps = catalogue.fields.filter((f) => f.role === 'stamp');
    if (stamps.length !== 1 || stamps[0]?.type !== 'datetime') issue('exactly one field must have role "stamp", and it must be a datetime');
  });

/** One field of the catalogue, with its HubSpot and Salesforce definitions. */
export type CatalogueField = z.output<typeof fieldSchema>;
export type NumericField = Extract<CatalogueField, { type: 'number' | 'currency' }>;
export type EnumerationField = Extract<CatalogueField, { type: 'enumeration' }>;

/** manifests/fields.json, validated, with lookups. */
export interface FieldCatalogue extends z.output<typeof catalogueSchema> {
  /** Fields by catalogue key. */
  byKey: ReadonlyMap<string, CatalogueField>;
  /** The field the write-back sets when an insight changes (`insights_updated_at`). */
  stamp: CatalogueField;
}

/** A field catalogue that is missing or malformed; the message names every problem. */
export class FieldCatalogueError extends Error {
  override readonly name = 'FieldCatalogueError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** The HubSpot property name a key must have: `telltale_<key>`. */
export function hubspotPropertyName(key: string): string {
  return `telltale_${key}`;
}

/** The Salesforce API name a key must have: `Telltale_<Key_In_Title_Case>__c` (segments starting with a digit stay as they are). */
export function salesforceApiName(key: string): string {
  const title = key
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('_');
  return `Telltale_${title}__c`;
}

function fieldProblems(field: CatalogueField): string[] {
  const problems: string[] = [];
  if (field.hubspot.name !== hubspotPropertyName(field.key)) problems.push(`HubSpot property must be named ${hubspotPropertyName(field.key)}`);
  if (field.salesforce.apiName !== salesforceApiName(field.key)) problems.push(`Salesforce field must be named ${salesforceApiName(field.key)}`);
  if (field.type === 'number' || field.type === 'currency') {
    const { min, max, decimals } = field.number;
    if (min > max) problems.push(`number.min ${min} is above number.max ${max}`);
    if (field.salesforce.scale !== decimals) problems.push(`Salesforce scale ${field.salesforce.scale} differs from number.decimals ${decimals}`);
    const integerDigits = String(Math.trunc(Math.max(Math.abs(min), Math.abs(max)))).length;
    if (field.salesforce.precision - field.salesforce.scale < integerDigits) {
      problems.push(`Salesforce precision ${field.salesforce.precision} cannot hold ${integerDigits} integer digits`);
    }
  }
  if (field.type === 'enumeration') {
    for (const value of duplicates(field.options.map((o) => o.value))) problems.push(`option ${value} is listed twice`);
  }
  if (field.type === 'string') {
    if (field.salesforce.length !== field.string.maxLength) problems.push(`Salesforce length ${field.salesforce.length} differs from string.maxLength ${field.string.maxLength}`);
    if (field.string.multiline !== (field.hubspot.fieldType === 'textarea')) problems.push('a multi-line string is a HubSpot textarea and a single-line one a text field');
  }
  return problems;
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(names.filter((name) => (seen.has(name) ? true : (seen.add(name), false))))];
}

/** manifests/fields.json, found from this file's place in the repo (works from server/src and server/dist). */
export const FIELD_CATALOGUE_PATH = fileURLToPath(new URL('../../../manifests/fields.json', import.meta.url));

/** Parses and validates a catalogue's JSON text. */
export function parseFieldCatalogue(text: string, path = FIELD_CATALOGUE_PATH): FieldCatalogue {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FieldCatalogueError(`${path} is not valid JSON: ${(error as Error).message}`, path);
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new FieldCatalogueError(`${path} is invalid: ${issues}`, path);
  }
  const catalogue = parsed.data;
  const stamp = catalogue.fields.find((f) => f.role === 'stamp');
  if (!stamp) throw new FieldCatalogueError(`${path} is invalid: no stamp field`, path);
  return { ...catalogue, byKey: new Map(catalogue.fields.map((f) => [f.key, f])), stamp };
}

let cached: FieldCatalogue | undefined;

/** Reads and validates manifests/fields.json (once per process unless a path is given). */
export function loadFieldCatalogue(path?: string): FieldCatalogue {
  if (path) return parseFieldCatalogue(readText(path), path);
  cached ??= parseFieldCatalogue(readText(FIELD_CATALOGUE_PATH));
  return cached;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new FieldCatalogueError(`cannot read ${path}: ${(error as Error).message}`, path);
  }
}
