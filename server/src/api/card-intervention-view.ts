import type { Intervention as CardIntervention, InterventionStatus as CardStatus } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { OwnerRole } from '../actions/playbook-manifest.js';
import { OWNER_ROLE_LABELS } from '../actions/task-content.js';
import type { Intervention, InterventionStatus } from '../store/interventions.js';
import { allowedActions } from './card-intervention-allowed-actions.js';

/**
 * The store's statuses as the cards know them. A task asked for or in the CRM is `accepted` when a
 * person asked for it and `open` when an escalation did; a failed task can be accepted again, so it
 * shows as a recommendation. Ended interventions (completed, deleted, expired) never reach a card list.
 */
const CARD_STATUS: Record<InterventionStatus, (i: Intervention) => CardStatus> = {
  recommended: () => 'recommended',
  holdout: () => 'holdout',
  failed: () => 'recommended',
  pending: (i) => (i.origin === 'accepted' ? 'accepted' : 'open'),
  open: (i) => (i.origin === 'accepted' ? 'accepted' : 'open'),
  completed: (i) => (i.origin === 'accepted' ? 'accepted' : 'open'),
  deleted: (i) => (i.origin === 'accepted' ? 'accepted' : 'open'),
  dismissed: () => 'dismissed',
  expired: () => 'recommended',
};

/** A stored intervention in the contract's shape. */
export function cardIntervention(intervention: Intervention): CardIntervention {
  return {
    id: intervention.id,
    play: intervention.playId,
    title: intervention.title,
    why: intervention.details.why.summary,
    ownerRole: OWNER_ROLE_LABELS[intervention.ownerRole as OwnerRole] ?? intervention.ownerRole,
    dueDate: intervention.dueDate,
    window: intervention.window,
    priority: intervention.priority === 'HIGH' ? 'high' : intervention.priority === 'MEDIUM' ? 'medium' : 'low',
    status: CARD_STATUS[intervention.status](intervention),
    taskId: intervention.crmTaskId,
    allowedActions: allowedActions(intervention),
  };
}
