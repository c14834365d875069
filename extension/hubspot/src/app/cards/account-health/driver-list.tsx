import { Flex, Heading, Text } from '@hubspot/ui-extensions';
import type { Driver } from '../../shared/insights-contract';
import { DriverRow } from '../common/driver-row';

/**
 * What raises this account's churn risk and what protects it, in probability points: the drivers
 * add up from the portfolio's baseline to the account's risk.
 */
export function DriverList({ drivers, baselinePoints, riskScore, limit, showFeatures }: {
  drivers: Driver[];
  baselinePoints: number;
  riskScore: number;
  /** How many drivers to show on each side. */
  limit: number;
  showFeatures: boolean;
}) {
  const raising = drivers.filter((d) => d.points > 0).sort((a, b) => b.points - a.points).slice(0, limit);
  const protecting = drivers.filter((d) => d.points < 0).sort((a, b) => a.points - b.points).slice(0, limit);
  return (
    <Flex direction="column" gap="sm">
      <Heading>What drives the risk</Heading>
      <Text variant="microcopy">{`From the portfolio's baseline of ${Math.round(baselinePoints)} to this account's ${riskScore}.`}</Text>
      <DriverGroup title="Raises risk" drivers={raising} empty="Nothing raises this account's risk above the baseline." showFeatures={showFeatures} />
      <DriverGroup title="Protects" drivers={protecting} empty="Nothing pulls this account's risk below the baseline." showFeatures={showFeatures} />
    </Flex>
  );
}

function DriverGroup({ title, drivers, empty, showFeatures }: { title: string; drivers: Driver[]; empty: string; showFeatures: boolean }) {
  return (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'bold' }}>{title}</Text>
      {drivers.length === 0 ? <Text variant="microcopy">{empty}</Text> : null}
      {drivers.map((driver) => (
        <DriverRow key={driver.group} driver={driver} tone="risk" showFeatures={showFeatures} />
      ))}
    </Flex>
  );
}
