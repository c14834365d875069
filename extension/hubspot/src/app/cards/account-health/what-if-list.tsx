import { Flex, Heading, Tag, Text } from '@hubspot/ui-extensions';
import { formatPoints } from '../../shared/format/numbers';
import type { WhatIf } from '../../shared/insights-contract';

/** How much the risk would move if a signal group came back to healthy, biggest relief first. */
export function WhatIfList({ whatIf }: { whatIf: WhatIf[] }) {
  const ranked = [...whatIf].sort((a, b) => a.deltaPoints - b.deltaPoints);
  return (
    <Flex direction="column" gap="xs">
      <Heading>What if</Heading>
      {ranked.length === 0 ? <Text variant="microcopy">Every signal group is already at a healthy level.</Text> : null}
      {ranked.map((item) => (
        <Flex key={item.group} direction="row" justify="between" align="center" gap="xs" testId={`what-if-${item.group}`}>
          <Text>{item.text}</Text>
          <Tag variant={item.deltaPoints < 0 ? 'success' : 'default'}>{formatPoints(item.deltaPoints)}</Tag>
        </Flex>
      ))}
    </Flex>
  );
}
