import { BackendErrorView } from '../../shared/views/backend-error-view';
import { LoadingView } from '../../shared/views/loading-view';
import { UnscoredAccount } from '../common/unscored-account';
import { ExpansionOutlook } from './expansion-outlook';
import { useExpansion } from './use-expansion';

/** The expansion outlook of one company, seen from the company itself or from one of its deals. */
export function ExpansionPanel({ companyId, dealId }: { companyId: string; dealId?: string }) {
  const expansion = useExpansion(companyId, dealId);
  const { state } = expansion;
  if (state.status === 'loading') return <LoadingView label="Loading the expansion outlook" />;
  if (state.status === 'error') return <BackendErrorView error={state.error} onRetry={expansion.retry} />;
  if (state.data.status === 'not_scored') return <UnscoredAccount insights={state.data} compact />;
  return <ExpansionOutlook insights={state.data} expansion={expansion} onDeal={dealId !== undefined} />;
}
