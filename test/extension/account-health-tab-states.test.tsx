import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  LineChart,
  LoadingSpinner,
  ProgressBar,
  StatisticsItem,
  StatisticsTrend,
  Tag,
  Text,
  Tile,
  hubspot,
} from '@hubspot/ui-extensions';
import { describe, expect, it, vi } from 'vitest';
import { AccountHealthTab } from '../../extension/hubspot/src/app/cards/account-health/account-health-tab';
import { apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { renderOnRecord, textOf } from './support/card-renderer';
import { COMPANY_ID, scoredInsights, unscoredInsights } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const INSIGHTS = `GET /companies/${COMPANY_ID}/insights`;

async function renderScored(insights = scoredInsights()) {
  fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: json(insights) }));
  const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
  await card.waitFor(() => expect(card.maybeFind(ProgressBar)).not.toBeNull());
  return card;
}

describe('the account health tab', () => {
  it('shows a spinner until the insights arrive', async () => {
    const answer = deferred<Response>();
    fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: answer.promise }));
    const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
    expect(card.find(LoadingSpinner).props.label).toBe('Loading account health');
    answer.resolve(json(scoredInsights()));
    await card.waitFor(() => expect(card.maybeFind(LoadingSpinner)).toBeNull());
  });

  it.each([
    ['low', 'success', 'Low risk', 12],
    ['medium', 'warning', 'Medium risk', 41],
    ['high', 'danger', 'High risk', 78],
  ] as const)('shows a %s risk as a score bar coloured by its band', async (band, variant, label, score) => {
    const card = await renderScored(scoredInsights({ band }));
    expect(card.find(ProgressBar).props).toMatchObject({ value: score, maxValue: 100, variant });
    expect(card.findByTestId(Tag, 'risk-band').text).toBe(label);
  });

  it.each([
    ['improving', 'success', 'Improving'],
    ['stable', 'default', 'Stable'],
    ['declining', 'error', 'Declining'],
  ] as const)('shows the %s trajectory with its confidence', async (trajectory, variant, label) => {
    const card = await renderScored(scoredInsights({ trajectory }));
    const tag = card.findByTestId(Tag, 'trajectory');
    expect([tag.text, tag.props.variant]).toEqual([`${label} health, 72% confidence`, variant]);
  });

  it('shows a rise over 30 days as a red upward trend', async () => {
    const card = await renderScored();
    expect(card.find(StatisticsTrend).props).toMatchObject({ value: '+9 pts in 30 days', direction: 'increase', color: 'red' });
  });

  it('says so when there was no score 30 days ago', async () => {
    const insights = scoredInsights();
    const card = await renderScored({ ...insights, churn: { ...insights.churn, change30d: null } });
    expect(card.maybeFind(StatisticsTrend)).toBeNull();
    expect(textOf(card.findByTestId(StatisticsItem, 'risk-change'))).toContain('No score 30 days ago');
  });

  it('draws the health history and the forecast with its interval', async () => {
    const card = await renderScored();
    const rows = card.find(LineChart).props.data as Array<{ series: string; score: number }>;
    const bySeries = (series: string) => rows.filter((r) => r.series === series).map((r) => r.score);
    expect(bySeries('Health score')).toEqual([61, 58, 55]);
    expect(bySeries('Forecast')).toEqual([55, 50, 44, 41]);
    expect(bySeries('Forecast, low (10th percentile)')).toEqual([55, 38, 30, 25]);
    expect(bySeries('Forecast, high (90th percentile)')).toEqual([55, 60, 57, 55]);
    expect(card.findByTestId(Text, 'forecast-summary').text).toBe('Expected on Jun 1, 2026: 41, between 25 and 55 (80% interval).');
  });

  it('lists what raises the risk and what protects it, in points', async () => {
    const card = await renderScored();
    const pointsOf = (group: string) => card.findByTestId(Flex, `driver-${group}`).find(Tag);
    expect([pointsOf('support').text, pointsOf('support').props.variant]).toEqual(['+31 pts', 'error']);
    expect([pointsOf('product_usage').text, pointsOf('stakeholder_engagement').text]).toEqual(['+12 pts', '+0.2 pts']);
    expect([pointsOf('payment_contract').text, pointsOf('payment_contract').props.variant]).toEqual(['\u22124.6 pts', 'success']);
    expect(textOf(card.findByTestId(Flex, 'driver-support'))).toContain('Escalations (90 days): 6');
  });

  it('ranks the what-if deltas by how much they would lower the risk', async () => {
    const card = await renderScored();
    const whatIf = card.findAll(Flex, (node) => String(node.props.testId).startsWith('what-if-'));
    expect(whatIf.map((row) => [row.props.testId, row.find(Tag).text])).toEqual([
      ['what-if-support', '\u221218 pts'],
      ['what-if-product_usage', '\u22129.0 pts'],
    ]);
  });

  it('lists the interventions soonest first with their window, due date and why', async () => {
    const card = await renderScored();
    const tiles = card.findAll(Tile);
    expect(tiles.map((t) => t.props.testId)).toEqual(['intervention-iv-1', 'intervention-iv-2']);
    const first = card.findByTestId(Tile, 'intervention-iv-1');
    expect(first.find(Tag, { testId: 'intervention-window-iv-1' }).text).toBe('Timely window');
    expect(textOf(first)).toContain('Due Mar 20, 2026 · CSM · high priority');
    expect(textOf(first)).toContain('Support: 6 escalations in 90 days, +18 pts');
  });

  it('names the models and when the account was scored, in the portal time zone', async () => {
    const card = await renderScored();
    expect(card.findByTestId(Text, 'scored-at').text).toBe('Scored Mar 14, 2026, 2:05 PM');
    expect(card.findByTestId(Text, 'model-versions').text).toBe('Models: churn churn-2026.03.1, expansion expansion-2026.03.1, health health-2026.03.1');
  });

  it('warns when inputs were imputed and explains the holdout', async () => {
    const insights = scoredInsights();
    const card = await renderScored({ ...insights, holdout: true, churn: { ...insights.churn, lowConfidence: true } });
    expect(card.findByTestId(Alert, 'low-confidence').props.variant).toBe('warning');
    expect(textOf(card.findByTestId(Alert, 'holdout'))).toContain('gets no automatic tasks');
    expect(card.findByTestId(Alert, 'next-best-action').text).toBe('Review the open escalations with the customer (timely window)');
  });

  it.each(['not_synced', 'not_a_customer', 'pending_first_score'] as const)('explains why an account is not scored (%s)', async (reason) => {
    fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: json(unscoredInsights(reason)) }));
    const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
    await card.waitFor(() => expect(card.maybeFind(EmptyState)).not.toBeNull());
    expect(card.find(EmptyState).props.testId).toBe(`unscored-${reason}`);
    expect(textOf(card.find(EmptyState))).toBe(unscoredInsights(reason).message);
  });

  it('shows a lock without a retry when Telltale refuses the portal', async () => {
    fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: apiError(401, 'unauthorised', 'This portal has not installed Telltale.') }));
    const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props).toMatchObject({ type: 'lock', title: 'Telltale is not authorised for this account' });
    expect(textOf(card.find(ErrorState))).toContain('This portal has not installed Telltale.');
    expect(card.maybeFind(Button, { testId: 'retry' })).toBeNull();
  });

  it('explains an unreachable backend and loads again on retry', async () => {
    fetchMock.mockImplementation(serveRoutes({ [INSIGHTS]: [new TypeError('Failed to fetch'), json(scoredInsights())] }));
    const card = renderOnRecord('crm.record.tab', <AccountHealthTab />);
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props.title).toBe("Telltale's service can't be reached");
    card.findByTestId(Button, 'retry').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFind(ProgressBar)).not.toBeNull());
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('calls nothing and says what is missing when the build has no backend URL', async () => {
    const card = renderOnRecord('crm.record.tab', <AccountHealthTab />, { variables: {} });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props.testId).toBe('error-not_configured');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
