import { z } from 'zod';

/**
 * Which HubSpot properties hold the facts Telltale needs. The defaults fit a common HubSpot setup
 * (and the sandbox portal uses them); a tenant overrides any part in tenants.mapping.
 */
export const hubspotMappingSchema = z.object({
  company: z.object({
    arr: z.string().default('arr'),
    seats: z.string().default('licensed_seats'),
    contractStart: z.string().default('contract_start_date'),
    renewalDate: z.string().default('renewal_date'),
    churnDate: z.string().default('churn_date'),
    /** Optional: days the oldest unpaid invoice is overdue (billing systems sync it to the company). */
    daysPastDue: z.string().nullable().default('days_past_due'),
    /** Optional: an enumeration whose values are smb / mid_market / enterprise; unset: derived from ARR. */
    segment: z.string().nullable().default('customer_segment'),
    /** Optional: the CRM's own health score (0-100), used as the health score when mapped. */
    healthScore: z.string().nullable().default(null),
  }).prefault({}),
  deal: z.object({
    typeProperty: z.string().default('dealtype'),
    renewalTypes: z.array(z.string()).default(['renewal']),
    upsellTypes: z.array(z.string()).default(['existingbusiness']),
    newBusinessTypes: z.array(z.string()).default(['newbusiness']),
    /** Deals in these pipelines are renewals / upsells whatever their type. */
    renewalPipelines: z.array(z.string()).default([]),
    upsellPipelines: z.array(z.string()).default([]),
  }).prefault({}),
  contact: z.object({
    /** Multi-select property whose values mark sponsors and champions (HubSpot's buying role). */
    roleProperty: z.string().default('hs_buying_role'),
    sponsorValues: z.array(z.string()).default(['EXECUTIVE_SPONSOR', 'DECISION_MAKER', 'BUDGET_HOLDER']),
    championValues: z.array(z.string()).default(['CHAMPION']),
  }).prefault({}),
  ticket: z.object({
    priority: z.string().default('hs_ticket_priority'),
    escalated: z.string().nullable().default('escalated'),
    csat: z.string().nullable().default('csat_score'),
    firstResponseAt: z.string().default('first_agent_reply_date'),
    closedAt: z.string().default('closed_date'),
    /** Pipeline stage ids that mean closed / waiting on the customer. */
    closedStages: z.array(z.string()).default(['4']),
    waitingStages: z.array(z.string()).default(['2']),
  }).prefault({}),
});

export type HubSpotMapping = z.output<typeof hubspotMappingSchema>;

/** The mapping for a tenant: its stored overrides on top of the defaults. Throws a ZodError when malformed. */
export function resolveHubSpotMapping(overrides: unknown = {}): HubSpotMapping {
  return hubspotMappingSchema.parse(overrides ?? {});
}
