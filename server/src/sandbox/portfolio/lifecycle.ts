/**
 * One account's life, day by day: latent health and its shocks, the user base and seat use,
 * contract terms with renewals, churn, expansion and contraction, invoices, and the company
 * property history the CRM keeps of all that.
 */
import { addMonths, DAY_MS, monthOf, TIME_ZONES } from './calendar.js';
import { clamp, streamFor } from './random.js';
import type { Account, ArrChange, ChurnCause, Intervention, Owner, Segment, Shock, ShockKind } from './model.js';
import { acvAt, drawSizePosition, SEGMENT_PROFILES, seatsAt } from './segments.js';
import { drawShocks } from './shocks.js';
import { drawHealthLevel, healthTarget, stepHealth } from './health.js';
import { budgetCycleWeight, decideRenewal, invoiceDelay, renewalTerms, scaleArr, upsellProbability, type RenewalContext } from './contracts.js';
import { drawFeatureOrder, engagementFactor, expectedActiveUsers } from './usage.js';
import { emptyHistory, HistoryWriter } from './history.js';
import { drawCompany } from './people.js';
import { daysPastDueHistory, type LateInvoice } from './billing.js';

/** What the rest of generation needs to know about the account's commercial events. */
export interface LifecycleEvents {
  renewals: Array<{ termEnd: number; decisionDay: number; churned: boolean; arr: number; previousArr: number; health: number }>;
  upsells: Array<{ day: number; arr: number; previousArr: number; won: boolean }>;
  lateInvoices: LateInvoice[];
  ownerChanges: Array<{ day: number; ownerId: string }>;
  fiscalStartMonth: number;
}

export interface LifecycleInput {
  seed: number;
  index: number;
  segment: Segment;
  windowStartDay: number;
  asOfDay: number;
  csmPool: readonly Owner[];
  initialOwnerId: string;
  interventions: readonly Intervention[];
}

const ENGAGED_SPONSOR_BREAKERS: ReadonlySet<ShockKind> = new Set<ShockKind>(['champion_left', 'sponsor_left', 'reorganisation']);
const PRE_WINDOW_BURN_IN = 180;
const MAX_TENURE_YEARS = 8;

function noticeDays(segment: Segment, termMonths: number): number {
  if (termMonths < 12) return 0;
  return segment === 'smb' ? 30 : segment === 'mid_market' ? 60 : 90;
}

