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

/**
 * One recommended intervention: what, by when, why, and the buttons the backend says its state allows
 * (`allowedActions`): "Create task" ("Send task now" while its task waits in the queue) and "Dismiss".
 */
export function InterventionItem({ intervention, actions }: { intervention: Intervention; actions: InterventionActions }) {
  const [dismissing, setDismissing] = useState(false);
  const { id } = intervention;
  // The holdout is the control group the playbooks are measured against: the card offers it nothing.
  const offered = intervention.status === 'holdout' ? [] : intervention.allowedActions;
  const canAccept = offered.includes('accept');
  const canDismiss = offered.includes('dismiss');
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
        {failure ? <ActionFailureAlert interventionId={id} failure={failure} /> : null}
        {canDismiss && dismissing ? (
          <DismissForm
            interventionId={id}
            busy={busy}
            onConfirm={(reason) => actions.dismiss(intervention, reason)}
            onCancel={() => setDismissing(false)}
          />
        ) : null}
        {(canAccept || canDismiss) && !(canDismiss && dismissing) ? (
          <Flex direction="row" gap="xs">
            {canAccept ? (
              <LoadingButton
                variant="primary"
                size="sm"
                loading={actions.pending === acceptKey(id)}
                disabled={busy}
                onClick={() => actions.accept(intervention)}
                testId={`accept-${id}`}
              >
                {isTaskQueued(intervention) ? 'Send task now' : 'Create task'}
              </LoadingButton>
            ) : null}
            {canDismiss ? (
              <Button size="sm" disabled={busy} onClick={() => setDismissing(true)} testId={`dismiss-${id}`}>
                Dismiss
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
    </Tile>
  );
}

/** Its task was asked for (by a person or an escalation) but is not in HubSpot yet. */
function isTaskQueued(intervention: Intervention): boolean {
  return intervention.taskId === null && (intervention.status === 'accepted' || intervention.status === 'open');
}

/** A refusal because the intervention moved on (409) is news, not a fault: it says what happened instead. */
function ActionFailureAlert({ interventionId, failure }: { interventionId: string; failure: ActionFailure }) {
  const conflict = failure.kind === 'conflict';
  return (
    <Alert
      title={conflict ? 'This intervention has changed' : 'That did not work'}
      variant={conflict ? 'warning' : 'error'}
      testId={`intervention-error-${interventionId}`}
    >
      {failure.message}
    </Alert>
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
  if (isTaskQueued(intervention)) {
    return (
      <Tag variant="warning" testId={`intervention-status-${intervention.id}`}>
        Task queued: not in HubSpot yet
      </Tag>
    );
  }
  return null;
}
