/** The company a deal belongs to: its primary associated company, else the first one. */
import { useAssociations } from '@hubspot/ui-extensions/crm';

/** HubSpot's object type id for companies. */
export const COMPANY_OBJECT_TYPE_ID = '0-2';

export type DealCompany =
  | { status: 'loading' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'none' }
  | { status: 'found'; companyId: string; name: string | null };

export function useDealCompany(): DealCompany {
  const { results, error, isLoading, refetch } = useAssociations({ toObjectType: COMPANY_OBJECT_TYPE_ID, properties: ['name'], pageLength: 10 });
  if (isLoading) return { status: 'loading' };
  if (error) return { status: 'error', message: error.message, retry: () => void refetch() };
  const primary = results.find((r) => r.associationTypes.some((t) => t.label.toLowerCase() === 'primary')) ?? results[0];
  if (!primary) return { status: 'none' };
  return { status: 'found', companyId: String(primary.toObjectId), name: primary.properties.name ?? null };
}
