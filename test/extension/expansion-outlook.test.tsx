import { Alert, Button, EmptyState, ErrorState, Flex, LoadingButton, LoadingSpinner, StatisticsItem, Tag, Text, hubspot } from '@hubspot/ui-extensions';
import { describe, expect, it, vi } from 'vitest';
import { ExpansionCard } from '../../extension/hubspot/src/app/cards/expansion/expansion-card';
import type { ExpansionWindow } from '../../extension/hubspot/src/app/shared/insights-contract';
import { type RecordedRequest, type RouteAnswer, apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { type RecordOptions, renderOnRecord, textOf } from './support/card-renderer';
import { COMPANY_ID, intervention, scoredInsights, unscoredInsights } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const INSIGHTS = `GET /companies/${COMPANY_ID}/insights`;
const UPSELL = `POST /companies/${COMPANY_ID}/upsell-task`;
const DEAL: RecordOptions = { objectId: '555', objectTypeId: '0-3' };
const upsell = intervention({ id: 'iv-up', play: 'upsell', title: 'Propose the seat upgrade', dueDate: '2026-03-28', status: 'accepted', taskId: 'task-5' });

type Associations = Array<{ toObjectId: number; label: string }>;

function renderCard(routes: Record<string, RouteAnswer | RouteAnswer[]>, requests: RecordedRequest[] = []) {
  fetchMock.mockImplementation(serveRoutes(routes, requests));
  return renderOnRecord('crm.record.sidebar', <ExpansionCard />);
}

function associationsResult(associations: Associations, overrides: { isLoading?: boolean; error?: Error | null } = {}) {
  return {
    results: associations.map((a) => ({
      toObjectId: a.toObjectId,
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: a.label === 'Primary' ? 5 : 341, label: a.label }],
      properties: { name: `Company ${a.toObjectId}` },
    })),
    error: overrides.error ?? null,
    isLoading: overrides.isLoading ?? false,
    isRefetching: false,
    refetch: async () => {},
    pagination: { hasNextPage: false, hasPreviousPage: false, currentPage: 1, pageSize: 10, nextPage: () => {}, previousPage: () => {}, reset: () => {} },
  };
}

/** Renders the card on a deal whose associations the test chooses. */
function renderOnDeal(routes: Record<string, RouteAnswer | RouteAnswer[]>, result: ReturnType<typeof associationsResult>, requests: RecordedRequest[] = []) {
  fetchMock.mockImplementation(serveRoutes(routes, requests));
  const card = renderOnRecord('crm.record.sidebar', <></>, DEAL);
  card.mocks.useAssociations.willCall(() => result);
  card.render(<ExpansionCard />);
  return card;
}

async function untilOutlook(card: ReturnType<typeof renderCard>) {
  await card.waitFor(() => expect(card.maybeFindByTestId(StatisticsItem, 'p90d')).not.toBeNull());
}

