/**
 * The synthetic B2B SaaS portfolio behind the sandbox CRM (see README.md beside this file).
 *
 *   const portfolio = generatePortfolio({ seed: 42, asOf: '2026-06-30' });
 *   const portal = toPortalData(portfolio);          // what the HubSpot emulation serves
 *   const org = toOrgData(portfolio);                // what the Salesforce emulation serves
 *   for (const day of usageDays(portfolio)) { ... }  // what the sandbox sends to the usage API
 */
export { generatePortfolio, PortfolioOptionsError } from './generate.js';
export { toPortalData, SANDBOX_PORTAL_ID } from './to-portal-data.js';
export { toOrgData } from './to-org-data.js';
export { usageDays, usageGroupKey, FEATURES, ADVANCED_FEATURES } from './usage.js';
export { portfolioSummary, type PortfolioSummary } from './summary.js';
export { retentionByYear, arrOn, type RetentionFigures, type YearRetention } from './retention.js';
export { ASSOCIATION_TYPE_IDS, PRIMARY_ASSOCIATION_TYPE_IDS, associationTypeId } from './associations.js';
export type {
  Account, ArrChange, ChurnCause, GenerateOptions, Intervention, Portfolio, Segment, Shock, ShockKind, UnobservedChurnCause,
} from './model.js';
export { SEGMENTS } from './model.js';
export const UNOBSERVED_CHURN_CAUSES = ['acquired', 'budget_moved', 'unrecorded_sponsor_change'] as const;
