import { Alert, Button, Flex, LoadingButton, Tag, Text, Tile } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { formatDay } from '../../shared/format/dates';
import { INTERVENTION_WINDOW_LABEL, INTERVENTION_WINDOW_TAG } from '../../shared/format/labels';
import type { Intervention } from '../../shared/insights-contract';
import type { ActionFailure } from '../../shared/data/use-backend-action';
import { DismissForm } from './dismiss-form';
import { acceptKey, dismissKey } from './use-account-health';

export interface InterventionActions {
  pending: string | null;
  failure: ActionFailure | null;
  accept: (intervention: Intervention) => void;
  dismiss: (intervention: Intervention, reason: string) => void;
}

/** One recommended intervention: what, by when, why, and its "Create task" and "Dismiss" buttons. */
export function InterventionItem({ intervention, actions }: { intervention: Intervention; actions: InterventionActions }) {
  const [dismissing, setDismissing] = useState(false);
  const { id } = intervention;
  const actionable = intervention.status === 'recommended' || intervention.status === 'open';
  const busy = actions.pending !== null;
  const failure = actions.failure && [acceptKey(id), dismissKey(id)].includes(actions.failure.key) ? actions.failure : null;

  return (
    <Tile compact testId={`intervention-${id}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" justify="between" align="center" gap="xs" wrap>
          <Text format={{ fontWeight: 'demibold' }}>{intervention.title}</Text>
          <Tag variant={INTERVENTION_WINDOW_TAG[intervention.window]} testId={`intervention-window-${id}`}>
            {`${INTERVENTION_WINDOW_LABEL[intervention.window]} window`}
          </Tag>
        </Flex>
        <Text variant="microcopy">{`Due ${formatDay(intervention.dueDate)} · ${intervention.ownerRole} · ${intervention.priority} priority`}</Text>
        <Text>{intervention.why}</Text>
        <InterventionStatusTag intervention={intervention} />
        {failure ? (
          <Alert title="That did not work" variant="error" testId={`intervention-error-${id}`}>
            {failure.message}
          </Alert>
        ) : null}
        {actionable && dismissing ? (
          <DismissForm
            interventionId={id}
            busy={busy}
            onConfirm={(reason) => actions.dismiss(intervention, reason)}
            onCancel={() => setDismissing(false)}
          />
        ) : null}
        {actionable && !dismissing ? (
          <Flex direction="row" gap="xs">
            {intervention.taskId === null ? (
              <LoadingButton
                variant="primary"
                size="sm"
                loading={actions.pending === acceptKey(id)}
                disabled={busy}
                onClick={() => actions.accept(intervention)}
                testId={`accept-${id}`}
              >
                Create task
              </LoadingButton>
            ) : null}
            <Button size="sm" disabled={busy} onClick={() => setDismissing(true)} testId={`dismiss-${id}`}>
              Dismiss
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Tile>
  );
}

function InterventionStatusTag({ intervention }: { intervention: Intervention }) {
  if (intervention.status === 'holdout') {
    return (
      <Tag variant="default" testId={`intervention-status-${intervention.id}`}>
        Holdout: kept without a task to measure impact
      </Tag>
    );
  }
  if (intervention.status === 'dismissed') {
    return (
      <Tag variant="default" testId={`intervention-status-${intervention.id}`}>
        Dismissed
      </Tag>
    );
  }
  if (intervention.taskId !== null) {
    return (
      <Tag variant="success" testId={`intervention-status-${intervention.id}`}>
        {intervention.status === 'accepted' ? 'Task created' : 'Task open'}
      </Tag>
    );
  }
  return null;
}
