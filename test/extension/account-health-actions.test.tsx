import { Alert, Button, LoadingButton, ProgressBar, Select, Tag, TextArea, Tile, hubspot } from '@hubspot/ui-extensions';
import { describe, expect, it, vi } from 'vitest';
import { AccountHealthTab } from '../../extension/hubspot/src/app/cards/account-health/account-health-tab';
import { type RecordedRequest, type RouteAnswer, apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { changeValue, renderOnRecord, textOf } from './support/card-renderer';
import { COMPANY_ID, intervention, scoredInsights } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const INSIGHTS = `GET /companies/${COMPANY_ID}/insights`;
const accepted = intervention({ status: 'accepted', taskId: 'task-77' });
const dismissed = intervention({ status: 'dismissed' });

async function renderTab(routes: Record<string, RouteAnswer | RouteAnswer[]>, requests: RecordedRequest[] = []) {
  fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: json(scoredInsights()), ...routes }, requests));
  const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
  await card.waitFor(() => expect(card.maybeFind(ProgressBar)).not.toBeNull());
  return card;
}

describe('the account health tab buttons', () => {
  it('creates the task on "Create task" and shows it on the intervention', async () => {
    const answer = deferred<Response>();
    const card = await renderTab({ 'POST /interventions/iv-1/accept': answer.promise });
    card.findByTestId(LoadingButton, 'accept-iv-1').trigger('onClick');
    await card.waitFor(() => expect(card.findByTestId(LoadingButton, 'accept-iv-1').props.loading).toBe(true));
    expect(card.findByTestId(Button, 'dismiss-iv-2').props.disabled).toBe(true);

    answer.resolve(json({ intervention: accepted }));
    await card.waitFor(() => expect(card.maybeFindByTestId(LoadingButton, 'accept-iv-1')).toBeNull());
    expect(card.findByTestId(Tag, 'intervention-status-iv-1').text).toBe('Task created');
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', title: 'Task created', message: accepted.title }]]);
    expect(card.findByTestId(Button, 'dismiss-iv-2').props.disabled).toBe(false);
  });

  it('shows why a task could not be created and keeps the button', async () => {
    const requests: RecordedRequest[] = [];
    const card = await renderTab({ 'POST /interventions/iv-1/accept': apiError(502, 'task_refused', 'HubSpot refused the task: Owner 101 is not active') }, requests);
    card.findByTestId(LoadingButton, 'accept-iv-1').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'intervention-error-iv-1')).not.toBeNull());
    expect(card.findByTestId(Alert, 'intervention-error-iv-1').props).toMatchObject({ title: 'That did not work', variant: 'error' });
    expect(textOf(card.findByTestId(Alert, 'intervention-error-iv-1'))).toBe('HubSpot refused the task: Owner 101 is not active');
    expect(card.findByTestId(LoadingButton, 'accept-iv-1').props).toMatchObject({ loading: false, disabled: false });
    expect(card.mocks.actions.addAlert.calls).toEqual([]);
    expect(requests.map((r) => r.route)).toEqual([INSIGHTS, 'POST /interventions/iv-1/accept']);
  });

  it('explains a refused dismissal (409) as a change, and shows the intervention as it now stands', async () => {
    const message = 'Telltale cannot dismiss "Review the open escalations with the customer": its task is already in HubSpot (task 88); complete or delete the task there instead.';
    const nowTasked = scoredInsights({ overrides: { interventions: [intervention({ status: 'accepted', taskId: 'task-88', allowedActions: [] }), intervention({ id: 'iv-2' })] } });
    const requests: RecordedRequest[] = [];
    const card = await renderTab({ [INSIGHTS]: [json(scoredInsights()), json(nowTasked)], 'POST /interventions/iv-1/dismiss': apiError(409, 'conflict', message) }, requests);
    card.findByTestId(Button, 'dismiss-iv-1').trigger('onClick');
    changeValue(card.findByTestId(Select, 'dismiss-reason-iv-1'), 'not_relevant');
    card.findByTestId(Button, 'confirm-dismiss-iv-1').trigger('onClick');

    await card.waitFor(() => expect(card.maybeFindByTestId(Tag, 'intervention-status-iv-1')).not.toBeNull());
    const alert = card.findByTestId(Alert, 'intervention-error-iv-1');
    expect(alert.props).toMatchObject({ title: 'This intervention has changed', variant: 'warning' });
    expect(textOf(alert)).toBe(message);
    expect(card.findByTestId(Tag, 'intervention-status-iv-1').text).toBe('Task created');
    expect(card.maybeFindByTestId(Select, 'dismiss-reason-iv-1')).toBeNull();
    expect(card.maybeFindByTestId(Button, 'dismiss-iv-1')).toBeNull();
    expect(card.maybeFindByTestId(LoadingButton, 'accept-iv-1')).toBeNull();
    // Read again behind the message, without a loading screen: the rest of the card stayed as it was.
    expect(card.findByTestId(Button, 'dismiss-iv-2').props.disabled).toBe(false);
    expect(requests.map((r) => r.route)).toEqual([INSIGHTS, 'POST /interventions/iv-1/dismiss', INSIGHTS]);
    expect(card.mocks.actions.addAlert.calls).toEqual([]);
  });

  it('explains a refused task (409) the same way when someone dismissed the intervention meanwhile', async () => {
    const message = 'Telltale cannot create a task for "Review the open escalations with the customer": it was dismissed ("Already handled").';
    const nowDismissed = scoredInsights({ overrides: { interventions: [intervention({ status: 'dismissed', allowedActions: [] }), intervention({ id: 'iv-2' })] } });
    const card = await renderTab({ [INSIGHTS]: [json(scoredInsights()), json(nowDismissed)], 'POST /interventions/iv-1/accept': apiError(409, 'conflict', message) });
    card.findByTestId(LoadingButton, 'accept-iv-1').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Tile, 'intervention-iv-1')).toBeNull());
    expect(card.findAll(Tile).map((t) => t.props.testId)).toEqual(['intervention-iv-2']);
    expect(card.mocks.actions.addAlert.calls).toEqual([]);
  });

  it('keeps the card and the message when reading the insights again after a 409 fails', async () => {
    const requests: RecordedRequest[] = [];
    const reread = deferred<Response>();
    const card = await renderTab(
      {
        [INSIGHTS]: [json(scoredInsights()), reread.promise],
        'POST /interventions/iv-1/accept': apiError(409, 'conflict', 'Telltale cannot create a task for "Review the open escalations with the customer": its task is already in HubSpot (task 5).'),
      },
      requests,
    );
    card.findByTestId(LoadingButton, 'accept-iv-1').trigger('onClick');
    await card.waitFor(() => expect(requests.map((r) => r.route)).toEqual([INSIGHTS, 'POST /interventions/iv-1/accept', INSIGHTS]));
    reread.resolve(apiError(500, 'internal_error', 'internal error'));
    await reread.promise;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(card.findByTestId(Alert, 'intervention-error-iv-1').props).toMatchObject({ variant: 'warning' });
    expect(card.findByTestId(Tag, 'risk-band').text).toBe('High risk');
    expect(card.findAll(Tile).map((t) => t.props.testId)).toEqual(['intervention-iv-1', 'intervention-iv-2']);
  });

  it('dismisses only once a reason is chosen, and sends the reason', async () => {
    const requests: RecordedRequest[] = [];
    const card = await renderTab({ 'POST /interventions/iv-1/dismiss': json({ intervention: dismissed }) }, requests);
    card.findByTestId(Button, 'dismiss-iv-1').trigger('onClick');
    expect(card.findByTestId(Button, 'confirm-dismiss-iv-1').props.disabled).toBe(true);

    changeValue(card.findByTestId(Select, 'dismiss-reason-iv-1'), 'already_handled');
    changeValue(card.findByTestId(TextArea, 'dismiss-details-iv-1'), 'Called them on Monday');
    expect(card.findByTestId(Button, 'confirm-dismiss-iv-1').props.disabled).toBe(false);
    card.findByTestId(Button, 'confirm-dismiss-iv-1').trigger('onClick');

    await card.waitFor(() => expect(card.maybeFindByTestId(Tile, 'intervention-iv-1')).toBeNull());
    expect(requests.at(-1)).toMatchObject({ route: 'POST /interventions/iv-1/dismiss', options: { body: { reason: 'Already handled: Called them on Monday' } } });
    expect(card.findAll(Tile).map((t) => t.props.testId)).toEqual(['intervention-iv-2']);
    expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'info', title: 'Intervention dismissed' });
  });

  it('asks for details before dismissing for another reason', async () => {
    const card = await renderTab({});
    card.findByTestId(Button, 'dismiss-iv-1').trigger('onClick');
    changeValue(card.findByTestId(Select, 'dismiss-reason-iv-1'), 'other');
    expect(card.findByTestId(TextArea, 'dismiss-details-iv-1').props.required).toBe(true);
    expect(card.findByTestId(Button, 'confirm-dismiss-iv-1').props.disabled).toBe(true);
    changeValue(card.findByTestId(TextArea, 'dismiss-details-iv-1'), '   ');
    expect(card.findByTestId(Button, 'confirm-dismiss-iv-1').props.disabled).toBe(true);
  });

  it('goes back to the buttons on cancel without calling the backend', async () => {
    const requests: RecordedRequest[] = [];
    const card = await renderTab({}, requests);
    card.findByTestId(Button, 'dismiss-iv-1').trigger('onClick');
    card.findByTestId(Button, 'cancel-dismiss-iv-1').trigger('onClick');
    expect(card.maybeFindByTestId(Select, 'dismiss-reason-iv-1')).toBeNull();
    expect(card.findByTestId(LoadingButton, 'accept-iv-1')).toBeDefined();
    expect(requests.map((r) => r.route)).toEqual([INSIGHTS]);
  });

  it('rescores on "Refresh", shows the new insights and refreshes the record', async () => {
    const answer = deferred<Response>();
    const card = await renderTab({ [`POST /companies/${COMPANY_ID}/rescore`]: answer.promise });
    card.findByTestId(LoadingButton, 'refresh').trigger('onClick');
    await card.waitFor(() => expect(card.findByTestId(LoadingButton, 'refresh').props.loading).toBe(true));
    answer.resolve(json(scoredInsights({ band: 'low', overrides: { scoredAt: '2026-03-15T09:30:00Z' } })));
    await card.waitFor(() => expect(card.findByTestId(Tag, 'risk-band').text).toBe('Low risk'));
    expect(card.find(ProgressBar).props.value).toBe(12);
    expect(card.findByTestId(LoadingButton, 'refresh').props.loading).toBe(false);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  it('keeps the shown insights and says why when the rescore fails', async () => {
    const card = await renderTab({ [`POST /companies/${COMPANY_ID}/rescore`]: apiError(500, 'internal', 'The scoring pool is down.') });
    card.findByTestId(LoadingButton, 'refresh').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'refresh-error')).not.toBeNull());
    expect(textOf(card.findByTestId(Alert, 'refresh-error'))).toBe('The scoring pool is down.');
    expect(card.findByTestId(Tag, 'risk-band').text).toBe('High risk');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });

  it('offers only the actions the API allows for each intervention', async () => {
    const insights = scoredInsights({
      overrides: {
        interventions: [
          intervention({ id: 'iv-h', status: 'holdout' }),
          intervention({ id: 'iv-a', status: 'accepted', taskId: 'task-1' }),
          intervention({ id: 'iv-o', status: 'open', taskId: 'task-2' }),
          intervention({ id: 'iv-q', status: 'open', taskId: null, allowedActions: ['accept'] }),
          intervention({ id: 'iv-r', allowedActions: ['dismiss'] }),
          intervention({ id: 'iv-d', status: 'dismissed' }),
        ],
      },
    });
    const card = await renderTab({ [INSIGHTS]: json(insights) });
    expect(card.findAll(Tile).map((t) => t.props.testId)).toEqual(['intervention-iv-h', 'intervention-iv-a', 'intervention-iv-o', 'intervention-iv-q', 'intervention-iv-r']);
    expect(card.findByTestId(Tag, 'intervention-status-iv-h').text).toContain('Holdout');
    // The holdout is the control group: nothing is offered even though the API would take it.
    // An open task can no longer be dismissed; a queued one can only be sent now.
    expect(card.findAll(LoadingButton).map((b) => [b.props.testId, textOf(b)])).toEqual([
      ['accept-iv-q', 'Send task now'],
      ['refresh', expect.any(String)],
    ]);
    expect(card.findByTestId(Tag, 'intervention-status-iv-q').text).toBe('Task queued: not in HubSpot yet');
    expect(card.findAll(Button).map((b) => b.props.testId)).toEqual(['dismiss-iv-r']);
  });
});
