import { AutoGrid, BarChart, Flex, Heading, Statistics, StatisticsItem } from '@hubspot/ui-extensions';
import { BAND_LABEL, TRAJECTORY_LABEL } from '../../shared/format/labels';
import { formatAmount, formatCount } from '../../shared/format/numbers';
import type { PortfolioResponse, RiskBand, Trajectory } from '../../shared/insights-contract';

const BANDS: RiskBand[] = ['high', 'medium', 'low'];
const TRAJECTORIES: Trajectory[] = ['declining', 'stable', 'improving'];

/** ARR at risk and accounts by risk band, and accounts by where their health is heading. */
export function RiskOverview({ portfolio }: { portfolio: PortfolioResponse }) {
  const { arrAtRisk, accountsByBand, accountsByTrajectory, currency } = portfolio;
  const bandRows = BANDS.map((band) => ({ band: BAND_LABEL[band], arr: arrAtRisk[band], accounts: accountsByBand[band] }));
  return (
    <Flex direction="column" gap="sm">
      <Heading>Risk across the portfolio</Heading>
      <Statistics>
        {BANDS.map((band) => (
          <StatisticsItem key={band} label={`ARR, ${BAND_LABEL[band].toLowerCase()}`} number={formatAmount(arrAtRisk[band], currency)} testId={`arr-${band}`} />
        ))}
      </Statistics>
      <AutoGrid columnWidth={320} gap="md">
        <BarChart
          testId="arr-by-band"
          data={bandRows}
          axes={{ x: { field: 'band', fieldType: 'category', label: 'Risk band' }, y: { field: 'arr', fieldType: 'linear', label: 'ARR' } }}
          options={{ title: 'ARR by risk band', showTooltips: true }}
        />
        <BarChart
          testId="accounts-by-band"
          data={bandRows}
          axes={{ x: { field: 'band', fieldType: 'category', label: 'Risk band' }, y: { field: 'accounts', fieldType: 'linear', label: 'Accounts' } }}
          options={{ title: 'Accounts by risk band', showTooltips: true, showDataLabels: true }}
        />
      </AutoGrid>
      <Statistics>
        {TRAJECTORIES.map((trajectory) => (
          <StatisticsItem
            key={trajectory}
            label={`Health ${TRAJECTORY_LABEL[trajectory].toLowerCase()}`}
            number={formatCount(accountsByTrajectory[trajectory])}
            testId={`trajectory-${trajectory}`}
          />
        ))}
      </Statistics>
    </Flex>
  );
}
