import { Button, EmptyState, ErrorState, Text, useExtensionContext } from '@hubspot/ui-extensions';
import { LoadingView } from '../../shared/views/loading-view';
import { ExpansionPanel } from './expansion-panel';
import { useDealCompany } from './use-deal-company';

/** HubSpot's object type id for deals. */
export const DEAL_OBJECT_TYPE_ID = '0-3';

/** The expansion card for sales reps: on a company it shows that company, on a deal the deal's company. */
export function ExpansionCard() {
  const { crm } = useExtensionContext<'crm.record.sidebar'>();
  if (crm.objectTypeId === DEAL_OBJECT_TYPE_ID) return <DealExpansion dealId={String(crm.objectId)} />;
  return <ExpansionPanel companyId={String(crm.objectId)} />;
}

function DealExpansion({ dealId }: { dealId: string }) {
  const company = useDealCompany();
  if (company.status === 'loading') return <LoadingView label="Finding the deal's company" />;
  if (company.status === 'error') {
    return (
      <ErrorState title="The deal's company could not be read" testId="deal-company-error">
        <Text>{company.message}</Text>
        <Button onClick={company.retry} testId="retry">
          Try again
        </Button>
      </ErrorState>
    );
  }
  if (company.status === 'none') {
    return (
      <EmptyState title="No company on this deal" imageName="deals" layout="vertical" imageWidth={120} testId="deal-without-company">
        <Text>Associate the deal with a company to see how likely that account is to expand.</Text>
      </EmptyState>
    );
  }
  return <ExpansionPanel companyId={company.companyId} dealId={dealId} />;
}
