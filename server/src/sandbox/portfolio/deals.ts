/**
 * Deals: the new-business deal that made the customer, a renewal deal per annual or multi-year term
 * (negotiated for months, closed won or lost at the decision), and upsell deals.
 */
import { DAY_MS } from './calendar.js';
import { clamp, streamFor, type Rng } from './random.js';
import type { Account, Deal } from './model.js';
import type { LifecycleEvents } from './lifecycle.js';
import { businessInstant } from './history.js';

/** Open stages of HubSpot's default sales pipeline, in order. */
export const OPEN_DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'] as const;

const LOST_REASONS = [
  'Budget reallocated to another initiative',
  'Chose a competitor',
  'Not enough adoption to justify the cost',
  'Company acquired; consolidating tools',
  'Sponsor left, no new owner',
  'Price',
  'no response from customer',
];

function sponsorKeys(account: Account): number[] {
  return account.contacts.filter((c) => c.executive || c.roles.includes('CHAMPION')).slice(0, 2).map((c) => c.key);
}

export function drawDeals(account: Account, events: LifecycleEvents, aeId: string, seed: number, asOfDay: number): void {
  const rng = streamFor(seed, account.index, 'deals');
  const lastMs = (asOfDay + 1) * DAY_MS - 1;
  const zone = account.timeZone;
  const csmAt = (day: number): string => {
    let owner = events.ownerChanges[0]?.ownerId ?? aeId;
    for (const c of events.ownerChanges) if (c.day <= day) owner = c.ownerId;
    return owner;
  };
  const at = (day: number): number => Math.min(businessInstant(day, zone, rng), lastMs);
  const deals: Deal[] = [];
  const newArr = account.arrChanges[0]?.arr ?? 0;
  const salesCycle = account.segment === 'smb' ? rng.int(7, 45) : account.segment === 'mid_market' ? rng.int(30, 120) : rng.int(90, 270);
  deals.push({
    name: `${account.name} - New business`,
    type: 'newbusiness',
    amount: newArr,
    stage: 'closedwon',
    createdAt: at(account.customerSinceDay - salesCycle),
    closeAt: at(account.customerSinceDay),
    updatedAt: at(account.customerSinceDay + rng.int(0, 10)),
    ownerId: aeId,
    lostReason: null,
    contactKeys: sponsorKeys(account),
  });

  for (const r of events.renewals) {
    const createdDay = r.termEnd - (account.segment === 'enterprise' ? 150 : 110);
    if (createdDay > asOfDay) continue;
    const year = new Date(r.termEnd * DAY_MS).getUTCFullYear();
    const closed = r.decisionDay <= asOfDay;
    deals.push({
      name: `${account.name} - Renewal ${year}`,
      type: 'renewal',
      amount: closed ? (r.churned ? r.previousArr : r.arr) : r.previousArr,
      stage: closed ? (r.churned ? 'closedlost' : 'closedwon') : openStage(createdDay, r.decisionDay, asOfDay, r.health, rng),
      createdAt: at(createdDay),
      closeAt: closed ? at(r.decisionDay) : businessInstant(r.decisionDay, zone, rng),
      updatedAt: at(closed ? r.decisionDay + rng.int(0, 5) : asOfDay - rng.int(0, 20)),
      ownerId: csmAt(r.decisionDay),
      lostReason: closed && r.churned ? rng.pick(LOST_REASONS) : null,
      contactKeys: sponsorKeys(account),
    });
  }
  for (const u of events.upsells) {
    const createdDay = u.day - rng.int(20, 75);
    deals.push({
      name: `${account.name} - Expansion${u.won ? '' : ' (seats)'}`,
      type: 'existingbusiness',
      amount: Math.max(0, u.arr - u.previousArr),
      stage: u.won ? 'closedwon' : 'closedlost',
      createdAt: at(createdDay),
      closeAt: at(u.day),
      updatedAt: at(u.day + rng.int(0, 7)),
      ownerId: rng.chance(0.7) ? aeId : csmAt(u.day),
      lostReason: u.won ? null : 'No budget this quarter',
      contactKeys: sponsorKeys(account),
    });
  }
  for (const d of deals) d.updatedAt = clamp(Math.max(d.updatedAt, d.createdAt), d.createdAt, lastMs);
  account.deals = deals;
}

/** Stage of a renewal still open at asOf: healthy renewals move along, troubled ones stall early. */
function openStage(createdDay: number, decisionDay: number, asOfDay: number, health: number, rng: Rng): string {
  const progress = clamp((asOfDay - createdDay) / Math.max(1, decisionDay - createdDay), 0, 1) * clamp(health + 0.3 + 0.1 * rng.normal(), 0.2, 1);
  return OPEN_DEAL_STAGES[Math.min(OPEN_DEAL_STAGES.length - 1, Math.floor(progress * OPEN_DEAL_STAGES.length))] ?? 'appointmentscheduled';
}
