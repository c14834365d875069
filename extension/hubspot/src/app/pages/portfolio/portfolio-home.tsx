import { Divider, EmptyState, Flex, Text, useExtensionContext } from '@hubspot/ui-extensions';
import { HeaderActions, PrimaryHeaderActionButton } from '@hubspot/ui-extensions/pages/home';
import { formatMoment } from '../../shared/format/dates';
import type { PortfolioResponse } from '../../shared/insights-contract';
import { BackendErrorView } from '../../shared/views/backend-error-view';
import { LoadingView } from '../../shared/views/loading-view';
import { ExpansionPipeline } from './expansion-pipeline';
import { InterventionCounts } from './intervention-counts';
import { RiskOverview } from './risk-overview';
import { RisingRiskTable } from './rising-risk-table';
import { usePortfolio } from './use-portfolio';

/** The app's home page: the whole portfolio's risk, its movers, the expansion pipeline and the interventions. */
export function PortfolioHome() {
  const { state, reload } = usePortfolio();
  return (
    <>
      <HeaderActions>
        <PrimaryHeaderActionButton onClick={reload} testId="reload-portfolio">
          Reload
        </PrimaryHeaderActionButton>
      </HeaderActions>
      {state.status === 'loading' ? <LoadingView label="Loading the portfolio" /> : null}
      {state.status === 'error' ? <BackendErrorView error={state.error} onRetry={reload} /> : null}
      {state.status === 'ready' ? <PortfolioSummary portfolio={state.data} /> : null}
    </>
  );
}

function PortfolioSummary({ portfolio }: { portfolio: PortfolioResponse }) {
  const { portal } = useExtensionContext<'home'>();
  if (portfolio.accounts === 0 || portfolio.scoredAt === null) {
    return (
      <EmptyState title="No accounts scored yet" imageName="emptyStateCharts" testId="portfolio-empty">
        <Text>
          {portfolio.accounts === 0
            ? 'Telltale has not synced any customer accounts from this portal yet. The first sync starts right after the install.'
            : `Telltale has synced ${portfolio.accounts} accounts and scores them after the first sync completes.`}
        </Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="md">
      <Text variant="microcopy" testId="portfolio-scored-at">
        {`${portfolio.accounts} accounts, scored ${formatMoment(portfolio.scoredAt, portal.timezone)}`}
      </Text>
      <RiskOverview portfolio={portfolio} />
      <Divider />
      <RisingRiskTable accounts={portfolio.risingRisk} currency={portfolio.currency} />
      <Divider />
      <ExpansionPipeline pipeline={portfolio.expansionPipeline} currency={portfolio.currency} />
      <Divider />
      <InterventionCounts counts={portfolio.interventions} />
    </Flex>
  );
}