export function simulateLifecycle(input: LifecycleInput): { account: Account; events: LifecycleEvents } {
  const { seed, index, segment, windowStartDay, asOfDay } = input;
  const profile = SEGMENT_PROFILES[segment];
  const rng = streamFor(seed, index, 'profile');
  const healthRng = streamFor(seed, index, 'health');
  const dealRng = streamFor(seed, index, 'contracts');
  const company = drawCompany(rng, index);
  const zone = rng.pick(TIME_ZONES);
  const windowDays = asOfDay - windowStartDay;

  // Existing customers (tenure up to ~8 years at asOf) and customers won during the window, in the
  // proportions that keep each kind of customer roughly steady: new logos replace churned ones and
  // add growth, so the short-lived monthly plans are mostly recent.
  const termMonths = rng.weighted(profile.terms);
  const replacementPerYear = (termMonths < 12 ? 0.7 : profile.expectedLogoChurn) + 0.12;
  const existing = rng.chance(1 / (1 + (windowDays / 365) * replacementPerYear));
  const customerSinceDay = existing
    ? windowStartDay - 1 - Math.floor(Math.pow(rng.next(), 1.4) * (MAX_TENURE_YEARS * 365 - windowDays))
    : windowStartDay + rng.int(0, windowDays - 14);
  const seriesStartDay = Math.max(customerSinceDay, windowStartDay);
  const simStartDay = existing ? windowStartDay - PRE_WINDOW_BURN_IN : customerSinceDay;
  const seriesLength = asOfDay - seriesStartDay + 1;
  const health = new Float32Array(seriesLength).fill(Number.NaN);
  const expectedActive = new Float32Array(seriesLength);
  const seatsDaily = new Int32Array(seriesLength);

  const level = drawHealthLevel(segment, rng);
  const shocks = drawShocks(streamFor(seed, index, 'shocks'), segment, simStartDay, asOfDay, customerSinceDay);
  const interventions = input.interventions.filter((i) => i.accountIndex === index);
  const fiscalStartMonth = rng.weighted([[0, 0.6], [3, 0.15], [6, 0.15], [9, 0.1]] as const);

  const sizePosition = drawSizePosition(segment, termMonths, rng);
  let seats = seatsAt(segment, sizePosition);
  let arr = acvAt(segment, sizePosition, rng);
  const lastInstant = (asOfDay + 1) * DAY_MS - 1;
  const writer = new HistoryWriter(emptyHistory(), zone, streamFor(seed, index, 'history'), lastInstant);
  const arrChanges: ArrChange[] = [];
  const events: LifecycleEvents = { renewals: [], upsells: [], lateInvoices: [], ownerChanges: [], fiscalStartMonth };

  // Owner at signing, and now and then a hand-over to another CSM of the same team.
  let ownerId = input.initialOwnerId;
  events.ownerChanges.push({ day: customerSinceDay, ownerId });
  const handoverDay = rng.chance(0.18) ? windowStartDay + rng.int(30, windowDays - 1) : null;

  // Contract history before the window: signed smaller, grown to today's size at the last renewal.
  let termEnd = addMonths(customerSinceDay, termMonths);
  if (existing) {
    const initialSeats = Math.max(1, Math.round(seats * rng.uniform(0.7, 1)));
    const initialArr = scaleArr(arr, seats, initialSeats);
    writer.write('arr', customerSinceDay, String(initialArr), false);
    writer.write('licensed_seats', customerSinceDay, String(initialSeats), false);
    writer.write('lifecyclestage', customerSinceDay, 'customer', false);
    writer.write('renewal_date', customerSinceDay, formatRenewal(termEnd), false);
    arrChanges.push({ day: customerSinceDay, arr: initialArr, seats: initialSeats, reason: 'new' });
    let lastRenewal = customerSinceDay;
    while (termEnd < windowStartDay) {
      lastRenewal = termEnd;
      termEnd = addMonths(termEnd, termMonths);
    }
    if (lastRenewal > customerSinceDay) {
      writer.write('renewal_date', lastRenewal, formatRenewal(termEnd));
      writer.write('arr', lastRenewal, String(arr));
      writer.write('licensed_seats', lastRenewal, String(seats));
      arrChanges.push({ day: lastRenewal, arr, seats, reason: 'renewal' });
    } else {
      seats = initialSeats;
      arr = initialArr;
    }
  } else {
    writer.write('arr', customerSinceDay, String(arr), false);
    writer.write('licensed_seats', customerSinceDay, String(seats), false);
    writer.write('lifecyclestage', customerSinceDay, 'customer', false);
    arrChanges.push({ day: customerSinceDay, arr, seats, reason: 'new' });
  }
  writer.write('hubspot_owner_id', customerSinceDay, ownerId, false);
  writer.write('days_past_due', customerSinceDay, '0', false);
  if (!existing) writer.write('renewal_date', customerSinceDay, formatRenewal(termEnd), false);

  let h = clamp(level + 0.08 * healthRng.normal(), 0.05, 0.95);
  let healthAvg = h;
  const adoptionTarget = seats * rng.uniform(0.8, 1.05);
  let demand = existing ? seats * rng.uniform(0.7, 1.05) : seats * rng.uniform(0.45, 0.8);
  let utilisationAvg = expectedActiveUsers(seats, demand, h) / seats;
  let lastSeatChange = customerSinceDay;
  let pending: { decided: true; churn: boolean; cause: ChurnCause | null; newSeats: number; newArr: number; reason: ArrChange['reason'] } | null = null;
  let churnDay: number | null = null;
  let churnCause: ChurnCause | null = null;
  const invoiceEvery = termMonths < 12 ? 1 : Math.round(12 / profile.invoicesPerYear);
  let nextInvoice = existing ? addMonths(termEnd, -termMonths) : customerSinceDay;
  while (nextInvoice < windowStartDay) nextInvoice = addMonths(nextInvoice, invoiceEvery);

  for (let day = simStartDay; day <= asOfDay; day++) {
    const target = healthTarget(level, shocks, day, interventions);
    h = stepHealth(h, target, healthRng);
    healthAvg += (h - healthAvg) / 45;
    const age = day - customerSinceDay;
    if (age < 150) demand += (adoptionTarget - demand) / 50;
    else demand *= Math.exp((profile.demandGrowth * (h - 0.45)) / 0.5 / 365 + 0.004 * healthRng.normal());
    for (const s of shocks) if (s.day === day && s.kind === 'new_team_adopts') demand *= 1 + rng.uniform(0.08, 0.25);
    demand = clamp(demand, 1, seats * 2.5);
    const active = expectedActiveUsers(seats, demand, h);
    utilisationAvg += (active / seats - utilisationAvg) / 30;

    const i = day - seriesStartDay;
    if (i >= 0) {
      health[i] = h;
      expectedActive[i] = active;
      seatsDaily[i] = seats;
    }
    const recentShocks: Shock[] = shocks.filter((s) => s.day <= day && day - s.day <= 365);
    const ctx = (): RenewalContext => ({ segment, termMonths, health: healthAvg, utilisation: utilisationAvg, sizePosition, recentShocks, day });

    // The first in-window term end can be decided during the burn-in (its notice starts before the
    // window); skipping that decision would renew those contracts unconditionally in year 1.
    const decisionDay = termEnd - noticeDays(segment, termMonths);
    if (day === decisionDay && pending === null) {
      const outcome = decideRenewal(ctx(), dealRng);
      if (outcome.churn) {
        pending = { decided: true, churn: true, cause: outcome.cause, newSeats: seats, newArr: arr, reason: 'churn' };
        writer.write('churn_date', day, formatRenewal(termEnd));
      } else {
        const terms = renewalTerms(ctx(), seats, arr, active, dealRng);
        pending = { decided: true, churn: false, cause: null, newSeats: terms.seats, newArr: terms.arr, reason: terms.reason };
      }
      if (termMonths >= 12) {
        events.renewals.push({ termEnd, decisionDay: day, churned: pending.churn, arr: pending.newArr, previousArr: arr, health: healthAvg });
      }
    }
    if (day < windowStartDay) continue;
    if (handoverDay === day) {
      const others = input.csmPool.filter((o) => o.id !== ownerId);
      if (others.length > 0) {
        ownerId = rng.pick(others).id;
        events.ownerChanges.push({ day, ownerId });
        writer.write('hubspot_owner_id', day, ownerId);
      }
    }

    // Invoices: card-paid monthly plans are rarely late; invoiced contracts more often as health falls.
    if (day === nextInvoice) {
      const budgetCut = recentShocks.some((s) => s.kind === 'budget_cut' && day - s.day <= 200);
      const late = invoiceDelay(h, budgetCut, termMonths < 12, dealRng);
      if (late > 0) events.lateInvoices.push({ dueDay: day + 30, paidDay: day + 30 + late });
      nextInvoice = addMonths(nextInvoice, invoiceEvery);
    }

    if (day === termEnd) {
      if (pending?.churn) {
        churnDay = day;
        churnCause = pending.cause;
        arrChanges.push({ day, arr: 0, seats: 0, reason: 'churn' });
        writer.write('lifecyclestage', day, 'other');
        writer.write('arr', day, '0');
        break;
      }
      if (pending && (pending.newArr !== arr || pending.newSeats !== seats)) {
        seats = pending.newSeats;
        arr = pending.newArr;
        lastSeatChange = day;
        arrChanges.push({ day, arr, seats, reason: pending.reason });
        writer.write('arr', day, String(arr));
        writer.write('licensed_seats', day, String(seats));
      }
      pending = null;
      termEnd = addMonths(termEnd, termMonths);
      if (termMonths >= 12) writer.write('renewal_date', day, formatRenewal(termEnd));
      else writer.write('renewal_date', day, formatRenewal(termEnd), false);
      continue;
    }

    // Mid-term expansion: outgrown seats, healthy, sponsor engaged, in a budget window, not just before renewal.
    const sponsorEngaged = !recentShocks.some((s) => ENGAGED_SPONSOR_BREAKERS.has(s.kind) && day - s.day <= 150);
    if (day - lastSeatChange >= 90 && (termMonths < 12 || termEnd - day > 45) && pending === null) {
      const p = upsellProbability(segment, utilisationAvg, healthAvg, sponsorEngaged, budgetCycleWeight(monthOf(day), fiscalStartMonth));
      if (p > 0 && dealRng.chance(p)) {
        const newSeats = Math.ceil(Math.max(seats, demand * engagementFactor(h)) * dealRng.uniform(1.1, 1.35));
        const newArr = Math.round(arr + (scaleArr(arr, seats, newSeats) - arr) * dealRng.uniform(0.85, 1));
        events.upsells.push({ day, arr: newArr, previousArr: arr, won: true });
        seats = newSeats;
        arr = newArr;
        lastSeatChange = day;
        arrChanges.push({ day, arr, seats, reason: 'upsell' });
        writer.write('arr', day, String(arr));
        writer.write('licensed_seats', day, String(seats));
      } else if (utilisationAvg >= 0.88 && healthAvg < 0.55 && dealRng.chance(1 / 400)) {
        events.upsells.push({ day, arr: Math.round(arr * dealRng.uniform(1.1, 1.3)), previousArr: arr, won: false });
        lastSeatChange = day;
      }
    }
  }

  // The renewal being negotiated at asOf, decided after it.
  if (churnDay === null && termMonths >= 12 && pending === null && termEnd - noticeDays(segment, termMonths) > asOfDay) {
    events.renewals.push({ termEnd, decisionDay: termEnd - noticeDays(segment, termMonths), churned: false, arr, previousArr: arr, health: healthAvg });
  }
  for (const change of daysPastDueHistory(events.lateInvoices, churnDay ?? asOfDay)) {
    writer.write('days_past_due', change.day, String(change.value), false);
  }
  writer.history.days_past_due.sort((a, b) => a.at - b.at);

  const account: Account = {
    index,
    companyId: '',
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    employees: employeesFor(segment, seats, rng.next()),
    segment,
    timeZone: zone,
    customerSinceDay,
    termMonths,
    churnDay,
    churnCause,
    healthLevel: level,
    seriesStartDay,
    health,
    expectedActiveUsers: expectedActive,
    seats: seatsDaily,
    shocks,
    arrChanges,
    history: writer.history,
    usageTracking: 'company_id',
    featureOrder: drawFeatureOrder(() => rng.next()),
    advancedPropensity: clamp(rng.uniform(0.2, 1) * (segment === 'smb' ? 0.7 : 1), 0, 1),
    contacts: [],
    deals: [],
    tickets: [],
    engagements: [],
    createdAt: 0,
    updatedAt: 0,
  };
  return { account, events };
}

function formatRenewal(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function employeesFor(segment: Segment, seats: number, u: number): number {
  const factor = segment === 'smb' ? 2 + 6 * u : segment === 'mid_market' ? 3 + 8 * u : 4 + 10 * u;
  return Math.round(seats * factor);
}
