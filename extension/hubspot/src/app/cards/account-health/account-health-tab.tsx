import { Divider, Flex } from '@hubspot/ui-extensions';
import type { ScoredInsights } from '../../shared/insights-contract';
import { AccountHealthStates } from './account-health-states';
import { DriverList } from './driver-list';
import { HealthTrendChart } from './health-trend-chart';
import { InterventionList } from './intervention-list';
import { NextStep } from './next-step';
import { RiskSummary } from './risk-summary';
import { ScoringFooter } from './scoring-footer';
import { type AccountHealth, useAccountHealth } from './use-account-health';
import { WhatIfList } from './what-if-list';

/** The account health tab on a company record: everything Telltale knows about the account's risk. */
export function AccountHealthTab() {
  const health = useAccountHealth();
  return <AccountHealthStates health={health} compact={false} scored={(insights) => <ScoredAccountHealth insights={insights} health={health} />} />;
}

function ScoredAccountHealth({ insights, health }: { insights: ScoredInsights; health: AccountHealth }) {
  const { churn } = insights;
  const { pending, failure } = health.action;
  return (
    <Flex direction="column" gap="md">
      <RiskSummary insights={insights} />
      <NextStep insights={insights} />
      <Divider />
      <HealthTrendChart health={insights.health} />
      <Divider />
      <DriverList drivers={churn.drivers} baselinePoints={churn.baselinePoints} riskScore={churn.riskScore} limit={3} showFeatures />
      <WhatIfList whatIf={churn.whatIf} />
      <Divider />
      <InterventionList interventions={insights.interventions} actions={{ pending, failure, accept: health.accept, dismiss: health.dismiss }} />
      <Divider />
      <ScoringFooter insights={insights} pending={pending} failure={failure} onRefresh={health.refresh} />
    </Flex>
  );
}
