import type { ReactElement } from 'react';
import type { ScoredInsights } from '../../shared/insights-contract';
import { BackendErrorView } from '../../shared/views/backend-error-view';
import { LoadingView } from '../../shared/views/loading-view';
import { UnscoredAccount } from '../common/unscored-account';
import type { AccountHealth } from './use-account-health';

/** Loading, error and not-scored look the same on the tab and in the sidebar; only a scored account differs. */
export function AccountHealthStates({ health, compact, scored }: {
  health: AccountHealth;
  compact: boolean;
  scored: (insights: ScoredInsights) => ReactElement;
}) {
  const { state } = health;
  if (state.status === 'loading') return <LoadingView label="Loading account health" />;
  if (state.status === 'error') return <BackendErrorView error={state.error} onRetry={health.retry} />;
  if (state.data.status === 'not_scored') return <UnscoredAccount insights={state.data} compact={compact} />;
  return scored(state.data);
}
