/**
 * Which card actions an intervention's state allows: one rule for the `allowedActions` the insights
 * list and for the 409 refusals of accept and dismiss (card-intervention-actions.ts), so the cards
 * never offer what the API refuses. actions/intervention-feedback.ts applies the same states
 * atomically; a request that loses a race to another user still ends in a 409 from there.
 */
import type { InterventionAction } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { Intervention, InterventionStatus } from '../store/interventions.js';

/**
 * - A recommendation (recommended, holdout, or `failed`: HubSpot refused its task) may be accepted
 *   (its CRM task is created now; also for a holdout account, since a person chose it) or dismissed.
 * - A task asked for but not yet in the CRM (`pending`) may be accepted again: the task is sent now.
 * - Nothing is left to decide once the task is in the CRM (`open`), or the intervention was dismissed
 *   or has ended (completed, deleted, expired).
 */
const ALLOWED: Record<InterventionStatus, readonly InterventionAction[]> = {
  recommended: ['accept', 'dismiss'],
  holdout: ['accept', 'dismiss'],
  failed: ['accept', 'dismiss'],
  pending: ['accept'],
  open: [],
  dismissed: [],
  completed: [],
  deleted: [],
  expired: [],
};

/** The actions the card API takes for this intervention now. */
export function allowedActions(intervention: Pick<Intervention, 'status'>): InterventionAction[] {
  return [...ALLOWED[intervention.status]];
}

export function isAllowed(intervention: Pick<Intervention, 'status'>, action: InterventionAction): boolean {
  return ALLOWED[intervention.status].includes(action);
}

const VERB: Record<InterventionAction, string> = { accept: 'create a task for', dismiss: 'dismiss' };

/** Why `action` is refused as the intervention stands, for the person who clicked (the 409 message the card shows). */
export function refusalMessage(intervention: Intervention, action: InterventionAction): string {
  const task = intervention.crmTaskId ? ` (task ${intervention.crmTaskId})` : '';
  const state: Record<InterventionStatus, string> = {
    open: `its task is already in HubSpot${task}; ${action === 'dismiss' ? 'complete or delete the task there instead' : 'there is nothing more to create'}`,
    pending: 'its task was already asked for and is being created in HubSpot; complete or delete it there once it appears',
    dismissed: `it was dismissed${intervention.dismissedReason ? ` ("${intervention.dismissedReason}")` : ''}`,
    completed: `its HubSpot task${task} was completed`,
    deleted: `its HubSpot task${task} was deleted`,
    expired: 'the latest scores no longer recommend it',
    recommended: 'it changed meanwhile; reload the card',
    holdout: 'it changed meanwhile; reload the card',
    failed: 'it changed meanwhile; reload the card',
  };
  return `Telltale cannot ${VERB[action]} "${intervention.title}": ${state[intervention.status]}.`;
}
