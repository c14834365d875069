import { Button, EmptyState, ErrorState, Flex, LineChart, LoadingButton, LoadingSpinner, ProgressBar, Tag, Tile, hubspot } from '@hubspot/ui-extensions';
import { describe, expect, it, vi } from 'vitest';
import { AccountHealthSidebar } from '../../extension/hubspot/src/app/cards/account-health/account-health-sidebar';
import { type RecordedRequest, type RouteAnswer, apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { renderOnRecord, textOf } from './support/card-renderer';
import { COMPANY_ID, intervention, scoredInsights, unscoredInsights } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const INSIGHTS = `GET /companies/${COMPANY_ID}/insights`;

function renderSidebar(routes: Record<string, RouteAnswer | RouteAnswer[]>, requests: RecordedRequest[] = []) {
  fetchMock.mockImplementation(serveRoutes(routes, requests));
  return renderOnRecord('crm.record.sidebar', <AccountHealthSidebar />);
}

async function renderScoredSidebar(routes: Record<string, RouteAnswer | RouteAnswer[]> = {}, requests: RecordedRequest[] = []) {
  const card = renderSidebar({ [INSIGHTS]: json(scoredInsights()), ...routes }, requests);
  await card.waitFor(() => expect(card.maybeFind(ProgressBar)).not.toBeNull());
  return card;
}

describe('the account health sidebar card', () => {
  it('shows a spinner while loading', () => {
    const card = renderSidebar({ [INSIGHTS]: deferred<Response>().promise });
    expect(card.find(LoadingSpinner).props.label).toBe('Loading account health');
  });

  it.each([
    ['low', 'improving', 'success', 'Improving health, 72% confidence'],
    ['medium', 'stable', 'warning', 'Stable health, 72% confidence'],
    ['high', 'declining', 'danger', 'Declining health, 72% confidence'],
  ] as const)('shows a %s risk whose health is %s', async (band, trajectory, variant, trajectoryText) => {
    const card = renderSidebar({ [INSIGHTS]: json(scoredInsights({ band, trajectory })) });
    await card.waitFor(() => expect(card.maybeFind(ProgressBar)).not.toBeNull());
    expect(card.find(ProgressBar).props.variant).toBe(variant);
    expect(card.findByTestId(Tag, 'trajectory').text).toBe(trajectoryText);
  });

  it('keeps to the top two drivers per side, the most urgent intervention and no chart', async () => {
    const card = await renderScoredSidebar();
    const drivers = card.findAll(Flex, (node) => String(node.props.testId).startsWith('driver-')).map((node) => node.props.testId);
    expect(drivers).toEqual(['driver-support', 'driver-product_usage', 'driver-payment_contract']);
    expect(card.findAll(Tile).map((t) => t.props.testId)).toEqual(['intervention-iv-1']);
    expect(card.maybeFind(LineChart)).toBeNull();
  });

  it('creates the task from the sidebar', async () => {
    const accepted = intervention({ status: 'accepted', taskId: 'task-9' });
    const card = await renderScoredSidebar({ 'POST /interventions/iv-1/accept': json({ intervention: accepted }) });
    card.findByTestId(LoadingButton, 'accept-iv-1').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Tag, 'intervention-status-iv-1')).not.toBeNull());
    expect(card.findByTestId(Tag, 'intervention-status-iv-1').text).toBe('Task created');
  });

  it('rescores from the sidebar', async () => {
    const requests: RecordedRequest[] = [];
    const card = await renderScoredSidebar({ [`POST /companies/${COMPANY_ID}/rescore`]: json(scoredInsights({ band: 'medium' })) }, requests);
    card.findByTestId(LoadingButton, 'refresh').trigger('onClick');
    await card.waitFor(() => expect(card.findByTestId(Tag, 'risk-band').text).toBe('Medium risk'));
    expect(requests.map((r) => r.route)).toEqual([INSIGHTS, `POST /companies/${COMPANY_ID}/rescore`]);
  });

  it.each(['not_synced', 'not_a_customer', 'pending_first_score'] as const)('explains a %s account in a compact empty state', async (reason) => {
    const card = renderSidebar({ [INSIGHTS]: json(unscoredInsights(reason)) });
    await card.waitFor(() => expect(card.maybeFind(EmptyState)).not.toBeNull());
    expect(card.find(EmptyState).props).toMatchObject({ layout: 'vertical', testId: `unscored-${reason}` });
  });

  it('shows a lock when not authorised', async () => {
    const card = renderSidebar({ [INSIGHTS]: apiError(401, 'unauthorised', 'Signature expired.') });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props.type).toBe('lock');
    expect(textOf(card.find(ErrorState))).toContain('Signature expired.');
  });

  it('offers a retry when the backend is unreachable', async () => {
    const card = renderSidebar({ [INSIGHTS]: new TypeError('NetworkError when attempting to fetch resource.') });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props.testId).toBe('error-unreachable');
    expect(card.findByTestId(Button, 'retry')).toBeDefined();
  });
});
