/**
 * generatePortfolio: the whole synthetic customer base, pure and deterministic for
 * (seed, accounts, asOf, years). Accounts are simulated independently, each from its own streams.
 */
import { addMonths, DAY_MS, parseDay } from './calendar.js';
import { streamFor } from './random.js';
import type { Account, GenerateOptions, Owner, Portfolio, Segment } from './model.js';
import { drawSegment } from './segments.js';
import { buildOwners, ownersOfTeam, SEGMENT_TEAM } from './people.js';
import { simulateLifecycle } from './lifecycle.js';
import { drawContacts } from './contacts.js';
import { drawDeals } from './deals.js';
import { drawTickets } from './support.js';
import { drawEngagements } from './engagement.js';
import { applyAccountImperfections, applyPortfolioImperfections } from './imperfections.js';

/** Thrown for options generatePortfolio cannot honour. */
export class PortfolioOptionsError extends Error {
  override readonly name = 'PortfolioOptionsError';
}

export function generatePortfolio(options: GenerateOptions): Portfolio {
  const { seed, asOf } = options;
  const count = options.accounts ?? 2000;
  const years = options.years ?? 3;
  if (!Number.isInteger(count) || count < 1) throw new PortfolioOptionsError(`accounts must be a positive integer, got ${count}`);
  if (!Number.isInteger(years) || years < 1 || years > 7) throw new PortfolioOptionsError(`years must be an integer from 1 to 7, got ${years}`);
  if (!Number.isFinite(seed)) throw new PortfolioOptionsError(`seed must be a number, got ${seed}`);
  let asOfDay: number;
  try {
    asOfDay = parseDay(asOf);
  } catch (error) {
    throw new PortfolioOptionsError(error instanceof Error ? error.message : String(error));
  }
  const windowStartDay = addMonths(asOfDay, -12 * years);

  const segments: Segment[] = Array.from({ length: count }, (_, i) => drawSegment(streamFor(seed, i, 'segment')));
  const counts: Record<Segment, number> = { smb: 0, mid_market: 0, enterprise: 0 };
  for (const s of segments) counts[s]++;
  const owners = buildOwners(streamFor(seed, -1, 'owners'), counts, (windowStartDay - 8 * 365) * DAY_MS);
  const pools: Record<Segment, Owner[]> = {
    smb: ownersOfTeam(owners, SEGMENT_TEAM.smb),
    mid_market: ownersOfTeam(owners, SEGMENT_TEAM.mid_market),
    enterprise: ownersOfTeam(owners, SEGMENT_TEAM.enterprise),
  };
  const aes = ownersOfTeam(owners, 'Account Executives');
  const rank: Record<Segment, number> = { smb: 0, mid_market: 0, enterprise: 0 };

  const accounts: Account[] = segments.map((segment, index) => {
    const pool = pools[segment];
    const initialOwner = pool[rank[segment]++ % pool.length] as Owner;
    const ae = aes[index % aes.length] as Owner;
    const { account, events } = simulateLifecycle({
      seed, index, segment, windowStartDay, asOfDay, csmPool: pool, initialOwnerId: initialOwner.id,
      interventions: options.interventions ?? [],
    });
    drawContacts(account, seed, asOfDay);
    drawDeals(account, events, ae.id, seed, asOfDay);
    drawTickets(account, seed, windowStartDay, asOfDay);
    drawEngagements(account, events, seed, windowStartDay, asOfDay);
    applyAccountImperfections(account, seed);
    return account;
  });

  assignCompanyIds(accounts, seed);
  const portfolio: Portfolio = { seed, asOf, asOfDay, windowStartDay, years, accounts, owners };
  applyPortfolioImperfections(portfolio);
  return portfolio;
}

/** HubSpot-like company ids, increasing with the date the company was created. */
function assignCompanyIds(accounts: Account[], seed: number): void {
  const rng = streamFor(seed, -1, 'company-ids');
  const order = [...accounts].sort((a, b) => a.customerSinceDay - b.customerSinceDay || a.index - b.index);
  let id = 5_012_345_678;
  for (const account of order) {
    id += rng.int(1, 40);
    account.companyId = String(id);
  }
}
