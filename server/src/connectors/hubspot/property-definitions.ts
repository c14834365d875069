import { z } from 'zod';

/**
 * HubSpot property definitions as the Properties v3 API sends and takes them. Telltale reads and
 * writes them as JSON of its own (not the client's generated models): @hubspot/api-client 13 drops
 * `numberDisplayHint` (and `showCurrencySymbol` on create), which a currency property needs.
 */

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  description: z.string().optional(),
});

/** A property definition as GET /crm/v3/properties/{objectType} returns it (the fields Telltale reads). */
export const propertyDefinitionSchema = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string().optional().default(''),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  options: z.array(optionSchema).optional().default([]),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  numberDisplayHint: z.string().optional(),
  showCurrencySymbol: z.boolean().optional(),
  modificationMetadata: z.object({ readOnlyDefinition: z.boolean().optional(), readOnlyOptions: z.boolean().optional() }).partial().optional(),
  archived: z.boolean().optional(),
});

export type HubSpotPropertyDefinition = z.output<typeof propertyDefinitionSchema>;
export type HubSpotPropertyOption = z.output<typeof optionSchema>;

export const propertyListSchema = z.object({ results: z.array(propertyDefinitionSchema) });

/** HubSpot's StandardError, as found in a batch answer's `errors[]`. */
export const batchErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.array(z.string())).optional().default({}),
});

export type HubSpotBatchError = z.output<typeof batchErrorSchema>;

export const propertyBatchSchema = z.object({
  results: z.array(propertyDefinitionSchema),
  errors: z.array(batchErrorSchema).optional().default([]),
});

/** The body of POST /crm/v3/properties/{objectType}[/batch/create] (PropertyCreate). */
export interface PropertyDefinitionInput {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: 'number' | 'enumeration' | 'string' | 'datetime';
  fieldType: 'number' | 'select' | 'radio' | 'text' | 'textarea' | 'date';
  displayOrder: number;
  formField: boolean;
  hidden: boolean;
  options?: Array<Required<Pick<HubSpotPropertyOption, 'label' | 'value' | 'displayOrder' | 'hidden'>>>;
  numberDisplayHint?: string;
  showCurrencySymbol?: boolean;
}

/** The body of PATCH /crm/v3/properties/{objectType}/{propertyName} (PropertyUpdate): only what changes. */
export type PropertyDefinitionPatch = Partial<Pick<PropertyDefinitionInput, 'label' | 'description' | 'fieldType' | 'options' | 'numberDisplayHint' | 'showCurrencySymbol'>>;
