import { Flex, Tag, Text } from '@hubspot/ui-extensions';
import { formatPoints } from '../../shared/format/numbers';
import type { Driver } from '../../shared/insights-contract';

/**
 * One signal group's share of a prediction. For churn (`tone="risk"`) positive points are bad news;
 * for expansion (`tone="opportunity"`) they are good news.
 */
export function DriverRow({ driver, tone, showFeatures }: { driver: Driver; tone: 'risk' | 'opportunity'; showFeatures: boolean }) {
  const good = tone === 'risk' ? driver.points < 0 : driver.points > 0;
  const features = driver.topFeatures.map((f) => `${f.label}: ${f.display}`).join(' · ');
  return (
    <Flex direction="column" gap="flush" testId={`driver-${driver.group}`}>
      <Flex direction="row" justify="between" align="center" gap="xs">
        <Text format={{ fontWeight: 'demibold' }}>{driver.label}</Text>
        <Tag variant={good ? 'success' : 'error'}>{formatPoints(driver.points)}</Tag>
      </Flex>
      <Text variant="microcopy">{driver.text}</Text>
      {showFeatures && features ? <Text variant="microcopy">{features}</Text> : null}
    </Flex>
  );
}
