import type { AccountState, InterventionWindow } from './account-state.js';
import { truncate } from './action-text.js';
import { listDrivers } from './driver-reasons.js';
import { interventionWindow } from './intervention-window.js';
import { loadPlaybook, type Playbook } from './playbook-manifest.js';
import { recommendInterventions } from './recommend.js';

/** The longest next_best_action text (fits a Salesforce Text(255) field and a HubSpot single-line text). */
export const NEXT_BEST_ACTION_MAX_LENGTH = 255;

/** The values of the `next_best_action` and `intervention_window` CRM fields for one account. */
export interface ActionFields {
  /**
   * The most urgent recommendation's title and the drivers behind it, at most 255 characters. It
   * names no date or day count, so it changes only when the predictions do.
   */
  nextBestAction: string;
  interventionWindow: InterventionWindow;
}

/**
 * The next best action and intervention window of an account, for write-back. Pure: the same state
 * gives the same text, so unchanged accounts write nothing.
 */
export function actionFields(state: AccountState, playbook: Playbook = loadPlaybook()): ActionFields {
  const top = recommendInterventions(state, playbook)[0];
  const window = interventionWindow(state, playbook.windows);
  // The manifest guarantees a play for every band, so `top` exists; the fallback keeps the type honest.
  const drivers = top && top.why.drivers.length > 0 ? ` — driven by ${listDrivers(top.why.drivers)}` : '';
  const text = top ? `${top.title}${drivers}` : 'No action recommended.';
  return { nextBestAction: truncate(text, NEXT_BEST_ACTION_MAX_LENGTH), interventionWindow: window };
}
