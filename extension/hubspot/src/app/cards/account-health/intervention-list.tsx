import { Flex, Heading, Text } from '@hubspot/ui-extensions';
import type { Intervention } from '../../shared/insights-contract';
import { type InterventionActions, InterventionItem } from './intervention-item';

/** The recommended interventions, soonest due first; dismissed ones leave the list. */
export function InterventionList({ interventions, actions, limit }: {
  interventions: Intervention[];
  actions: InterventionActions;
  /** Show at most this many (the sidebar shows the most urgent one). */
  limit?: number;
}) {
  const shown = interventions
    .filter((i) => i.status !== 'dismissed')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
    .slice(0, limit ?? interventions.length);
  return (
    <Flex direction="column" gap="xs">
      <Heading>Recommended interventions</Heading>
      {shown.length === 0 ? <Text testId="no-interventions">No interventions are recommended right now.</Text> : null}
      {shown.map((intervention) => (
        <InterventionItem key={intervention.id} intervention={intervention} actions={actions} />
      ))}
    </Flex>
  );
}
