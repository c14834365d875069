/**
 * POST /api/v1/hubspot/companies/:id/upsell-task: the expansion card's "Create upsell task". It
 * accepts the account's `upsell_conversation` intervention; when the playbooks recommended none (no
 * 30-day expansion signal, a high-risk account, or an earlier dismissal), a person asking for it is
 * enough: the intervention is recorded first, written from the account's current predictions and
 * saying that it was requested, then accepted like any other (README "Card API").
 */
import { randomUUID } from 'node:crypto';
import type { AcceptInterventionResponse } from '../../../extension/hubspot/src/app/shared/insights-contract.js';
import type { AccountState } from '../actions/account-state.js';
import { expansionWindowText, formatAmount } from '../actions/action-text.js';
import { isInHoldout } from '../actions/holdout.js';
import { interventionWindow } from '../actions/intervention-window.js';
import { contentOf } from '../actions/plan-interventions.js';
import { loadPlaybook, type Play, type Playbook } from '../actions/playbook-manifest.js';
import { dueDate, recommendInterventions } from '../actions/recommend.js';
import { buildWhy, describeSuccess } from '../actions/recommendation-why.js';
import type { Clock } from '../clock/clock.js';
import { accountFacts } from '../store/account-facts.js';
import { accountScoring } from '../store/account-scoring.js';
import { dealAccountId } from '../store/card-reads.js';
import { getHoldoutShare, insertInterventions, listAccountInterventions, type Intervention, type InterventionContent } from '../store/interventions.js';
import { accountStateOf, completeScoring } from './card-account-state.js';
import { acceptFromCard, acceptWithTasks, requireTasks, type InterventionActionContext } from './card-intervention-actions.js';
import type { CardCaller } from './card-request.js';
import { CardRequestError } from './card-request.js';

/** The play the expansion card's button stands for (manifests/playbooks.json). */
export const UPSELL_PLAY_ID = 'upsell_conversation';

export interface UpsellRequest {
  companyId: string;
  /** The deal the card is shown on; checked to belong to the company when the store knows it. */
  dealId?: string | undefined;
}

export async function upsellFromCard(context: InterventionActionContext & { clock: Clock; caller: CardCaller }, request: UpsellRequest): Promise<AcceptInterventionResponse> {
  const { db, tenant } = context;
  const today = context.clock.now().toISOString().slice(0, 10);
  const [facts, scoring, interventions, dealAccount] = await Promise.all([
    accountFacts(db, tenant.id, [request.companyId]),
    accountScoring(db, tenant.id, request.companyId, today),
    listAccountInterventions(db, tenant.id, request.companyId),
    request.dealId ? dealAccountId(db, tenant.id, request.dealId) : undefined,
  ]);
  const account = facts.get(request.companyId);
  if (!account) throw new CardRequestError(404, 'not_found', `no company ${request.companyId}`);
  if (request.dealId && dealAccount !== undefined && dealAccount !== request.companyId) {
    throw new CardRequestError(404, 'not_found', `deal ${request.dealId} is not a deal of company ${request.companyId}`);
  }
  const existing = upsellOf(interventions);
  if (existing) return acceptFromCard(context, existing.id);

  const complete = completeScoring(scoring);
  if (!complete) throw new CardRequestError(409, 'not_scored', `company ${request.companyId} has no scores yet; the upsell task is written from its expansion outlook`);
  const tasks = await requireTasks(context);
  const playbook = loadPlaybook();
  const play = playbook.plays.find((p) => p.id === UPSELL_PLAY_ID);
  if (!play) throw new Error(`manifests/playbooks.json has no ${UPSELL_PLAY_ID} play`);
  const state = accountStateOf(tenant.id, account, complete);
  const recommended = recommendInterventions(state, playbook).find((r) => r.playId === play.id);
  const id = randomUUID();
  const holdoutShare = (await getHoldoutShare(db, tenant.id)) ?? playbook.holdout.defaultShare;
  const inserted = await insertInterventions(db, [
    {
      ...(recommended ? contentOf(recommended, state) : requestedContent(state, play, playbook)),
      id,
      tenantId: tenant.id,
      accountId: account.id,
      playId: play.id,
      status: 'recommended',
      holdout: isInHoldout(tenant.id, account.id, holdoutShare),
      origin: null,
      trigger: {
        requestedFrom: 'expansion_card',
        recommendedByPlaybook: recommended !== undefined,
        dealId: request.dealId ?? null,
        hubspotUserId: context.caller.userId,
        asOf: state.asOf,
        churn: { riskScore: state.churn.riskScore, band: state.churn.band },
        expansion: state.expansion,
      },
    },
  ]);
  if (inserted > 0) return acceptWithTasks(context, id, tasks);
  // Another request (or the act job) recorded the play for this account meanwhile: accept that one.
  const raced = upsellOf(await listAccountInterventions(db, tenant.id, account.id));
  if (!raced) throw new CardRequestError(409, 'conflict', `the upsell intervention of company ${account.id} changed meanwhile; try again`);
  return acceptFromCard(context, raced.id);
}

/** The account's upsell intervention to accept: a live one first, else one whose task failed. */
function upsellOf(interventions: readonly Intervention[]): Intervention | undefined {
  const plays = interventions.filter((i) => i.playId === UPSELL_PLAY_ID);
  return plays.find((i) => i.status !== 'failed') ?? plays[0];
}

/** The upsell intervention's content when the playbooks do not recommend it: the play, and why it was still asked for. */
function requestedContent(state: AccountState, play: Play, playbook: Playbook): InterventionContent {
  const window = play.window === 'account' ? interventionWindow(state, playbook.windows) : play.window;
  const expansion = state.expansion;
  const outlook = expansion ? `expansion ${expansion.window === 'unlikely' ? 'not expected' : `expected within ${expansionWindowText(expansion.window)}`}` : 'no expansion outlook';
  const note = `Requested from the expansion card (Telltale's outlook: ${outlook}, ${state.churn.band} churn risk).`;
  const why = buildWhy('expansion', state, []);
  const values: Record<string, string> = {
    account: state.accountName?.trim() || `company ${state.accountId}`,
    expected_amount: expansion?.expectedAmount != null ? formatAmount(expansion.expectedAmount, state.currency) : 'amount unknown',
    expansion_window: expansion ? expansionWindowText(expansion.window) : 'unknown',
  };
  return {
    // The manifest loader allows only these placeholders in expansion titles.
    title: play.title.replace(/\{([a-z_]+)\}/g, (_, name: string) => values[name] ?? ''),
    details: { kind: play.trigger.kind, why: { summary: `${note} ${why.summary}`, lines: [note, ...why.lines], drivers: [] }, steps: play.steps, success: describeSuccess(play.success, state) },
    ownerRole: play.ownerRole,
    ownerId: state.ownerId,
    priority: play.priority,
    window,
    dueDate: dueDate(state, play.dueInDays, window, playbook.windows),
  };
}
