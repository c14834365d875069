import { BarChart, Button, EmptyState, ErrorState, LoadingSpinner, StatisticsItem, Table, TableRow, Text, hubspot } from '@hubspot/ui-extensions';
import { PrimaryHeaderActionButton } from '@hubspot/ui-extensions/pages/home';
import { describe, expect, it, vi } from 'vitest';
import { PortfolioHome } from '../../extension/hubspot/src/app/pages/portfolio/portfolio-home';
import { type RouteAnswer, apiError, deferred, json, serveRoutes } from './support/backend-routes';
import { renderHomePage, textOf } from './support/card-renderer';
import { portfolio } from './support/insights-fixtures';


const fetchMock = vi.mocked(hubspot.fetch);
const PORTFOLIO = 'GET /portfolio';

function renderHome(answers: RouteAnswer | RouteAnswer[]) {
  fetchMock.mockImplementation(serveRoutes({ [PORTFOLIO]: answers }));
  return renderHomePage(<PortfolioHome />);
}

async function renderReadyHome(answer = json(portfolio())) {
  const page = renderHome(answer);
  await page.waitFor(() => expect(page.maybeFind(LoadingSpinner)).toBeNull());
  return page;
}

describe('the portfolio home page', () => {
  it('shows a spinner while loading', () => {
    const page = renderHome(deferred<Response>().promise);
    expect(page.find(LoadingSpinner).props.label).toBe('Loading the portfolio');
  });

  it('shows ARR at risk and accounts by band', async () => {
    const page = await renderReadyHome();
    const number = (id: string) => page.findByTestId(StatisticsItem, id).props.number;
    expect([number('arr-high'), number('arr-medium'), number('arr-low')]).toEqual(['$3.4M', '$9.2M', '$41M']);
    expect(page.findByTestId(BarChart, 'accounts-by-band').props.data).toEqual([
      { band: 'High risk', arr: 3_400_000, accounts: 110 },
      { band: 'Medium risk', arr: 9_200_000, accounts: 310 },
      { band: 'Low risk', arr: 41_000_000, accounts: 1420 },
    ]);
    expect(page.findByTestId(Text, 'portfolio-scored-at').text).toBe('1840 accounts, scored Mar 14, 2026, 2:00 AM');
  });

  it('shows accounts by trajectory', async () => {
    const page = await renderReadyHome();
    const number = (id: string) => page.findByTestId(StatisticsItem, id).props.number;
    expect([number('trajectory-declining'), number('trajectory-stable'), number('trajectory-improving')]).toEqual(['250', '1,210', '380']);
  });

  it("lists the week's risers with their change, band, ARR and renewal", async () => {
    const page = await renderReadyHome();
    const rows = page.findByTestId(Table, 'rising-risk').findAll(TableRow).slice(1);
    expect(rows.map((row) => textOf(row))).toEqual([
      'Globex 71 +19 High risk $86K May 1, 2026',
      'Initech 44 +12 Medium risk n/a n/a',
    ]);
  });

  it('says so when no account rose this week', async () => {
    const page = await renderReadyHome(json(portfolio({ risingRisk: [] })));
    expect(page.maybeFindByTestId(Table, 'rising-risk')).toBeNull();
    expect(page.findByTestId(Text, 'no-risers')).toBeDefined();
  });

  it('shows the expansion pipeline by window and the intervention counts', async () => {
    const page = await renderReadyHome();
    const item = (id: string) => page.findByTestId(StatisticsItem, id);
    expect([item('pipeline-30_days').props.number, textOf(item('pipeline-30_days'))]).toEqual(['$310K', '25 accounts']);
    expect(item('pipeline-12_months').props.number).toBe('$1.9M');
    expect(['open', 'accepted', 'dismissed', 'holdout'].map((k) => item(`interventions-${k}`).props.number)).toEqual(['57', '120', '33', '18']);
  });

  it('explains an empty portfolio', async () => {
    const page = await renderReadyHome(json(portfolio({ accounts: 0, scoredAt: null })));
    expect(page.find(EmptyState).props.title).toBe('No accounts scored yet');
    expect(textOf(page.find(EmptyState))).toContain('has not synced any customer accounts');
  });

  it('explains synced accounts that are not scored yet', async () => {
    const page = await renderReadyHome(json(portfolio({ accounts: 12, scoredAt: null })));
    expect(textOf(page.find(EmptyState))).toContain('Telltale has synced 12 accounts');
  });

  it('shows a lock when not authorised', async () => {
    const page = renderHome(apiError(401, 'unauthorised', 'Reinstall needed.'));
    await page.waitFor(() => expect(page.maybeFind(ErrorState)).not.toBeNull());
    expect(page.find(ErrorState).props).toMatchObject({ type: 'lock', testId: 'error-unauthorised' });
  });

  it('retries an unreachable backend', async () => {
    const page = renderHome([new TypeError('Failed to fetch'), json(portfolio())]);
    await page.waitFor(() => expect(page.maybeFind(ErrorState)).not.toBeNull());
    page.findByTestId(Button, 'retry').trigger('onClick');
    await page.waitFor(() => expect(page.maybeFindByTestId(Table, 'rising-risk')).not.toBeNull());
  });

  it('loads again from the header action', async () => {
    const page = await renderReadyHome();
    fetchMock.mockImplementation(serveRoutes({ [PORTFOLIO]: json(portfolio({ interventions: { open: 1, accepted: 2, dismissed: 3, holdout: 4 } })) }));
    page.find(PrimaryHeaderActionButton).trigger('onClick');
    await page.waitFor(() => expect(page.findByTestId(StatisticsItem, 'interventions-open').props.number).toBe('1'));
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