describe('the expansion outlook card', () => {
  it('shows a spinner while loading', () => {
    const card = renderCard({ [INSIGHTS]: deferred<Response>().promise });
    expect(card.find(LoadingSpinner).props.label).toBe('Loading the expansion outlook');
  });

  it('shows the probabilities, the window, the amount and the signals of a company', async () => {
    const card = renderCard({ [INSIGHTS]: json(scoredInsights()) });
    await untilOutlook(card);
    const number = (id: string) => card.findByTestId(StatisticsItem, id).props.number;
    expect([number('p30d'), number('p90d'), number('p365d')]).toEqual(['8%', '21%', '46%']);
    expect(card.findByTestId(Tag, 'expansion-window').text).toBe('Expansion window: Within 90 days');
    expect(card.findByTestId(Text, 'expected-amount').text).toBe('Potential: $24K ARR within 12 months');
    const signals = card.findAll(Flex, (node) => String(node.props.testId).startsWith('driver-'));
    expect(signals.map((s) => [s.props.testId, s.find(Tag).text, s.find(Tag).props.variant])).toEqual([
      ['driver-feature_adoption', '+6.5 pts', 'success'],
      ['driver-stakeholder_engagement', '\u22122.0 pts', 'error'],
    ]);
  });

  it.each([
    ['30_days', 'Within 30 days'],
    ['12_months', 'Within 12 months'],
    ['unlikely', 'Unlikely'],
  ] as const)('names the %s expansion window', async (window: ExpansionWindow, label) => {
    const insights = scoredInsights();
    const card = renderCard({ [INSIGHTS]: json({ ...insights, expansion: { ...insights.expansion, window } }) });
    await untilOutlook(card);
    expect(card.findByTestId(Tag, 'expansion-window').text).toBe(`Expansion window: ${label}`);
  });

  it("creates the upsell task for the company's owner", async () => {
    const requests: RecordedRequest[] = [];
    const answer = deferred<Response>();
    const card = renderCard({ [INSIGHTS]: json(scoredInsights()), [UPSELL]: answer.promise }, requests);
    await untilOutlook(card);
    card.findByTestId(LoadingButton, 'create-upsell-task').trigger('onClick');
    await card.waitFor(() => expect(card.findByTestId(LoadingButton, 'create-upsell-task').props.loading).toBe(true));
    answer.resolve(json({ intervention: upsell }));
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'upsell-created')).not.toBeNull());
    expect(textOf(card.findByTestId(Alert, 'upsell-created'))).toBe("Propose the seat upgrade, due Mar 28, 2026, for the company's owner.");
    expect(requests.at(-1)).toMatchObject({ route: UPSELL, options: { body: {} } });
    expect(card.maybeFindByTestId(LoadingButton, 'create-upsell-task')).toBeNull();
  });

  it('says why the upsell task was not created', async () => {
    const card = renderCard({ [INSIGHTS]: json(scoredInsights()), [UPSELL]: apiError(409, 'conflict', 'An upsell task is already open.') });
    await untilOutlook(card);
    card.findByTestId(LoadingButton, 'create-upsell-task').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'upsell-error')).not.toBeNull());
    expect(textOf(card.findByTestId(Alert, 'upsell-error'))).toBe('An upsell task is already open.');
    expect(card.findByTestId(LoadingButton, 'create-upsell-task').props.disabled).toBe(false);
  });

  it("shows a deal's primary company and creates the upsell task for the deal", async () => {
    const requests: RecordedRequest[] = [];
    const result = associationsResult([
      { toObjectId: 999, label: 'Reseller' },
      { toObjectId: Number(COMPANY_ID), label: 'Primary' },
    ]);
    const card = renderOnDeal({ [INSIGHTS]: json(scoredInsights()), [UPSELL]: json({ intervention: upsell }) }, result, requests);
    await untilOutlook(card);
    card.findByTestId(LoadingButton, 'create-upsell-task').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'upsell-created')).not.toBeNull());
    expect(textOf(card.findByTestId(Alert, 'upsell-created'))).toContain("for the deal's owner");
    expect(requests.map((r) => [r.route, r.options?.body ?? null])).toEqual([
      [INSIGHTS, null],
      [UPSELL, { dealId: '555' }],
    ]);
  });

  it("waits for the deal's company before loading", () => {
    const card = renderOnDeal({}, associationsResult([], { isLoading: true }));
    expect(card.find(LoadingSpinner).props.label).toBe("Finding the deal's company");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('explains a deal without a company', () => {
    const card = renderOnDeal({}, associationsResult([]));
    expect(card.find(EmptyState).props.testId).toBe('deal-without-company');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("says when the deal's associations cannot be read", () => {
    const card = renderOnDeal({}, associationsResult([], { error: new Error('Missing scope crm.objects.companies.read') }));
    expect(card.find(ErrorState).props.testId).toBe('deal-company-error');
    expect(textOf(card.find(ErrorState))).toContain('Missing scope crm.objects.companies.read');
    expect(card.findByTestId(Button, 'retry')).toBeDefined();
  });

  it.each(['not_synced', 'not_a_customer', 'pending_first_score'] as const)('explains a %s account', async (reason) => {
    const card = renderCard({ [INSIGHTS]: json(unscoredInsights(reason)) });
    await card.waitFor(() => expect(card.maybeFind(EmptyState)).not.toBeNull());
    expect(card.find(EmptyState).props.testId).toBe(`unscored-${reason}`);
  });

  it('shows a lock when not authorised and a retry when unreachable', async () => {
    const locked = renderCard({ [INSIGHTS]: apiError(401, 'unauthorised', 'Unknown portal.') });
    await locked.waitFor(() => expect(locked.maybeFind(ErrorState)).not.toBeNull());
    expect(locked.find(ErrorState).props.type).toBe('lock');

    const unreachable = renderCard({ [INSIGHTS]: [new TypeError('Failed to fetch'), json(scoredInsights())] });
    await unreachable.waitFor(() => expect(unreachable.maybeFind(ErrorState)).not.toBeNull());
    unreachable.findByTestId(Button, 'retry').trigger('onClick');
    await untilOutlook(unreachable);
  });
});
