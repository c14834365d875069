import { Divider, Flex } from '@hubspot/ui-extensions';
import type { ScoredInsights } from '../../shared/insights-contract';
import { AccountHealthStates } from './account-health-states';
import { DriverList } from './driver-list';
import { InterventionList } from './intervention-list';
import { NextStep } from './next-step';
import { RiskSummary } from './risk-summary';
import { ScoringFooter } from './scoring-footer';
import { type AccountHealth, useAccountHealth } from './use-account-health';

/** The compact account health card for a company's sidebar: the risk, its top drivers and the most urgent intervention. */
export function AccountHealthSidebar() {
  const health = useAccountHealth();
  return <AccountHealthStates health={health} compact scored={(insights) => <CompactAccountHealth insights={insights} health={health} />} />;
}

function CompactAccountHealth({ insights, health }: { insights: ScoredInsights; health: AccountHealth }) {
  const { churn } = insights;
  const { pending, failure } = health.action;
  return (
    <Flex direction="column" gap="sm">
      <RiskSummary insights={insights} />
      <NextStep insights={insights} />
      <Divider />
      <DriverList drivers={churn.drivers} baselinePoints={churn.baselinePoints} riskScore={churn.riskScore} limit={2} showFeatures={false} />
      <Divider />
      <InterventionList interventions={insights.interventions} actions={{ pending, failure, accept: health.accept, dismiss: health.dismiss }} limit={1} />
      <ScoringFooter insights={insights} pending={pending} failure={failure} onRefresh={health.refresh} />
    </Flex>
  );
}
