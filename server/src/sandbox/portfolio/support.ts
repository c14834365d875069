/**
 * Support tickets: volume rises as health falls and spikes after product incidents; so do severity,
 * escalations and resolution times, while CSAT (asked on some closed tickets) drops.
 */
import { DAY_MS } from './calendar.js';
import { clamp, streamFor, type Rng } from './random.js';
import type { Account, Ticket, TicketPriority } from './model.js';
import { SEGMENT_PROFILES } from './segments.js';
import { businessInstant } from './history.js';

const TOPICS: Record<string, readonly string[]> = {
  PRODUCT_ISSUE: ['Dashboard not loading', 'Export fails with timeout', 'Sync errors since this morning', 'Report totals look wrong', 'SSO login loop', 'Automation did not trigger'],
  BILLING_ISSUE: ['Invoice shows wrong seat count', 'Need a copy of last invoice', 'Card declined', 'PO number missing on invoice'],
  FEATURE_REQUEST: ['Can we get a bulk edit?', 'Request: custom fields on reports', 'Need API rate limit raised', 'Dark mode please'],
  GENERAL_INQUIRY: ['How do I add a user?', 'Question about permissions', 'Where is the audit log?', 'Training session for new team'],
};
const CONTENT_OPENERS = ['Hi team,', 'Hello,', 'hey -', 'Hi support,', 'URGENT:', ''];
const CONTENT_CLOSERS = ['Thanks', 'thx', 'Please advise.', 'Can someone call me?', 'This is blocking our team.', ''];

function ticketPriority(health: number, incident: boolean, rng: Rng): TicketPriority {
  const stress = 1 - health + (incident ? 0.4 : 0);
  return rng.weighted([
    ['LOW', 0.45 - 0.2 * stress],
    ['MEDIUM', 0.4],
    ['HIGH', 0.1 + 0.25 * stress],
    ['URGENT', 0.02 + 0.12 * stress],
  ] as const);
}

export function drawTickets(account: Account, seed: number, windowStartDay: number, asOfDay: number): void {
  const rng = streamFor(seed, account.index, 'support');
  const profile = SEGMENT_PROFILES[account.segment];
  const lastMs = (asOfDay + 1) * DAY_MS - 1;
  const endDay = Math.min(asOfDay, account.churnDay ?? asOfDay);
  const seatFactor = Math.pow((account.seats[0] ?? 10) / profile.seats[0], 0.15);
  const users = account.contacts.filter((c) => !c.executive).map((c) => c.key);
  const tickets: Ticket[] = [];
  for (let day = Math.max(account.seriesStartDay, windowStartDay); day <= endDay; day++) {
    const health = account.health[day - account.seriesStartDay] ?? 0.5;
    if (Number.isNaN(health)) continue;
    const incident = account.shocks.some((s) => s.kind === 'product_incident' && day >= s.day && day - s.day < 21);
    const perDay = (profile.ticketsPerYear / 365) * seatFactor * (0.55 + 1.6 * Math.pow(1 - health, 1.5)) * (incident ? 4 : 1);
    if (!rng.chance(perDay)) continue;
    const category = rng.weighted([['PRODUCT_ISSUE', incident ? 0.8 : 0.45], ['BILLING_ISSUE', 0.12], ['FEATURE_REQUEST', 0.2], ['GENERAL_INQUIRY', 0.23]] as const);
    const priority = ticketPriority(health, incident, rng);
    const createdAt = rng.chance(0.8) ? businessInstant(day, account.timeZone, rng) : day * DAY_MS + rng.int(0, DAY_MS - 1);
    if (createdAt > lastMs) continue;
    const hurry = priority === 'URGENT' ? 0.25 : priority === 'HIGH' ? 0.5 : 1;
    const smbQueue = account.segment === 'smb' ? 2 : 1;
    const firstReplyAt = createdAt + Math.round(rng.logNormal(3 * hurry * smbQueue, 0.9) * 3_600_000);
    const resolveHours = rng.logNormal(20 * (1.5 - health) * (priority === 'LOW' ? 1.5 : 1), 1);
    const closedAt = firstReplyAt + Math.round(resolveHours * 3_600_000);
    const escalated = rng.chance(clamp(0.02 + 0.25 * (1 - health) + (priority === 'URGENT' ? 0.3 : 0), 0, 0.8));
    const closed = closedAt <= lastMs;
    const replied = firstReplyAt <= lastMs;
    const csat = closed && rng.chance(0.35) ? clamp(Math.round(4.6 - 2.6 * (1 - health) - (escalated ? 0.8 : 0) + 0.8 * rng.normal()), 1, 5) : null;
    const subject = rng.pick(TOPICS[category] ?? ['Question']);
    tickets.push({
      subject: rng.chance(0.1) ? subject.toUpperCase() : subject,
      content: `${rng.pick(CONTENT_OPENERS)} ${subject.toLowerCase()}. ${rng.pick(CONTENT_CLOSERS)}`.trim(),
      category,
      priority,
      stage: closed ? '4' : !replied ? '1' : rng.chance(0.5) ? '2' : '3',
      escalated,
      csat,
      createdAt,
      firstReplyAt: replied ? firstReplyAt : null,
      closedAt: closed ? closedAt : null,
      updatedAt: Math.min(lastMs, (closed ? closedAt : replied ? firstReplyAt : createdAt) + (csat !== null ? rng.int(1, 72) * 3_600_000 : 0)),
      contactKey: users.length > 0 && rng.chance(0.9) ? rng.pick(users) : null,
      loggedAgainst: account.index,
    });
  }
  account.tickets = tickets;
}
